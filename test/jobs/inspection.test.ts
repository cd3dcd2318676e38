import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tmpDir, tmpStore } from '../helpers/tmp';
import { craftOctober } from '../metrics/fixture';
import { runMonthlyInspection } from '../../core/jobs/inspection';
import { loadSnapshot } from '../../core/jobs/notice';
import type { DataCheckSnapshot, MonitoringSnapshot, ProsecutorsSnapshot } from '../../core/metrics/snapshots';

describe('monthly inspection job', () => {
  it('runs the audit as of the month end, freezes both bulletins and the data check; idempotent; regenerate keeps v1', async () => {
    const { ctx, db } = tmpStore();
    craftOctober(db);
    const r1 = await runMonthlyInspection(ctx, { month: '2026-10', generatedAt: '2026-11-01T08:00:00+08:00' });
    expect(r1).toMatchObject({ job: 'inspection', period: '2026-10', version: 1, asOf: '2026-10-31', created: true });
    expect(r1.snapshots.map((s) => s.kind).sort()).toEqual(['data-check', 'monitoring', 'prosecutors']);
    const audit = db.prepare("SELECT * FROM job_runs WHERE job = 'audit'").all() as {
      period: string;
      status: string;
    }[];
    expect(audit.map((a) => a.period)).toEqual(['2026-10-31']);
    const check = loadSnapshot(ctx, 'data-check', '2026-10') as DataCheckSnapshot;
    expect((check.audit as { asOf: string }).asOf).toBe('2026-10-31');
    const pros = loadSnapshot(ctx, 'prosecutors', '2026-10') as ProsecutorsSnapshot;
    expect(pros.totals).toMatchObject({ carriedOver: 3, received: 3, concluded: 4 });
    expect(pros.generatedAt).toBe('2026-11-01T08:00:00+08:00');
    const mon = loadSnapshot(ctx, 'monitoring', '2026-10') as MonitoringSnapshot;
    expect(mon.metrics.casesMonitored).toBe(6);

    const again = await runMonthlyInspection(ctx, { month: '2026-10' });
    expect(again).toMatchObject({ created: false, runId: r1.runId });
    expect((db.prepare("SELECT COUNT(*) AS n FROM job_runs WHERE job = 'audit'").get() as { n: number }).n).toBe(1);

    const out = tmpDir();
    const ex = await runMonthlyInspection(ctx, {
      month: '2026-10',
      outDir: out,
      formats: ['json', 'xlsx'],
      referralPackage: false,
    });
    expect(ex.files.map((f) => path.basename(f)).sort()).toEqual([
      '2026年10月员额检察官办案数据通报.json',
      '2026年10月员额检察官办案数据通报.xlsx',
      '2026年10月流程监控通报.json',
      '2026年10月流程监控通报.xlsx',
    ]);
    const j = JSON.parse(fs.readFileSync(path.join(out, '2026年10月员额检察官办案数据通报.json'), 'utf8'));
    expect(j.totals.received).toBe(3);

    const r2 = await runMonthlyInspection(ctx, { month: '2026-10', regenerate: true });
    expect(r2).toMatchObject({ created: true, version: 2 });
    expect(
      db.prepare("SELECT kind, version FROM snapshots WHERE period = '2026-10' ORDER BY version, kind").all(),
    ).toEqual([
      { kind: 'data-check', version: 1 },
      { kind: 'monitoring', version: 1 },
      { kind: 'prosecutors', version: 1 },
      { kind: 'data-check', version: 2 },
      { kind: 'monitoring', version: 2 },
      { kind: 'prosecutors', version: 2 },
    ]);
  });

  it('writes the referral package with the bulletins when asked', async () => {
    const { ctx, db } = tmpStore();
    craftOctober(db);
    const out = tmpDir();
    const r = await runMonthlyInspection(ctx, { month: '2026-10', outDir: out, formats: ['json'] });
    expect(r.warnings.filter((w) => w.startsWith('线索移送材料未生成'))).toEqual([]);
    expect(r.files.length).toBeGreaterThanOrEqual(3);
  });
});
