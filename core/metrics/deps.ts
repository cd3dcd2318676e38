/**
 * The other areas' modules this area uses, in one place: the rule catalogue (titles, areas, legal
 * basis of built-in and custom rules), the findings status API, the calendar, the audit and the referral package.
 */
import type { AppContext } from '../context';
import type { Db } from '../../db/store';
import { ruleCatalogue, ruleInfo as catalogueInfo, type RuleInfo } from '../rules/catalogue';
import { loadCalendar } from '../calendar';
import { changeFindingStatus } from '../findings';

export type { RuleInfo };
export { ruleCatalogue };

/** Title, area, severity and basis of a rule, built-in or custom (the rule catalogue). */
export function ruleInfo(db: Db, ruleId: string): RuleInfo {
  return catalogueInfo(db, ruleId);
}

export function markNoticed(ctx: AppContext, findingId: number, noticeId: number, onDate: string): void {
  changeFindingStatus(ctx, findingId, { action: 'notice', noticeId, onDate });
}

export function addWorkingDays(db: Db, from: string, n: number): string {
  return loadCalendar(db).addWorkingDays(from, n);
}
