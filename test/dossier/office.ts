/**
 * A small hand-worked office (赤城县人民检察院, 2025) for the quarter bulletin, the dossier and the evaluation.
 *
 * Nine cases of three prosecutors, each with every fact dated. The office lives through 2025 as a real one does:
 * at the end of every month the national system's export as it stood that day (facts up to that day only) is
 * written as CSV files and imported, and the daily audit runs as of that day; between audits the case manager
 * issues notices, records replies, confirms rectifications, records reviews and a referral, and exports October's
 * referral package. test/dossier/hand-worked.test.ts holds the figures worked by hand from these facts.
 *
 * Planned findings (and nothing else — the test checks the audit found exactly these):
 *   K03 DL-PROS 超期办结 (严重), first seen 07-31; notice N1 08-04 (报检察长, reply due 08-14, replied 08-12);
 *       the user confirms it rectified on 08-12.
 *   K06 RT-SUSPECT 告知超期 (较重), first seen 08-31; notice N3 09-02 (due 09-12, replied 09-10); rectified 09-15.
 *   K04 DQ-CAUSE (轻微), first seen 09-30; notice N2 10-09 (due 10-19, replied late 11-02); 逾期未整改 at the 10-31
 *       audit; referred with October's package (2025-11-03); the 11-30 export adds the 案由: rectified 11-30.
 *   K08 CM-BAIL (严重) and DQ-STALE (较重), first seen 11-30, open at the year's end.
 *   REF-INSPECTION (较重) on K02 (李明), received 11-05, open.
 */
import path from 'node:path';
import fs from 'node:fs';
import type { AppContext } from '../../core/context';
import { runImport } from '../../core/import';
import { runAudit } from '../../core/jobs/audit';
import { issueNotice, recordReply } from '../../core/notices';
import { changeFindingStatus } from '../../core/findings';
import { addReview, addReferral } from '../../core/referrals';
import { exportReferralPackage } from '../../core/referrals';
import { updateSettings } from '../../core/settings';
import {
  CASE_HEADER,
  DOC_HEADER,
  EVENT_HEADER,
  PERSON_HEADER,
  STAFF_HEADER,
  writeCsv,
  type Rows,
} from '../fixtures/import/build';

interface Measure {
  measure: '刑事拘留' | '逮捕' | '取保候审' | '无';
  from: string;
}
interface PersonFacts {
  name: string;
  birth: string;
  measures: Measure[];
  plea?: { signedOn: string };
  decision?: { value: string; on: string; reason?: string };
  sentencing?: '确定刑' | '幅度刑';
  judged?: { on: string; adopted: boolean; appealed: boolean };
}
interface CaseFacts {
  no: string;
  title: string;
  category: '审查逮捕' | '审查起诉';
  /** 案由; with `causeFrom`, empty in exports before that day */
  cause: string;
  causeFrom?: string;
  department: string;
  prosecutor: string;
  receivedOn: string;
  concluded?: { on: string; how: string };
  persons: PersonFacts[];
  events: { kind: string; on: string; person?: string }[];
  docs: { name: string; number: string; on: string; person?: string }[];
}

export const caseNo = (n: string) => `赤检刑诉受[2025]1307320000${n}号`;
const 一部 = '第一检察部';
const 二部 = '第二检察部';

