/**
 * The sheets and columns of import-format.md as data: header (Chinese), key (English), required,
 * and how the value is read. Header matching and sheet recognition (for CSV files) live here too.
 */
import {
  CASE_STATUSES,
  CATEGORIES,
  CUSTODY,
  EVENT_KINDS,
  GENDERS,
  MEASURES,
  PROCEDURES,
  SENTENCING,
  STAFF_ROLES,
  ALL_CONCLUSIONS,
  ALL_DECISIONS,
  ALL_DECISION_REASONS,
  SHEETS,
  type SheetName,
} from '../domain';
import { enumSet, normalizeEnumText, type EnumSet } from './values';

/** 'shared': text of few distinct values (departments, names of prosecutors and documents), pooled to save memory. */
export type ColumnKind = 'text' | 'shared' | 'caseNo' | 'date' | 'bool' | 'enum';

export interface ColumnDef {
  header: string;
  key: string;
  /** Must be in the header row and filled in every row. Conditional requirements are checked per sheet. */
  required: boolean;
  kind: ColumnKind;
  enum?: EnumSet;
  /** Text columns: the most characters a value may have (docs/DECISIONS.md "Import"). */
  max: number;
  /** Text columns: line breaks allowed (备注); every other text value is one line without invisible characters. */
  multiline: boolean;
}

/** Length limits of the text columns, in characters (docs/DECISIONS.md "Import"). */
export const TEXT_LIMITS = {
  caseNo: 64,
  title: 200,
  cause: 200,
  unit: 50, // 承办部门, 承办检察官, 部门, 姓名
  agency: 100,
  personNo: 32,
  docName: 100,
  docNumber: 100,
  note: 2000,
} as const;

const col = (
  header: string,
  key: string,
  required: boolean,
  kind: ColumnKind,
  values?: readonly string[] | { max: number; multiline?: boolean },
): ColumnDef => ({
  header,
  key,
  required,
  kind,
  enum: Array.isArray(values) ? enumSet(values) : undefined,
  // Enumerations, dates and yes/no are checked against their own forms; the limit only bounds what an error shows.
  max: values && !Array.isArray(values) ? (values as { max: number }).max : 200,
  multiline: !!(values && !Array.isArray(values) && (values as { multiline?: boolean }).multiline),
});
const L = TEXT_LIMITS;

