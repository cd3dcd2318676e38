/** The dashboard's figures (dashboard/summary): a few grouped queries over findings, warnings and job runs. */
import type { Db } from '../store';
import type { JobRunRow } from './job-runs';

const OPEN_STATUSES = ['待处理', '已提示', '已通知'] as const;

export interface SeverityCount {
  severity: string;
  n: number;
}

/** Findings first seen on `asOf`, by severity. */
export function newFindingsBySeverity(db: Db, asOf: string): SeverityCount[] {
  return db
    .prepare('SELECT severity, COUNT(*) AS n FROM findings WHERE first_seen = ? GROUP BY severity ORDER BY severity')
    .all(asOf) as SeverityCount[];
}

/** Open findings (待处理, 已提示, 已通知), by severity. */
export function openFindingsBySeverity(db: Db): SeverityCount[] {
  return db
    .prepare(
      'SELECT severity, COUNT(*) AS n FROM findings WHERE status IN (?, ?, ?) GROUP BY severity ORDER BY severity',
    )
    .all(...OPEN_STATUSES) as SeverityCount[];
}

/** Open findings whose deadline is before `asOf`. */
export function overdueOpenFindings(db: Db, asOf: string): number {
  const r = db
    .prepare('SELECT COUNT(*) AS n FROM findings WHERE status IN (?, ?, ?) AND due_on IS NOT NULL AND due_on < ?')
    .get(...OPEN_STATUSES, asOf) as { n: number };
  return r.n;
}

/** The latest succeeded audit run as of `asOf` (its warnings are the current 临期预警). */
export function latestAuditRun(db: Db, asOf: string): JobRunRow | undefined {
  return db
    .prepare(
      `SELECT * FROM job_runs WHERE job = 'audit' AND status IN ('succeeded', 'succeeded with errors') AND as_of <= ?
    ORDER BY as_of DESC, version DESC, id DESC LIMIT 1`,
    )
    .get(asOf) as JobRunRow | undefined;
}

/** Warnings of one run whose deadline falls in [from, to]. */
export function warningsDueBetween(db: Db, runId: number, from: string, to: string): number {
  const r = db
    .prepare('SELECT COUNT(*) AS n FROM warnings WHERE run_id = ? AND due_on >= ? AND due_on <= ?')
    .get(runId, from, to) as { n: number };
  return r.n;
}

/** The latest run of each job (any status) and the latest succeeded one. */
export function lastRunsPerJob(db: Db): { last: JobRunRow[]; lastSucceeded: JobRunRow[] } {
  const last = db
    .prepare('SELECT * FROM job_runs WHERE id IN (SELECT MAX(id) FROM job_runs GROUP BY job) ORDER BY job')
    .all() as JobRunRow[];
  const lastSucceeded = db
    .prepare(
      `SELECT * FROM job_runs WHERE id IN (SELECT MAX(id) FROM job_runs WHERE status IN ('succeeded', 'succeeded with errors') GROUP BY job) ORDER BY job`,
    )
    .all() as JobRunRow[];
  return { last, lastSucceeded };
}

/** Open findings by rule (the handler folds rules into their areas). */
export function openFindingsByRule(db: Db): { ruleId: string; n: number }[] {
  return db
    .prepare('SELECT rule_id AS ruleId, COUNT(*) AS n FROM findings WHERE status IN (?, ?, ?) GROUP BY rule_id')
    .all(...OPEN_STATUSES) as { ruleId: string; n: number }[];
}

/** Ids of the most urgent open findings: 严重 first, then the most days overdue (least days left). */
export function urgentOpenFindingIds(db: Db, limit: number): number[] {
  return db
    .prepare(
      `SELECT id FROM findings WHERE status IN (?, ?, ?)
    ORDER BY CASE severity WHEN '严重' THEN 0 WHEN '较重' THEN 1 ELSE 2 END, days_left IS NULL, days_left, case_no LIMIT ?`,
    )
    .pluck()
    .all(...OPEN_STATUSES, limit) as number[];
}
