import { describe, expect, it } from 'vitest';
import { tmpStore } from '../helpers/tmp';
import { addCase, evaluate, type CaseInput } from './builder';

function one(c: CaseInput, asOf: string, ruleId: string) {
  const { db } = tmpStore();
  addCase(db, c);
  return evaluate(db, asOf, ruleId);
}

describe('CM-BAIL / CM-RSL (never roll)', () => {
  const bail: CaseInput = { receivedOn: '2024-12-01', persons: [{ measure: '取保候审', measureFrom: '2024-02-29' }] };
  it('取保 from 2024-02-29: 12 months → 2025-02-28', () => {
    expect(one(bail, '2025-02-28', 'CM-BAIL')).toMatchObject({
      findings: [],
      warnings: [{ dueOn: '2025-02-28', daysLeft: 0 }],
    });
    expect(one(bail, '2025-02-13', 'CM-BAIL').warnings).toMatchObject([{ daysLeft: 15 }]);
    expect(one(bail, '2025-02-12', 'CM-BAIL').warnings).toEqual([]);
    expect(one(bail, '2025-03-01', 'CM-BAIL').findings).toMatchObject([
      { personNo: '1', kind: '取保候审超期', dueOn: '2025-02-28', daysLeft: -1 },
    ]);
  });
  it('only while the case is 在办', () => {
    expect(
      one(
        {
          ...bail,
          status: '办结',
          concludedOn: '2025-01-10',
          conclusion: '提起公诉',
          persons: [{ measure: '取保候审', measureFrom: '2024-02-29', decision: '起诉', decidedOn: '2025-01-10' }],
        },
        '2025-03-01',
        'CM-BAIL',
      ).findings,
    ).toEqual([]);
  });
  it('监视居住 6 months, ending in 国庆 without roll', () => {
    const rsl: CaseInput = {
      receivedOn: '2025-09-01',
      persons: [{ measure: '指定居所监视居住', measureFrom: '2025-04-05' }],
    };
    expect(one(rsl, '2025-10-05', 'CM-RSL').findings).toEqual([]);
    expect(one(rsl, '2025-10-06', 'CM-RSL').findings).toMatchObject([{ dueOn: '2025-10-05', daysLeft: -1 }]);
    expect(one(rsl, '2025-10-06', 'CM-BAIL').findings).toEqual([]);
  });
});

describe('CM-CONSISTENT', () => {
  it.each([
    ['在押', '取保候审', '2025-01-01', ['羁押状态']],
    ['未羁押', '逮捕', '2025-01-01', ['羁押状态']],
    ['在押', '逮捕', '2025-01-01', []],
    ['未羁押', '取保候审', null, ['起始日期']],
    ['在押', '监视居住', null, ['羁押状态', '起始日期']],
    ['未羁押', '无', null, []],
  ])('%s + %s (from %s)', (custody, measure, from, keys) => {
    const r = one(
      { receivedOn: '2025-02-01', persons: [{ custody, measure, measureFrom: from }] },
      '2025-03-01',
      'CM-CONSISTENT',
    );
    expect(r.findings.map((f) => f.subjectKey)).toEqual(keys);
  });
});

