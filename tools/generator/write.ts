/**
 * Writers: the generated office as an XLSX workbook (one generation pass, sheets spooled to temp files,
 * so memory stays bounded) or as one CSV per sheet (UTF-8, UTF-8 with BOM or GBK), with the Chinese headers of
 * import-format.md.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import iconv from 'iconv-lite';
import type { CaseRecord, DocumentRecord, EventRecord, PersonRecord, StaffRecord } from '../../core/domain';
import { generateCases, generateStaff } from './cases';
import type { CaseBundle, GenOptions, Planted } from './types';
import { assembleXlsx, SheetSpool, type XCell } from './xlsx';

type Kind = 'text' | 'date' | 'bool' | 'bool?';
type Col<T> = readonly [header: string, get: (r: T) => string | boolean | null | undefined, kind: Kind];

const CASE_COLS: Col<CaseRecord>[] = [
  ['部门受案号', (r) => r.caseNo, 'text'],
  ['案件名称', (r) => r.title, 'text'],
  ['案件类别', (r) => r.category, 'text'],
  ['案由', (r) => r.cause, 'text'],
  ['承办部门', (r) => r.department, 'text'],
  ['承办检察官', (r) => r.prosecutor, 'text'],
  ['移送单位', (r) => r.agency, 'text'],
  ['受理日期', (r) => r.receivedOn, 'date'],
  ['重大复杂', (r) => r.complex, 'bool'],
  ['有被害人', (r) => r.hasVictim, 'bool'],
  ['适用程序', (r) => r.procedure, 'text'],
  ['案件状态', (r) => r.status, 'text'],
  ['办结日期', (r) => r.concludedOn, 'date'],
  ['办结方式', (r) => r.conclusion, 'text'],
  ['备注', (r) => r.note, 'text'],
];
const PERSON_COLS: Col<PersonRecord>[] = [
  ['部门受案号', (r) => r.caseNo, 'text'],
  ['嫌疑人编号', (r) => r.personNo, 'text'],
  ['姓名', (r) => r.name, 'text'],
  ['性别', (r) => r.gender, 'text'],
  ['出生日期', (r) => r.birthDate, 'date'],
  ['羁押状态', (r) => r.custody, 'text'],
  ['强制措施', (r) => r.measure, 'text'],
  ['强制措施起始日期', (r) => r.measureFrom, 'date'],
  ['已委托辩护人', (r) => r.hasCounsel, 'bool'],
  ['认罪认罚', (r) => r.plea, 'bool'],
  ['具结书签署日期', (r) => r.pleaSignedOn, 'date'],
  ['审查结论', (r) => r.decision, 'text'],
  ['结论日期', (r) => r.decidedOn, 'date'],
  ['不捕不诉理由', (r) => r.decisionReason, 'text'],
  ['量刑建议', (r) => r.sentencing, 'text'],
  ['量刑建议采纳', (r) => r.sentencingAdopted, 'bool?'],
  ['判决日期', (r) => r.judgedOn, 'date'],
  ['上诉', (r) => r.appealed, 'bool'],
];
const EVENT_COLS: Col<EventRecord>[] = [
  ['部门受案号', (r) => r.caseNo, 'text'],
  ['节点', (r) => r.kind, 'text'],
  ['日期', (r) => r.on, 'date'],
  ['嫌疑人编号', (r) => r.personNo, 'text'],
  ['备注', (r) => r.note, 'text'],
];
const DOC_COLS: Col<DocumentRecord>[] = [
  ['部门受案号', (r) => r.caseNo, 'text'],
  ['文书名称', (r) => r.name, 'text'],
  ['文号', (r) => r.number, 'text'],
  ['签发日期', (r) => r.issuedOn, 'date'],
  ['嫌疑人编号', (r) => r.personNo, 'text'],
];
const STAFF_COLS: Col<StaffRecord>[] = [
  ['姓名', (r) => r.name, 'text'],
  ['部门', (r) => r.department, 'text'],
  ['身份', (r) => r.role, 'text'],
  ['在岗', (r) => r.active, 'bool'],
];

interface SheetDef<T> {
  name: '案件' | '嫌疑人' | '流程节点' | '文书';
  cols: Col<T>[];
  rows: (b: CaseBundle) => T[];
}
const CASE_SHEETS = [
  { name: '案件', cols: CASE_COLS, rows: (b: CaseBundle) => [b.case] } as SheetDef<CaseRecord>,
  { name: '嫌疑人', cols: PERSON_COLS, rows: (b: CaseBundle) => b.persons } as SheetDef<PersonRecord>,
  { name: '流程节点', cols: EVENT_COLS, rows: (b: CaseBundle) => b.events } as SheetDef<EventRecord>,
  { name: '文书', cols: DOC_COLS, rows: (b: CaseBundle) => b.documents } as SheetDef<DocumentRecord>,
] as const;

export const CSV_FILE_NAMES = ['案件.csv', '嫌疑人.csv', '流程节点.csv', '文书.csv', '人员.csv'] as const;

/** The national system writes `[2026]`; about one case in ten is written with `〔2026〕` (the same number). */
export function writtenCaseNo(caseNo: string): string {
  let h = 0;
  for (let i = 0; i < caseNo.length; i++) h = (h * 31 + caseNo.charCodeAt(i)) | 0;
  return (h >>> 0) % 10 === 3 ? caseNo.replace('[', '〔').replace(']', '〕') : caseNo;
}

