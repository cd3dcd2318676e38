/**
 * Incoming referrals (检务督查移送): the inspection department refers irregular case handling back.
 * Each referral, entered in the form (`addReferral`) or imported from an XLSX (`importReferrals`),
 * becomes one finding with rule REF-INSPECTION and source 检务督查 (status 待处理, first seen on the
 * date received) plus its `detect` event, written in the same transaction as the referral row.
 * An import is all or nothing and reports every bad row as {file, sheet, row, column, value, message},
 * the error shape of the case import (import-format.md).
 */
import path from 'node:path';
import fs from 'node:fs';
import type ExcelJS from 'exceljs';
import type { AppContext } from '../context';
import { chinaTimestamp, isMonthKey, monthPeriod, type IsoDate } from '../dates';
import { normalizeCaseNo } from '../domain';
import { maskNamesIn } from '../shared/mask';
import { recordAction } from '../audit-trail';
import { HandlerError } from '../errors';
import * as q from '../../db/queries/referrals';
import type { ImportErrorItem } from '../import/types';
import {
  cleanText,
  DATE_FORMATS_HINT,
  DEFAULT_REFERRAL_SEVERITY,
  normEnum,
  parseCivilDate,
  SEVERITIES,
} from './values';

// exceljs takes a quarter of a second to load: loaded when a referral workbook is read, not at every start.
/* eslint-disable-next-line @typescript-eslint/no-require-imports */
const excel = (): typeof ExcelJS => require('exceljs');

/** One refused cell, the shape of the case import's errors. Row is the Excel row number (0 when the file itself is unreadable). */
export type RowError = ImportErrorItem;

export interface ReferralInput {
  receivedOn: string;
  docNumber: string;
  department?: string | null;
  prosecutor?: string | null;
  caseNo?: string | null;
  category: string;
  description: string;
  severity?: string | null;
}

export interface Referral {
  id: number;
  receivedOn: IsoDate;
  docNumber: string;
  department: string;
  prosecutor: string;
  caseNo: string | null;
  category: string;
  description: string;
  severity: string;
  findingId: number | null;
  findingStatus: string | null;
  importFile: string | null;
  createdAt: string;
  createdBy: string;
}

/** The workbook's columns: Chinese header, English key, required. */
export const REFERRAL_COLUMNS = [
  { header: '收文日期', key: 'receivedOn', required: true },
  { header: '督查文号', key: 'docNumber', required: true },
  { header: '承办部门', key: 'department', required: false },
  { header: '承办检察官', key: 'prosecutor', required: false },
  { header: '部门受案号', key: 'caseNo', required: false },
  { header: '问题类别', key: 'category', required: true },
  { header: '问题描述', key: 'description', required: true },
  { header: '严重程度', key: 'severity', required: false },
] as const;
type ColKey = (typeof REFERRAL_COLUMNS)[number]['key'];
const HEADER_OF: Record<ColKey, string> = Object.fromEntries(REFERRAL_COLUMNS.map((c) => [c.key, c.header])) as Record<
  ColKey,
  string
>;

/** Sheet names the import prefers; otherwise the workbook's first sheet is read. */
export const REFERRAL_SHEET_NAMES = ['督查移送', '线索移送', '检务督查移送'];

interface CellError {
  column: string;
  value: string;
  message: string;
}
interface Checked {
  value: q.ReferralInsert | null;
  errors: CellError[];
  warnings: string[];
  caseId: number | null;
}

function show(v: unknown): string {
  if (v == null) return '';
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? '' : v.toISOString().slice(0, 10);
  return String(v);
}

