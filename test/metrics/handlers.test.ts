import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { tmpDir, tmpStore } from '../helpers/tmp';
import { craftOctober } from './fixture';
import { HANDLERS } from '../../core/handlers';
import { invokeHandler } from '../../core/handlers/registry';
import { runWeeklyNotice } from '../../core/jobs/notice';

describe('bulletins and notices handlers', () => {
  it('drill-down lists the rows behind a figure, live and from a frozen snapshot', async () => {
    const { ctx, db } = tmpStore();
    const b = craftOctober(db);
    const call = (name: string, p: unknown) =>
      invokeHandler(HANDLERS, ctx, name, p) as Promise<Record<string, unknown>>;
    const live = await call('bulletins/drill', { period: '2026-10', metricId: 'received', prosecutor: '李检察' });
    expect((live.rows as { caseNo: string }[]).map((r) => r.caseNo).sort()).toEqual(['A2', 'A4', 'A5']);
    expect(live.frozen).toBe(false);
    await runWeeklyNotice(ctx, { week: '2026-W43' });
    b.finding({ ruleId: 'DQ-CAUSE', caseNo: 'A4', severity: '轻微', firstSeen: '2026-10-20', subjectKey: 'late' });
    const frozen = await call('bulletins/drill', { kind: 'weekly', period: '2026-W43', metricId: 'findingsNew' });
    expect(frozen.frozen).toBe(true);
    const n = (frozen.rows as unknown[]).length;
    expect(n).toBeGreaterThan(0);
    const now = await call('bulletins/drill', { period: '2026-W43', metricId: 'findingsNew' });
    expect((now.rows as unknown[]).length).toBe(n + 1);
    const list = await call('bulletins/list', {});
    expect((list.snapshots as { kind: string }[]).map((s) => s.kind)).toEqual(['weekly']);
    const get = await call('bulletins/get', { kind: 'weekly', period: '2026-W43' });
    expect((get.metrics as Record<string, number>).findingsNew).toBe(n);
    const out = tmpDir();
    ctx.exportDir = out; // the door's export folder: handlers write there (path guard)
    const ex = await call('bulletins/export', { kind: 'weekly', period: '2026-W43', formats: ['json'], outDir: out });
    expect((ex.files as string[])[0]).toMatch(/2026年第43周流程监控周通报\.json$/);
    await expect(
      call('bulletins/export', { kind: 'monitoring', period: '2026-09', formats: ['json'], outDir: out }),
    ).rejects.toThrow(/尚未生成/);
    await expect(call('bulletins/drill', { period: '2026-13', metricId: 'received' })).rejects.toThrow(/参数无效/);
  });

  it("a period not over (the door's clock) has no live preview, no lists behind a figure and no referral package", async () => {
    const { ctx, db } = tmpStore();
    craftOctober(db);
    const out = tmpDir();
    ctx.exportDir = out;
    // 2026-10-31 23:30 in China (15:30 UTC): October and week 44 (10-26…11-01) are not over.
    ctx.now = () => new Date('2026-10-31T15:30:00Z');
    const call = (name: string, p: unknown) =>
      invokeHandler(HANDLERS, ctx, name, p) as Promise<Record<string, unknown>>;
    const notOver = { status: 400, message: expect.stringMatching(/2026年10月尚未结束.*2026年11月1日起可以/) };
    await expect(call('bulletins/get', { kind: 'monitoring', period: '2026-10' })).rejects.toMatchObject(notOver);
    await expect(call('bulletins/get', { kind: 'prosecutors', period: '2026-10' })).rejects.toMatchObject(notOver);
    await expect(call('bulletins/drill', { period: '2026-10', metricId: 'received' })).rejects.toMatchObject(notOver);
    await expect(call('bulletins/get', { kind: 'weekly', period: '2026-W44' })).rejects.toMatchObject({
      status: 400,
      message: expect.stringMatching(/第44周.*尚未结束.*2026年11月2日起可以/),
    });
    await expect(call('referrals/export', { month: '2026-10', outDir: out })).rejects.toMatchObject(notOver);
    expect(fs.readdirSync(out)).toEqual([]);
    expect((db.prepare('SELECT COUNT(*) AS n FROM snapshots').get() as { n: number }).n).toBe(0);
    // A week that is over is seen live; so is October from the 1st of November in China (16:00 UTC on 10-31).
    expect((await call('bulletins/get', { kind: 'weekly', period: '2026-W43' })).frozen).toBe(false);
    ctx.now = () => new Date('2026-10-31T16:00:00Z');
    expect((await call('bulletins/get', { kind: 'monitoring', period: '2026-10' })).frozen).toBe(false);
    expect((await call('bulletins/drill', { period: '2026-10', metricId: 'received' })).frozen).toBe(false);
  });

  it('notices/issue refuses mixed cases with a 409 in Chinese; notices/list shows issued ones', async () => {
    const { ctx, db } = tmpStore();
    craftOctober(db);
    const call = (name: string, p: unknown) =>
      invokeHandler(HANDLERS, ctx, name, p) as Promise<Record<string, unknown>>;
    const ids = db.prepare("SELECT id, case_no FROM findings WHERE status = '待处理' ORDER BY id").all() as {
      id: number;
      case_no: string;
    }[];
    const a6 = ids.filter((r) => r.case_no === 'A6').map((r) => r.id);
    const b1 = ids.filter((r) => r.case_no === 'B1').map((r) => r.id);
    await expect(call('notices/issue', { findingIds: [a6[0], b1[0]] })).rejects.toMatchObject({ status: 409 });
    const n = await call('notices/issue', { findingIds: a6, issuedOn: '2026-11-03' });
    expect(n.number).toMatch(/检案管监〔2026〕3号$/);
    const list = await call('notices/list', { year: 2026 });
    expect((list.notices as { number: string }[])[0].number).toBe(n.number);
    const r = await call('notices/reply', { id: n.id, on: '2026-11-05', text: '已整改' });
    expect(r.replyOn).toBe('2026-11-05');
  });
});