export const CASES: CaseFacts[] = [
  {
    no: caseNo('01'),
    title: '张一盗窃案',
    category: '审查逮捕',
    cause: '盗窃罪',
    department: 一部,
    prosecutor: '李明',
    receivedOn: '2025-08-01',
    concluded: { on: '2025-08-05', how: '批准逮捕' },
    persons: [
      {
        name: '张一',
        birth: '1990-03-01',
        measures: [
          { measure: '刑事拘留', from: '2025-07-28' },
          { measure: '逮捕', from: '2025-08-05' },
        ],
        decision: { value: '批准逮捕', on: '2025-08-05' },
      },
    ],
    events: [],
    docs: [{ name: '批准逮捕决定书', number: '赤检一部捕〔2025〕8号', on: '2025-08-05', person: '1' }],
  },
  {
    no: caseNo('02'),
    title: '张一盗窃案',
    category: '审查起诉',
    cause: '盗窃罪',
    department: 一部,
    prosecutor: '李明',
    receivedOn: '2025-08-06',
    concluded: { on: '2025-08-28', how: '提起公诉' },
    persons: [
      {
        name: '张一',
        birth: '1990-03-01',
        measures: [{ measure: '逮捕', from: '2025-08-05' }],
        plea: { signedOn: '2025-08-25' },
        decision: { value: '起诉', on: '2025-08-28' },
        sentencing: '确定刑',
        judged: { on: '2025-10-20', adopted: true, appealed: false },
      },
    ],
    events: [{ kind: '告知犯罪嫌疑人诉讼权利', on: '2025-08-07', person: '1' }],
    docs: [
      { name: '认罪认罚具结书', number: '赤检一部认〔2025〕5号', on: '2025-08-25', person: '1' },
      { name: '起诉书', number: '赤检一部刑诉〔2025〕21号', on: '2025-08-28', person: '1' },
    ],
  },
  {
    no: caseNo('03'),
    title: '李二诈骗案',
    category: '审查起诉',
    cause: '诈骗罪',
    department: 一部,
    prosecutor: '李明',
    receivedOn: '2025-06-02',
    concluded: { on: '2025-07-15', how: '提起公诉' },
    persons: [
      {
        name: '李二',
        birth: '1985-06-10',
        measures: [{ measure: '取保候审', from: '2025-05-20' }],
        decision: { value: '起诉', on: '2025-07-15' },
        sentencing: '幅度刑',
        judged: { on: '2025-09-10', adopted: false, appealed: true },
      },
    ],
    events: [{ kind: '告知犯罪嫌疑人诉讼权利', on: '2025-06-03', person: '1' }],
    docs: [{ name: '起诉书', number: '赤检一部刑诉〔2025〕15号', on: '2025-07-15', person: '1' }],
  },
  {
    no: caseNo('04'),
    title: '刘三危险驾驶案',
    category: '审查起诉',
    cause: '危险驾驶罪',
    causeFrom: '2025-11-30',
    department: 一部,
    prosecutor: '李明',
    receivedOn: '2025-09-10',
    concluded: { on: '2025-11-10', how: '提起公诉' },
    persons: [
      {
        name: '刘三',
        birth: '1979-01-20',
        measures: [{ measure: '取保候审', from: '2025-09-01' }],
        plea: { signedOn: '2025-11-05' },
        decision: { value: '起诉', on: '2025-11-10' },
        sentencing: '幅度刑',
      },
    ],
    events: [
      { kind: '告知犯罪嫌疑人诉讼权利', on: '2025-09-11', person: '1' },
      { kind: '退回补充侦查', on: '2025-09-25' },
      { kind: '补充侦查重新移送', on: '2025-10-20' },
    ],
    docs: [
      { name: '退回补充侦查决定书', number: '赤检一部退〔2025〕3号', on: '2025-09-25' },
      { name: '认罪认罚具结书', number: '赤检一部认〔2025〕9号', on: '2025-11-05', person: '1' },
      { name: '起诉书', number: '赤检一部刑诉〔2025〕30号', on: '2025-11-10', person: '1' },
    ],
  },
  {
    no: caseNo('05'),
    title: '王四危险驾驶案',
    category: '审查起诉',
    cause: '危险驾驶罪',
    department: 一部,
    prosecutor: '赵静',
    receivedOn: '2025-07-07',
    concluded: { on: '2025-07-25', how: '不起诉' },
    persons: [
      {
        name: '王四',
        birth: '1992-12-01',
        measures: [{ measure: '取保候审', from: '2025-07-01' }],
        plea: { signedOn: '2025-07-20' },
        decision: { value: '不起诉', on: '2025-07-25', reason: '相对不起诉' },
      },
    ],
    events: [{ kind: '告知犯罪嫌疑人诉讼权利', on: '2025-07-08', person: '1' }],
    docs: [
      { name: '认罪认罚具结书', number: '赤检一部认〔2025〕4号', on: '2025-07-20', person: '1' },
      { name: '不起诉决定书', number: '赤检一部不诉〔2025〕2号', on: '2025-07-25', person: '1' },
    ],
  },
  {
    no: caseNo('06'),
    title: '陈五盗窃案',
    category: '审查起诉',
    cause: '盗窃罪',
    department: 一部,
    prosecutor: '赵静',
    receivedOn: '2025-08-01',
    concluded: { on: '2025-09-12', how: '提起公诉' },
    persons: [
      {
        name: '陈五',
        birth: '1988-04-04',
        measures: [{ measure: '取保候审', from: '2025-07-30' }],
        decision: { value: '起诉', on: '2025-09-12' },
        sentencing: '确定刑',
        judged: { on: '2025-11-20', adopted: true, appealed: false },
      },
    ],
    events: [
      { kind: '告知犯罪嫌疑人诉讼权利', on: '2025-08-08', person: '1' },
      { kind: '延长审查起诉期限', on: '2025-08-28' },
    ],
    docs: [
      { name: '延长审查起诉期限审批表', number: '赤检一部延〔2025〕1号', on: '2025-08-28' },
      { name: '起诉书', number: '赤检一部刑诉〔2025〕24号', on: '2025-09-12', person: '1' },
    ],
  },
  {
    no: caseNo('07'),
    title: '周六故意伤害案',
    category: '审查逮捕',
    cause: '故意伤害罪',
    department: 二部,
    prosecutor: '王强',
    receivedOn: '2025-09-22',
    concluded: { on: '2025-09-30', how: '不批准逮捕' },
    persons: [
      {
        name: '周六',
        birth: '1995-05-05',
        measures: [],
        decision: { value: '不批准逮捕', on: '2025-09-30', reason: '无社会危险性' },
      },
    ],
    events: [],
    docs: [{ name: '不批准逮捕决定书', number: '赤检二部不捕〔2025〕1号', on: '2025-09-30', person: '1' }],
  },
  {
    no: caseNo('08'),
    title: '吴七故意伤害案',
    category: '审查起诉',
    cause: '故意伤害罪',
    department: 二部,
    prosecutor: '王强',
    receivedOn: '2024-11-15',
    persons: [{ name: '吴七', birth: '1970-07-07', measures: [{ measure: '取保候审', from: '2024-11-10' }] }],
    events: [
      { kind: '告知犯罪嫌疑人诉讼权利', on: '2024-11-16', person: '1' },
      { kind: '中止审查', on: '2024-12-01' },
    ],
    docs: [],
  },
  {
    no: caseNo('09'),
    title: '郑八盗窃案',
    category: '审查起诉',
    cause: '盗窃罪',
    department: 一部,
    prosecutor: '赵静',
    receivedOn: '2025-12-20',
    persons: [{ name: '郑八', birth: '1991-09-09', measures: [{ measure: '取保候审', from: '2025-12-18' }] }],
    events: [{ kind: '告知犯罪嫌疑人诉讼权利', on: '2025-12-22', person: '1' }],
    docs: [],
  },
];

