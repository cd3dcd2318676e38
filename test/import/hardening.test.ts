// Odd input, each a clear Chinese refusal naming file, sheet, Excel row and column, and nothing written;
// or, where the input is readable (UTF-16, formula cells), read as the user meant it.
import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { tmpDir, tmpStore } from '../helpers/tmp';
import { dumpStore } from './helpers';
import { runImport, type ImportResult } from '../../core/import';
import { parseDate, shownValue, textProblem } from '../../core/import/values';
import {
  CASE_HEADER,
  CN1,
  CN2,
  csvText,
  EVENT_HEADER,
  sampleSheets,
  writeCsv,
  writeXlsx,
} from '../fixtures/import/build';
import { latinWords } from '../helpers/chinese';

type Store = ReturnType<typeof tmpStore>;

async function refused(s: Store, files: string[]): Promise<ImportResult> {
  const before = dumpStore(s.db);
  const r = await runImport(s.ctx, files);
  expect(r.ok, JSON.stringify(r.warnings)).toBe(false);
  expect(dumpStore(s.db)).toEqual(before);
  for (const e of r.errors) expect(latinWords(e), JSON.stringify(e)).toEqual([]);
  return r;
}

const caseRow = (no: string, over: Record<number, unknown> = {}) => {
  const r: unknown[] = [
    no,
    '张某某盗窃案',
    '审查起诉',
    '盗窃罪',
    '第一检察部',
    '李检',
    '',
    '2026-03-05',
    '',
    '',
    '',
    '在办',
    '',
    '',
    '',
  ];
  for (const [k, v] of Object.entries(over)) r[+k] = v;
  return r;
};

describe('characters and lengths', () => {
  it('a NUL or a zero-width space inside 部门受案号 is refused at its row and column, not a second case', async () => {
    const s = tmpStore();
    const dir = tmpDir();
    const csv = writeCsv(path.join(dir, '案件.csv'), [
      CASE_HEADER,
      caseRow(CN1),
      caseRow(`${CN1}\u0000`),
      caseRow(`${CN2}\u200b`),
    ]);
    const r = await refused(s, [csv]);
    expect(r.errors).toMatchObject([
      { file: '案件.csv', sheet: '案件', row: 3, column: '部门受案号', value: `${CN1}␀` },
      { file: '案件.csv', sheet: '案件', row: 4, column: '部门受案号', value: `${CN2}⟨U+200B⟩` },
    ]);
    expect(r.errors[0].message).toMatch(/空字符（NUL）/);
    expect(r.errors[1].message).toMatch(/看不见的格式字符（U\+200B/);
    // The same in a workbook, where Excel writes a NUL as the escape _x0000_ (XML cannot hold it).
    const x = await writeXlsx(path.join(dir, 'a.xlsx'), { 案件: [CASE_HEADER, caseRow(`${CN1}_x0000_`)] });
    const rx = await refused(s, [x]);
    expect(rx.errors[0]).toMatchObject({ sheet: '案件', row: 2, column: '部门受案号', value: `${CN1}␀` });
    expect(rx.errors[0].message).toMatch(/空字符（NUL）/);
  });

  it('line breaks: refused in identifiers, kept in 案件名称 and 备注', async () => {
    const s = tmpStore();
    const dir = tmpDir();
    const bad = writeCsv(path.join(dir, 'b.csv'), [CASE_HEADER, caseRow(CN1, { 5: '李\n检' })]);
    expect((await refused(s, [bad])).errors[0]).toMatchObject({ row: 2, column: '承办检察官' });
    const ok = writeCsv(path.join(dir, 'o.csv'), [
      CASE_HEADER,
      caseRow(CN1, { 1: '张某某\n盗窃案', 14: '第一行\r\n第二行' }),
    ]);
    expect((await runImport(s.ctx, [ok])).ok).toBe(true);
  });

  it('length limits per column; the error shows the value cut short', async () => {
    const s = tmpStore();
    const dir = tmpDir();
    const f = writeCsv(path.join(dir, 'c.csv'), [
      CASE_HEADER,
      caseRow(CN1, { 1: '案'.repeat(100_000) }),
      caseRow(CN2, { 14: '注'.repeat(2001) }),
      caseRow('X'.repeat(65)),
    ]);
    const r = await refused(s, [f]);
    expect(r.errors.map((e) => [e.row, e.column])).toEqual([
      [2, '案件名称'],
      [3, '备注'],
      [4, '部门受案号'],
    ]);
    expect(r.errors[0].message).toMatch(/内容过长：共 100000 字，此列最多 200 字/);
    expect(r.errors[0].value.length).toBeLessThan(100);
    expect(r.errors[0].value).toMatch(/…（共 100000 字）$/);
    // At the limit is fine (characters, not bytes: 2,000 Chinese characters are 6,000 UTF-8 bytes).
    const atLimit = writeCsv(path.join(dir, 'd.csv'), [
      CASE_HEADER,
      caseRow(CN1, { 14: '注'.repeat(2000), 1: '𠀀'.repeat(200) }),
    ]);
    expect((await runImport(s.ctx, [atLimit])).ok).toBe(true);
  });

  it('textProblem and shownValue', () => {
    expect(textProblem('正常', { multiline: false, max: 10 })).toBeNull();
    expect(textProblem('a\u0085b', { multiline: true, max: 10 })).toMatch(/控制字符（U\+0085）/);
    expect(textProblem('a\ud800b', { multiline: true, max: 10 })).toMatch(/代理项/);
    expect(textProblem('a\ufffdb', { multiline: true, max: 10 })).toMatch(/编码/);
    expect(shownValue('a\u0000b\u200e')).toBe('a␀b⟨U+200E⟩');
  });
});

