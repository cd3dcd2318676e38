/**
 * The generated office as a real export looks (import-mapping.md), not in the product's own layout:
 *
 * - sheet 案件列表: a merged title row (…统计截至2025年10月10日), a blank row, the headers on row 3 under other
 *   names (受案号, 案件类型, 承办人, 受案日期, 羁押情况, …), ONE ROW PER SUSPECT with the case's columns repeated
 *   on each (a case without suspects: one row, suspect columns empty), values spelled 已办结, 羁押/非羁押, 取保,
 *   dates written 2025年09月28日, a 序号 column no mapping needs, and a 合计 row at the bottom;
 * - sheets 办案节点 and 法律文书: a title row and a blank row above renamed headers;
 * - sheet 人员名单: the roster under renamed headers on row 1;
 * - with `department`, only that department's cases, and no 承办部门 column at all (the mapping supplies it
 *   as a constant, as an office does for the export of one department).
 *
 * `wideMapping()` is a `caseflow-mapping/1` mapping that reads such a workbook (the bench uses it; the tests
 * write their own, by hand, to the spec).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { DocumentRecord, EventRecord, PersonRecord, StaffRecord } from '../../core/domain';
import { colName } from '../../core/documents/spreadsheetml';
import { generateCases, generateStaff } from './cases';
import type { CaseBundle, GenOptions } from './types';
import { writtenCaseNo } from './write';
import { assembleXlsx, SheetSpool, type XCell } from './xlsx';

type V = string | boolean | null | undefined;
type C = CaseBundle['case'];

/** 2025-09-28 → 2025年09月28日 (how the national system's exports write dates). */
export function cnDate(iso: string | null | undefined): string | null {
  return iso ? `${iso.slice(0, 4)}年${iso.slice(5, 7)}月${iso.slice(8, 10)}日` : null;
}
const yesNo = (v: boolean | null | undefined) => (v == null ? null : v ? '是' : '否');
const CUSTODY_AS_EXPORTED: Record<string, string> = { 在押: '羁押', 未羁押: '非羁押' };
const MEASURE_AS_EXPORTED: Record<string, string> = { 取保候审: '取保' };
const STATUS_AS_EXPORTED: Record<string, string> = { 办结: '已办结' };

const CASE_COLS: [string, (c: C) => V][] = [
  ['受案号', (c) => writtenCaseNo(c.caseNo)],
  ['案件名称', (c) => c.title],
  ['案件类型', (c) => c.category],
  ['案由', (c) => c.cause],
  ['办案部门', (c) => c.department],
  ['承办人', (c) => c.prosecutor],
  ['移送单位', (c) => c.agency],
  ['受案日期', (c) => cnDate(c.receivedOn)],
  ['是否重大复杂', (c) => yesNo(c.complex)],
  ['是否有被害人', (c) => yesNo(c.hasVictim)],
  ['适用程序', (c) => c.procedure],
  ['办案状态', (c) => STATUS_AS_EXPORTED[c.status] ?? c.status],
  ['办结日期', (c) => cnDate(c.concludedOn)],
  ['办结方式', (c) => c.conclusion],
  ['备注', (c) => c.note],
];
const PERSON_COLS: [string, (p: PersonRecord) => V][] = [
  ['嫌疑人序号', (p) => p.personNo],
  ['犯罪嫌疑人', (p) => p.name],
  ['性别', (p) => p.gender],
  ['出生日期', (p) => cnDate(p.birthDate)],
  ['羁押情况', (p) => CUSTODY_AS_EXPORTED[p.custody] ?? p.custody],
  ['强制措施', (p) => MEASURE_AS_EXPORTED[p.measure] ?? p.measure],
  ['强制措施开始日期', (p) => cnDate(p.measureFrom)],
  ['是否委托辩护人', (p) => yesNo(p.hasCounsel)],
  ['是否认罪认罚', (p) => yesNo(p.plea)],
  ['具结书签署日期', (p) => cnDate(p.pleaSignedOn)],
  ['审查结论', (p) => p.decision],
  ['决定日期', (p) => cnDate(p.decidedOn)],
  ['不捕不诉理由', (p) => p.decisionReason],
  ['量刑建议', (p) => p.sentencing],
  ['量刑建议是否采纳', (p) => yesNo(p.sentencingAdopted)],
  ['判决日期', (p) => cnDate(p.judgedOn)],
  ['是否上诉', (p) => yesNo(p.appealed)],
];
const EVENT_COLS: [string, (e: EventRecord) => V][] = [
  ['受案号', (e) => writtenCaseNo(e.caseNo)],
  ['节点名称', (e) => e.kind],
  ['节点日期', (e) => cnDate(e.on)],
  ['涉及嫌疑人序号', (e) => e.personNo],
  ['说明', (e) => e.note],
];
const DOC_COLS: [string, (d: DocumentRecord) => V][] = [
  ['受案号', (d) => writtenCaseNo(d.caseNo)],
  ['文书名称', (d) => d.name],
  ['文书文号', (d) => d.number],
  ['签发日期', (d) => cnDate(d.issuedOn)],
  ['嫌疑人序号', (d) => d.personNo],
];
const STAFF_COLS: [string, (s: StaffRecord) => V][] = [
  ['姓名', (s) => s.name],
  ['所在部门', (s) => s.department],
  ['人员类别', (s) => s.role],
  ['是否在岗', (s) => yesNo(s.active)],
];

