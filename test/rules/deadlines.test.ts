import { describe, expect, it } from 'vitest';
import { tmpStore } from '../helpers/tmp';
import { addCase, evaluate, notified, type CaseInput } from './builder';

function one(c: CaseInput, asOf: string, ruleId: string) {
  const { db } = tmpStore();
  addCase(db, c);
  return evaluate(db, asOf, ruleId);
}

describe('DL-ARREST', () => {
  const detained: CaseInput = {
    category: '审查逮捕',
    receivedOn: '2025-01-24',
    persons: [{ custody: '在押', measure: '刑事拘留', measureFrom: '2025-01-20' }],
  };
  it('in custody: 7 days, no roll (2025-01-31 is in 春节); warning on the last day, finding the day after', () => {
    const onDue = one(detained, '2025-01-31', 'DL-ARREST');
    expect(onDue.findings).toEqual([]);
    expect(onDue.warnings).toMatchObject([{ personNo: '1', dueOn: '2025-01-31', daysLeft: 0 }]);
    const late = one(detained, '2025-02-01', 'DL-ARREST');
    expect(late.warnings).toEqual([]);
    expect(late.findings).toMatchObject([{ personNo: '1', kind: '超期未结', dueOn: '2025-01-31', daysLeft: -1 }]);
    expect(late.findings[0].message).toBe('张某某 审查逮捕期限 2025-01-31 届满，已超期 1 日未作出决定');
  });
  const free: CaseInput = {
    category: '审查逮捕',
    receivedOn: '2025-09-20',
    persons: [{ custody: '未羁押', measure: '取保候审', measureFrom: '2025-09-01' }],
  };
  it('not detained: 15 days rolled past 国庆 to 2025-10-09', () => {
    expect(one(free, '2025-10-09', 'DL-ARREST').findings).toEqual([]);
    expect(one(free, '2025-10-10', 'DL-ARREST').findings).toMatchObject([
      { dueOn: '2025-10-09', daysLeft: -1, kind: '超期未结' },
    ]);
  });
  it('warning window 2 days: 3 days left gives nothing, 2 days left a warning', () => {
    expect(one(free, '2025-10-06', 'DL-ARREST').warnings).toEqual([]);
    expect(one(free, '2025-10-07', 'DL-ARREST').warnings).toMatchObject([{ daysLeft: 2, dueOn: '2025-10-09' }]);
  });
  it('a declared working Saturday is not rolled (2025-09-26 + 15 = 2025-10-11)', () => {
    expect(one({ ...free, receivedOn: '2025-09-26' }, '2025-10-12', 'DL-ARREST').findings).toMatchObject([
      { dueOn: '2025-10-11', daysLeft: -1 },
    ]);
  });
  it('重大复杂: 20 days', () => {
    expect(one({ ...free, complex: true }, '2025-10-10', 'DL-ARREST').findings).toEqual([]);
    expect(one({ ...free, complex: true }, '2025-10-11', 'DL-ARREST').findings).toMatchObject([
      { dueOn: '2025-10-10' },
    ]);
  });
  it('decided after the deadline: 超期办结; decided on the last day: nothing', () => {
    const late = one(
      { ...free, persons: [{ decision: '批准逮捕', decidedOn: '2025-10-10' }] },
      '2025-11-01',
      'DL-ARREST',
    );
    expect(late.findings).toMatchObject([{ kind: '超期办结', dueOn: '2025-10-09', daysLeft: -1 }]);
    expect(
      one({ ...free, persons: [{ decision: '批准逮捕', decidedOn: '2025-10-09' }] }, '2025-11-01', 'DL-ARREST')
        .findings,
    ).toEqual([]);
  });
  it('a concluded case without a person decision is judged by its 办结日期', () => {
    const r = one(
      { ...free, status: '办结', concludedOn: '2025-10-12', conclusion: '批准逮捕' },
      '2025-11-01',
      'DL-ARREST',
    );
    expect(r.findings).toMatchObject([{ kind: '超期办结', daysLeft: -3 }]);
  });
  it('a person 在押 counts as detained whatever the start of the current measure (rules.md: 在押 → 7 days, no roll)', () => {
    const arrestedLate = {
      ...free,
      persons: [
        { custody: '在押', measure: '逮捕', measureFrom: '2025-10-08', decision: '批准逮捕', decidedOn: '2025-10-08' },
      ],
    };
    expect(one(arrestedLate, '2025-11-01', 'DL-ARREST').findings).toMatchObject([
      { kind: '超期办结', dueOn: '2025-09-27' },
    ]);
    const inTime = {
      ...free,
      persons: [
        { custody: '在押', measure: '逮捕', measureFrom: '2025-09-25', decision: '批准逮捕', decidedOn: '2025-09-25' },
      ],
    };
    expect(one(inTime, '2025-11-01', 'DL-ARREST').findings).toEqual([]);
  });
  it('one finding per person, custody per person', () => {
    const r = one(
      {
        category: '审查逮捕',
        receivedOn: '2025-01-24',
        persons: [
          { custody: '在押', name: '李四' },
          { custody: '未羁押', name: '王五' },
        ],
      },
      '2025-02-01',
      'DL-ARREST',
    );
    expect(r.findings.map((f) => [f.personNo, f.dueOn])).toEqual([['1', '2025-01-31']]);
    expect(r.findings[0].message).toMatch(/^李某 /);
  });
});