describe('dates', () => {
  it('refuses dates outside 1900–2100 and Excel serial 60 (the 1900-02-29 that never was)', () => {
    for (const d of ['1899-12-31', '2101-01-01', '0001-01-01', 21010101, 73416]) {
      const r = parseDate(d);
      expect(r.ok, String(d)).toBe(false);
      if (!r.ok) expect(r.message, String(d)).toMatch(/1900 年至 2100 年/);
    }
    const s60 = parseDate(60);
    expect(s60.ok).toBe(false);
    if (!s60.ok) expect(s60.message).toMatch(/1900-02-29/);
    // Serials before the fictitious day are exact too; 61 is 1900-03-01.
    expect(parseDate(1)).toEqual({ ok: true, value: '1900-01-01' });
    expect(parseDate(59)).toEqual({ ok: true, value: '1900-02-28' });
    expect(parseDate(61)).toEqual({ ok: true, value: '1900-03-01' });
    expect(parseDate(73415)).toEqual({ ok: true, value: '2100-12-31' });
    expect(parseDate('2100-12-31')).toEqual({ ok: true, value: '2100-12-31' });
    expect(parseDate('1900-01-01')).toEqual({ ok: true, value: '1900-01-01' });
  });

  it('an XLSX date cell of serial 60 is refused (exceljs would make it 1900-02-28); serial 59 is 1900-02-28', async () => {
    const s = tmpStore();
    const dir = tmpDir();
    const file = path.join(dir, 'd.xlsx');
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('案件');
    ws.addRow(CASE_HEADER);
    ws.addRow(caseRow(CN1, { 7: 60 }));
    ws.addRow(caseRow(CN2, { 7: 59 }));
    for (const r of [2, 3]) ws.getCell(r, 8).numFmt = 'yyyy-mm-dd';
    await wb.xlsx.writeFile(file);
    const r = await refused(s, [file]);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatchObject({ row: 2, column: '受理日期' });
    expect(r.errors[0].message).toMatch(/1900-02-29/);
  });
});

