/**
 * The weekly notice (周通报), job 'notice', period '2026-W47', as of the week's Sunday (jobs.md).
 * A run freezes the week's figures and lists in a 'weekly' snapshot inside the run's transaction;
 * documents are written from the snapshot after it commits. Running a completed week again does
 * nothing (returns the existing run) unless `regenerate`, which makes a new version and keeps the old.
 */
import type { AppContext } from '../context';
import { chinaTimestamp, isWeekKey, weekPeriod } from '../dates';
import { getSettings } from '../settings';
import { latestSucceededRun, type JobRunRow } from '../../db/queries/job-runs';
import { getSnapshot, insertSnapshot, snapshotsOfRun } from '../../db/queries/snapshots';
import { buildWeeklySnapshot, type MetaInput, type Snapshot } from '../metrics/snapshots';
import { batchPrinter, exportSnapshot, type Format } from '../documents/export';
import { runRecorded } from './runs';

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
  regenerate?: boolean;
  outDir?: string;
  formats?: Format[];
  generatedAt?: string;
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

export async function runWeeklyNotice(ctx: AppContext, opts: { week: string } & RunOptions): Promise<JobResult> {
  const { week } = opts;
  if (!isWeekKey(week)) throw new RangeError(`周格式应为 YYYY-Www（ISO 周）：${week}`);
  const asOf = weekPeriod(week).end;
  const done = latestSucceededRun(ctx.db, 'notice', week);
  let result: JobResult;
  if (done && !opts.regenerate) {
    result = existingResult(ctx, 'notice', done);
  } else {
    ctx.progress?.({ phase: `生成${week}周通报` });
    const r = runRecorded(
      ctx.db,
      'notice',
      week,
      asOf,
      ctx.actor,
      (run) => {
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
      { regenerate: !!done },
    );
    result = {
      job: 'notice',
      period: week,
      runId: r.runId,
      version: r.version,
      asOf,
      created: true,
      snapshots: [{ kind: 'weekly', version: r.version, id: r.snapshotId }],
      files: [],
      warnings: [],
    };
  }
  if (opts.outDir) {
    const snap = loadSnapshot(ctx, 'weekly', week, result.version)!;
    const printer = batchPrinter(ctx);
    try {
      result.files.push(...(await exportSnapshot(snap, opts.formats ?? ['docx', 'pdf'], opts.outDir, printer.print)));
    } finally {
      await printer.close();
    }
  }
  return result;
}
