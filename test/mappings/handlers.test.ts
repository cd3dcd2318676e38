/**
 * The 'mappings/…' handlers the import wizard calls (every door serves them): a dropped file detected as
 * saved / own layout / unknown, the proposal and the first 20 rows as they will be read, odd values, the
 * draft re-read after an edit, save (audit trail), list, export, delete, and import/preview with a mapping.
 */
import fs from 'node:fs';
import iconv from 'iconv-lite';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { updateSettings } from '../../core/settings';
import { HANDLERS } from '../../core/handlers';
import { invokeHandler } from '../../core/handlers/registry';
import { writeWideWorkbook, writeWorkbook } from '../../tools/generator';
import { tmpDir, tmpStore } from '../helpers/tmp';

type Any = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

async function setup() {
  const s = tmpStore();
  const dir = tmpDir();
  const ctx = { ...s.ctx, exportDir: path.join(dir, 'out') };
  updateSettings(s.db, { importFolder: dir }); // files are read from the chosen import folder (path guard)
  const wide = path.join(dir, '业务系统导出.xlsx');
  await writeWideWorkbook({ cases: 120, seed: 9, asOf: '2025-10-10' }, wide, { department: '第一检察部' });
  return {
    ...s,
    ctx,
    dir,
    wide,
    call: (name: string, payload: unknown) => invokeHandler(HANDLERS, ctx, name, payload) as Promise<Any>,
  };
}

