import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { tmpStore } from '../helpers/tmp';
import { dueJobs, runDue, setCatchupFrom, startScheduler, watchdogMessages } from '../../core/jobs/scheduler';
import { acquireLock, releaseLock, staleReason } from '../../core/jobs/lock';
import { listRuns } from '../../db/queries/job-runs';
import { getLock } from '../../db/queries/locks';
import { addCase, at8, fakeJobs, type Call } from './fixtures/fake-jobs';

const key = (d: { job: string; period: string }) => `${d.job}:${d.period}`;

describe('dueJobs', () => {
  it("an empty store has only today's audit due", () => {
    const { db } = tmpStore();
    expect(dueJobs(db, at8('2026-11-23'))).toEqual([{ job: 'audit', period: '2026-11-23', asOf: '2026-11-23' }]);
  });

  it('on a first run: last month and the weeks since, oldest first, each as of its own end, then today', () => {
    const { db } = tmpStore();
    addCase(db, 'A1', '2026-01-05');
    expect(dueJobs(db, at8('2026-11-23'))).toEqual([
      { job: 'inspection', period: '2026-10', asOf: '2026-10-31' },
      { job: 'notice', period: '2026-W44', asOf: '2026-11-01' },
      { job: 'notice', period: '2026-W45', asOf: '2026-11-08' },
      { job: 'notice', period: '2026-W46', asOf: '2026-11-15' },
      { job: 'notice', period: '2026-W47', asOf: '2026-11-22' },
      { job: 'audit', period: '2026-11-23', asOf: '2026-11-23' },
    ]);
  });

  it('on a first run early in a month: the week that ended before the month did comes with the month (week 48 on 1 December)', () => {
    for (const day of ['2026-12-01', '2026-12-05']) {
      const { db } = tmpStore();
      addCase(db, 'A1', '2026-01-05');
      expect(dueJobs(db, at8(day)).map(key), day).toEqual(['notice:2026-W48', 'inspection:2026-11', `audit:${day}`]);
      // The watchdog names every one of them before they ran.
      expect(watchdogMessages(db, at8(day)), day).toEqual([
        '11月月检查未完成',
        '第48周周通报未完成',
        '今日日审核未完成',
      ]);
    }
  });

  it('names the periods past the catch-up bounds instead of skipping them in silence', () => {
    const { db } = tmpStore();
    addCase(db, 'A1', '2026-01-05');
    setCatchupFrom(db, '2026-01-31');
    const w = watchdogMessages(db, at8('2026-11-23'));
    // Weeks 5–39 (week 5 ends on 1 February, after the floor; weeks 40–47 are the last 8) and no month.
    expect(w[0]).toBe('第5周至第39周周通报（共35期）未生成：超出自动补做范围（最近8周），需要时请在“任务”中逐期生成');
    expect(w.filter((x) => x.includes('超出自动补做范围'))).toHaveLength(1);
    expect(w).toContain('1月月检查未完成');
    const { db: db2 } = tmpStore();
    addCase(db2, 'B1', '2024-03-01');
    setCatchupFrom(db2, '2024-01-01');
    expect(watchdogMessages(db2, at8('2026-11-23')).filter((x) => x.includes('月检查（共'))).toEqual([
      '2024年3月至2025年10月月检查（共20期）未生成：超出自动补做范围（最近12个月），需要时请在“任务”中逐期生成',
    ]);
  });

  it('uses the China date: 23:30 UTC on Sunday is already Monday in China', () => {
    const { db } = tmpStore();
    addCase(db, 'A1', '2026-01-05');
    const due = dueJobs(db, new Date('2026-11-22T23:30:00Z')).map(key);
    expect(due).toContain('notice:2026-W47');
    expect(due).toContain('audit:2026-11-23');
    expect(dueJobs(db, new Date('2026-11-22T15:30:00Z')).map(key)).not.toContain('notice:2026-W47');
  });

  it('is bounded: at most 8 weeks and 12 months, never before the earliest case', () => {
    const { db } = tmpStore();
    addCase(db, 'A1', '2020-01-01');
    setCatchupFrom(db, '2020-01-01');
    const due = dueJobs(db, at8('2026-11-23'));
    expect(due.filter((d) => d.job === 'notice')).toHaveLength(8);
    expect(due.filter((d) => d.job === 'inspection')).toHaveLength(12);
    expect(due.find((d) => d.job === 'inspection')!.period).toBe('2025-11');
    const { db: db2 } = tmpStore();
    addCase(db2, 'B1', '2026-11-10');
    setCatchupFrom(db2, '2020-01-01');
    expect(dueJobs(db2, at8('2026-11-23')).map(key)).toEqual([
      'notice:2026-W46',
      'notice:2026-W47',
      'audit:2026-11-23',
    ]);
  });
});

