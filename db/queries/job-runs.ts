import type { Db } from '../store';

export interface JobRunRow {
  id: number;
  job: string;
  period: string;
  version: number;
  as_of: string;
  started_at: string;
  finished_at: string | null;
  status: string;
  error: string | null;
  counts_json: string;
  failed_rules_json: string;
  actor: string;
  pid: number | null;
}

export function insertRun(
  db: Db,
  r: { job: string; period: string; version: number; asOf: string; startedAt: string; actor: string; pid: number },
): number {
  return Number(
    db
      .prepare(
        `INSERT INTO job_runs(job, period, version, as_of, started_at, status, actor, pid) VALUES (?, ?, ?, ?, ?, 'running', ?, ?)`,
      )
      .run(r.job, r.period, r.version, r.asOf, r.startedAt, r.actor, r.pid).lastInsertRowid,
  );
}

export function finishRunRow(
  db: Db,
  id: number,
  f: { status: string; finishedAt: string; error?: string | null; counts?: unknown; failedRules?: unknown },
): void {
  db.prepare(
    `UPDATE job_runs SET status = ?, finished_at = ?, error = ?, counts_json = ?, failed_rules_json = ? WHERE id = ?`,
  ).run(
    f.status,
    f.finishedAt,
    f.error ?? null,
    JSON.stringify(f.counts ?? {}),
    JSON.stringify(f.failedRules ?? []),
    id,
  );
}

export function getRun(db: Db, id: number): JobRunRow | undefined {
  return db.prepare('SELECT * FROM job_runs WHERE id = ?').get(id) as JobRunRow | undefined;
}

/** The latest run of a job's period, whatever its status (the scheduler's before/after check). */
export function latestRunOf(
  db: Db,
  job: string,
  period: string,
): Pick<JobRunRow, 'id' | 'status' | 'error' | 'failed_rules_json'> | undefined {
  return db
    .prepare(
      'SELECT id, status, error, failed_rules_json FROM job_runs WHERE job = ? AND period = ? ORDER BY id DESC LIMIT 1',
    )
    .get(job, period) as never;
}

/** The latest succeeded run of a job's period (highest version). */
export function latestSucceededRun(db: Db, job: string, period: string): JobRunRow | undefined {
  return db
    .prepare(
      `SELECT * FROM job_runs WHERE job = ? AND period = ? AND status IN ('succeeded', 'succeeded with errors') ORDER BY version DESC, id DESC LIMIT 1`,
    )
    .get(job, period) as JobRunRow | undefined;
}

export function maxVersion(db: Db, job: string, period: string): number {
  const r = db
    .prepare(
      `SELECT MAX(version) AS v FROM job_runs WHERE job = ? AND period = ? AND status IN ('succeeded', 'succeeded with errors')`,
    )
    .get(job, period) as { v: number | null };
  return r.v ?? 0;
}

export function runningRuns(db: Db): JobRunRow[] {
  return db.prepare(`SELECT * FROM job_runs WHERE status = 'running' ORDER BY id`).all() as JobRunRow[];
}

export function markInterrupted(db: Db, id: number, at: string): void {
  db.prepare(
    `UPDATE job_runs SET status = 'interrupted', finished_at = ?, error = COALESCE(error, '运行中断（进程被终止或崩溃），将重新运行') WHERE id = ? AND status = 'running'`,
  ).run(at, id);
}

export function listRuns(db: Db, opts: { job?: string; limit?: number } = {}): JobRunRow[] {
  if (opts.job)
    return db
      .prepare('SELECT * FROM job_runs WHERE job = ? ORDER BY id DESC LIMIT ?')
      .all(opts.job, opts.limit ?? 100) as JobRunRow[];
  return db.prepare('SELECT * FROM job_runs ORDER BY id DESC LIMIT ?').all(opts.limit ?? 100) as JobRunRow[];
}

/** The runs of a job's period that are `running` (normally none, or the one of a live process). */
export function runningRunsOf(db: Db, job: string, period: string): JobRunRow[] {
  return db
    .prepare(`SELECT * FROM job_runs WHERE job = ? AND period = ? AND status = 'running' ORDER BY id`)
    .all(job, period) as JobRunRow[];
}

/**
 * Removes what runs that did not succeed left in the store: the snapshots of the job's period whose
 * run is `interrupted` or `failed` (a run killed or failed after its products committed, while its
 * documents were being written). Returns how many were removed.
 */
export function deleteProductsOfUnfinishedRuns(db: Db, job: string, period: string): number {
  return db
    .prepare(
      `DELETE FROM snapshots WHERE run_id IN (SELECT id FROM job_runs WHERE job = ? AND period = ? AND status IN ('interrupted', 'failed'))`,
    )
    .run(job, period).changes;
}

/**
 * Gives run `runId` the snapshots of kinds `kinds` that unfinished runs (interrupted, failed) of the job's
 * period left: products that took a number (the referral package's 抄送函 文号) are adopted by the re-run
 * rather than made again, so a kill never leaves a gap in the numbering.
 */
export function adoptProductsOfUnfinishedRuns(
  db: Db,
  job: string,
  period: string,
  kinds: string[],
  runId: number,
): number {
  if (!kinds.length) return 0;
  return db
    .prepare(
      `UPDATE snapshots SET run_id = ? WHERE kind IN (SELECT value FROM json_each(?)) AND run_id IN (SELECT id FROM job_runs WHERE job = ? AND period = ? AND status IN ('interrupted', 'failed'))`,
    )
    .run(runId, JSON.stringify(kinds), job, period).changes;
}

/** Removes the snapshots of one run (its products, when its documents failed), but those of `keepKinds`. */
export function deleteProductsOfRun(db: Db, runId: number, keepKinds: string[] = []): number {
  return db
    .prepare('DELETE FROM snapshots WHERE run_id = ? AND kind NOT IN (SELECT value FROM json_each(?))')
    .run(runId, JSON.stringify(keepKinds)).changes;
}

/** The status of a run by id, or undefined. */
export function runStatus(db: Db, id: number): string | undefined {
  return (db.prepare('SELECT status FROM job_runs WHERE id = ?').get(id) as { status: string } | undefined)?.status;
}
