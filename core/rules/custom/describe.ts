/**
 * A custom rule in plain Chinese, for the rule list, its history (old → new) and the CLI:
 * `案件类别 等于 审查起诉 并且 认罪认罚 为 是 并且 结论日期 晚于 受理日期 + 7 天`.
 */
import { fieldByKey, NO_VALUE_OPERATORS, operatorLabel, SUBJECT_LABELS, type FieldDef } from './fields';
import { isGroup, type Condition, type ConditionGroup, type CustomRuleDef, type FieldRef } from './types';

function valueZh(f: FieldDef | undefined, v: unknown): string {
  if (typeof v === 'boolean') return v ? '是' : '否';
  if (v && typeof v === 'object' && !Array.isArray(v)) {
    const o = v as { daysBeforeAsOf?: number; daysAfterAsOf?: number };
    if (o.daysBeforeAsOf !== undefined)
      return o.daysBeforeAsOf === 0 ? '审核日期' : `审核日期前 ${o.daysBeforeAsOf} 天`;
    if (o.daysAfterAsOf !== undefined) return o.daysAfterAsOf === 0 ? '审核日期' : `审核日期后 ${o.daysAfterAsOf} 天`;
  }
  if (Array.isArray(v)) return v.map((x) => valueZh(f, x)).join('、');
  return String(v);
}

function refZh(ref: FieldRef): string {
  const key = typeof ref === 'string' ? ref : ref.field;
  const off = typeof ref === 'string' ? 0 : (ref.offsetDays ?? 0);
  const label = fieldByKey(key)?.label ?? key;
  return off === 0 ? label : `${label} ${off > 0 ? '+' : '−'} ${Math.abs(off)} 天`;
}

export function describeCondition(c: Condition): string {
  const f = fieldByKey(c.field);
  const label = f?.label ?? c.field;
  const op = operatorLabel(c.operator, f?.type);
  if (NO_VALUE_OPERATORS.includes(c.operator)) return `${label} ${op}`;
  if (c.valueSource === 'field') return `${label} ${op} ${refZh(c.value as FieldRef)}`;
  if (c.operator === 'between' || c.operator === 'notBetween') {
    const [a, b] = c.value as unknown[];
    return `${label} ${op} ${valueZh(f, a)} 至 ${valueZh(f, b)}`;
  }
  return `${label} ${op} ${valueZh(f, c.value)}`;
}

export function describeGroup(g: ConditionGroup, nested = false): string {
  const joiner = g.combinator === 'and' ? ' 并且 ' : ' 或者 ';
  const body = g.rules.map((r) => (isGroup(r) ? describeGroup(r, true) : describeCondition(r))).join(joiner);
  if (g.not) return `并非（${body}）`;
  return nested && g.rules.length > 1 ? `（${body}）` : body;
}

/** The rule's facts a reader compares between versions, with Chinese names. */
export function ruleFactsZh(r: CustomRuleDef): [string, string][] {
  return [
    ['名称', r.title],
    ['领域', r.area],
    ['严重程度', r.severity],
    ['法律依据', r.basis || '（无）'],
    ['对象', SUBJECT_LABELS[r.subject] ?? r.subject],
    ['条件', describeGroup(r.when)],
    ['问题描述', r.message],
    ['启用', r.enabled ? '是' : '否'],
  ];
}

/** What changed from one version to the next, in Chinese (`严重程度：轻微 → 较重`). */
export function changesZh(
  before: CustomRuleDef | null,
  after: CustomRuleDef,
): { item: string; from: string | null; to: string }[] {
  const a = new Map(before ? ruleFactsZh(before) : []);
  return ruleFactsZh(after)
    .filter(([k, v]) => !before || a.get(k) !== v)
    .map(([item, to]) => ({ item, from: before ? (a.get(item) ?? null) : null, to }));
}