describe('runDue', () => {
  it('catches up after the app was closed for 5 weeks: every missed notice and inspection, oldest first, each as of its period end; daily audits not replayed', async () => {
    const { db, ctx } = tmpStore();
    addCase(db, 'A1', '2026-01-05');
    const calls: Call[] = [];
    const jobs = fakeJobs({ calls });
    const first = await runDue(ctx, { now: at8('2026-10-05'), jobs, backup: false });
    expect(first.failed).toEqual([]);
    expect(first.ran.map(key)).toEqual(['inspection:2026-09', 'notice:2026-W40', 'audit:2026-10-05']);
    calls.length = 0;
    // Closed from 2026-10-05 until Monday 2026-11-09 (5 weeks).
    const r = await runDue(ctx, { now: at8('2026-11-09'), jobs, backup: false });
    expect(r.ran.map(key)).toEqual([
      'notice:2026-W41',
      'notice:2026-W42',
      'notice:2026-W43',
      'inspection:2026-10',
      'notice:2026-W44',
      'notice:2026-W45',
      'audit:2026-11-09',
    ]);
    expect(calls.map((c) => `${key(c)}@${c.asOf}`)).toEqual([
      'notice:2026-W41@2026-10-11',
      'notice:2026-W42@2026-10-18',
      'notice:2026-W43@2026-10-25',
      'inspection:2026-10@2026-10-31',
      'notice:2026-W44@2026-11-01',
      'notice:2026-W45@2026-11-08',
      'audit:2026-11-09@2026-11-09',
    ]);
    const runs = listRuns(db, { limit: 1000 });
    expect(
      runs
        .filter((x) => x.job === 'audit')
        .map((x) => x.period)
        .sort(),
    ).toEqual(['2026-10-05', '2026-11-09']);
    for (const run of runs) expect(run.status).toBe('succeeded');
    expect(r.watchdog).toEqual([]);
    // Nothing is due again the same day.
    const again = await runDue(ctx, { now: at8('2026-11-09'), jobs, backup: false });
    expect(again.ran).toEqual([]);
  });

  it('retries a failed run on the next run-due, and the watchdog names it meanwhile', async () => {
    const { db, ctx } = tmpStore();
    addCase(db, 'A1', '2026-01-05');
    let failing = true;
    const jobs = fakeJobs({ fail: (job, period) => failing && job === 'notice' && period === '2026-W47' });
    const r1 = await runDue(ctx, { now: at8('2026-11-23'), jobs, backup: false });
    expect(r1.failed.map(key)).toEqual(['notice:2026-W47']);
    expect(r1.ran.map(key)).toContain('notice:2026-W46');
    expect(r1.watchdog.some((w) => w.startsWith('第47周周通报未完成（上次运行失败'))).toBe(true);
    expect(watchdogMessages(db, at8('2026-11-23'))[0]).toMatch(/^第47周周通报未完成/);
    failing = false;
    const r2 = await runDue(ctx, { now: at8('2026-11-23'), jobs, backup: false });
    expect(r2.ran.map(key)).toEqual(['notice:2026-W47']);
    expect(r2.watchdog).toEqual([]);
  });

  it('re-runs an interrupted run (a running row whose process is gone)', async () => {
    const { db, ctx } = tmpStore();
    addCase(db, 'A1', '2026-11-20');
    db.prepare(
      `INSERT INTO job_runs(job, period, version, as_of, started_at, status, actor, pid) VALUES ('audit', '2026-11-23', 1, '2026-11-23', 'x', 'running', 'x', 999999)`,
    ).run();
    const r = await runDue(ctx, { now: at8('2026-11-23'), jobs: fakeJobs(), backup: false });
    expect(r.recovered).toBe(1);
    expect(r.ran.map(key)).toContain('audit:2026-11-23');
    expect(listRuns(db).find((x) => x.pid === 999999)!.status).toBe('interrupted');
  });

  it('watchdog messages in Chinese before anything ran', () => {
    const { db } = tmpStore();
    addCase(db, 'A1', '2026-01-05');
    expect(watchdogMessages(db, at8('2026-11-23'))).toEqual([
      '10月月检查未完成',
      '第44周周通报未完成',
      '第45周周通报未完成',
      '第46周周通报未完成',
      '第47周周通报未完成',
      '今日日审核未完成',
    ]);
  });

  it('reports a job whose module is missing as failed without stopping the others', async () => {
    const { db, ctx } = tmpStore();
    addCase(db, 'A1', '2026-11-02');
    const { notice: _n, ...jobs } = fakeJobs();
    const r = await runDue(ctx, { now: at8('2026-11-23'), jobs, backup: false });
    expect(r.failed.map(key)).toEqual(['notice:2026-W45', 'notice:2026-W46', 'notice:2026-W47']);
    expect(r.ran.map(key)).toEqual(['audit:2026-11-23']);
  });

  it('makes the daily backup once per China day', async () => {
    const { db, ctx, dir } = tmpStore();
    const bdir = path.join(dir, 'bk');
    const r1 = await runDue(ctx, { now: at8('2026-11-23'), jobs: fakeJobs(), backup: { dir: bdir } });
    expect(r1.backup?.file).toMatch(/store-20261123-080000-daily\.sqlite$/);
    const r2 = await runDue(ctx, { now: new Date('2026-11-23T10:00:00Z'), jobs: fakeJobs(), backup: { dir: bdir } });
    expect(r2.backup).toBeNull();
    const r3 = await runDue(ctx, { now: at8('2026-11-24'), jobs: fakeJobs(), backup: { dir: bdir } });
    expect(r3.backup?.file).toMatch(/20261124/);
    db.close();
  });
});

