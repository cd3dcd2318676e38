/**
 * addDays for the generator's hot loops: core/dates.ts's addDays through small caches (the generator
 * adds days hundreds of times per case, always within a few years).
 */
import { fromDayNumber, toDayNumber } from '../../core/dates';

const toN = new Map<string, number>();
const toS = new Map<number, string>();

export function dayNo(iso: string): number {
  let n = toN.get(iso);
  if (n === undefined) {
    n = toDayNumber(iso);
    if (toN.size > 200_000) toN.clear();
    toN.set(iso, n);
  }
  return n;
}

export function dayStr(n: number): string {
  let s = toS.get(n);
  if (s === undefined) {
    s = fromDayNumber(n);
    if (toS.size > 200_000) toS.clear();
    toS.set(n, s);
  }
  return s;
}

export function addDays(iso: string, n: number): string {
  return n === 0 ? iso : dayStr(dayNo(iso) + n);
}

export function diffDays(a: string, b: string): number {
  return dayNo(a) - dayNo(b);
}