describe('DL-PROS', () => {
  const base: CaseInput = { receivedOn: '2025-12-31', events: notified('2025-12-31') };
  it('one month, rolled on bail (2026-01-31 Saturday → 2026-02-02); not rolled in custody', () => {
    expect(one(base, '2026-02-02', 'DL-PROS')).toMatchObject({
      findings: [],
      warnings: [{ dueOn: '2026-02-02', daysLeft: 0 }],
    });
    expect(one(base, '2026-02-03', 'DL-PROS').findings).toMatchObject([
      { kind: '超期未结', dueOn: '2026-02-02', personNo: null },
    ]);
    const custody = {
      ...base,
      persons: [{ custody: '未羁押' }, { personNo: '2', custody: '在押', measure: '逮捕', measureFrom: '2025-12-01' }],
    };
    expect(one(custody, '2026-02-01', 'DL-PROS').findings).toMatchObject([{ dueOn: '2026-01-31', daysLeft: -1 }]);
  });
  it('warning window 5', () => {
    expect(one(base, '2026-01-27', 'DL-PROS').warnings).toEqual([]);
    expect(one(base, '2026-01-28', 'DL-PROS').warnings).toMatchObject([{ daysLeft: 5 }]);
  });
  it('no deadline while 退回补充侦查 is pending; after 重新移送 it restarts from the re-transfer', () => {
    const pending = { receivedOn: '2025-03-03', events: [{ kind: '退回补充侦查', on: '2025-03-10' }] };
    expect(one(pending, '2025-06-01', 'DL-PROS').findings).toEqual([]);
    const resent = {
      receivedOn: '2025-03-03',
      events: [
        { kind: '退回补充侦查', on: '2025-03-10' },
        { kind: '补充侦查重新移送', on: '2025-04-01' },
      ],
    };
    // 2025-04-01 + 1 month = 2025-05-01 (劳动节 05-01..05) → 2025-05-06
    expect(one(resent, '2025-05-06', 'DL-PROS').findings).toEqual([]);
    expect(one(resent, '2025-05-07', 'DL-PROS').findings).toMatchObject([{ dueOn: '2025-05-06' }]);
  });
  it('延长 after S adds 15 days; one before S does not', () => {
    const ext = { receivedOn: '2025-03-03', events: [{ kind: '延长审查起诉期限', on: '2025-03-28' }] };
    expect(one(ext, '2025-04-19', 'DL-PROS').findings).toMatchObject([{ dueOn: '2025-04-18' }]);
    const before = {
      receivedOn: '2025-03-03',
      events: [
        { kind: '延长审查起诉期限', on: '2025-03-05' },
        { kind: '改变管辖', on: '2025-03-10' },
      ],
    };
    // S = 改变管辖 2025-03-10 → 2025-04-10 (Thursday), the earlier extension does not count
    expect(one(before, '2025-04-11', 'DL-PROS').findings).toMatchObject([{ dueOn: '2025-04-10' }]);
  });
  it('中止…恢复 after S moves the due date by the suspended days; a pending 中止 stops the clock', () => {
    const susp = {
      receivedOn: '2025-03-03',
      events: [
        { kind: '中止审查', on: '2025-03-10' },
        { kind: '恢复审查', on: '2025-03-20' },
      ],
    };
    // 04-03 + 10 = 04-13 (Sunday) → 04-14
    expect(one(susp, '2025-04-15', 'DL-PROS').findings).toMatchObject([{ dueOn: '2025-04-14' }]);
    expect(one(susp, '2025-04-14', 'DL-PROS').findings).toEqual([]);
    const open = { receivedOn: '2025-03-03', events: [{ kind: '中止审查', on: '2025-03-10' }] };
    expect(one(open, '2025-09-01', 'DL-PROS').findings).toEqual([]);
  });
  it('速裁: S + 10 days, no extension; 2026-02-20 rolls to 02-24 on bail, stays in custody', () => {
    const speedy = {
      receivedOn: '2026-02-10',
      procedure: '速裁程序',
      events: [{ kind: '延长审查起诉期限', on: '2026-02-12' }],
      persons: [{ plea: true }],
    };
    expect(one(speedy, '2026-02-25', 'DL-PROS').findings).toMatchObject([{ dueOn: '2026-02-24', daysLeft: -1 }]);
    const inCustody = {
      ...speedy,
      persons: [{ plea: true, custody: '在押', measure: '逮捕', measureFrom: '2026-01-20' }],
    };
    expect(one(inCustody, '2026-02-21', 'DL-PROS').findings).toMatchObject([{ dueOn: '2026-02-20', daysLeft: -1 }]);
  });
  it('concluded after the deadline: 超期办结; in time: nothing', () => {
    expect(
      one(
        {
          ...base,
          status: '办结',
          concludedOn: '2026-02-05',
          conclusion: '提起公诉',
          persons: [{ decision: '起诉', decidedOn: '2026-02-05' }],
        },
        '2026-03-01',
        'DL-PROS',
      ).findings,
    ).toMatchObject([{ kind: '超期办结', daysLeft: -3 }]);
    expect(
      one({ ...base, status: '办结', concludedOn: '2026-02-02', conclusion: '提起公诉' }, '2026-03-01', 'DL-PROS')
        .findings,
    ).toEqual([]);
  });
  it('other categories are not its business', () => {
    expect(one({ ...base, category: '审查逮捕' }, '2026-03-01', 'DL-PROS').findings).toEqual([]);
  });
});

