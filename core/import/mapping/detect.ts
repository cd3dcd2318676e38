/**
 * What the import wizard does with a dropped file first (import-mapping.md): a saved mapping whose headers
 * it holds reads it (the wizard says which and goes on); a file in the product's own layout needs none;
 * anything else goes to the wizard, which proposes a mapping. Also the data date its title rows state.
 */
import path from 'node:path';
import type { Db } from '../../../db/store';
import { columnFor, identifySheet, sheetFor } from '../columns';
import { cellText, type Cell } from '../values';
import { findHeaderRow, sheetMatches } from './locate';
import { matchSavedMapping } from './saved';
import { guessHeaderRow } from './scan';
import { fileKind, readHeads, rowIsBlank } from './source';
import { titleDate, type TitleDate } from './title-date';

export interface Detected {
  /** The file's name as the user knows it. */
  name: string;
  /** saved: a saved mapping reads it; plain: the product's own layout; unknown: the wizard proposes one; refused: unreadable. */
  kind: 'saved' | 'plain' | 'unknown' | 'refused';
  mapping: string | null;
  message: string | null;
  titleDate: TitleDate | null;
}

export async function detectFile(db: Db, file: string, name = path.basename(file)): Promise<Detected> {
  const k = fileKind(file);
  if ('refusal' in k) return { name, kind: 'refused', mapping: null, message: k.refusal, titleDate: null };
  const heads = await readHeads(file, k.kind, 40);
  const saved = await matchSavedMapping(db, file, k.kind, heads);
  if (saved) {
    const rs = saved.sheets[0];
    const head = heads.find((h) => sheetMatches(rs.match.sheet, h));
    const header = head && findHeaderRow(rs, head.rows);
    const above = head && header ? head.rows.filter((r) => r.n < header.n) : [];
    return { name, kind: 'saved', mapping: saved.name, message: null, titleDate: titleDate(above) };
  }
  const first = heads[0];
  const headerN = first ? guessHeaderRow(first.rows) : 1;
  const title = first ? titleDate(first.rows.filter((r) => r.n < headerN)) : null;
  const firstRow = (rows: { cells: Cell[] }[]) => rows.find((r) => !rowIsBlank(r.cells))?.cells ?? [];
  // the product's own layout: a sheet it knows by name (or a CSV by its headers) with the headers on its first row
  const plain =
    k.kind === 'xlsx'
      ? heads.some((h) => {
          const sheet = sheetFor(h.name);
          return !!sheet && firstRow(h.rows).filter((c) => columnFor(sheet, cellText(c))).length >= 2;
        })
      : !!identifySheet(
          firstRow(first?.rows ?? []).map((c) => cellText(c)),
          path.basename(name, path.extname(name)),
        );
  return { name, kind: plain ? 'plain' : 'unknown', mapping: null, message: null, titleDate: title };
}
