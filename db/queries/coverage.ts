/** What the store covers (metrics.md *Earlier periods*): succeeded runs of a period's job, and how far imported data reaches back. */
import type { Db } from '../store';

/** Periods among `periods` with a succeeded run of `job` (one query). */
export function periodsWithSucceededRun(db: Db, job: string, periods: string[]): Set<string> {
  if (periods.length === 0) return new Set();
  const rows = db
    .prepare(
      `SELECT DISTINCT period FROM job_runs WHERE job = ? AND status IN ('succeeded', 'succeeded with errors') AND period IN (SELECT value FROM json_each(?))`,
    )
    .all(job, JSON.stringify(periods)) as { period: string }[];
  return new Set(rows.map((r) => r.period));
}

/**
 * The earliest day the store holds imported data for: the earliest data date (数据日期, `taken_on`, the
 * day the export was taken) of an import that wrote anything — the China date it ran for an import
 * without one — or null before any import.
 */
export function earliestDataDate(db: Db): string | null {
  const r = db
    .prepare('SELECT MIN(COALESCE(taken_on, substr(started_at, 1, 10))) AS d FROM import_batches WHERE no_op = 0')
    .get() as { d: string | null };
  return r.d;
}