describe('RT-SUSPECT / RT-VICTIM / RT-AID', () => {
  const c = (events: CaseInput['events'], extra: Partial<CaseInput> = {}): CaseInput => ({
    receivedOn: '2025-09-28',
    events,
    ...extra,
  });
  it('due 受理 + 3 rolled (2025-10-01 → 10-09): in time, late, missing', () => {
    expect(one(c([{ kind: '告知犯罪嫌疑人诉讼权利', on: '2025-10-09' }]), '2025-11-01', 'RT-SUSPECT').findings).toEqual(
      [],
    );
    expect(
      one(c([{ kind: '告知犯罪嫌疑人诉讼权利', on: '2025-10-10' }]), '2025-11-01', 'RT-SUSPECT').findings,
    ).toMatchObject([{ kind: '告知超期', dueOn: '2025-10-09', daysLeft: -1 }]);
    expect(one(c([]), '2025-10-09', 'RT-SUSPECT').findings).toEqual([]);
    expect(one(c([]), '2025-10-10', 'RT-SUSPECT').findings).toMatchObject([{ kind: '未告知', personNo: '1' }]);
  });
  it('an event without 嫌疑人编号 covers all persons; one for person 1 does not cover person 2', () => {
    const persons = [{ personNo: '1' }, { personNo: '2', name: '李四' }];
    expect(
      one(c([{ kind: '告知犯罪嫌疑人诉讼权利', on: '2025-09-29' }], { persons }), '2025-11-01', 'RT-SUSPECT').findings,
    ).toEqual([]);
    const r = one(
      c([{ kind: '告知犯罪嫌疑人诉讼权利', on: '2025-09-29', personNo: '1' }], { persons }),
      '2025-11-01',
      'RT-SUSPECT',
    );
    expect(r.findings.map((f) => [f.personNo, f.kind])).toEqual([['2', '未告知']]);
    expect(r.findings[0].message).toContain('李某');
  });
  it('only 审查起诉 cases', () => {
    expect(one(c([], { category: '审查逮捕' }), '2025-11-01', 'RT-SUSPECT').findings).toEqual([]);
  });
  it('RT-VICTIM only with 有被害人', () => {
    expect(one(c([], { hasVictim: true }), '2025-11-01', 'RT-VICTIM').findings).toMatchObject([
      { kind: '未告知', personNo: null },
    ]);
    expect(
      one(c([{ kind: '告知被害人诉讼权利', on: '2025-10-12' }], { hasVictim: true }), '2025-11-01', 'RT-VICTIM')
        .findings,
    ).toMatchObject([{ kind: '告知超期' }]);
    expect(one(c([], { hasVictim: false }), '2025-11-01', 'RT-VICTIM').findings).toEqual([]);
  });
  it('RT-AID: under 18 on 受理日期 by birth date and without counsel', () => {
    const minor = (birthDate: string, hasCounsel = false, events: CaseInput['events'] = []) =>
      one(
        { category: '审查逮捕', receivedOn: '2026-09-28', persons: [{ birthDate, hasCounsel }], events },
        '2026-11-01',
        'RT-AID',
      ).findings;
    expect(minor('2008-09-29')).toMatchObject([{ kind: '未告知', dueOn: '2026-10-08' }]); // 09-28 + 3 = 10-01 (国庆) → 10-08
    expect(minor('2008-09-28')).toEqual([]); // 18 on the day of receipt
    expect(minor('2008-09-29', true)).toEqual([]);
    expect(minor('2008-09-29', false, [{ kind: '通知法律援助', on: '2026-09-30', personNo: '1' }])).toEqual([]);
    expect(minor('2008-09-29', false, [{ kind: '通知法律援助', on: '2026-10-09', personNo: '1' }])).toMatchObject([
      { kind: '告知超期' },
    ]);
  });
});

