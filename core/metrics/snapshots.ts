/**
 * What a notice or inspection run freezes (snapshots table): every figure and every row behind it,
 * masked, with the office name and the generation time. Documents are a pure function of a snapshot,
 * so a re-export (even after later imports) gives the same document.
 */
import type { Db } from '../../db/store';
import { deadlinesBetween, nextSevenDays } from '../deadlines';
import * as q from '../../db/queries/metrics';
import { addDays } from '../dates';
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

export interface MonitoringSnapshot extends SnapshotMeta, Omit<MonitoringFigures, 'period' | 'start' | 'end'> {
  kind: 'monitoring';
  previous: {
    period: string;
    periodLabel: string;
    metrics: Figures;
    bySeverity: Record<string, number>;
    byArea: { area: string; count: number }[];
  };
  typical: TypicalProblem[];
  openSerious: ListRow[];
  trend: { month: string; newCount: number; rectified: number }[];
  lists: ListRow[];
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
  return { ...meta('prosecutors', month, m), rows: f.rows, departments: f.departments, totals: f.totals, lists };
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

export function buildMonitoringSnapshot(db: Db, month: string, m: MetaInput): MonitoringSnapshot {
  const f = monitoringFigures(db, month);
  const prevKey = previousPeriodKey(month);
  const prev = monitoringFigures(db, prevKey);
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
    previous: {
      period: prevKey,
      periodLabel: periodLabel(prevKey),
      metrics: prev.metrics,
      bySeverity: prev.bySeverity,
      byArea: prev.byArea,
    },
    typical: typicalProblems(db, findings, f.byRule),
    openSerious,
    trend: /^\d{4}-\d{2}$/.test(month) ? findingTrend(db, month) : [],
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