function textValue(v: string | boolean | null | undefined, kind: Kind): string {
  if (v == null) return '';
  if (kind === 'bool' || kind === 'bool?') return v ? '是' : '否';
  return String(v);
}

/** Excel's serial number of a civil date (1900 date system). */
function excelSerial(iso: string): number {
  return Math.round(Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10)) / 86_400_000) + 25569;
}

function xlsxRow<T>(cols: Col<T>[], r: T, asDate: boolean, caseNoCol: boolean): XCell[] {
  const out: XCell[] = new Array(cols.length);
  for (let i = 0; i < cols.length; i++) {
    const [, get, kind] = cols[i];
    const v = get(r);
    if (v == null || v === '') out[i] = null;
    else if (kind === 'date' && asDate) out[i] = { date: excelSerial(v as string) };
    else if (i === 0 && caseNoCol) out[i] = writtenCaseNo(v as string);
    else out[i] = textValue(v, kind);
  }
  return out;
}

/**
 * Writes the workbook (sheets 案件, 嫌疑人, 流程节点, 文书, 人员) in one generation pass: rows are spooled per
 * sheet to temp files and zipped at the end (xlsx.ts), so memory stays bounded at any N. Dates are text
 * `YYYY-MM-DD` in most rows and real Excel date cells (style yyyy-mm-dd) in about one row in eight;
 * yes/no as 是/否.
 */
export async function writeWorkbook(
  opts: GenOptions,
  file: string,
): Promise<{ cases: number; rows: Record<string, number>; planted: Planted[] }> {
  const planted: Planted[] = [];
  const result = await writeBundlesWorkbook(generateCases(opts), generateStaff(opts), file, (b) => {
    for (const p of b.planted) planted.push(p);
  });
  return { ...result, planted };
}

/**
 * Writes any bundles (e.g. `snapshotAsOf` of each case on a day, for a day-by-day import) and a roster
 * as a workbook; one pass over `bundles`.
 */
