/**
 * Every odd input a clear refusal (issue 14): well over 200 generated malformed imports (control and
 * invisible characters, huge cells, odd dates, injected formulas and Excel error values, CSV quoting
 * errors, wrong and mixed encodings, cut and malformed zips, broken worksheet XML, files that are not
 * workbooks, broken sheet structure), each against a store that already holds the same office.
 *
 * For every input: the store is exactly as before (a dump of every column of every table), and every
 * message the user gets (the summary, each error, each warning) is Chinese: once the file name, sheet
 * name, column headers and the cell's value it quotes are taken out, no Latin word is left (a few
 * names an office knows in Latin are allowed: Excel, CSV, UTF-8, GBK …, see test/helpers/chinese.ts).
 * Inputs that are only re-encodings of the stored data (UTF-16, formula cells with their results) must
 * be read and change nothing; all others must be refused with errors that name where.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import crypto from 'node:crypto';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import JSZip from 'jszip';
import fs from 'node:fs';
import path from 'node:path';
import { tmpDir } from '../helpers/tmp';
import { openStore } from '../../db/store';
import { SHEET_COLUMNS } from '../../core/import/columns';
import type { SheetName } from '../../core/domain';
import { runImport, type ImportResult } from '../../core/import';
import { generateCases } from '../../tools/generator';
import { latinWords } from '../helpers/chinese';
import { prng } from './fixtures/hash';

type Cell = string | number | null | Record<string, unknown>;
type Grid = Record<string, Cell[][]>;
type Expect = 'refused' | 'noop' | 'either';
interface Input {
  kind: string;
  files: { name: string; data: Buffer }[];
  expect: Expect;
}

/** One data date for the store's import and every attempt (an attempt on a later day would move data dates up). */
const TAKEN_ON = '2026-11-20';
let dir = '';
let base = '';
let grid: Grid = {};
const inputs: Input[] = [];
const seen = new Map<string, { refused: number; noop: number }>();

/** Every column of every table, hashed per table: "nothing was written" means exactly nothing. */
function fullDump(file: string): Record<string, string> {
  const db = new Database(file, { fileMustExist: true, readonly: true });
  try {
    const tables = db
      .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
      .all() as { name: string; sql: string }[];
    const out: Record<string, string> = {};
    for (const { name: t, sql } of tables) {
      const h = crypto.createHash('sha256');
      let n = 0;
      // WITHOUT ROWID tables (the search index's shadow tables among them) have no rowid: order by every column
      const columns = (db.prepare(`SELECT * FROM "${t}" LIMIT 0`).columns() as unknown[]).length;
      const order = /WITHOUT\s+ROWID/i.test(sql ?? '')
        ? Array.from({ length: columns }, (_, i) => i + 1).join(', ')
        : 'rowid';
      for (const row of db.prepare(`SELECT * FROM "${t}" ORDER BY ${order}`).raw().iterate() as Iterable<unknown[]>) {
        h.update(JSON.stringify(row, (_k, v) => (Buffer.isBuffer(v) ? v.toString('base64') : v)));
        n++;
      }
      out[t] = `${n}:${h.digest('hex')}`;
    }
    return out;
  } finally {
    db.close();
  }
}

const clone = (g: Grid): Grid => Object.fromEntries(Object.entries(g).map(([k, rows]) => [k, rows.map((r) => [...r])]));
const colOf = (sheet: SheetName, header: string) => SHEET_COLUMNS[sheet].findIndex((c) => c.header === header);

