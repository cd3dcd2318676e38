/**
 * Validation while streaming: every row read becomes a compact typed record grouped by case
 * (a "bundle"), or one or more errors. All errors are collected (up to a cap that keeps a
 * hopeless file from eating memory), never just the first. Checks that need the store
 * (orphan child rows) run later, in plan.ts.
 */
import path from 'node:path';
import { CONCLUSIONS_BY_CATEGORY, DECISION_REASONS, normalizeCaseNo, type Category, type SheetName } from '../domain';
import { SHEET_COLUMNS, columnFor, type ColumnDef } from './columns';
import {
  cellText,
  parseBool,
  parseDate,
  parseEnum,
  parseSharedText,
  parseText,
  shownValue,
  textProblem,
  type Cell,
} from './values';
import { colName } from '../documents/spreadsheetml';
import type {
  CellNote,
  ImportErrorItem,
  ParsedCase,
  ParsedDocument,
  ParsedEvent,
  ParsedPerson,
  ParsedStaff,
  RowRef,
  SourceTable,
} from './types';

/** Everything an import holds for one case number. */
export interface Bundle {
  caseNo: string;
  case?: ParsedCase;
  /** The 案件 row that named this case, even if the row had errors (so its children are not orphans, and a second row is a duplicate). */
  caseAt?: RowRef;
  persons?: ParsedPerson[];
  events?: ParsedEvent[];
  documents?: ParsedDocument[];
  /** The case's id in the store when its row was written while reading (stream-load.ts). */
  loadId?: number;
}

/** Takes each row the collector accepts into a case's bundle, as it is accepted (stream-load.ts writes them). */
export interface RowSink {
  caseRow(b: Bundle, r: ParsedCase): void;
  child(kind: 'persons' | 'events' | 'documents', b: Bundle, r: ParsedPerson | ParsedEvent | ParsedDocument): void;
  /** A table of this sheet begins (its header row was read). */
  tableBegun(sheet: SheetName): void;
  /** A slice of the sink's deferred work, done while the reader has no rows ready; true while more is left. */
  idle(): boolean;
}

export interface Table {
  src: number;
  sheet: SheetName;
  defs: readonly ColumnDef[];
  /** Column index in the row for each def (same order as defs), -1 when the header lacks it. */
  idx: number[];
  /** A row with every field null, in the defs' order (see parseRow). */
  template: Rec;
  /** The header row's texts by column index (to name a column a reader error points at). */
  headerTexts: string[];
  /**
   * Per def, the last cell read into it without a problem and the value it gave (see parseRow): a cell equal to
   * it (mostly the one right above: a case's number on its suspects', events' and documents' rows, a department, a
   * date) is not parsed and checked again. Undefined until a value is accepted.
   */
  lastCell: Cell[];
  lastValue: unknown[];
}

/** Formula cells of one sheet of one file, for the warning that names them. */
interface FormulaCells {
  file: string;
  sheet: SheetName;
  refs: string[];
  count: number;
}
const FORMULA_REFS_LISTED = 10;

export const MAX_ERRORS = 5000;

/** The refused cells of a row that has none (one shared empty list rather than one per row). */
const NONE_FAILED: readonly string[] = [];

type Rec = Record<string, unknown>;

export class Collector {
  readonly sources: SourceTable[] = [];
  readonly bundles = new Map<string, Bundle>();
  readonly staff: ParsedStaff[] = [];
  readonly errors: ImportErrorItem[] = [];
  errorCount = 0;
  readonly warnings: string[] = [];
  readonly rows: Partial<Record<SheetName, number>> = {};
  readonly present = new Set<SheetName>();
  // Duplicate keys are found through the bundles (cases, persons) without indexes of their own: at
  // 100k cases a Map of "caseNo|personNo" strings cost 70 MB. Staff rows are few.
  private readonly staffAt = new Map<string, RowRef>();
  private readonly formulas = new Map<number, FormulaCells>();
  /** Told of every row accepted into a bundle (the first load of an empty store writes them while reading). */
  sink: RowSink | undefined;

  /** A slice of the work that can wait for a moment with no rows to take (the reader's `idle`); true while more is left. */
  idle(): boolean {
    return this.sink?.idle() ?? false;
  }

  // ---- errors -------------------------------------------------------------

  /** Every error goes through here: the value as the user can see it (control characters visible, long values cut). */
  addError(e: ImportErrorItem): void {
    this.errorCount++;
    if (this.errors.length < MAX_ERRORS) this.errors.push(e.value ? { ...e, value: shownValue(e.value) } : e);
  }

  fileError(file: string, message: string, sheet = ''): void {
    this.addError({ file: path.basename(file), sheet, row: 0, column: '', value: '', message });
  }

