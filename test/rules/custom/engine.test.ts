/**
 * The compiled custom-rule engine on a real store (custom-rules.md "Conditions"): every operator, the
 * null rule, relative dates, field-to-field comparison with an offset, derived and list fields, nested
 * and/or/not groups, every subject, and the message with its placeholders.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { tmpStore } from '../../helpers/tmp';
import { addCase } from '../builder';
import type { Db } from '../../../db/store';
import type { Condition } from '../../../core/rules/custom/types';
import type { Subject } from '../../../core/rules/custom/fields';
import { and, matches, or, ruleDef, run } from './helpers';

const A = '测检刑诉受[2026]000001号';
const B = '测检刑捕受[2025]000002号';
const D = '2026-02-01';
let db: Db;

beforeAll(() => {
  db = tmpStore().db;
  addCase(db, {
    caseNo: A,
    title: '张三盗窃案',
    category: '审查起诉',
    cause: '盗窃罪',
    receivedOn: '2026-01-10',
    complex: true,
    procedure: '速裁程序',
    agency: '赤城县公安局',
    persons: [
      {
        name: '张三',
        gender: '男',
        birthDate: '2008-03-01',
        custody: '在押',
        measure: '逮捕',
        measureFrom: '2026-01-08',
        plea: true,
        decision: '起诉',
        decidedOn: '2026-01-25',
        sentencing: '无',
      },
      { name: '李四', custody: '未羁押', measure: '取保候审', hasCounsel: false },
    ],
    events: [
      { kind: '告知犯罪嫌疑人诉讼权利', on: '2026-01-11' },
      { kind: '退回补充侦查', on: '2026-01-20', personNo: '1', note: '补充证据' },
    ],
    documents: [{ name: '起诉书', issuedOn: '2026-01-26', personNo: '1' }],
  });
  addCase(db, {
    caseNo: B,
    title: '王五诈骗案',
    category: '审查逮捕',
    cause: null,
    receivedOn: '2025-12-01',
    status: '办结',
    concludedOn: '2025-12-05',
    conclusion: '批准逮捕',
    note: '王五已退赃',
    persons: [
      {
        name: '王五',
        gender: '女',
        birthDate: '1990-12-02',
        custody: '在押',
        measure: '逮捕',
        measureFrom: '2025-12-05',
        decision: '批准逮捕',
        decidedOn: '2025-12-05',
        sentencingAdopted: true,
        appealed: true,
      },
    ],
    documents: [{ name: '批准逮捕决定书', issuedOn: '2025-12-05' }],
  });
});

const P1 = `${A}/1/`;
const P2 = `${A}/2/`;
const P3 = `${B}/1/`;
const CA = `${A}//`;
const CB = `${B}//`;

function m(subject: Subject, ...conds: Condition[]) {
  return matches(db, ruleDef(subject, and(...conds)), D).sort();
}
const c = (field: string, operator: Condition['operator'], value?: unknown, valueSource?: 'field'): Condition =>
  valueSource
    ? { field, operator, value, valueSource }
    : value === undefined
      ? { field, operator }
      : { field, operator, value };

describe('operators and the null rule', () => {
  it('=, !=, in, notIn on an enumeration (a null decision: = / in false, != / notIn true)', () => {
    expect(m('person', c('person.decision', '=', '起诉'))).toEqual([P1]);
    expect(m('person', c('person.decision', '!=', '起诉'))).toEqual([P2, P3].sort());
    expect(m('person', c('person.decision', 'in', ['起诉', '批准逮捕']))).toEqual([P1, P3].sort());
    expect(m('person', c('person.decision', 'notIn', ['起诉']))).toEqual([P2, P3].sort());
    expect(m('person', c('person.decision', 'null'))).toEqual([P2]);
    expect(m('person', c('person.decision', 'notNull'))).toEqual([P1, P3].sort());
  });

  it('text: contains, doesNotContain, beginsWith, endsWith, with an empty 案由 as null', () => {
    expect(m('case', c('case.cause', 'contains', '盗窃'))).toEqual([CA]);
    expect(m('case', c('case.cause', 'doesNotContain', '盗窃'))).toEqual([CB]);
    expect(m('case', c('case.title', 'beginsWith', '王五'))).toEqual([CB]);
    expect(m('case', c('case.title', 'endsWith', '盗窃案'))).toEqual([CA]);
    expect(m('case', c('case.cause', 'beginsWith', '盗'))).toEqual([CA]);
    expect(m('case', c('case.cause', 'null'))).toEqual([CB]);
    expect(m('case', c('case.agency', '=', '赤城县公安局'))).toEqual([CA]);
    expect(m('case', c('case.agency', '!=', '赤城县公安局'))).toEqual([CB]);
    expect(m('case', c('case.note', 'contains', '退赃'))).toEqual([CB]);
    expect(m('case', c('case.caseNo', 'in', [A]))).toEqual([CA]);
  });

  it('dates: <, <=, >, >=, between, notBetween; a null date is never inside or outside a range', () => {
    expect(m('person', c('person.birthDate', '<', '2000-01-01'))).toEqual([P3]);
    expect(m('person', c('person.birthDate', '>', '2000-01-01'))).toEqual([P1]);
    expect(m('person', c('person.birthDate', '<=', '1990-12-02'))).toEqual([P3]);
    expect(m('person', c('person.birthDate', '>=', '2008-03-01'))).toEqual([P1]);
    expect(m('person', c('person.birthDate', '=', '2008-03-01'))).toEqual([P1]);
    expect(m('person', c('person.birthDate', 'between', ['1980-01-01', '2010-01-01']))).toEqual([P1, P3].sort());
    expect(m('person', c('person.birthDate', 'notBetween', ['1980-01-01', '2000-01-01']))).toEqual([P1]);
    expect(m('person', c('person.birthDate', 'null'))).toEqual([P2]);
  });

  it('numbers: derived 受理时年龄, 办理天数 (to the audit date while 在办) and 嫌疑人人数', () => {
    expect(m('person', c('person.ageAtReceipt', '<', 18))).toEqual([P1]);
    expect(m('person', c('person.ageAtReceipt', '=', 34))).toEqual([P3]);
    expect(m('person', c('person.ageAtReceipt', '!=', 17))).toEqual([P2, P3].sort());
    expect(m('person', c('person.ageAtReceipt', 'in', [17, 34]))).toEqual([P1, P3].sort());
    expect(m('case', c('case.daysOpen', '=', 22))).toEqual([CA]);
    expect(m('case', c('case.daysOpen', '=', 4))).toEqual([CB]);
    expect(m('case', c('case.daysOpen', 'between', [5, 30]))).toEqual([CA]);
    expect(m('case', c('case.daysOpen', 'notBetween', [5, 30]))).toEqual([CB]);
    expect(m('case', c('case.daysOpen', '>=', 22))).toEqual([CA]);
    expect(m('case', c('case.daysOpen', '<=', 4))).toEqual([CB]);
    expect(m('case', c('case.personCount', '>', 1))).toEqual([CA]);
  });

  it('yes/no, with 量刑建议采纳 empty (the court has not decided) as null', () => {
    expect(m('case', c('case.complex', '=', true))).toEqual([CA]);
    expect(m('case', c('case.hasVictim', '=', false)).length).toBe(2);
    expect(m('person', c('person.plea', '=', true))).toEqual([P1]);
    expect(m('person', c('person.sentencingAdopted', '=', true))).toEqual([P3]);
    expect(m('person', c('person.sentencingAdopted', '!=', true))).toEqual([P1, P2].sort());
    expect(m('person', c('person.sentencingAdopted', 'null'))).toEqual([P1, P2].sort());
    expect(m('person', c('person.appealed', '=', true))).toEqual([P3]);
  });

  it('list fields: contains / doesNotContain an element, empty as null; a person sees its own rows and those naming no one', () => {
    expect(m('case', c('case.eventKinds', 'contains', '退回补充侦查'))).toEqual([CA]);
    expect(m('case', c('case.eventKinds', 'doesNotContain', '退回补充侦查'))).toEqual([CB]);
    expect(m('case', c('case.eventKinds', 'null'))).toEqual([CB]);
    expect(m('case', c('case.documentNames', 'contains', '批准逮捕决定书'))).toEqual([CB]);
    expect(m('person', c('person.eventKinds', 'contains', '退回补充侦查'))).toEqual([P1]);
    expect(m('person', c('person.eventKinds', 'contains', '告知犯罪嫌疑人诉讼权利'))).toEqual([P1, P2].sort());
    expect(m('person', c('person.documentNames', 'contains', '起诉书'))).toEqual([P1]);
    expect(m('person', c('person.documentNames', 'doesNotContain', '起诉书'))).toEqual([P2, P3].sort());
    // 王五's 批准逮捕决定书 names no person: it covers every person of the case.
    expect(m('person', c('person.documentNames', 'contains', '批准逮捕决定书'))).toEqual([P3]);
    expect(m('person', c('person.eventKinds', 'null'))).toEqual([P3]);
  });
});

describe('dates relative to the audit date and field-to-field comparison', () => {
  it('daysBeforeAsOf / daysAfterAsOf resolve against the audit date', () => {
    // D − 30 = 2026-01-02
    expect(m('case', c('case.receivedOn', '<', { daysBeforeAsOf: 30 }))).toEqual([CB]);
    expect(m('case', c('case.receivedOn', '>=', { daysBeforeAsOf: 30 }))).toEqual([CA]);
    expect(m('case', c('case.receivedOn', 'between', [{ daysBeforeAsOf: 30 }, { daysBeforeAsOf: 70 }]))).toEqual([CB]);
    expect(m('case', c('case.receivedOn', '=', { daysBeforeAsOf: 22 }))).toEqual([CA]);
    expect(m('person', c('person.measureFrom', '<', { daysAfterAsOf: 0 }))).toEqual([P1, P3].sort());
    expect(m('person', c('person.measureFrom', '<', { daysBeforeAsOf: 30 }))).toEqual([P3]);
    // The same rule on another day: D = 2026-03-01, D − 30 = 2026-01-30 → both cases were received before.
    expect(
      matches(db, ruleDef('case', and(c('case.receivedOn', '<', { daysBeforeAsOf: 30 }))), '2026-03-01').sort(),
    ).toEqual([CA, CB].sort());
  });

  it('valueSource "field", with and without an offset in days; null on either side follows the null rule', () => {
    // 结论日期 > 受理日期 + 7: 张三 01-25 > 01-17; 王五 12-05 > 12-08 is false
    expect(m('person', c('person.decidedOn', '>', { field: 'case.receivedOn', offsetDays: 7 }, 'field'))).toEqual([P1]);
    expect(m('person', c('person.decidedOn', '>', { field: 'case.receivedOn', offsetDays: 3 }, 'field'))).toEqual(
      [P1, P3].sort(),
    );
    expect(m('person', c('person.decidedOn', '<=', { field: 'case.receivedOn', offsetDays: 4 }, 'field'))).toEqual([
      P3,
    ]);
    expect(m('person', c('person.decidedOn', '>', { field: 'case.receivedOn', offsetDays: -40 }, 'field'))).toEqual(
      [P1, P3].sort(),
    );
    expect(m('person', c('person.decidedOn', '=', 'case.concludedOn', 'field'))).toEqual([P3]);
    expect(m('person', c('person.decidedOn', '!=', 'case.concludedOn', 'field'))).toEqual([P1, P2].sort());
    expect(m('person', c('person.decidedOn', '<', 'person.measureFrom', 'field'))).toEqual([]);
    expect(m('person', c('person.decidedOn', '>=', 'person.measureFrom', 'field'))).toEqual([P1, P3].sort());
    expect(m('person', c('person.decidedOn', '>=', { field: 'person.measureFrom', offsetDays: 1 }, 'field'))).toEqual([
      P1,
    ]);
    expect(m('case', c('case.daysOpen', '>', 'case.personCount', 'field'))).toEqual([CA, CB].sort());
    expect(m('person', c('person.decision', '=', 'case.conclusion', 'field'))).toEqual([P3]);
  });
});

describe('groups and subjects', () => {
  it('nested and/or/not groups', () => {
    const g = or(and(c('case.category', '=', '审查起诉'), c('person.plea', '=', true)), {
      combinator: 'and',
      not: true,
      rules: [c('case.category', '=', '审查起诉')],
    });
    expect(matches(db, ruleDef('person', g), D).sort()).toEqual([P1, P3].sort());
    const notAll = {
      combinator: 'or' as const,
      not: true,
      rules: [c('person.decision', 'notNull'), c('person.custody', '=', '在押')],
    };
    expect(matches(db, ruleDef('person', notAll), D)).toEqual([P2]);
    // A hoisted case condition with a row condition, and the same written under a not of an or
    const hoisted = and(c('case.category', '=', '审查起诉'), c('person.decision', 'null'));
    const same = {
      combinator: 'or' as const,
      not: true,
      rules: [c('case.category', '!=', '审查起诉'), c('person.decision', 'notNull')],
    };
    expect(matches(db, ruleDef('person', hoisted), D)).toEqual([P2]);
    expect(matches(db, ruleDef('person', same), D)).toEqual([P2]);
  });

  it('every subject: one finding per matching case, person, event or document, with the person it names', () => {
    expect(m('case', c('case.status', '=', '办结'))).toEqual([CB]);
    expect(m('person', c('person.gender', '=', '女'))).toEqual([P3]);
    // An event names person 1 (男); the 告知 names no one, so person fields are null for it.
    expect(m('event', c('event.kind', '=', '退回补充侦查'), c('person.gender', '=', '男'))).toEqual([
      `${A}/1/退回补充侦查@2026-01-20`,
    ]);
    expect(m('event', c('person.gender', 'null'))).toEqual([`${A}//告知犯罪嫌疑人诉讼权利@2026-01-11`]);
    expect(m('event', c('event.note', 'contains', '证据'))).toEqual([`${A}/1/退回补充侦查@2026-01-20`]);
    expect(m('event', c('event.on', '>', { field: 'case.receivedOn', offsetDays: 5 }, 'field'))).toEqual([
      `${A}/1/退回补充侦查@2026-01-20`,
    ]);
    const docs = m('document', c('document.issuedOn', '>=', 'case.receivedOn', 'field'));
    expect(docs).toEqual([`${A}/1/起诉书:测检刑诉〔2026〕1号`, `${B}//批准逮捕决定书:测检刑诉〔2025〕1号`].sort());
    expect(m('document', c('document.name', '=', '起诉书'), c('person.name', '=', '张三'))).toEqual([
      `${A}/1/起诉书:测检刑诉〔2026〕1号`,
    ]);
  });

  it('the message: placeholders by field, dates as YYYY-MM-DD, yes/no as 是/否, lists joined, names masked, empty as 未填', () => {
    const def = ruleDef('person', and(c('person.plea', 'notNull')), {
      message:
        '{person.name}于{person.decidedOn}作出{person.decision}，认罪认罚：{person.plea}，年龄{person.ageAtReceipt}，{case.eventKinds}；{case.note}；{person.birthDate}',
    });
    const msgs = run(db, def, D)
      .map((d) => d.message)
      .sort();
    expect(msgs).toEqual(
      [
        '张某于2026-01-25作出起诉，认罪认罚：是，年龄17，告知犯罪嫌疑人诉讼权利、退回补充侦查；未填；2008-03-01',
        '李某于未填作出未填，认罪认罚：否，年龄未填，告知犯罪嫌疑人诉讼权利、退回补充侦查；未填；未填',
        '王某于2025-12-05作出批准逮捕，认罪认罚：否，年龄34，未填；王某已退赃；1990-12-02',
      ].sort(),
    );
  });

  it("a finding's facts are the fields it reads, not the audit date: the fingerprint stays while 办理天数 grows", () => {
    const def = ruleDef('case', and(c('case.daysOpen', '>', 10)));
    const a = run(db, def, D);
    const b = run(db, def, '2026-02-20');
    expect(a.map((x) => x.caseNo)).toEqual([A]);
    expect(b.find((x) => x.caseNo === A)!.fingerprint).toBe(a[0].fingerprint);
  });
});

describe('the allow-list', () => {
  it('names every field by a distinct Chinese label (the builder writes {姓名} for {person.name})', async () => {
    const { FIELDS } = await import('../../../core/rules/custom/fields');
    const labels = FIELDS.map((f) => f.label);
    expect(new Set(labels).size).toBe(labels.length);
    expect(labels.every((l) => /^[\u4e00-\u9fff]+$/.test(l))).toBe(true);
  });
});
