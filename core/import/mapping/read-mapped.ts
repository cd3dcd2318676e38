/**
 * Reading a file through a mapping (import-mapping.md): the layer between the readers and the import's own
 * validation. Each source row becomes, per produced sheet, a row of cells in the target columns (renamed,
 * value-mapped, constants filled in), which goes through Collector.addRow — exactly the validation of
 * import-format.md. Errors name the original file, worksheet, Excel row and header, with the cell as written.
 *
 * Speed (a mapped import of 100k cases costs at most 1.1× the plain one): the columns are resolved to
 * indexes once per sheet; per row there is one cells array per produced sheet and a Map lookup per
 * value-mapped cell, nothing else.
 *
 * Wide layout (a row per suspect, the case repeated): when a sheet entry produces 案件 together with other
 * sheets, a case's later rows in the same worksheet give no second case row; their case columns must agree
 * with the first row's (compared as parsed values, so 2025-9-28 and 2025年09月28日 agree), else an error
 * names both rows. A row whose case columns are all empty (a case's cells merged down over its suspects)
 * belongs to the case above it.
 */
import path from 'node:path';
import type { AppContext } from '../../context';
import { normalizeCaseNo, type SheetName } from '../../domain';
import type { Collector, Table } from '../collect';
import type { ColumnDef } from '../columns';
import { ImportCancelled } from '../types';
import { cellText, parseBool, parseDate, parseEnum, type Cell } from '../values';
import { caseNoSource, headerKey, type ResolvedMapping, type ResolvedSheet } from './format';
import { bindHeader, isHeaderRow, noHeaderRowMessage, pastHeaderRow, sheetMatches } from './locate';
import { readSheets, type SourceRow } from './source';
import { titleDate, type TitleDate } from './title-date';

/** A value-map lookup found nothing (memoised so each distinct value is normalised once). */
const NO_MAP = '\u0000';

/** A cell through a value map (its own copy: misses are remembered in it). */
export function mappedValue(vm: Map<string, string>, c: Cell): Cell {
  const t = cellText(c);
  if (t === '') return c;
  let r = vm.get(t);
  if (r === undefined) {
    r = vm.get(headerKey(t)) ?? NO_MAP;
    if (vm.size < 50_000) vm.set(t, r);
  }
  return r === NO_MAP ? c : r;
}

interface Produced {
  sheet: SheetName;
  table: Table;
  defs: ColumnDef[];
  /** Per target position: source column index, or -1 for a constant. */
  src: number[];
  consts: (string | null)[];
  vmaps: (Map<string, string> | null)[];
  /** Source columns whose content decides whether the row gives this sheet a row (not the shared case number). */
  own: number[];
  /** Position of the inherited 部门受案号 (wide layout), or -1. */
  inheritedCaseNo: number;
  /** Position of 部门受案号 among the target columns, or -1 (人员). */
  caseNoAt: number;
  /** Original header per target position (errors show the cell as written under it). */
  origHeader: string[];
}

export interface MappedFileResult {
  titleDate: TitleDate | null;
}

const who = (rm: ResolvedMapping) => `导入模板「${rm.name}」`;

/** Reads one file through `rm` into the collector. */
export async function readMappedFile(
  ctx: AppContext,
  col: Collector,
  file: string,
  kind: 'xlsx' | 'csv',
  rm: ResolvedMapping,
  counter: { n: number },
): Promise<MappedFileResult> {
  const base = path.basename(file);
  const used = new Set<number>();
  const ignored: string[] = [];
  const names: string[] = [];
  let found: TitleDate | null = null;
  for await (const s of readSheets(file, kind, { thread: true, idle: () => col.idle() })) {
    names.push(s.name);
    const rs = rm.sheets.find((x) => !used.has(x.index) && sheetMatches(x.match.sheet, s));
    if (!rs) {
      ignored.push(s.name);
      for await (const _ of s.rows) break; // leaves the sheet unread (its stream is closed)
      continue;
    }
    used.add(rs.index);
    const t = await readMappedSheet(ctx, col, base, s.name, s.rows, rm, rs, counter);
    found ??= t;
  }
  for (const rs of rm.sheets) {
    if (used.has(rs.index)) continue;
    col.fileError(
      file,
      `${who(rm)} sheets[${rs.index + 1}].match.sheet：文件中没有${typeof rs.match.sheet === 'number' ? `第 ${rs.match.sheet} 个工作表` : `工作表「${rs.match.sheet}」`}（本文件的工作表：${names.join('、') || '无'}）`,
    );
  }
  if (ignored.length && kind === 'xlsx')
    col.warnings.push(`文件 ${base}：以下工作表不在${who(rm)}中，已忽略：${ignored.join('、')}`);
  return { titleDate: found };
}

