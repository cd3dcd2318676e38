/** Shared by the custom-rule tests: a rule definition with defaults, and what a rule matches in a store. */
import type { Db } from '../../../db/store';
import { loadCaseBundles } from '../../../db/queries/audit';
import { compileCustomRule } from '../../../core/rules/custom/compile';
import { checkRule } from '../../../core/rules/custom/validate';
import { evaluateCases } from '../../../core/rules/evaluate';
import { BUILT_IN_RULE_IDS } from '../../../core/rules/catalogue';
import { builtInCalendar } from '../../../core/calendar';
import { DEFAULT_SETTINGS } from '../../../core/settings';
import type { ConditionGroup, CustomRuleDef } from '../../../core/rules/custom/types';
import type { Subject } from '../../../core/rules/custom/fields';

let n = 0;
export function ruleDef(subject: Subject, when: ConditionGroup, extra: Partial<CustomRuleDef> = {}): CustomRuleDef {
  return {
    id: `X-T${++n}`,
    title: '测试规则',
    area: '案卡填录',
    severity: '轻微',
    basis: '',
    subject,
    when,
    message: '测试',
    enabled: true,
    ...extra,
  };
}

/** Validates (it must pass the allow-list), compiles and runs one rule over the store: `caseNo/personNo/subjectKey` per finding. */
export function matches(db: Db, def: CustomRuleDef, asOf: string): string[] {
  const checked = checkRule(def, { builtInIds: BUILT_IN_RULE_IDS });
  if (!checked.rule) throw new Error(checked.problems.map((p) => `${p.path}: ${p.message}`).join('\n'));
  return run(db, checked.rule, asOf).map((d) => `${d.caseNo}/${d.personNo ?? ''}/${d.subjectKey}`);
}

export function run(db: Db, def: CustomRuleDef, asOf: string) {
  const res = evaluateCases(loadCaseBundles(db, asOf), [compileCustomRule(def, asOf)], {
    asOf,
    cal: builtInCalendar(),
    settings: DEFAULT_SETTINGS,
    window: () => null,
  });
  if (res.failedRules.length) throw new Error(res.failedRules[0].error);
  return res.detections.map((d) => ({
    caseNo: d.bundle.caseNo,
    personNo: d.personNo,
    subjectKey: d.subjectKey,
    message: d.message,
    fingerprint: d.fingerprint,
  }));
}

export const and = (...rules: ConditionGroup['rules']): ConditionGroup => ({ combinator: 'and', rules });
export const or = (...rules: ConditionGroup['rules']): ConditionGroup => ({ combinator: 'or', rules });