describe('DL-SUPP', () => {
  const c: CaseInput = { receivedOn: '2025-08-01', events: [{ kind: '退回补充侦查', on: '2025-09-05' }] };
  it('one month from the 退回, rolled (10-05 → 10-09), while not re-sent', () => {
    expect(one(c, '2025-10-09', 'DL-SUPP')).toMatchObject({
      findings: [],
      warnings: [{ daysLeft: 0, dueOn: '2025-10-09', subjectKey: '退回补充侦查@2025-09-05' }],
    });
    expect(one(c, '2025-10-10', 'DL-SUPP').findings).toMatchObject([
      { kind: '补充侦查逾期未重新移送', dueOn: '2025-10-09', daysLeft: -1 },
    ]);
  });
  it('re-sent, or the case concluded: nothing', () => {
    expect(
      one({ ...c, events: [...c.events!, { kind: '补充侦查重新移送', on: '2025-10-20' }] }, '2025-11-01', 'DL-SUPP')
        .findings,
    ).toEqual([]);
    expect(
      one({ ...c, status: '办结', concludedOn: '2025-10-01', conclusion: '不起诉' }, '2025-11-01', 'DL-SUPP').findings,
    ).toEqual([]);
  });
});

describe('DL-SUPP-COUNT', () => {
  const ev = (n: number) =>
    Array.from({ length: n }, (_, i) => [
      { kind: '退回补充侦查', on: `2025-0${2 + 2 * i}-01` },
      { kind: '补充侦查重新移送', on: `2025-0${3 + 2 * i}-01` },
    ]).flat();
  it('two 退回 are allowed, a third is a finding', () => {
    expect(one({ receivedOn: '2025-01-10', events: ev(2) }, '2025-09-01', 'DL-SUPP-COUNT').findings).toEqual([]);
    expect(one({ receivedOn: '2025-01-10', events: ev(3) }, '2025-09-01', 'DL-SUPP-COUNT').findings).toMatchObject([
      { kind: '退回补充侦查超过二次', dueOn: null, daysLeft: null },
    ]);
  });
});