export const STAFF = [
  ['李明', 一部, '员额检察官', '是'],
  ['赵静', 一部, '员额检察官', '是'],
  ['王强', 二部, '员额检察官', '是'],
  ['孙丽', 二部, '员额检察官', '是'],
  ['孙助理', 一部, '检察官助理', '是'],
];

const on = (d: string | undefined, D: string) => d != null && d <= D;

/** The national system's export as it stood on D: cases received by D with the facts dated by D. */
export function exportAsOf(D: string): Record<string, Rows> {
  const cases = CASES.filter((c) => c.receivedOn <= D);
  return {
    案件: [
      CASE_HEADER,
      ...cases.map((c) => {
        const done = c.concluded && on(c.concluded.on, D);
        return [
          c.no,
          c.title,
          c.category,
          c.causeFrom && c.causeFrom > D ? '' : c.cause,
          c.department,
          c.prosecutor,
          '赤城县公安局',
          c.receivedOn,
          '否',
          '否',
          '普通程序',
          done ? '办结' : '在办',
          done ? c.concluded!.on : '',
          done ? c.concluded!.how : '',
          '',
        ];
      }),
    ],
    嫌疑人: [
      PERSON_HEADER,
      ...cases.flatMap((c) =>
        c.persons.map((p, i) => {
          const m = [...p.measures].reverse().find((x) => x.from <= D);
          const held = m?.measure === '刑事拘留' || m?.measure === '逮捕';
          const decided = p.decision && on(p.decision.on, D);
          const judged = p.judged && on(p.judged.on, D);
          const signed = p.plea && on(p.plea.signedOn, D);
          return [
            c.no,
            String(i + 1),
            p.name,
            '男',
            p.birth,
            held ? '在押' : '未羁押',
            m?.measure ?? '无',
            m?.from ?? '',
            '是',
            signed ? '是' : '否',
            signed ? p.plea!.signedOn : '',
            decided ? p.decision!.value : '',
            decided ? p.decision!.on : '',
            decided ? (p.decision!.reason ?? '') : '',
            decided && p.sentencing ? p.sentencing : '',
            judged ? (p.judged!.adopted ? '是' : '否') : '',
            judged ? p.judged!.on : '',
            judged ? (p.judged!.appealed ? '是' : '否') : '',
          ];
        }),
      ),
    ],
    流程节点: [
      EVENT_HEADER,
      ...cases.flatMap((c) => c.events.filter((e) => e.on <= D).map((e) => [c.no, e.kind, e.on, e.person ?? '', ''])),
    ],
    文书: [
      DOC_HEADER,
      ...cases.flatMap((c) =>
        c.docs.filter((d) => d.on <= D).map((d) => [c.no, d.name, d.number, d.on, d.person ?? '']),
      ),
    ],
    人员: [STAFF_HEADER, ...STAFF],
  };
}

