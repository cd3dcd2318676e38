import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { runImport, type ImportResult } from '../../core/import';
import { tmpDir, tmpStore } from '../helpers/tmp';
import { dumpStore } from './helpers';
import {
  CASE_HEADER,
  CN1,
  CN2,
  CN3,
  DOC_HEADER,
  EVENT_HEADER,
  PERSON_HEADER,
  STAFF_HEADER,
  sampleSheets,
  writeCsv,
  writeXlsx,
  type Rows,
} from '../fixtures/import/build';

const errorsOf = (r: ImportResult) =>
  r.errors.map((e) => ({ file: e.file, sheet: e.sheet, row: e.row, column: e.column, value: e.value }));

async function imported() {
  const s = tmpStore();
  const dir = tmpDir();
  const file = await writeXlsx(path.join(dir, 'export.xlsx'), sampleSheets());
  const r = await runImport(s.ctx, [file]);
  expect(r.errors).toEqual([]);
  expect(r.ok).toBe(true);
  return { ...s, dir, file };
}

/** Imports `files` expecting a refusal; checks the store is unchanged in content. */
async function refuse(s: ReturnType<typeof tmpStore>, files: string[]): Promise<ImportResult> {
  const before = dumpStore(s.db);
  const r = await runImport(s.ctx, files);
  expect(r.ok).toBe(false);
  expect(r.batchId).toBeNull();
  expect(r.errors.length).toBeGreaterThan(0);
  expect(dumpStore(s.db)).toEqual(before);
  return r;
}