describe('DOC-* documents', () => {
  const arrest = (
    docs: CaseInput['documents'],
    persons: CaseInput['persons'] = [{ decision: '批准逮捕', decidedOn: '2025-03-10' }],
  ): CaseInput => ({
    category: '审查逮捕',
    receivedOn: '2025-03-05',
    status: '办结',
    concludedOn: '2025-03-10',
    conclusion: '批准逮捕',
    persons,
    documents: docs,
  });
  it('DOC-ARREST: missing only once D is more than 3 days after the decision', () => {
    expect(one(arrest([]), '2025-03-13', 'DOC-ARREST').findings).toEqual([]);
    expect(one(arrest([]), '2025-03-14', 'DOC-ARREST').findings).toMatchObject([
      { personNo: '1', subjectKey: '批准逮捕决定书', kind: '缺少文书' },
    ]);
    expect(
      one(arrest([{ name: '批准逮捕决定书', issuedOn: '2025-03-10' }]), '2025-04-01', 'DOC-ARREST').findings,
    ).toEqual([]);
    expect(
      one(arrest([{ name: '批准逮捕决定书', issuedOn: '2025-03-10', personNo: '1' }]), '2025-04-01', 'DOC-ARREST')
        .findings,
    ).toEqual([]);
    expect(
      one(arrest([{ name: '批准逮捕决定书', issuedOn: '2025-03-10', personNo: '2' }]), '2025-04-01', 'DOC-ARREST')
        .findings,
    ).toHaveLength(1);
    expect(
      one(
        arrest(
          [{ name: '批准逮捕决定书', issuedOn: '2025-03-10' }],
          [{ decision: '不批准逮捕', decidedOn: '2025-03-10' }],
        ),
        '2025-04-01',
        'DOC-ARREST',
      ).findings,
    ).toMatchObject([{ subjectKey: '不批准逮捕决定书' }]);
  });
  const pros = (p: NonNullable<CaseInput['persons']>[number], docs: CaseInput['documents'] = []): CaseInput => ({
    receivedOn: '2025-03-05',
    status: '办结',
    concludedOn: '2025-04-01',
    conclusion: p.decision === '起诉' ? '提起公诉' : '不起诉',
    persons: [p],
    documents: docs,
  });
  it('DOC-INDICT and DOC-PLEA', () => {
    expect(one(pros({ decision: '起诉', decidedOn: '2025-04-01' }), '2025-04-10', 'DOC-INDICT').findings).toMatchObject(
      [{ subjectKey: '起诉书' }],
    );
    expect(
      one(
        pros({ decision: '不起诉', decidedOn: '2025-04-01' }, [{ name: '不起诉决定书', issuedOn: '2025-04-01' }]),
        '2025-04-10',
        'DOC-INDICT',
      ).findings,
    ).toEqual([]);
    expect(
      one(pros({ decision: '起诉', decidedOn: '2025-04-01', plea: true }), '2025-04-10', 'DOC-PLEA').findings,
    ).toMatchObject([{ subjectKey: '认罪认罚具结书' }]);
    expect(
      one(pros({ decision: '起诉', decidedOn: '2025-04-01', plea: false }), '2025-04-10', 'DOC-PLEA').findings,
    ).toEqual([]);
  });
  it('DOC-SUPP: a 决定书 dated within 3 days of each 退回', () => {
    const c = (docs: CaseInput['documents']): CaseInput => ({
      receivedOn: '2025-03-01',
      events: [{ kind: '退回补充侦查', on: '2025-03-10' }],
      documents: docs,
    });
    expect(one(c([{ name: '退回补充侦查决定书', issuedOn: '2025-03-12' }]), '2025-04-01', 'DOC-SUPP').findings).toEqual(
      [],
    );
    expect(
      one(c([{ name: '退回补充侦查决定书', issuedOn: '2025-03-20' }]), '2025-04-01', 'DOC-SUPP').findings,
    ).toMatchObject([{ subjectKey: '退回补充侦查@2025-03-10' }]);
    expect(one(c([]), '2025-03-13', 'DOC-SUPP').findings).toEqual([]);
    expect(one(c([]), '2025-03-14', 'DOC-SUPP').findings).toHaveLength(1);
  });
  it('DOC-EXTEND', () => {
    const c = (docs: CaseInput['documents']): CaseInput => ({
      receivedOn: '2025-03-01',
      events: [{ kind: '延长审查起诉期限', on: '2025-03-25' }],
      documents: docs,
    });
    expect(one(c([]), '2025-03-29', 'DOC-EXTEND').findings).toMatchObject([{ kind: '缺少文书' }]);
    expect(
      one(c([{ name: '延长审查起诉期限审批表', issuedOn: '2025-03-25' }]), '2025-03-29', 'DOC-EXTEND').findings,
    ).toEqual([]);
  });
  it('DOC-DATE: before 受理, or a 文号 year that differs (〔〕 or [])', () => {
    const c = (docs: CaseInput['documents']): CaseInput => ({ receivedOn: '2025-03-01', documents: docs });
    expect(
      one(
        c([
          { name: '起诉书', number: '测检〔2025〕1号', issuedOn: '2025-03-10' },
          { name: '量刑建议书', number: '测检[2025]2号', issuedOn: '2025-03-10' },
        ]),
        '2025-04-01',
        'DOC-DATE',
      ).findings,
    ).toEqual([]);
    expect(
      one(c([{ name: '起诉书', number: '测检〔2024〕1号', issuedOn: '2025-03-10' }]), '2025-04-01', 'DOC-DATE')
        .findings,
    ).toMatchObject([{ subjectKey: '起诉书:测检〔2024〕1号' }]);
    expect(
      one(c([{ name: '起诉书', number: '测检[2026]1号', issuedOn: '2025-03-10' }]), '2025-04-01', 'DOC-DATE').findings,
    ).toHaveLength(1);
    expect(
      one(c([{ name: '起诉书', number: '测检〔2025〕1号', issuedOn: '2025-02-10' }]), '2025-04-01', 'DOC-DATE')
        .findings[0].message,
    ).toContain('早于受理日期');
  });
  it('DOC-DATE: a document dated after the data date of its export is an error at any D; one dated after D but not after its data date is simply not there yet', () => {
    const doc = [{ name: '起诉书', number: '测检〔2025〕1号', issuedOn: '2025-04-10' }];
    // Exported on 2025-04-05: a document signed 04-10 cannot be in it.
    const bad: CaseInput = { receivedOn: '2025-03-01', documents: doc, takenOn: '2025-04-05' };
    for (const d of ['2025-04-01', '2025-04-06', '2025-04-20']) {
      const f = one(bad, d, 'DOC-DATE').findings;
      expect(f).toMatchObject([{ subjectKey: '起诉书:测检〔2025〕1号' }]);
      expect(f[0].message).toContain('晚于数据日期 2025-04-05');
    }
    // Exported on 2025-04-15: the document exists from 04-10; before that the audit does not see it at all.
    const good: CaseInput = { ...bad, takenOn: '2025-04-15' };
    for (const d of ['2025-04-01', '2025-04-10', '2025-04-20']) expect(one(good, d, 'DOC-DATE').findings).toEqual([]);
  });
});

