/**
 * The custom-rule engine (custom-rules.md "Evaluation"): a validated condition tree is compiled ONCE per
 * audit, from the allow-list (fields.ts) only, into a closure predicate over the rows of a case bundle —
 * the same bundles, in the same pass, as the built-in rules. Nothing walks the JSON tree per row: every
 * field reader, constant (relative dates resolved against the audit date), set and comparison is fixed
 * at compile time, and the per-row work is a few closure calls with no allocation.
 *
 * For a rule about persons, events or documents, the top-level AND conditions that read only case fields
 * are hoisted: they are tested once per case, before its rows.
 *
 * Null semantics: a comparison with a null (empty) field is false, except `null`, `notNull` (by meaning),
 * `!=`, `notIn` and `doesNotContain`, which are true. With valueSource "field" either side being null counts.
 */
import { dayNum, addDays } from '../../calendar/days';
import { maskName, maskNamesIn } from '../../shared/mask';
import type { CaseBundle, DocumentB, EventB, PersonB, Rule, Area, Severity, Emit, RuleEnv } from '../types';
import { fieldByKey, getterOf, TRUE_ON_NULL, type FieldDef, type Getter, type Operator } from './fields';
import { isGroup, PLACEHOLDER, type Condition, type ConditionGroup, type CustomRuleDef, type FieldRef } from './types';

type Row = EventB | DocumentB | undefined;
export type RowPred = (c: CaseBundle, p: PersonB | undefined, x: Row) => boolean;

const isNullish = (v: unknown) => v === null || v === undefined || v === '';

/** A date value of a condition as of the audit date: `YYYY-MM-DD`, or D ∓ n. */
export function resolveDate(v: unknown, asOf: string): string {
  if (typeof v === 'string') return v;
  const o = v as { daysBeforeAsOf?: number; daysAfterAsOf?: number };
  return o.daysBeforeAsOf !== undefined ? addDays(asOf, -o.daysBeforeAsOf) : addDays(asOf, o.daysAfterAsOf ?? 0);
}

interface Ctx {
  asOf: string;
  asOfDay: number;
}

function constant(f: FieldDef, v: unknown, ctx: Ctx): unknown {
  return f.type === 'date' ? resolveDate(v, ctx.asOf) : v;
}

type Cmp = (a: never, b: never) => boolean;
const CMP: Partial<Record<Operator, (a: number | string, b: number | string) => boolean>> = {
  '=': (a, b) => a === b,
  '!=': (a, b) => a !== b,
  '<': (a, b) => a < b,
  '<=': (a, b) => a <= b,
  '>': (a, b) => a > b,
  '>=': (a, b) => a >= b,
};

export function compileCondition(cond: Condition, ctx: Ctx): RowPred {
  const f = fieldByKey(cond.field);
  if (!f) throw new Error(`未知字段 ${cond.field}`);
  const get: Getter = getterOf(f, ctx.asOfDay);
  const op = cond.operator;
  const onNull = TRUE_ON_NULL.includes(op);

  if (f.type === 'list') {
    const has = f.has!;
    switch (op) {
      case 'contains': {
        const k = cond.value as string;
        return (c, p, x) => has(c, p, x, k);
      }
      case 'doesNotContain': {
        const k = cond.value as string;
        return (c, p, x) => !has(c, p, x, k);
      }
      case 'null':
        return (c, p, x) => !has(c, p, x);
      case 'notNull':
        return (c, p, x) => has(c, p, x);
    }
    throw new Error(`列表字段不支持运算符 ${op}`);
  }
  if (op === 'null') return (c, p, x) => isNullish(get(c, p, x));
  if (op === 'notNull') return (c, p, x) => !isNullish(get(c, p, x));

  if (cond.valueSource === 'field') return compileFieldCompare(f, get, op, cond.value as FieldRef, onNull, ctx);

  switch (op) {
    // Equality needs no null test: a constant is never null, so null ≠ k (false for =, true for !=).
    case '=': {
      const k = constant(f, cond.value, ctx);
      return (c, p, x) => get(c, p, x) === k;
    }
    case '!=': {
      const k = constant(f, cond.value, ctx);
      return (c, p, x) => get(c, p, x) !== k;
    }
    case 'in': {
      const set = new Set((cond.value as unknown[]).map((v) => constant(f, v, ctx)));
      return (c, p, x) => set.has(get(c, p, x));
    }
    case 'notIn': {
      const set = new Set((cond.value as unknown[]).map((v) => constant(f, v, ctx)));
      return (c, p, x) => !set.has(get(c, p, x));
    }
    case '<':
    case '<=':
    case '>':
    case '>=': {
      const k = constant(f, cond.value, ctx) as number | string;
      const cmp = CMP[op]!;
      return (c, p, x) => {
        const v = get(c, p, x) as number | string | null;
        return v !== null && v !== undefined && v !== '' && cmp(v, k);
      };
    }
    case 'between':
    case 'notBetween': {
      const [a, b] = (cond.value as unknown[]).map((v) => constant(f, v, ctx)) as (number | string)[];
      // Bounds are taken in either order (D−10 … D−30 is the same span as D−30 … D−10).
      const lo = a <= b ? a : b;
      const hi = a <= b ? b : a;
      if (op === 'between')
        return (c, p, x) => {
          const v = get(c, p, x) as number | string | null;
          return v !== null && v !== undefined && v !== '' && v >= lo && v <= hi;
        };
      return (c, p, x) => {
        const v = get(c, p, x) as number | string | null;
        return v !== null && v !== undefined && v !== '' && (v < lo || v > hi);
      };
    }
    case 'contains': {
      const k = cond.value as string;
      return (c, p, x) => {
        const v = get(c, p, x) as string | null;
        return !!v && v.includes(k);
      };
    }
    case 'doesNotContain': {
      const k = cond.value as string;
      return (c, p, x) => {
        const v = get(c, p, x) as string | null;
        return !v || !v.includes(k);
      };
    }
    case 'beginsWith': {
      const k = cond.value as string;
      return (c, p, x) => {
        const v = get(c, p, x) as string | null;
        return !!v && v.startsWith(k);
      };
    }
    case 'endsWith': {
      const k = cond.value as string;
      return (c, p, x) => {
        const v = get(c, p, x) as string | null;
        return !!v && v.endsWith(k);
      };
    }
  }
  throw new Error(`运算符 ${op} 不能用于 ${f.label}`);
}