describe('a cell equal to the cell above', () => {
  // The collector takes a cell equal to the last one it accepted in that column as that one was, without checking
  // it again (core/import/collect.ts parseRow): a value it refused is still refused on every row, and a different
  // value after an accepted one is checked anew.
  const CN = (n: number) => `赤检刑诉受[2026]1307320000${String(n).padStart(2, '0')}号`;

  it('is refused on every row where it is wrong, and each row is named', async () => {
    const s = tmpStore();
    const dir = tmpDir();
    const file = path.join(dir, 'same.xlsx');
    await writeXlsx(file, {
      案件: [
        CASE_HEADER,
        caseRow(CN(1), { 7: '2026-03-05' }),
        caseRow(CN(2), { 7: '2026-03-05' }),
        caseRow(CN(3), { 7: '2026-02-30' }),
        caseRow(CN(4), { 7: '2026-02-30' }),
        caseRow(CN(5), { 7: '2026-03-05', 4: '第一检察部\u200b' }),
        caseRow(CN(6), { 7: '2026-03-05', 4: '第一检察部\u200b' }),
      ],
    });
    const r = await refused(s, [file]);
    expect(r.errors.map((e) => [e.row, e.column])).toEqual([
      [4, '受理日期'],
      [5, '受理日期'],
      [6, '承办部门'],
      [7, '承办部门'],
    ]);
  });

  it('gives every row the value it gave the row above', async () => {
    const s = tmpStore();
    const file = path.join(tmpDir(), 'same.xlsx');
    await writeXlsx(file, {
      案件: [
        CASE_HEADER,
        caseRow(CN(1), { 7: '2026/3/5' }),
        caseRow(CN(2), { 7: '2026/3/5' }),
        caseRow(CN(3), { 7: '2026年3月6日' }),
        caseRow(CN(4), { 7: '2026/3/5' }),
      ],
    });
    const r = await runImport(s.ctx, [file]);
    expect(r.ok, JSON.stringify(r.errors)).toBe(true);
    expect(s.db.prepare('SELECT received_on, department FROM cases ORDER BY case_no').all()).toEqual([
      { received_on: '2026-03-05', department: '第一检察部' },
      { received_on: '2026-03-05', department: '第一检察部' },
      { received_on: '2026-03-06', department: '第一检察部' },
      { received_on: '2026-03-05', department: '第一检察部' },
    ]);
  });
});

