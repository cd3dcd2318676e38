/**
 * The two bulletins over a quarter ('2026-Q3') or a year ('2026') (metrics.md *Earlier periods, quarters and
 * years*; cli.md `bulletin --quarter|--year`): the same metric definitions over the longer period (年度累计), every
 * rate recomputed from its own counts over the period, never an average of the months.
 *
 * No job is due for them: they are made on demand. The first export (or an explicit `freeze`) freezes both
 * bulletins of the period as snapshots, as the monthly inspection does for a month, so a later re-export gives the
 * same documents; `regenerate` freezes a new version and keeps the old one. Each version is a recorded run of job
 * 'bulletin' (the scheduler ignores it), written in one transaction with its snapshots. Before that, a preview
 * shows the live figures. A period not over yet is refused (`today`: the door's clock).
 */
import type { AppContext } from '../context';
import { chinaTimestamp, isQuarterKey, isYearKey, type IsoDate } from '../dates';
import { PeriodNotOverError, refuseUnfinishedLongPeriod as refuseLong } from './not-yet';
import { periodLabel, periodOf } from '../metrics';
import { buildMonitoringSnapshot, buildProsecutorsSnapshot, type Snapshot } from '../metrics/snapshots';
import { finishRunRow, insertRun, latestSucceededRun } from '../../db/queries/job-runs';
import { getSnapshot, insertSnapshot } from '../../db/queries/snapshots';
import { metaInput } from './notice';

export const PERIOD_BULLETIN_JOB = 'bulletin';
export const PERIOD_BULLETIN_KINDS = ['prosecutors', 'monitoring'] as const;
export type PeriodBulletinKind = (typeof PERIOD_BULLETIN_KINDS)[number];

export function isLongPeriodKey(key: string): boolean {
  return isQuarterKey(key) || isYearKey(key);
}

/**
 * A quarter or year that has not ended by `today` (the door's clock, todayOf(ctx)) is refused, saying from when
 * it can be produced (PeriodNotOverError: the doors refuse it as bad input).
 */
export function refuseUnfinishedLongPeriod(key: string, today: IsoDate): void {
  if (!isLongPeriodKey(key)) throw new PeriodNotOverError(`期间应为季度（YYYY-Qn，如 2026-Q3）或年度（YYYY）：${key}`);
  refuseLong(periodOf(key), periodLabel(key), today, isYearKey(key) ? '年度通报' : '季度通报');
}

/** The frozen bulletin of a quarter or year (the given version, or the latest), or null. */
export function loadPeriodSnapshot(
  ctx: AppContext,
  kind: PeriodBulletinKind,
  period: string,
  version?: number,
): Snapshot | null {
  const row = getSnapshot(ctx.db, kind, period, version);
  return row ? (JSON.parse(row.data_json) as Snapshot) : null;
}

/**
 * Freezes both bulletins of a quarter or year (the first time, or with `regenerate`); returns the version and
 * whether this call made it.
 */
export function freezePeriodBulletins(
  ctx: AppContext,
  opts: { period: string; today: IsoDate; regenerate?: boolean; generatedAt?: string },
): { version: number; created: boolean; runId: number } {
  refuseUnfinishedLongPeriod(opts.period, opts.today);
  const { db } = ctx;
  return db
    .transaction(() => {
      const done = latestSucceededRun(db, PERIOD_BULLETIN_JOB, opts.period);
      if (done && !opts.regenerate) return { version: done.version, created: false, runId: done.id };
      const version = (done?.version ?? 0) + 1;
      const asOf = periodOf(opts.period).end;
      const startedAt = chinaTimestamp();
      ctx.progress?.({ phase: `生成${periodLabel(opts.period)}通报` });
      const runId = insertRun(db, {
        job: PERIOD_BULLETIN_JOB,
        period: opts.period,
        version,
        asOf,
        startedAt,
        actor: ctx.actor,
        pid: process.pid,
      });
      const meta = metaInput(ctx, version, asOf, opts.generatedAt);
      const pros = buildProsecutorsSnapshot(db, opts.period, meta);
      const mon = buildMonitoringSnapshot(db, opts.period, meta);
      for (const s of [pros, mon])
        insertSnapshot(db, { runId, kind: s.kind, period: opts.period, version, data: s, createdAt: s.generatedAt });
      finishRunRow(db, runId, {
        status: 'succeeded',
        finishedAt: chinaTimestamp(),
        counts: {
          prosecutors: pros.rows.length,
          findingsNew: mon.metrics.findingsNew,
          casesMonitored: mon.metrics.casesMonitored,
        },
      });
      return { version, created: true, runId };
    })
    .immediate();
}
