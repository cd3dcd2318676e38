/** `caseflow generate`: writes the workbook, CSV files and the planted list; refuses bad flags with exit 1. */
import fs from 'node:fs';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { tmpDir } from '../helpers/tmp';

const BIN = path.resolve(__dirname, '../../bin/caseflow.js');

function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...argv],
      { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } },
      (e, out, err) => {
        resolve({ code: e ? (typeof e.code === 'number' ? e.code : 2) : 0, out, err });
      },
    );
  });
}

describe('caseflow generate', () => {
  it('--json prints one document with the counts and where it wrote', async () => {
    const dir = tmpDir();
    const r = await run([
      'generate',
      '--cases',
      '300',
      '--seed',
      '4',
      '--as-of',
      '2026-06-30',
      '--out',
      path.join(dir, 'o.xlsx'),
      '--csv',
      path.join(dir, 'csv'),
      '--encoding',
      'gbk',
      '--planted',
      path.join(dir, 'planted.json'),
      '--json',
    ]);
    expect(r.err.includes('内部错误')).toBe(false);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.ok).toBe(true);
    expect(j.cases).toBe(300);
    expect(j.rows.案件).toBe(300);
    expect(fs.existsSync(j.out)).toBe(true);
    expect(j.csv.map((f: string) => path.basename(f))).toEqual([
      '案件.csv',
      '嫌疑人.csv',
      '流程节点.csv',
      '文书.csv',
      '人员.csv',
    ]);
    const planted = JSON.parse(fs.readFileSync(j.plantedFile, 'utf8'));
    expect(planted.planted.length).toBe(j.planted);
    expect(planted.asOf).toBe('2026-06-30');
  });

  it('prints a Chinese summary without --json, and refuses bad input with exit 1', async () => {
    const dir = tmpDir();
    const ok = await run(['generate', '--cases', '50', '--as-of', '2026-06-30', '--out', path.join(dir, 'a.xlsx')]);
    expect(ok.code).toBe(0);
    expect(ok.out).toContain('已生成 50 件案件');
    const bad = await Promise.all(
      [
        ['generate', '--cases', '-3', '--out', path.join(dir, 'b.xlsx')],
        ['generate', '--as-of', '2026-02-30', '--out', path.join(dir, 'b.xlsx')],
        ['generate', '--cases', '10'],
        ['generate', '--csv', dir, '--encoding', 'latin1'],
        ['generate', '--bogus'],
      ].map(run),
    );
    for (const b of bad) {
      expect(b.code).toBe(1);
      expect(b.err).not.toBe('');
      expect(b.err.includes('内部错误')).toBe(false);
    }
  });
});
