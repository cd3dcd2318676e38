import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tmpDir, tmpStore } from '../helpers/tmp';
import { craftOctober } from '../metrics/fixture';
import { runWeeklyNotice, loadSnapshot } from '../../core/jobs/notice';
import type { WeeklySnapshot } from '../../core/metrics/snapshots';

describe('weekly notice job', () => {
  it('freezes a snapshot; a second run does nothing; re-export after new data is identical; regenerate makes v2 and keeps v1', async () => {
    const { ctx, db } = tmpStore();
    const b = craftOctober(db);
    const r1 = await runWeeklyNotice(ctx, { week: '2026-W43', generatedAt: '2026-10-26T08:00:00+08:00' });
    expect(r1).toMatchObject({ job: 'notice', period: '2026-W43', version: 1, asOf: '2026-10-25', created: true });
    const run = db.prepare('SELECT * FROM job_runs WHERE id = ?').get(r1.runId) as {
      status: string;
      job: string;
      as_of: string;
    };
    expect(run).toMatchObject({ status: 'succeeded', job: 'notice', as_of: '2026-10-25' });
    const s1 = loadSnapshot(ctx, 'weekly', '2026-W43') as WeeklySnapshot;
    // W43 = 2026-10-19..25: notice 2 (10-25) issued. The notice ran the audit as of its Sunday: its own run.
    expect(s1.metrics).toMatchObject({ noticesIssued: 1 });
    const audits = db.prepare(`SELECT as_of FROM job_runs WHERE job = 'audit'`).pluck().all();
    expect(audits).toEqual(['2026-10-25']);
    const new1 = s1.metrics.findingsNew!;

    const again = await runWeeklyNotice(ctx, { week: '2026-W43' });
    expect(again).toMatchObject({ created: false, runId: r1.runId, version: 1 });
    expect((db.prepare("SELECT COUNT(*) AS n FROM job_runs WHERE job = 'notice'").get() as { n: number }).n).toBe(1);

    const out1 = tmpDir();
    await runWeeklyNotice(ctx, { week: '2026-W43', outDir: out1, formats: ['docx', 'json'] });
    // New data after the run: the frozen week does not move. (Z1 has no 案由: DQ-CAUSE among others, first seen in W43.)
    b.case({ caseNo: 'Z1', title: '新案', receivedOn: '2026-10-20' });
    b.finding({ ruleId: 'DQ-CAUSE', caseNo: 'Z1', severity: '轻微', firstSeen: '2026-10-22' });
    const out2 = tmpDir();
    await runWeeklyNotice(ctx, { week: '2026-W43', outDir: out2, formats: ['docx', 'json'] });
    for (const f of ['2026年第43周流程监控周通报.docx', '2026年第43周流程监控周通报.json']) {
      expect(fs.readFileSync(path.join(out1, f)).equals(fs.readFileSync(path.join(out2, f))), f).toBe(true);
    }

    const r2 = await runWeeklyNotice(ctx, { week: '2026-W43', regenerate: true, outDir: out2, formats: ['json'] });
    expect(r2).toMatchObject({ created: true, version: 2 });
    expect((loadSnapshot(ctx, 'weekly', '2026-W43', 2) as WeeklySnapshot).metrics.findingsNew).toBeGreaterThan(new1);
    expect((loadSnapshot(ctx, 'weekly', '2026-W43', 1) as WeeklySnapshot).metrics.findingsNew).toBe(new1);
    expect(fs.existsSync(path.join(out2, '2026年第43周流程监控周通报（第2版）.json'))).toBe(true);
  });

  it('refuses a bad week key', async () => {
    const { ctx } = tmpStore();
    await expect(runWeeklyNotice(ctx, { week: '2026-W60' })).rejects.toThrow(/周/);
  });
});

describe('weekly notice over imported data', () => {
  it('an import after the run changes the live figures, not the frozen week', async () => {
    const { ctx, db } = await import('../helpers/tmp').then((m) => m.tmpStore());
    const { writeWorkbook } = await import('../../tools/generator');
    const { runImport } = await import('../../core/import');
    const { runAudit } = await import('../../core/jobs/audit');
    const { monitoringFigures, prosecutorFigures } = await import('../../core/metrics');
    const dir = tmpDir();
    const first = path.join(dir, 'a.xlsx'),
      second = path.join(dir, 'b.xlsx');
    await writeWorkbook({ cases: 150, seed: 3, asOf: '2026-10-18' }, first);
    await writeWorkbook({ cases: 150, seed: 3, asOf: '2026-11-10' }, second);
    expect((await runImport(ctx, [first])).ok).toBe(true);
    runAudit(ctx, { asOf: '2026-10-18' });
    const out1 = tmpDir();
    const r = await runWeeklyNotice(ctx, { week: '2026-W42', outDir: out1, formats: ['docx', 'xlsx', 'json'] });
    const before = { p: prosecutorFigures(db, '2026-W42').totals, m: monitoringFigures(db, '2026-W42').metrics };
    expect((await runImport(ctx, [second])).ok).toBe(true);
    runAudit(ctx, { asOf: '2026-11-10' });
    const after = { p: prosecutorFigures(db, '2026-W42').totals, m: monitoringFigures(db, '2026-W42').metrics };
    expect(after).not.toEqual(before);
    const out2 = tmpDir();
    const again = await runWeeklyNotice(ctx, { week: '2026-W42', outDir: out2, formats: ['docx', 'xlsx', 'json'] });
    expect(again).toMatchObject({ created: false, runId: r.runId });
    for (const f of fs.readdirSync(out1))
      expect(fs.readFileSync(path.join(out1, f)).equals(fs.readFileSync(path.join(out2, f))), f).toBe(true);
  });
});
