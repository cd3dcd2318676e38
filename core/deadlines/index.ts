/**
 * 期限日历: every deadline per day, from one source that the calendar screen and the weekly notice's "next
 * seven days" share. Upcoming days: the open deadlines the latest daily audit computed (db/queries/deadlines.ts;
 * those within a rule's warning window are also 临期预警). Past days and today: open findings whose deadline
 * fell on that day (超期). Colours follow the days left from today.
 */
import type { Db } from '../../db/store';
import {
  deadlinesOfRun,
  latestAuditRunAsOf,
  openFindingsDueBetween,
  type DeadlineFilter,
  type DeadlineRow,
} from '../../db/queries/deadlines';
import { addDays, diffDays, monthPeriod } from '../dates';
import { ruleCatalogue } from '../rules/catalogue';
import { maskName } from '../shared/mask';

export type { DeadlineFilter, DeadlineRow };

/**
 * Deadlines due in [from, to] of the latest audit run as of `asOfMax` (or the latest run when null): the
 * weekly notice asks with its week's end, the calendar with no bound.
 */
export function deadlinesBetween(
  db: Db,
  opts: { from: string; to: string; asOfMax?: string | null } & DeadlineFilter,
): { auditAsOf: string | null; rows: DeadlineRow[] } {
  const run = latestAuditRunAsOf(db, opts.asOfMax ?? null);
  if (!run) return { auditAsOf: null, rows: [] };
  return {
    auditAsOf: run.asOf,
    rows: deadlinesOfRun(db, run, opts.from, opts.to, { department: opts.department, prosecutor: opts.prosecutor }),
  };
}

/** A colour band by days left from today: 超期, 3 days, 7 days, later. */
export type Band = 'overdue' | 'soon' | 'week' | 'later';
export function bandOf(daysLeft: number): Band {
  return daysLeft < 0 ? 'overdue' : daysLeft <= 3 ? 'soon' : daysLeft <= 7 ? 'week' : 'later';
}

export interface CalendarDay {
  date: string;
  /** Upcoming deadlines on the day (of the latest audit). */
  deadlines: number;
  /** Of those, 临期预警 (within their rule's warning window). */
  warnings: number;
  /** Open findings whose deadline was that day (超期). */
  overdue: number;
  /** Days from today to the date (negative in the past). */
  daysLeft: number;
  band: Band;
}

export interface CalendarMonth {
  month: string;
  today: string;
  auditAsOf: string | null;
  days: CalendarDay[];
}

export function calendarMonth(db: Db, month: string, today: string, filter: DeadlineFilter = {}): CalendarMonth {
  const p = monthPeriod(month);
  const { auditAsOf, rows } = deadlinesBetween(db, { from: p.start, to: p.end, ...filter });
  const overdue = openFindingsDueBetween(db, p.start, p.end, filter);
  const byDay = new Map<string, CalendarDay>();
  const day = (date: string) => {
    let d = byDay.get(date);
    if (!d) {
      const left = diffDays(date, today);
      byDay.set(date, (d = { date, deadlines: 0, warnings: 0, overdue: 0, daysLeft: left, band: bandOf(left) }));
    }
    return d;
  };
  for (const r of rows) {
    const d = day(r.dueOn);
    d.deadlines++;
    if (r.inWindow) d.warnings++;
  }
  for (const f of overdue) day(f.dueOn).overdue++;
  const days = [...byDay.values()].sort((a, b) => (a.date < b.date ? -1 : 1));
  for (const d of days) if (d.overdue && d.band !== 'overdue') d.band = 'overdue';
  return { month, today, auditAsOf, days };
}

export interface DayItem {
  kind: '超期' | '临期' | '期限';
  ruleId: string;
  ruleTitle: string;
  caseNo: string;
  title: string;
  /** The suspect, masked, with his number: '张某某（1号）'. */
  person: string | null;
  department: string;
  prosecutor: string;
  dueOn: string;
  daysLeft: number;
  message: string;
  findingId: number | null;
}

function personLabel(name: string | null, no: string | null): string | null {
  if (!no) return null;
  return name ? `${maskName(name)}（${no}号）` : `${no}号嫌疑人`;
}

/** What is due on one day (or in a range of days): overdue findings first, then deadlines, soonest first. */
export function calendarItems(db: Db, from: string, to: string, today: string, filter: DeadlineFilter = {}): DayItem[] {
  const out: DayItem[] = [];
  const rules = ruleCatalogue(db);
  for (const f of openFindingsDueBetween(db, from, to, filter)) {
    out.push({
      kind: '超期',
      ruleId: f.ruleId,
      ruleTitle: rules.info(f.ruleId).title,
      caseNo: f.caseNo,
      title: f.title,
      person: personLabel(f.personName, f.personNo),
      department: f.department,
      prosecutor: f.prosecutor,
      dueOn: f.dueOn,
      daysLeft: diffDays(f.dueOn, today),
      message: f.message,
      findingId: f.id,
    });
  }
  for (const r of deadlinesBetween(db, { from, to, ...filter }).rows) {
    out.push({
      kind: r.inWindow ? '临期' : '期限',
      ruleId: r.ruleId,
      ruleTitle: rules.info(r.ruleId).title,
      caseNo: r.caseNo,
      title: r.title,
      person: personLabel(r.personName, r.personNo),
      department: r.department,
      prosecutor: r.prosecutor,
      dueOn: r.dueOn,
      daysLeft: diffDays(r.dueOn, today),
      message: r.message,
      findingId: null,
    });
  }
  return out.sort((a, b) => (a.dueOn < b.dueOn ? -1 : a.dueOn > b.dueOn ? 1 : a.daysLeft - b.daysLeft));
}

/** The seven days after `end` (the weekly notice's list): (end, end + 7]. */
export function nextSevenDays(end: string): { from: string; to: string } {
  return { from: addDays(end, 1), to: addDays(end, 7) };
}
