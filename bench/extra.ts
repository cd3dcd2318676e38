/**
 * Bench parts that need the prepared bulletin store (the reference store with the month's inspection run):
 * - bulletins: both monthly bulletins' figures, and all documents of the month;
 * - startup: `caseflow serve` started to the first screen's data answered (browser mode);
 * - dossier: a prosecutor's year (个人执法档案) and the annual evaluation workbook.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

type MeasureFn = (
  task: Record<string, unknown>,
  runs: number,
) => { ms: number; maxRssMb: number; runsMs: number[]; [k: string]: unknown };
type TargetFn = (name: string, t: string, value: number | null, ok: (v: number) => boolean, note?: string) => void;
interface PartArgs {
  store: string;
  size: string;
  month: string;
  asOf: string;
  runs: number;
  measure: MeasureFn;
  target: TargetFn;
}

export function bulletins(a: PartArgs): Record<string, unknown> {
  const figures = a.measure({ kind: 'figures', store: a.store, month: a.month, asOf: a.asOf }, a.runs);
  const docs = a.measure({ kind: 'documents', store: a.store, month: a.month }, Math.min(a.runs, 2));
  if (a.size === '100k') {
    a.target('bulletin figures 100k (both bulletins)', '< 1000 ms', figures.ms, (v) => v < 1000);
    a.target(
      'all documents of both bulletins 100k',
      '< 5000 ms',
      docs.ms,
      (v) => v < 5000,
      docs.pdf ? undefined : 'no Chromium here: PDFs not written',
    );
  }
  return {
    figuresMs: figures.ms,
    figuresCpuMs: figures.cpuMs,
    figuresRunsMs: figures.runsMs,
    figuresRssMb: figures.maxRssMb,
    prosecutors: figures.prosecutors,
    snapshotsWithListsMs: figures.snapshotsMs,
    listRows: figures.listRows,
    documentsMs: docs.ms,
    documentsCpuMs: docs.cpuMs,
    documentsRunsMs: docs.runsMs,
    documentsRssMb: docs.maxRssMb,
    pdf: docs.pdf,
    files: docs.files,
    warnings: docs.warnings,
    referralPackageMs: docs.packageMs,
    referralPackageFiles: docs.packageFiles,
    referralPackageWarnings: docs.packageWarnings,
  };
}

/**
 * The prosecutor's dossier and the annual evaluation (issue 13): a year's dossier of the busiest prosecutor in
 * under 1 s, the evaluation workbook in under 5 s at 100k cases. The year is the data's (2026), with "today" after it.
 */
export function dossier(a: PartArgs): Record<string, unknown> {
  const year = a.asOf.slice(0, 4);
  const today = `${+year + 1}-01-05`;
  const d = a.measure({ kind: 'dossier', store: a.store, year, today }, a.runs);
  const e = a.measure({ kind: 'evaluation', store: a.store, year, today }, Math.min(a.runs, 2));
  if (a.size === '100k') {
    a.target("a year's dossier 100k (busiest prosecutor)", '< 1000 ms', d.ms, (v) => v < 1000);
    a.target('evaluation workbook 100k', '< 5000 ms', e.ms, (v) => v < 5000);
  }
  return {
    dossierMs: d.ms,
    dossierCpuMs: d.cpuMs,
    dossierRunsMs: d.runsMs,
    dossierRssMb: d.maxRssMb,
    prosecutor: d.prosecutor,
    prosecutorCases: d.cases,
    evaluationMs: e.ms,
    evaluationCpuMs: e.cpuMs,
    evaluationRunsMs: e.runsMs,
    evaluationRssMb: e.maxRssMb,
    evaluationProsecutors: e.prosecutors,
    evaluationSheets: e.sheets,
    evaluationKb: e.kb,
  };
}

/** The first screen's requests (renderer/src/App.tsx and screens/Home.tsx): the page, then app/info, settings/get, dashboard/summary. */
async function startOnce(
  store: string,
): Promise<{ toUrlMs: number; toPageMs: number; toDataMs: number; page: number }> {
  const root = path.resolve(__dirname, '..');
  // serve opens the store read-write (migrations, calendar seeding): give it its own copy.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'caseflow-bench-serve-'));
  const db = path.join(dir, 'store.sqlite');
  fs.copyFileSync(store, db);
  const t0 = performance.now();
  const proc = spawn(
    process.execPath,
    [
      path.join(root, 'bin', 'caseflow.js'),
      'serve',
      '--port',
      '0',
      '--db',
      db,
      '--no-scheduler',
      '--out',
      path.join(dir, 'exports'),
    ],
    {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, TZ: process.env.TZ ?? 'Asia/Shanghai' },
    },
  );
  let stderr = '';
  proc.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let buf = '';
      proc.stdout.on('data', (d: Buffer) => {
        buf += d.toString();
        if (buf.includes('\n')) resolve(buf.split('\n')[0].trim());
      });
      proc.on('exit', (code) => reject(new Error(`serve exited ${code}: ${stderr}`)));
      setTimeout(() => reject(new Error('serve did not print its URL within 60 s')), 60_000).unref();
    });
    const toUrlMs = performance.now() - t0;
    const u = new URL(url);
    const token = u.searchParams.get('token') ?? '';
    const pageRes = await fetch(url);
    await pageRes.text();
    const toPageMs = performance.now() - t0;
    const call = async (name: string) => {
      const res = await fetch(`${u.origin}/api/invoke/${name}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-caseflow-token': token },
        body: '{}',
      });
      if (!res.ok) throw new Error(`${name} answered ${res.status}: ${await res.text()}`);
      return res.json();
    };
    await Promise.all(['app/info', 'settings/get', 'dashboard/summary'].map(call));
    return {
      toUrlMs: Math.round(toUrlMs),
      toPageMs: Math.round(toPageMs),
      toDataMs: Math.round(performance.now() - t0),
      page: pageRes.status,
    };
  } finally {
    await new Promise<void>((resolve) => {
      if (proc.exitCode !== null) return resolve();
      proc.on('exit', () => resolve());
      proc.kill('SIGTERM');
      setTimeout(() => {
        proc.kill('SIGKILL');
        resolve();
      }, 10_000).unref();
    });
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export async function startup(a: PartArgs): Promise<Record<string, unknown>> {
  const samples: Awaited<ReturnType<typeof startOnce>>[] = [];
  for (let i = 0; i < a.runs; i++) samples.push(await startOnce(a.store));
  const med = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor((xs.length - 1) / 2)];
  const toData = med(samples.map((s) => s.toDataMs));
  if (a.size === '1M') a.target('first screen at 1M', '< 1000 ms', toData, (v) => v < 1000);
  return {
    toUrlMs: med(samples.map((s) => s.toUrlMs)),
    toPageMs: med(samples.map((s) => s.toPageMs)),
    toDataMs: toData,
    pageStatus: samples[0]?.page,
    samples,
  };
}
