/** Saved import mappings (导入模板): the table of migration 009-import-mappings. */
import type { Db } from '../store';

export interface MappingRow {
  id: number;
  name: string;
  mapping_json: string;
  headers_json: string;
  created_at: string;
  created_by: string;
  updated_at: string;
  used_at: string | null;
}

export function listMappingRows(db: Db): MappingRow[] {
  return db.prepare('SELECT * FROM import_mappings ORDER BY updated_at DESC, id DESC').all() as MappingRow[];
}

export function getMappingRow(db: Db, name: string): MappingRow | undefined {
  return db.prepare('SELECT * FROM import_mappings WHERE name = ?').get(name) as MappingRow | undefined;
}

/** Inserts the mapping of that name, or replaces its content. */
export function saveMappingRow(
  db: Db,
  m: { name: string; mappingJson: string; headersJson: string; at: string; actor: string },
): void {
  db.prepare(
    `INSERT INTO import_mappings (name, mapping_json, headers_json, created_at, created_by, updated_at)
     VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT(name) DO UPDATE SET mapping_json = excluded.mapping_json, headers_json = excluded.headers_json,
       updated_at = excluded.updated_at`,
  ).run(m.name, m.mappingJson, m.headersJson, m.at, m.actor, m.at);
}

export function deleteMappingRow(db: Db, name: string): boolean {
  return db.prepare('DELETE FROM import_mappings WHERE name = ?').run(name).changes > 0;
}

export function touchMappingRow(db: Db, name: string, at: string): void {
  db.prepare('UPDATE import_mappings SET used_at = ? WHERE name = ?').run(at, name);
}