function csvField(v: Cell): string {
  const s = v == null ? '' : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
const csv = (rows: Cell[][]) => rows.map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';

async function xlsx(g: Grid): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  for (const [name, rows] of Object.entries(g)) {
    const ws = wb.addWorksheet(name);
    for (const r of rows) ws.addRow(r.map((v) => (v === null ? null : v)) as ExcelJS.CellValue[]);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

function cellOf(v: unknown): Cell {
  if (v == null || v === '') return null;
  if (typeof v === 'boolean') return v ? '是' : '否';
  return v as string | number;
}

beforeAll(async () => {
  dir = tmpDir('caseflow-malformed-');
  const bundles = [...generateCases({ cases: 40, seed: 11, asOf: '2026-11-20' })];
  const rows = (name: SheetName, recs: object[]) => [
    SHEET_COLUMNS[name].map((c) => c.header),
    ...recs.map((r) => SHEET_COLUMNS[name].map((c) => cellOf((r as Record<string, unknown>)[c.key]))),
  ];
  grid = {
    案件: rows(
      '案件',
      bundles.map((b) => b.case),
    ),
    嫌疑人: rows(
      '嫌疑人',
      bundles.flatMap((b) => b.persons),
    ),
    流程节点: rows(
      '流程节点',
      bundles.flatMap((b) => b.events),
    ),
    文书: rows(
      '文书',
      bundles.flatMap((b) => b.documents),
    ),
  };
  base = path.join(dir, 'base.sqlite');
  const db = openStore(base);
  const first = path.join(dir, 'first.xlsx');
  fs.writeFileSync(first, await xlsx(grid));
  const r = await runImport({ db, dbPath: base, actor: 'fuzz' }, [first], { takenOn: TAKEN_ON });
  expect(r.ok, JSON.stringify(r.errors.slice(0, 3))).toBe(true);
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  await generate();
}, 300_000);

afterAll(() => {
  // The kinds and outcomes, for the log of a faults run.
  const lines = [...seen].map(([k, v]) => `${k}: 拒绝 ${v.refused}，无变化 ${v.noop}`);
  process.stderr.write(`malformed inputs (${inputs.length}):\n  ${lines.join('\n  ')}\n`);
});

// ---- the inputs ---------------------------------------------------------------------------

async function generate(): Promise<void> {
  const rnd = prng(20261214);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
  const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
  const cases = grid.案件;
  const dataRow = () => int(1, cases.length - 1);
  const add = (kind: string, expect: Expect, ...files: { name: string; data: Buffer }[]) =>
    inputs.push({ kind, files, expect });
  const casesCsv = (g: Grid, enc: 'utf8' | 'gbk' = 'utf8') => {
    const text = csv(g.案件);
    return enc === 'gbk' ? iconv.encode(text, 'gb18030') : Buffer.from(text, 'utf8');
  };
  const withCell = (sheet: SheetName, row: number, header: string, v: Cell): Grid => {
    const g = clone(grid);
    g[sheet][row][colOf(sheet, header)] = v;
    return g;
  };
  const inside = (s: string, ch: string) => {
    const k = s.length < 2 ? 0 : int(1, s.length - 1);
    return s.slice(0, k) + ch + s.slice(k);
  };

  // 1. Control and invisible characters inside a value, CSV and XLSX (Excel writes them as _xHHHH_).
  const oneLine = ['部门受案号', '承办部门', '承办检察官', '案由'];
  const anyCol = ['案件名称', '备注'];
  const badAnywhere = [
    '\u0000',
    '\u0001',
    '\u0007',
    '\u0008',
    '\u000b',
    '\u000c',
    '\u001b',
    '\u001f',
    '\u007f',
    '\u0085',
    '\u009c',
    '\ufffd',
    '\uffff',
    '\ud800',
  ];
  const badOneLine = ['\u200b', '\u200e', '\u202e', '\u2060', '\u00ad', '\ufeff', '\t', '\n', '\r'];
  for (const ch of [...badAnywhere, ...badOneLine]) {
    const header = badAnywhere.includes(ch) && rnd() < 0.4 ? pick(anyCol) : pick(oneLine);
    let r = dataRow();
    const col = colOf('案件', header);
    while (!cases[r][col] || String(cases[r][col]).length < 2) r = dataRow();
    const v = inside(String(cases[r][col]), ch);
    add(`控制字符（CSV）`, 'refused', { name: '案件.csv', data: casesCsv(withCell('案件', r, header, v)) });
    if (ch === '\ud800' || ch === '\ufffd' || ch === '\uffff') continue; // not writable as XML text or escape
    const esc = `_x${ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}_`;
    const code = ch.charCodeAt(0);
    // exceljs drops C0 and C1 characters when it writes; Excel writes them as the _xHHHH_ escape.
    const xv = code < 0x20 || (code >= 0x7f && code <= 0x9f) ? inside(String(cases[r][col]), esc) : v;
    add(`控制字符（XLSX）`, 'refused', { name: '控制字符.xlsx', data: await xlsx(withCell('案件', r, header, xv)) });
  }

  // 2. Huge cells, per column limit and beyond any sane size.
  for (const [header, max] of [
    ['案件名称', 200],
    ['备注', 2000],
    ['部门受案号', 64],
    ['承办检察官', 50],
    ['移送单位', 100],
  ] as const) {
    for (const n of [max + 1, max * 10, 100_000]) {
      const r = dataRow();
      const v = header === '部门受案号' ? `赤检${'号'.repeat(n)}` : '长'.repeat(n);
      const g = withCell('案件', r, header, v);
      add('超长单元格（CSV）', 'refused', { name: '案件.csv', data: casesCsv(g) });
      if (n !== max * 10) add('超长单元格（XLSX）', 'refused', { name: '超长.xlsx', data: await xlsx(g) });
    }
  }
  // A 2 MB field in a column the import ignores: the record limit refuses it (nothing that size is read whole).
  {
    const g = clone(grid);
    g.案件[0].push('附加信息');
    for (const row of g.案件.slice(1)) row.push('');
    g.案件[dataRow()][g.案件[0].length - 1] = 'x'.repeat(2_000_000);
    add('超长记录（CSV）', 'refused', { name: '案件.csv', data: casesCsv(g) });
  }

  // 3. Odd dates: out of range, the fictitious 1900-02-29, impossible days, non-dates.
  const badDates: Cell[] = [
    '1899-12-31',
    '2101-01-01',
    '0001-01-01',
    '9999-12-31',
    '2026-02-29',
    '2026-13-01',
    '0000-00-00',
    '21010101',
    '60',
    '1900年2月29日',
    '明天',
    '2026-03-05T25:00:00',
  ];
  for (const v of badDates) {
    const header = pick(['受理日期', '办结日期']);
    let r = dataRow();
    if (header === '办结日期') while (!cases[r][colOf('案件', '办结日期')]) r = dataRow();
    add('异常日期（CSV）', 'refused', { name: '案件.csv', data: casesCsv(withCell('案件', r, header, v)) });
  }
  for (const v of [60, 0, -1, 73416, 2958466, 1e9, 0.5]) {
    add('异常日期序号（XLSX）', 'refused', {
      name: '日期.xlsx',
      data: await xlsx(withCell('案件', dataRow(), '受理日期', v)),
    });
  }

  // 4. Injected formulas as text where a value must be one of a list (it never becomes data).
  const formulas = ['=1+1', '+86-1', '-2+3', '@SUM(A1)', '=HYPERLINK("http://x","点")', "=cmd|' /C calc'!A0"];
  for (const [k, f] of formulas.entries())
    for (const header of ['案件类别', '案件状态', '重大复杂']) {
      const g = withCell('案件', dataRow(), header, f);
      if (k % 2 === 0) add('注入公式文本（CSV）', 'refused', { name: '案件.csv', data: casesCsv(g) });
      else add('注入公式文本（XLSX）', 'refused', { name: '公式.xlsx', data: await xlsx(g) });
    }

  // 5. Real formula cells: with the stored value as their result (read, warned, nothing changes);
  //    without a result, or with an Excel error value (refused).
  for (let i = 0; i < 8; i++) {
    const g = clone(grid);
    for (let k = 0; k < 3; k++) {
      const r = dataRow();
      const header = pick(['案件名称', '承办部门', '受理日期', '案件状态']);
      const c = colOf('案件', header);
      g.案件[r][c] = { formula: `"${String(g.案件[r][c])}"`, result: g.案件[r][c] };
    }
    add('公式单元格（有计算结果）', 'noop', { name: '公式.xlsx', data: await xlsx(g) });
  }
  for (let i = 0; i < 5; i++) {
    const g = withCell('案件', dataRow(), pick(['案件名称', '受理日期', '部门受案号']), { formula: 'A1&"x"' });
    add('公式单元格（无计算结果）', 'refused', { name: '公式.xlsx', data: await xlsx(g) });
  }
  for (const err of ['#N/A', '#REF!', '#DIV/0!', '#VALUE!', '#NAME?', '#NULL!', '#NUM!']) {
    const g = withCell('案件', dataRow(), pick(['案件名称', '受理日期', '备注', '移送单位']), { error: err });
    add('Excel 错误值', 'refused', { name: '错误值.xlsx', data: await xlsx(g) });
  }

  // 6. CSV quoting errors (the rows written by hand, so that no other quote closes them).
  const plain = (rows: Cell[][]) =>
    rows.map((r) => r.map((v) => (v == null ? '' : String(v).replace(/[",\r\n]/g, ''))).join(','));
  for (let i = 0; i < 8; i++) {
    const lines = plain(grid.案件);
    const r = dataRow();
    const cells = lines[r].split(',');
    const c = int(0, cells.length - 1);
    const variant = i % 4;
    if (variant === 0)
      cells[c] = `"${cells[c]}`; // opens and never closes
    else if (variant === 1)
      cells[c] = `${cells[c] || '值'}"中间"引号`; // a quote inside an unquoted field
    else if (variant === 2)
      cells[c] = `"${cells[c]}"尾巴`; // text after the closing quote
    else cells[c] = `"${cells[c]}\r\n${cells[c]}`; // a line break in an unclosed quote
    lines[r] = cells.join(',');
    add('CSV 引号错误', 'refused', { name: '案件.csv', data: Buffer.from(lines.join('\r\n') + '\r\n', 'utf8') });
  }

  // 7. Encodings: re-encodings of the stored data are read (nothing changes); the rest are refused.
  const text = csv(grid.案件);
  const le = Buffer.from(text, 'utf16le');
  add('UTF-16 LE（带 BOM）', 'noop', { name: '案件.csv', data: Buffer.concat([Buffer.from([0xff, 0xfe]), le]) });
  add('UTF-16 BE（带 BOM）', 'noop', {
    name: '案件.csv',
    data: Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(le).swap16()]),
  });
  add('UTF-16 LE（无 BOM）', 'noop', { name: '案件.csv', data: le });
  add('UTF-8 BOM', 'noop', { name: '案件.csv', data: Buffer.from('\ufeff' + text, 'utf8') });
  add('GB18030', 'noop', { name: '案件.csv', data: iconv.encode(text, 'gb18030') });
  const utf32 = Buffer.alloc(4 * [...text].length);
  [...text].forEach((ch, k) => utf32.writeUInt32LE(ch.codePointAt(0)!, 4 * k));
  add('UTF-32', 'refused', { name: '案件.csv', data: Buffer.concat([Buffer.from([0xff, 0xfe, 0, 0]), utf32]) });
  for (let i = 0; i < 4; i++) {
    const rows = grid.案件;
    const cut = int(1, rows.length - 2);
    const headUtf8 = Buffer.from(csv(rows.slice(0, cut + 1)), 'utf8');
    add('编码混杂（UTF-8 表头，GBK 内容）', 'refused', {
      name: '案件.csv',
      data: Buffer.concat([headUtf8, iconv.encode(csv(rows.slice(cut + 1)), 'gb18030')]),
    });
    const headGbk = iconv.encode(csv(rows.slice(0, cut + 1)), 'gb18030');
    add('编码混杂（GBK 表头，UTF-8 内容）', 'refused', {
      name: '案件.csv',
      data: Buffer.concat([headGbk, Buffer.from(csv(rows.slice(cut + 1)), 'utf8')]),
    });
  }
  for (let i = 0; i < 4; i++) {
    // Bytes that are no UTF-8 inside a case number.
    const r = dataRow();
    const lines = Buffer.from(csv(grid.案件), 'utf8').toString('utf8').split('\r\n');
    const pos = lines[r].indexOf('号');
    const bytes = Buffer.concat([
      Buffer.from(lines.slice(0, r).join('\r\n') + '\r\n' + lines[r].slice(0, pos), 'utf8'),
      Buffer.from([0xc3, 0x28, 0xa0, 0xa1]),
      Buffer.from(lines[r].slice(pos) + '\r\n' + lines.slice(r + 1).join('\r\n'), 'utf8'),
    ]);
    add('无效字节', 'refused', { name: '案件.csv', data: bytes });
  }

  // 8. Zips: cut short anywhere, with a broken directory, with junk, or not a workbook at all.
  const good = await xlsx(grid);
  for (let i = 0; i < 20; i++)
    add('截断的 XLSX', 'refused', { name: '截断.xlsx', data: good.subarray(0, int(0, good.length - 23)) });
  {
    const eocd = good.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
    const broken = Buffer.from(good);
    broken.fill(0, eocd, eocd + 4);
    add('损坏的 zip 目录', 'refused', { name: '目录.xlsx', data: broken });
    // Zeros over the start of the zip (the first parts; the import may not need them) and over a worksheet's data.
    const zeroed = Buffer.from(good);
    zeroed.fill(0, 30, Math.min(zeroed.length, 600));
    add('损坏的 zip 内容（开头）', 'either', { name: '内容.xlsx', data: zeroed });
    for (const n of [1, 2, 3, 4]) {
      const at = good.indexOf(`xl/worksheets/sheet${n}.xml`) + 40;
      const sheetZeroed = Buffer.from(good);
      sheetZeroed.fill(0, at, at + 64);
      add('损坏的 zip 内容（工作表）', 'refused', { name: '工作表.xlsx', data: sheetZeroed });
    }
  }
  const docx = new JSZip();
  docx.file('word/document.xml', '<w:document/>');
  add('Word 文件改名为 .xlsx', 'refused', {
    name: '其实是Word.xlsx',
    data: await docx.generateAsync({ type: 'nodebuffer' }),
  });
  add('空 zip', 'refused', { name: '空.xlsx', data: await new JSZip().generateAsync({ type: 'nodebuffer' }) });
  {
    const z = await JSZip.loadAsync(good);
    z.remove('xl/worksheets/sheet1.xml');
    add('缺少工作表部件', 'either', { name: '缺部件.xlsx', data: await z.generateAsync({ type: 'nodebuffer' }) });
  }

  // 9. Broken worksheet XML: undefined entities, bad character references, unclosed tags, cut XML, broken shared strings.
  for (let i = 0; i < 16; i++) {
    const z = await JSZip.loadAsync(good);
    const sheetNo = int(1, 4);
    const part = `xl/worksheets/sheet${sheetNo}.xml`;
    let xml = await z.file(part)!.async('string');
    const rows = [...xml.matchAll(/<row r="(\d+)"/g)].map((m) => +m[1]);
    const r = pick(rows.filter((n) => n > 1));
    const variant = i % 4;
    if (variant === 0)
      xml = xml.replace(new RegExp(`(<row r="${r}"[^>]*>)`), '$1<c r="A1" t="inlineStr"><is><t>&nbsp;</t></is></c>');
    else if (variant === 1)
      xml = xml.replace(new RegExp(`(<row r="${r}"[^>]*>)`), '$1<c r="B1" t="inlineStr"><is><t>&#0;</t></is></c>');
    else if (variant === 2) xml = xml.replace(new RegExp(`(<row r="${r}"[^>]*>[\\s\\S]*?)</row>`), '$1');
    else xml = xml.slice(0, xml.indexOf(`<row r="${r}"`) + int(5, 40));
    z.file(part, xml);
    add('损坏的工作表 XML', 'refused', { name: '损坏.xlsx', data: await z.generateAsync({ type: 'nodebuffer' }) });
  }
  {
    const z = await JSZip.loadAsync(good);
    const ss = await z.file('xl/sharedStrings.xml')!.async('string');
    z.file('xl/sharedStrings.xml', ss.replace('<si>', '<si><t>&undefined;</t></si><si>'));
    add('损坏的共享字符串', 'refused', { name: '共享.xlsx', data: await z.generateAsync({ type: 'nodebuffer' }) });
  }

  // 10. Files that are not workbooks or CSV of the case system at all.
  const ole = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), crypto.randomBytes(512)]);
  add('旧版 .xls（或加密的工作簿）', 'refused', { name: '旧版.xls', data: ole });
  add('网页另存为 .xls', 'refused', {
    name: '网页.xls',
    data: Buffer.from('<html><body><table><tr><td>部门受案号</td></tr></table></body></html>'),
  });
  add('UTF-16 网页', 'refused', {
    name: '网页16.xls',
    data: Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('<html></html>', 'utf16le')]),
  });
  add('空文件', 'refused', { name: '空.csv', data: Buffer.alloc(0) });
  add('只有 BOM', 'refused', { name: 'bom.csv', data: Buffer.from([0xef, 0xbb, 0xbf]) });
  add('只有空白', 'refused', { name: '空白.csv', data: Buffer.from(' \r\n\t\r\n') });
  add('PDF 改名为 .csv', 'refused', {
    name: '通报.csv',
    data: Buffer.from('%PDF-1.4\n%âãÏÓ\n1 0 obj\n<<>>\nendobj\n'),
  });
  for (let i = 0; i < 6; i++)
    add('随机字节', 'refused', {
      name: pick(['随机.csv', '随机.xlsx', '随机.txt']),
      data: crypto.randomBytes(int(1, 4000)),
    });
  add('NUL 填充', 'refused', { name: '零.csv', data: Buffer.alloc(3000) });

  // 11. Sheet structure: missing required columns, duplicate keys, children of unknown cases, unknown sheets only.
  for (const header of ['部门受案号', '案件名称', '案件类别', '受理日期', '案件状态']) {
    const g = clone(grid);
    const c = colOf('案件', header);
    for (const row of g.案件) row.splice(c, 1);
    add('缺少必需的列', 'refused', { name: '案件.csv', data: casesCsv(g) });
  }
  for (let i = 0; i < 4; i++) {
    const g = clone(grid);
    g.案件.push([...g.案件[dataRow()]]);
    if (i % 2 === 0) add('重复的部门受案号（CSV）', 'refused', { name: '案件.csv', data: casesCsv(g) });
    else add('重复的部门受案号（XLSX）', 'refused', { name: '重复.xlsx', data: await xlsx(g) });
  }
  {
    const g = { 流程节点: [grid.流程节点[0], ['赤检刑诉受[2026]999999999999号', '归档', '2026-03-01', '', '']] };
    add('不存在的案件的流程节点', 'refused', { name: '节点.xlsx', data: await xlsx(g) });
    const p = clone(grid);
    p.嫌疑人.push([...p.嫌疑人[1]]);
    add('重复的嫌疑人编号', 'refused', { name: '嫌疑人.xlsx', data: await xlsx({ 嫌疑人: p.嫌疑人 }) });
    add('只有未识别的工作表', 'refused', {
      name: '其他.xlsx',
      data: await xlsx({
        Sheet1: [
          ['甲', '乙'],
          ['1', '2'],
        ],
      }),
    });
    add('表头名称无法识别', 'refused', { name: '案件.csv', data: Buffer.from('a,b,c\r\n1,2,3\r\n') });
  }
}