/** Validates one referral against the store's cases (looked up by the caller in one query). */
function checkReferral(
  raw: Partial<Record<ColKey, unknown>>,
  cases: Map<string, q.CaseBasics>,
  meta: { importFile: string | null; at: string; actor: string },
): Checked {
  const errors: CellError[] = [];
  const warnings: string[] = [];
  const err = (key: ColKey, message: string) => errors.push({ column: HEADER_OF[key], value: show(raw[key]), message });

  const receivedText = raw.receivedOn;
  const receivedOn = parseCivilDate(receivedText);
  if (cleanText(show(receivedText)) == null) err('receivedOn', '未填写收文日期');
  else if (!receivedOn) err('receivedOn', `收文日期无法识别（${DATE_FORMATS_HINT}）`);

  const docNumber = cleanText(raw.docNumber);
  if (!docNumber) err('docNumber', '未填写督查文号');
  const category = cleanText(raw.category);
  if (!category) err('category', '未填写问题类别');
  const description = cleanText(raw.description);
  if (!description) err('description', '未填写问题描述');

  let severity: string = DEFAULT_REFERRAL_SEVERITY;
  const sevText = cleanText(raw.severity);
  if (sevText) {
    const s = normEnum(sevText);
    if ((SEVERITIES as readonly string[]).includes(s)) severity = s;
    else err('severity', `严重程度应为：${SEVERITIES.join('、')}（不填为“${DEFAULT_REFERRAL_SEVERITY}”）`);
  }

  const caseText = cleanText(raw.caseNo);
  const caseNo = caseText ? normalizeCaseNo(caseText) : '';
  const known = caseNo ? cases.get(caseNo) : undefined;
  if (caseNo && !known) warnings.push(`部门受案号“${caseNo}”不在案件库中，仍按所填承办部门、承办检察官登记`);
  const department = cleanText(raw.department) ?? known?.department ?? null;
  const prosecutor = cleanText(raw.prosecutor) ?? known?.prosecutor ?? null;
  if (!department) err('department', '未填写承办部门（部门受案号未填写或不在案件库中时必填）');
  if (!prosecutor) err('prosecutor', '未填写承办检察官（部门受案号未填写或不在案件库中时必填）');

  if (errors.length) return { value: null, errors, warnings, caseId: null };
  return {
    value: {
      receivedOn: receivedOn!,
      docNumber: docNumber!,
      department: department!,
      prosecutor: prosecutor!,
      caseNo,
      category: category!,
      description: description!,
      severity,
      importFile: meta.importFile,
      createdAt: meta.at,
      createdBy: meta.actor,
    },
    errors,
    warnings,
    caseId: known?.id ?? null,
  };
}

/** Writes checked referrals with their findings; call inside a transaction. Returns [referralId, findingId][]. */
function writeReferrals(
  ctx: AppContext,
  items: { value: q.ReferralInsert; caseId: number | null }[],
): { id: number; findingId: number }[] {
  const w = q.referralWriter(ctx.db);
  const names = q.personNamesOfCases(ctx.db, items.map((i) => i.value.caseNo).filter(Boolean));
  const at = chinaTimestamp();
  return items.map(({ value: r, caseId }) => {
    const id = w.insertReferral(r);
    const message = maskNamesIn(
      `检务督查部门移送（${r.docNumber}）：${r.category}。${r.description}`,
      names.get(r.caseNo) ?? [],
    );
    const findingId = w.insertFinding({
      caseNo: r.caseNo,
      subjectKey: `REF-${id}`,
      caseId,
      severity: r.severity,
      kind: r.category,
      message,
      department: r.department,
      prosecutor: r.prosecutor,
      on: r.receivedOn,
    });
    w.insertDetectEvent({ findingId, on: r.receivedOn, at, actor: ctx.actor, note: `检务督查移送 ${r.docNumber}` });
    w.linkFinding(id, findingId);
    return { id, findingId };
  });
}

/** Form entry of one referral. Refused input throws a HandlerError with every problem in Chinese. */
export function addReferral(ctx: AppContext, input: ReferralInput): Referral & { warnings: string[] } {
  const caseText = cleanText(input.caseNo);
  const cases = q.caseBasics(ctx.db, caseText ? [normalizeCaseNo(caseText)] : []);
  const checked = checkReferral(input as Partial<Record<ColKey, unknown>>, cases, {
    importFile: null,
    at: chinaTimestamp(),
    actor: ctx.actor,
  });
  if (!checked.value) throw new HandlerError(checked.errors.map((e) => `${e.column}：${e.message}`).join('；'), 400);
  const v = checked.value;
  const id = ctx.db
    .transaction(() => {
      if (q.existingReferralKeys(ctx.db, [v]).size) {
        throw new HandlerError(
          `该移送已登记过（督查文号“${v.docNumber}”、部门受案号“${v.caseNo || '无'}”、问题描述相同）`,
          409,
        );
      }
      const [written] = writeReferrals(ctx, [{ value: v, caseId: checked.caseId }]);
      recordAction(ctx.db, ctx.actor, 'referral.add', `referral:${written.id}`, null, {
        ...v,
        findingId: written.findingId,
      });
      return written.id;
    })
    .immediate();
  return { ...getReferral(ctx, id)!, warnings: checked.warnings };
}

