/**
 * The monthly inspection (月检查), job 'inspection', period '2026-10', as of the month's last day
 * (jobs.md); a month not over is refused. It runs the full audit as of that day (its own 'audit' run: the
 * office as it stood that day, whatever was imported since) and records its summary as
 * the month's data check, then freezes the two bulletins (《员额检察官办案数据通报》 'prosecutors',
 * 《流程监控通报》 'monitoring') and the data check ('data-check') as snapshots, all in the run's one
 * transaction. With an output folder it then writes both bulletins and the referral package through a
 * staging folder, before the run is `succeeded` (runs.ts `runWithDocuments`, jobs.md *A run and its files*).
 */
import type { AppContext } from '../context';
import { todayOf } from '../context';
import { refuseUnfinishedMonth } from './not-yet';
import { isMonthKey, monthPeriod } from '../dates';
import { latestSucceededRun } from '../../db/queries/job-runs';
import { insertSnapshot } from '../../db/queries/snapshots';
import { buildDataCheckSnapshot, buildMonitoringSnapshot, buildProsecutorsSnapshot } from '../metrics/snapshots';
import { runAudit } from './audit';
import { exportReferralPackage, PACKAGE_SNAPSHOT_KIND } from '../referrals';
import { batchPrinter, exportSnapshot, type Format } from '../documents/export';
import { runWithDocuments } from './runs';
import { writeStaged } from './staging';
import { faultPoint } from './faults';
import { existingResult, loadSnapshot, metaInput, printableFormats, type JobResult, type RunOptions } from './notice';

/**
 * Writes the month's documents into `dir`: both bulletins from their frozen snapshots, then (unless
 * `referralPackage` is false) the referral package folder. Returns the paths and the warnings.
 */
async function writeInspectionDocuments(
  ctx: AppContext,
  month: string,
  run: { runId: number; version: number },
  opts: { formats: Format[]; referralPackage?: boolean; producedAt?: string },
  dir: string,
  warnings: string[],
): Promise<string[]> {
  const files: string[] = [];
  const printer = batchPrinter(ctx);
  try {
    for (const kind of ['prosecutors', 'monitoring'] as const) {
      const snap = loadSnapshot(ctx, kind, month, run.version);
      if (!snap)
        throw new Error(`${month}的${kind === 'prosecutors' ? '员额检察官办案数据通报' : '流程监控通报'}数据缺失`);
      files.push(...(await exportSnapshot(snap, opts.formats, dir, printer)));
      faultPoint('inspection:document');
    }
  } finally {
    await printer.close();
  }
  if (opts.referralPackage !== false) {
    // The package belongs to the run (its frozen content carries the run id): a failure fails the run.
    try {
      const pkg = await exportReferralPackage(ctx, {
        month,
        outDir: dir,
        runId: run.runId,
        producedAt: opts.producedAt,
      });
      files.push(pkg.folder, ...(pkg.zip ? [pkg.zip] : []));
      warnings.push(...pkg.warnings);
    } catch (e) {
      throw new Error(`线索移送材料未生成：${(e as Error).message}`, { cause: e });
    }
    faultPoint('inspection:document');
  }
  return files;
}

export async function runMonthlyInspection(
  ctx: AppContext,
  opts: { month: string; referralPackage?: boolean } & RunOptions,
): Promise<JobResult> {
  const { month } = opts;
  if (!isMonthKey(month)) throw new RangeError(`月份格式应为 YYYY-MM：${month}`);
  refuseUnfinishedMonth(month, opts.today ?? todayOf(ctx));
  const asOf = monthPeriod(month).end;
  const warnings: string[] = [];
  const formats = printableFormats(ctx, opts.formats ?? ['docx', 'pdf', 'xlsx'], warnings);
  const done = latestSucceededRun(ctx.db, 'inspection', month);
  if (done && !opts.regenerate) {
    // Already run: its documents are written again from the frozen snapshots (staged), nothing is re-computed.
    const result = existingResult(ctx, 'inspection', done);
    result.warnings.push(...warnings);
    if (opts.outDir)
      result.files = await writeStaged(opts.outDir, `inspection-${month}-v${done.version}`, (dir) =>
        writeInspectionDocuments(
          ctx,
          month,
          { runId: done.id, version: done.version },
          { formats, referralPackage: opts.referralPackage, producedAt: opts.generatedAt },
          dir,
          result.warnings,
        ),
      );
    return result;
  }
  ctx.progress?.({ phase: `${month}月检查：数据检查（截至${asOf}的日审核）与通报数据` });
  const r = await runWithDocuments(
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
    {
      outDir: opts.outDir,
      write: (dir, _p, run) =>
        writeInspectionDocuments(
          ctx,
          month,
          run,
          { formats, referralPackage: opts.referralPackage, producedAt: opts.generatedAt },
          dir,
          warnings,
        ),
    },
    // The referral package, frozen while the documents are written, has taken its 抄送函's 文号: a re-run
    // after a kill or a failure adopts it rather than taking the next number.
    { regenerate: !!done, adoptKinds: [PACKAGE_SNAPSHOT_KIND] },
  );
  return {
    job: 'inspection',
    period: month,
    runId: r.runId,
    version: r.version,
    asOf,
    created: true,
    snapshots: r.snapshots,
    files: r.files,
    warnings,
  };
}
