/**
 * Which earlier periods the store covers (metrics.md *Earlier periods, quarters and years*): a bulletin
 * compares a figure with the previous period (上期/环比) and the same period a year before (同比) only
 * when the store covers that period — its monthly inspection (a week: its weekly notice) ran, or the
 * imported data reaches back to its first day. Otherwise the comparison is `—` with no difference:
 * a period the store never saw would show zeros (no audit found anything then), and "+207 against 0"
 * says nothing. The 12-month trend starts at the first covered month. A quarter or a year is covered
 * when each of its months is.
 */
import type { Db } from '../../db/store';
import { isMonthKey, isQuarterKey, isWeekKey, isYearKey, monthsOf } from '../dates';
import { earliestDataDate, periodsWithSucceededRun } from '../../db/queries/coverage';
import { periodOf } from './index';

/** Of `keys` (months, ISO weeks, quarters or years), those the store covers. */
export function coveredPeriods(db: Db, keys: string[]): Set<string> {
  const long = (k: string) => isQuarterKey(k) || isYearKey(k);
  // A quarter or a year through its months: each covered (its inspection ran or the data reaches back to it).
  const monthsOfLong = new Map(keys.filter(long).map((k) => [k, monthsOf(periodOf(k))]));
  const months = [...new Set([...keys.filter(isMonthKey), ...[...monthsOfLong.values()].flat()])];
  const weeks = keys.filter(isWeekKey);
  const ran = new Set([
    ...periodsWithSucceededRun(db, 'inspection', months),
    ...periodsWithSucceededRun(db, 'notice', weeks),
  ]);
  const since = earliestDataDate(db);
  const coveredOne = (k: string) => ran.has(k) || (since != null && since <= periodOf(k).start);
  return new Set(keys.filter((k) => (long(k) ? monthsOfLong.get(k)!.every(coveredOne) : coveredOne(k))));
}

/** Whether the store covers a month, an ISO week, a quarter or a year. */
export function covers(db: Db, key: string): boolean {
  return coveredPeriods(db, [key]).has(key);
}
