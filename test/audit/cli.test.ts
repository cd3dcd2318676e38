import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { tmpDir } from '../helpers/tmp';
import { openStore } from '../../db/store';
import { addCase } from '../rules/builder';

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

describe('caseflow audit / findings / finding / calendar', () => {
  it('prints the cli.md JSON shapes and changes statuses', async () => {
    const dir = tmpDir();
    const dbPath = path.join(dir, 's.sqlite');
    const db = openStore(dbPath);
    addCase(db, {
      caseNo: '测检刑捕受[2025]1号',
      category: '审查逮捕',
      receivedOn: '2025-09-20',
      prosecutor: '赵检',
      persons: [{ custody: '未羁押', measure: '取保候审', measureFrom: '2025-09-18' }],
    });
    addCase(db, {
      caseNo: '测检刑捕受[2025]2号',
      category: '审查逮捕',
      receivedOn: '2025-10-03',
      prosecutor: '钱检',
      persons: [{ custody: '在押', measure: '刑事拘留', measureFrom: '2025-10-01' }],
    });
    db.close();

    const audit = await run(['audit', '--db', dbPath, '--date', '2025-10-10', '--json']);
    expect(audit.err.includes('内部错误')).toBe(false);
    expect(audit.code).toBe(0);
    const doc = JSON.parse(audit.out);
    expect(Object.keys(doc)).toEqual(['asOf', 'findings', 'warnings']);
    expect(doc.asOf).toBe('2025-10-10');
    expect(doc.findings).toEqual([
      {
        id: 1,
        ruleId: 'DL-ARREST',
        caseNo: '测检刑捕受[2025]1号',
        personNo: '1',
        severity: '严重',
        status: '待处理',
        dueOn: '2025-10-09',
        daysLeft: -1,
        department: '第一检察部',
        prosecutor: '赵检',
        firstSeen: '2025-10-10',
        lastSeen: '2025-10-10',
        message: '张某某 审查逮捕期限 2025-10-09 届满，已超期 1 日未作出决定',
      },
    ]);
    expect(doc.warnings).toEqual([
      {
        ruleId: 'DL-ARREST',
        caseNo: '测检刑捕受[2025]2号',
        personNo: '1',
        dueOn: '2025-10-10',
        daysLeft: 0,
        department: '第一检察部',
        prosecutor: '钱检',
      },
    ]);

    expect((await run(['finding', '1', 'waive', '--db', dbPath])).code).toBe(1);
    const remind = await run(['finding', '1', 'remind', '--db', dbPath, '--note', '电话提示', '--json']);
    expect(remind.code).toBe(0);
    expect(JSON.parse(remind.out).finding.status).toBe('已提示');
    const again = await run(['finding', '1', 'reopen', '--db', dbPath]);
    expect(again.code).toBe(1);
    expect(again.err).toContain('只有已整改或不予纠正的问题可以重新打开');

    const list = await run(['findings', '--db', dbPath, '--status', '已提示', '--prosecutor', '赵检', '--json']);
    expect(JSON.parse(list.out).findings.map((f: { id: number; status: string }) => [f.id, f.status])).toEqual([
      [1, '已提示'],
    ]);
    expect(
      JSON.parse((await run(['findings', '--db', dbPath, '--status', '已提示', '--prosecutor', '钱检', '--json'])).out)
        .findings,
    ).toEqual([]);
    expect((await run(['findings', '--db', dbPath, '--status', '完成'])).code).toBe(1);

    if (fs.existsSync(path.resolve(__dirname, '../../core/notices/index.ts'))) {
      // `notice` issues the numbered monitoring notice (core/notices) and prints its number
      const notice = await run(['finding', '1', 'notice', '--db', dbPath, '--date', '2025-10-11']);
      expect(notice.err.includes('内部错误')).toBe(false);
      expect(notice.code).toBe(0);
      expect(notice.out.trim()).toMatch(/检案管监〔2025〕1号$/);
      const after = JSON.parse((await run(['findings', '--db', dbPath, '--json'])).out);
      expect(after.findings[0].status).toBe('已通知');
    }

    const text = await run(['audit', '--db', dbPath, '--date', '2025-10-11']);
    expect(text.code).toBe(0);
    expect(text.out).toContain('日审核（截至 2025-10-11）完成');
    // what a clerk reads names rules by their Chinese titles, never by their ids
    expect(text.out).toContain('审查逮捕期限');
    const human = text.out + (await run(['findings', '--db', dbPath])).out;
    expect(human).not.toMatch(/\b[A-Z]{2,}-[A-Z-]+\b/);

    const calFile = path.join(dir, 'h2027.json');
    fs.writeFileSync(
      calFile,
      JSON.stringify({
        years: { 2027: { holidays: [{ name: '元旦', from: '2027-01-01', to: '2027-01-03' }], workdays: [] } },
      }),
    );
    expect((await run(['calendar', 'load', calFile, '--db', dbPath])).out).toContain('2027');
    const cal = await run(['calendar', 'list', '--db', dbPath, '--json']);
    expect(JSON.parse(cal.out).years.map((y: { year: number }) => y.year)).toEqual([2024, 2025, 2026, 2027]);
  }, 60_000);
});
