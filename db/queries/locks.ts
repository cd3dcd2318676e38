/** Job locks between processes (core/jobs/lock.ts) and the scheduler's small state table. */
import type { Db } from '../store';

export interface LockRow {
  job: string;
  owner: string;
  acquired_at: string;
  heartbeat_at: string;
}

export function getLock(db: Db, job: string): LockRow | undefined {
  return db.prepare('SELECT job, owner, acquired_at, heartbeat_at FROM job_locks WHERE job = ?').get(job) as
    LockRow | undefined;
}

export function listLocks(db: Db): LockRow[] {
  return db.prepare('SELECT job, owner, acquired_at, heartbeat_at FROM job_locks ORDER BY job').all() as LockRow[];
}

export function upsertLock(db: Db, job: string, owner: string, at: string): void {
  db.prepare(
    `INSERT INTO job_locks(job, owner, acquired_at, heartbeat_at) VALUES (?, ?, ?, ?)
              ON CONFLICT(job) DO UPDATE SET owner = excluded.owner, acquired_at = excluded.acquired_at, heartbeat_at = excluded.heartbeat_at`,
  ).run(job, owner, at, at);
}

/** Returns true when the row still belonged to `owner`. */
export function touchLock(db: Db, job: string, owner: string, at: string): boolean {
  return (
    db.prepare('UPDATE job_locks SET heartbeat_at = ? WHERE job = ? AND owner = ?').run(at, job, owner).changes > 0
  );
}

export function deleteLock(db: Db, job: string, owner: string): boolean {
  return db.prepare('DELETE FROM job_locks WHERE job = ? AND owner = ?').run(job, owner).changes > 0;
}

export function getSchedulerState(db: Db, key: string): string | undefined {
  const r = db.prepare('SELECT value FROM scheduler_state WHERE key = ?').get(key) as { value: string } | undefined;
  return r?.value;
}

export function setSchedulerState(db: Db, key: string, value: string): void {
  db.prepare(
    'INSERT INTO scheduler_state(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
  ).run(key, value);
}

/** Earliest date the store has data for: the earliest case receipt (null for an empty store). */
export function earliestCaseReceipt(db: Db): string | null {
  const r = db.prepare('SELECT MIN(received_on) AS d FROM cases').get() as { d: string | null };
  return r.d;
}

/** Succeeded periods of a job among `periods` (one query). */
export function succeededPeriods(db: Db, job: string, periods: string[]): Set<string> {
  if (periods.length === 0) return new Set();
  const rows = db
    .prepare(
      `SELECT DISTINCT period FROM job_runs WHERE job = ? AND status IN ('succeeded', 'succeeded with errors') AND period IN (SELECT value FROM json_each(?))`,
    )
    .all(job, JSON.stringify(periods)) as { period: string }[];
  return new Set(rows.map((r) => r.period));
}

/** The latest run (any status) of each of `periods`. */
export function latestRuns(
  db: Db,
  job: string,
  periods: string[],
): Map<string, { status: string; error: string | null; failed_rules_json: string }> {
  const out = new Map<string, { status: string; error: string | null; failed_rules_json: string }>();
  if (periods.length === 0) return out;
  const rows = db
    .prepare(
      `SELECT period, status, error, failed_rules_json FROM job_runs WHERE job = ? AND period IN (SELECT value FROM json_each(?)) ORDER BY id`,
    )
    .all(job, JSON.stringify(periods)) as {
    period: string;
    status: string;
    error: string | null;
    failed_rules_json: string;
  }[];
  for (const r of rows) out.set(r.period, r);
  return out;
}

/** Drops every job lock (a restored store carries none of the old processes' locks). */
export function clearLocks(db: Db): void {
  db.prepare('DELETE FROM job_locks').run();
}
