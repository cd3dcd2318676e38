import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import path from 'node:path';
import { tmpDir } from '../helpers/tmp';
import { demoSummary, runDemo, DEMO_STORE_NAME } from '../../tools/demo';

describe('caseflow demo', () => {
  it('lives through last month day by day: imports, daily audits, weekly notices, the monthly inspection, documents', async () => {
    const out = tmpDir('caseflow-demo-test-');
    // "Today" is 2026-11-22 (China): the demo month is October 2026.
    const r = await runDemo({ outDir: out, cases: 200, seed: 7, now: new Date('2026-11-22T02:00:00Z'), pdf: false });
    expect(r.month).toBe('2026-10');
    expect(r.days).toBe(32);
    expect(r.failed).toEqual([]);
    expect(r.counts.cases).toBe(200);
    expect(r.counts.imports).toBeGreaterThan(1);
    expect(r.ran.filter((x) => x.includes('日审核'))).toHaveLength(32);
    // Mondays of October 2026 after a full week: 5th, 12th, 19th, 26th → W40..W43.
    expect(r.ran.filter((x) => x.includes('周通报')).map((x) => x.replace(/.*（|）/g, ''))).toEqual([
      '2026-W40',
      '2026-W41',
      '2026-W42',
      '2026-W43',
    ]);
    expect(r.ran.filter((x) => x.includes('月检查'))).toEqual(['10月月检查（2026-10）']);
    expect(r.watchdog).toEqual([]);
    const names = r.files.map((f) => path.relative(out, f));
    for (const kind of ['员额检察官办案数据通报', '流程监控通报']) {
      for (const ext of ['docx', 'xlsx', 'json'])
        expect(names).toContain(path.join('documents', `2026年10月${kind}.${ext}`));
    }
    expect(names.filter((n) => /周通报\.docx$/.test(n))).toHaveLength(4);
    expect(names.some((n) => n.includes('线索移送材料'))).toBe(true);
    // No PDFs asked for: none of the bulletins or weekly notices is printed.
    expect(names.filter((n) => n.endsWith('.pdf') && !n.includes('线索移送材料'))).toEqual([]);
    const db = new Database(path.join(out, DEMO_STORE_NAME), { readonly: true });
    const runs = db.prepare('SELECT job, status, count(*) AS n FROM job_runs GROUP BY job, status').all() as {
      job: string;
      status: string;
      n: number;
    }[];
    for (const x of runs) expect(x.status).toMatch(/^succeeded/);
    expect((db.prepare('SELECT count(*) AS n FROM findings').get() as { n: number }).n).toBeGreaterThan(0);
    // Each day was imported with that day as its data date, and the inspection (run after the 11-01 import) saw
    // October as it stood on 10-31: no finding of the month comes from a date after it.
    expect(db.prepare('SELECT DISTINCT taken_on FROM import_batches ORDER BY taken_on').pluck().all()).toHaveLength(32);
    const monitoring = JSON.parse(
      db
        .prepare(`SELECT data_json FROM snapshots WHERE kind = 'monitoring' AND period = '2026-10'`)
        .pluck()
        .get() as string,
    ) as { lists: { base: string; message?: string }[] };
    const messages = monitoring.lists.filter((r) => r.base === 'finding').map((r) => String(r.message));
    expect(messages.length).toBeGreaterThan(0);
    expect(messages.filter((m) => /晚于(审核|数据)日期|2026-11-/.test(m))).toEqual([]);
    db.close();
    const text = demoSummary(r).join('\n');
    expect(text).toMatch(/演示完成/);
    expect(text).toMatch(/案件 200 件/);
    expect(text).toMatch(/监控问题：按严重程度/);
  }, 240_000);
});
