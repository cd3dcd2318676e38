/**
 * kill -9 at named points of a monthly inspection that writes its documents (jobs.md *A run and its
 * files*): after its snapshots, between its documents, with everything staged, in the middle of the
 * move, after the move but before `succeeded`, and once in the weekly notice that follows. The CLI
 * `run-due --out` runs in a child process that kills itself at the point (core/jobs/faults.ts,
 * CASEFLOW_TEST_KILL_AT). After each kill the inspection is never `succeeded`; the next `run-due`
 * finishes the work: one succeeded run per period, one version of each snapshot, and the output
 * folder holds exactly the files of an uninterrupted run — one copy of each, no staging or temporary
 * folder left — and the package's 抄送函 keeps the one 文号 it took (no gap in the numbering).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { tmpDir } from '../helpers/tmp';
import { openStore } from '../../db/store';
import type { AppContext } from '../../core/context';
import { writeWorkbook } from '../../tools/generator';
import { runImport } from '../../core/import';
import { runAudit } from '../../core/jobs/audit';
import { issueNotice } from '../../core/notices';
import { listFindings } from '../../core/findings';

const ROOT = path.resolve(__dirname, '../..');
const CLI = path.join(ROOT, 'bin/caseflow.js');
// On 2 November: October's inspection (as of 10-31), then week 44's notice (as of 11-01), then the day's audit.
const NOW = '2026-11-02T08:00:00+08:00';

let dir = '';
let base = '';

function runDue(
  db: string,
  out: string,
  killAt?: string,
): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> {
  return new Promise((resolve) => {
    const env: NodeJS.ProcessEnv = { ...process.env, TZ: 'America/Los_Angeles', CASEFLOW_HOME: path.join(dir, 'home') };
    if (killAt) env.CASEFLOW_TEST_KILL_AT = killAt;
    else delete env.CASEFLOW_TEST_KILL_AT;
    const p = spawn(process.execPath, [CLI, 'run-due', '--now', NOW, '--no-backup', '--out', out, '--db', db], {
      stdio: ['ignore', 'ignore', 'pipe'],
      env,
    });
    let stderr = '';
    p.stderr.on('data', (b) => (stderr += b));
    p.on('exit', (code, signal) => resolve({ code, signal, stderr }));
  });
}

/** Every file and folder under `d`, relative, dot-entries included. */
function tree(d: string, rel = ''): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(path.join(d, rel), { withFileTypes: true })) {
    const r = path.join(rel, e.name);
    out.push(e.isDirectory() ? `${r}/` : r);
    if (e.isDirectory()) out.push(...tree(d, r));
  }
  return out.sort();
}

function runsOf(file: string): { job: string; period: string; version: number; status: string }[] {
  const db = new Database(file, { readonly: true });
  try {
    return db
      .prepare("SELECT job, period, version, status FROM job_runs WHERE job IN ('notice', 'inspection') ORDER BY id")
      .all() as never;
  } finally {
    db.close();
  }
}

function snapshotsOf(file: string): string[] {
  const db = new Database(file, { readonly: true });
  try {
    return (
      db.prepare('SELECT kind, period, version FROM snapshots ORDER BY kind, period, version').all() as {
        kind: string;
        period: string;
        version: number;
      }[]
    ).map((s) => `${s.kind}:${s.period}:v${s.version}`);
  } finally {
    db.close();
  }
}

/** The 抄送函 文号 taken, and the one the frozen package carries: a kill must not leave a gap in the numbering. */
function lettersOf(file: string): { taken: string[]; package: unknown } {
  const db = new Database(file, { readonly: true });
  try {
    return {
      taken: (db.prepare('SELECT number FROM letter_numbers ORDER BY id').all() as { number: string }[]).map(
        (r) => r.number,
      ),
      package: db
        .prepare("SELECT json_extract(data_json, '$.letterNumber') AS n FROM snapshots WHERE kind = 'referral-package'")
        .pluck()
        .get(),
    };
  } finally {
    db.close();
  }
}