describe('the import wizard handlers', () => {
  it('detect: a wide export is unknown until a mapping is saved; the product layout needs none; the title date is proposed', async () => {
    const { call, dir, wide } = await setup();
    const clean = path.join(dir, '案件数据.xlsx');
    await writeWorkbook({ cases: 20, seed: 1, asOf: '2025-10-10' }, clean);
    const d = await call('mappings/detect', { files: [wide, clean], names: ['业务系统导出.xlsx', '案件数据.xlsx'] });
    expect(d.files.map((f: Any) => [f.name, f.kind, f.mapping])).toEqual([
      ['业务系统导出.xlsx', 'unknown', null],
      ['案件数据.xlsx', 'plain', null],
    ]);
    expect(d.titleDate).toMatchObject({ date: '2025-10-10' });
    expect(d.today).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('inspect proposes a mapping and shows the first 20 rows as they will be read; a draft edit is re-read; save, then detect finds it', async () => {
    const { call, db, wide, ctx } = await setup();
    const v = await call('mappings/inspect', { file: wide });
    expect(v.origin).toBe('proposed');
    expect(v.problems).toEqual(['「案件列表」：必填列「案件 · 承办部门」还没有对应的列或固定值']);
    const sheet = v.sheets[0];
    expect(sheet).toMatchObject({ sheet: '案件列表', entry: 0, headerRow: 3, unplaced: ['序号'] });
    expect(sheet.missing.map((m: Any) => m.id)).toEqual(['案件.承办部门']);
    expect(sheet.headers.find((h: Any) => h.text === '承办人').target).toBe('案件.承办检察官');
    expect(sheet.preview.rows).toHaveLength(20); // shown as read even before every required column has a source
    const custody = sheet.odd.find((o: Any) => o.target === '嫌疑人.羁押状态');
    expect(custody.allowed).toEqual(['在押', '未羁押']);
    expect(custody.values.map((x: Any) => [x.value, x.mappedTo])).toEqual(
      expect.arrayContaining([
        ['羁押', '在押'],
        ['非羁押', '未羁押'],
      ]),
    );
    expect(v.targets.find((t: Any) => t.id === '案件.承办检察官')).toEqual({
      id: '案件.承办检察官',
      sheet: '案件',
      header: '承办检察官',
      required: true,
      allowed: null,
    });
    expect(v.titleDate).toMatchObject({ date: '2025-10-10' });

    // the user supplies the missing column as a constant and un-maps a value: the draft is re-read
    const draft = structuredClone(v.mapping);
    draft.name = '业务系统-第一检察部';
    draft.sheets[0].constants = { '案件.承办部门': '第一检察部' };
    delete draft.sheets[0].values['嫌疑人.强制措施'];
    const w = await call('mappings/inspect', { file: wide, mapping: draft });
    expect(w.origin).toBe('draft');
    expect(w.problems).toEqual([]);
    const p = w.sheets[0].preview;
    expect(p.rows.length).toBe(20);
    expect(p.columns.find((c: Any) => c.target === '案件.承办部门')).toMatchObject({ source: null, required: true });
    const col = (t: string) => p.columns.findIndex((c: Any) => c.target === t);
    expect(p.rows[0].cells[col('案件.承办部门')].text).toBe('第一检察部');
    expect(p.rows[0].cells[col('案件.受理日期')].text).toMatch(/^\d{4}-\d{2}-\d{2}$/); // 2025年08月11日 as read
    const qubao = p.rows.flatMap((r: Any) => r.cells.filter((_: unknown, i: number) => i === col('嫌疑人.强制措施')));
    expect(qubao.find((c: Any) => c.text === '取保')?.error).toMatch(/不是允许的值/);
    const measure = w.sheets[0].odd.find((o: Any) => o.target === '嫌疑人.强制措施');
    expect(measure.values).toContainEqual({
      value: '取保',
      count: expect.any(Number),
      mappedTo: null,
      suggestion: '取保候审',
    });

    draft.sheets[0].values['嫌疑人.强制措施'] = { 取保: '取保候审' };
    const saved = await call('mappings/save', { mapping: draft });
    expect(saved).toEqual({ name: '业务系统-第一检察部', replaced: false });
    const trail = db.prepare("SELECT actor, action, target FROM audit_trail WHERE action LIKE 'mapping.%'").all();
    expect(trail).toEqual([{ actor: 'tester', action: 'mapping.save', target: '导入模板「业务系统-第一检察部」' }]);
    const d = await call('mappings/detect', { files: [wide] });
    expect(d.files[0]).toMatchObject({
      kind: 'saved',
      mapping: '业务系统-第一检察部',
      titleDate: { date: '2025-10-10' },
    });
    const again = await call('mappings/inspect', { file: wide });
    expect(again.origin).toBe('saved');
    expect(again.mapping.name).toBe('业务系统-第一检察部');

    // the import previews through it (named, or by its headers) and writes
    const prev = await call('import/preview', { files: [wide], mappings: ['业务系统-第一检察部'] });
    expect(prev).toMatchObject({ ok: true, dryRun: true, mappings: [{ name: '业务系统-第一检察部', matched: false }] });
    const run = await call('import/run', { files: [wide] });
    expect(run).toMatchObject({ ok: true, mappings: [{ name: '业务系统-第一检察部', matched: true }] });
    expect(run.cases.added).toBeGreaterThan(20);

    const list = await call('mappings/list', {});
    expect(list.mappings).toHaveLength(1);
    expect(list.mappings[0]).toMatchObject({ name: '业务系统-第一检察部', usedAt: expect.any(String) });
    const out = await call('mappings/export', { name: '业务系统-第一检察部' });
    expect(out.path.startsWith(ctx.exportDir)).toBe(true);
    expect(JSON.parse(fs.readFileSync(out.path, 'utf8'))).toMatchObject({
      format: 'caseflow-mapping/1',
      name: draft.name,
    });
    await call('mappings/delete', { name: '业务系统-第一检察部' });
    expect((await call('mappings/list', {})).mappings).toEqual([]);
    await expect(call('mappings/delete', { name: '业务系统-第一检察部' })).rejects.toThrow(
      '没有名为「业务系统-第一检察部」的导入模板',
    );
    expect(db.prepare("SELECT count(*) FROM audit_trail WHERE action = 'mapping.delete'").pluck().get()).toBe(1);
  }, 60_000);

  it('refuses a bad mapping in a payload with the mapping and key named, before reading any file', async () => {
    const { call, wide } = await setup();
    const bad = {
      format: 'caseflow-mapping/1',
      name: '坏',
      sheets: [{ match: { sheet: 1, headerRow: 'auto' }, produces: ['案件'], columns: { 受案号: '案件.受案号' } }],
    };
    await expect(call('mappings/save', { mapping: bad })).rejects.toThrow(
      '导入模板「坏」 sheets[1].columns「受案号」：目标列「案件.受案号」不存在',
    );
    await expect(call('import/preview', { files: [wide], mappings: [bad] })).rejects.toThrow(
      '目标列「案件.受案号」不存在',
    );
    await expect(call('import/preview', { files: [wide], mappings: ['没有这个模板'] })).rejects.toThrow(
      '没有名为「没有这个模板」的导入模板',
    );
  });

  it('a CSV export with a title row reads through a mapping for any CSV (match.sheet "*")', async () => {
    const { call, dir } = await setup();
    const csv = path.join(dir, '导出.csv');
    fs.writeFileSync(
      csv,
      '\ufeff统计截至2025年10月10日,,,,,,\r\n,,,,,,\r\n受案号,案件名称,案件类型,办案部门,承办人,受案日期,办案状态\r\n某检刑诉受[2025]1号,甲盗窃案,审查起诉,第一检察部,王检,2025年09月28日,在办\r\n合计,1件,,,,,\r\n',
    );
    const mapping = {
      format: 'caseflow-mapping/1',
      name: 'CSV 导出',
      sheets: [
        {
          match: { sheet: '*', headerRow: 'auto' },
          produces: ['案件'],
          columns: {
            受案号: '案件.部门受案号',
            案件名称: '案件.案件名称',
            案件类型: '案件.案件类别',
            办案部门: '案件.承办部门',
            承办人: '案件.承办检察官',
            受案日期: '案件.受理日期',
            办案状态: '案件.案件状态',
          },
          skipRows: { column: '受案号', pattern: '^合计' },
        },
      ],
    };
    // the same export saved by Chinese Excel as GBK (no BOM) reads the same
    const gbk = path.join(dir, '导出-gbk.csv');
    fs.writeFileSync(gbk, iconv.encode(fs.readFileSync(csv, 'utf8').slice(1), 'gbk'));
    const g = await call('import/preview', { files: [gbk], mappings: [mapping] });
    expect(g).toMatchObject({ ok: true, cases: { added: 1 }, titleDate: { date: '2025-10-10' } });
    const r = await call('import/run', { files: [csv], mappings: [mapping] });
    expect(r).toMatchObject({
      ok: true,
      cases: { added: 1 },
      titleDate: { date: '2025-10-10' },
      mappings: [{ file: '导出.csv', name: 'CSV 导出' }],
    });
  });
});
