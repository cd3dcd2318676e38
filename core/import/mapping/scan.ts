/**
 * One pass over a file for the wizard and `caseflow mappings suggest`: per sheet, its first rows (to find the
 * header row and show 20 rows as they will be read), how many rows it has, and per column the distinct
 * values below the header row (to offer a value map for every value an enumeration column cannot take).
 * Rows that look like totals (合计/总计/小计) are left out of the distinct values.
 *
 * The wizard asks again after every change to the mapping; the scan of a file (same path, size and time)
 * is kept for the next few asks, so only the first one reads the whole file.
 */
import fs from 'node:fs';
import type { AppContext } from '../../context';
import { cellText } from '../values';
import { AUTO_HEADER_ROWS } from './locate';
import { namesFor } from './synonyms';
import { readSheets, type SourceRow } from './source';

/** Rows kept per sheet: enough for a header row at 20 and the 20 rows shown under it, with room for skipped ones. */
export const HEAD_ROWS = 60;
/** Distinct values kept per column (an enumeration has a handful; a name column stops here). */
export const DISTINCT_MAX = 200;
export const TOTAL_ROW = /^(合计|总计|小计)/;

export interface ScannedSheet {
  name: string;
  position: number;
  csv: boolean;
  head: SourceRow[];
  /** The header row the distinct values were counted under (given, or guessed from the headers). */
  headerRow: number;
  /** Data rows below the header row (blank and total rows not counted). */
  rows: number;
  /** Per column index: distinct value → count (at most DISTINCT_MAX values; `full` marks a column that had more). */
  distinct: Map<string, number>[];
  full: boolean[];
  /** Columns where a total row (合计/总计/小计) was seen. */
  totals: Set<number>;
}

export interface Scan {
  sheets: ScannedSheet[];
}

/** The row (Excel number) most likely to hold the headers among the first 20: the one naming the most known columns. */
export function guessHeaderRow(head: SourceRow[]): number {
  let best = 0;
  let bestScore = -1;
  for (const r of head) {
    if (r.n > AUTO_HEADER_ROWS) break;
    let known = 0;
    let filled = 0;
    for (const c of r.cells) {
      const t = cellText(c);
      if (!t) continue;
      filled++;
      if (namesFor(t).length) known++;
    }
    if (filled < 2) continue;
    const score = known * 100 + filled;
    if (score > bestScore) {
      best = r.n;
      bestScore = score;
    }
  }
  return best || (head[0]?.n ?? 1);
}

const cache: { key: string; scan: Scan }[] = [];

/**
 * Scans `file`. `headerRows` gives the header row of a sheet by name (the wizard's choice); other sheets use
 * the guessed one.
 */
export async function scanFile(
  ctx: Pick<AppContext, 'progress' | 'signal'>,
  file: string,
  kind: 'xlsx' | 'csv',
  headerRows: Record<string, number> = {},
): Promise<Scan> {
  const st = fs.statSync(file);
  const key = JSON.stringify([file, st.size, st.mtimeMs, headerRows]);
  const hit = cache.find((c) => c.key === key);
  if (hit) return hit.scan;
  const sheets: ScannedSheet[] = [];
  let done = 0;
  for await (const s of readSheets(file, kind)) {
    const sheet: ScannedSheet = {
      name: s.name,
      position: s.position,
      csv: s.csv,
      head: [],
      headerRow: 0,
      rows: 0,
      distinct: [],
      full: [],
      totals: new Set(),
    };
    const pending: SourceRow[] = [];
    const count = (r: SourceRow) => {
      let total = false;
      let filled = false;
      for (let i = 0; i < r.cells.length; i++) {
        const t = cellText(r.cells[i]);
        if (!t) continue;
        filled = true;
        if (TOTAL_ROW.test(t)) {
          total = true;
          sheet.totals.add(i);
        }
      }
      if (!filled || total) return;
      sheet.rows++;
      for (let i = 0; i < r.cells.length; i++) {
        const t = cellText(r.cells[i]);
        if (!t) continue;
        const m = (sheet.distinct[i] ??= new Map());
        const n = m.get(t);
        if (n !== undefined) m.set(t, n + 1);
        else if (m.size < DISTINCT_MAX) m.set(t, 1);
        else sheet.full[i] = true;
      }
    };
    for await (const r of s.rows) {
      if (r.n <= HEAD_ROWS) sheet.head.push(r);
      if (!sheet.headerRow) {
        // the header row is known once the first 20 rows are in (or given)
        if (headerRows[s.name] || r.n > AUTO_HEADER_ROWS) {
          sheet.headerRow = headerRows[s.name] ?? guessHeaderRow(sheet.head);
          for (const p of pending) if (p.n > sheet.headerRow) count(p);
          pending.length = 0;
        } else {
          pending.push(r);
          continue;
        }
      }
      if (r.n > sheet.headerRow) count(r);
      if (++done % 10_000 === 0) {
        if (ctx.signal?.aborted) throw new Error('已取消');
        ctx.progress?.({ phase: '读取', done, message: s.name });
      }
    }
    if (!sheet.headerRow) {
      sheet.headerRow = headerRows[s.name] ?? guessHeaderRow(sheet.head);
      for (const p of pending) if (p.n > sheet.headerRow) count(p);
    }
    sheets.push(sheet);
  }
  const scan = { sheets };
  cache.unshift({ key, scan });
  cache.length = Math.min(cache.length, 4);
  return scan;
}

/** The header cells of a scanned sheet (empty when the row is blank or missing). */
export function headerCells(s: ScannedSheet): string[] {
  return (s.head.find((r) => r.n === s.headerRow)?.cells ?? []).map((c) => cellText(c));
}
