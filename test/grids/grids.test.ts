/**
 * Every grid: export what is shown (filters, sort, visible columns in their order) to an XLSX workbook with a
 * title row and the data date, read back here; the print table; saved views and remembered columns kept in
 * the store across a reopen.
 */
import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { tmpDir, tmpStore } from '../helpers/tmp';
import { addCase } from '../rules/builder';
import { HANDLERS } from '../../core/handlers';
import { invokeHandler } from '../../core/handlers/registry';
import { openStore } from '../../db/store';
import { updateSettings } from '../../core/settings';

async function sheetRows(file: string): Promise<unknown[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const rows: unknown[][] = [];
  wb.worksheets[0].eachRow({ includeEmpty: false }, (r) => rows.push((r.values as unknown[]).slice(1)));
  return rows;
}

function office() {
  const s = tmpStore();
  const exportDir = tmpDir();
  updateSettings(s.db, { officeName: '赤城县人民检察院', officeShortName: '赤检' });
  for (const [no, dept, pros, received] of [
    ['测检刑诉受[2026]1号', '第一检察部', '王检察官', '2026-09-01'],
    ['测检刑诉受[2026]2号', '第二检察部', '李检察官', '2026-09-05'],
    ['测检刑诉受[2026]3号', '第一检察部', '赵检察官', '2026-09-10'],
  ])
    addCase(s.db, {
      caseNo: no,
      department: dept,
      prosecutor: pros,
      receivedOn: received,
      persons: [{ name: '许江涛', custody: '未羁押' }],
    });
  return { ...s, ctx: { ...s.ctx, exportDir, actor: '王芳' }, exportDir };
}

describe('grid export and print', () => {
  it('exports the filtered, sorted findings with the visible columns in their order, a title row and the data date', async () => {
    const { ctx } = office();
    await invokeHandler(HANDLERS, ctx, 'audit/run', { asOf: '2026-11-14' });
    const r = (await invokeHandler(HANDLERS, ctx, 'grids/export', {
      title: '监控问题',
      conditions: '承办部门：第一检察部；规则：审查起诉期限',
      request: {
        source: 'findings',
        filters: { department: '第一检察部', ruleId: 'DL-PROS' },
        sort: [{ key: 'caseNo', dir: 'desc' }],
        columns: [{ key: 'caseNo', width: 240 }, { key: 'prosecutor' }, { key: 'daysLeft' }, { key: 'person' }],
      },
    })) as { file: string; rows: number };
    expect(r.rows).toBe(2);
    expect(path.dirname(r.file)).toBe(ctx.exportDir);
    expect(path.basename(r.file)).toMatch(/^监控问题_\d{8}-\d{6}\.xlsx$/);
    const rows = await sheetRows(r.file);
    expect(rows[0]).toEqual(['赤城县人民检察院\u3000监控问题']);
    expect(String(rows[1][0])).toMatch(
      /^审核基准日 2026-11-14\u3000导出时间 \d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}\u3000操作人 王芳\u3000共 2 条\u3000条件：承办部门：第一检察部；规则：审查起诉期限$/,
    );
    expect(rows[2]).toEqual(['部门受案号', '承办检察官', '剩余/超期', '嫌疑人']);
    expect(rows.slice(3).map((x) => x.slice(0, 2))).toEqual([
      ['测检刑诉受[2026]3号', '赵检察官'],
      ['测检刑诉受[2026]1号', '王检察官'],
    ]);
    expect(String(rows[3][2])).toMatch(/^超期 \d+ 天$/);
  });

  it('exports the cases grid as filtered, and gives the print view its rows under the office header', async () => {
    const { ctx } = office();
    const r = (await invokeHandler(HANDLERS, ctx, 'grids/export', {
      title: '案件',
      request: {
        source: 'cases',
        filters: { department: '第一检察部' },
        sort: [{ key: 'receivedOn', dir: 'asc' }],
        columns: [{ key: 'receivedOn' }, { key: 'caseNo' }],
      },
    })) as { file: string };
    const rows = await sheetRows(r.file);
    expect(rows.slice(2)).toEqual([
      ['受理日期', '部门受案号'],
      ['2026-09-01', '测检刑诉受[2026]1号'],
      ['2026-09-10', '测检刑诉受[2026]3号'],
    ]);
    const t = (await invokeHandler(HANDLERS, ctx, 'grids/table', {
      title: '案件',
      conditions: '承办部门：第一检察部',
      request: { source: 'cases', filters: { department: '第一检察部' }, columns: [{ key: 'caseNo' }] },
    })) as { office: string; columns: { header: string }[]; rows: unknown[][]; total: number; operator: string };
    expect(t).toMatchObject({
      office: '赤城县人民检察院',
      total: 2,
      operator: '王芳',
      columns: [{ header: '部门受案号' }],
    });
    expect(t.rows).toHaveLength(2);
  });

  it('exports a list the screen holds (the cases behind a figure) as its cells', async () => {
    const { ctx } = office();
    const r = (await invokeHandler(HANDLERS, ctx, 'grids/export', {
      title: '受理案件数 · 王检察官',
      request: {
        source: 'rows',
        columns: [{ header: '部门受案号', width: 200 }, { header: '案件名称' }],
        rows: [['=HYPERLINK("x")', '张某某盗窃案']],
      },
    })) as { file: string };
    const rows = await sheetRows(r.file);
    expect(rows[2]).toEqual(['部门受案号', '案件名称']);
    expect(rows[3][1]).toBe('张某某盗窃案');
    expect(fs.statSync(r.file).size).toBeGreaterThan(1000);
  });
});

