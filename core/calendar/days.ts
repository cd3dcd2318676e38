/**
 * Memoised civil-date arithmetic for the audit's hot loop: the same results as core/dates
 * (addDays, diffDays, addMonths), without building a Date for every call. A store's dates
 * repeat a lot, so a small cache of string ⇄ day-number conversions does most of the work.
 */
import { addMonths as addMonthsSlow, fromDayNumber, toDayNumber, type IsoDate } from '../dates';

const numOf = new Map<string, number>();
const isoOf = new Map<number, string>();
const monthsOf = new Map<number, Map<string, string>>();
const LIMIT = 200_000;

export function dayNum(iso: IsoDate): number {
  let n = numOf.get(iso);
  if (n === undefined) {
    n = toDayNumber(iso);
    if (numOf.size > LIMIT) numOf.clear();
    numOf.set(iso, n);
  }
  return n;
}

export function isoDay(n: number): IsoDate {
  let s = isoOf.get(n);
  if (s === undefined) {
    s = fromDayNumber(n);
    if (isoOf.size > LIMIT) isoOf.clear();
    isoOf.set(n, s);
  }
  return s;
}

export function addDays(iso: IsoDate, n: number): IsoDate {
  return n === 0 ? iso : isoDay(dayNum(iso) + n);
}

/** a − b in days. */
export function diffDays(a: IsoDate, b: IsoDate): number {
  return dayNum(a) - dayNum(b);
}

export function addMonths(iso: IsoDate, n: number): IsoDate {
  let byDay = monthsOf.get(n);
  if (byDay === undefined) monthsOf.set(n, (byDay = new Map()));
  let r = byDay.get(iso);
  if (r === undefined) {
    r = addMonthsSlow(iso, n);
    if (byDay.size > LIMIT) byDay.clear();
    byDay.set(iso, r);
  }
  return r;
}