// ---- the check -------------------------------------------------------------------------------

function messagesOf(
  r: ImportResult,
): { message: string; file?: string; sheet?: string; column?: string; value?: string }[] {
  return [{ message: r.message }, ...r.errors, ...r.warnings.map((w) => ({ message: w }))];
}

async function attempt(input: Input, i: number): Promise<void> {
  const store = path.join(dir, `run-${i}.sqlite`);
  fs.copyFileSync(base, store);
  const before = fullDump(store);
  const files = input.files.map((f, k) => {
    const d = path.join(dir, `in-${i}-${k}`);
    fs.mkdirSync(d);
    const p = path.join(d, f.name);
    fs.writeFileSync(p, f.data);
    return p;
  });
  const db = openStore(store);
  let r: ImportResult;
  try {
    r = await runImport({ db, dbPath: store, actor: 'fuzz' }, files, { takenOn: TAKEN_ON });
  } finally {
    db.close();
  }
  const label = `#${i} ${input.kind}: ${JSON.stringify(r.errors.slice(0, 2))} ${r.message}`;
  expect(fullDump(store), label).toEqual(before);
  const stat = seen.get(input.kind) ?? { refused: 0, noop: 0 };
  seen.set(input.kind, stat);
  if (r.ok) {
    expect(input.expect, label).not.toBe('refused');
    expect(r.noOp, label).toBe(true);
    expect(r.message, label).toMatch(/^无变化/);
    stat.noop++;
  } else {
    expect(input.expect, label).not.toBe('noop');
    expect(r.errors.length, label).toBeGreaterThan(0);
    for (const e of r.errors) {
      expect(e.file, label).toBeTruthy();
      if (e.row > 0) expect(e.sheet, label).toBeTruthy();
    }
    stat.refused++;
  }
  // Chinese only: the file name, sheets, headers and values a message quotes are its data, not its words.
  const headers = Object.values(grid).flatMap((rows) => rows[0].map(String));
  const allowed = [...input.files.map((f) => f.name), ...Object.keys(grid), 'Sheet1', ...headers, '附加信息'];
  for (const m of messagesOf(r)) {
    expect(latinWords(m, allowed), `${label} — ${m.message}`).toEqual([]);
    expect(m.message, label).toMatch(/[\u4e00-\u9fff]/);
  }
  for (const x of [store, `${store}-wal`, `${store}-shm`]) fs.rmSync(x, { force: true });
}

describe('malformed inputs: nothing written, every message Chinese', () => {
  it('generates at least 200 malformed inputs of every kind', () => {
    expect(inputs.length).toBeGreaterThanOrEqual(200);
    expect(new Set(inputs.map((i) => i.kind)).size).toBeGreaterThanOrEqual(30);
  });

  it('refuses each (or, for a re-encoding of the same data, changes nothing) and leaves the store exactly as it was', async () => {
    for (const [i, input] of inputs.entries()) await attempt(input, i);
  }, 1_200_000);
});
