/**
 * kill -9 at random (seeded) moments of a large import and of run-due's jobs, in a child process
 * running the real CLI. After each kill: integrity_check ok; the store's content (hash per table,
 * timestamps and pids aside) equals the state before the operation or after it (for run-due: after
 * one of its jobs, each job being its own transaction); and the next run completes the work: the
 * import re-runs to the same content, the interrupted job is marked interrupted and re-runs. One more kill
 * of run-due lands at a named fault point (a notice's products committed, the run not yet `succeeded`).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { tmpDir } from '../helpers/tmp';
import { openStore } from '../../db/store';
import { osUser, type AppContext } from '../../core/context';
import { runDue, loadJobImpls, dueJobs, type JobImpls } from '../../core/jobs/scheduler';
import { integrityOk, prng, tableHashes, volatileColumns, type TableHashes } from './fixtures/hash';

const ROOT = path.resolve(__dirname, '../..');
const CLI = path.join(ROOT, 'bin/caseflow.js');
const NOW = '2026-11-23T08:00:00+08:00';
const rng = prng(20261122);
const KILLS_IMPORT = 6;
const KILLS_JOBS = 9;

/** `killAt`: after that many ms, or at that fault point (core/jobs/faults.ts). */
function cli(
  args: string[],
  killAt?: number | string,
): Promise<{ code: number | null; signal: NodeJS.Signals | null; ms: number; stderr: string }> {
  return new Promise((resolve) => {
    const t0 = Date.now();
    const env: NodeJS.ProcessEnv = { ...process.env, TZ: 'America/Los_Angeles', CASEFLOW_HOME: path.join(dir, 'home') };
    if (typeof killAt === 'string') env.CASEFLOW_TEST_KILL_AT = killAt;
    else delete env.CASEFLOW_TEST_KILL_AT;
    const p = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'ignore', 'pipe'], env });
    let stderr = '';
    p.stderr.on('data', (b) => {
      stderr += b;
    });
    let timer: NodeJS.Timeout | undefined;
    if (typeof killAt === 'number') timer = setTimeout(() => p.kill('SIGKILL'), killAt);
    p.on('exit', (code, signal) => {
      if (timer) clearTimeout(timer);
      resolve({ code, signal, ms: Date.now() - t0, stderr });
    });
  });
}

function copyStore(from: string, to: string): void {
  const db = new Database(from);
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  for (const s of ['', '-wal', '-shm']) fs.rmSync(to + s, { force: true });
  fs.copyFileSync(from, to);
}

const same = (a: TableHashes, b: TableHashes) => JSON.stringify(a) === JSON.stringify(b);
function which(h: TableHashes, states: TableHashes[]): number {
  return states.findIndex((s) => same(s, h));
}
function diff(h: TableHashes, ref: TableHashes): string[] {
  return Object.keys({ ...h, ...ref })
    .filter((k) => h[k] !== ref[k])
    .map((k) => `${k}: ${h[k]} ≠ ${ref[k]}`);
}

let dir = '';
let big = '';
let base = '';
let haveModules = false;

beforeAll(async () => {
  dir = tmpDir('caseflow-faults-');
  const gen = await import('../../tools/generator').catch(() => null);
  const imp = await import('../../core/import').catch(() => null);
  haveModules = !!(gen?.writeWorkbook && imp?.runImport);
  if (!haveModules) return;
  big = path.join(dir, 'big.xlsx');
  await gen!.writeWorkbook({ cases: 6000, seed: 11, asOf: '2026-11-20' }, big);
  const small = path.join(dir, 'small.xlsx');
  await gen!.writeWorkbook({ cases: 1500, seed: 11, asOf: '2026-09-30' }, small);
  base = path.join(dir, 'base.sqlite');
  const db = openStore(base);
  const r = await imp!.runImport({ db, dbPath: base, actor: osUser() }, [small], {});
  expect(r.ok, JSON.stringify(r.errors.slice(0, 3))).toBe(true);
  db.close();
}, 300_000);