describe('DL-PROTEST', () => {
  const judg = (on: string, protest?: string, kind = '收到判决书'): CaseInput => ({
    receivedOn: `${on.slice(0, 4)}-06-01`,
    status: '办结',
    concludedOn: `${on.slice(0, 4)}-07-01`,
    conclusion: '提起公诉',
    persons: [{ decision: '起诉', decidedOn: `${on.slice(0, 4)}-07-01` }],
    events: [{ kind, on }, ...(protest ? [{ kind: '提出抗诉', on: protest }] : [])],
  });
  it('judgment received 2025-09-28: 10 days → 10-08 in 国庆 → 10-09', () => {
    expect(one(judg('2025-09-28', '2025-10-09'), '2025-11-01', 'DL-PROTEST').findings).toEqual([]);
    expect(one(judg('2025-09-28', '2025-10-10'), '2025-11-01', 'DL-PROTEST').findings).toMatchObject([
      { kind: '抗诉超期', dueOn: '2025-10-09', daysLeft: -1, subjectKey: '收到判决书@2025-09-28' },
    ]);
  });
  it('ruling received 2024-09-30: 5 days → 10-05 → 10-08', () => {
    expect(one(judg('2024-09-30', '2024-10-08', '收到裁定书'), '2024-11-01', 'DL-PROTEST').findings).toEqual([]);
    expect(one(judg('2024-09-30', '2024-10-09', '收到裁定书'), '2024-11-01', 'DL-PROTEST').findings).toMatchObject([
      { dueOn: '2024-10-08' },
    ]);
  });
  it('judgment received 2024-09-30: 10 days → 2024-10-10', () => {
    expect(one(judg('2024-09-30', '2024-10-11'), '2024-11-01', 'DL-PROTEST').findings).toMatchObject([
      { dueOn: '2024-10-10', daysLeft: -1 },
    ]);
  });
  it('no protest: a warning within 3 days, never a finding', () => {
    expect(one(judg('2025-09-28'), '2025-10-06', 'DL-PROTEST').warnings).toMatchObject([
      { dueOn: '2025-10-09', daysLeft: 3 },
    ]);
    expect(one(judg('2025-09-28'), '2025-10-05', 'DL-PROTEST').warnings).toEqual([]);
    expect(one(judg('2025-09-28'), '2025-10-20', 'DL-PROTEST')).toMatchObject({ findings: [], warnings: [] });
  });
  it('each judgment event is its own subject', () => {
    const c = judg('2025-03-03');
    c.events = [
      { kind: '收到判决书', on: '2025-03-03' },
      { kind: '提出抗诉', on: '2025-03-20' },
      { kind: '收到裁定书', on: '2025-05-06' },
      { kind: '提出抗诉', on: '2025-05-09' },
    ];
    const r = one(c, '2025-06-01', 'DL-PROTEST');
    expect(r.findings.map((f) => f.subjectKey)).toEqual(['收到判决书@2025-03-03']);
  });
});

describe('DL-OTHER', () => {
  it('刑事申诉: 3 months rolled (2025-07-05 → 10-05 → 10-09)', () => {
    const c: CaseInput = { category: '刑事申诉', receivedOn: '2025-07-05', persons: [] };
    expect(one(c, '2025-10-09', 'DL-OTHER')).toMatchObject({ findings: [], warnings: [{ daysLeft: 0 }] });
    expect(one(c, '2025-10-10', 'DL-OTHER').findings).toMatchObject([{ kind: '超期未结', dueOn: '2025-10-09' }]);
    expect(
      one({ ...c, status: '办结', concludedOn: '2025-10-13', conclusion: '办结' }, '2025-12-01', 'DL-OTHER').findings,
    ).toMatchObject([{ kind: '超期办结', daysLeft: -4 }]);
  });
  it('公益诉讼 and 其他 have no limit by default; a setting gives one', () => {
    const { db } = tmpStore();
    addCase(db, { category: '公益诉讼', receivedOn: '2025-01-06', persons: [] });
    expect(evaluate(db, '2025-12-01', 'DL-OTHER').findings).toEqual([]);
    expect(evaluate(db, '2025-12-01', 'DL-OTHER', { otherLimitsMonths: { 公益诉讼: 6 } }).findings).toMatchObject([
      { dueOn: '2025-07-07' },
    ]);
  });
});
