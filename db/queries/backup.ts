/** Counts of what a store holds (the demo's summary, the backup list's description). */
import type { Db } from '../store';

export interface StoreCounts {
  cases: number;
  persons: number;
  imports: number;
  findingsBySeverity: Record<string, number>;
  findingsByStatus: Record<string, number>;
  notices: number;
  reviews: number;
  referralsIn: number;
  runs: Record<string, number>;
}

export function storeCounts(db: Db): StoreCounts {
  const one = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
  const group = (sql: string) =>
    Object.fromEntries((db.prepare(sql).all() as { k: string; n: number }[]).map((r) => [r.k, r.n]));
  return {
    cases: one('SELECT count(*) AS n FROM cases'),
    persons: one('SELECT count(*) AS n FROM persons'),
    imports: one('SELECT count(*) AS n FROM import_batches WHERE no_op = 0'),
    findingsBySeverity: group('SELECT severity AS k, count(*) AS n FROM findings GROUP BY severity'),
    findingsByStatus: group('SELECT status AS k, count(*) AS n FROM findings GROUP BY status'),
    notices: one('SELECT count(*) AS n FROM notices'),
    reviews: one('SELECT count(*) AS n FROM reviews'),
    referralsIn: one('SELECT count(*) AS n FROM referrals_in'),
    runs: group(`SELECT job || ':' || status AS k, count(*) AS n FROM job_runs GROUP BY job, status`),
  };
}

/** Open findings of a day, oldest first (the demo's case manager works through them). */
export function openFindingIds(
  db: Db,
  status: string,
  limit: number,
  severity?: string,
): { id: number; case_no: string; severity: string }[] {
  if (severity)
    return db
      .prepare(
        "SELECT id, case_no, severity FROM findings WHERE status = ? AND severity = ? AND case_no <> '' ORDER BY id LIMIT ?",
      )
      .all(status, severity, limit) as never;
  return db
    .prepare("SELECT id, case_no, severity FROM findings WHERE status = ? AND case_no <> '' ORDER BY id LIMIT ?")
    .all(status, limit) as never;
}

/** A case by position (the demo picks cases to review deterministically). */
export function caseAt(
  db: Db,
  offset: number,
): { case_no: string; department: string; prosecutor: string; category: string } | undefined {
  return db
    .prepare('SELECT case_no, department, prosecutor, category FROM cases ORDER BY id LIMIT 1 OFFSET ?')
    .get(offset) as never;
}
