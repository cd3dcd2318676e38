/**
 * Shapes of an import (import-format.md, cli.md "import --json"). The result is plain JSON so every
 * door (CLI, IPC, browser mode) can hand it on unchanged.
 */
import type { CaseRecord, DocumentRecord, EventRecord, PersonRecord, SheetName, StaffRecord } from '../domain';

/** One refused cell or row. `row` is the row number as Excel shows it (CSV: record number, header = 1); 0 = the whole file. */
export interface ImportErrorItem {
  file: string;
  sheet: string;
  row: number;
  column: string;
  value: string;
  message: string;
}

export interface ImportResult {
  ok: boolean;
  cases: { added: number; changed: number; unchanged: number };
  /** Data rows read per sheet present in the import, e.g. {"案件": 3, "嫌疑人": 4}. */
  rows: Partial<Record<SheetName, number>>;
  warnings: string[];
  errors: ImportErrorItem[];
  /** The import_batches id; null for a dry run or a refused import. */
  batchId: number | null;
  /** True when the import changed nothing in the store. */
  noOp: boolean;
  /** A one-line Chinese summary (the no-op sentence when noOp). */
  message: string;
  /** Prosecutors added to the roster as 员额检察官, e.g. "王五（第一检察部）". */
  staffAdded: string[];
  dryRun: boolean;
  /** The data date (数据日期) of the import: the day the export was taken; null when refused before it was known. */
  takenOn: string | null;
  /**
   * Cases not changed because the store holds data of theirs from a later data date (`takenOn` here: that
   * later date). Empty when the import was told to apply older data (`allowOlder`).
   */
  skippedOlder: { caseNo: string; takenOn: string }[];
  /** The mapping each file was read through (import-mapping.md); `matched`: chosen by the file's headers, not named. */
  mappings: { file: string; name: string; matched: boolean }[];
  /** The data date a mapped file's title row states (e.g. 统计截至2025年10月10日), or null. */
  titleDate: { date: string; text: string } | null;
  /** The preview: up to 200 case numbers added (or to be added). */
  addedCases: string[];
  /** The preview: up to 200 changed cases with their field-level changes (old → new, Chinese column names). */
  changes: {
    caseNo: string;
    fields: { sheet: string; column: string; personNo?: string; old: string | null; new: string | null }[];
  }[];
}

/** Where a parsed row came from: index into the import's source table, and its Excel row number. */
export interface RowRef {
  _src: number;
  _row: number;
}

export type ParsedCase = CaseRecord & RowRef;
export type ParsedPerson = PersonRecord & RowRef;
export type ParsedEvent = EventRecord & RowRef;
export type ParsedDocument = DocumentRecord & RowRef;
export type ParsedStaff = StaffRecord & RowRef;

/** One sheet of one file as read: file name, sheet name, header text as written per column key. */
export interface SourceTable {
  file: string;
  sheet: SheetName;
  headers: Record<string, string>;
  /** The worksheet's own name when it was read through a mapping (errors name it, not the target sheet). */
  label?: string;
}

/** A cell the reader flags: a formula (read by its cached value), a formula without one, or an Excel error value (#N/A …). */
export interface CellNote {
  /** 0-based column index in the row. */
  col: number;
  kind: 'formula' | 'formula-no-result' | 'error-value';
  /** The error value (#N/A) or the formula's text. */
  text: string;
}

/** One row as a reader hands it over: its number as Excel shows it, its cells, and notes on odd cells. */
export interface RowIn {
  n: number;
  cells: import('./values').Cell[];
  notes?: CellNote[];
}

/**
 * A file a reader cannot go on reading (broken zip or XML, an unclosed quote, a bad byte sequence),
 * with a Chinese message and where it happened as far as the reader knows: the sheet, the row as Excel
 * shows it, the column index. The parsers' own (English) messages never reach the user.
 */
export class ImportReadError extends Error {
  constructor(
    message: string,
    readonly at: { sheet?: string; row?: number; col?: number; column?: string } = {},
  ) {
    super(message);
    this.name = 'ImportReadError';
  }
}

export class ImportCancelled extends Error {
  constructor() {
    super('导入已取消，未写入任何数据。');
    this.name = 'ImportCancelled';
  }
}