/** Reads one worksheet's rows through one sheet entry (the wizard feeds it a sheet's first rows). */
export async function readMappedSheet(
  ctx: Pick<AppContext, 'signal' | 'progress'>,
  col: Collector,
  file: string,
  sheetName: string,
  rows: AsyncIterable<SourceRow>,
  rm: ResolvedMapping,
  rs: ResolvedSheet,
  counter: { n: number },
): Promise<TitleDate | null> {
  const above: SourceRow[] = [];
  let produced: Produced[] | null = null;
  let skipIndex = -1;
  let refused = false;
  const wide = rs.produces.includes('案件') && rs.produces.length > 1;
  // wide layout state: the last case row seen (cells as mapped, case number) and the last case number cell
  let prevCase: Cell[] | null = null;
  let prevNo = '';
  let lastCaseNoCell: Cell = null;

  for await (const row of rows) {
    if (!produced) {
      if (refused) continue;
      if (isHeaderRow(rs, row)) {
        const b = bindHeader(rs, row.cells);
        if (b.missing.length) {
          for (const m of b.missing)
            col.addError({
              file,
              sheet: sheetName,
              row: row.n,
              column: m,
              value: '',
              message: `${who(rm)} sheets[${rs.index + 1}].columns「${m}」：表头行（第 ${row.n} 行）中没有这一列`,
            });
          refused = true;
          continue;
        }
        if (rs.skip && b.skipIndex < 0) {
          col.addError({
            file,
            sheet: sheetName,
            row: row.n,
            column: rs.skip.column,
            value: '',
            message: `${who(rm)} sheets[${rs.index + 1}].skipRows.column「${rs.skip.column}」：表头行（第 ${row.n} 行）中没有这一列`,
          });
          refused = true;
          continue;
        }
        if (b.unlisted.length)
          col.warnings.push(
            `文件 ${file} 工作表 ${sheetName}：以下列不在${who(rm)}中，已忽略：${b.unlisted.join('、')}`,
          );
        skipIndex = b.skipIndex;
        produced = bindProduced(col, file, sheetName, row.n, rm, rs, b.index, b.headers);
        continue;
      }
      if (pastHeaderRow(rs, row.n)) {
        col.addError({
          file,
          sheet: sheetName,
          row: 0,
          column: '',
          value: '',
          message: `${who(rm)} sheets[${rs.index + 1}].match.headerRow：${noHeaderRowMessage(rs)}`,
        });
        refused = true;
        continue;
      }
      above.push(row);
      continue;
    }

    const cells = row.cells;
    const n = row.n;
    if (++counter.n % 10_000 === 0) {
      if (ctx.signal?.aborted) throw new ImportCancelled();
      ctx.progress?.({ phase: '读取', done: counter.n, message: file });
    }
    if (skipIndex >= 0 && rs.skip!.re.test(cellText(cells[skipIndex]))) continue;

    let caseEmpty = false;
    for (const p of produced) {
      let any = false;
      for (let j = 0; j < p.own.length; j++) {
        if (cellText(cells[p.own[j]]) !== '') {
          any = true;
          break;
        }
      }
      if (!any) {
        if (p.sheet === '案件') caseEmpty = true;
        continue; // this sheet gets no row from it (a case without suspects: no 嫌疑人 row)
      }
      const width = p.defs.length;
      const out: Cell[] = new Array(width);
      for (let k = 0; k < width; k++) {
        const si = p.src[k];
        if (si < 0) {
          out[k] = p.consts[k];
          continue;
        }
        const vm = p.vmaps[k];
        out[k] = vm === null ? cells[si] : mappedValue(vm, cells[si]);
      }
      if (p.sheet === '案件' && wide) {
        lastCaseNoCell = out[p.caseNoAt];
        const no = cellText(lastCaseNoCell);
        const key = no === '' ? '' : normalizeCaseNo(no);
        const b = key ? col.bundles.get(key) : undefined;
        if (b?.caseAt && b.caseAt._src === p.table.src) {
          // a later row of a case already read from this sheet: no second case row, but it must agree
          if (!(prevCase && prevNo === key && sameCells(prevCase, out, p)))
            agree(col, file, sheetName, p, b, n, out, cells);
          prevCase = out;
          prevNo = key;
          continue;
        }
        prevCase = out;
        prevNo = key;
      }
      if (p.inheritedCaseNo >= 0 && caseEmpty && cellText(out[p.inheritedCaseNo]) === '')
        out[p.inheritedCaseNo] = lastCaseNoCell; // the case's cells merged down over its suspects' rows
      const before = col.errors.length;
      col.addRow(p.table, n, out);
      if (col.errors.length > before) asWritten(col, before, p, cells);
    }
  }
  if (!produced && !refused)
    col.addError({
      file,
      sheet: sheetName,
      row: 0,
      column: '',
      value: '',
      message: `${who(rm)} sheets[${rs.index + 1}].match.headerRow：${noHeaderRowMessage(rs)}`,
    });
  return titleDate(above);
}

