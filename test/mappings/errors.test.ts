/**
 * Through a mapping, every produced row goes through the import's own validation, and an error names the
 * ORIGINAL file, worksheet, Excel row and header, with the value as written in the file; repeated case rows
 * of a wide sheet must agree (an error names both rows); a mapping the file does not fit is refused naming
 * the mapping and the key. Nothing is written by a refused import.
 */
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { formatImportError } from '../../core/import';
import { tmpDir } from '../helpers/tmp';
import { cli, dataOf, writeExport } from './helpers';

const HEADERS = [
  '序号',
  '受案号',
  '案件名称',
  '案件类型',
  '承办人',
  '受案日期',
  '办案状态',
  '办结日期',
  '办结方式',
  '嫌疑人序号',
  '犯罪嫌疑人',
  '羁押情况',
];
const TITLE = '某县人民检察院案件信息（统计截至2025年10月10日）';

const MAPPING = {
  format: 'caseflow-mapping/1',
  name: '测试导出',
  sheets: [
    {
      match: { sheet: '案件列表', headerRow: 'auto' },
      produces: ['案件', '嫌疑人'],
      columns: {
        受案号: '案件.部门受案号',
        案件名称: '案件.案件名称',
        案件类型: '案件.案件类别',
        承办人: '案件.承办检察官',
        受案日期: '案件.受理日期',
        办案状态: '案件.案件状态',
        办结日期: '案件.办结日期',
        办结方式: '案件.办结方式',
        嫌疑人序号: '嫌疑人.嫌疑人编号',
        犯罪嫌疑人: '嫌疑人.姓名',
        羁押情况: '嫌疑人.羁押状态',
      },
      values: {
        '案件.案件状态': { 已办结: '办结' },
        '案件.办结日期': { 不详: '' },
        '嫌疑人.羁押状态': { 羁押: '在押', 非羁押: '未羁押' },
      },
      constants: { '案件.承办部门': '第一检察部' },
      skipRows: { column: '受案号', pattern: '^(合计|总计|小计)' },
    },
  ],
};

const no = (n: number) => `某检刑诉受[2025]9000${n}号`;
const row = (n: number, over: Partial<Record<string, unknown>> = {}) => {
  const base: Record<string, unknown> = {
    序号: n,
    受案号: no(n),
    案件名称: `张某${n}盗窃案`,
    案件类型: '审查起诉',
    承办人: '王检',
    受案日期: '2025年09月01日',
    办案状态: '在办',
    办结日期: '',
    办结方式: '',
    嫌疑人序号: '1',
    犯罪嫌疑人: `张${n}`,
    羁押情况: '羁押',
    ...over,
  };
  return HEADERS.map((h) => base[h] ?? '');
};

async function setup(rows: unknown[][]) {
  const dir = tmpDir();
  const file = await writeExport(path.join(dir, '导出数据.xlsx'), [
    { name: '案件列表', title: TITLE, headers: HEADERS, rows },
  ]);
  const mapping = path.join(dir, 'm.json');
  fs.writeFileSync(mapping, JSON.stringify(MAPPING));
  return { dir, file, mapping, db: path.join(dir, 's.sqlite') };
}

