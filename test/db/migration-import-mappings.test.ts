/**
 * The import-mappings migration: a store of the version before gets the saved-mappings table, empty, with
 * names unique; the case data it held is untouched (the generic data test covers every table too).
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../db/migrations';
import { openStore, schemaVersion } from '../../db/store';
import { getMappingRow, listMappingRows, saveMappingRow } from '../../db/queries/mappings';
import { tmpDir } from '../helpers/tmp';

const m = MIGRATIONS.find((x) => x.name === 'import-mappings')!;

describe(`migration ${m?.version}-import-mappings`, () => {
  it('adds the saved-mappings table to a store of the version before, names unique', () => {
    const file = path.join(tmpDir(), 'before.sqlite');
    const before = openStore(file, { targetVersion: m.version - 1 });
    expect(before.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'import_mappings'").pluck().get()).toBe(0);
    before.prepare("INSERT INTO settings(key, value) VALUES ('office', '\"某院\"')").run();
    before.close();
    const db = openStore(file, { targetVersion: m.version });
    expect(schemaVersion(db)).toBe(m.version);
    expect(listMappingRows(db)).toEqual([]);
    expect(db.prepare("SELECT value FROM settings WHERE key = 'office'").pluck().get()).toBe('"某院"');
    const row = {
      name: '导出',
      mappingJson: '{"format":"caseflow-mapping/1"}',
      headersJson: '[["受案号"]]',
      at: '2025-10-10T09:00:00+08:00',
      actor: 'a',
    };
    saveMappingRow(db, row);
    saveMappingRow(db, { ...row, mappingJson: '{"v":2}', at: '2025-10-11T09:00:00+08:00', actor: 'b' });
    expect(listMappingRows(db)).toHaveLength(1);
    expect(getMappingRow(db, '导出')).toMatchObject({
      mapping_json: '{"v":2}',
      created_at: '2025-10-10T09:00:00+08:00',
      created_by: 'a',
      updated_at: '2025-10-11T09:00:00+08:00',
      used_at: null,
    });
    expect(() =>
      db
        .prepare(
          "INSERT INTO import_mappings (name, mapping_json, headers_json, created_at, created_by, updated_at) VALUES ('导出', '', '', '', '', '')",
        )
        .run(),
    ).toThrow(/UNIQUE/);
    db.close();
  });
});
