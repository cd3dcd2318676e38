/** The writers: the XLSX workbook and the CSV files read back (headers, rows, dates, 是/否, encodings). */
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { CSV_FILE_NAMES, generateCases, writeCsvFiles, writeWorkbook } from '../../tools/generator';
import { tmpDir } from '../helpers/tmp';

const OPTS = { cases: 400, seed: 5, asOf: '2026-09-30' };
const HEADERS: Record<string, string[]> = {
  案件: [
    '部门受案号',
    '案件名称',
    '案件类别',
    '案由',
    '承办部门',
    '承办检察官',
    '移送单位',
    '受理日期',
    '重大复杂',
    '有被害人',
    '适用程序',
    '案件状态',
    '办结日期',
    '办结方式',
    '备注',
  ],
  嫌疑人: [
    '部门受案号',
    '嫌疑人编号',
    '姓名',
    '性别',
    '出生日期',
    '羁押状态',
    '强制措施',
    '强制措施起始日期',
    '已委托辩护人',
    '认罪认罚',
    '具结书签署日期',
    '审查结论',
    '结论日期',
    '不捕不诉理由',
    '量刑建议',
    '量刑建议采纳',
    '判决日期',
    '上诉',
  ],
  流程节点: ['部门受案号', '节点', '日期', '嫌疑人编号', '备注'],
  文书: ['部门受案号', '文书名称', '文号', '签发日期', '嫌疑人编号'],
  人员: ['姓名', '部门', '身份', '在岗'],
};

async function readBook(file: string): Promise<Record<string, unknown[][]>> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const out: Record<string, unknown[][]> = {};
  wb.eachSheet((ws) => {
    const rows: unknown[][] = [];
    ws.eachRow({ includeEmpty: false }, (row) => {
      const vals = (row.values as unknown[]).slice(1);
      rows.push(vals.map((v) => (v instanceof Date ? v.toISOString() : (v ?? null))));
    });
    out[ws.name] = rows;
  });
  return out;
}

describe('writeWorkbook', () => {
  it('writes the five sheets with the Chinese headers, the rows it reports, 是/否 and some real date cells; deterministic', async () => {
    const dir = tmpDir();
    const a = path.join(dir, 'a.xlsx'),
      b = path.join(dir, 'b.xlsx');
    const ra = await writeWorkbook(OPTS, a);
    const rb = await writeWorkbook(OPTS, b);
    expect(ra).toEqual(rb);
    expect(ra.cases).toBe(400);
    const bundles = [...generateCases(OPTS)];
    expect(ra.planted).toEqual(bundles.flatMap((x) => x.planted));
    expect(ra.rows).toEqual({
      案件: 400,
      嫌疑人: bundles.reduce((s, x) => s + x.persons.length, 0),
      流程节点: bundles.reduce((s, x) => s + x.events.length, 0),
      文书: bundles.reduce((s, x) => s + x.documents.length, 0),
      人员: ra.rows.人员,
    });
    expect(fs.readFileSync(a).equals(fs.readFileSync(b))).toBe(true); // byte for byte
    const ba = await readBook(a),
      bb = await readBook(b);
    expect(ba).toEqual(bb);
    expect(Object.keys(ba).sort()).toEqual(Object.keys(HEADERS).sort());
    for (const [sheet, headers] of Object.entries(HEADERS)) {
      expect(ba[sheet][0]).toEqual(headers);
      expect(ba[sheet].length - 1).toBe(ra.rows[sheet]);
    }
    // dates: mostly text YYYY-MM-DD, some real date cells (read back as UTC midnight of the same day)
    const received = ba.案件.slice(1).map((r) => r[7]);
    const asDates = received.filter((v) => typeof v === 'string' && v.endsWith('T00:00:00.000Z'));
    const asText = received.filter((v) => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v));
    expect(asDates.length).toBeGreaterThan(20);
    expect(asText.length).toBeGreaterThan(asDates.length * 3);
    expect(asDates.length + asText.length).toBe(400);
    const byNo = new Map(bundles.map((x) => [x.case.caseNo, x.case]));
    for (const r of ba.案件.slice(1)) {
      const no = String(r[0]).replace('〔', '[').replace('〕', ']');
      const c = byNo.get(no)!;
      expect(c).toBeTruthy();
      expect(String(r[7]).slice(0, 10)).toBe(c.receivedOn);
      expect(r[8]).toBe(c.complex ? '是' : '否');
      expect(r[11]).toBe(c.status);
    }
    // the national system's [ ] mostly, 〔 〕 sometimes
    const bracketed = ba.案件.slice(1).filter((r) => String(r[0]).includes('〔')).length;
    expect(bracketed).toBeGreaterThan(10);
    expect(bracketed).toBeLessThan(100);
    expect(new Set(ba.嫌疑人.slice(1).map((r) => r[9]))).toEqual(new Set(['是', '否']));
  });
});

describe('writeCsvFiles', () => {
  it('writes one CSV per sheet in UTF-8, UTF-8 with BOM and GBK, all with the same content', async () => {
    const read: Record<string, string[][][]> = {};
    for (const enc of ['utf8', 'utf8-bom', 'gbk'] as const) {
      const dir = tmpDir();
      const files = await writeCsvFiles(OPTS, dir, enc);
      expect(files.map((f) => path.basename(f))).toEqual([...CSV_FILE_NAMES]);
      read[enc] = files.map((f) => {
        const bytes = fs.readFileSync(f);
        const hasBom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
        expect(hasBom).toBe(enc === 'utf8-bom');
        const text = enc === 'gbk' ? iconv.decode(bytes, 'gbk') : bytes.toString('utf8').replace(/^\ufeff/, '');
        if (enc === 'gbk') {
          expect(bytes.toString('utf8')).not.toBe(text); // really GBK bytes
          expect(iconv.encode(text, 'gbk').equals(bytes)).toBe(true); // lossless round trip
        }
        return parse(text, { relax_column_count: false }) as string[][];
      });
    }
    expect(read.gbk).toEqual(read.utf8);
    expect(read['utf8-bom']).toEqual(read.utf8);
    const [cases, persons, events, docs, staff] = read.utf8;
    expect(cases[0]).toEqual(HEADERS.案件);
    expect(persons[0]).toEqual(HEADERS.嫌疑人);
    expect(events[0]).toEqual(HEADERS.流程节点);
    expect(docs[0]).toEqual(HEADERS.文书);
    expect(staff[0]).toEqual(HEADERS.人员);
    expect(cases.length).toBe(401);
    const bundles = [...generateCases(OPTS)];
    expect(persons.length - 1).toBe(bundles.reduce((s, x) => s + x.persons.length, 0));
    // a case's title and cause survive the GBK round trip
    const titles = new Set(cases.slice(1).map((r) => r[1]));
    for (const b of bundles) expect(titles.has(b.case.title)).toBe(true);
    expect(cases.slice(1).every((r) => /^\d{4}-\d{2}-\d{2}$/.test(r[7]))).toBe(true);
  });
});