export const SHEET_COLUMNS: Record<SheetName, readonly ColumnDef[]> = {
  案件: [
    col('部门受案号', 'caseNo', true, 'caseNo', { max: L.caseNo }),
    col('案件名称', 'title', true, 'text', { max: L.title, multiline: true }),
    col('案件类别', 'category', true, 'enum', CATEGORIES),
    col('案由', 'cause', false, 'shared', { max: L.cause }),
    col('承办部门', 'department', true, 'shared', { max: L.unit }),
    col('承办检察官', 'prosecutor', true, 'shared', { max: L.unit }),
    col('移送单位', 'agency', false, 'shared', { max: L.agency }),
    col('受理日期', 'receivedOn', true, 'date'),
    col('重大复杂', 'complex', false, 'bool'),
    col('有被害人', 'hasVictim', false, 'bool'),
    col('适用程序', 'procedure', false, 'enum', PROCEDURES),
    col('案件状态', 'status', true, 'enum', CASE_STATUSES),
    col('办结日期', 'concludedOn', false, 'date'),
    col('办结方式', 'conclusion', false, 'enum', ALL_CONCLUSIONS),
    col('备注', 'note', false, 'text', { max: L.note, multiline: true }),
  ],
  嫌疑人: [
    col('部门受案号', 'caseNo', true, 'caseNo', { max: L.caseNo }),
    col('嫌疑人编号', 'personNo', true, 'shared', { max: L.personNo }),
    col('姓名', 'name', true, 'text', { max: L.unit }),
    col('性别', 'gender', false, 'enum', GENDERS),
    col('出生日期', 'birthDate', false, 'date'),
    col('羁押状态', 'custody', true, 'enum', CUSTODY),
    col('强制措施', 'measure', false, 'enum', MEASURES),
    col('强制措施起始日期', 'measureFrom', false, 'date'),
    col('已委托辩护人', 'hasCounsel', false, 'bool'),
    col('认罪认罚', 'plea', false, 'bool'),
    col('具结书签署日期', 'pleaSignedOn', false, 'date'),
    col('审查结论', 'decision', false, 'enum', ALL_DECISIONS),
    col('结论日期', 'decidedOn', false, 'date'),
    col('不捕不诉理由', 'decisionReason', false, 'enum', ALL_DECISION_REASONS),
    col('量刑建议', 'sentencing', false, 'enum', SENTENCING),
    col('量刑建议采纳', 'sentencingAdopted', false, 'bool'),
    col('判决日期', 'judgedOn', false, 'date'),
    col('上诉', 'appealed', false, 'bool'),
  ],
  流程节点: [
    col('部门受案号', 'caseNo', true, 'caseNo', { max: L.caseNo }),
    col('节点', 'kind', true, 'enum', EVENT_KINDS),
    col('日期', 'on', true, 'date'),
    col('嫌疑人编号', 'personNo', false, 'shared', { max: L.personNo }),
    col('备注', 'note', false, 'text', { max: L.note, multiline: true }),
  ],
  文书: [
    col('部门受案号', 'caseNo', true, 'caseNo', { max: L.caseNo }),
    col('文书名称', 'name', true, 'shared', { max: L.docName }),
    col('文号', 'number', true, 'text', { max: L.docNumber }),
    col('签发日期', 'issuedOn', true, 'date'),
    col('嫌疑人编号', 'personNo', false, 'shared', { max: L.personNo }),
  ],
  人员: [
    col('姓名', 'name', true, 'text', { max: L.unit }),
    col('部门', 'department', true, 'shared', { max: L.unit }),
    col('身份', 'role', true, 'enum', STAFF_ROLES),
    col('在岗', 'active', false, 'bool'),
  ],
};

export const SHEET_NAMES = Object.keys(SHEETS) as SheetName[];

/** Header text → comparable form: spaces gone, full-width → half-width, English keys case-insensitive. */
function headerKey(h: string): string {
  return normalizeEnumText(h)
    .replace(/[（(].*?[)）]$/, '')
    .toLowerCase();
}

const HEADER_INDEX: Record<SheetName, Map<string, ColumnDef>> = Object.fromEntries(
  SHEET_NAMES.map((s) => [
    s,
    new Map(
      SHEET_COLUMNS[s].flatMap((c) => [
        [headerKey(c.header), c],
        [c.key.toLowerCase(), c],
      ]),
    ),
  ]),
) as Record<SheetName, Map<string, ColumnDef>>;

/** The column a header names in a sheet, by its Chinese header or English key. */
export function columnFor(sheet: SheetName, header: string): ColumnDef | undefined {
  return HEADER_INDEX[sheet].get(headerKey(header));
}

/** A workbook sheet name (Chinese or English key, spaces ignored) → the sheet, or undefined. */
export function sheetFor(name: string): SheetName | undefined {
  const k = normalizeEnumText(name).toLowerCase();
  return SHEET_NAMES.find((s) => s === k || SHEETS[s] === k);
}

/**
 * Which sheet a CSV is, from its header row: the sheet with the most recognised columns, and
 * among equals the one with every required column, then the file name hint. Needs at least
 * two recognised columns, so that a stray `姓名` or `备注` does not decide it.
 */
export function identifySheet(headers: string[], fileHint?: string): SheetName | undefined {
  let best: SheetName | undefined;
  let bestScore = -1;
  const hint = fileHint ? sheetFor(fileHint) : undefined;
  for (const s of SHEET_NAMES) {
    const seen = new Set<ColumnDef>();
    for (const h of headers) {
      const c = columnFor(s, h);
      if (c) seen.add(c);
    }
    if (seen.size < 2) continue;
    const allRequired = SHEET_COLUMNS[s].every((c) => !c.required || seen.has(c));
    const score = seen.size * 4 + (allRequired ? 2 : 0) + (s === hint ? 1 : 0);
    if (score > bestScore) {
      best = s;
      bestScore = score;
    }
  }
  return best;
}
