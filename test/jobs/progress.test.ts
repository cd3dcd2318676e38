/**
 * Progress bars fill: the import and the daily audit report `done` counts against their totals
 * (every N units, not every unit), so the renderer's progress line can draw a bar, not only a spinner.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Progress } from '../../core/context';
import { runImport } from '../../core/import';
import { runAudit } from '../../core/jobs/audit';
import { PROGRESS_EVERY } from '../../core/rules/evaluate';
import { writeWorkbook } from '../../tools/generator';
import { tmpDir, tmpStore } from '../helpers/tmp';

const CASES = 2600;

describe('progress with done counts', () => {
  const events: Progress[] = [];
  const { ctx, db } = tmpStore();
  ctx.progress = (p) => events.push(p);
  const phase = (name: string) => events.filter((e) => e.phase === name);

  it('the import counts rows read and cases written up to the total', async () => {
    const file = path.join(tmpDir(), 'office.xlsx');
    await writeWorkbook({ cases: CASES, seed: 5, asOf: '2026-10-31' }, file);
    const r = await runImport(ctx, [file]);
    expect(r.ok).toBe(true);
    const read = phase('读取');
    expect(read.some((e) => (e.done ?? 0) >= 10_000)).toBe(true); // rows of the workbook's sheets, every 10k
    const written = phase('写入');
    expect(written.every((e) => e.total === CASES)).toBe(true);
    // From 0 to every case, never back (a first load into an empty store is written while it is read: core/import/stream-load.ts).
    const done = written.map((e) => e.done ?? -1);
    expect(done[0]).toBe(0);
    expect(done[done.length - 1]).toBe(CASES);
    expect(done.every((d, i) => i === 0 || d >= done[i - 1])).toBe(true);
  });

  it('the audit counts cases through the rule loop, every PROGRESS_EVERY cases, and findings as it writes them', () => {
    events.length = 0;
    const s = runAudit(ctx, { asOf: '2026-10-31' });
    const rules = phase('运行监控规则');
    expect(rules.every((e) => e.total === CASES)).toBe(true);
    expect(rules.map((e) => e.done)).toEqual([0, 1000, 2000]);
    expect(PROGRESS_EVERY).toBe(1000);
    const writing = phase('更新监控问题');
    expect(writing[0]).toEqual({ phase: '更新监控问题', done: 0, total: expect.any(Number) });
    expect(writing[0].total).toBeGreaterThanOrEqual(s.counts.detected);
    db.close();
  });
});
