/**
 * The scheduler (jobs.md): which job periods are due at an instant, and running them with catch-up.
 *
 * Due at `now` (China date `today`):
 * - the daily audit for `today`, unless a run for today succeeded. Missed days are not replayed.
 * - every ISO week whose Monday-after has come (week end < today) with no succeeded notice run,
 *   oldest first, each as of its Sunday;
 * - every month whose next 1st has come with no succeeded inspection run, oldest first, each as of
 *   its last day.
 * Bounds of catch-up (so a store that was closed for a year does not print a year of notices):
 * - at most the last 8 completed weeks and the last 12 completed months;
 * - no period that ended before the store's earliest case receipt (an empty store has no periods);
 * - no period that ended before the catch-up floor, set by the first `run-due` on this store (kept in
 *   `scheduler_state.catchupFrom`): the last day of the previous month, or the last day of the last
 *   completed week when that is earlier. So on its first run a store gets last month's inspection, the
 *   last completed week's notice (on 1 December: November and week 48, which ended on 29 November)
 *   and the weeks since, not its whole history; from then on every missed period within the bounds is
 *   produced. `setCatchupFrom` moves the floor (the demo uses it).
 * Every due period is run or named: the watchdog also names the periods past the bounds that were
 * not produced (`periodsBeyondCatchup`), so none is skipped in silence.
 * A period is done only when a run of it succeeded (`succeeded` or `succeeded with errors`);
 * failed and interrupted runs are run again. Each job runs under its job lock (lock.ts), so the
 * app and a scheduled `caseflow run-due` never run the same job at once.
 */
import type { Db } from '../../db/store';
import type { AppContext } from '../context';
import {
  addDays,
  chinaTimestamp,
  chinaToday,
  isoWeekOf,
  monthOf,
  monthPeriod,
  previousMonth,
  previousWeek,
  weekPeriod,
  type IsoDate,
} from '../dates';
import * as lq from '../../db/queries/locks';
import { latestRunOf } from '../../db/queries/job-runs';
import { isSucceeded, recoverInterruptedRuns, type JobName } from './runs';
import { withJobLock, type LockOptions } from './lock';
import { runAudit } from './audit';
import type { Format } from '../documents/export';
import { runWeeklyNotice } from './notice';
import { runMonthlyInspection } from './inspection';
import { dailyBackupIfDue } from '../backup/auto';

export const MAX_CATCHUP_WEEKS = 8;
export const MAX_CATCHUP_MONTHS = 12;
const FLOOR_KEY = 'catchupFrom';

export interface DueJob {
  job: JobName;
  period: string;
  asOf: IsoDate;
}

export interface JobImpls {
  audit?: (ctx: AppContext, opts: { asOf: IsoDate; today?: IsoDate }) => unknown;
  notice?: (
    ctx: AppContext,
    opts: { week: string; asOf?: IsoDate; today?: IsoDate; outDir?: string; formats?: Format[]; generatedAt?: string },
  ) => unknown;
  inspection?: (
    ctx: AppContext,
    opts: { month: string; asOf?: IsoDate; today?: IsoDate; outDir?: string; formats?: Format[]; generatedAt?: string },
  ) => unknown;
}

/** The three jobs (tests hand in fakes through RunDueOptions.jobs). */
export function loadJobImpls(): JobImpls {
  return { audit: runAudit, notice: runWeeklyNotice, inspection: runMonthlyInspection };
}

export function getCatchupFrom(db: Db): IsoDate | null {
  return lq.getSchedulerState(db, FLOOR_KEY) ?? null;
}

export function setCatchupFrom(db: Db, date: IsoDate): void {
  lq.setSchedulerState(db, FLOOR_KEY, date);
}

/**
 * The floor a first run at `today` sets: the last day of the previous month, or the Sunday that ended
 * the last completed week when that is earlier (so last month's inspection never comes without the
 * notice of the week that ended just before the month did).
 */
export function defaultCatchupFrom(today: IsoDate): IsoDate {
  const monthEnd = addDays(today.slice(0, 8) + '01', -1);
  const weekEnd = weekPeriod(previousWeek(isoWeekOf(today))).end;
  return weekEnd < monthEnd ? weekEnd : monthEnd;
}

