/**
 * The monthly inspection (月检查), job 'inspection', period '2026-10', as of the month's last day
 * (jobs.md); a month not over is refused. It runs the full audit as of that day (its own 'audit' run: the
 * office as it stood that day, whatever was imported since) and records its summary as
 * the month's data check, then freezes the two bulletins (《员额检察官办案数据通报》 'prosecutors',
 * 《流程监控通报》 'monitoring') and the data check ('data-check') as snapshots, all in the run's one
 * transaction. With an output folder it then writes the documents and the referral package.
 */
import type { AppContext } from '../context';
import { todayOf } from '../context';
import { refuseUnfinishedMonth } from './not-yet';
import { isMonthKey, monthPeriod } from '../dates';
import { latestSucceededRun } from '../../db/queries/job-runs';
import { insertSnapshot } from '../../db/queries/snapshots';
import { buildDataCheckSnapshot, buildMonitoringSnapshot, buildProsecutorsSnapshot } from '../metrics/snapshots';
import { runAudit } from './audit';
import { exportReferralPackage } from '../referrals';
import { batchPrinter, exportSnapshot } from '../documents/export';
import { runRecorded } from './runs';
import { existingResult, loadSnapshot, metaInput, type JobResult, type RunOptions } from './notice';

export async function runMonthlyInspection(
  ctx: AppContext,
  opts: { month: string; referralPackage?: boolean } & RunOptions,
): Promise<JobResult> {
  const { month } = opts;
  if (!isMonthKey(month)) throw new RangeError(`月份格式应为 YYYY-MM：${month}`);
  refuseUnfinishedMonth(month, opts.today ?? todayOf(ctx));
  const asOf = monthPeriod(month).end;
  const done = latestSucceededRun(ctx.db, 'inspection', month);
  let result: JobResult;
  if (done && !opts.regenerate) {
    result = existingResult(ctx, 'inspection', done);
  } else {
    ctx.progress?.({ phase: `${month}月检查：数据检查（截至${asOf}的日审核）与通报数据` });
    const r = runRecorded(
      ctx.db,
      'inspection',
      month,
      asOf,
      ctx.actor,
      (run) => {
        // The month's data check is a full audit as of the month's last day, inside the inspection's own
        // transaction: a crash leaves neither half, and the re-run finds the month exactly as the first did.
        let audit: unknown;
        try {
          audit = runAudit(ctx, { asOf, today: opts.today });
        } catch (e) {
          throw new Error(`月检查的数据检查（日审核）失败：${(e as Error).message}`, { cause: e });
        }
        const meta = metaInput(ctx, run.version, asOf, opts.generatedAt);
        const pros = buildProsecutorsSnapshot(ctx.db, month, meta);
        const mon = buildMonitoringSnapshot(ctx.db, month, meta);
        const check = buildDataCheckSnapshot(ctx.db, month, meta, audit);
        const snapshots = [pros, mon, check].map((s) => ({
          kind: s.kind,
          version: run.version,
          id: insertSnapshot(ctx.db, {
            runId: run.runId,
            kind: s.kind,
            period: month,
            version: run.version,
            data: s,
            createdAt: s.generatedAt,
          }),
        }));
        return {
          counts: {
            prosecutors: pros.rows.length,
            findingsNew: mon.metrics.findingsNew,
            findingsOpen: mon.metrics.findingsOpen,
            casesMonitored: mon.metrics.casesMonitored,
          },
          snapshots,
        };
      },
      { regenerate: !!done },
    );
    result = {
      job: 'inspection',
      period: month,
      runId: r.runId,
      version: r.version,
      asOf,
      created: true,
      snapshots: r.snapshots,
      files: [],
      warnings: [],
    };
  }
  if (opts.outDir) {
    const printer = batchPrinter(ctx);
    try {
      for (const kind of ['prosecutors', 'monitoring'] as const) {
        const snap = loadSnapshot(ctx, kind, month, result.version);
        if (snap)
          result.files.push(
            ...(await exportSnapshot(snap, opts.formats ?? ['docx', 'pdf', 'xlsx'], opts.outDir, printer.print)),
          );
      }
    } finally {
      await printer.close();
    }
    if (opts.referralPackage !== false) {
      try {
        const pkg = await exportReferralPackage(ctx, {
          month,
          outDir: opts.outDir,
          runId: result.runId,
          producedAt: opts.generatedAt,
        });
        result.files.push(pkg.folder, ...(pkg.zip ? [pkg.zip] : []));
        const w = (pkg as { warnings?: string[] }).warnings;
        if (Array.isArray(w)) result.warnings.push(...w);
      } catch (e) {
        result.warnings.push(`线索移送材料未生成：${(e as Error).message}`);
      }
    }
  }
  return result;
}