describe('DQ-* data quality', () => {
  it('DQ-CAUSE', () => {
    expect(one({ receivedOn: '2025-03-01', cause: null }, '2025-04-01', 'DQ-CAUSE').findings).toHaveLength(1);
    expect(
      one({ receivedOn: '2025-03-01', cause: null, category: '刑事申诉' }, '2025-04-01', 'DQ-CAUSE').findings,
    ).toEqual([]);
    expect(one({ receivedOn: '2025-03-01' }, '2025-04-01', 'DQ-CAUSE').findings).toEqual([]);
  });
  it('DQ-DECISION', () => {
    const c: CaseInput = {
      receivedOn: '2025-03-01',
      status: '办结',
      concludedOn: '2025-03-20',
      conclusion: '提起公诉',
      persons: [{ decision: '起诉', decidedOn: '2025-03-20' }, { personNo: '2' }],
    };
    expect(one(c, '2025-04-01', 'DQ-DECISION').findings.map((f) => f.personNo)).toEqual(['2']);
    expect(one({ ...c, status: '在办' }, '2025-04-01', 'DQ-DECISION').findings).toEqual([]);
  });
  it.each([
    ['批准逮捕', ['批准逮捕', '批准逮捕'], false],
    ['批准逮捕', ['批准逮捕', '不批准逮捕'], true],
    ['部分批准逮捕', ['批准逮捕', '不批准逮捕'], false],
    ['部分批准逮捕', ['批准逮捕', '批准逮捕'], true],
    ['不批准逮捕', ['不批准逮捕', null], true],
    ['提起公诉', ['起诉', '起诉'], false],
    ['不起诉', ['起诉', '不起诉'], true],
    ['部分起诉', ['起诉', '不起诉'], false],
    ['部分起诉', ['不起诉', '不起诉'], true],
    ['移送其他机关', ['起诉', null], false],
  ])('DQ-CONCLUSION %s with %j → %s', (conclusion, ds, fires) => {
    const category = conclusion.includes('逮捕') ? '审查逮捕' : '审查起诉';
    const r = one(
      {
        category,
        receivedOn: '2025-03-01',
        status: '办结',
        concludedOn: '2025-03-20',
        conclusion,
        persons: ds.map((d, i) => ({ personNo: String(i + 1), decision: d, decidedOn: d ? '2025-03-20' : null })),
      },
      '2025-04-01',
      'DQ-CONCLUSION',
    );
    expect(r.findings.length).toBe(fires ? 1 : 0);
  });
  it('DQ-DATES: decision dates and event dates; "later" means later than the data date of the export, at any D', () => {
    const c: CaseInput = {
      receivedOn: '2025-03-01',
      status: '办结',
      concludedOn: '2025-03-20',
      conclusion: '提起公诉',
      persons: [{ decision: '起诉', decidedOn: '2025-03-25' }],
      events: [
        { kind: '告知犯罪嫌疑人诉讼权利', on: '2025-02-27' },
        { kind: '归档', on: '2025-05-01' },
        { kind: '提起公诉', on: '2025-03-20' },
      ],
      takenOn: '2025-04-02', // exported on 04-02: an event of 05-01 is a data error
    };
    for (const d of ['2025-04-01', '2025-05-10']) {
      const r = one(c, d, 'DQ-DATES');
      expect(r.findings.map((f) => f.subjectKey)).toEqual([
        '结论日期',
        '告知犯罪嫌疑人诉讼权利@2025-02-27',
        '归档@2025-05-01',
      ]);
      expect(r.findings[0].message).toContain('晚于办结日期');
      expect(r.findings[2].message).toContain('晚于数据日期 2025-04-02');
    }
    // Exported on 05-02: 归档 on 05-01 is a fact; as of 04-01 it has not happened, and nothing is wrong with it.
    for (const d of ['2025-04-01', '2025-05-10'])
      expect(one({ ...c, takenOn: '2025-05-02' }, d, 'DQ-DATES').findings.map((f) => f.subjectKey)).toEqual([
        '结论日期',
        '告知犯罪嫌疑人诉讼权利@2025-02-27',
      ]);
    // A 结论日期 beyond the data date, on a case open on D (the cut removed the decision): still reported.
    const open: CaseInput = {
      receivedOn: '2025-03-01',
      persons: [{ decision: '起诉', decidedOn: '2025-04-20' }],
      takenOn: '2025-04-10',
    };
    const r = one(open, '2025-04-05', 'DQ-DATES');
    expect(r.findings).toMatchObject([{ subjectKey: '结论日期', personNo: '1' }]);
    expect(r.findings[0].message).toContain('结论日期 2025-04-20 晚于数据日期 2025-04-10');
    expect(one({ ...open, takenOn: '2025-04-20' }, '2025-04-05', 'DQ-DATES').findings).toEqual([]);
  });
  it('DQ-PLEA', () => {
    expect(
      one(
        { receivedOn: '2025-03-01', persons: [{ plea: true, decision: '起诉', decidedOn: '2025-03-20' }] },
        '2025-04-01',
        'DQ-PLEA',
      ).findings,
    ).toMatchObject([{ kind: '缺具结书签署日期' }]);
    expect(
      one({ receivedOn: '2025-03-01', persons: [{ plea: false, pleaSignedOn: '2025-03-10' }] }, '2025-04-01', 'DQ-PLEA')
        .findings,
    ).toMatchObject([{ kind: '认罪认罚信息矛盾' }]);
    expect(
      one(
        {
          receivedOn: '2025-03-01',
          persons: [{ plea: true, pleaSignedOn: '2025-03-10', decision: '起诉', decidedOn: '2025-03-20' }],
        },
        '2025-04-01',
        'DQ-PLEA',
      ).findings,
    ).toEqual([]);
  });
  it('DQ-SENTENCING', () => {
    expect(
      one(
        {
          receivedOn: '2025-03-01',
          persons: [{ plea: true, decision: '起诉', decidedOn: '2025-03-20', sentencing: '无' }],
        },
        '2025-04-01',
        'DQ-SENTENCING',
      ).findings,
    ).toHaveLength(1);
    expect(
      one(
        {
          receivedOn: '2025-03-01',
          persons: [{ plea: true, decision: '起诉', decidedOn: '2025-03-20', sentencing: '确定刑' }],
        },
        '2025-04-01',
        'DQ-SENTENCING',
      ).findings,
    ).toEqual([]);
    expect(
      one(
        { receivedOn: '2025-03-01', persons: [{ sentencing: '幅度刑', sentencingAdopted: true }] },
        '2025-04-01',
        'DQ-SENTENCING',
      ).findings[0].message,
    ).toContain('无判决日期');
    expect(
      one(
        {
          receivedOn: '2025-03-01',
          persons: [{ sentencing: '幅度刑', sentencingAdopted: true, judgedOn: '2025-03-30' }],
        },
        '2025-04-01',
        'DQ-SENTENCING',
      ).findings,
    ).toEqual([]);
  });
  it('DQ-PROCEDURE', () => {
    expect(
      one(
        { receivedOn: '2025-03-01', procedure: '速裁程序', persons: [{ plea: true }, { personNo: '2', plea: false }] },
        '2025-03-05',
        'DQ-PROCEDURE',
      ).findings.map((f) => f.personNo),
    ).toEqual(['2']);
    expect(
      one({ receivedOn: '2025-03-01', procedure: '普通程序', persons: [{ plea: false }] }, '2025-03-05', 'DQ-PROCEDURE')
        .findings,
    ).toEqual([]);
  });
  it('DQ-SEQUENCE', () => {
    const r = one(
      {
        receivedOn: '2025-03-01',
        events: [
          { kind: '补充侦查重新移送', on: '2025-03-10' },
          { kind: '退回补充侦查', on: '2025-03-12' },
          { kind: '补充侦查重新移送', on: '2025-03-20' },
          { kind: '恢复审查', on: '2025-03-22' },
        ],
      },
      '2025-04-01',
      'DQ-SEQUENCE',
    );
    expect(r.findings.map((f) => f.subjectKey)).toEqual(['补充侦查重新移送@2025-03-10', '恢复审查@2025-03-22']);
  });
  it('DQ-STALE: more than 365 days 在办', () => {
    expect(one({ receivedOn: '2024-03-01' }, '2025-03-01', 'DQ-STALE').findings).toEqual([]); // 365 days
    expect(one({ receivedOn: '2024-03-01' }, '2025-03-02', 'DQ-STALE').findings).toMatchObject([{ kind: '长期未结' }]);
    expect(
      one(
        { receivedOn: '2024-03-01', status: '办结', concludedOn: '2025-01-01', conclusion: '提起公诉' },
        '2025-06-01',
        'DQ-STALE',
      ).findings,
    ).toEqual([]);
  });
});