  /** An error on a row of a source table; `key` is the column key (its header as written is looked up). */
  rowError(src: number, row: number, key: string, value: string, message: string): void {
    const s = this.sources[src];
    const header = s.headers[key] ?? SHEET_COLUMNS[s.sheet].find((c) => c.key === key)?.header ?? key;
    this.addError({ file: s.file, sheet: s.label ?? s.sheet, row, column: header, value, message });
  }

  where(ref: RowRef): string {
    const s = this.sources[ref._src];
    return `文件 ${s.file} 工作表 ${s.label ?? s.sheet} 第 ${ref._row} 行`;
  }

  // ---- tables -------------------------------------------------------------

  /**
   * Maps a header row to the sheet's columns; reports unknown and missing required columns. A table read
   * through a mapping (core/import/mapping) passes the target headers as `headerCells` and, in `origin`,
   * the worksheet's own name and each column's header as written in the file, which errors then name.
   */
  beginTable(
    file: string,
    sheet: SheetName,
    headerRow: number,
    headerCells: Cell[],
    origin?: { sheet: string; headers: Record<string, string> },
  ): Table {
    const defs = SHEET_COLUMNS[sheet];
    const idx = defs.map(() => -1);
    const headers: Record<string, string> = {};
    const unknown: string[] = [];
    headerCells.forEach((c, i) => {
      const h = cellText(c);
      if (!h) return;
      const def = columnFor(sheet, h);
      if (!def) return void unknown.push(h);
      const k = defs.indexOf(def);
      if (idx[k] >= 0) return void unknown.push(`${h}（重复的列，已忽略）`);
      idx[k] = i;
      headers[def.key] = h;
    });
    if (origin) Object.assign(headers, origin.headers);
    this.sink?.tableBegun(sheet);
    const src = this.sources.push({ file: path.basename(file), sheet, headers, label: origin?.sheet }) - 1;
    this.present.add(sheet);
    this.rows[sheet] ??= 0;
    if (unknown.length)
      this.warnings.push(
        `文件 ${path.basename(file)} 工作表 ${sheet}：以下列未识别，已忽略：${unknown.map(shownValue).join('、')}`,
      );
    defs.forEach((d, k) => {
      if (d.required && idx[k] < 0) {
        this.addError({
          file: path.basename(file),
          sheet,
          row: headerRow,
          column: d.header,
          value: '',
          message: `缺少必需的列「${d.header}」（也可用英文列名 ${d.key}）`,
        });
      }
    });
    const template: Rec = { _src: 0, _row: 0 };
    for (const d of defs) template[d.key] = null;
    return {
      src,
      sheet,
      defs,
      idx,
      template,
      headerTexts: headerCells.map((c) => shownValue(cellText(c))),
      lastCell: defs.map(() => undefined),
      lastValue: defs.map(() => null),
    };
  }

  /** One data row. Empty rows (all cells blank) are skipped, as Excel users leave them. */
  addRow(t: Table, n: number, cells: Cell[], notes?: CellNote[]): void {
    let blank = true;
    for (let i = 0; i < cells.length; i++) {
      if (cellText(cells[i]) !== '') {
        blank = false;
        break;
      }
    }
    if (blank) return;
    this.rows[t.sheet]!++;
    const before = this.errorCount;
    const rec = this.parseRow(t, n, cells, notes);
    const bad = this.errorCount > before;
    switch (t.sheet) {
      case '案件':
        return this.addCase(rec as unknown as ParsedCase, bad);
      case '嫌疑人':
        return this.addPerson(rec as unknown as ParsedPerson, bad);
      case '流程节点':
        if (!bad && rec.caseNo != null) {
          const b = this.bundleOf(rec);
          (b.events ??= []).push(rec as unknown as ParsedEvent);
          this.sink?.child('events', b, rec as unknown as ParsedEvent);
        }
        return;
      case '文书':
        if (!bad && rec.caseNo != null) {
          const b = this.bundleOf(rec);
          (b.documents ??= []).push(rec as unknown as ParsedDocument);
          this.sink?.child('documents', b, rec as unknown as ParsedDocument);
        }
        return;
      case '人员':
        return this.addStaff(rec as unknown as ParsedStaff, bad);
    }
  }