export function getReferral(ctx: AppContext, id: number): Referral | undefined {
  const r = q.getReferral(ctx.db, id);
  return r ? toReferral(r) : undefined;
}

export function listReferrals(
  ctx: AppContext,
  filter: { month?: string; from?: string; to?: string; prosecutor?: string; status?: string } = {},
): Referral[] {
  let { from, to } = filter;
  if (filter.month) {
    if (!isMonthKey(filter.month)) throw new HandlerError(`月份“${filter.month}”无效，应为 YYYY-MM`, 400);
    ({ start: from, end: to } = monthPeriod(filter.month));
  }
  return q.selectReferrals(ctx.db, { from, to, prosecutor: filter.prosecutor, status: filter.status }).map(toReferral);
}

function toReferral(r: q.ReferralListRow): Referral {
  return {
    id: r.id,
    receivedOn: r.received_on,
    docNumber: r.doc_number,
    department: r.department,
    prosecutor: r.prosecutor,
    caseNo: r.case_no || null,
    category: r.category,
    description: r.description,
    severity: r.severity,
    findingId: r.finding_id,
    findingStatus: r.finding_status,
    importFile: r.import_file,
    createdAt: r.created_at,
    createdBy: r.created_by,
  };
}

/** `referralsIn` of metrics.md for a period (findings of source 检务督查 first seen in it). */
export { countReferralsIn } from '../../db/queries/referrals';

// ---- the workbook import ----------------------------------------------------

export interface ReferralImportResult {
  ok: boolean;
  dryRun: boolean;
  file: string;
  sheet: string | null;
  /** data rows read (blank rows skipped) */
  rows: number;
  /** referrals written (0 on a dry run or a refused file) */
  added: number;
  referrals: { id: number; findingId: number; row: number; docNumber: string; caseNo: string | null }[];
  warnings: string[];
  errors: RowError[];
}

const KEY_OF_HEADER = new Map<string, ColKey>();
for (const c of REFERRAL_COLUMNS) {
  KEY_OF_HEADER.set(c.header, c.key);
  KEY_OF_HEADER.set(c.key.toLowerCase(), c.key);
}

/** A cell's value as exceljs gives it, flattened: rich text, hyperlinks and formulas give their text/result. */
function cellValue(v: ExcelJS.CellValue): unknown {
  if (v == null) return null;
  if (typeof v !== 'object' || v instanceof Date) return v;
  const o = v as unknown as Record<string, unknown>;
  if (Array.isArray(o.richText)) return (o.richText as { text: string }[]).map((t) => t.text).join('');
  if ('result' in o) return o.result instanceof Object && !(o.result instanceof Date) ? null : o.result;
  if ('text' in o) return cellValue(o.text as ExcelJS.CellValue);
  if ('error' in o) return String(o.error);
  return null;
}

/**
 * Imports referrals from an XLSX (one sheet, Chinese headers in row 1; see REFERRAL_COLUMNS).
 * All or nothing: any bad row → nothing written, every error returned. `dryRun` checks only.
 * Duplicates (same 督查文号 + 部门受案号 + 问题描述, within the file or already stored) are errors.
 */
