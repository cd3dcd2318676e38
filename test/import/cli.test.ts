import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { command } from '../../cli/commands/import';
import { CliError, type Io } from '../../cli/util';
import { tmpDir } from '../helpers/tmp';
import { openStore } from '../../db/store';
import { CASE_HEADER, sampleSheets, writeCsv, writeXlsx } from '../fixtures/import/build';

/** The command as cli/main.ts runs it (main's dynamic require of .ts files only works under tsx, see the spawn test). */
async function main(argv: string[], io: Io): Promise<number> {
  try {
    return await command.run(argv.slice(1), io);
  } catch (e) {
    if (e instanceof CliError) return (io.err(e.message), e.exitCode);
    throw e;
  }
}

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (s: string) => void out.push(s), err: (s: string) => void err.push(s) }, out, err };
}

describe('caseflow import', () => {
  it('imports, prints a summary, and re-import says nothing changed', async () => {
    const dir = tmpDir();
    const db = path.join(dir, 's.sqlite');
    const file = await writeXlsx(path.join(dir, 'a.xlsx'), sampleSheets());
    const c = capture();
    const code = await main(['import', file, '--db', db], c.io);
    expect(c.err).toEqual([]);
    expect(code).toBe(0);
    expect(c.out.join('\n')).toMatch(/导入完成（批次 #1，数据日期 \d{4}-\d{2}-\d{2}）：新增案件 3 件/);
    expect(c.out.join('\n')).toMatch(/赵检（第一检察部）/);
    const d = capture();
    expect(await main(['import', file, '--db', db, '--json'], d.io)).toBe(0);
    const j = JSON.parse(d.out.join(''));
    expect(j).toMatchObject({ ok: true, noOp: true, cases: { added: 0, changed: 0, unchanged: 3 }, errors: [] });
  });

  it('exits 1 on a refused file and prints each error on its own line, in Chinese', async () => {
    const dir = tmpDir();
    const db = path.join(dir, 's.sqlite');
    const bad = writeCsv(path.join(dir, 'x.csv'), [
      CASE_HEADER,
      ['N1', '案', '审查起诉', '', '一部', '甲', '', '2026-13-01', '', '', '', '在办', '', '', ''],
      ['N2', '案', '审查批捕', '', '一部', '甲', '', '2026-03-01', '', '', '', '在办', '', '', ''],
    ]);
    const c = capture();
    expect(await main(['import', bad, '--db', db, '--dry-run'], c.io)).toBe(1);
    expect(c.err[0]).toBe(
      '文件 x.csv，工作表 案件，第 2 行，列「受理日期」，值「2026-13-01」：日期无法识别（可用格式：2026-03-05、2026/3/5、2026.3.5、2026年3月5日、20260305，或 Excel 日期）',
    );
    expect(c.err[1]).toMatch(
      /^文件 x\.csv，工作表 案件，第 3 行，列「案件类别」，值「审查批捕」：「案件类别」不是允许的值；允许的值：审查逮捕、/,
    );
    expect(c.err[2]).toBe('导入被拒绝：共 2 处错误，未写入任何数据');
    const j = capture();
    expect(await main(['import', bad, '--db', db, '--json'], j.io)).toBe(1);
    expect(JSON.parse(j.out.join('')).errors).toHaveLength(2);
    expect(await main(['import', '--db', db], capture().io)).toBe(1);
  });

  it('runs through bin/caseflow.js with exit 1 and Chinese errors on stderr, JSON alone on stdout', () => {
    const dir = tmpDir();
    const bad = writeCsv(
      path.join(dir, 'y.csv'),
      [CASE_HEADER, ['N1', '案', '审查起诉', '', '一部', '甲', '', '2026/2/30', '', '', '', '在办', '', '', '']],
      'gbk',
    );
    openStore(path.join(dir, 's.sqlite')).close(); // the CLI refuses a store that does not exist
    const r = spawnSync(
      process.execPath,
      [path.join(__dirname, '../../bin/caseflow.js'), 'import', bad, '--db', path.join(dir, 's.sqlite'), '--json'],
      { encoding: 'utf8' },
    );
    expect(r.status).toBe(1);
    expect(JSON.parse(r.stdout).errors[0]).toMatchObject({
      file: 'y.csv',
      sheet: '案件',
      row: 2,
      column: '受理日期',
      value: '2026/2/30',
      message: '日期不存在：2026年2月只有28天',
    });
  });
});