const MONTH_ENDS = [
  '2025-01-31',
  '2025-02-28',
  '2025-03-31',
  '2025-04-30',
  '2025-05-31',
  '2025-06-30',
  '2025-07-31',
  '2025-08-31',
  '2025-09-30',
  '2025-10-31',
  '2025-11-30',
  '2025-12-31',
];

/** The id of the finding of a rule on a case. */
export function findingId(ctx: AppContext, rule: string, n: string): number {
  const r = ctx.db.prepare('SELECT id FROM findings WHERE rule_id = ? AND case_no = ?').get(rule, caseNo(n)) as
    { id: number } | undefined;
  if (!r) throw new Error(`没有 ${rule} ${n} 的问题`);
  return r.id;
}

/** The case manager's actions, each on its date; they run before the month-end audit of their month. */
function actionsOf(ctx: AppContext, dir: string): { on: string; run: () => void | Promise<unknown> }[] {
  const printless = { ...ctx, printPdf: () => Promise.reject(new Error('测试中不打印')) };
  return [
    {
      on: '2025-08-04',
      run: () => void issueNotice(ctx, { findingIds: [findingId(ctx, 'DL-PROS', '03')], issuedOn: '2025-08-04' }),
    },
    {
      on: '2025-08-12',
      run: () => void recordReply(ctx, noticeOf(ctx, '03'), { on: '2025-08-12', text: '已书面说明超期原因并整改' }),
    },
    {
      on: '2025-08-12',
      run: () =>
        void changeFindingStatus(ctx, findingId(ctx, 'DL-PROS', '03'), { action: 'rectify', onDate: '2025-08-12' }),
    },
    {
      on: '2025-08-30',
      run: () =>
        void addReview(ctx, {
          caseNo: caseNo('05'),
          reviewedOn: '2025-08-30',
          reviewer: '评查员',
          kind: '常规抽查',
          grade: '合格',
        }),
    },
    {
      on: '2025-09-02',
      run: () => void issueNotice(ctx, { findingIds: [findingId(ctx, 'RT-SUSPECT', '06')], issuedOn: '2025-09-02' }),
    },
    {
      on: '2025-09-10',
      run: () => void recordReply(ctx, noticeOf(ctx, '06'), { on: '2025-09-10', text: '已补正告知' }),
    },
    {
      on: '2025-09-15',
      run: () =>
        void changeFindingStatus(ctx, findingId(ctx, 'RT-SUSPECT', '06'), { action: 'rectify', onDate: '2025-09-15' }),
    },
    {
      on: '2025-09-20',
      run: () =>
        void addReview(ctx, {
          caseNo: caseNo('02'),
          reviewedOn: '2025-09-20',
          reviewer: '评查员',
          kind: '重点评查',
          grade: '优质',
        }),
    },
    {
      on: '2025-10-09',
      run: () => void issueNotice(ctx, { findingIds: [findingId(ctx, 'DQ-CAUSE', '04')], issuedOn: '2025-10-09' }),
    },
    {
      on: '2025-10-15',
      run: () =>
        void addReview(ctx, {
          caseNo: caseNo('03'),
          reviewedOn: '2025-10-15',
          reviewer: '评查员',
          kind: '专项评查',
          grade: '基本合格',
          problems: '审查起诉超期办结',
        }),
    },
    {
      on: '2025-11-02',
      run: () => void recordReply(ctx, noticeOf(ctx, '04'), { on: '2025-11-02', text: '已补录案由' }),
    },
    {
      on: '2025-11-03',
      run: () =>
        exportReferralPackage(printless, {
          month: '2025-10',
          outDir: path.join(dir, 'referrals'),
          producedAt: '2025-11-03T09:00:00+08:00',
        }),
    },
    {
      on: '2025-11-05',
      run: () =>
        void addReferral(ctx, {
          receivedOn: '2025-11-05',
          docNumber: '赤检督〔2025〕3号',
          department: 一部,
          prosecutor: '李明',
          caseNo: caseNo('02'),
          category: '办案作风',
          description: '讯问笔录记录不规范',
        }),
    },
  ];
}

function noticeOf(ctx: AppContext, n: string): number {
  return (ctx.db.prepare('SELECT id FROM notices WHERE case_no = ? ORDER BY id DESC').get(caseNo(n)) as { id: number })
    .id;
}

/** Lives through 2025: month-end export → import → audit, with the case manager's actions between. */
export async function liveThrough2025(ctx: AppContext, dir: string): Promise<void> {
  updateSettings(ctx.db, { officeName: '赤城县人民检察院', officeShortName: '赤' });
  const actions = actionsOf(ctx, dir);
  let prev = '2024-12-31';
  for (const D of MONTH_ENDS) {
    for (const a of actions.filter((x) => x.on > prev && x.on <= D)) await a.run();
    const folder = path.join(dir, `export-${D}`);
    fs.mkdirSync(folder, { recursive: true });
    const files = Object.entries(exportAsOf(D)).map(([sheet, rows]) =>
      writeCsv(path.join(folder, `${sheet}.csv`), rows),
    );
    const r = await runImport(ctx, files, { takenOn: D });
    if (!r.ok) throw new Error(`${D} 导入失败：${JSON.stringify(r.errors.slice(0, 3))}`);
    runAudit(ctx, { asOf: D });
    prev = D;
  }
}
