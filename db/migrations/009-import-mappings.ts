/**
 * 009: saved import mappings (导入模板, import-mapping.md). One row per mapping, by its unique name: the
 * `caseflow-mapping/1` file as saved, and the source headers of each of its sheet entries, by which a
 * later import recognises the export without being told (a file whose header row holds every header of an
 * entry matches it).
 */
export const version = 9;
export const name = 'import-mappings';
export const sql = /* sql */ `
CREATE TABLE import_mappings (
  id            INTEGER PRIMARY KEY,
  name          TEXT NOT NULL UNIQUE,
  mapping_json  TEXT NOT NULL,               -- the caseflow-mapping/1 file
  headers_json  TEXT NOT NULL,               -- [[source header, …] per sheet entry]: what the mapping matches
  created_at    TEXT NOT NULL,               -- China-time timestamp
  created_by    TEXT NOT NULL,
  updated_at    TEXT NOT NULL,
  used_at       TEXT                         -- the last import that applied it
);
`;