describe('job locks', () => {
  it('a live holder blocks; a dead pid or an old heartbeat is taken over', () => {
    const { db } = tmpStore();
    const host = os.hostname();
    const live = acquireLock(db, 'notice', { owner: `${process.ppid}@${host}` });
    expect(live).not.toBeNull();
    expect(acquireLock(db, 'notice')).toBeNull();
    releaseLock(db, live!);
    acquireLock(db, 'notice', { owner: `999999@${host}` });
    expect(acquireLock(db, 'notice')?.tookOverFrom).toBe(`999999@${host}`);
    const hourAgo = Date.now() - 3_600_000;
    acquireLock(db, 'audit', { owner: '123@another-pc', clock: () => hourAgo });
    expect(staleReason(getLock(db, 'audit')!)).toMatch(/没有心跳/);
    expect(acquireLock(db, 'audit')?.tookOverFrom).toBe('123@another-pc');
    acquireLock(db, 'inspection', { owner: '123@another-pc' });
    expect(acquireLock(db, 'inspection')).toBeNull();
  });

  it('runDue skips a job whose lock another live process holds', async () => {
    const { db, ctx } = tmpStore();
    addCase(db, 'A1', '2026-11-02');
    acquireLock(db, 'notice', { owner: `${process.ppid}@${os.hostname()}` });
    const r = await runDue(ctx, { now: at8('2026-11-23'), jobs: fakeJobs(), backup: false });
    expect(r.skipped.map(key)).toEqual(['notice:2026-W45', 'notice:2026-W46', 'notice:2026-W47']);
    expect(r.skipped[0].reason).toMatch(/正由其他进程/);
    expect(r.ran.map(key)).toEqual(['audit:2026-11-23']);
  });

  it('two processes running run-due at once never run the same period twice', async () => {
    const { db, dbPath } = tmpStore();
    addCase(db, 'A1', '2026-01-05');
    const child = () =>
      new Promise<{ ran: string[]; skipped: string[] }>((resolve, reject) => {
        const p = spawn(
          process.execPath,
          [
            '-r',
            'tsx/cjs',
            path.join(__dirname, 'fixtures/run-due-child.ts'),
            dbPath,
            at8('2026-11-23').toISOString(),
            '300',
          ],
          { stdio: ['ignore', 'pipe', 'inherit'] },
        );
        let out = '';
        p.stdout.on('data', (b) => {
          out += b;
        });
        p.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`child exit ${code}`))));
      });
    const [a, b] = await Promise.all([child(), child()]);
    const runs = listRuns(db, { limit: 1000 });
    const periods = runs.map((r) => key(r));
    expect(new Set(periods).size).toBe(periods.length);
    expect(periods.sort()).toEqual(
      [
        'audit:2026-11-23',
        'inspection:2026-10',
        'notice:2026-W44',
        'notice:2026-W45',
        'notice:2026-W46',
        'notice:2026-W47',
      ].sort(),
    );
    expect([...a.ran, ...b.ran].sort()).toEqual(periods.sort());
  }, 60_000);
});

describe('startScheduler', () => {
  it('runs at start and never overlaps', async () => {
    const { db, ctx } = tmpStore();
    addCase(db, 'A1', '2026-11-02');
    const calls: Call[] = [];
    const h = startScheduler(ctx, {
      intervalMs: 3_600_000,
      clock: () => at8('2026-11-23'),
      jobs: fakeJobs({ calls, delayMs: 20 }),
      backup: false,
    });
    const p1 = h.tick();
    const p2 = h.tick();
    expect(p1).toBe(p2);
    const r = await p1;
    await h.stop();
    expect(r?.ran.length).toBe(4);
    expect(calls.map(key)).toEqual(['notice:2026-W45', 'notice:2026-W46', 'notice:2026-W47', 'audit:2026-11-23']);
  });
});