function compileFieldCompare(
  f: FieldDef,
  get: Getter,
  op: Operator,
  ref: FieldRef,
  onNull: boolean,
  ctx: Ctx,
): RowPred {
  const key = typeof ref === 'string' ? ref : ref.field;
  const offset = typeof ref === 'string' ? 0 : (ref.offsetDays ?? 0);
  const other = fieldByKey(key);
  if (!other) throw new Error(`未知字段 ${key}`);
  const get2 = getterOf(other, ctx.asOfDay);
  const cmp = CMP[op] as Cmp | undefined;
  if (!cmp) throw new Error(`与另一字段比较不能用 ${op}`);
  if (offset !== 0) {
    // a OP b + n days, on day numbers.
    return (c, p, x) => {
      const a = get(c, p, x) as string | null;
      const b = get2(c, p, x) as string | null;
      if (!a || !b) return onNull;
      return (cmp as (a: number, b: number) => boolean)(dayNum(a), dayNum(b) + offset);
    };
  }
  return (c, p, x) => {
    const a = get(c, p, x) as never;
    const b = get2(c, p, x) as never;
    if (isNullish(a) || isNullish(b)) return onNull;
    return cmp(a, b);
  };
}

export function compileGroup(g: ConditionGroup, ctx: Ctx): RowPred {
  const parts = g.rules.map((r) => (isGroup(r) ? compileGroup(r, ctx) : compileCondition(r, ctx)));
  const pred = combine(parts, g.combinator);
  return g.not ? (c, p, x) => !pred(c, p, x) : pred;
}

function combine(parts: RowPred[], combinator: 'and' | 'or'): RowPred {
  const n = parts.length;
  if (n === 0) return () => combinator === 'and';
  if (n === 1) return parts[0];
  if (n === 2) {
    const [a, b] = parts;
    return combinator === 'and' ? (c, p, x) => a(c, p, x) && b(c, p, x) : (c, p, x) => a(c, p, x) || b(c, p, x);
  }
  if (combinator === 'and')
    return (c, p, x) => {
      for (let i = 0; i < n; i++) if (!parts[i](c, p, x)) return false;
      return true;
    };
  return (c, p, x) => {
    for (let i = 0; i < n; i++) if (parts[i](c, p, x)) return true;
    return false;
  };
}

/** Every field a node reads (its own and the field it is compared with). */
export function fieldsOf(node: Condition | ConditionGroup, out = new Set<string>()): Set<string> {
  if (isGroup(node)) {
    for (const r of node.rules) fieldsOf(r, out);
    return out;
  }
  out.add(node.field);
  if (node.valueSource === 'field') {
    const ref = node.value as FieldRef;
    out.add(typeof ref === 'string' ? ref : ref.field);
  }
  return out;
}

const readsOnlyCase = (node: Condition | ConditionGroup) =>
  [...fieldsOf(node)].every((k) => fieldByKey(k)?.sheet === 'case');

// ---- messages and facts ----

/** How a value reads in a message: dates as they are, yes/no as 是/否, lists joined, empty as 未填. */
export function formatValue(f: FieldDef, v: unknown): string {
  if (v === null || v === undefined || v === '') return '未填';
  if (f.type === 'bool') return v ? '是' : '否';
  if (Array.isArray(v)) return v.join('、');
  return String(v);
}

type MessagePart = string | ((c: CaseBundle, p: PersonB | undefined, x: Row) => string);