describe('import: a valid workbook', () => {
  it('writes cases, children, roster and a batch, and reads back every value form', async () => {
    const { db, file } = await imported();
    const c2 = db.prepare('SELECT * FROM cases WHERE case_no = ?').get(CN2) as Record<string, unknown>;
    expect(c2).toMatchObject({
      title: '王某某诈骗案',
      category: '审查起诉',
      received_on: '2026-03-10',
      concluded_on: '2026-04-01',
      conclusion: '提起公诉',
      complex: 1,
      has_victim: 0,
      procedure: '简易程序',
      status: '办结',
    });
    const c3 = db.prepare('SELECT received_on, concluded_on, complex, procedure FROM cases WHERE case_no = ?').get(CN3);
    expect(c3).toEqual({ received_on: '2026-03-20', concluded_on: '2026-03-27', complex: 0, procedure: null });
    const p = db
      .prepare('SELECT p.* FROM persons p JOIN cases c ON c.id = p.case_id WHERE c.case_no = ? ORDER BY person_no')
      .all(CN2) as Record<string, unknown>[];
    expect(
      p.map((x) => [
        x.person_no,
        x.has_counsel,
        x.plea,
        x.decision,
        x.decision_reason,
        x.measure,
        x.sentencing,
        x.sentencing_adopted,
        x.appealed,
      ]),
    ).toEqual([
      ['1', 0, 1, '起诉', null, '取保候审', '确定刑', null, 0],
      ['2', 0, 1, '不起诉', '相对不起诉', '无', '无', null, 0],
    ]);
    expect(db.prepare('SELECT count(*) FROM events').pluck().get()).toBe(3);
    expect(
      db
        .prepare(
          'SELECT seq, kind, e.note FROM events e JOIN cases c ON c.id = e.case_id WHERE c.case_no = ? ORDER BY seq',
        )
        .all(CN2),
    ).toEqual([
      { seq: 1, kind: '告知犯罪嫌疑人诉讼权利', note: null },
      { seq: 2, kind: '提起公诉', note: '起诉至赤城县人民法院' },
    ]);
    expect(db.prepare('SELECT number FROM documents ORDER BY id').pluck().all()).toEqual([
      '赤检一部刑诉〔2026〕12号',
      '赤检二部捕〔2026〕3号',
    ]);
    const batch = db.prepare('SELECT * FROM import_batches').get() as Record<string, string>;
    expect(JSON.parse(batch.files_json)).toEqual([
      { name: 'export.xlsx', sha256: expect.stringMatching(/^[0-9a-f]{64}$/) },
    ]);
    expect(JSON.parse(batch.rows_json)).toEqual({ 案件: 3, 嫌疑人: 4, 流程节点: 3, 文书: 2, 人员: 1 });
    expect(batch.cases_added).toBe(3);
    expect(batch.content_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(fs.existsSync(file)).toBe(true);
  });

  it('adds prosecutors missing from the roster as 员额检察官 of the case department and says so', async () => {
    const { db } = await imported();
    expect(
      db.prepare('SELECT name, department, role, active, auto_added_import_id FROM staff ORDER BY name').all(),
    ).toEqual([
      { name: '李检', department: '第一检察部', role: '员额检察官', active: 1, auto_added_import_id: null },
      { name: '赵检', department: '第一检察部', role: '员额检察官', active: 1, auto_added_import_id: 1 },
    ]);
  });

  it('reads Excel date cells and serial numbers, English headers and English sheet names', async () => {
    const s = tmpStore();
    const dir = tmpDir();
    const en = [
      'caseNo',
      'title',
      'category',
      'department',
      'prosecutor',
      'receivedOn',
      'status',
      'concludedOn',
      'conclusion',
      'complex',
    ];
    const file = await writeXlsx(path.join(dir, 'en.xlsx'), {
      cases: [
        en,
        ['A1', '甲案', '审查起诉', '一部', '甲', new Date(Date.UTC(2026, 2, 5)), '办结', 46090, '不起诉', 'Y'],
        ['A2', '乙案', '审查逮捕', '一部', '甲', '2026-03-06', '在办', null, null, 1],
      ],
      events: [
        ['caseNo', 'kind', 'on'],
        ['A1', '归档', new Date(Date.UTC(2026, 2, 31, 23, 0))],
      ],
    });
    const r = await runImport(s.ctx, [file]);
    expect(r.errors).toEqual([]);
    expect(
      s.db.prepare('SELECT case_no, received_on, concluded_on, complex FROM cases ORDER BY case_no').all(),
    ).toEqual([
      { case_no: 'A1', received_on: '2026-03-05', concluded_on: '2026-03-09', complex: 1 },
      { case_no: 'A2', received_on: '2026-03-06', concluded_on: null, complex: 1 },
    ]);
    expect(s.db.prepare('SELECT on_date FROM events').pluck().get()).toBe('2026-03-31');
  });

  it('normalises 部门受案号 brackets and trims full-width spaces', async () => {
    const s = tmpStore();
    const dir = tmpDir();
    const sheets = sampleSheets();
    sheets.案件[1][0] = '\u3000赤检刑诉受〔2026〕130732000001号 ';
    sheets.嫌疑人[1][0] = '赤检刑诉受［2026］130732000001号';
    const r = await runImport(s.ctx, [await writeXlsx(path.join(dir, 'b.xlsx'), sheets)]);
    expect(r.errors).toEqual([]);
    expect(
      s.db
        .prepare('SELECT count(*) FROM persons p JOIN cases c ON c.id = p.case_id WHERE c.case_no = ?')
        .pluck()
        .get(CN1),
    ).toBe(1);
  });

  it('warns once about unknown columns and unknown sheets', async () => {
    const s = tmpStore();
    const dir = tmpDir();
    const sheets = sampleSheets();
    sheets.案件 = sheets.案件.map((r, i) => [...r, i === 0 ? '侦查机关文号' : 'x', i === 0 ? '录入人' : 'y']);
    const r = await runImport(s.ctx, [
      await writeXlsx(path.join(dir, 'w.xlsx'), { ...sheets, 说明: [['导出说明']], Sheet2: [] }),
    ]);
    expect(r.ok).toBe(true);
    expect(r.warnings).toEqual([
      'w.xlsx'.length ? '文件 w.xlsx 工作表 案件：以下列未识别，已忽略：侦查机关文号、录入人' : '',
      '文件 w.xlsx：以下工作表未识别，已忽略：说明、Sheet2',
    ]);
  });
});

describe('import: large workbooks', () => {
  it('keeps Chinese text whole when a character straddles two zip chunks (exceljs decodes chunks one by one)', async () => {
    const s = tmpStore();
    const dir = tmpDir();
    // 5,000 distinct Chinese titles: sharedStrings.xml and the sheet span many inflate chunks.
    // (5,000 new cases into an empty store also takes the rebuild-indexes path of writeCaseBundles.)
    const rows: Rows = [CASE_HEADER];
    for (let i = 0; i < 5000; i++)
      rows.push([
        `L-${i}`,
        `第${i}号张某某涉嫌盗窃、诈骗、寻衅滋事案`,
        i % 2 ? '审查起诉' : '审查逮捕',
        '盗窃罪',
        '第一检察部',
        '李检',
        '赤城县公安局',
        '2026-03-05',
        '否',
        '是',
        '普通程序',
        '在办',
        '',
        '',
        '',
      ]);
    const r = await runImport(s.ctx, [await writeXlsx(path.join(dir, 'big.xlsx'), { 案件: rows })]);
    expect(r.errors).toEqual([]);
    expect(r.cases.added).toBe(5000);
    expect(s.db.pragma('integrity_check', { simple: true })).toBe('ok');
    const indexes = (db: typeof s.db) =>
      db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' ORDER BY name").all();
    expect(indexes(s.db)).toEqual(indexes(tmpStore().db));
    expect(
      s.db
        .prepare(
          "SELECT count(*) FROM cases WHERE title LIKE '%\uFFFD%' OR title NOT LIKE '%涉嫌盗窃、诈骗、寻衅滋事案'",
        )
        .pluck()
        .get(),
    ).toBe(0);
  });
});

describe('import: CSV files', () => {
  const encodings = ['utf8', 'utf8bom', 'gbk'] as const;
  for (const enc of encodings) {
    it(`reads ${enc} CSV, decides the sheet by header not by name, keeps quoted commas and line breaks`, async () => {
      const s = tmpStore();
      const dir = tmpDir();
      const sheets = sampleSheets();
      sheets.案件[1][14] = '备注，含逗号\n和换行';
      const files = [
        writeCsv(path.join(dir, 'a.csv'), sheets.案件, enc),
        writeCsv(path.join(dir, 'b.csv'), sheets.嫌疑人, enc),
        writeCsv(path.join(dir, 'cases.csv'), sheets.流程节点, enc), // a misleading name: the header decides
        writeCsv(path.join(dir, 'd.csv'), sheets.文书, enc),
      ];
      const r = await runImport(s.ctx, files);
      expect(r.errors).toEqual([]);
      expect(r.rows).toEqual({ 案件: 3, 嫌疑人: 4, 流程节点: 3, 文书: 2 });
      expect(s.db.prepare('SELECT note FROM cases WHERE case_no = ?').pluck().get(CN1)).toBe('备注，含逗号\n和换行');
      expect(s.db.prepare('SELECT name FROM persons ORDER BY id').pluck().all()).toEqual([
        '张三',
        '王五',
        '王六',
        '刘七',
      ]);
    });
  }

  it('numbers CSV rows by record (header = 1), even after a quoted line break', async () => {
    const s = tmpStore();
    const dir = tmpDir();
    const rows: Rows = [
      CASE_HEADER.slice(0, 8).concat('案件状态'),
      ['C1', '多行\n名称', '审查起诉', '', '一部', '甲', '', '2026-03-05', '在办'],
      ['C2', '名称', '审查起诉', '', '一部', '甲', '', '2026-02-30', '在办'],
    ];
    const r = await refuse(s, [writeCsv(path.join(dir, 'x.csv'), rows, 'gbk')]);
    expect(errorsOf(r)).toEqual([{ file: 'x.csv', sheet: '案件', row: 3, column: '受理日期', value: '2026-02-30' }]);
  });

  it('refuses a CSV whose header names no sheet', async () => {
    const s = tmpStore();
    const dir = tmpDir();
    const r = await refuse(s, [
      writeCsv(path.join(dir, '案件.csv'), [
        ['a', 'b'],
        ['1', '2'],
      ]),
    ]);
    expect(r.errors[0]).toMatchObject({ file: '案件.csv', row: 0 });
    expect(r.errors[0].message).toMatch(/无法从表头识别/);
  });
});

describe('import: refused files name every error and write nothing', () => {
  it('collects every cell error with file, sheet, Excel row, header as written and value', async () => {
    const s = await imported();
    const dir = tmpDir();
    const sheets = sampleSheets();
    // Headers as the file writes them (English key for one column): errors name that text.
    sheets.案件[0] = sheets.案件[0].map((h) => (h === '案件类别' ? 'category' : h));
    sheets.案件.push(
      ['N1', '坏日期案', '审查起诉', '', '一部', '甲', '', '2026-13-01', '', '', '', '在办', '', '', ''],
      ['N2', '坏类别案', '审查批捕', '', '一部', '甲', '', '2026-03-01', '可能', '', '', '在办', '', '', ''],
      ['N3', '', '审查起诉', '', '一部', '甲', '', '2026-03-01', '', '', '', '办结', '', '', ''],
      ['N4', '早办结', '审查逮捕', '', '一部', '甲', '', '2026-03-10', '', '', '', '办结', '2026/3/1', '提起公诉', ''],
      [CN1, '重复', '审查起诉', '', '一部', '甲', '', '2026-03-01', '', '', '', '在办', '', '', ''],
    );
    sheets.嫌疑人.push(
      [CN1, '1', '张三', '男', '', '在押', '', '', '', '', '', '', '', '', '', '', '', ''],
      ['无此案', '1', '某', '', '', '在押', '', '', '', '', '', '', '', '', '', '', '', ''],
      [CN3, '2', '刘八', '', '', '在押', '', '', '', '', '', '起诉', '2026-03-27', '', '', '', '', ''],
      [CN3, '3', '刘九', '', '', '羁押', '', '', '', '', '', '', '', '', '', '', '', ''],
    );
    sheets.流程节点.push(['无此案', '归档', '2026-03-01', '', '']);
    sheets.人员.push(['李检', '第二检察部', '检察长', '']);
    const r = await refuse(s, [await writeXlsx(path.join(dir, 'bad.xlsx'), sheets)]);
    const at = (sheet: string, row: number, column: string) =>
      r.errors.find((e) => e.sheet === sheet && e.row === row && e.column === column);
    expect(at('案件', 5, '受理日期')).toMatchObject({
      file: 'bad.xlsx',
      value: '2026-13-01',
      message: expect.stringMatching(/日期无法识别/),
    });
    expect(at('案件', 6, 'category')).toMatchObject({
      value: '审查批捕',
      message: expect.stringContaining('允许的值：审查逮捕、审查起诉'),
    });
    expect(at('案件', 6, '重大复杂')).toMatchObject({ value: '可能', message: expect.stringMatching(/是\/否/) });
    expect(at('案件', 7, '案件名称')).toMatchObject({ value: '', message: expect.stringMatching(/缺少必填值/) });
    expect(at('案件', 7, '办结日期')?.message).toMatch(/办结.*必须填写办结日期/);
    expect(at('案件', 7, '办结方式')?.message).toMatch(/必须填写办结方式/);
    expect(at('案件', 8, '办结日期')).toMatchObject({
      value: '2026/3/1',
      message: expect.stringMatching(/早于受理日期（2026-03-10）/),
    });
    expect(at('案件', 8, '办结方式')).toMatchObject({
      value: '提起公诉',
      message: expect.stringMatching(/不适用于案件类别「审查逮捕」/),
    });
    expect(at('案件', 9, '部门受案号')).toMatchObject({ value: CN1, message: expect.stringMatching(/重复.*第 2 行/) });
    expect(at('嫌疑人', 6, '嫌疑人编号')).toMatchObject({
      value: '1',
      message: expect.stringMatching(/嫌疑人编号重复.*第 2 行/),
    });
    expect(at('嫌疑人', 7, '部门受案号')).toMatchObject({
      value: '无此案',
      message: expect.stringMatching(/既不在本次导入的案件表中，也不在案件库中/),
    });
    expect(at('嫌疑人', 9, '羁押状态')).toMatchObject({
      value: '羁押',
      message: expect.stringContaining('在押、未羁押'),
    });
    expect(at('嫌疑人', 8, '审查结论')).toMatchObject({
      value: '起诉',
      message: expect.stringMatching(/不适用于案件类别「审查逮捕」/),
    });
    expect(at('流程节点', 5, '部门受案号')).toMatchObject({ value: '无此案' });
    expect(at('人员', 3, '姓名')).toMatchObject({ value: '李检', message: expect.stringMatching(/重复/) });
    expect(at('人员', 3, '身份')).toMatchObject({ value: '检察长' });
    expect(r.errors).toHaveLength(16);
  });

  it('child rows of a case only in the store are not orphans', async () => {
    const s = await imported();
    const dir = tmpDir();
    const r = await runImport(s.ctx, [
      await writeXlsx(path.join(dir, 'p.xlsx'), { 嫌疑人: [PERSON_HEADER, [CN1, '2', '李四', '', '', '未羁押']] }),
    ]);
    expect(r.errors).toEqual([]);
    expect(r.cases).toEqual({ added: 0, changed: 1, unchanged: 0 });
  });

  it('reports a missing required column once, at the header row', async () => {
    const s = tmpStore();
    const dir = tmpDir();
    const r = await refuse(s, [
      await writeXlsx(path.join(dir, 'h.xlsx'), {
        流程节点: [
          ['部门受案号', '节点'],
          ['X', '归档'],
        ],
      }),
    ]);
    expect(errorsOf(r)).toContainEqual({ file: 'h.xlsx', sheet: '流程节点', row: 1, column: '日期', value: '' });
    expect(r.errors.filter((e) => e.column === '日期')).toHaveLength(1);
  });

  it('refuses an empty file, a workbook with no known sheet, .xls and HTML-as-.xls, in Chinese', async () => {
    const s = await imported();
    const dir = tmpDir();
    const empty = path.join(dir, 'empty.csv');
    fs.writeFileSync(empty, '');
    const xls = path.join(dir, 'old.xls');
    fs.writeFileSync(
      xls,
      Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(504)]),
    );
    const html = path.join(dir, 'web.xls');
    fs.writeFileSync(html, '<html><body><table><tr><td>部门受案号</td></tr></table></body></html>');
    const other = await writeXlsx(path.join(dir, 'other.xlsx'), {
      Sheet1: [
        ['a', 'b'],
        [1, 2],
      ],
    });
    const headerOnly = path.join(dir, 'blank.csv');
    fs.writeFileSync(headerOnly, '\r\n\r\n');
    const r = await refuse(s, [empty, xls, html, other, headerOnly]);
    const msg = (f: string) => r.errors.find((e) => e.file === f)?.message ?? '';
    expect(msg('empty.csv')).toBe('文件为空');
    expect(msg('old.xls')).toMatch(/旧版 Excel.*另存为.*xlsx/);
    expect(msg('web.xls')).toMatch(/网页文件.*另存为.*xlsx/);
    expect(msg('other.xlsx')).toMatch(/没有可识别的工作表.*Sheet1/);
    expect(msg('blank.csv')).toBe('文件为空');
  });

  it('refuses a workbook whose known sheets are all empty', async () => {
    const s = tmpStore();
    const r = await refuse(s, [await writeXlsx(path.join(tmpDir(), 'blank.xlsx'), { 案件: [], 嫌疑人: [] })]);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatchObject({
      file: 'blank.xlsx',
      row: 0,
      message: expect.stringMatching(/没有可导入的数据/),
    });
    expect(r.warnings).toEqual([
      '文件 blank.xlsx 工作表 案件 为空，已忽略',
      '文件 blank.xlsx 工作表 嫌疑人 为空，已忽略',
    ]);
  });

  it('refuses a damaged workbook and a CSV whose encoding changes midway, without crashing', async () => {
    const s = tmpStore();
    const dir = tmpDir();
    const good = await writeXlsx(path.join(dir, 'good.xlsx'), sampleSheets());
    const cut = path.join(dir, 'cut.xlsx');
    fs.writeFileSync(cut, fs.readFileSync(good).subarray(0, 2000));
    const mixed = path.join(dir, 'mixed.csv');
    const head = Buffer.from(EVENT_HEADER.join(',') + '\r\n' + `${CN1},归档,2026-03-01,,\r\n`.repeat(5000), 'utf8');
    fs.writeFileSync(mixed, Buffer.concat([head, Buffer.from([0xb9, 0xe9, 0xb5, 0xb5, 0x0d, 0x0a])]));
    const r = await refuse(s, [cut, mixed]);
    expect(r.errors.find((e) => e.file === 'cut.xlsx')?.message).toMatch(/文件已损坏/);
    // Past the 64 KB the encoding is chosen from: the cell with the other encoding, at its Excel row.
    expect(r.errors.find((e) => e.file === 'mixed.csv')).toMatchObject({ row: 5002, column: '部门受案号' });
    expect(r.errors.find((e) => e.file === 'mixed.csv')?.message).toMatch(/编码混杂/);
  });

  it('an error in one of several files refuses them all', async () => {
    const s = tmpStore();
    const dir = tmpDir();
    const sheets = sampleSheets();
    const good = await writeXlsx(path.join(dir, 'good.xlsx'), { 案件: sheets.案件 });
    const bad = writeCsv(path.join(dir, 'bad.csv'), [EVENT_HEADER, [CN1, '归档', '明天', '', '']]);
    const r = await refuse(s, [good, bad]);
    expect(errorsOf(r)).toEqual([{ file: 'bad.csv', sheet: '流程节点', row: 2, column: '日期', value: '明天' }]);
  });
});

