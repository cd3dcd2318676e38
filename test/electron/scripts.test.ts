import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { tmpDir, tmpStore } from '../helpers/tmp';
import { writeCaseBundles } from '../../db/queries/cases';
import { generateOffice, writeWorkbook } from '../../tools/generator';
import { readXlsx } from '../../core/import/read-xlsx';
import { readXlsxThreaded } from '../../core/import/xlsx-thread';
import { evaluateStore } from '../../core/rules/parallel';
import { RULES } from '../../core/rules/registry';
import { loadCalendar } from '../../core/calendar';
import { getSettings } from '../../core/settings';

const root = path.resolve(__dirname, '..', '..');

describe('scripts/start-electron.js', () => {
  it('without the Electron binary prints one Chinese+English message pointing to install-electron and `npm run web`, and exits 1', () => {
    // An empty override folder: the same answer as a machine whose Electron download was denied.
    const r = spawnSync(process.execPath, [path.join(root, 'scripts', 'start-electron.js')], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, ELECTRON_OVERRIDE_DIST_PATH: tmpDir() },
      timeout: 30_000,
    });
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('未安装 Electron 程序文件');
    expect(r.stderr).toContain('The Electron binary is not installed');
    expect(r.stderr).toContain('npx install-electron');
    expect(r.stderr).toContain('node node_modules/electron/install.js');
    expect(r.stderr).toContain('npm run web');
    expect(r.stderr.match(/未安装 Electron/g)).toHaveLength(1);
    expect(r.stderr).not.toMatch(/Downloading|at .*\.js:\d+/);
  });

  it('on this machine (no binary, no override) says the same and never tries to download', () => {
    const env = { ...process.env };
    delete env.ELECTRON_OVERRIDE_DIST_PATH;
    const hasBinary = (() => {
      try {
        const dir = path.dirname(require.resolve('electron/package.json', { paths: [root] }));
        const exe = fs.readFileSync(path.join(dir, 'path.txt'), 'utf8').trim();
        return fs.existsSync(path.join(dir, 'dist', exe));
      } catch {
        return false;
      }
    })();
    if (hasBinary) return;
    const r = spawnSync(process.execPath, [path.join(root, 'scripts', 'start-electron.js')], {
      cwd: root,
      encoding: 'utf8',
      env,
      timeout: 30_000,
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('npm run web');
    expect(r.stdout + r.stderr).not.toContain('Downloading');
  });
});

describe('scripts/build-electron.js', () => {
  it('bundles main.js and a preload that requires nothing but electron (CJS)', async () => {
    const r = spawnSync(process.execPath, [path.join(root, 'scripts', 'build-electron.js')], {
      cwd: root,
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(r.status, r.stderr).toBe(0);
    const main = fs.readFileSync(path.join(root, 'dist-electron', 'main.js'), 'utf8');
    const preload = fs.readFileSync(path.join(root, 'dist-electron', 'preload.js'), 'utf8');
    const requires = (s: string) => new Set([...s.matchAll(/require\("([^"]+)"\)/g)].map((x) => x[1]));
    expect([...requires(preload)]).toEqual(['electron']);
    expect(preload).toContain('exposeInMainWorld');
    // npm packages stay external and load from node_modules at run time.
    const mainReq = [...requires(main)].filter(
      (x) => !x.startsWith('node:') && !x.startsWith('.') && !path.isAbsolute(x),
    );
    expect(mainReq).toContain('better-sqlite3');
    for (const x of mainReq.filter((x) => x !== 'electron'))
      expect(() => require.resolve(x, { paths: [root] }), x).not.toThrow();
    expect(main).toContain('caseflow:invoke');
    expect(main).not.toMatch(/^import /m);
    // The audit's worker thread has its own bundle beside main.js (core/workers/spawn.ts looks for it there),
    // and it evaluates the store's cases as the sources' worker does.
    const worker = fs.readFileSync(path.join(root, 'dist-electron', 'evaluate-worker.js'), 'utf8');
    expect(worker).not.toMatch(/^import /m);
    const { db } = tmpStore();
    db.transaction(() =>
      writeCaseBundles(db, generateOffice({ cases: 300, seed: 3, asOf: '2026-10-31' }).bundles, null),
    )();
    const input = { db, asOf: '2026-10-31', rules: RULES, settings: getSettings(db), cal: loadCalendar(db) };
    const one = evaluateStore({ ...input, parallel: false });
    const two = evaluateStore({ ...input, parallel: 'always', workerDir: path.join(root, 'dist-electron') });
    expect(two.workerCases).toBeGreaterThan(0);
    expect(JSON.stringify(two.detections)).toBe(JSON.stringify(one.detections));
    expect(JSON.stringify(two.warnings)).toBe(JSON.stringify(one.warnings));
    db.close();
    // So does the import's XLSX reader: the same sheets and rows as on the main thread.
    const xlsx = path.join(tmpDir(), 'office.xlsx');
    await writeWorkbook({ cases: 200, seed: 4, asOf: '2026-10-31' }, xlsx);
    const rowsOf = async (sheets: AsyncIterable<{ name: string; rows: AsyncIterable<unknown> }>) => {
      const out: unknown[] = [];
      for await (const s of sheets) for await (const r of s.rows) out.push([s.name, r]);
      return out;
    };
    const direct = await rowsOf(readXlsx(xlsx));
    expect(direct.length).toBeGreaterThan(500);
    expect(await rowsOf(readXlsxThreaded(xlsx, 'always', path.join(root, 'dist-electron')))).toEqual(direct);
  });
});