/** Every period that should have succeeded by `now`, done or not (oldest first within each job). */
export function periodsDue(db: Db, now: Date): DueJob[] {
  const today = chinaToday(now);
  const floor = getCatchupFrom(db) ?? defaultCatchupFrom(today);
  const earliest = lq.earliestCaseReceipt(db);
  const out: DueJob[] = [];
  if (earliest) {
    const weeks: DueJob[] = [];
    let w = previousWeek(isoWeekOf(today));
    for (let i = 0; i < MAX_CATCHUP_WEEKS; i++, w = previousWeek(w)) {
      const p = weekPeriod(w);
      if (p.end < floor || p.end < earliest) break;
      weeks.push({ job: 'notice', period: w, asOf: p.end });
    }
    const months: DueJob[] = [];
    let m = previousMonth(monthOf(today));
    for (let i = 0; i < MAX_CATCHUP_MONTHS; i++, m = previousMonth(m)) {
      const p = monthPeriod(m);
      if (p.end < floor || p.end < earliest) break;
      months.push({ job: 'inspection', period: m, asOf: p.end });
    }
    // Oldest first by as-of date; on the same day the week's notice before the month's inspection.
    out.push(
      ...[...weeks.reverse(), ...months.reverse()].sort((a, b) =>
        a.asOf < b.asOf ? -1 : a.asOf > b.asOf ? 1 : a.job === 'notice' ? -1 : 1,
      ),
    );
  }
  out.push({ job: 'audit', period: today, asOf: today });
  return out;
}

/**
 * Periods after the floor (and after the earliest case) that are older than the catch-up bounds and
 * have not succeeded: not run automatically, named by the watchdog (oldest first per job).
 */
export function periodsBeyondCatchup(db: Db, now: Date): DueJob[] {
  const today = chinaToday(now);
  const floor = getCatchupFrom(db) ?? defaultCatchupFrom(today);
  const earliest = lq.earliestCaseReceipt(db);
  if (!earliest) return [];
  const out: DueJob[] = [];
  const collect = (job: 'notice' | 'inspection', first: string, prev: (k: string) => string, max: number) => {
    const older: DueJob[] = [];
    let k = first;
    for (let i = 0; i < max; i++) k = prev(k);
    // A store closed for years: the list is bounded by the floor and the earliest case; 600 periods at most.
    for (let i = 0; i < 600; i++, k = prev(k)) {
      const p = job === 'notice' ? weekPeriod(k) : monthPeriod(k);
      if (p.end < floor || p.end < earliest) break;
      older.push({ job, period: k, asOf: p.end });
    }
    const done = lq.succeededPeriods(
      db,
      job,
      older.map((d) => d.period),
    );
    out.push(...older.filter((d) => !done.has(d.period)).reverse());
  };
  collect('notice', previousWeek(isoWeekOf(today)), previousWeek, MAX_CATCHUP_WEEKS);
  collect('inspection', previousMonth(monthOf(today)), previousMonth, MAX_CATCHUP_MONTHS);
  return out;
}

/** What runDue would run at `now`: the due periods without a succeeded run. */
export function dueJobs(db: Db, now: Date): DueJob[] {
  const all = periodsDue(db, now);
  const done = new Map<JobName, Set<string>>();
  for (const job of ['audit', 'notice', 'inspection'] as JobName[]) {
    done.set(
      job,
      lq.succeededPeriods(
        db,
        job,
        all.filter((d) => d.job === job).map((d) => d.period),
      ),
    );
  }
  return all.filter((d) => !done.get(d.job)!.has(d.period));
}

// ---- watchdog ---------------------------------------------------------------

export function periodLabel(d: Pick<DueJob, 'job' | 'period'>, today: IsoDate): string {
  if (d.job === 'audit') return d.period === today ? '今日日审核' : `${d.period}日审核`;
  const year = d.period.slice(0, 4);
  const yearPrefix = year === today.slice(0, 4) ? '' : `${year}年`;
  if (d.job === 'notice') return `${yearPrefix}第${+d.period.slice(6)}周周通报`;
  return `${yearPrefix}${+d.period.slice(5, 7)}月月检查`;
}

/**
 * The dashboard's watchdog: each due period without a succeeded run (`10月月检查未完成`,
 * `第47周周通报未完成`, `今日日审核未完成`, with the last error when a run failed), the failed
 * rules of runs that succeeded with errors, and one line per job for the periods past the catch-up
 * bounds that were not produced.
 */
