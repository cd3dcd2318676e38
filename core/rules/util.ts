/** Small helpers the rule families share. */
import { diffDays } from '../calendar/days';
import { maskName } from '../shared/mask';
import type { CaseBundle, EventB, PersonB } from './types';

export const OPEN = '在办';
export const CONCLUDED = '办结';

export function who(p: PersonB): string {
  return maskName(p.name) || `嫌疑人${p.personNo}`;
}

export function personOf(c: CaseBundle, personNo: string | null): PersonB | undefined {
  return personNo == null ? undefined : c.persons.find((p) => p.personNo === personNo);
}

export function eventWho(c: CaseBundle, e: { personNo: string | null }): string {
  const p = personOf(c, e.personNo);
  return p ? `${who(p)} ` : '';
}

/** Days past due on `on` (> 0 means late). */
export function lateBy(due: string, on: string): number {
  return diffDays(on, due);
}

export function eventKey(e: EventB): string {
  return `${e.kind}@${e.on}`;
}

/** The first event of a kind that concerns the person (or names no person, which covers all), in the case's order. */
export function firstEventFor(c: CaseBundle, kind: string, personNo: string | null): EventB | undefined {
  for (const e of c.events)
    if (e.kind === kind && (e.personNo == null || personNo == null || e.personNo === personNo)) return e;
  return undefined;
}

/** "已超期 3 日" / "今日届满" / "尚余 2 日". */
export function leftText(daysLeft: number): string {
  if (daysLeft < 0) return `已超期 ${-daysLeft} 日`;
  if (daysLeft === 0) return '今日届满';
  return `尚余 ${daysLeft} 日`;
}
