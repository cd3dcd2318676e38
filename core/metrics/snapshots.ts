/**
 * What a notice or inspection run freezes (snapshots table): every figure and every row behind it,
 * masked, with the office name and the generation time. Documents are a pure function of a snapshot,
 * so a re-export (even after later imports) gives the same document.
 */
import type { Db } from '../../db/store';
import { deadlinesBetween, nextSevenDays } from '../deadlines';
import * as q from '../../db/queries/metrics';
import { addDays, isMonthKey, isQuarterKey, isWeekKey, isYearKey, monthsOf } from '../dates';
import { coveredPeriods } from './coverage';
import { maskNamesIn } from '../shared/mask';
import {
  MONITORING_METRICS,
  PROSECUTOR_METRICS,
  findingTrend,
  listRows,
  monitoringFigures,
  periodLabel,
  periodOf,
  previousPeriodKey,
  prosecutorFigures,
  compareZh,
  type Figures,
  type ListRow,
  type MonitoringFigures,
  type ProsecutorFigures,
} from './index';
import { ruleCatalogue } from './deps';

export type SnapshotKind = 'weekly' | 'prosecutors' | 'monitoring' | 'data-check';

export interface SnapshotMeta {
  kind: SnapshotKind;
  period: string;
  periodLabel: string;
  start: string;
  end: string;
  version: number;
  asOf: string;
  generatedAt: string;
  office: string;
  officeShort: string;
  rankWithinDepartment: boolean;
  /** 主送 and 抄送 of the documents (settings at the run); absent in snapshots frozen before they existed. */
  distribution?: { addressee: string; cc: string };
}

export interface ProsecutorsSnapshot extends SnapshotMeta, Omit<ProsecutorFigures, 'period' | 'start' | 'end'> {
  kind: 'prosecutors';
  lists: ListRow[];
}

export interface TypicalProblem {
  ruleId: string;
  title: string;
  area: string;
  count: number;
  basis: string;
  examples: { caseNo: string; title: string; department: string; prosecutor: string; message: string }[];
}

/**
 * An earlier period a bulletin compares with (metrics.md *Earlier periods*): the figures only when the
 * store covers that period (core/metrics/coverage.ts); otherwise `covered: false` and null figures, and
 * a document shows `—` and no difference. Snapshots frozen before coverage existed have no `covered`
 * (read them as covered).
 */
export interface Comparison {
  period: string;
  periodLabel: string;
  covered: boolean;
  metrics: Figures | null;
  bySeverity: Record<string, number> | null;
  byArea: { area: string; count: number }[] | null;
}

export interface MonitoringSnapshot extends SnapshotMeta, Omit<MonitoringFigures, 'period' | 'start' | 'end'> {
  kind: 'monitoring';
  /** 上期/环比: the previous period (month, week, quarter or year). */
  previous: Comparison;
  /**
   * 同比: the same month or quarter a year before. A year has none (its 上期 is the year before): then an empty
   * period (`period: ''`, not covered) and the documents leave the 同比 columns out (hasYearAgo).
   */
  yearAgo: Comparison;
  typical: TypicalProblem[];
  openSerious: ListRow[];
  /**
   * New and rectified findings per month, from the first covered month to the period's last (a month: at most 12;
   * a quarter or a year: its own months).
   */
  trend: { month: string; newCount: number; rectified: number }[];
  lists: ListRow[];
}

/** Whether a comparison of a (possibly older) snapshot may be shown. */
export function comparable(c: Partial<Comparison> | undefined): c is Comparison & { metrics: Figures } {
  return !!c && c.covered !== false && !!c.metrics;
}

export interface WeeklySnapshot extends SnapshotMeta {
  kind: 'weekly';
  metrics: Figures;
  prosecutorMetrics: Figures;
  byDepartment: MonitoringFigures['byDepartment'];
  byProsecutor: MonitoringFigures['byProsecutor'];
  byRule: MonitoringFigures['byRule'];
  warnings: { auditAsOf: string | null; from: string; to: string; rows: ListRow[] };
  lists: ListRow[];
}

export interface DataCheckSnapshot extends SnapshotMeta {
  kind: 'data-check';
  audit: unknown;
  openByRule: { ruleId: string; title: string; area: string; severity: string; count: number }[];
}

