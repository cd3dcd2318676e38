/** The shapes of custom rules and rule packs (custom-rules.md "File shape"), as validated and stored. */
import type { Operator, Subject } from './fields';

export const PACK_FORMAT = 'caseflow-rules/1';

export type RelativeDate = { daysBeforeAsOf: number } | { daysAfterAsOf: number };
/** valueSource "field": the other field, with an offset in days for dates. */
export type FieldRef = string | { field: string; offsetDays?: number };

export interface Condition {
  field: string;
  operator: Operator;
  value?: unknown;
  valueSource?: 'value' | 'field';
}

export interface ConditionGroup {
  combinator: 'and' | 'or';
  not?: boolean;
  rules: (Condition | ConditionGroup)[];
}

export interface CustomRuleDef {
  id: string;
  title: string;
  area: string;
  severity: string;
  basis: string;
  subject: Subject;
  when: ConditionGroup;
  message: string;
  enabled: boolean;
}

export interface PackInfo {
  name: string;
  issuer: string;
  issuedOn: string | null;
}

export interface RulePack {
  format: typeof PACK_FORMAT;
  pack: PackInfo;
  rules: CustomRuleDef[];
}

/** One reason a file or a rule is refused: the rule (when known), the path of the offending part, why. */
export interface RuleProblem {
  file?: string;
  ruleId: string | null;
  /** `when.rules[2].value`, `title`, `pack.name`, … ('' for the whole file). */
  path: string;
  message: string;
}

export function isGroup(x: Condition | ConditionGroup): x is ConditionGroup {
  return Array.isArray((x as ConditionGroup).rules);
}

/** A `{sheet.field}` placeholder in a rule's message template. */
export const PLACEHOLDER = /\{([a-z]+\.[A-Za-z]+)\}/g;