describe('formula cells and Excel error values', () => {
  async function workbook(dir: string, cells: Record<string, unknown>): Promise<string> {
    const file = path.join(dir, 'f.xlsx');
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('案件');
    ws.addRow(CASE_HEADER);
    ws.addRow(caseRow(CN1));
    ws.addRow(caseRow(CN2));
    for (const [ref, v] of Object.entries(cells)) ws.getCell(ref).value = v as ExcelJS.CellValue;
    await wb.xlsx.writeFile(file);
    return file;
  }

  it('imports a formula by its saved result and names the cells in a warning', async () => {
    const s = tmpStore();
    const file = await workbook(tmpDir(), {
      B2: { formula: 'CONCAT("张某某","盗窃案")', result: '张某某盗窃案' },
      F3: { formula: 'F2', result: '李检' },
    });
    const r = await runImport(s.ctx, [file]);
    expect(r.ok, JSON.stringify(r.errors)).toBe(true);
    expect(r.warnings).toContainEqual(
      '文件 f.xlsx 工作表 案件：2 个单元格是公式（B2、F3），已按文件中保存的计算结果导入，请核对',
    );
    const title = s.db.prepare('SELECT title FROM cases WHERE case_no = ?').pluck().get(CN1);
    expect(title).toBe('张某某盗窃案');
  });

  it('refuses a formula without a saved result and an Excel error value', async () => {
    const s = tmpStore();
    const file = await workbook(tmpDir(), {
      B2: { formula: 'A1&"案"' },
      H3: { error: '#N/A' },
    });
    const r = await refused(s, [file]);
    expect(r.errors.map((e) => [e.row, e.column])).toEqual([
      [2, '案件名称'],
      [3, '受理日期'],
    ]);
    expect(r.errors[0].message).toMatch(/单元格 B2 是公式，但文件中没有保存它的计算结果/);
    expect(r.errors[1].message).toMatch(/单元格 H3 是 Excel 错误值 #N\/A/);
  });
});

describe('encodings', () => {
  const rows = () => [CASE_HEADER, caseRow(CN1), caseRow(CN2)];

  it('reads UTF-16 LE and BE with a BOM, and LE without one', async () => {
    const dir = tmpDir();
    const text = csvText(rows());
    const le = Buffer.from(text, 'utf16le');
    const be = Buffer.from(le).swap16();
    for (const [name, buf] of [
      ['le-bom.csv', Buffer.concat([Buffer.from([0xff, 0xfe]), le])],
      ['be-bom.csv', Buffer.concat([Buffer.from([0xfe, 0xff]), be])],
      ['le.csv', le],
    ] as const) {
      const s = tmpStore();
      const f = path.join(dir, name);
      fs.writeFileSync(f, buf);
      const r = await runImport(s.ctx, [f]);
      expect(r.ok, `${name} ${JSON.stringify(r.errors)}`).toBe(true);
      expect(r.cases.added, name).toBe(2);
      expect(s.db.prepare('SELECT title FROM cases ORDER BY id').pluck().all()).toEqual([
        '张某某盗窃案',
        '张某某盗窃案',
      ]);
    }
  });

  it('refuses UTF-32 naming it', async () => {
    const s = tmpStore();
    const f = path.join(tmpDir(), 'u32.csv');
    fs.writeFileSync(f, Buffer.concat([Buffer.from([0xff, 0xfe, 0, 0]), Buffer.from('部门受案号', 'utf16le')]));
    const r = await refused(s, [f]);
    expect(r.errors[0].message).toMatch(/UTF-32 编码/);
  });

  it('names a UTF-8 header over a GBK body as mixed encoding, at the first GBK row (Excel rows, not lines)', async () => {
    const s = tmpStore();
    const f = path.join(tmpDir(), 'mixed.csv');
    const head = Buffer.from(csvText([CASE_HEADER, caseRow(CN1, { 14: '两行\n备注' })]), 'utf8');
    fs.writeFileSync(f, Buffer.concat([head, iconv.encode(csvText([caseRow(CN2)]), 'gbk')]));
    const r = await refused(s, [f]);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatchObject({ file: 'mixed.csv', sheet: '案件', row: 3 });
    expect(r.errors[0].message).toMatch(/^文件编码混杂：表头是 UTF-8 编码，从第 3 行起却是 GBK（GB18030）编码/);
  });

  it('names a GBK header over UTF-8 rows as mixed too', async () => {
    const s = tmpStore();
    const f = path.join(tmpDir(), 'mixed2.csv');
    fs.writeFileSync(
      f,
      Buffer.concat([
        iconv.encode(csvText([CASE_HEADER, caseRow(CN1)]), 'gbk'),
        Buffer.from(csvText([caseRow(CN2)]), 'utf8'),
      ]),
    );
    const r = await refused(s, [f]);
    expect(r.errors[0]).toMatchObject({ row: 3 });
    expect(r.errors[0].message).toMatch(/表头是 GBK（GB18030）编码，从第 3 行起却是 UTF-8 编码/);
  });
});

describe('parser messages in Chinese with the Excel row and column', () => {
  it('an unclosed quote: the record it starts (not the physical line), in Chinese', async () => {
    const s = tmpStore();
    const f = path.join(tmpDir(), '案件.csv');
    // Row 2 has a quoted line break (two physical lines); the unclosed quote starts Excel row 3 on line 4.
    const text = csvText([CASE_HEADER, caseRow(CN1, { 1: '两行\n案名' })]) + `"${CN2},张某某盗窃案,审查起诉\r\n`;
    fs.writeFileSync(f, text);
    const r = await refused(s, [f]);
    const e = r.errors.find((x) => /引号/.test(x.message))!;
    expect(e).toMatchObject({ file: '案件.csv', sheet: '案件', row: 3, column: '部门受案号' });
    expect(e.message).toMatch(/第 3 行的引号没有闭合/);
    expect(JSON.stringify(r)).not.toMatch(/Quote|line \d/);
  });

  it('a stray quote inside a field: row and column header', async () => {
    const s = tmpStore();
    const f = path.join(tmpDir(), '案件.csv');
    fs.writeFileSync(f, csvText([CASE_HEADER, caseRow(CN1)]) + `${CN2},"张某"某,审查起诉\r\n`);
    const r = await refused(s, [f]);
    expect(r.errors.find((x) => /双引号/.test(x.message))).toMatchObject({ row: 3, column: '案件名称' });
  });

  it('broken workbook XML (an undefined entity) and a cut zip: Chinese, with the sheet and the row', async () => {
    const s = tmpStore();
    const dir = tmpDir();
    const good = await writeXlsx(path.join(dir, 'good.xlsx'), {
      流程节点: [EVENT_HEADER, ...sampleSheets().流程节点.slice(1)],
    });
    const zip = await JSZip.loadAsync(fs.readFileSync(good));
    const xml = await zip.file('xl/worksheets/sheet1.xml')!.async('string');
    zip.file(
      'xl/worksheets/sheet1.xml',
      xml.replace(/(<row r="3"[^>]*>)/, '$1<c r="Z3" t="inlineStr"><is><t>&bogus;</t></is></c>'),
    );
    const entity = path.join(dir, 'entity.xlsx');
    fs.writeFileSync(entity, await zip.generateAsync({ type: 'nodebuffer' }));
    const cut = path.join(dir, 'cut.xlsx');
    fs.writeFileSync(cut, fs.readFileSync(good).subarray(0, 1500));
    const r = await refused(s, [entity, cut]);
    const e1 = r.errors.find((e) => e.file === 'entity.xlsx')!;
    expect(e1).toMatchObject({ sheet: '流程节点', row: 3 });
    expect(e1.message).toMatch(/第 3 行附近的内容已损坏/);
    expect(r.errors.find((e) => e.file === 'cut.xlsx')!.message).toMatch(/文件已损坏或不是完整的 Excel 工作簿/);
    expect(JSON.stringify(r)).not.toMatch(/undefined entity|FILE_ENDED|signature|Unexpected/i);
  });

  it('finds the row of broken XML deep in a large sheet (past the parser’s first chunks)', async () => {
    const s = tmpStore();
    const dir = tmpDir();
    const rows = Array.from({ length: 3000 }, (_, i) => [CN1, '归档', '2026-03-01', '', `备注${i}`]);
    const good = await writeXlsx(path.join(dir, 'big.xlsx'), { 流程节点: [EVENT_HEADER, ...rows] });
    const zip = await JSZip.loadAsync(fs.readFileSync(good));
    const xml = await zip.file('xl/worksheets/sheet1.xml')!.async('string');
    zip.file(
      'xl/worksheets/sheet1.xml',
      // Inside the 备注 cell (E) of row 2500.
      xml.replace(/(<c r="E2500"[^>]*>)<v>\d+<\/v>/, '$1<v>&bogus;</v>'),
    );
    const bad = path.join(dir, 'deep.xlsx');
    fs.writeFileSync(bad, await zip.generateAsync({ type: 'nodebuffer' }));
    const r = await refused(s, [bad]);
    expect(r.errors.find((e) => e.file === 'deep.xlsx')).toMatchObject({
      sheet: '流程节点',
      row: 2500,
      column: '备注',
    });
  });

  it('a worksheet whose XML simply stops (the zip still opens) is refused, not imported up to the cut', async () => {
    const s = tmpStore();
    const dir = tmpDir();
    const good = await writeXlsx(path.join(dir, 'good.xlsx'), { 案件: [CASE_HEADER, caseRow(CN1), caseRow(CN2)] });
    const zip = await JSZip.loadAsync(fs.readFileSync(good));
    const xml = await zip.file('xl/worksheets/sheet1.xml')!.async('string');
    // Cut right after row 2: a parser that does not check would import CN1 alone.
    zip.file('xl/worksheets/sheet1.xml', xml.slice(0, xml.indexOf('<row r="3"')));
    const cut = path.join(dir, 'cut-xml.xlsx');
    fs.writeFileSync(cut, await zip.generateAsync({ type: 'nodebuffer' }));
    const r = await refused(s, [cut]);
    expect(r.errors[0]).toMatchObject({ file: 'cut-xml.xlsx', sheet: '案件', row: 3 });
    expect(r.errors[0].message).toMatch(/已损坏（文件不完整或格式错误）/);
  });
});
