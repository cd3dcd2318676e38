/**
 * A date or period that has not ended yet is refused, with when it can run (rules.md "The audit as of a date"):
 * an audit after today, a weekly notice for a week not over, an inspection or bulletin for a month not over —
 * at the CLI (exit 1), at the handlers behind the UI (400) and in the jobs the scheduler calls. "Today" is the
 * door's: the CLI's clock, the handler context's `now`, the scheduler's `now`.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tmpDir, tmpStore } from '../helpers/tmp';
import { caseflow } from '../helpers/caseflow';
import { addDays, chinaToday, isoWeekOf, monthOf, previousMonth, previousWeek } from '../../core/dates';
import { HANDLERS } from '../../core/handlers';
import { HandlerError, invokeHandler } from '../../core/handlers/registry';
import { runAudit } from '../../core/jobs/audit';
import { runWeeklyNotice } from '../../core/jobs/notice';
import { runMonthlyInspection } from '../../core/jobs/inspection';
import { PeriodNotOverError } from '../../core/jobs/not-yet';
import { dueJobs, runDue } from '../../core/jobs/scheduler';
import { addCase } from '../rules/builder';
import { openStore } from '../../db/store';

describe('periods not over are refused', () => {
  it('at the CLI: exit 1 with a Chinese message saying when; periods over run', async () => {
    const db = path.join(tmpDir(), 's.sqlite');
    openStore(db).close(); // the CLI refuses a store that does not exist
    const today = chinaToday();
    const tomorrow = addDays(today, 1);
    const week = isoWeekOf(today);
    const month = monthOf(today);

    const audit = await caseflow(['audit', '--date', tomorrow, '--db', db]);
    expect(audit.code).toBe(1);
    expect(audit.err).toContain(`审核日期 ${tomorrow} 晚于今天（${today}）`);
    expect((await caseflow(['audit', '--date', today, '--db', db])).code).toBe(0);

    const notice = await caseflow(['notice', '--week', week, '--format', 'json', '--db', db]);
    expect(notice.code).toBe(1);
    expect(notice.err).toMatch(/尚未结束，不能生成周通报：.*（下周一）起可以生成/);
    expect((await caseflow(['notice', '--week', previousWeek(week), '--format', 'json', '--db', db])).code).toBe(0);

    for (const m of [month, `${+month.slice(0, 4) + 1}${month.slice(4)}`]) {
      const inspect = await caseflow(['inspect', '--month', m, '--format', 'json', '--db', db]);
      expect(inspect.code, m).toBe(1);
      expect(inspect.err).toMatch(/尚未结束，不能运行月检查和月度通报：.*起可以运行/);
      const bulletin = await caseflow(['bulletin', '--month', m, '--kind', 'monitoring', '--db', db]);
      expect(bulletin.code, m).toBe(1);
      expect(bulletin.err).toContain('尚未结束');
    }
    expect((await caseflow(['inspect', '--month', previousMonth(month), '--format', 'json', '--db', db])).code).toBe(0);
  }, 240_000);

  it("at the handlers: 400 with the message, judged by the context's clock", async () => {
    const { ctx, db } = tmpStore();
    addCase(db, { receivedOn: '2026-10-20' });
    const at = { ...ctx, now: () => new Date('2026-11-15T10:00:00+08:00') }; // a Sunday
    const call = (name: string, p: unknown) => invokeHandler(HANDLERS, at, name, p);
    const refused = async (name: string, p: unknown, re: RegExp) => {
      const e = await call(name, p).then(
        () => null,
        (x: unknown) => x,
      );
      expect(e, name).toBeInstanceOf(HandlerError);
      expect((e as HandlerError).status).toBe(400);
      expect((e as HandlerError).message).toMatch(re);
    };
    await refused('audit/run', { asOf: '2026-11-16' }, /2026年11月16日当天或之后/);
    await refused(
      'jobs/run-notice',
      { week: '2026-W46' },
      /2026年第46周（2026-11-09 至 2026-11-15）尚未结束.*2026年11月16日（下周一）起/,
    );
    await refused('jobs/run-inspection', { month: '2026-11' }, /2026年11月尚未结束.*2026年12月1日起可以运行/);
    // Without a date, the audit runs for the context's today; periods that are over run.
    expect(await call('audit/run', {})).toMatchObject({ asOf: '2026-11-15' });
    expect(await call('jobs/run-notice', { week: '2026-W45' })).toMatchObject({ created: true });
    expect(await call('jobs/run-inspection', { month: '2026-10' })).toMatchObject({ created: true });
  }, 120_000);

  it("in the jobs the scheduler runs: judged by the scheduler's now, never listed as due before their end", async () => {
    const { ctx, db } = tmpStore();
    addCase(db, { receivedOn: '2026-09-20' });
    const today = '2026-11-15';
    await expect(runWeeklyNotice(ctx, { week: '2026-W46', today })).rejects.toBeInstanceOf(PeriodNotOverError);
    await expect(runMonthlyInspection(ctx, { month: '2026-11', today })).rejects.toBeInstanceOf(PeriodNotOverError);
    expect(() => runAudit(ctx, { asOf: '2026-11-16', today })).toThrow(PeriodNotOverError);
    const now = new Date(`${today}T09:00:00+08:00`);
    const due = dueJobs(db, now).map((d) => `${d.job}:${d.period}`);
    expect(due).not.toContain('notice:2026-W46');
    expect(due).not.toContain('inspection:2026-11');
    const r = await runDue(ctx, { now, backup: false });
    expect(r.failed).toEqual([]);
    expect(r.ran.map((x) => `${x.job}:${x.period}`)).toContain(`audit:${today}`);
    // A scheduler whose now is ahead of this machine's clock (e.g. the demo's or a test's) runs what is over by its
    // own today: the jobs are told that day, they do not read the machine's.
    const ahead = await runDue(ctx, { now: new Date('2027-02-10T09:00:00+08:00'), backup: false });
    expect(ahead.failed).toEqual([]);
    expect(ahead.ran.map((x) => `${x.job}:${x.period}`)).toEqual(
      expect.arrayContaining(['inspection:2027-01', 'notice:2027-W05', 'audit:2027-02-10']),
    );
  }, 120_000);
});
