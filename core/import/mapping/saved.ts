/**
 * Saved mappings (导入模板) in the store, and the choice of one for a file by its headers
 * (import-mapping.md: "every later import of the same export uses it without asking, matched by the set of
 * its headers"). A saved mapping matches a file when every sheet entry finds its worksheet and, in its
 * header row, every source header it maps. Among several, the one mapping the most headers wins (the most
 * specific), then the most recently saved.
 */
import type { Db } from '../../../db/store';
import {
  deleteMappingRow,
  getMappingRow,
  listMappingRows,
  saveMappingRow,
  touchMappingRow,
  type MappingRow,
} from '../../../db/queries/mappings';
import { recordAction } from '../../audit-trail';
import { chinaTimestamp } from '../../dates';
import { HandlerError } from '../../errors';
import { checkMapping, type MappingFile, type ResolvedMapping } from './format';
import { AUTO_HEADER_ROWS, bindHeader, findHeaderRow, sheetMatches } from './locate';
import { readHeads, type SheetHead } from './source';

export interface SavedMapping {
  name: string;
  /** Per sheet entry: the worksheet it reads and the source headers it matches. */
  sheets: { sheet: string; headers: string[] }[];
  createdAt: string;
  createdBy: string;
  updatedAt: string;
  usedAt: string | null;
}

const sheetLabel = (sel: string | number) =>
  typeof sel === 'number' ? `第 ${sel} 个工作表` : sel === '*' ? '任意 CSV 文件' : sel;

function toSaved(r: MappingRow): SavedMapping {
  const m = JSON.parse(r.mapping_json) as MappingFile;
  const headers = JSON.parse(r.headers_json) as string[][];
  return {
    name: r.name,
    sheets: m.sheets.map((s, i) => ({ sheet: sheetLabel(s.match.sheet), headers: headers[i] ?? [] })),
    createdAt: r.created_at,
    createdBy: r.created_by,
    updatedAt: r.updated_at,
    usedAt: r.used_at,
  };
}

export function listSavedMappings(db: Db): SavedMapping[] {
  return listMappingRows(db).map(toSaved);
}

/** The saved mapping file of that name, or a 404 refusal. */
export function savedMappingFile(db: Db, name: string): MappingFile {
  const r = getMappingRow(db, name);
  if (!r) throw new HandlerError(`没有名为「${name}」的导入模板`, 404);
  return JSON.parse(r.mapping_json) as MappingFile;
}

/** Resolves a saved mapping (it was checked when saved; a mapping the current rules refuse is refused again). */
export function savedMapping(db: Db, name: string): ResolvedMapping {
  const c = checkMapping(savedMappingFile(db, name));
  if (!c.ok) throw new HandlerError(c.errors.join('\n'), 400);
  return c.resolved;
}

/** Checks and stores a mapping under its name (replacing one of the same name). */
export function saveMapping(
  db: Db,
  json: unknown,
  actor: string,
): { name: string; replaced: boolean; mapping: MappingFile } {
  const c = checkMapping(json);
  if (!c.ok) throw new HandlerError(c.errors.join('\n'), 400);
  const headers = c.resolved.sheets.map((s) => s.columns.map((x) => x.source));
  const replaced = db.transaction(() => {
    const old = getMappingRow(db, c.mapping.name);
    saveMappingRow(db, {
      name: c.mapping.name,
      mappingJson: JSON.stringify(c.mapping),
      headersJson: JSON.stringify(headers),
      at: chinaTimestamp(),
      actor,
    });
    recordAction(
      db,
      actor,
      'mapping.save',
      `导入模板「${c.mapping.name}」`,
      old ? JSON.parse(old.mapping_json) : null,
      c.mapping,
    );
    return !!old;
  })();
  return { name: c.mapping.name, replaced, mapping: c.mapping };
}

export function deleteMapping(db: Db, name: string, actor: string): void {
  db.transaction(() => {
    const old = getMappingRow(db, name);
    if (!old || !deleteMappingRow(db, name)) throw new HandlerError(`没有名为「${name}」的导入模板`, 404);
    recordAction(db, actor, 'mapping.delete', `导入模板「${name}」`, JSON.parse(old.mapping_json), null);
  })();
}

export function markMappingUsed(db: Db, name: string): void {
  touchMappingRow(db, name, chinaTimestamp());
}

/** Does the file (its first rows) hold every header of every sheet entry of `rm`? */
export function mappingFits(rm: ResolvedMapping, heads: SheetHead[]): boolean {
  const used = new Set<SheetHead>();
  for (const rs of rm.sheets) {
    const head = heads.find((h) => !used.has(h) && sheetMatches(rs.match.sheet, h));
    if (!head) return false;
    used.add(head);
    const row = findHeaderRow(rs, head.rows);
    if (!row) return false;
    const b = bindHeader(rs, row.cells);
    if (b.missing.length || (rs.skip && b.skipIndex < 0)) return false;
  }
  return true;
}

/** The saved mapping that fits a file best, or null. Reads only the first rows of each sheet, and only when mappings are saved. */
export async function matchSavedMapping(
  db: Db,
  file: string,
  kind: 'xlsx' | 'csv',
  heads?: SheetHead[],
): Promise<ResolvedMapping | null> {
  const rows = listMappingRows(db);
  if (!rows.length) return null;
  const mappings = rows.flatMap((r) => {
    const c = checkMapping(JSON.parse(r.mapping_json));
    return c.ok ? [c.resolved] : [];
  });
  // a fixed header row may lie below the rows "auto" looks at
  const maxRow = Math.max(
    AUTO_HEADER_ROWS,
    ...mappings.flatMap((m) => m.sheets.map((s) => (s.match.headerRow === 'auto' ? 0 : s.match.headerRow))),
  );
  const fileHeads = heads ?? (await readHeads(file, kind, maxRow));
  let best: { rm: ResolvedMapping; size: number } | null = null;
  for (const rm of mappings) {
    if (!mappingFits(rm, fileHeads)) continue;
    const size = rm.sheets.reduce((n, s) => n + s.columns.length, 0);
    if (!best || size > best.size) best = { rm, size }; // rows come newest first: ties keep the newer
  }
  return best?.rm ?? null;
}
