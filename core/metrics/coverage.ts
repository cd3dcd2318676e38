/**
 * Which earlier periods the store covers (metrics.md *Earlier periods, quarters and years*): a bulletin
 * compares a figure with the previous period (上期/环比) and the same period a year before (同比) only
 * when the store covers that period — its monthly inspection (a week: its weekly notice) ran, or the
 * imported data reaches back to its first day. Otherwise the comparison is `—` with no difference:
 * a period the store never saw would show zeros (no audit found anything then), and "+207 against 0"
 * says nothing. The 12-month trend starts at the first covered month.
 */
import type { Db } from '../../db/store';
import { isMonthKey } from '../dates';
import { earliestDataDate, periodsWithSucceededRun } from '../../db/queries/coverage';
import { periodOf } from './index';

/** Of `keys` (months or ISO weeks), those the store covers. */
export function coveredPeriods(db: Db, keys: string[]): Set<string> {
  const months = keys.filter(isMonthKey);
  const weeks = keys.filter((k) => !isMonthKey(k));
  const ran = new Set([
    ...periodsWithSucceededRun(db, 'inspection', months),
    ...periodsWithSucceededRun(db, 'notice', weeks),
  ]);
  const since = earliestDataDate(db);
  return new Set(keys.filter((k) => ran.has(k) || (since != null && since <= periodOf(k).start)));
}

/** Whether the store covers a month or an ISO week. */
export function covers(db: Db, key: string): boolean {
  return coveredPeriods(db, [key]).has(key);
}
