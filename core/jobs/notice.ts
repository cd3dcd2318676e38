/**
 * The weekly notice (周通报), job 'notice', period '2026-W47', as of the week's Sunday (jobs.md).
 * Like the monthly inspection it runs the audit as of its last day first (its own 'audit' run, inside the
 * notice's transaction), so the findings open at the week's end and the warnings after it are those of the
 * office as it stood that Sunday, whatever ran or was imported since; a week not over is refused.
 * A run freezes the week's figures and lists in a 'weekly' snapshot inside the run's transaction;
 * documents are written from the snapshot after it commits. Running a completed week again does
 * nothing (returns the existing run) unless `regenerate`, which makes a new version and keeps the old.
 */
import type { AppContext } from '../context';
import { todayOf } from '../context';
import { chinaTimestamp, isWeekKey, weekPeriod } from '../dates';
import { getSettings } from '../settings';
import { latestSucceededRun, type JobRunRow } from '../../db/queries/job-runs';
import { getSnapshot, insertSnapshot, snapshotsOfRun } from '../../db/queries/snapshots';
import { buildWeeklySnapshot, type MetaInput, type Snapshot } from '../metrics/snapshots';
import { batchPrinter, exportSnapshot, type Format } from '../documents/export';
import { runRecorded } from './runs';
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
  refuseUnfinishedWeek(week, opts.today ?? todayOf(ctx));
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
