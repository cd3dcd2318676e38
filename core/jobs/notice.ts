/**
 * The weekly notice (周通报), job 'notice', period '2026-W47', as of the week's Sunday (jobs.md).
 * Like the monthly inspection it runs the audit as of its last day first (its own 'audit' run, inside the
 * notice's transaction), so the findings open at the week's end and the warnings after it are those of the
 * office as it stood that Sunday, whatever ran or was imported since; a week not over is refused.
 * A run freezes the week's figures and lists in a 'weekly' snapshot inside the run's transaction;
 * with an output folder the 周通报 is then written from the snapshot, through a staging folder, before
 * the run is `succeeded` (runs.ts `runWithDocuments`). Running a completed week again does nothing
 * (returns the existing run, writing its documents again when asked) unless `regenerate`, which makes
 * a new version and keeps the old.
 */
import fs from 'node:fs';
import type { AppContext } from '../context';
import { chromiumPath } from '../documents/pdf';
import { todayOf } from '../context';
import { chinaTimestamp, isWeekKey, weekPeriod } from '../dates';
import { getSettings } from '../settings';
import { latestSucceededRun, type JobRunRow } from '../../db/queries/job-runs';
import { getSnapshot, insertSnapshot, snapshotsOfRun } from '../../db/queries/snapshots';
import { buildWeeklySnapshot, type MetaInput, type Snapshot } from '../metrics/snapshots';
import { batchPrinter, exportSnapshot, type Format } from '../documents/export';
import { runWithDocuments } from './runs';
import { writeStaged } from './staging';
import { faultPoint } from './faults';
import { runAudit } from './audit';
import { refuseUnfinishedWeek } from './not-yet';

export interface JobResult {
  job: 'notice' | 'inspection';
  period: string;
  runId: number;
  version: number;
  asOf: string;
  /** false when the period had already been run and nothing was done */
  created: boolean;
  snapshots: { kind: string; version: number; id: number }[];
  files: string[];
  warnings: string[];
}

export interface RunOptions {
  /** Today (China date) as the door sees it; default todayOf(ctx). A period not over by then is refused. */
  today?: string;
  regenerate?: boolean;
  outDir?: string;
  formats?: Format[];
  generatedAt?: string;
}

/**
 * The formats a job can write here: PDF needs a printer (ctx.printPdf, or Chromium where chromiumPath()
 * points). Without one the run writes the other formats and says so, rather than failing every time.
 */
export function printableFormats(ctx: AppContext, formats: Format[], warnings: string[]): Format[] {
  if (!formats.includes('pdf') || ctx.printPdf || fs.existsSync(chromiumPath())) return formats;
  warnings.push(
    `未找到 Chromium（${chromiumPath()}），本次不生成 PDF 文件；安装 chromium 或设置 CASEFLOW_CHROMIUM 后可重新导出`,
  );
  return formats.filter((f) => f !== 'pdf');
}

export function metaInput(ctx: AppContext, version: number, asOf: string, generatedAt?: string): MetaInput {
  const s = getSettings(ctx.db);
  return {
    version,
    asOf,
    generatedAt: generatedAt ?? chinaTimestamp(),
    office: s.officeName,
    officeShort: s.officeShortName,
    rankWithinDepartment: s.rankWithinDepartment,
    distribution: { addressee: s.documentAddressee, cc: s.documentCc },
  };
}

export function existingResult(ctx: AppContext, job: 'notice' | 'inspection', run: JobRunRow): JobResult {
  return {
    job,
    period: run.period,
    runId: run.id,
    version: run.version,
    asOf: run.as_of,
    created: false,
    snapshots: snapshotsOfRun(ctx.db, run.id).map((s) => ({ kind: s.kind, version: s.version, id: s.id })),
    files: [],
    warnings: [],
  };
}

export function loadSnapshot(ctx: AppContext, kind: string, period: string, version?: number): Snapshot | null {
  const row = getSnapshot(ctx.db, kind, period, version);
  return row ? (JSON.parse(row.data_json) as Snapshot) : null;
}

/** Writes the week's 周通报 from its frozen snapshot into `dir`. */
async function writeWeeklyDocuments(ctx: AppContext, week: string, version: number, formats: Format[], dir: string) {
  const snap = loadSnapshot(ctx, 'weekly', week, version)!;
  const printer = batchPrinter(ctx);
  try {
    const files = await exportSnapshot(snap, formats, dir, printer.print);
    faultPoint('notice:document');
    return files;
  } finally {
    await printer.close();
  }
}

export async function runWeeklyNotice(ctx: AppContext, opts: { week: string } & RunOptions): Promise<JobResult> {
  const { week } = opts;
  if (!isWeekKey(week)) throw new RangeError(`周格式应为 YYYY-Www（ISO 周）：${week}`);
  refuseUnfinishedWeek(week, opts.today ?? todayOf(ctx));
  const asOf = weekPeriod(week).end;
  const warnings: string[] = [];
  const formats = printableFormats(ctx, opts.formats ?? ['docx', 'pdf'], warnings);
  const done = latestSucceededRun(ctx.db, 'notice', week);
  if (done && !opts.regenerate) {
    // Already run: the documents of the frozen week are written again (staged), nothing is re-computed.
    const result = existingResult(ctx, 'notice', done);
    result.warnings.push(...warnings);
    if (opts.outDir)
      result.files = await writeStaged(opts.outDir, `notice-${week}-v${done.version}`, (dir) =>
        writeWeeklyDocuments(ctx, week, done.version, formats, dir),
      );
    return result;
  }
  ctx.progress?.({ phase: `生成${week}周通报` });
  const r = await runWithDocuments(
    ctx.db,
    'notice',
    week,
    asOf,
    ctx.actor,
    (run) => {
      // The week as it stood on its Sunday: the findings open then and the warnings after it come from this audit.
      try {
        runAudit(ctx, { asOf, today: opts.today });
      } catch (e) {
        throw new Error(`周通报的审核（截至${asOf}）失败：${(e as Error).message}`, { cause: e });
      }
      const snap = buildWeeklySnapshot(ctx.db, week, metaInput(ctx, run.version, asOf, opts.generatedAt));
      const id = insertSnapshot(ctx.db, {
        runId: run.runId,
        kind: 'weekly',
        period: week,
        version: run.version,
        data: snap,
        createdAt: snap.generatedAt,
      });
      return {
        counts: {
          findingsNew: snap.metrics.findingsNew,
          findingsOpen: snap.metrics.findingsOpen,
          warnings: snap.warnings.rows.length,
        },
        snapshotId: id,
      };
    },
    {
      outDir: opts.outDir,
      write: (dir, _p, run) => writeWeeklyDocuments(ctx, week, run.version, formats, dir),
    },
    { regenerate: !!done },
  );
  return {
    job: 'notice',
    period: week,
    runId: r.runId,
    version: r.version,
    asOf,
    created: true,
    snapshots: [{ kind: 'weekly', version: r.version, id: r.snapshotId }],
    files: r.files,
    warnings,
  };
}