export interface WideOptions {
  /** The data date the title row states (统计截至…). */
  takenOn: string;
  officeName?: string;
  /** Only this department's cases, and no 承办部门 column. */
  department?: string;
}

const cells = <T>(cols: [string, (r: T) => V][], r: T): XCell[] => cols.map(([, get]) => get(r) as XCell);

/** Writes `bundles` (and the roster) as a wide export workbook; one pass over the bundles. */
export async function writeWideBundles(
  bundles: Iterable<CaseBundle>,
  staff: StaffRecord[] | null,
  file: string,
  opts: WideOptions,
): Promise<{ cases: number; rows: Record<string, number> }> {
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'caseflow-wide-'));
  const office = opts.officeName ?? '赤城县人民检察院';
  const caseCols = opts.department ? CASE_COLS.filter(([h]) => h !== '办案部门') : CASE_COLS;
  try {
    const titled = (name: string, file: string, headers: string[], title: string) => {
      const s = new SheetSpool(
        name,
        file,
        headers.map((h) => Math.max(10, h.length * 2 + 4)),
        3,
      );
      s.add([title]);
      s.add([]);
      s.add(headers);
      s.merges.push(`A1:${colName(headers.length - 1)}1`);
      return s;
    };
    const asOf = cnDate(opts.takenOn);
    const wideHeaders = ['序号', ...caseCols.map(([h]) => h), ...PERSON_COLS.map(([h]) => h)];
    const wide = titled(
      '案件列表',
      path.join(tmp, 'w0.xml'),
      wideHeaders,
      `${office}${opts.department ?? ''}案件信息表（统计截至${asOf}）`,
    );
    const events = titled(
      '办案节点',
      path.join(tmp, 'w1.xml'),
      EVENT_COLS.map(([h]) => h),
      `办案节点信息（数据日期：${asOf}）`,
    );
    const docs = titled(
      '法律文书',
      path.join(tmp, 'w2.xml'),
      DOC_COLS.map(([h]) => h),
      `法律文书信息（截止日期：${asOf}）`,
    );
    let cases = 0;
    let persons = 0;
    let serial = 0;
    const rows = { 案件列表: 0, 办案节点: 0, 法律文书: 0, 人员名单: 0 };
    for (const b of bundles) {
      if (opts.department && b.case.department !== opts.department) continue;
      cases++;
      const c = cells(caseCols, b.case);
      const list = b.persons.length ? b.persons : [null];
      for (const p of list) {
        rows.案件列表++;
        const row = [++serial, ...c, ...(p ? cells(PERSON_COLS, p) : PERSON_COLS.map(() => null))];
        if (wide.add(row)) await wide.flush();
        if (p) persons++;
      }
      for (const e of b.events) {
        rows.办案节点++;
        if (events.add(cells(EVENT_COLS, e))) await events.flush();
      }
      for (const d of b.documents) {
        rows.法律文书++;
        if (docs.add(cells(DOC_COLS, d))) await docs.flush();
      }
    }
    const total: XCell[] = wideHeaders.map(() => null);
    total[wideHeaders.indexOf('受案号')] = '合计';
    total[wideHeaders.indexOf('案件名称')] = `共 ${cases} 件`;
    total[wideHeaders.indexOf('犯罪嫌疑人')] = `${persons} 人`;
    wide.add(total);
    const sheets = [wide, events, docs];
    if (staff) {
      const st = new SheetSpool('人员名单', path.join(tmp, 'w3.xml'), [12, 14, 12, 10]);
      st.add(STAFF_COLS.map(([h]) => h));
      for (const s of staff) {
        rows.人员名单++;
        st.add(cells(STAFF_COLS, s));
      }
      sheets.push(st);
    }
    for (const s of sheets) await s.close();
    await assembleXlsx(file, sheets, tmp);
    return { cases, rows };
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

/** The generated office (`opts`) as a wide export workbook taken on opts.asOf. */
export async function writeWideWorkbook(
  opts: GenOptions,
  file: string,
  wide: Omit<WideOptions, 'takenOn'> = {},
): Promise<{ cases: number; rows: Record<string, number> }> {
  return writeWideBundles(generateCases(opts), generateStaff(opts), file, {
    takenOn: opts.asOf,
    officeName: opts.officeName,
    ...wide,
  });
}

/** A mapping that reads what writeWideBundles writes (with `department`: its 承办部门 as a constant). */
export function wideMapping(name: string, department?: string): Record<string, unknown> {
  const caseColumns: Record<string, string> = {
    受案号: '案件.部门受案号',
    案件名称: '案件.案件名称',
    案件类型: '案件.案件类别',
    案由: '案件.案由',
    ...(department ? {} : { 办案部门: '案件.承办部门' }),
    承办人: '案件.承办检察官',
    移送单位: '案件.移送单位',
    受案日期: '案件.受理日期',
    是否重大复杂: '案件.重大复杂',
    是否有被害人: '案件.有被害人',
    适用程序: '案件.适用程序',
    办案状态: '案件.案件状态',
    办结日期: '案件.办结日期',
    办结方式: '案件.办结方式',
    备注: '案件.备注',
  };
  const personColumns: Record<string, string> = {
    嫌疑人序号: '嫌疑人.嫌疑人编号',
    犯罪嫌疑人: '嫌疑人.姓名',
    性别: '嫌疑人.性别',
    出生日期: '嫌疑人.出生日期',
    羁押情况: '嫌疑人.羁押状态',
    强制措施: '嫌疑人.强制措施',
    强制措施开始日期: '嫌疑人.强制措施起始日期',
    是否委托辩护人: '嫌疑人.已委托辩护人',
    是否认罪认罚: '嫌疑人.认罪认罚',
    具结书签署日期: '嫌疑人.具结书签署日期',
    审查结论: '嫌疑人.审查结论',
    决定日期: '嫌疑人.结论日期',
    不捕不诉理由: '嫌疑人.不捕不诉理由',
    量刑建议: '嫌疑人.量刑建议',
    量刑建议是否采纳: '嫌疑人.量刑建议采纳',
    判决日期: '嫌疑人.判决日期',
    是否上诉: '嫌疑人.上诉',
  };
  return {
    format: 'caseflow-mapping/1',
    name,
    sheets: [
      {
        match: { sheet: '案件列表', headerRow: 3 },
        produces: ['案件', '嫌疑人'],
        columns: { ...caseColumns, ...personColumns },
        values: {
          '案件.案件状态': { 已办结: '办结' },
          '嫌疑人.羁押状态': { 羁押: '在押', 非羁押: '未羁押' },
          '嫌疑人.强制措施': { 取保: '取保候审' },
        },
        ...(department ? { constants: { '案件.承办部门': department } } : {}),
        skipRows: { column: '受案号', pattern: '^(合计|总计|小计)' },
      },
      {
        match: { sheet: '办案节点', headerRow: 'auto' },
        produces: ['流程节点'],
        columns: {
          受案号: '流程节点.部门受案号',
          节点名称: '流程节点.节点',
          节点日期: '流程节点.日期',
          涉及嫌疑人序号: '流程节点.嫌疑人编号',
          说明: '流程节点.备注',
        },
      },
      {
        match: { sheet: '法律文书', headerRow: 'auto' },
        produces: ['文书'],
        columns: {
          受案号: '文书.部门受案号',
          文书名称: '文书.文书名称',
          文书文号: '文书.文号',
          签发日期: '文书.签发日期',
          嫌疑人序号: '文书.嫌疑人编号',
        },
      },
      {
        match: { sheet: '人员名单', headerRow: 1 },
        produces: ['人员'],
        columns: { 姓名: '人员.姓名', 所在部门: '人员.部门', 人员类别: '人员.身份', 是否在岗: '人员.在岗' },
      },
    ],
  };
}