function compileMessage(template: string, ctx: Ctx): (c: CaseBundle, p: PersonB | undefined, x: Row) => string {
  const parts: MessagePart[] = [];
  let last = 0;
  for (const m of template.matchAll(PLACEHOLDER)) {
    const f = fieldByKey(m[1]);
    if (!f) continue;
    if (m.index! > last) parts.push(template.slice(last, m.index));
    const get = getterOf(f, ctx.asOfDay);
    if (f.key === 'person.name') parts.push((c, p, x) => (p ? maskName(get(c, p, x) as string) : '未填'));
    else if (f.type === 'text')
      // Free text (案件名称, 备注…) may carry a suspect's name: masked as in everything that leaves the office.
      parts.push((c, p, x) =>
        formatValue(
          f,
          maskNamesIn(
            (get(c, p, x) as string | null) ?? '',
            c.persons.map((q) => q.name),
          ),
        ),
      );
    else parts.push((c, p, x) => formatValue(f, get(c, p, x)));
    last = m.index! + m[0].length;
  }
  if (last < template.length) parts.push(template.slice(last));
  return (c, p, x) => {
    let s = '';
    for (const part of parts) s += typeof part === 'string' ? part : part(c, p, x);
    return s;
  };
}

/** The facts behind a finding (its fingerprint): the values of every field the rule reads, never the audit date. */
function compileFacts(def: CustomRuleDef): (c: CaseBundle, p: PersonB | undefined, x: Row) => unknown[] {
  const keys = fieldsOf(def.when);
  for (const m of def.message.matchAll(PLACEHOLDER)) if (fieldByKey(m[1])) keys.add(m[1]);
  if (keys.delete('case.daysOpen')) {
    keys.add('case.receivedOn');
    keys.add('case.concludedOn');
  }
  const getters = [...keys].sort().map((k) => fieldByKey(k)!.get);
  return (c, p, x) => getters.map((g) => g(c, p, x) ?? null);
}

// ---- the rule ----

export interface CompiledCustomRule extends Rule {
  custom: true;
  def: CustomRuleDef;
}

/**
 * A custom rule as a `Rule` of the registry's kind, for `evaluateCases`: its `evaluate` runs the compiled
 * predicate over the subject's rows of each case and emits one finding per matching row.
 */
export function compileCustomRule(def: CustomRuleDef, asOf: string): CompiledCustomRule {
  const ctx: Ctx = { asOf, asOfDay: dayNum(asOf) };
  const subject = def.subject;
  let casePred: RowPred | null = null;
  let rowPred: RowPred;
  const top = def.when;
  if (subject !== 'case' && top.combinator === 'and' && !top.not) {
    const caseOnly = top.rules.filter(readsOnlyCase);
    const rest = top.rules.filter((r) => !readsOnlyCase(r));
    casePred = caseOnly.length ? compileGroup({ combinator: 'and', rules: caseOnly }, ctx) : null;
    rowPred = compileGroup({ combinator: 'and', rules: rest }, ctx);
  } else rowPred = compileGroup(top, ctx);

  const allKeys = fieldsOf(top);
  for (const m of def.message.matchAll(PLACEHOLDER)) allKeys.add(m[1]);
  const needsPerson = [...allKeys].some((k) => fieldByKey(k)?.sheet === 'person');
  const message = compileMessage(def.message, ctx);
  const facts = compileFacts(def);
  const kind = def.title;

  const found = (emit: Emit, c: CaseBundle, p: PersonB | undefined, x: Row, personNo: string | null, key: string) =>
    emit.finding({
      personNo,
      subjectKey: key,
      kind,
      dueOn: null,
      daysLeft: null,
      facts: facts(c, p, x),
      message: message(c, p, x),
    });

  let evaluate: (c: CaseBundle, env: RuleEnv, emit: Emit) => void;
  switch (subject) {
    case 'case':
      evaluate = (c, _env, emit) => {
        if (rowPred(c, undefined, undefined)) found(emit, c, undefined, undefined, null, '');
      };
      break;
    case 'person':
      evaluate = (c, _env, emit) => {
        if (casePred && !casePred(c, undefined, undefined)) return;
        for (const p of c.persons) if (rowPred(c, p, undefined)) found(emit, c, p, undefined, p.personNo, '');
      };
      break;
    case 'event':
      evaluate = (c, _env, emit) => {
        if (casePred && !casePred(c, undefined, undefined)) return;
        for (const e of c.events) {
          const p = needsPerson ? personNamed(c, e.personNo) : undefined;
          if (rowPred(c, p, e)) found(emit, c, p, e, e.personNo, `${e.kind}@${e.on}`);
        }
      };
      break;
    case 'document':
      evaluate = (c, _env, emit) => {
        if (casePred && !casePred(c, undefined, undefined)) return;
        for (const d of c.documents) {
          const p = needsPerson ? personNamed(c, d.personNo) : undefined;
          if (rowPred(c, p, d)) found(emit, c, p, d, d.personNo, `${d.name}:${d.number}`);
        }
      };
      break;
  }
  return {
    id: def.id,
    title: def.title,
    area: def.area as Area,
    severity: def.severity as Severity,
    basis: def.basis,
    hasWindow: false,
    evaluate,
    custom: true,
    def,
  };
}

function personNamed(c: CaseBundle, personNo: string | null): PersonB | undefined {
  if (personNo == null) return undefined;
  for (const p of c.persons) if (p.personNo === personNo) return p;
  return undefined;
}