  /**
   * Cells → typed record; one error per bad cell. Missing columns were reported once at the header.
   * Text cells are checked for control and invisible characters and their column's length limit;
   * `notes` (XLSX) flag formula cells (imported by their cached value, named in a warning), formulas
   * without a cached value and Excel error values (both refused).
   */
  private parseRow(t: Table, n: number, cells: Cell[], notes?: CellNote[]): Rec {
    // A copy of the sheet's template: every row of a sheet shares one hidden class with all its
    // fields in-object (adding 18 keys one by one could turn a row into a large dictionary object).
    const rec: Rec = { ...t.template };
    rec._src = t.src;
    rec._row = n;
    let failed: string[] | undefined; // the keys of the cells refused (an array only for a row that has some)
    for (let k = 0; k < t.defs.length; k++) {
      const d = t.defs[k];
      const i = t.idx[k];
      const raw = i >= 0 ? cells[i] : undefined;
      // Equal to the last cell accepted in this column: so is this one, with its value (a third of all cells at 100k).
      // Cells are strings, numbers, booleans and dates; a Date is reused only when it is the same object.
      if (raw !== undefined && raw === t.lastCell[k] && !notes) {
        rec[d.key] = t.lastValue[k];
        continue;
      }
      if (notes && i >= 0) {
        const note = notes.find((x) => x.col === i);
        if (note && this.cellNote(t, n, d, note)) {
          (failed ??= []).push(d.key);
          rec[d.key] = null;
          continue;
        }
      }
      let v: unknown = null;
      if (d.kind === 'text' || d.kind === 'shared' || d.kind === 'caseNo') {
        const s = cellText(raw);
        const problem = s === '' ? null : textProblem(s, d);
        if (problem) {
          this.rowError(t.src, n, d.key, s, `「${d.header}」${problem}`);
          (failed ??= []).push(d.key);
          rec[d.key] = null;
          continue;
        }
        if (d.kind === 'text') v = parseText(raw);
        else if (d.kind === 'shared') v = parseSharedText(raw);
        else v = s === '' ? null : normalizeCaseNo(parseText(raw)!);
      } else {
        const p = d.kind === 'date' ? parseDate(raw) : d.kind === 'bool' ? parseBool(raw) : parseEnum(raw, d.enum!);
        if (p.ok) v = p.value;
        else if (cellText(raw) !== '') {
          this.rowError(t.src, n, d.key, cellText(raw), d.kind === 'date' ? p.message : `「${d.header}」${p.message}`);
          (failed ??= []).push(d.key); // a value that failed to parse is not also "missing"
          v = undefined;
        }
      }
      if (v === null && d.required && i >= 0) this.rowError(t.src, n, d.key, '', `缺少必填值「${d.header}」`);
      else if (v != null && !notes) {
        t.lastCell[k] = raw;
        t.lastValue[k] = v;
      }
      rec[d.key] = v ?? null;
    }
    this.finishRow(t, rec, failed ?? NONE_FAILED, cells);
    return rec;
  }

  /** A flagged cell of a used column: true when it is refused (the caller skips the value). */
  private cellNote(t: Table, n: number, d: ColumnDef, note: CellNote): boolean {
    const ref = `${colName(note.col)}${n}`;
    if (note.kind === 'error-value') {
      this.rowError(
        t.src,
        n,
        d.key,
        note.text,
        `单元格 ${ref} 是 Excel 错误值 ${note.text}：请在 Excel 中改正后再导入`,
      );
      return true;
    }
    if (note.kind === 'formula-no-result') {
      this.rowError(
        t.src,
        n,
        d.key,
        `=${note.text}`,
        `单元格 ${ref} 是公式，但文件中没有保存它的计算结果：请在 Excel 中打开、确认计算后保存，或把公式改为数值再导入`,
      );
      return true;
    }
    let f = this.formulas.get(t.src);
    if (!f) {
      f = { file: this.sources[t.src].file, sheet: t.sheet, refs: [], count: 0 };
      this.formulas.set(t.src, f);
    }
    f.count++;
    if (f.refs.length < FORMULA_REFS_LISTED) f.refs.push(ref);
    return false;
  }

  /** Defaults and the conditional requirements of each sheet (import-format.md "Consistency checks"). */
  private finishRow(t: Table, r: Rec, failed: readonly string[], cells: Cell[]): void {
    // Errors show the cell as written (e.g. 2026/3/1), not the parsed value (cellError).
    if (t.sheet === '案件') {
      r.complex ??= false;
      r.hasVictim ??= false;
      if (r.status === '办结') {
        if (r.concludedOn == null && !failed.includes('concludedOn'))
          this.cellError(t, r, cells, 'concludedOn', '案件状态为「办结」时必须填写办结日期');
        if (r.conclusion == null && !failed.includes('conclusion'))
          this.cellError(t, r, cells, 'conclusion', '案件状态为「办结」时必须填写办结方式');
      }
      if (r.concludedOn != null && r.receivedOn != null && (r.concludedOn as string) < (r.receivedOn as string)) {
        this.cellError(t, r, cells, 'concludedOn', `办结日期早于受理日期（${r.receivedOn}）`);
      }
      if (r.conclusion != null && r.category != null) {
        const allowed = CONCLUSIONS_BY_CATEGORY[r.category as Category];
        if (!allowed.includes(r.conclusion as string))
          this.cellError(
            t,
            r,
            cells,
            'conclusion',
            `办结方式「${r.conclusion}」不适用于案件类别「${r.category}」；允许的值：${allowed.join('、')}`,
          );
      }
    } else if (t.sheet === '嫌疑人') {
      r.measure ??= '无';
      r.sentencing ??= '无';
      r.hasCounsel ??= false;
      r.plea ??= false;
      r.appealed ??= false;
      if (r.decision != null && r.decidedOn == null && !failed.includes('decidedOn'))
        this.cellError(t, r, cells, 'decidedOn', '给出审查结论时必须填写结论日期');
      const reasons = r.decision != null ? DECISION_REASONS[r.decision as string] : undefined;
      if (reasons && r.decisionReason != null && !reasons.includes(r.decisionReason as string)) {
        this.cellError(
          t,
          r,
          cells,
          'decisionReason',
          `不捕不诉理由「${r.decisionReason}」不适用于审查结论「${r.decision}」；允许的值：${reasons.join('、')}`,
        );
      }
    } else if (t.sheet === '人员') {
      r.active ??= true;
    }
  }