export async function writeBundlesWorkbook(
  bundles: Iterable<CaseBundle>,
  staff: StaffRecord[] | null,
  file: string,
  onBundle?: (b: CaseBundle) => void,
): Promise<{ cases: number; rows: Record<string, number> }> {
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'caseflow-gen-'));
  try {
    const widths = (cols: Col<never>[]) => cols.map(([h], i) => (i === 0 ? 34 : Math.max(10, h.length * 2 + 4)));
    const spools = CASE_SHEETS.map(
      (sh, i) => new SheetSpool(sh.name, path.join(tmp, `s${i}.xml`), widths(sh.cols as Col<never>[])),
    );
    for (let i = 0; i < CASE_SHEETS.length; i++) spools[i].add(CASE_SHEETS[i].cols.map(([h]) => h));
    let cases = 0;
    const counters = CASE_SHEETS.map(() => 0);
    for (const b of bundles) {
      cases++;
      onBundle?.(b);
      for (let i = 0; i < CASE_SHEETS.length; i++) {
        const sh = CASE_SHEETS[i] as SheetDef<unknown>;
        for (const r of sh.rows(b)) {
          const n = ++counters[i];
          if (spools[i].add(xlsxRow(sh.cols, r, n % 8 === 5, true))) await spools[i].flush();
        }
      }
    }
    const sheets = [...spools];
    if (staff) {
      const st = new SheetSpool('人员', path.join(tmp, 's4.xml'), widths(STAFF_COLS as Col<never>[]));
      st.add(STAFF_COLS.map(([h]) => h));
      for (const s of staff) st.add(xlsxRow(STAFF_COLS, s, false, false));
      sheets.push(st);
    }
    for (const s of sheets) await s.close();
    await assembleXlsx(file, sheets, tmp);
    const rows: Record<string, number> = {};
    for (const s of sheets) rows[s.name] = s.rows - 1;
    return { cases, rows };
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

function csvField(s: string): string {
  return /[",\r\n]/.test(s) || /^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

class CsvOut {
  private buf: string[] = [];
  private size = 0;
  private readonly stream: fs.WriteStream;
  constructor(
    readonly file: string,
    private readonly encoding: 'utf8' | 'utf8-bom' | 'gbk',
  ) {
    this.stream = fs.createWriteStream(file);
    if (encoding === 'utf8-bom') this.stream.write(Buffer.from([0xef, 0xbb, 0xbf]));
  }
  line(fields: string[]): void {
    const s = fields.map(csvField).join(',') + '\r\n';
    this.buf.push(s);
    this.size += s.length;
  }
  get full(): boolean {
    return this.size > 1 << 16;
  }
  async flush(): Promise<void> {
    if (!this.size) return;
    const text = this.buf.join('');
    this.buf = [];
    this.size = 0;
    const bytes = this.encoding === 'gbk' ? iconv.encode(text, 'gbk') : Buffer.from(text, 'utf8');
    if (!this.stream.write(bytes)) await new Promise<void>((res) => this.stream.once('drain', () => res()));
  }
  async close(): Promise<void> {
    await this.flush();
    await new Promise<void>((res, rej) => this.stream.end((e?: Error | null) => (e ? rej(e) : res())));
  }
}

/** One CSV per sheet (案件.csv, 嫌疑人.csv, 流程节点.csv, 文书.csv, 人员.csv) in `dir`; returns their paths. */
export async function writeCsvFiles(
  opts: GenOptions,
  dir: string,
  encoding: 'utf8' | 'utf8-bom' | 'gbk',
): Promise<string[]> {
  return (await writeCsv(opts, dir, encoding)).files;
}

/** writeCsvFiles with the counts (for the CLI). */
export async function writeCsv(
  opts: GenOptions,
  dir: string,
  encoding: 'utf8' | 'utf8-bom' | 'gbk',
): Promise<{ files: string[]; cases: number; rows: Record<string, number>; planted: Planted[] }> {
  const rows: Record<string, number> = { 案件: 0, 嫌疑人: 0, 流程节点: 0, 文书: 0, 人员: 0 };
  const planted: Planted[] = [];
  fs.mkdirSync(dir, { recursive: true });
  const outs = CSV_FILE_NAMES.map((n) => new CsvOut(path.join(dir, n), encoding));
  const [caseOut, personOut, eventOut, docOut, staffOut] = outs;
  const header = <T>(o: CsvOut, cols: Col<T>[]) => o.line(cols.map(([h]) => h));
  const emit = <T>(o: CsvOut, cols: Col<T>[], r: T) =>
    o.line(
      cols.map(([, get, kind], i) => {
        const v = get(r);
        return i === 0 && kind === 'text' && cols !== (STAFF_COLS as unknown)
          ? writtenCaseNo(String(v))
          : textValue(v, kind);
      }),
    );
  header(caseOut, CASE_COLS);
  header(personOut, PERSON_COLS);
  header(eventOut, EVENT_COLS);
  header(docOut, DOC_COLS);
  header(staffOut, STAFF_COLS);
  try {
    for (const b of generateCases(opts)) {
      rows.案件++;
      rows.嫌疑人 += b.persons.length;
      rows.流程节点 += b.events.length;
      rows.文书 += b.documents.length;
      for (const p of b.planted) planted.push(p);
      emit(caseOut, CASE_COLS, b.case);
      for (const p of b.persons) emit(personOut, PERSON_COLS, p);
      for (const e of b.events) emit(eventOut, EVENT_COLS, e);
      for (const d of b.documents) emit(docOut, DOC_COLS, d);
      for (const o of outs) if (o.full) await o.flush();
    }
    for (const s of generateStaff(opts)) {
      rows.人员++;
      emit(staffOut, STAFF_COLS, s);
    }
  } finally {
    for (const o of outs) await o.close();
  }
  return { files: outs.map((o) => o.file), cases: rows.案件, rows, planted };
}