describe('saved views and remembered columns', () => {
  it('are kept in the store: a view saved today is listed after a reopen, beside the built-in ones', async () => {
    const { ctx, dbPath, db } = office();
    await invokeHandler(HANDLERS, ctx, 'views/save', {
      grid: 'findings',
      name: '一部超期',
      params: { department: '第一检察部', overdue: '1' },
    });
    await invokeHandler(HANDLERS, ctx, 'prefs/set', {
      key: 'columns:findings',
      value: [
        { colId: 'caseNo', width: 300, hide: false },
        { colId: 'message', width: 120, hide: true },
      ],
    });
    await expect(
      invokeHandler(HANDLERS, ctx, 'views/save', { grid: 'findings', name: '逾期未回复', params: {} }),
    ).rejects.toThrow(/内置视图的名字/);
    db.close();
    const again = openStore(dbPath);
    const c2 = { ...ctx, db: again };
    const views = (await invokeHandler(HANDLERS, c2, 'views/list', { grid: 'findings' })) as {
      views: { name: string; builtin: boolean; params: Record<string, string>; createdBy?: string }[];
    };
    expect(views.views.map((v) => [v.name, v.builtin])).toEqual([
      ['本周新发现', true],
      ['逾期未回复', true],
      ['一部超期', false],
    ]);
    expect(views.views[2]).toMatchObject({ params: { department: '第一检察部', overdue: '1' }, createdBy: '王芳' });
    expect(await invokeHandler(HANDLERS, c2, 'prefs/get', { key: 'columns:findings' })).toEqual({
      value: [
        { colId: 'caseNo', width: 300, hide: false },
        { colId: 'message', width: 120, hide: true },
      ],
    });
    await invokeHandler(HANDLERS, c2, 'views/delete', { grid: 'findings', name: '一部超期' });
    expect(
      ((await invokeHandler(HANDLERS, c2, 'views/list', { grid: 'findings' })) as { views: unknown[] }).views,
    ).toHaveLength(2);
    await expect(invokeHandler(HANDLERS, c2, 'views/delete', { grid: 'warnings', name: '我的临期' })).rejects.toThrow(
      /内置视图“我的临期”不能删除/,
    );
    again.close();
  });
});