describe('errors through a mapping', () => {
  it('name the original file, sheet, Excel row and header, with the value as written; nothing is written', async () => {
    const { file, mapping, db } = await setup([
      row(1, { 受案日期: '2025年13月01日' }), // row 4: not a date
      row(2), // row 5
      row(2, { 嫌疑人序号: '2', 犯罪嫌疑人: '李二', 承办人: '李检' }), // row 6: the case's 承办人 differs from row 5
      row(3, { 羁押情况: '监视' }), // row 7: a value neither allowed nor mapped
      row(4, { 办案状态: '已办结', 办结日期: '不详', 办结方式: '提起公诉' }), // row 8: 不详 maps to no date: 办结 without 办结日期
      ['', '合计', '共 4 件'], // row 9: skipped
    ]);
    // without a mapping the export is refused (no sheet in the product's own layout)
    expect((await cli(['import', file, '--db', db])).code).toBe(1);
    const r = await cli(['import', file, '--mapping', mapping, '--db', db, '--json']);
    expect(r.code).toBe(1);
    const j = JSON.parse(r.out);
    expect(j.ok).toBe(false);
    const errors = j.errors.map((e: Record<string, unknown>) => ({ ...e, message: undefined }));
    expect(errors).toEqual([
      {
        file: '导出数据.xlsx',
        sheet: '案件列表',
        row: 4,
        column: '受案日期',
        value: '2025年13月01日',
        message: undefined,
      },
      { file: '导出数据.xlsx', sheet: '案件列表', row: 6, column: '承办人', value: '李检', message: undefined },
      { file: '导出数据.xlsx', sheet: '案件列表', row: 7, column: '羁押情况', value: '监视', message: undefined },
      { file: '导出数据.xlsx', sheet: '案件列表', row: 8, column: '办结日期', value: '不详', message: undefined },
    ]);
    expect(j.errors[0].message).toMatch(/^日期无法识别/);
    expect(j.errors[1].message).toBe(
      `同一案件（${no(2)}）在第 5 行和第 6 行的「承办人」不一致（第 5 行为「王检」）：案件的各行应相同`,
    );
    expect(j.errors[2].message).toMatch(/「羁押状态」不是允许的值；允许的值：在押、未羁押/);
    expect(j.errors[3].message).toBe('案件状态为「办结」时必须填写办结日期');
    expect(formatImportError(j.errors[2])).toMatch(
      /^文件 导出数据\.xlsx，工作表 案件列表，第 7 行，列「羁押情况」，值「监视」：/,
    );
    expect(dataOf(db).cases).toEqual([]);
  });

  it('repeated case rows agree as parsed values wherever they stand; a case merged down over its suspects is the case above', async () => {
    const { file, mapping, db } = await setup([
      row(1),
      row(2),
      row(1, { 嫌疑人序号: '2', 犯罪嫌疑人: '张二', 受案日期: '2025-9-1', 羁押情况: '非羁押' }), // not adjacent, date written otherwise
      row(3),
      // case 3's second suspect with the case columns left empty (merged cells)
      HEADERS.map((h) => ({ 嫌疑人序号: '2', 犯罪嫌疑人: '王二', 羁押情况: '非羁押' })[h] ?? ''),
    ]);
    const r = await cli(['import', file, '--mapping', mapping, '--db', db, '--json']);
    expect(JSON.parse(r.out).errors).toEqual([]);
    expect(r.code).toBe(0);
    const d = dataOf(db);
    expect(d.cases.map((c) => (c as { case_no: string }).case_no)).toEqual([no(1), no(2), no(3)]);
    expect(
      d.persons.map((p) => {
        const x = p as { case_no: string; person_no: string; custody: string };
        return `${x.case_no} ${x.person_no} ${x.custody}`;
      }),
    ).toEqual([`${no(1)} 1 在押`, `${no(1)} 2 未羁押`, `${no(2)} 1 在押`, `${no(3)} 1 在押`, `${no(3)} 2 未羁押`]);
  });

  it('a mapping the file does not fit is refused, naming the mapping and the key', async () => {
    const { dir, file, db } = await setup([row(1)]);
    const write = (m: unknown) => {
      const f = path.join(dir, `m${Math.random()}.json`);
      fs.writeFileSync(f, JSON.stringify(m));
      return f;
    };
    const sheet = MAPPING.sheets[0];
    const lacking = write({ ...MAPPING, sheets: [{ ...sheet, match: { sheet: '案件明细', headerRow: 3 } }] });
    let r = await cli(['import', file, '--mapping', lacking, '--db', db]);
    expect(r.code).toBe(1);
    expect(r.err).toContain(
      '导入模板「测试导出」 sheets[1].match.sheet：文件中没有工作表「案件明细」（本文件的工作表：案件列表）',
    );
    const blankRow = write({ ...MAPPING, sheets: [{ ...sheet, match: { sheet: '案件列表', headerRow: 2 } }] });
    r = await cli(['import', file, '--mapping', blankRow, '--db', db]);
    expect(r.code).toBe(1);
    expect(r.err).toContain('导入模板「测试导出」 sheets[1].match.headerRow：第 2 行没有表头');
    const missingHeader = write({
      ...MAPPING,
      sheets: [{ ...sheet, columns: { ...sheet.columns, 移送机关: '案件.移送单位' } }],
    });
    r = await cli(['import', file, '--mapping', missingHeader, '--db', db]);
    expect(r.code).toBe(1);
    expect(r.err).toContain('列「移送机关」');
    expect(r.err).toContain('导入模板「测试导出」 sheets[1].columns「移送机关」：表头行（第 3 行）中没有这一列');
    expect(dataOf(db).cases).toEqual([]);
  });

  it('a mapping naming an unknown target column is refused with exit 1 (bin/caseflow.js)', async () => {
    const { dir, file, db } = await setup([row(1)]);
    const bad = path.join(dir, 'bad.json');
    const sheet = MAPPING.sheets[0];
    fs.writeFileSync(
      bad,
      JSON.stringify({ ...MAPPING, sheets: [{ ...sheet, columns: { ...sheet.columns, 承办人: '案件.承办人' } }] }),
    );
    const init = spawnSync(process.execPath, [path.join(__dirname, '../../bin/caseflow.js'), 'init', '--db', db], {
      encoding: 'utf8',
    });
    expect(init.status).toBe(0);
    const r = spawnSync(
      process.execPath,
      [path.join(__dirname, '../../bin/caseflow.js'), 'import', file, '--mapping', bad, '--db', db],
      { encoding: 'utf8' },
    );
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(
      '导入模板「测试导出」 sheets[1].columns「承办人」：目标列「案件.承办人」不存在：「案件」表的列有 部门受案号、',
    );
    const save = spawnSync(
      process.execPath,
      [path.join(__dirname, '../../bin/caseflow.js'), 'mappings', 'save', bad, '--db', db],
      {
        encoding: 'utf8',
      },
    );
    expect(save.status).toBe(1);
    expect(save.stderr).toContain('目标列「案件.承办人」不存在');
    expect(dataOf(db).cases).toEqual([]);
  }, 60_000);
});