  /** An error on the cell of column `key` of a row, showing the cell as written. */
  private cellError(t: Table, r: Rec, cells: Cell[], key: string, msg: string): void {
    const i = t.idx[t.defs.findIndex((d) => d.key === key)];
    this.rowError(t.src, r._row as number, key, i >= 0 ? cellText(cells[i]) : '', msg);
  }

  // ---- grouping and duplicate keys -----------------------------------------

  /**
   * The row's case bundle; the row's case number becomes the bundle's string (one copy per case, not per row).
   * (Returned rather than passed to a callback: a closure per row of a million-row import costs.)
   */
  private bundleOf(rec: { caseNo: string } | Rec): Bundle {
    const caseNo = rec.caseNo as string;
    let b = this.bundles.get(caseNo);
    if (!b) {
      b = { caseNo };
      this.bundles.set(caseNo, b);
    }
    rec.caseNo = b.caseNo;
    return b;
  }

  private addCase(r: ParsedCase, bad: boolean): void {
    if (r.caseNo == null) return;
    const b = this.bundleOf(r);
    if (b.caseAt)
      return this.rowError(r._src, r._row, 'caseNo', r.caseNo, `部门受案号重复：与${this.where(b.caseAt)}相同`);
    b.caseAt = { _src: r._src, _row: r._row };
    if (!bad) {
      b.case = r;
      this.sink?.caseRow(b, r);
    }
  }

  private addPerson(r: ParsedPerson, bad: boolean): void {
    if (r.caseNo == null) return;
    const b = this.bundleOf(r);
    // A case has a handful of persons: a scan is cheaper than an index. (A duplicate of a row that
    // had errors itself is not flagged; that row's errors already refuse the import.)
    const first = r.personNo == null ? undefined : b.persons?.find((p) => p.personNo === r.personNo);
    if (first)
      return this.rowError(
        r._src,
        r._row,
        'personNo',
        r.personNo,
        `同一案件的嫌疑人编号重复：与${this.where(first)}相同`,
      );
    if (!bad) {
      (b.persons ??= []).push(r);
      this.sink?.child('persons', b, r);
    }
  }

  private addStaff(r: ParsedStaff, bad: boolean): void {
    if (r.name == null) return;
    const first = this.staffAt.get(r.name);
    if (first) {
      this.rowError(r._src, r._row, 'name', r.name, `人员姓名重复：与${this.where(first)}相同`);
      return;
    }
    this.staffAt.set(r.name, { _src: r._src, _row: r._row });
    if (!bad) this.staff.push(r);
  }

  /**
   * Frees the duplicate-key indexes once reading is done, and (`trim`) trims each case's row lists: an array
   * grown by push keeps 17+ slots for its first element, which at 100k cases × 3 lists is ~40 MB of nothing
   * while the rows are written after reading. A first load written while reading (stream-load.ts) has them written
   * already and lets go of them at its commit: the ~65 ms of trimming at 100k would only lengthen the import.
   */
  doneReading(trim = true): void {
    for (const f of this.formulas.values()) {
      this.warnings.push(
        `文件 ${f.file} 工作表 ${f.sheet}：${f.count} 个单元格是公式（${f.refs.join('、')}${f.count > f.refs.length ? ` 等` : ''}），已按文件中保存的计算结果导入，请核对`,
      );
    }
    this.formulas.clear();
    this.staffAt.clear();
    if (trim)
      for (const b of this.bundles.values()) {
        if (b.persons) b.persons = b.persons.slice();
        if (b.events) b.events = b.events.slice();
        if (b.documents) b.documents = b.documents.slice();
      }
  }
}