export type Snapshot = ProsecutorsSnapshot | MonitoringSnapshot | WeeklySnapshot | DataCheckSnapshot;

export type MetaInput = Omit<SnapshotMeta, 'kind' | 'period' | 'periodLabel' | 'start' | 'end'>;

function meta<K extends SnapshotKind>(kind: K, period: string, m: MetaInput): SnapshotMeta & { kind: K } {
  const p = periodOf(period);
  return { kind, period, periodLabel: periodLabel(period), start: p.start, end: p.end, ...m };
}

export function buildProsecutorsSnapshot(db: Db, month: string, m: MetaInput): ProsecutorsSnapshot {
  const f = prosecutorFigures(db, month, { rankWithinDepartment: m.rankWithinDepartment });
  const lists = [
    ...listRows(db, 'case', month),
    ...listRows(db, 'person', month),
    ...listRows(db, 'finding', month, ['findingsNew', 'findingsSerious', 'findingsRectified', 'findingsOpen']),
    ...listRows(db, 'notice', month, ['noticesIssued']),
  ];
  return {
    ...meta('prosecutors', month, m),
    rows: f.rows,
    departments: f.departments,
    totals: f.totals,
    officeLevel: f.officeLevel,
    lists,
  };
}

function typicalProblems(db: Db, findings: ListRow[], byRule: MonitoringFigures['byRule'], top = 3): TypicalProblem[] {
  const rules = ruleCatalogue(db);
  return byRule.slice(0, top).map((r) => {
    const seen = new Set<string>();
    const examples: TypicalProblem['examples'] = [];
    for (const f of findings) {
      if (f.ruleId !== r.ruleId || !f.flags.includes('findingsNew') || seen.has(String(f.caseNo))) continue;
      seen.add(String(f.caseNo));
      examples.push({
        caseNo: String(f.caseNo),
        title: String(f.title ?? ''),
        department: f.department,
        prosecutor: f.prosecutor,
        message: String(f.message ?? ''),
      });
      if (examples.length === 3) break;
    }
    return { ...r, basis: rules.info(r.ruleId).basis, examples };
  });
}

/** The comparison with an earlier period: its figures when the store covers it, else none. */
function comparison(db: Db, key: string, covered: boolean): Comparison {
  const base = { period: key, periodLabel: periodLabel(key), covered };
  if (!covered) return { ...base, metrics: null, bySeverity: null, byArea: null };
  const f = monitoringFigures(db, key);
  return { ...base, metrics: f.metrics, bySeverity: f.bySeverity, byArea: f.byArea };
}

/**
 * The same month, quarter (or ISO week) a year before; null for a year (its 上期 is the year before) or when
 * that week does not exist (week 53).
 */
export function yearAgoKey(key: string): string | null {
  const k = `${+key.slice(0, 4) - 1}${key.slice(4)}`;
  return isMonthKey(k) || isWeekKey(k) || isQuarterKey(k) ? k : null;
}

/** Whether a bulletin of this period compares with the same period a year before: not a year's (see yearAgo). */
export function hasYearAgo(s: { period: string }): boolean {
  return !isYearKey(s.period);
}

/**
 * The trend: for a month the 12 months ending with it, for a quarter or a year its own months; from the first
 * month the store covers (the period's last month always); none for a week.
 */
function coveredTrend(db: Db, key: string): MonitoringSnapshot['trend'] {
  if (isWeekKey(key)) return [];
  const months = isMonthKey(key) ? [key] : monthsOf(periodOf(key));
  const last = months[months.length - 1];
  const trend = findingTrend(db, last, isMonthKey(key) ? 12 : months.length);
  const covered = coveredPeriods(
    db,
    trend.map((t) => t.month),
  );
  const first = trend.findIndex((t) => t.month === last || covered.has(t.month));
  return trend.slice(first);
}

