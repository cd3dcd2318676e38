/**
 * Job runs (jobs.md): every run of the three jobs is recorded: job, period, version, as-of date,
 * started, finished, status, error, counts. The protocol that makes runs atomic:
 *
 *   1. `startRun` commits a row with status `running` (so a crash leaves a trace);
 *   2. the job does ALL its writes inside `db.transaction`, and calls `completeRun` inside that
 *      same transaction, so its products and its `succeeded` status commit together;
 *   3. on an exception the transaction rolls back and `failRun` records `failed` with the error.
 *
 * A `running` row whose process is gone is found on the next start and marked `interrupted`
 * (`recoverInterruptedRuns`), and the scheduler runs that period again.
 */
import type { Db } from '../../db/store';
import { chinaTimestamp } from '../dates';
import * as q from '../../db/queries/job-runs';

export type JobName = 'audit' | 'notice' | 'inspection';
export type RunStatus = 'running' | 'succeeded' | 'succeeded with errors' | 'failed' | 'interrupted';

export function runKey(job: JobName, period: string): string {
  return `${job}:${period}`;
}

/** Starts a run; `regenerate` makes a new version of a period that already succeeded. */
export function startRun(
  db: Db,
  job: JobName,
  period: string,
  asOf: string,
  actor: string,
  opts: { regenerate?: boolean } = {},
): { runId: number; version: number } {
  const done = q.maxVersion(db, job, period);
  const version = done === 0 ? 1 : opts.regenerate ? done + 1 : done;
  const runId = q.insertRun(db, { job, period, version, asOf, startedAt: chinaTimestamp(), actor, pid: process.pid });
  return { runId, version };
}

/** Call inside the job's write transaction. */
export function completeRun(
  db: Db,
  runId: number,
  counts: unknown,
  failedRules: { ruleId: string; error: string }[] = [],
): void {
  q.finishRunRow(db, runId, {
    status: failedRules.length ? 'succeeded with errors' : 'succeeded',
    finishedAt: chinaTimestamp(),
    counts,
    failedRules,
    error: failedRules.length ? `规则运行失败：${failedRules.map((f) => f.ruleId).join('、')}` : null,
  });
}

export function failRun(db: Db, runId: number, error: unknown): void {
  const msg = error instanceof Error ? error.message : String(error);
  q.finishRunRow(db, runId, { status: 'failed', finishedAt: chinaTimestamp(), error: msg });
}

/** Marks `running` rows of processes that no longer exist as `interrupted`. Returns them. */
export function recoverInterruptedRuns(db: Db, isAlive: (pid: number) => boolean = pidAlive): q.JobRunRow[] {
  const stale = q.runningRuns(db).filter((r) => (r.pid == null || r.pid === process.pid ? false : !isAlive(r.pid)));
  const at = chinaTimestamp();
  for (const r of stale) q.markInterrupted(db, r.id, at);
  return stale;
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function isSucceeded(status: string): boolean {
  return status === 'succeeded' || status === 'succeeded with errors';
}

/**
 * Runs `work` as a recorded job run: startRun, then work + completeRun in one immediate
 * transaction, failRun on error (rethrown). `work` returns the counts to record.
 */
export function runRecorded<T extends { counts: unknown; failedRules?: { ruleId: string; error: string }[] }>(
  db: Db,
  job: JobName,
  period: string,
  asOf: string,
  actor: string,
  work: (run: { runId: number; version: number }) => T,
  opts: { regenerate?: boolean } = {},
): T & { runId: number; version: number } {
  const run = startRun(db, job, period, asOf, actor, opts);
  try {
    const result = db
      .transaction(() => {
        const r = work(run);
        completeRun(db, run.runId, r.counts, r.failedRules ?? []);
        return r;
      })
      .immediate();
    return { ...result, ...run };
  } catch (e) {
    failRun(db, run.runId, e);
    throw e;
  }
}
