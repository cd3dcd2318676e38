/** Handlers of the 'jobs/…' area. */
import { z } from 'zod';
import { defineHandler, handlerList, type HandlerDef } from './registry';
import { listRuns, type JobRunRow } from '../../db/queries/job-runs';
import { runWarning } from '../jobs/empty-store';
import { ruleInfo } from '../metrics/deps';
import type { Db } from '../../db/store';

export interface JobRunView {
  id: number;
  job: string;
  period: string;
  version: number;
  asOf: string;
  startedAt: string;
  finishedAt: string | null;
  status: string;
  error: string | null;
  /** The run's counts as the job recorded them (counts_json): figure name → number. */
  counts: Record<string, unknown>;
  /** Rules that threw (failed_rules_json, written by completeRun). */
  failedRules: { ruleId: string; title: string; error: string }[];
  actor: string;
  /** A warning about a run that succeeded on nothing (an audit of 0 cases), shown instead of 成功. */
  warning: string | null;
}

function parseJson(s: string | null, fallback: unknown): unknown {
  if (!s) return fallback;
  try {
    return JSON.parse(s);
  } catch {
    return fallback;
  }
}

/** A job_runs row as plain camelCase JSON for the doors. */
export function runView(r: JobRunRow, db: Db): JobRunView {
  return {
    id: r.id,
    job: r.job,
    period: r.period,
    version: r.version,
    asOf: r.as_of,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    status: r.status,
    error: r.error,
    counts: parseJson(r.counts_json, {}) as JobRunView['counts'],
    // Rules by title: a clerk reads 审查逮捕期限, not DL-ARREST.
    failedRules: (parseJson(r.failed_rules_json, []) as { ruleId: string; error: string }[]).map((f) => ({
      ...f,
      title: ruleInfo(db, f.ruleId).title,
    })),
    actor: r.actor,
    warning: runWarning(r.job, parseJson(r.counts_json, {}) as Record<string, unknown>),
  };
}

const list = defineHandler({
  name: 'jobs/list',
  title: '查看任务运行记录',
  input: z.object({
    job: z.enum(['audit', 'notice', 'inspection']).optional(),
    limit: z.number().int().min(1).max(1000).optional(),
  }),
  run(ctx, p) {
    return { runs: listRuns(ctx.db, { job: p.job, limit: p.limit ?? 100 }).map((r) => runView(r, ctx.db)) };
  },
});

/** The typed tuple (names, payloads, results kept: core/shared/api.ts reads it). */
export const jobsHandlers = [list] as const;

export const handlers: HandlerDef[] = handlerList(jobsHandlers);