export function watchdogMessages(db: Db, now: Date): string[] {
  const today = chinaToday(now);
  const all = periodsDue(db, now);
  const msgs: string[] = [];
  const beyond = periodsBeyondCatchup(db, now);
  for (const job of ['inspection', 'notice'] as const) {
    const mine = beyond.filter((d) => d.job === job);
    if (!mine.length) continue;
    // '2025年第3周至第10周周通报（共8期）', '2025年3月至2025年9月月检查（共7期）'
    const short = (d: DueJob) => periodLabel(d, today).replace(/(周通报|月检查)$/, '');
    const what = job === 'notice' ? '周通报' : '月检查';
    const range = mine.length === 1 ? short(mine[0]) : `${short(mine[0])}至${short(mine[mine.length - 1])}`;
    const bound = job === 'notice' ? `最近${MAX_CATCHUP_WEEKS}周` : `最近${MAX_CATCHUP_MONTHS}个月`;
    msgs.push(
      `${range}${what}${mine.length > 1 ? `（共${mine.length}期）` : ''}未生成：超出自动补做范围（${bound}），需要时请在“任务”中逐期生成`,
    );
  }
  for (const job of ['inspection', 'notice', 'audit'] as JobName[]) {
    const mine = all.filter((d) => d.job === job);
    const latest = lq.latestRuns(
      db,
      job,
      mine.map((d) => d.period),
    );
    const done = lq.succeededPeriods(
      db,
      job,
      mine.map((d) => d.period),
    );
    for (const d of mine) {
      const label = periodLabel(d, today);
      const last = latest.get(d.period);
      if (!done.has(d.period)) {
        const why =
          last && (last.status === 'failed' || last.status === 'interrupted')
            ? `（上次运行${last.status === 'failed' ? '失败' : '中断'}${last.error ? `：${last.error.slice(0, 120)}` : ''}）`
            : '';
        msgs.push(`${label}未完成${why}`);
      } else if (last && last.status === 'succeeded with errors') {
        let rules: { ruleId: string; error?: string }[] = [];
        try {
          rules = JSON.parse(last.failed_rules_json);
        } catch {
          /* keep empty */
        }
        msgs.push(`${label}有规则运行失败：${rules.map((r) => r.ruleId).join('、') || last.error || ''}`);
      }
    }
  }
  return msgs;
}

// ---- running ------------------------------------------------------------------

export interface RanJob extends DueJob {
  status: string;
  runId: number | null;
  failedRules: string[];
}
export interface SkippedJob extends DueJob {
  reason: string;
}
export interface FailedJob extends DueJob {
  error: string;
}
export interface RunDueResult {
  now: string;
  today: IsoDate;
  recovered: number;
  ran: RanJob[];
  skipped: SkippedJob[];
  failed: FailedJob[];
  watchdog: string[];
  backup: { file: string; removed: string[] } | null;
  backupError?: string;
}

export interface RunDueOptions {
  now: Date;
  outDir?: string;
  /** Document formats for the notice and inspection jobs (default: theirs). */
  formats?: Format[];
  /** Job implementations (tests); default: core/jobs/{audit,notice,inspection}. */
  jobs?: JobImpls;
  /** The daily backup: true (default: the store's backup folder), false, or a folder. */
  backup?: boolean | { dir: string };
  lock?: LockOptions & { heartbeatMs?: number };
  /** Progress lines (stderr in the CLI). */
  log?: (msg: string) => void;
}