export function buildMonitoringSnapshot(db: Db, month: string, m: MetaInput): MonitoringSnapshot {
  const f = monitoringFigures(db, month);
  const prevKey = previousPeriodKey(month);
  const yearKey = yearAgoKey(month);
  const covered = coveredPeriods(db, [prevKey, ...(yearKey ? [yearKey] : [])]);
  const findings = listRows(db, 'finding', month);
  const lists = [
    ...listRows(db, 'case', month, ['carriedOver', 'received']),
    ...findings.filter((r) => r.flags.some((x) => x !== 'openSerious')),
    ...listRows(db, 'notice', month),
    ...listRows(db, 'reminder', month),
  ];
  const openSerious = findings
    .filter((r) => r.flags.includes('openSerious'))
    .sort(
      (a, b) =>
        String(a.firstSeen).localeCompare(String(b.firstSeen)) || String(a.caseNo).localeCompare(String(b.caseNo)),
    );
  const { period: _p, start: _s, end: _e, ...figs } = f;
  return {
    ...meta('monitoring', month, m),
    ...figs,
    previous: comparison(db, prevKey, covered.has(prevKey)),
    yearAgo: yearKey
      ? comparison(db, yearKey, covered.has(yearKey))
      : { period: '', periodLabel: '', covered: false, metrics: null, bySeverity: null, byArea: null },
    typical: typicalProblems(db, findings, f.byRule),
    openSerious,
    trend: coveredTrend(db, month),
    lists,
  };
}

export function buildWeeklySnapshot(db: Db, week: string, m: MetaInput): WeeklySnapshot {
  const f = monitoringFigures(db, week);
  const pf = prosecutorFigures(db, week);
  const p = periodOf(week);
  const findings = listRows(db, 'finding', week, ['findingsNew', 'findingsRectified', 'findingsOpen']);
  const late = listRows(db, 'case', week, ['lateConcluded']);
  const notices = listRows(db, 'notice', week, ['noticesIssued', 'repliesOverdue']);
  const reminders = listRows(db, 'reminder', week);
  const to = addDays(p.end, 7);
  // The deadline calendar's source (core/deadlines): every deadline of the next seven days, not only those
  // inside their rule's warning window.
  const w = deadlinesBetween(db, { asOfMax: p.end, ...nextSevenDays(p.end) });
  const names = q.personNamesByCase(
    db,
    w.rows.map((r) => r.caseId as number).filter((x) => typeof x === 'number'),
  );
  const rules = ruleCatalogue(db);
  const warnRows: ListRow[] = w.rows.map((r) => {
    const nm = names.get(r.caseId as number) ?? [];
    return {
      base: 'case',
      flags: ['warning'],
      department: String(r.department),
      prosecutor: String(r.prosecutor),
      ruleId: String(r.ruleId),
      ruleTitle: rules.info(String(r.ruleId)).title,
      caseNo: String(r.caseNo),
      title: maskNamesIn(String(r.title ?? ''), nm),
      personNo: (r.personNo as string | null) ?? null,
      dueOn: String(r.dueOn),
      daysLeft: Number(r.daysLeft),
      message: maskNamesIn(String(r.message ?? ''), nm),
    };
  });
  const { period: _p, start: _s, end: _e, ...figs } = f;
  return {
    ...meta('weekly', week, m),
    metrics: figs.metrics,
    prosecutorMetrics: pf.totals,
    byDepartment: figs.byDepartment,
    byProsecutor: figs.byProsecutor,
    byRule: figs.byRule,
    warnings: { auditAsOf: w.auditAsOf, from: p.end, to, rows: warnRows },
    lists: [...findings, ...late, ...notices, ...reminders],
  };
}

export function buildDataCheckSnapshot(db: Db, month: string, m: MetaInput, audit: unknown): DataCheckSnapshot {
  const f = listRows(db, 'finding', month, ['findingsOpen']);
  const by = new Map<string, { ruleId: string; title: string; area: string; severity: string; count: number }>();
  for (const r of f) {
    const k = `${r.ruleId}\u0000${r.severity}`;
    const e = by.get(k) ?? {
      ruleId: String(r.ruleId),
      title: String(r.ruleTitle),
      area: String(r.ruleArea),
      severity: String(r.severity),
      count: 0,
    };
    e.count++;
    by.set(k, e);
  }
  return {
    ...meta('data-check', month, m),
    audit,
    openByRule: [...by.values()].sort((a, b) => b.count - a.count || compareZh(a.ruleId, b.ruleId)),
  };
}

export { MONITORING_METRICS, PROSECUTOR_METRICS };
