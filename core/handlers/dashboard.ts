/** Handlers of the 'dashboard/…' area. */
import { z } from 'zod';
import { defineHandler, handlerList, type HandlerDef } from './registry';
import { nowOf, todayOf, type AppContext } from '../context';
import { addDays } from '../dates';
import { isoDate } from '../schemas';
import * as q from '../../db/queries/dashboard';
import type { Db } from '../../db/store';
import { ruleCatalogue } from '../rules/catalogue';
import { AREAS } from '../metrics/catalog';
import { getFinding } from '../findings';
import { runView } from './jobs';
import * as scheduler from '../jobs/scheduler';

const SEVERITIES = ['严重', '较重', '轻微'] as const;

function bySeverity(rows: q.SeverityCount[]): Record<string, number> {
  const out: Record<string, number> = Object.fromEntries(SEVERITIES.map((s) => [s, 0]));
  for (const r of rows) out[r.severity] = r.n;
  return out;
}

/** Open findings per rule area (rules.md areas, in their order), for the home screen's chart. */
function openByArea(db: Db): { area: string; count: number }[] {
  const counts = new Map<string, number>();
  const rules = ruleCatalogue(db);
  for (const r of q.openFindingsByRule(db)) {
    const area = rules.info(r.ruleId).area;
    counts.set(area, (counts.get(area) ?? 0) + r.n);
  }
  return [...AREAS, '其他'].filter((a) => counts.has(a)).map((area) => ({ area, count: counts.get(area)! }));
}

function total(rows: q.SeverityCount[]): number {
  return rows.reduce((a, r) => a + r.n, 0);
}

interface DueItem {
  job: string;
  period: string;
  asOf: string;
  label: string;
}

/** Due/overdue job periods and the watchdog lines ("10月月检查未完成"), from the scheduler. */
function dueJobs(ctx: AppContext, asOf: string): { items: DueItem[]; messages: string[]; error?: string } {
  try {
    // The scheduler reads an instant; a past as-of date is asked about as China noon of that day.
    const now = asOf === todayOf(ctx) ? nowOf(ctx) : new Date(`${asOf}T12:00:00+08:00`);
    const items = scheduler
      .dueJobs(ctx.db, now)
      .map((d) => ({ job: d.job, period: d.period, asOf: d.asOf, label: scheduler.periodLabel(d, asOf) }));
    return { items, messages: scheduler.watchdogMessages(ctx.db, now) };
  } catch (e) {
    return { items: [], messages: [], error: `无法计算到期任务：${(e as Error).message}` };
  }
}

const summary = defineHandler({
  name: 'dashboard/summary',
  title: '查看首页概况',
  input: z.object({ asOf: isoDate.optional() }),
  run(ctx, p) {
    const asOf = p.asOf ?? todayOf(ctx);
    const db = ctx.db;
    const newRows = q.newFindingsBySeverity(db, asOf);
    const openRows = q.openFindingsBySeverity(db);
    const audit = q.latestAuditRun(db, asOf);
    const warnings = audit
      ? {
          runId: audit.id,
          runAsOf: audit.as_of,
          within3: q.warningsDueBetween(db, audit.id, asOf, addDays(asOf, 3)),
          within7: q.warningsDueBetween(db, audit.id, asOf, addDays(asOf, 7)),
        }
      : { runId: null, runAsOf: null, within3: 0, within7: 0 };
    const runs = q.lastRunsPerJob(db);
    return {
      asOf,
      findings: {
        newToday: { total: total(newRows), bySeverity: bySeverity(newRows) },
        open: { total: total(openRows), bySeverity: bySeverity(openRows) },
        overdue: q.overdueOpenFindings(db, asOf),
        byArea: openByArea(db),
        urgent: q
          .urgentOpenFindingIds(db, 8)
          .map((id) => getFinding(db, id))
          .filter((f) => f != null),
      },
      warnings,
      jobs: {
        last: runs.last.map((r) => runView(r, ctx.db)),
        lastSucceeded: runs.lastSucceeded.map((r) => runView(r, ctx.db)),
        due: dueJobs(ctx, asOf),
      },
    };
  },
});

/** The typed tuple (names, payloads, results kept: core/shared/api.ts reads it). */
export const dashboardHandlers = [summary] as const;

export const handlers: HandlerDef[] = handlerList(dashboardHandlers);
