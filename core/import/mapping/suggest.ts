/**
 * A proposed mapping for a file (import-mapping.md: "the app proposes a mapping from the headers it
 * recognises"), from the names in synonyms.ts:
 *
 * - per worksheet, the header row is the row among the first 20 naming the most known columns;
 * - the sheets it produces are those at least two of its headers name without doubt (a 受案号 names a column
 *   of every case sheet, so it does not vote); a wide export names both 案件 and 嫌疑人;
 * - each header goes to the first free target of a produced sheet it names, the sheet with the most votes
 *   first (a 受案号 goes to 案件 when 案件 is produced: the other sheets inherit it);
 * - values: for each enumeration or yes/no column, the values the file holds that the column cannot take
 *   and synonyms.ts knows (羁押 → 在押);
 * - a 合计/总计/小计 row is skipped by the case-number column (or the first mapped column).
 *
 * What it cannot place is listed, per worksheet, for the user to decide.
 */
import path from 'node:path';
import { SHEETS, type SheetName } from '../../domain';
import { allowedValue, headerKey, MAPPING_FORMAT, targetFor, type MappingFile, type MappingSheet } from './format';
import { AUTO_HEADER_ROWS } from './locate';
import { headerCells, TOTAL_ROW, type Scan, type ScannedSheet } from './scan';
import { namesFor, valueSynonym, type KnownName } from './synonyms';

const SHEET_ORDER = Object.keys(SHEETS) as SheetName[];

export interface Suggestion {
  mapping: MappingFile;
  /** Headers it could not place, per worksheet (a worksheet with none it knows is listed whole). */
  unplaced: { sheet: string; headers: string[] }[];
}

/** Proposes the entry of one worksheet, or null when none of its headers is known. */
export function suggestSheet(s: ScannedSheet): { entry: MappingSheet | null; unplaced: string[] } {
  const headers = headerCells(s);
  const cands = headers.map((h) => (h ? namesFor(h) : []));
  const votes = new Map<SheetName, number>();
  for (const list of cands) {
    const sheets = new Set(list.map((c) => c.sheet));
    if (sheets.size === 1) {
      const only = list[0].sheet;
      votes.set(only, (votes.get(only) ?? 0) + 1);
    }
  }
  let produces = SHEET_ORDER.filter((x) => (votes.get(x) ?? 0) >= 2);
  if (!produces.length) {
    const top = [...votes].sort((a, b) => b[1] - a[1])[0];
    if (top) produces = [top[0]];
  }
  // the roster never rides along with case sheets (its 姓名, 部门 are other things there)
  if (produces.length > 1 && produces.includes('人员')) produces = produces.filter((x) => x !== '人员');
  const filled = headers.filter(Boolean);
  if (!produces.length) return { entry: null, unplaced: filled };

  const rank = (c: KnownName) =>
    (c.key === 'caseNo' && c.sheet === '案件' ? -1000 : 0) -
    (votes.get(c.sheet) ?? 0) * 10 +
    SHEET_ORDER.indexOf(c.sheet);
  const taken = new Set<string>();
  const columns: Record<string, string> = {};
  const colIndex: Record<string, number> = {};
  const unplaced: string[] = [];
  headers.forEach((h, i) => {
    if (!h) return;
    const options = cands[i].filter((c) => produces.includes(c.sheet)).sort((a, b) => rank(a) - rank(b));
    const pick = options.find((c) => !taken.has(`${c.sheet}.${c.header}`));
    // a child sheet's 部门受案号 is inherited from 案件's when both are produced: a second case-number column is not needed
    if (
      !pick ||
      columns[h] !== undefined ||
      (pick.key === 'caseNo' && pick.sheet !== '案件' && taken.has('案件.部门受案号'))
    ) {
      unplaced.push(h);
      return;
    }
    const id = `${pick.sheet}.${pick.header}`;
    taken.add(id);
    columns[h] = id;
    colIndex[h] = i;
  });

  const values: Record<string, Record<string, string>> = {};
  for (const [h, id] of Object.entries(columns)) {
    const t = targetFor(id)!;
    if (t.def.kind !== 'enum' && t.def.kind !== 'bool') continue;
    for (const v of s.distinct[colIndex[h]]?.keys() ?? []) {
      if (allowedValue(t, v).ok) continue;
      const to = valueSynonym(t.def.key, v);
      if (to !== undefined) (values[id] ??= {})[v] = to;
    }
  }

  const caseNoHeader = Object.entries(columns).find(([, id]) => targetFor(id)!.def.key === 'caseNo')?.[0];
  const totalsAt = [...s.totals].map((i) => headers[i]).filter(Boolean);
  const skipColumn = caseNoHeader && s.totals.size ? caseNoHeader : totalsAt.find((h) => columns[h] !== undefined);
  const entry: MappingSheet = {
    match: { sheet: s.csv ? '*' : s.name, headerRow: autoFinds(s, columns) ? 'auto' : s.headerRow },
    produces,
    columns,
    ...(Object.keys(values).length ? { values } : {}),
    ...(skipColumn ? { skipRows: { column: skipColumn, pattern: TOTAL_ROW.source } } : {}),
  };
  return { entry, unplaced };
}

/** Would "auto" find the same header row (the first of the first 20 naming three mapped headers)? */
function autoFinds(s: ScannedSheet, columns: Record<string, string>): boolean {
  const keys = new Set(Object.keys(columns).map(headerKey));
  const need = Math.min(3, keys.size);
  for (const r of s.head) {
    if (r.n > AUTO_HEADER_ROWS) return false;
    let n = 0;
    const seen = new Set<string>();
    for (const c of r.cells) {
      const k = headerKey(String(c ?? ''));
      if (keys.has(k) && !seen.has(k)) {
        seen.add(k);
        n++;
      }
    }
    if (n >= need) return r.n === s.headerRow;
  }
  return false;
}

export function suggestMapping(scan: Scan, file: string, name?: string): Suggestion {
  const sheets: MappingSheet[] = [];
  const unplaced: Suggestion['unplaced'] = [];
  for (const s of scan.sheets) {
    const { entry, unplaced: left } = suggestSheet(s);
    if (entry) sheets.push(entry);
    if (left.length) unplaced.push({ sheet: s.name, headers: left });
  }
  return {
    mapping: {
      format: MAPPING_FORMAT,
      name: name ?? path.basename(file, path.extname(file)),
      sheets,
    },
    unplaced,
  };
}
