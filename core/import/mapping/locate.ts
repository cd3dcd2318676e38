/**
 * Where a mapping's sheet entry sits in a file: which worksheet (match.sheet), which row holds the headers
 * (match.headerRow, a number or "auto"), and which column of that row each mapped header is.
 * Shared by the import (read-mapped.ts), the choice of a saved mapping (match.ts) and the wizard (inspect.ts).
 */
import path from 'node:path';
import { cellText, type Cell } from '../values';
import { headerKey, type ResolvedSheet } from './format';
import type { SourceRow } from './source';

/** "auto" looks for the header row among the first rows only (import-mapping.md: the first 20). */
export const AUTO_HEADER_ROWS = 20;

/** Does a worksheet (or CSV file) answer an entry's match.sheet? */
export function sheetMatches(sel: string | number, s: { name: string; position: number; csv: boolean }): boolean {
  if (typeof sel === 'number') return s.position === sel;
  if (s.csv) {
    if (sel === '*') return true;
    const k = headerKey(sel);
    return k === headerKey(s.name) || k === headerKey(path.basename(s.name, path.extname(s.name)));
  }
  return headerKey(sel) === headerKey(s.name);
}

/** How many of the entry's mapped headers a row names. */
export function namedHeaders(rs: ResolvedSheet, cells: Cell[]): number {
  const keys = new Set(rs.columns.map((c) => c.key));
  let n = 0;
  for (const c of cells) {
    const k = headerKey(cellText(c));
    if (k && keys.has(k)) {
      n++;
      keys.delete(k);
    }
  }
  return n;
}

/** Is `row` the entry's header row? For "auto": a row within the first 20 naming at least three mapped headers. */
export function isHeaderRow(rs: ResolvedSheet, row: SourceRow): boolean {
  const want = rs.match.headerRow;
  if (want !== 'auto') return row.n === want;
  return row.n <= AUTO_HEADER_ROWS && namedHeaders(rs, row.cells) >= Math.min(3, rs.columns.length);
}

/** True once no later row can be the header row (the rows arrive in order). */
export function pastHeaderRow(rs: ResolvedSheet, n: number): boolean {
  const want = rs.match.headerRow;
  return want === 'auto' ? n > AUTO_HEADER_ROWS : n > want;
}

export interface Binding {
  /** Source column index of each of rs.columns (same order), -1 when the header row lacks it. */
  index: number[];
  /** Mapped headers the header row lacks. */
  missing: string[];
  /** Headers of the row the entry does not list (ignored, said once as a warning). */
  unlisted: string[];
  /** Column of skipRows.column, -1 when absent or not set. */
  skipIndex: number;
  /** Header text as written, per source column index. */
  headers: string[];
}

export function bindHeader(rs: ResolvedSheet, cells: Cell[]): Binding {
  const headers = cells.map((c) => cellText(c));
  const byKey = new Map<string, number>();
  headers.forEach((h, i) => {
    const k = headerKey(h);
    if (k && !byKey.has(k)) byKey.set(k, i);
  });
  const index = rs.columns.map((c) => byKey.get(c.key) ?? -1);
  const missing = rs.columns.filter((_, i) => index[i] < 0).map((c) => c.source);
  const listed = new Set(rs.columns.map((c) => c.key));
  if (rs.skip) listed.add(rs.skip.key);
  const unlisted = headers.filter((h) => h && !listed.has(headerKey(h)));
  const skipIndex = rs.skip ? (byKey.get(rs.skip.key) ?? -1) : -1;
  return { index, missing, unlisted, skipIndex, headers };
}

/** The header row among rows read so far, or null. */
export function findHeaderRow(rs: ResolvedSheet, rows: SourceRow[]): SourceRow | null {
  for (const r of rows) if (isHeaderRow(rs, r)) return r;
  return null;
}

/** Why a sheet has no header row for the entry (a refusal naming the mapping and the key). */
export function noHeaderRowMessage(rs: ResolvedSheet): string {
  const want = rs.match.headerRow;
  return want === 'auto'
    ? `在前 ${AUTO_HEADER_ROWS} 行中找不到表头行（表头行应至少含导入模板中的 ${Math.min(3, rs.columns.length)} 个列名）`
    : `第 ${want} 行没有表头（该行为空或不存在）`;
}
