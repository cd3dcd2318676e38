/**
 * Handlers of the 'bulletins/…' area, and the two jobs that make bulletins ('jobs/run-notice',
 * 'jobs/run-inspection'). Figures for preview and drill-down come from the frozen snapshot of a
 * run when there is one (what was issued), else live from the store.
 */
import { z } from 'zod';
import { defineHandler, handlerList, HandlerError, type HandlerDef } from './registry';
import { todayOf, type AppContext } from '../context';
import { exportDirOf as exportDirOfContext, folderToWrite } from '../security/path-guard';
import { isMonthKey, isQuarterKey, isWeekKey, isYearKey } from '../dates';
import { listRuns } from '../../db/queries/job-runs';
import { listSnapshots } from '../../db/queries/snapshots';
import {
  METRICS_BY_ID,
  cellOf,
  columnsFor,
  filterBehind,
  listBehind,
  monitoringFigures,
  prosecutorFigures,
} from '../metrics';
import { comparable, type Snapshot, type SnapshotKind } from '../metrics/snapshots';
import { findingTrendOption, findingsByAreaOption, concludedByProsecutorOption } from '../documents/charts';
import { batchPrinter, exportSnapshot, FORMATS, type Format } from '../documents/export';
import { jsonOf } from '../documents/bulletins';
import { loadSnapshot, runWeeklyNotice } from '../jobs/notice';
import { runMonthlyInspection } from '../jobs/inspection';
import {
  freezePeriodBulletins,
  isLongPeriodKey,
  loadPeriodSnapshot,
  refuseUnfinishedLongPeriod,
} from '../jobs/period-bulletin';
import { PeriodNotOverError, refuseUnfinishedPeriod } from '../jobs/not-yet';
import { getSettings } from '../settings';

const KIND = z.enum(['weekly', 'prosecutors', 'monitoring', 'data-check']);
const period = z.string().refine((s) => isMonthKey(s) || isWeekKey(s) || isQuarterKey(s) || isYearKey(s), {
  message: '期间应为 YYYY-MM（月）、YYYY-Www（周）、YYYY-Qn（季度）或 YYYY（年度）',
});
const month = z.string().refine(isMonthKey, { message: '月份应为 YYYY-MM' });
const week = z.string().refine(isWeekKey, { message: '周应为 YYYY-Www（ISO 周）' });
const formats = z.array(z.enum(FORMATS as [Format, ...Format[]])).min(1);

/** The export folder of a context (core/security/path-guard.ts; kept here for older imports). */
export function exportDirOf(ctx: AppContext): string {
  return exportDirOfContext(ctx);
}

/** A job for a period not over yet is refused like any bad input (400), with the job's Chinese message. */
async function refusing<T>(f: () => Promise<T>): Promise<T> {
  try {
    return await f();
  } catch (e) {
    if (e instanceof PeriodNotOverError) throw new HandlerError(e.message, 400);
    throw e;
  }
}

/** Live figures only for a period that has ended (todayOf: the door's clock); else 400 with when it can be seen. */
function refuseUnfinished(ctx: AppContext, period: string): void {
  refuseUnfinishedPeriod(period, todayOf(ctx), '查看该期通报数据');
}

function wrap<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof RangeError) throw new HandlerError(e.message, 400);
    throw e;
  }
}

/**
 * The frozen bulletin to export: a month's or week's from its job run; a quarter's or year's frozen now the
 * first time (or again with `regenerate`), refused while the period is not over.
 */
function snapshotToExport(
  ctx: AppContext,
  p: { kind: z.infer<typeof KIND>; period: string; version?: number; regenerate?: boolean },
): Snapshot | null {
  if (!isLongPeriodKey(p.period)) return loadSnapshot(ctx, p.kind, p.period, p.version);
  if (p.kind !== 'prosecutors' && p.kind !== 'monitoring')
    throw new HandlerError('季度、年度只有《员额检察官办案数据通报》和《流程监控通报》', 400);
  refuseUnfinishedLongPeriod(p.period, todayOf(ctx));
  const v =
    p.version ??
    freezePeriodBulletins(ctx, { period: p.period, today: todayOf(ctx), regenerate: p.regenerate }).version;
  return loadPeriodSnapshot(ctx, p.kind, p.period, v);
}