/** Runs every due job (catch-up included), oldest period first, then today's audit and the daily backup. */
export async function runDue(ctx: AppContext, opts: RunDueOptions): Promise<RunDueResult> {
  const { db } = ctx;
  const log = opts.log ?? (() => {});
  const today = chinaToday(opts.now);
  const recovered = recoverInterruptedRuns(db).length;
  if (recovered) log(`发现 ${recovered} 个中断的任务运行，已标记为中断，将重新运行`);
  if (!getCatchupFrom(db)) setCatchupFrom(db, defaultCatchupFrom(today));
  const impls = opts.jobs ?? loadJobImpls();
  const result: RunDueResult = {
    now: opts.now.toISOString(),
    today,
    recovered,
    ran: [],
    skipped: [],
    failed: [],
    watchdog: [],
    backup: null,
  };

  // Documents are dated when the scheduler runs them (`now`; the demo's simulated mornings), and the jobs
  // judge "not over yet" by the scheduler's today, not the machine's.
  const extra = {
    today,
    generatedAt: chinaTimestamp(opts.now),
    ...(opts.outDir ? { outDir: opts.outDir } : {}),
    ...(opts.formats ? { formats: opts.formats } : {}),
  };
  for (const d of dueJobs(db, opts.now)) {
    const impl = impls[d.job];
    const label = periodLabel(d, today);
    if (!impl) {
      result.failed.push({ ...d, error: `${label}：该任务的程序模块尚未就绪` });
      continue;
    }
    log(`运行${label}（截至 ${d.asOf}）…`);
    const before = latestRunOf(db, d.job, d.period)?.id ?? 0;
    try {
      const locked = await withJobLock(
        db,
        d.job,
        async () => {
          // Another process may have finished it while this one waited.
          if (lq.succeededPeriods(db, d.job, [d.period]).size) return 'done-elsewhere' as const;
          let out: unknown;
          if (d.job === 'audit') out = await impl.call(null, ctx, { asOf: d.asOf, today } as never);
          else if (d.job === 'notice')
            out = await impl.call(null, ctx, { week: d.period, asOf: d.asOf, ...extra } as never);
          else out = await impl.call(null, ctx, { month: d.period, asOf: d.asOf, ...extra } as never);
          // The documents' notes (e.g. no PDF without Chromium) go to the log.
          const warnings = (out as { warnings?: unknown } | null)?.warnings;
          if (Array.isArray(warnings)) for (const w of warnings) log(`${label}：${String(w)}`);
          return 'ran' as const;
        },
        opts.lock,
      );
      if (!locked.acquired) {
        result.skipped.push({ ...d, reason: `${label}正由其他进程（${locked.holder ?? '未知'}）运行，本次跳过` });
        continue;
      }
      if (locked.value === 'done-elsewhere') {
        result.skipped.push({ ...d, reason: `${label}已由其他进程完成` });
        continue;
      }
      const run = latestRunOf(db, d.job, d.period);
      const status = run && run.id > before ? run.status : 'succeeded';
      let failedRules: string[] = [];
      try {
        failedRules = run ? (JSON.parse(run.failed_rules_json) as { ruleId: string }[]).map((r) => r.ruleId) : [];
      } catch {
        /* none */
      }
      if (run && run.id > before && !isSucceeded(run.status))
        result.failed.push({ ...d, error: run.error ?? run.status });
      else result.ran.push({ ...d, status, runId: run && run.id > before ? run.id : null, failedRules });
    } catch (e) {
      result.failed.push({ ...d, error: `${label}运行失败：${(e as Error).message}` });
      log(`${label}运行失败：${(e as Error).message}`);
    }
  }

  if (opts.backup !== false) {
    try {
      const dir = typeof opts.backup === 'object' ? opts.backup.dir : undefined;
      const r = await withJobLock(db, 'backup', () => dailyBackupIfDue(db, { now: opts.now, dir }), opts.lock);
      if (r.acquired && r.value) {
        result.backup = { file: r.value.file, removed: r.value.removed };
        log(`已备份案件库：${r.value.file}`);
      }
    } catch (e) {
      result.backupError = (e as Error).message;
      log(`每日备份失败：${(e as Error).message}`);
    }
  }

  result.watchdog = watchdogMessages(db, opts.now);
  if (result.backupError) result.watchdog.push(`每日备份失败：${result.backupError}`);
  return result;
}

export interface SchedulerHandle {
  /** Stops the timer; resolves when a run under way has finished (close the store after it). */
  stop(): Promise<void>;
  /** Runs now unless a run is under way (then returns that run's promise). */
  tick(): Promise<RunDueResult | null>;
  last(): RunDueResult | null;
}

/**
 * For the app and browser mode: runDue at start, then every `intervalMs` (default 10 minutes), on
 * an unref'd timer, never two at once.
 */
export function startScheduler(
  ctx: AppContext,
  opts: {
    intervalMs?: number;
    clock?: () => Date;
    onResult?: (r: RunDueResult) => void;
    onError?: (e: unknown) => void;
  } & Omit<RunDueOptions, 'now'> = {},
): SchedulerHandle {
  const { intervalMs = 10 * 60_000, clock = () => new Date(), onResult, onError, ...runOpts } = opts;
  let current: Promise<RunDueResult | null> | null = null;
  let lastResult: RunDueResult | null = null;
  let stopped = false;
  const tick = (): Promise<RunDueResult | null> => {
    if (stopped) return Promise.resolve(null);
    if (current) return current;
    current = (async () => {
      try {
        const r = await runDue(ctx, { ...runOpts, now: clock() });
        lastResult = r;
        onResult?.(r);
        return r;
      } catch (e) {
        onError?.(e);
        return null;
      } finally {
        current = null;
      }
    })();
    return current;
  };
  void tick();
  const timer = setInterval(() => {
    void tick();
  }, intervalMs);
  timer.unref();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      if (current) await current;
    },
    tick,
    last: () => lastResult,
  };
}