describe('kill -9 during a large import', () => {
  it(`${KILLS_IMPORT} kills: always before or after, never between; the import then completes`, async () => {
    if (!haveModules) return;
    // Two full runs: the "after" state, the columns that differ run to run, and the duration.
    const ref1 = path.join(dir, 'imp-ref1.sqlite'),
      ref2 = path.join(dir, 'imp-ref2.sqlite');
    copyStore(base, ref1);
    copyStore(base, ref2);
    const full = await cli(['import', big, '--db', ref1]);
    expect(full.code, full.stderr).toBe(0);
    expect((await cli(['import', big, '--db', ref2])).code).toBe(0);
    const skip = { skipColumns: volatileColumns(ref1, ref2), skipTables: ['job_locks'] };
    const before = tableHashes(base, skip);
    const after = tableHashes(ref1, skip);
    expect(same(before, after)).toBe(false);
    const seen = { before: 0, after: 0 };
    for (let k = 0; k < KILLS_IMPORT; k++) {
      const f = path.join(dir, `imp-kill-${k}.sqlite`);
      copyStore(base, f);
      const at = Math.round(300 + rng() * full.ms);
      const r = await cli(['import', big, '--db', f], at);
      expect(integrityOk(f), `kill ${k} at ${at} ms`).toBe(true);
      const h = tableHashes(f, skip);
      const state = same(h, before) ? 'before' : same(h, after) ? 'after' : null;
      expect(state, `kill ${k} at ${at} ms (${r.signal ?? r.code}): ${diff(h, before).join('; ')}`).not.toBeNull();
      seen[state!]++;
      if (state === 'before') {
        // The import re-runs whole (when it had finished, running it again is a recorded no-op).
        const again = await cli(['import', big, '--db', f]);
        expect(again.code, again.stderr).toBe(0);
        expect(tableHashes(f, skip)).toEqual(after);
      }
    }
    expect(seen.before + seen.after).toBe(KILLS_IMPORT);
  }, 900_000);
});

