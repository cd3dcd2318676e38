/**
 * The other areas' modules this area uses, in one place: the rule catalogue (titles, areas, legal
 * basis of built-in and custom rules) and the calendar. (The findings status API is not here: metrics only
 * read findings, and an import of core/findings would close the cycle metrics → findings → notices → documents → metrics.)
 */
import type { Db } from '../../db/store';
import { ruleCatalogue, ruleInfo as catalogueInfo, type RuleInfo } from '../rules/catalogue';
import { loadCalendar } from '../calendar';

export type { RuleInfo };
export { ruleCatalogue };

/** Title, area, severity and basis of a rule, built-in or custom (the rule catalogue). */
export function ruleInfo(db: Db, ruleId: string): RuleInfo {
  return catalogueInfo(db, ruleId);
}

export function addWorkingDays(db: Db, from: string, n: number): string {
  return loadCalendar(db).addWorkingDays(from, n);
}