beforeAll(async () => {
  dir = tmpDir('caseflow-inspection-kill-');
  const wb = path.join(dir, 'office.xlsx');
  await writeWorkbook({ cases: 500, seed: 7, asOf: '2026-10-31' }, wb);
  base = path.join(dir, 'base.sqlite');
  const db = openStore(base);
  const ctx: AppContext = { db, dbPath: base, actor: '案管员' };
  const r = await runImport(ctx, [wb], {});
  expect(r.ok, JSON.stringify(r.errors.slice(0, 3))).toBe(true);
  // Two notices issued in October, so the referral package has more than its fixed documents.
  runAudit(ctx, { asOf: '2026-10-20' });
  const open = listFindings(db, { status: '待处理', limit: 200 }).findings;
  const cases = [...new Set(open.map((f) => f.caseNo))].slice(0, 2);
  for (const c of cases)
    issueNotice(ctx, { findingIds: open.filter((f) => f.caseNo === c).map((f) => f.id), issuedOn: '2026-10-21' });
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
}, 300_000);

function copyStore(to: string): void {
  for (const s of ['', '-wal', '-shm']) fs.rmSync(to + s, { force: true });
  fs.copyFileSync(base, to);
}

describe('kill -9 inside a monthly inspection with documents', () => {
  it('after its snapshots, between documents, staged, mid-move, before succeeded: run-due then finishes it with one copy of each file', async () => {
    // The uninterrupted run: the files and runs every interrupted one must end with.
    const refDb = path.join(dir, 'ref.sqlite');
    const refOut = path.join(dir, 'ref-out');
    copyStore(refDb);
    const ref = await runDue(refDb, refOut);
    expect(ref.code, ref.stderr).toBe(0);
    const files = tree(refOut);
    expect(files.some((f) => f.endsWith('2026年10月流程监控通报.docx'))).toBe(true);
    expect(files.some((f) => f.endsWith('2026年10月员额检察官办案数据通报.xlsx'))).toBe(true);
    expect(files.filter((f) => f.startsWith('2026年10月线索移送材料/流程监控通知书') || /02-0\d-/.test(f))).not.toEqual(
      [],
    );
    expect(files.some((f) => f.includes('周通报'))).toBe(true);
    expect(files.filter((f) => f.startsWith('.'))).toEqual([]);
    const refSnapshots = snapshotsOf(refDb);
    const refLetters = lettersOf(refDb);
    expect(refLetters.taken).toHaveLength(1);
    expect(refLetters.package).toBe(refLetters.taken[0]);
    expect(refSnapshots).toEqual([
      'data-check:2026-10:v1',
      'monitoring:2026-10:v1',
      'prosecutors:2026-10:v1',
      'referral-package:2026-10:v1',
      'weekly:2026-W44:v1',
    ]);

    const points = [
      'inspection:products',
      'inspection:document#1',
      'inspection:document#3',
      'inspection:staged',
      'inspection:moved#1',
      'inspection:moved#4',
      'inspection:placed',
      'notice:moved#1',
    ];
    for (const point of points) {
      const db = path.join(dir, `kill-${point.replace(/[^\w]+/g, '-')}.sqlite`);
      const out = path.join(dir, `out-${point.replace(/[^\w]+/g, '-')}`);
      copyStore(db);
      const killed = await runDue(db, out, point);
      expect(killed.signal, `${point}: ${killed.stderr}`).toBe('SIGKILL');
      const job = point.split(':')[0];
      const period = job === 'inspection' ? '2026-10' : '2026-W44';
      // Killed at any point: never succeeded.
      const atKill = runsOf(db).filter((r) => r.job === job && r.period === period);
      expect(
        atKill.map((r) => r.status),
        point,
      ).toEqual(['running']);

      const again = await runDue(db, out);
      expect(again.code, `${point}: ${again.stderr}`).toBe(0);
      expect(again.stderr, point).toContain('中断');
      const runs = runsOf(db);
      expect(
        runs.filter((r) => r.status.startsWith('succeeded')).map((r) => `${r.job}:${r.period}:v${r.version}`),
        point,
      ).toEqual(['inspection:2026-10:v1', 'notice:2026-W44:v1']);
      expect(
        runs.filter((r) => r.status === 'interrupted').map((r) => `${r.job}:${r.period}`),
        point,
      ).toEqual([`${job}:${period}`]);
      expect(snapshotsOf(db), point).toEqual(refSnapshots);
      expect(lettersOf(db), point).toEqual(refLetters);
      // One copy of each file, nothing half-written, no staging or temporary folder.
      expect(tree(out), point).toEqual(files);
    }
  }, 1_500_000);
});