describe("kill -9 during run-due's jobs", () => {
  it(`${KILLS_JOBS} kills: the store is always after some whole job; the interrupted job re-runs and succeeds`, async () => {
    if (!haveModules) return;
    const start = path.join(dir, 'jobs-start.sqlite');
    copyStore(base, start);
    expect((await cli(['import', big, '--db', start])).code).toBe(0);
    // Reference states after each job, in process (the same runDue the CLI runs), twice for the volatile columns.
    const impls = loadJobImpls();
    const states: string[][] = [[], []];
    for (const pass of [0, 1]) {
      const f = path.join(dir, `jobs-ref${pass}.sqlite`);
      copyStore(start, f);
      const db = openStore(f);
      // As the CLI does: Chromium PDF printing when available (the referral package records it).
      const pdf = await import('../../core/documents/pdf').catch(() => null);
      const ctx: AppContext = {
        db,
        dbPath: f,
        actor: osUser(),
        ...(pdf?.chromiumPrintPdf ? { printPdf: pdf.chromiumPrintPdf } : {}),
      };
      const snap = () => {
        const s = path.join(dir, `jobs-ref${pass}-state${states[pass].length}.sqlite`);
        db.pragma('wal_checkpoint(TRUNCATE)');
        fs.copyFileSync(f, s);
        states[pass].push(s);
      };
      snap();
      const wrap = <K extends keyof JobImpls>(k: K): JobImpls[K] =>
        (async (c: AppContext, o: never) => {
          const r = await (impls[k] as (c: AppContext, o: never) => unknown)(c, o);
          snap();
          return r;
        }) as JobImpls[K];
      expect(dueJobs(db, new Date(NOW)).length).toBeGreaterThanOrEqual(5);
      const r = await runDue(ctx, {
        now: new Date(NOW),
        jobs: { audit: wrap('audit'), notice: wrap('notice'), inspection: wrap('inspection') },
        backup: false,
      });
      expect(r.failed).toEqual([]);
      db.close();
    }
    // (The inspection runs its month-end audit inside its own transaction: there is no state between the two.)
    const volatile = volatileColumns(states[0][states[0].length - 1], states[1][states[1].length - 1]);
    // Left out: the run records (checked below), locks, the scheduler's floor, and the built-in holiday
    // calendar the first audit seeds in its own idempotent transaction before its run starts.
    // run_id columns point into job_runs, whose ids move on by one per interrupted run.
    // warnings is rebuilt by every audit and deadlines keeps the latest audits' rows: their row ids are
    // not content (nothing refers to them), and a notice re-run after a kill between its products and
    // `succeeded` re-runs its audit, whose rows take new ids.
    // The data-check snapshot embeds the summary of the audit the inspection ran inside its own
    // transaction; that audit's run id moves on by one per interrupted run, like every run id.
    const transform = (table: string, row: Record<string, unknown>) => {
      if (table !== 'snapshots' || typeof row.data_json !== 'string') return row;
      const data = JSON.parse(row.data_json) as Record<string, unknown>;
      if (data.audit && typeof data.audit === 'object') delete (data.audit as { runId?: number }).runId;
      return { ...row, data_json: JSON.stringify(data) };
    };
    const skip = {
      transform,
      skipColumns: {
        ...volatile,
        '*': [...(volatile['*'] ?? []), 'run_id'],
        warnings: [...(volatile.warnings ?? []), 'id'],
        deadlines: [...(volatile.deadlines ?? []), 'id'],
      },
      skipTables: ['job_runs', 'job_locks', 'scheduler_state', 'holiday_calendars'],
    };
    const refs = states[0].map((s) => tableHashes(s, skip));
    const expectedDone = (() => {
      const db = new Database(states[0][states[0].length - 1]);
      const rows = db
        .prepare("SELECT DISTINCT job || ':' || period AS k FROM job_runs WHERE status LIKE 'succeeded%'")
        .all() as { k: string }[];
      db.close();
      return rows.map((r) => r.k).sort();
    })();
    expect(expectedDone).toEqual(
      expect.arrayContaining([
        'audit:2026-11-23',
        'inspection:2026-10',
        'notice:2026-W44',
        'notice:2026-W45',
        'notice:2026-W46',
        'notice:2026-W47',
      ]),
    );
    const final = refs[refs.length - 1];

    const timing = path.join(dir, 'jobs-timing.sqlite');
    copyStore(start, timing);
    const full = await cli(['run-due', '--now', NOW, '--no-backup', '--db', timing]);
    expect(full.code, full.stderr).toBe(0);
    expect(tableHashes(timing, skip)).toEqual(final);

    // Deterministic part: resuming from right after each whole job (as a kill between two jobs
    // leaves the store) ends in the same content as an uninterrupted run.
    for (const [i, st] of states[0].entries()) {
      const f = path.join(dir, `jobs-resume-${i}.sqlite`);
      copyStore(st, f);
      // The reference process is alive and holds the lock of the job it snapshotted in; a killed one would not.
      const l = new Database(f);
      l.prepare('DELETE FROM job_locks').run();
      l.close();
      const r = await cli(['run-due', '--now', NOW, '--no-backup', '--db', f]);
      expect(r.code, r.stderr).toBe(0);
      const h = tableHashes(f, skip);
      if (!same(h, final)) {
        const db = new Database(f),
          ref = new Database(states[0][states[0].length - 1]);
        const q = "SELECT rule_id || '/' || first_seen AS k, count(*) AS n FROM findings GROUP BY 1";
        const a = Object.fromEntries((db.prepare(q).all() as { k: string; n: number }[]).map((x) => [x.k, x.n]));
        const b = Object.fromEntries((ref.prepare(q).all() as { k: string; n: number }[]).map((x) => [x.k, x.n]));
        const runs = db.prepare('SELECT job, period, version, as_of, status FROM job_runs ORDER BY id').all();
        db.close();
        ref.close();
        const d = Object.keys({ ...a, ...b })
          .filter((k) => a[k] !== b[k])
          .map((k) => `${k}: ${a[k] ?? 0} vs ${b[k] ?? 0}`);
        expect.fail(
          `resuming after state ${i} ends elsewhere: ${diff(h, final).join('; ')}; findings by rule/first seen: ${d.slice(0, 10).join('; ')}; runs ${JSON.stringify(runs)}`,
        );
      }
    }

    /** Kills run-due (after `at` ms or at a fault point), checks where it landed, re-runs it and checks the end. */
    const killAndResume = async (f: string, at: number | string, what: string): Promise<number> => {
      copyStore(start, f);
      await cli(['run-due', '--now', NOW, '--no-backup', '--db', f], at);
      expect(integrityOk(f), what).toBe(true);
      const i = which(tableHashes(f, skip), refs);
      expect(i, `${what}: ${diff(tableHashes(f, skip), refs[0]).join('; ')}`).toBeGreaterThanOrEqual(0);
      const killedRunning = (() => {
        const db = new Database(f);
        const n = (db.prepare("SELECT count(*) AS n FROM job_runs WHERE status = 'running'").get() as { n: number }).n;
        db.close();
        return n;
      })();
      const again = await cli(['run-due', '--now', NOW, '--no-backup', '--db', f]);
      expect(again.code, again.stderr).toBe(0);
      const finalState = tableHashes(f, skip);
      if (!same(finalState, final)) {
        const byRule = (file: string) => {
          const db = new Database(file);
          const r = Object.fromEntries(
            (
              db.prepare("SELECT rule_id || '/' || first_seen AS k, count(*) AS n FROM findings GROUP BY 1").all() as {
                k: string;
                n: number;
              }[]
            ).map((x) => [x.k, x.n]),
          );
          const runs = db.prepare('SELECT job, period, version, status FROM job_runs ORDER BY id').all();
          db.close();
          return { r, runs };
        };
        const a = byRule(f),
          b = byRule(states[0][states[0].length - 1]);
        const d = Object.keys({ ...a.r, ...b.r })
          .filter((k) => a.r[k] !== b.r[k])
          .map((k) => `${k}: ${a.r[k] ?? 0} vs ${b.r[k] ?? 0}`);
        expect.fail(
          `${what} landed in state ${i}; after the re-run ${diff(finalState, final).join('; ')}; findings by rule/first seen: ${d.slice(0, 12).join('; ')}; runs ${JSON.stringify(a.runs)}`,
        );
      }
      const db = new Database(f);
      const rows = db.prepare('SELECT job, period, status FROM job_runs').all() as {
        job: string;
        period: string;
        status: string;
      }[];
      db.close();
      expect(rows.filter((r) => r.status === 'running')).toEqual([]);
      expect(rows.filter((r) => r.status === 'interrupted')).toHaveLength(killedRunning);
      const done = new Set(rows.filter((r) => r.status.startsWith('succeeded')).map((r) => `${r.job}:${r.period}`));
      expect([...done].sort()).toEqual(expectedDone);
      return i;
    };

    // Deterministic: killed after the second notice's products (its audit committed with them) and before
    // `succeeded` (a window too short for the timed kills to hit often): the re-run redoes the notice and its audit.
    const atProducts = await killAndResume(
      path.join(dir, 'jobs-kill-products.sqlite'),
      'notice:products#2',
      'kill at notice:products#2',
    );
    expect(atProducts).toBeGreaterThan(0);

    const landed: number[] = [];
    for (let k = 0; k < KILLS_JOBS; k++) {
      const at = Math.round(300 + rng() * full.ms);
      landed.push(await killAndResume(path.join(dir, `jobs-kill-${k}.sqlite`), at, `kill ${k} at ${at} ms`));
    }
    // The kills landed in more than one place of the run.
    expect(new Set(landed).size).toBeGreaterThan(1);
  }, 1_200_000);
});