describe('import: meaning of a re-import', () => {
  it('re-importing the same file changes nothing, writes nothing (no batch, no audit line) and says so', async () => {
    const s = await imported();
    const before = dumpStore(s.db);
    const r = await runImport(s.ctx, [s.file]);
    expect(r).toMatchObject({ ok: true, noOp: true, cases: { added: 0, changed: 0, unchanged: 3 }, batchId: null });
    expect(r.message).toMatch(/^无变化：与库中数据一致，未作任何更改（该文件已于 .* 导入，批次 #1）$/);
    expect(r.skippedOlder).toEqual([]);
    expect(dumpStore(s.db)).toEqual(before);
  });

  it('replaces case fields and child snapshots, records history, and leaves other cases alone', async () => {
    const s = await imported();
    const dir = tmpDir();
    const sheets = sampleSheets();
    // CN1: status concluded, a second person, custody changed, one more event. CN2/CN3 not in this import.
    const next = {
      案件: [
        CASE_HEADER,
        [
          CN1,
          '张某某盗窃案',
          '审查起诉',
          '盗窃罪',
          '第一检察部',
          '李检',
          '赤城县公安局',
          '2026-03-05',
          '否',
          '是',
          '普通程序',
          '办结',
          '2026-04-20',
          '不起诉',
          '',
        ],
      ],
      嫌疑人: [
        PERSON_HEADER,
        [CN1, '1', '张三', '男', '1990-01-02', '未羁押', '取保候审', '2026-04-01', '是', '否'],
        [CN1, '2', '李四', '男', '', '未羁押'],
      ],
      流程节点: [EVENT_HEADER, sheets.流程节点[1], [CN1, '归档', '2026-04-25', '', '']],
    };
    const r = await runImport(s.ctx, [await writeXlsx(path.join(dir, 'next.xlsx'), next)]);
    expect(r).toMatchObject({ ok: true, noOp: false, cases: { added: 0, changed: 1, unchanged: 0 } });
    const id1 = s.db.prepare('SELECT id FROM cases WHERE case_no = ?').pluck().get(CN1);
    const hist = s.db
      .prepare(
        'SELECT field, old_value AS old, new_value AS new FROM case_history WHERE case_id = ? AND import_id = 2 ORDER BY id',
      )
      .all(id1);
    expect(hist).toEqual([
      { field: '案件状态', old: '在办', new: '办结' },
      { field: '办结日期', old: null, new: '2026-04-20' },
      { field: '办结方式', old: null, new: '不起诉' },
      { field: '嫌疑人[1].羁押状态', old: '在押', new: '未羁押' },
      { field: '嫌疑人[1].强制措施', old: '逮捕', new: '取保候审' },
      { field: '嫌疑人[1].强制措施起始日期', old: '2026-03-01', new: '2026-04-01' },
      { field: '嫌疑人[2]', old: null, new: '新增' },
      { field: '流程节点', old: '1条', new: '2条（新增：归档 2026-04-25）' },
    ]);
    expect(s.db.prepare('SELECT count(*) FROM persons WHERE case_id = ?').pluck().get(id1)).toBe(2);
    // 文书 was not in this import: CN1's documents (none) and everyone else's stay.
    expect(s.db.prepare('SELECT count(*) FROM documents').pluck().get()).toBe(2);
    expect(s.db.prepare('SELECT count(*) FROM events').pluck().get()).toBe(4);
    expect(
      s.db.prepare('SELECT count(*) FROM case_history WHERE import_id = 2 AND case_id != ?').pluck().get(id1),
    ).toBe(0);
  });

  it('a case in 案件 with no rows in a present child sheet loses that kind of row (the export is a snapshot)', async () => {
    const s = await imported();
    const dir = tmpDir();
    const sheets = sampleSheets();
    const r = await runImport(s.ctx, [
      await writeXlsx(path.join(dir, 'snap.xlsx'), { 案件: [CASE_HEADER, sheets.案件[2]], 文书: [DOC_HEADER] }),
    ]);
    expect(r.cases).toEqual({ added: 0, changed: 1, unchanged: 0 });
    expect(s.db.prepare('SELECT c.case_no FROM documents d JOIN cases c ON c.id = d.case_id').pluck().all()).toEqual([
      CN3,
    ]);
    const h = s.db.prepare("SELECT old_value, new_value FROM case_history WHERE field = '文书'").get();
    expect(h).toEqual({ old_value: '1条', new_value: '0条（删除：起诉书 2026-04-01）' });
  });

  it("child rows for a case only in the store replace that case's rows of that kind", async () => {
    const s = await imported();
    const dir = tmpDir();
    const r = await runImport(s.ctx, [
      writeCsv(path.join(dir, 'ev.csv'), [EVENT_HEADER, [CN2, '归档', '2026-05-01', '', '']]),
    ]);
    expect(r.cases).toEqual({ added: 0, changed: 1, unchanged: 0 });
    expect(
      s.db.prepare('SELECT kind FROM events e JOIN cases c ON c.id = e.case_id WHERE c.case_no = ?').pluck().all(CN2),
    ).toEqual(['归档']);
    expect(
      s.db
        .prepare('SELECT count(*) FROM events e JOIN cases c ON c.id = e.case_id WHERE c.case_no = ?')
        .pluck()
        .get(CN1),
    ).toBe(1);
  });

  it('a dry run reports the same and writes nothing', async () => {
    const s = tmpStore();
    const dir = tmpDir();
    const file = await writeXlsx(path.join(dir, 'd.xlsx'), sampleSheets());
    const before = dumpStore(s.db);
    const r = await runImport(s.ctx, [file], { dryRun: true });
    expect(r).toMatchObject({
      ok: true,
      dryRun: true,
      batchId: null,
      cases: { added: 3, changed: 0, unchanged: 0 },
      staffAdded: ['赵检（第一检察部）'],
    });
    expect(dumpStore(s.db)).toEqual(before);
  });

  it('staff rows upsert the roster', async () => {
    const s = await imported();
    const dir = tmpDir();
    const r = await runImport(s.ctx, [
      writeCsv(path.join(dir, 's.csv'), [
        STAFF_HEADER,
        ['赵检', '第二检察部', '员额检察官', '否'],
        ['钱书记', '第一检察部', '书记员', ''],
      ]),
    ]);
    expect(r.ok).toBe(true);
    expect(r.noOp).toBe(false);
    expect(s.db.prepare('SELECT name, department, role, active FROM staff ORDER BY id').all()).toEqual([
      { name: '李检', department: '第一检察部', role: '员额检察官', active: 1 },
      { name: '赵检', department: '第二检察部', role: '员额检察官', active: 0 },
      { name: '钱书记', department: '第一检察部', role: '书记员', active: 1 },
    ]);
  });

  it('reports progress in phases and honours an aborted signal before writing', async () => {
    const s = tmpStore();
    const dir = tmpDir();
    const file = await writeXlsx(path.join(dir, 'p.xlsx'), sampleSheets());
    const phases = new Set<string>();
    const ac = new AbortController();
    ac.abort();
    const before = dumpStore(s.db);
    await expect(
      runImport({ ...s.ctx, progress: (p) => phases.add(p.phase), signal: ac.signal }, [file]),
    ).rejects.toThrow(/已取消/);
    expect(dumpStore(s.db)).toEqual(before);
    await runImport({ ...s.ctx, progress: (p) => phases.add(p.phase) }, [file]);
    expect([...phases]).toEqual(['读取', '校验', '写入']);
  });
});