/** The preview of a snapshot (no lists: they come through bulletins/drill) with the chart options. */
function preview(s: Snapshot) {
  const { lists: _l, ...rest } = s as Snapshot & { lists?: unknown };
  const charts: Record<string, unknown> = {};
  if (s.kind === 'monitoring') {
    charts.byArea = findingsByAreaOption(
      s.byArea,
      comparable(s.previous) ? (s.previous.byArea ?? undefined) : undefined,
    );
    if (s.trend.length) charts.trend = findingTrendOption(s.trend);
  } else if (s.kind === 'prosecutors') {
    charts.concluded = concludedByProsecutorOption(
      s.rows.map((r) => ({ prosecutor: r.prosecutor, concluded: r.metrics.concluded })),
    );
  }
  return { ...rest, charts, frozen: true };
}

/** The typed tuple (names, payloads, results kept: core/shared/api.ts reads it). */
export const bulletinsHandlers = [
  defineHandler({
    name: 'bulletins/list',
    title: '列出周通报和月度通报',
    input: z.object({
      kind: KIND.optional(),
      period: z.string().optional(),
      limit: z.number().int().min(1).max(1000).optional(),
    }),
    run(ctx, p) {
      const runs = [
        ...listRuns(ctx.db, { job: 'notice', limit: p.limit ?? 200 }),
        ...listRuns(ctx.db, { job: 'inspection', limit: p.limit ?? 200 }),
      ]
        .filter((r) => !p.period || r.period === p.period)
        .map((r) => ({
          id: r.id,
          job: r.job,
          period: r.period,
          version: r.version,
          asOf: r.as_of,
          status: r.status,
          startedAt: r.started_at,
          finishedAt: r.finished_at,
          error: r.error,
        }));
      const snapshots = listSnapshots(ctx.db, { kind: p.kind, period: p.period }).map((s) => ({
        id: s.id,
        runId: s.run_id,
        kind: s.kind as SnapshotKind,
        period: s.period,
        version: s.version,
        createdAt: s.created_at,
      }));
      return { runs, snapshots };
    },
  }),
  defineHandler({
    name: 'bulletins/get',
    title: '预览通报数据',
    input: z.object({
      kind: KIND,
      period,
      version: z.number().int().positive().optional(),
      live: z.boolean().optional(),
    }),
    run(ctx, p) {
      return wrap(() => {
        if (isLongPeriodKey(p.period)) refuseUnfinishedLongPeriod(p.period, todayOf(ctx));
        const s = p.live ? null : loadSnapshot(ctx, p.kind, p.period, p.version);
        if (s) return preview(s);
        if (p.version != null) throw new HandlerError(`${p.period} 没有第${p.version}版${p.kind}通报`, 404);
        // Not run yet: live figures (not frozen) so the user can look before the job runs, once the period is
        // over (rules.md: a period not over is refused, saying when it can run).
        refuseUnfinished(ctx, p.period);
        if (p.kind === 'prosecutors') {
          const f = prosecutorFigures(ctx.db, p.period, getSettings(ctx.db));
          return {
            kind: p.kind,
            frozen: false,
            ...f,
            charts: {
              concluded: concludedByProsecutorOption(
                f.rows.map((r) => ({ prosecutor: r.prosecutor, concluded: r.metrics.concluded })),
              ),
            },
          };
        }
        if (p.kind === 'monitoring' || p.kind === 'weekly') {
          const f = monitoringFigures(ctx.db, p.period);
          return { kind: p.kind, frozen: false, ...f, charts: { byArea: findingsByAreaOption(f.byArea) } };
        }
        throw new HandlerError(`${p.period} 尚未运行月检查，没有数据检查结果`, 404);
      });
    },
  }),
  defineHandler({
    name: 'bulletins/export',
    title: '导出通报',
    input: z.object({
      kind: KIND,
      period,
      version: z.number().int().positive().optional(),
      formats: formats.optional(),
      outDir: z.string().optional(),
      /** a quarter or year: freeze a new version from the store as it is now */
      regenerate: z.boolean().optional(),
    }),
    async run(ctx, p) {
      // The path guard first: a folder outside the export folder is refused before anything else happens.
      const outDir = folderToWrite(ctx, p.outDir);
      const s = wrap(() => snapshotToExport(ctx, p));
      if (!s)
        throw new HandlerError(
          `${p.period} 的${p.kind === 'weekly' ? '周通报' : '月度通报'}尚未生成，请先运行${p.kind === 'weekly' ? '周通报' : '月检查'}`,
          404,
        );
      const printer = batchPrinter(ctx);
      try {
        const files = await exportSnapshot(s, p.formats ?? ['docx', 'pdf', 'xlsx'], outDir, printer);
        return { kind: s.kind, period: s.period, version: s.version, files };
      } finally {
        await printer.close();
      }
    },
  }),
  defineHandler({
    name: 'bulletins/json',
    title: '通报数据（JSON）',
    input: z.object({ kind: KIND, period, version: z.number().int().positive().optional() }),
    run(ctx, p) {
      const s = wrap(() => snapshotToExport(ctx, p));
      if (!s) throw new HandlerError(`${p.period} 尚未生成该通报`, 404);
      return jsonOf(s);
    },
  }),
  defineHandler({
    name: 'bulletins/drill',
    title: '查看数据背后的案件清单',
    input: z.object({
      kind: KIND.optional(),
      period,
      metricId: z.string(),
      prosecutor: z.string().optional(),
      department: z.string().optional(),
      version: z.number().int().positive().optional(),
    }),
    run(ctx, p) {
      return wrap(() => {
        const def = METRICS_BY_ID[p.metricId];
        if (!def) throw new HandlerError(`未知的指标：${p.metricId}`, 400);
        const scope = { prosecutor: p.prosecutor, department: p.department };
        const s = p.kind ? loadSnapshot(ctx, p.kind, p.period, p.version) : null;
        const cols = columnsFor(def);
        if (!(s && 'lists' in s)) refuseUnfinished(ctx, p.period);
        const rows =
          s && 'lists' in s ? filterBehind(s.lists, def, scope) : listBehind(ctx.db, p.metricId, p.period, scope).rows;
        return {
          metric: { id: def.id, name: def.name, def: def.def, kind: def.kind },
          frozen: !!(s && 'lists' in s),
          columns: cols.map((c) => ({ key: c.key, header: c.header })),
          rows: rows.map((r) => Object.fromEntries(cols.map((c) => [c.key, cellOf(def, r, c.key)]))),
        };
      });
    },
  }),
  defineHandler({
    name: 'jobs/run-notice',
    title: '生成周通报',
    mutates: true,
    input: z.object({
      week,
      regenerate: z.boolean().optional(),
      outDir: z.string().optional(),
      formats: formats.optional(),
    }),
    run: (ctx, p) =>
      refusing(() =>
        runWeeklyNotice(ctx, { ...p, outDir: p.outDir === undefined ? undefined : folderToWrite(ctx, p.outDir) }),
      ),
  }),
  defineHandler({
    name: 'jobs/run-inspection',
    title: '运行月检查',
    mutates: true,
    input: z.object({
      month,
      regenerate: z.boolean().optional(),
      outDir: z.string().optional(),
      formats: formats.optional(),
    }),
    run: (ctx, p) =>
      refusing(() =>
        runMonthlyInspection(ctx, { ...p, outDir: p.outDir === undefined ? undefined : folderToWrite(ctx, p.outDir) }),
      ),
  }),
] as const;

export const handlers: HandlerDef[] = handlerList(bulletinsHandlers);
