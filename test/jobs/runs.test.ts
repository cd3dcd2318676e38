/**
 * The run protocol of a job with documents (jobs.md *A run and its files*, core/jobs/runs.ts
 * runWithDocuments): products, then documents through a staging folder, then `succeeded`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tmpDir, tmpStore } from '../helpers/tmp';
import { runWithDocuments, RunBusyError } from '../../core/jobs/runs';
import { STAGING_PREFIX } from '../../core/jobs/staging';
import { getRun, listRuns } from '../../db/queries/job-runs';
import { insertSnapshot, listSnapshots } from '../../db/queries/snapshots';
import type { Db } from '../../db/store';

const DEAD_PID = 2 ** 22 + 12345; // above Linux's pid_max default: no such process

function products(db: Db, run: { runId: number; version: number }) {
  insertSnapshot(db, {
    runId: run.runId,
    kind: 'weekly',
    period: '2026-W47',
    version: run.version,
    data: { n: 1 },
    createdAt: 'x',
  });
  return { counts: { n: 1 } };
}

const ls = (dir: string) => fs.readdirSync(dir).sort();

describe('runWithDocuments', () => {
  it('commits the products, stages the documents, moves them into place, and only then marks the run succeeded', async () => {
    const { db } = tmpStore();
    const out = tmpDir();
    fs.writeFileSync(path.join(out, '周通报.docx'), 'an older copy');
    const seen: { status?: string; snapshots?: number; outDir?: string[]; staged?: string[] } = {};
    const r = await runWithDocuments(db, 'notice', '2026-W47', '2026-11-22', 't', (run) => products(db, run), {
      outDir: out,
      async write(dir, _p, run) {
        seen.status = getRun(db, run.runId)!.status;
        seen.snapshots = listSnapshots(db, { period: '2026-W47' }).length;
        fs.writeFileSync(path.join(dir, '周通报.docx'), 'new');
        fs.mkdirSync(path.join(dir, '材料'));
        fs.writeFileSync(path.join(dir, '材料', '目录.xlsx'), 'index');
        seen.outDir = ls(out);
        seen.staged = ls(dir);
        return [path.join(dir, '周通报.docx'), path.join(dir, '材料')];
      },
    });
    // While the documents were written: the run running, its products committed, the old copy untouched.
    expect(seen.status).toBe('running');
    expect(seen.snapshots).toBe(1);
    expect(seen.outDir!.filter((f) => !f.startsWith(STAGING_PREFIX))).toEqual(['周通报.docx']);
    expect(fs.readFileSync(path.join(out, '周通报.docx'), 'utf8')).toBe('new');
    expect(seen.staged).toEqual(['周通报.docx', '材料']);
    // After: the new copy replaced the old one, no staging folder, the run succeeded.
    expect(ls(out)).toEqual(['周通报.docx', '材料']);
    expect(r.files).toEqual([path.join(out, '周通报.docx'), path.join(out, '材料')]);
    expect(getRun(db, r.runId)!.status).toBe('succeeded');
  });

  it('a document that fails leaves a failed run, no products, no files and no staging folder', async () => {
    const { db } = tmpStore();
    const out = tmpDir();
    await expect(
      runWithDocuments(db, 'notice', '2026-W47', '2026-11-22', 't', (run) => products(db, run), {
        outDir: out,
        async write(dir) {
          fs.writeFileSync(path.join(dir, 'half.docx'), 'half');
          throw new Error('打印失败');
        },
      }),
    ).rejects.toThrow('打印失败');
    expect(ls(out)).toEqual([]);
    expect(listSnapshots(db)).toEqual([]);
    expect(listRuns(db).map((r) => [r.status, r.error])).toEqual([['failed', '打印失败']]);
    // Run again: version 1 again, succeeds.
    const r = await runWithDocuments(db, 'notice', '2026-W47', '2026-11-22', 't', (run) => products(db, run), {
      outDir: out,
      async write(dir) {
        fs.writeFileSync(path.join(dir, 'ok.docx'), 'ok');
        return [path.join(dir, 'ok.docx')];
      },
    });
    expect(r.version).toBe(1);
    expect(ls(out)).toEqual(['ok.docx']);
  });

  it('the next start after a kill: the killed run is interrupted, its products and staging folder go, the re-run writes one copy', async () => {
    const { db } = tmpStore();
    const out = tmpDir();
    // What a run killed mid-documents leaves: a running row of a dead process, its snapshot, a staging folder.
    const id = Number(
      db
        .prepare(
          `INSERT INTO job_runs(job, period, version, as_of, started_at, status, actor, pid) VALUES ('notice', '2026-W47', 1, '2026-11-22', 'x', 'running', 't', ?)`,
        )
        .run(DEAD_PID).lastInsertRowid,
    );
    products(db, { runId: id, version: 1 });
    const stale = path.join(out, `${STAGING_PREFIX}${DEAD_PID}-notice-2026-W47-r${id}`);
    fs.mkdirSync(stale);
    fs.writeFileSync(path.join(stale, '周通报.docx'), 'half');
    fs.writeFileSync(path.join(out, '周通报.pdf'), 'moved by the killed run');
    const r = await runWithDocuments(db, 'notice', '2026-W47', '2026-11-22', 't', (run) => products(db, run), {
      outDir: out,
      async write(dir) {
        for (const f of ['周通报.docx', '周通报.pdf']) fs.writeFileSync(path.join(dir, f), 'whole');
        return ['周通报.docx', '周通报.pdf'].map((f) => path.join(dir, f));
      },
    });
    expect(getRun(db, id)!.status).toBe('interrupted');
    expect(getRun(db, r.runId)!.status).toBe('succeeded');
    expect(r.version).toBe(1);
    expect(listSnapshots(db).map((s) => [s.run_id, s.version])).toEqual([[r.runId, 1]]);
    expect(ls(out)).toEqual(['周通报.docx', '周通报.pdf']);
    for (const f of ls(out)) expect(fs.readFileSync(path.join(out, f), 'utf8')).toBe('whole');
  });

  it('a product that took a number (adoptKinds) is adopted by the re-run, not made again', async () => {
    const { db } = tmpStore();
    const id = Number(
      db
        .prepare(
          `INSERT INTO job_runs(job, period, version, as_of, started_at, status, actor, pid) VALUES ('inspection', '2026-10', 1, '2026-10-31', 'x', 'running', 't', ?)`,
        )
        .run(DEAD_PID).lastInsertRowid,
    );
    const snap = (runId: number, kind: string) =>
      insertSnapshot(db, { runId, kind, period: '2026-10', version: 1, data: { kind }, createdAt: 'x' });
    snap(id, 'monitoring');
    const pkg = snap(id, 'referral-package');
    const r = await runWithDocuments(
      db,
      'inspection',
      '2026-10',
      '2026-10-31',
      't',
      (run) => {
        snap(run.runId, 'monitoring');
        return { counts: {} };
      },
      { write: async () => [] },
      { adoptKinds: ['referral-package'] },
    );
    expect(listSnapshots(db).map((s) => [s.kind, s.run_id, s.id === pkg])).toEqual([
      ['monitoring', r.runId, false],
      ['referral-package', r.runId, true],
    ]);
    // A document that fails keeps the numbered product for the next run, and removes the others.
    await expect(
      runWithDocuments(
        db,
        'inspection',
        '2026-10',
        '2026-10-31',
        't',
        (run) => {
          snap(run.runId, 'data-check');
          return { counts: {} };
        },
        {
          outDir: tmpDir(),
          write: async () => {
            throw new Error('打印失败');
          },
        },
        { regenerate: true, adoptKinds: ['referral-package'] },
      ),
    ).rejects.toThrow('打印失败');
    expect(
      listSnapshots(db)
        .map((s) => s.kind)
        .sort(),
    ).toEqual(['monitoring', 'referral-package']);
  });

  it('refuses a second run of the same period while one is under way', async () => {
    const { db } = tmpStore();
    const out = tmpDir();
    let inner: Promise<unknown> | null = null;
    await runWithDocuments(db, 'notice', '2026-W47', '2026-11-22', 't', (run) => products(db, run), {
      outDir: out,
      async write() {
        inner = runWithDocuments(db, 'notice', '2026-W47', '2026-11-22', 't', (run) => products(db, run), {
          outDir: out,
          write: async () => [],
        });
        await expect(inner).rejects.toThrow(RunBusyError);
        await expect(inner).rejects.toThrow('2026年第47周周通报正在运行');
        return [];
      },
    });
    expect(inner).not.toBeNull();
    expect(listRuns(db).map((r) => r.status)).toEqual(['succeeded']);
  });
});
