/** Saved views and interface preferences (migration views). */
import type { Db } from '../store';

export interface SavedViewRow {
  id: number;
  grid: string;
  name: string;
  params_json: string;
  created_by: string;
  created_at: string;
}

export function listSavedViews(db: Db, grid?: string): SavedViewRow[] {
  return db
    .prepare('SELECT * FROM saved_views WHERE (? IS NULL OR grid = ?) ORDER BY grid, id')
    .all(grid ?? null, grid ?? null) as SavedViewRow[];
}

export function getSavedView(db: Db, grid: string, name: string): SavedViewRow | undefined {
  return db.prepare('SELECT * FROM saved_views WHERE grid = ? AND name = ?').get(grid, name) as
    SavedViewRow | undefined;
}

/** Inserts or replaces (by grid and name) a view. */
export function upsertSavedView(
  db: Db,
  v: { grid: string; name: string; paramsJson: string; createdBy: string; createdAt: string },
): void {
  db.prepare(
    `INSERT INTO saved_views(grid, name, params_json, created_by, created_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT(grid, name) DO UPDATE SET params_json = excluded.params_json, created_by = excluded.created_by,
       created_at = excluded.created_at`,
  ).run(v.grid, v.name, v.paramsJson, v.createdBy, v.createdAt);
}

export function deleteSavedView(db: Db, grid: string, name: string): number {
  return db.prepare('DELETE FROM saved_views WHERE grid = ? AND name = ?').run(grid, name).changes;
}

export function readPref(db: Db, key: string): string | undefined {
  return db.prepare('SELECT value_json FROM ui_prefs WHERE key = ?').pluck().get(key) as string | undefined;
}

export function writePref(db: Db, key: string, valueJson: string, at: string): void {
  db.prepare(
    `INSERT INTO ui_prefs(key, value_json, updated_at) VALUES (?, ?, ?)
     ON CONFLICT(key) DO UPDATE SET value_json = excluded.value_json, updated_at = excluded.updated_at`,
  ).run(key, valueJson, at);
}

export function deletePref(db: Db, key: string): void {
  db.prepare('DELETE FROM ui_prefs WHERE key = ?').run(key);
}
