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
 *
 * A job that writes documents (the weekly notice, the monthly inspection) follows `runWithDocuments`
 * (jobs.md *A run and its files*): products first, then the documents through a staging folder, then
 * `succeeded`, so a run killed at any point is never `succeeded` and is run again whole.
 */
import type { Db } from '../../db/store';
import { chinaTimestamp } from '../dates';
import * as q from '../../db/queries/job-runs';
import { faultPoint } from './faults';
import { writeStaged } from './staging';

export type JobName = 'audit' | 'notice' | 'inspection';
export type RunStatus = 'running' | 'succeeded' | 'succeeded with errors' | 'failed' | 'interrupted';

export function runKey(job: JobName, period: string): string {
  return `${job}:${period}`;
}

/** A run's period in words: `2026年第47周周通报`, `2026年10月月检查`, `2026-11-23日审核`. */
export function runLabel(job: JobName, period: string): string {
  if (job === 'notice') return `${period.slice(0, 4)}年第${+period.slice(6)}周周通报`;
  if (job === 'inspection') return `${period.slice(0, 4)}年${+period.slice(5, 7)}月月检查`;
  return `${period}日审核`;
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

export class RunBusyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RunBusyError';
  }
}

/**
 * Starts a run of a job's period that writes documents: refuses while another live run of the same
 * period is under way; marks runs of dead processes `interrupted` and removes the products they left
 * (snapshots of interrupted or failed runs of that period), in one immediate transaction.
 */
export function startDocumentRun(
  db: Db,
  job: JobName,
  period: string,
  asOf: string,
  actor: string,
  opts: { regenerate?: boolean; adoptKinds?: string[] },
): { runId: number; version: number } {
  return db
    .transaction(() => {
      recoverInterruptedRuns(db);
      const busy = q
        .runningRunsOf(db, job, period)
        .filter((r) => r.pid == null || r.pid === process.pid || pidAlive(r.pid));
      if (busy.length)
        throw new RunBusyError(`${runLabel(job, period)}正在运行（开始于 ${busy[0].started_at}），请待其完成后再试`);
      const run = startRun(db, job, period, asOf, actor, opts);
      q.adoptProductsOfUnfinishedRuns(db, job, period, opts.adoptKinds ?? [], run.runId);
      q.deleteProductsOfUnfinishedRuns(db, job, period);
      return run;
    })
    .immediate();
}

export interface DocumentStep<T> {
  /** The output folder; without one the run writes no documents and succeeds with its products. */
  outDir?: string;
  /** Writes the documents of the run into `dir` (the staging folder); returns the paths written. */
  write: (dir: string, products: T, run: { runId: number; version: number }) => Promise<string[]>;
}

/**
 * The protocol of a job with documents (jobs.md *A run and its files*), in this order:
 *
 *   1. `startDocumentRun`: a `running` row (products of earlier unfinished runs of the period removed, but
 *      those of `adoptKinds`, which the new run adopts);
 *   2. products: `work(run)` in one immediate transaction; the run stays `running`;
 *   3. documents: written into a staging folder inside the output folder, then moved into place;
 *   4. `succeeded` (with the counts) in its own transaction.
 *
 * An error at 2–4 marks the run `failed` and removes its products in one transaction (rethrown). A kill
 * at any point leaves the run `running`: the next start marks it `interrupted`, the scheduler runs the
 * period again, step 1 removes the products it left and the staging write removes its staging folder,
 * and the documents moved into place by the killed run are replaced by the same names.
 */
export async function runWithDocuments<
  T extends { counts: unknown; failedRules?: { ruleId: string; error: string }[] },
>(
  db: Db,
  job: JobName,
  period: string,
  asOf: string,
  actor: string,
  work: (run: { runId: number; version: number }) => T,
  documents: DocumentStep<T>,
  /** `adoptKinds`: products that take a number when made (written while the documents are) and are adopted by a re-run. */
  opts: { regenerate?: boolean; adoptKinds?: string[] } = {},
): Promise<T & { runId: number; version: number; files: string[] }> {
  const run = startDocumentRun(db, job, period, asOf, actor, opts);
  try {
    const products = db.transaction(() => work(run)).immediate();
    faultPoint(`${job}:products`);
    let files: string[] = [];
    if (documents.outDir)
      files = await writeStaged(
        documents.outDir,
        `${job}-${period}-r${run.runId}`,
        (dir) => documents.write(dir, products, run),
        {
          fault: job,
        },
      );
    faultPoint(`${job}:placed`);
    db.transaction(() => completeRun(db, run.runId, products.counts, products.failedRules ?? [])).immediate();
    return { ...products, ...run, files };
  } catch (e) {
    try {
      db.transaction(() => {
        q.deleteProductsOfRun(db, run.runId, opts.adoptKinds);
        failRun(db, run.runId, e);
      }).immediate();
    } catch {
      /* the store is gone (closed, disk full): the next start finds the run `running` and marks it interrupted */
    }
    throw e;
  }
}
