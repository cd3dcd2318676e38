/**
 * Hand-worked cases whose facts cross a month end (2026-09-30), each written twice: as the export of 2026-10-12
 * has it, and as the export of 2026-09-30 had it. Added to a generated office they make the as-of view matter:
 * the later export audited as of 09-30 must give what the 09-30 export gives, and without the view it does not.
 *
 *   H1 审查逮捕, detected person, received 09-18: decided 批准逮捕 only on 10-03. On 09-30: undecided and overdue
 *      (DL-ARREST 超期未结, due 09-25); later: 超期办结.
 *   H2 审查起诉 decided 起诉 on 09-22, 起诉书 signed only on 10-05. On 09-30: DOC-INDICT (due 09-25).
 *   H3 审查起诉 received 10-02, no 案由: does not exist on 09-30.
 *   H4 审查起诉 on bail received 08-28: due 09-28, overdue on 09-30 (DL-PROS 超期未结); the 退回补充侦查 of 10-08
 *      stops the clock only from that day.
 *   H5 审查起诉 decided 起诉 on 09-15 with 认罪认罚, sentencing adopted at a judgment of 10-09: on 09-30 no judgment,
 *      and no 量刑建议采纳 either (else DQ-SENTENCING would fire).
 */
import type { CaseBundle } from '../../tools/generator';
import type { CaseRecord, DocumentRecord, EventRecord, PersonRecord } from '../../core/domain';

export interface HandCase {
  later: CaseBundle;
  /** As exported on 09-30; null when the case did not exist yet. */
  stood: CaseBundle | null;
}

let n = 0;
export function handOffice(who: { prosecutor: string; department: string }): HandCase[] {
  const kase = (caseNo: string, c: Partial<CaseRecord>): CaseRecord => ({
    caseNo,
    title: `手工案件${++n}号盗窃案`,
    category: '审查起诉',
    cause: '盗窃罪',
    department: who.department,
    prosecutor: who.prosecutor,
    agency: '测试县公安局',
    receivedOn: '2026-09-01',
    complex: false,
    hasVictim: false,
    procedure: null,
    status: '在办',
    concludedOn: null,
    conclusion: null,
    note: null,
    ...c,
  });
  const person = (caseNo: string, p: Partial<PersonRecord>): PersonRecord => ({
    caseNo,
    personNo: '1',
    name: '甲乙丙',
    gender: '男',
    birthDate: '1990-01-01',
    custody: '未羁押',
    measure: '取保候审',
    measureFrom: '2026-08-25',
    hasCounsel: true,
    plea: false,
    pleaSignedOn: null,
    decision: null,
    decidedOn: null,
    decisionReason: null,
    sentencing: '无',
    sentencingAdopted: null,
    judgedOn: null,
    appealed: false,
    ...p,
  });
  const ev = (caseNo: string, kind: EventRecord['kind'], on: string): EventRecord => ({
    caseNo,
    kind,
    on,
    personNo: null,
    note: null,
  });
  const doc = (caseNo: string, name: string, issuedOn: string, no: number): DocumentRecord => ({
    caseNo,
    name,
    number: `测检刑诉〔${issuedOn.slice(0, 4)}〕${9000 + no}号`,
    issuedOn,
    personNo: '1',
  });
  const bundle = (c: CaseRecord, persons: PersonRecord[], events: EventRecord[], documents: DocumentRecord[]) => ({
    case: c,
    persons,
    events,
    documents,
    planted: [],
  });
  const out: HandCase[] = [];

  const h1 = '测检刑捕受[2026]990001号';
  const h1p = { custody: '在押', measure: '刑事拘留', measureFrom: '2026-09-16' } as const;
  out.push({
    later: bundle(
      kase(h1, {
        category: '审查逮捕',
        receivedOn: '2026-09-18',
        status: '办结',
        concludedOn: '2026-10-03',
        conclusion: '批准逮捕',
      }),
      [
        person(h1, {
          custody: '在押',
          measure: '逮捕',
          measureFrom: '2026-10-03',
          decision: '批准逮捕',
          decidedOn: '2026-10-03',
        }),
      ],
      [],
      [doc(h1, '批准逮捕决定书', '2026-10-03', 1)],
    ),
    stood: bundle(kase(h1, { category: '审查逮捕', receivedOn: '2026-09-18' }), [person(h1, h1p)], [], []),
  });

  const h2 = '测检刑诉受[2026]990002号';
  const h2p = {
    custody: '在押',
    measure: '逮捕',
    measureFrom: '2026-08-28',
    decision: '起诉',
    decidedOn: '2026-09-22',
  } as const;
  const h2c = kase(h2, { status: '办结', concludedOn: '2026-09-22', conclusion: '提起公诉' });
  out.push({
    later: bundle(
      h2c,
      [person(h2, h2p)],
      [ev(h2, '告知犯罪嫌疑人诉讼权利', '2026-09-01')],
      [doc(h2, '起诉书', '2026-10-05', 2)],
    ),
    stood: bundle(h2c, [person(h2, h2p)], [ev(h2, '告知犯罪嫌疑人诉讼权利', '2026-09-01')], []),
  });

  const h3 = '测检刑诉受[2026]990003号';
  out.push({
    later: bundle(kase(h3, { receivedOn: '2026-10-02', cause: null }), [person(h3, {})], [], []),
    stood: null,
  });

  const h4 = '测检刑诉受[2026]990004号';
  const notified4 = ev(h4, '告知犯罪嫌疑人诉讼权利', '2026-08-28');
  const h4c = kase(h4, { receivedOn: '2026-08-28' });
  out.push({
    later: bundle(
      h4c,
      [person(h4, {})],
      [notified4, ev(h4, '退回补充侦查', '2026-10-08')],
      [doc(h4, '退回补充侦查决定书', '2026-10-08', 4)],
    ),
    stood: bundle(h4c, [person(h4, {})], [notified4], []),
  });

  const h5 = '测检刑诉受[2026]990005号';
  const h5c = kase(h5, { status: '办结', concludedOn: '2026-09-15', conclusion: '提起公诉' });
  const h5p = {
    plea: true,
    pleaSignedOn: '2026-09-10',
    decision: '起诉',
    decidedOn: '2026-09-15',
    sentencing: '确定刑',
  } as const;
  const h5docs = [doc(h5, '起诉书', '2026-09-15', 5), doc(h5, '认罪认罚具结书', '2026-09-10', 6)];
  const notified5 = [ev(h5, '告知犯罪嫌疑人诉讼权利', '2026-09-01')];
  out.push({
    later: bundle(h5c, [person(h5, { ...h5p, judgedOn: '2026-10-09', sentencingAdopted: true })], notified5, h5docs),
    stood: bundle(h5c, [person(h5, h5p)], notified5, h5docs),
  });
  return out;
}