export async function importReferrals(
  ctx: AppContext,
  file: string,
  opts: { dryRun?: boolean } = {},
): Promise<ReferralImportResult> {
  const fileName = path.basename(file);
  const result: ReferralImportResult = {
    ok: false,
    dryRun: !!opts.dryRun,
    file: fileName,
    sheet: null,
    rows: 0,
    added: 0,
    referrals: [],
    warnings: [],
    errors: [],
  };
  const fileError = (message: string) => {
    result.errors.push({ file: fileName, sheet: '', row: 0, column: '', value: '', message });
    return result;
  };

  if (!fs.existsSync(file)) return fileError(`找不到文件：${file}`);
  const wb = new (excel().Workbook)();
  try {
    await wb.xlsx.readFile(file);
  } catch {
    // The library's own message is English and says nothing to a user.
    return fileError('无法读取工作簿：文件可能已损坏，或不是 .xlsx 文件（请用 Excel 或 WPS 另存为 .xlsx 后再导入）');
  }
  const sheets = wb.worksheets;
  if (sheets.length === 0) return fileError('工作簿中没有工作表');
  const ws = sheets.find((s) => REFERRAL_SHEET_NAMES.includes(s.name.trim())) ?? sheets[0];
  result.sheet = ws.name;
  const others = sheets.filter((s) => s !== ws).map((s) => s.name);
  if (others.length) result.warnings.push(`已忽略其他工作表：${others.join('、')}`);
  const rowError = (row: number, column: string, value: string, message: string) =>
    result.errors.push({ file: fileName, sheet: ws.name, row, column, value, message });

  // header row
  const header = ws.getRow(1);
  const colOf = new Map<ColKey, number>();
  const unknown: string[] = [];
  header.eachCell({ includeEmpty: false }, (cell, col) => {
    const h = cleanText(cellValue(cell.value));
    if (!h) return;
    const key = KEY_OF_HEADER.get(h) ?? KEY_OF_HEADER.get(h.toLowerCase());
    if (!key) {
      unknown.push(h);
      return;
    }
    if (colOf.has(key)) rowError(1, h, h, `列“${HEADER_OF[key]}”重复出现`);
    else colOf.set(key, col);
  });
  if (unknown.length) result.warnings.push(`已忽略未知的列：${unknown.join('、')}`);
  for (const c of REFERRAL_COLUMNS) {
    if (c.required && !colOf.has(c.key)) rowError(1, c.header, '', `缺少必需的列“${c.header}”`);
  }
  if (result.errors.length) return result;

  // data rows
  const raws: { row: number; raw: Partial<Record<ColKey, unknown>> }[] = [];
  for (let r = 2; r <= ws.rowCount; r++) {
    const row = ws.getRow(r);
    const raw: Partial<Record<ColKey, unknown>> = {};
    let any = false;
    for (const [key, col] of colOf) {
      const v = cellValue(row.getCell(col).value);
      raw[key] = v;
      if (v != null && cleanText(show(v)) != null) any = true;
    }
    if (any) raws.push({ row: r, raw });
  }
  result.rows = raws.length;
  if (raws.length === 0) {
    rowError(2, '', '', '工作表中没有移送记录');
    return result;
  }

  const caseNos = raws
    .map((x) => cleanText(x.raw.caseNo))
    .filter((s): s is string => !!s)
    .map(normalizeCaseNo);
  const cases = q.caseBasics(ctx.db, caseNos);
  const meta = { importFile: fileName, at: chinaTimestamp(), actor: ctx.actor };
  const checked = raws.map((x) => ({ row: x.row, ...checkReferral(x.raw, cases, meta) }));
  const seen = new Map<string, number>();
  const stored = q.existingReferralKeys(
    ctx.db,
    checked.filter((c) => c.value).map((c) => c.value!),
  );
  for (const c of checked) {
    for (const e of c.errors) rowError(c.row, e.column, e.value, e.message);
    for (const w of c.warnings) result.warnings.push(`第 ${c.row} 行：${w}`);
    if (!c.value) continue;
    const k = q.referralKey(c.value.docNumber, c.value.caseNo, c.value.description);
    const first = seen.get(k);
    if (first !== undefined)
      rowError(
        c.row,
        HEADER_OF.docNumber,
        c.value.docNumber,
        `与第 ${first} 行重复（督查文号、部门受案号、问题描述均相同）`,
      );
    else seen.set(k, c.row);
    if (stored.has(k))
      rowError(c.row, HEADER_OF.docNumber, c.value.docNumber, '该移送已登记过（督查文号、部门受案号、问题描述均相同）');
  }
  result.errors.sort((a, b) => a.row - b.row);
  if (result.errors.length) return result;
  result.ok = true;
  if (opts.dryRun) return result;

  const good = checked.map((c) => ({ row: c.row, value: c.value!, caseId: c.caseId }));
  result.referrals = ctx.db
    .transaction(() => {
      const written = writeReferrals(ctx, good);
      recordAction(ctx.db, ctx.actor, 'referral.import', fileName, null, {
        file: fileName,
        sheet: ws.name,
        added: written.length,
        ids: written.map((w) => w.id),
      });
      return written.map((w, i) => ({
        id: w.id,
        findingId: w.findingId,
        row: good[i].row,
        docNumber: good[i].value.docNumber,
        caseNo: good[i].value.caseNo || null,
      }));
    })
    .immediate();
  result.added = result.referrals.length;
  return result;
}
