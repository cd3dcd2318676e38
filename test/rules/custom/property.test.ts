/**
 * Property: for random condition trees over random case bundles, the compiled predicate (compile.ts)
 * matches exactly the rows a deliberately naive evaluator matches. The naive evaluator below is written
 * separately from the engine: it reads fields by name off the bundle, computes derived fields and dates
 * with plain Date arithmetic, walks the tree for every row, and applies custom-rules.md's null rule
 * literally. Only the allow-list's metadata (field keys, types, enumerations) is shared, to generate trees.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { compileCustomRule } from '../../../core/rules/custom/compile';
import { checkRule } from '../../../core/rules/custom/validate';
import {
  FIELD_COMPARE_OPERATORS,
  fieldsFor,
  OPERATORS_BY_TYPE,
  type FieldDef,
  type Operator,
  type Subject,
} from '../../../core/rules/custom/fields';
import type { Condition, ConditionGroup, CustomRuleDef } from '../../../core/rules/custom/types';
import type { CaseBundle, DocumentB, EventB, PersonB } from '../../../core/rules/types';
import { BUILT_IN_RULE_IDS } from '../../../core/rules/catalogue';
import { builtInCalendar } from '../../../core/calendar';
import { DEFAULT_SETTINGS } from '../../../core/settings';

const AS_OF = '2026-02-01';
const DATES = ['2025-12-30', '2026-01-01', '2026-01-15', '2026-01-31', '2026-02-01', '2008-02-01', '1990-06-15'];
const TEXTS = ['甲', '甲乙', '乙丙', '丙', '备注甲'];
const KINDS = ['退回补充侦查', '告知犯罪嫌疑人诉讼权利', '归档'];
const DOCS = ['起诉书', '批准逮捕决定书', '其他文书'];

// ---- random bundles ----

const maybe = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: null, freq: 3 });
const date = fc.constantFrom(...DATES);
const text = fc.constantFrom(...TEXTS);
const personNoArb = fc.constantFrom('1', '2', '9');

const personArb: fc.Arbitrary<PersonB> = fc.record({
  personNo: personNoArb,
  name: fc.constantFrom('张三', '李四', '欧阳明'),
  gender: maybe(fc.constantFrom('男', '女')),
  birthDate: maybe(date),
  custody: fc.constantFrom('在押', '未羁押'),
  measure: fc.constantFrom('逮捕', '取保候审', '无'),
  measureFrom: maybe(date),
  hasCounsel: fc.boolean(),
  plea: fc.boolean(),
  pleaSignedOn: maybe(date),
  decision: maybe(fc.constantFrom('起诉', '不起诉', '批准逮捕')),
  decidedOn: maybe(date),
  decisionReason: maybe(fc.constantFrom('相对不起诉', '其他')),
  sentencing: fc.constantFrom('确定刑', '无'),
  sentencingAdopted: fc.option(fc.boolean(), { nil: null }),
  judgedOn: maybe(date),
  appealed: fc.boolean(),
});
const eventArb: fc.Arbitrary<EventB> = fc.record({
  seq: fc.nat(50),
  kind: fc.constantFrom(...KINDS),
  on: date,
  personNo: maybe(personNoArb),
  note: maybe(text),
});
const docArb: fc.Arbitrary<DocumentB> = fc.record({
  seq: fc.nat(50),
  name: fc.constantFrom(...DOCS),
  number: fc.constantFrom('文1', '文2', '文3'),
  issuedOn: date,
  personNo: maybe(personNoArb),
});
const caseArb: fc.Arbitrary<CaseBundle> = fc
  .record({
    caseNo: fc.constantFrom('A1', 'A2', 'B1'),
    title: text,
    category: fc.constantFrom('审查逮捕', '审查起诉', '其他'),
    cause: maybe(text),
    department: text,
    prosecutor: text,
    agency: maybe(text),
    receivedOn: fc.constantFrom('2025-12-30', '2026-01-01', '2026-01-15'),
    complex: fc.boolean(),
    hasVictim: fc.boolean(),
    procedure: maybe(fc.constantFrom('普通程序', '速裁程序')),
    concludedOn: maybe(fc.constantFrom('2026-01-15', '2026-01-31')),
    conclusion: maybe(fc.constantFrom('提起公诉', '批准逮捕')),
    note: maybe(text),
    persons: fc.uniqueArray(personArb, { maxLength: 3, selector: (p) => p.personNo }),
    // A row's identity is its key (节点@日期, 文书名称:文号), as for findings: keys are unique within a case here.
    events: fc.uniqueArray(eventArb, { maxLength: 4, selector: (e) => `${e.kind}@${e.on}` }),
    documents: fc.uniqueArray(docArb, { maxLength: 3, selector: (d) => `${d.name}:${d.number}` }),
  })
  .map((c) => ({
    id: 0,
    status: c.concludedOn ? '办结' : '在办',
    ...c,
    dataDates: { case: null, persons: null, events: null, documents: null },
    beyondDataDate: { persons: [], events: [], documents: [] },
  }));

// ---- random trees (valid by construction; checked by the allow-list anyway) ----

function valueArb(f: FieldDef): fc.Arbitrary<unknown> {
  switch (f.type) {
    case 'bool':
      return fc.boolean();
    case 'number':
      return fc.integer({ min: -2, max: 40 });
    case 'date':
      return fc.oneof(
        date,
        fc.integer({ min: 0, max: 60 }).map((n) => ({ daysBeforeAsOf: n })),
        fc.integer({ min: 0, max: 5 }).map((n) => ({ daysAfterAsOf: n })),
      );
    case 'enum':
      return fc.constantFrom(...f.values!);
    case 'list':
      return fc.constantFrom(...(f.values ? KINDS : DOCS));
    case 'text':
      return fc.constantFrom(...TEXTS, '1', '张三', '起诉书', 'A1');
  }
}

function conditionArb(subject: Subject): fc.Arbitrary<Condition> {
  const fields = fieldsFor(subject);
  return fc.constantFrom(...fields).chain((f) =>
    fc.constantFrom(...OPERATORS_BY_TYPE[f.type]).chain((op): fc.Arbitrary<Condition> => {
      if (op === 'null' || op === 'notNull') return fc.constant({ field: f.key, operator: op });
      const others = fields.filter(
        (g) =>
          g.key !== f.key &&
          (g.type === f.type
            ? f.type !== 'list' && (['=', '!='].includes(op) || f.type === 'date' || f.type === 'number')
            : ['=', '!='].includes(op) && ['text', 'enum'].includes(f.type) && ['text', 'enum'].includes(g.type)),
      );
      const byValue: fc.Arbitrary<Condition> =
        op === 'between' || op === 'notBetween'
          ? fc.tuple(valueArb(f), valueArb(f)).map((v) => ({ field: f.key, operator: op, value: v }))
          : op === 'in' || op === 'notIn'
            ? fc
                .array(valueArb(f), { minLength: 1, maxLength: 3 })
                .map((v) => ({ field: f.key, operator: op, value: v }))
            : valueArb(f).map((v) => ({ field: f.key, operator: op, value: v }));
      if (!FIELD_COMPARE_OPERATORS.includes(op) || !others.length) return byValue;
      const byField: fc.Arbitrary<Condition> = fc
        .tuple(fc.constantFrom(...others), fc.integer({ min: -20, max: 20 }))
        .map(([g, off]) => ({
          field: f.key,
          operator: op,
          valueSource: 'field' as const,
          value: f.type === 'date' && off !== 0 ? { field: g.key, offsetDays: off } : g.key,
        }));
      return fc.oneof(byValue, byField);
    }),
  );
}

function groupArb(subject: Subject): fc.Arbitrary<ConditionGroup> {
  const { group } = fc.letrec<{ group: ConditionGroup; node: Condition | ConditionGroup }>((tie) => ({
    group: fc.record(
      {
        combinator: fc.constantFrom('and' as const, 'or' as const),
        not: fc.boolean(),
        rules: fc.array(tie('node'), { minLength: 1, maxLength: 4 }),
      },
      { requiredKeys: ['combinator', 'rules'] },
    ),
    node: fc.oneof({ depthSize: 'small', withCrossShrink: true }, conditionArb(subject), tie('group')),
  }));
  return group;
}

// ---- the naive evaluator ----

const DAY = 86_400_000;
const ms = (iso: string) => Date.parse(`${iso}T00:00:00Z`);
const shift = (iso: string, days: number) => new Date(ms(iso) + days * DAY).toISOString().slice(0, 10);

function naiveField(key: string, c: CaseBundle, p: PersonB | undefined, x: EventB | DocumentB | undefined): unknown {
  const [sheet, name] = key.split('.');
  if (sheet === 'case') {
    if (name === 'daysOpen') return Math.round((ms(c.concludedOn ?? AS_OF) - ms(c.receivedOn)) / DAY);
    if (name === 'eventKinds') return c.events.map((e) => e.kind);
    if (name === 'documentNames') return c.documents.map((d) => d.name);
    if (name === 'personCount') return c.persons.length;
    return (c as unknown as Record<string, unknown>)[name];
  }
  if (sheet === 'person') {
    if (!p) return null;
    const mine = (r: { personNo: string | null }) => r.personNo === null || r.personNo === p.personNo;
    if (name === 'eventKinds') return c.events.filter(mine).map((e) => e.kind);
    if (name === 'documentNames') return c.documents.filter(mine).map((d) => d.name);
    if (name === 'ageAtReceipt') {
      if (!p.birthDate) return null;
      const b = new Date(ms(p.birthDate));
      const r = new Date(ms(c.receivedOn));
      let age = r.getUTCFullYear() - b.getUTCFullYear();
      if (r.getUTCMonth() < b.getUTCMonth() || (r.getUTCMonth() === b.getUTCMonth() && r.getUTCDate() < b.getUTCDate()))
        age--;
      return age;
    }
    return (p as unknown as Record<string, unknown>)[name];
  }
  return (x as unknown as Record<string, unknown>)[name];
}

const isNull = (v: unknown) => v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0);

function naiveConst(v: unknown): unknown {
  if (v && typeof v === 'object' && 'daysBeforeAsOf' in v)
    return shift(AS_OF, -(v as { daysBeforeAsOf: number }).daysBeforeAsOf);
  if (v && typeof v === 'object' && 'daysAfterAsOf' in v)
    return shift(AS_OF, (v as { daysAfterAsOf: number }).daysAfterAsOf);
  return v;
}

function naiveCompare(op: Operator, a: unknown, b: unknown): boolean {
  const A = typeof a === 'string' && /^\d{4}-\d\d-\d\d$/.test(a) ? ms(a) : a;
  const B = typeof b === 'string' && /^\d{4}-\d\d-\d\d$/.test(b) ? ms(b) : b;
  switch (op) {
    case '=':
      return A === B;
    case '!=':
      return A !== B;
    case '<':
      return (A as number) < (B as number);
    case '<=':
      return (A as number) <= (B as number);
    case '>':
      return (A as number) > (B as number);
    case '>=':
      return (A as number) >= (B as number);
  }
  throw new Error(op);
}

function naiveCondition(
  cond: Condition,
  c: CaseBundle,
  p: PersonB | undefined,
  x: EventB | DocumentB | undefined,
): boolean {
  const v = naiveField(cond.field, c, p, x);
  const op = cond.operator;
  let other: unknown = undefined;
  if (cond.valueSource === 'field') {
    const ref = cond.value as string | { field: string; offsetDays?: number };
    const key = typeof ref === 'string' ? ref : ref.field;
    other = naiveField(key, c, p, x);
    if (typeof ref !== 'string' && ref.offsetDays && !isNull(other)) other = shift(other as string, ref.offsetDays);
  }
  if (op === 'null') return isNull(v);
  if (op === 'notNull') return !isNull(v);
  if (isNull(v) || (cond.valueSource === 'field' && isNull(other)))
    return op === '!=' || op === 'notIn' || op === 'doesNotContain';
  if (cond.valueSource === 'field') return naiveCompare(op, v, other);
  const k = cond.value;
  switch (op) {
    case 'between':
    case 'notBetween': {
      const [lo, hi] = (k as unknown[]).map((b) => naiveCompareKey(naiveConst(b))).sort((a, b) => a - b);
      const n = naiveCompareKey(v);
      const inside = n >= lo && n <= hi;
      return op === 'between' ? inside : !inside;
    }
    case 'in':
      return (k as unknown[]).map(naiveConst).includes(v);
    case 'notIn':
      return !(k as unknown[]).map(naiveConst).includes(v);
    case 'contains':
      return Array.isArray(v) ? v.includes(k) : String(v).includes(k as string);
    case 'doesNotContain':
      return Array.isArray(v) ? !v.includes(k) : !String(v).includes(k as string);
    case 'beginsWith':
      return String(v).startsWith(k as string);
    case 'endsWith':
      return String(v).endsWith(k as string);
    default:
      return naiveCompare(op, v, naiveConst(k));
  }
}

const naiveCompareKey = (v: unknown) => (typeof v === 'string' ? ms(v) : (v as number));

function naiveGroup(
  g: ConditionGroup,
  c: CaseBundle,
  p: PersonB | undefined,
  x: EventB | DocumentB | undefined,
): boolean {
  const results = g.rules.map((r) => ('rules' in r ? naiveGroup(r, c, p, x) : naiveCondition(r as Condition, c, p, x)));
  const r = g.combinator === 'and' ? results.every(Boolean) : results.some(Boolean);
  return g.not ? !r : r;
}

function naiveMatches(def: CustomRuleDef, cases: CaseBundle[]): string[] {
  const out: string[] = [];
  for (const c of cases) {
    const personOf = (no: string | null) => (no === null ? undefined : c.persons.find((q) => q.personNo === no));
    if (def.subject === 'case' && naiveGroup(def.when, c, undefined, undefined)) out.push(`${c.id}`);
    if (def.subject === 'person')
      for (const p of c.persons) if (naiveGroup(def.when, c, p, undefined)) out.push(`${c.id}/${p.personNo}`);
    if (def.subject === 'event')
      c.events.forEach((e, i) => {
        if (naiveGroup(def.when, c, personOf(e.personNo), e)) out.push(`${c.id}/e${i}`);
      });
    if (def.subject === 'document')
      c.documents.forEach((d, i) => {
        if (naiveGroup(def.when, c, personOf(d.personNo), d)) out.push(`${c.id}/d${i}`);
      });
  }
  return out;
}

function compiledMatches(def: CustomRuleDef, cases: CaseBundle[]): string[] {
  const rule = compileCustomRule(def, AS_OF);
  const out: string[] = [];
  const env = { asOf: AS_OF, cal: builtInCalendar(), settings: DEFAULT_SETTINGS, window: () => null };
  for (const c of cases) {
    rule.evaluate!(c, env, {
      finding: (d) => {
        if (def.subject === 'case') out.push(`${c.id}`);
        else if (def.subject === 'person') out.push(`${c.id}/${d.personNo}`);
        else if (def.subject === 'event')
          out.push(`${c.id}/e${c.events.findIndex((e) => `${e.kind}@${e.on}` === d.subjectKey)}`);
        else out.push(`${c.id}/d${c.documents.findIndex((x) => `${x.name}:${x.number}` === d.subjectKey)}`);
      },
      warning: () => undefined,
    });
  }
  return out;
}

describe('the compiled predicate equals a naive evaluation of the same tree', () => {
  for (const subject of ['case', 'person', 'event', 'document'] as const) {
    it(`subject ${subject}`, () => {
      fc.assert(
        fc.property(groupArb(subject), fc.array(caseArb, { minLength: 1, maxLength: 12 }), (when, cases) => {
          cases.forEach((c, i) => (c.id = i));
          const checked = checkRule(
            {
              id: 'X-PROP',
              title: '性质',
              area: '案卡填录',
              severity: '轻微',
              subject,
              when,
              message: '{case.caseNo}',
            },
            { builtInIds: BUILT_IN_RULE_IDS },
          );
          expect(checked.problems).toEqual([]);
          expect(compiledMatches(checked.rule!, cases)).toEqual(naiveMatches(checked.rule!, cases));
        }),
        { numRuns: 400, seed: 20261218 },
      );
    });
  }

  it('generates trees that actually match something (the property is not vacuous)', () => {
    let matched = 0;
    let unmatched = 0;
    fc.assert(
      fc.property(groupArb('person'), fc.array(caseArb, { minLength: 3, maxLength: 8 }), (when, cases) => {
        cases.forEach((c, i) => (c.id = i));
        const def = checkRule(
          { id: 'X-PROP', title: '性质', area: '案卡填录', severity: '轻微', subject: 'person', when, message: 'm' },
          { builtInIds: BUILT_IN_RULE_IDS },
        ).rule!;
        if (naiveMatches(def, cases).length) matched++;
        else unmatched++;
      }),
      { numRuns: 300, seed: 7 },
    );
    expect(matched).toBeGreaterThan(50);
    expect(unmatched).toBeGreaterThan(50);
  });
});