/** One table per produced sheet, its target columns in a fixed order, each resolved to a source column or a constant. */
function bindProduced(
  col: Collector,
  file: string,
  sheetName: string,
  headerRow: number,
  rm: ResolvedMapping,
  rs: ResolvedSheet,
  index: number[],
  headers: string[],
): Produced[] {
  // 案件 first: a wide row's case decides the case number its suspects' rows may inherit
  const order = [...rs.produces].sort((a, b) => (a === '案件' ? -1 : b === '案件' ? 1 : 0));
  const out: Produced[] = [];
  for (const sheet of order) {
    const defs: ColumnDef[] = [];
    const src: number[] = [];
    const consts: (string | null)[] = [];
    const vmaps: (Map<string, string> | null)[] = [];
    const origHeader: string[] = [];
    const origin: Record<string, string> = {};
    let inheritedCaseNo = -1;
    rs.columns.forEach((c, i) => {
      if (c.target.sheet !== sheet) return;
      defs.push(c.target.def);
      src.push(index[i]);
      consts.push(null);
      const vm = rs.values.get(c.target.id);
      vmaps.push(vm ? new Map(vm) : null);
      origHeader.push(headers[index[i]]);
      origin[c.target.def.key] = headers[index[i]];
    });
    if (sheet !== '人员' && !defs.some((d) => d.key === 'caseNo')) {
      const from = caseNoSource(rs, sheet);
      if (from) {
        const i = rs.columns.indexOf(from);
        const def = from.target.def;
        inheritedCaseNo = defs.length;
        defs.push(def);
        src.push(index[i]);
        consts.push(null);
        vmaps.push(null);
        origHeader.push(headers[index[i]]);
        origin.caseNo = headers[index[i]];
      }
    }
    for (const { target, value } of rs.constants.values()) {
      if (target.sheet !== sheet) continue;
      defs.push(target.def);
      src.push(-1);
      consts.push(value);
      vmaps.push(null);
      origHeader.push('');
      origin[target.def.key] = `${target.def.header}（${who(rm)}的固定值）`;
    }
    const table = col.beginTable(
      file,
      sheet,
      headerRow,
      defs.map((d) => d.header),
      { sheet: sheetName, headers: origin },
    );
    // The columns that decide whether a row gives this sheet a row: its mapped ones, not the case number it shares.
    const own = src.filter((si, k) => si >= 0 && k !== inheritedCaseNo);
    out.push({
      sheet,
      table,
      defs,
      src,
      consts,
      vmaps,
      own: own.length ? own : src.filter((si) => si >= 0),
      inheritedCaseNo,
      caseNoAt: defs.findIndex((d) => d.key === 'caseNo'),
      origHeader,
    });
  }
  return out;
}

/** Adjacent rows of one case: the same text in every case column (the common case, no parsing). */
function sameCells(a: Cell[], b: Cell[], p: Produced): boolean {
  for (let k = 0; k < b.length; k++) if (p.src[k] >= 0 && cellText(a[k]) !== cellText(b[k])) return false;
  return true;
}

/** A case column's value as the import would store it, for comparing a repeated row with the first. */
function parsedValue(d: ColumnDef, c: Cell): unknown {
  const t = cellText(c);
  switch (d.kind) {
    case 'caseNo':
      return t === '' ? null : normalizeCaseNo(t);
    case 'date': {
      if (t === '') return null;
      const p = parseDate(c);
      return p.ok ? p.value : `\u0000${t}`;
    }
    case 'bool': {
      const p = parseBool(c);
      return p.ok ? (p.value ?? false) : `\u0000${t}`;
    }
    case 'enum': {
      const p = parseEnum(c, d.enum!);
      return p.ok ? p.value : `\u0000${t}`;
    }
    default:
      return t === '' ? null : t;
  }
}

const shown = (v: unknown): string => (v == null ? '' : v === true ? '是' : v === false ? '否' : String(v));

/** A later row of a case against the case as its first row gave it: one error per column that differs, naming both rows. */
function agree(
  col: Collector,
  file: string,
  sheetName: string,
  p: Produced,
  b: NonNullable<ReturnType<Collector['bundles']['get']>>,
  n: number,
  out: Cell[],
  cells: Cell[],
): void {
  const first = b.case as unknown as Record<string, unknown> | undefined;
  if (!first) return; // the first row had errors of its own: the import is refused already
  for (let k = 0; k < p.defs.length; k++) {
    if (p.src[k] < 0) continue;
    const d = p.defs[k];
    if (d.key === 'caseNo') continue;
    const v = parsedValue(d, out[k]);
    const was = first[d.key] ?? (d.kind === 'bool' ? false : null);
    if (v === was) continue;
    col.addError({
      file,
      sheet: sheetName,
      row: n,
      column: p.origHeader[k],
      value: cellText(cells[p.src[k]]),
      message: `同一案件（${b.caseNo}）在第 ${b.caseAt!._row} 行和第 ${n} 行的「${p.origHeader[k]}」不一致（第 ${b.caseAt!._row} 行为「${shown(was)}」）：案件的各行应相同`,
    });
  }
}

/** Errors of the row just added show the cell as it stood in the file (before its value was mapped). */
function asWritten(col: Collector, from: number, p: Produced, cells: Cell[]): void {
  for (let i = from; i < col.errors.length; i++) {
    const e = col.errors[i];
    const k = p.origHeader.indexOf(e.column);
    if (k >= 0 && p.src[k] >= 0) e.value = cellText(cells[p.src[k]]);
  }
}
