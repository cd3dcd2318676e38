import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { tmpDir } from '../helpers/tmp';
import { openStore } from '../../db/store';
import { CASES, HEADERS, seedCases, seedFindings, seedNotices, writeReferralsXlsx, xlsxRows } from './fixture';

const BIN = path.resolve(__dirname, '../../bin/caseflow.js');

/** Runs the real command (bin/caseflow.js through tsx), as a scheduler or script would. */
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

describe('caseflow reviews / referrals', () => {
  it('adds and lists reviews, imports referrals (exit 1 when refused), exports the package', async () => {
    const dir = tmpDir();
    const dbPath = path.join(dir, 's.sqlite');
    const db = openStore(dbPath);
    seedCases(db);
    seedFindings(db);
    seedNotices({ db, dbPath, actor: 'tester' });
    db.close();

    const add = await run([
      'reviews',
      'add',
      '--db',
      dbPath,
      '--case',
      CASES[0].caseNo,
      '--date',
      '2026-10-15',
      '--reviewer',
      '孙评',
      '--kind',
      '重点评查',
      '--grade',
      '不合格',
      '--problems',
      '羁押必要性审查缺失',
      '--json',
    ]);
    expect(add.err + String(add.code)).toBe('0');
    expect(JSON.parse(add.out)).toMatchObject({ id: 1, grade: '不合格', prosecutor: '李明' });
    const bad = await run([
      'reviews',
      'add',
      '--db',
      dbPath,
      '--case',
      CASES[0].caseNo,
      '--date',
      '2026-10-15',
      '--reviewer',
      '孙评',
      '--kind',
      '抽查',
      '--grade',
      '合格',
    ]);
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/评查类型“抽查”无效/);
    const list = await run(['reviews', 'list', '--db', dbPath, '--month', '2026-10', '--json']);
    expect(JSON.parse(list.out).reviews).toHaveLength(1);
    expect((await run(['reviews', 'update', '1', '--db', dbPath, '--rectification', '整改中'])).out).toMatch(/整改中/);

    const badFile = path.join(dir, 'bad.xlsx');
    await writeReferralsXlsx(badFile, HEADERS, [
      { 收文日期: '昨天', 督查文号: 'D1', 问题类别: 'x', 问题描述: 'y', 承办部门: '第一检察部', 承办检察官: '李明' },
    ]);
    const human = await run(['referrals', 'import', badFile, '--db', dbPath]);
    expect(human.code).toBe(1);
    expect(human.err).toMatch(/文件 bad\.xlsx，工作表 督查移送，第 2 行，列「收文日期」，值「昨天」/);
    const refused = await run(['referrals', 'import', badFile, '--db', dbPath, '--json']);
    expect(refused.code).toBe(1);
    const rj = JSON.parse(refused.out);
    expect(rj.ok).toBe(false);
    expect(rj.errors).toEqual([
      expect.objectContaining({ file: 'bad.xlsx', sheet: '督查移送', row: 2, column: '收文日期', value: '昨天' }),
    ]);

    const good = path.join(dir, 'good.xlsx');
    await writeReferralsXlsx(good, HEADERS, [
      { 收文日期: '2026-10-12', 督查文号: 'D1', 部门受案号: CASES[1].caseNo, 问题类别: '程序', 问题描述: '未按期告知' },
    ]);
    const imp = await run(['referrals', 'import', good, '--db', dbPath, '--json']);
    expect(imp.code).toBe(0);
    expect(JSON.parse(imp.out)).toMatchObject({ ok: true, added: 1 });
    const findings = await run(['findings', '--db', dbPath, '--rule', 'REF-INSPECTION', '--json']);
    if (findings.code === 0)
      expect(JSON.parse(findings.out).findings).toEqual([
        expect.objectContaining({ ruleId: 'REF-INSPECTION', caseNo: CASES[1].caseNo, status: '待处理' }),
      ]);

    const out = path.join(dir, 'out');
    const exp = await run([
      'referrals',
      'export',
      '--db',
      dbPath,
      '--month',
      '2026-10',
      '--out',
      out,
      '--zip',
      '--json',
    ]);
    expect(exp.code).toBe(0);
    const ej = JSON.parse(exp.out);
    expect(ej).toMatchObject({ month: '2026-10', version: 1, counts: { notices: 2, reviews: 1, referralsIn: 1 } });
    expect(fs.existsSync(ej.zip)).toBe(true);
    const idx = await xlsxRows(ej.index);
    expect(
      idx
        .slice(1)
        .map((r) => r[5])
        .sort(),
    ).toEqual(
      fs
        .readdirSync(ej.folder)
        .filter((f) => f !== '目录.xlsx')
        .sort(),
    );
    const again = await run(['referrals', 'export', '--db', dbPath, '--month', '2026-10', '--out', out, '--json']);
    expect(JSON.parse(again.out)).toMatchObject({ version: 1, frozeNew: false });
    const regen = await run([
      'referrals',
      'export',
      '--db',
      dbPath,
      '--month',
      '2026-10',
      '--out',
      out,
      '--regenerate',
      '--json',
    ]);
    expect(JSON.parse(regen.out)).toMatchObject({ version: 2, frozeNew: true });
    expect((await run(['referrals', 'export', '--db', dbPath, '--month', '10月', '--out', out])).code).toBe(1);
  }, 300_000);
});
