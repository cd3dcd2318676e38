import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { tmpDir } from '../helpers/tmp';
import { openStore, schemaVersion } from '../../db/store';
import { LATEST_VERSION, MIGRATIONS } from '../../db/migrations';
import { listBackups, openStoreWithBackups, verifyBackup } from '../../core/backup';
import { integrityOk } from './fixtures/hash';

describe('a store of every earlier schema version migrates', () => {
  for (const m of MIGRATIONS.slice(0, -1)) {
    it(`from version ${m.version} (${m.name}) to ${LATEST_VERSION}, with a pre-migration backup`, () => {
      const d = tmpDir();
      const file = path.join(d, `v${m.version}.sqlite`);
      const old = openStore(file, { targetVersion: m.version });
      expect(schemaVersion(old)).toBe(m.version);
      old
        .prepare(
          `INSERT INTO cases(case_no, title, category, department, prosecutor, received_on, status) VALUES ('K1', '旧库案件', '审查起诉', '一部', '王检', '2025-03-01', '在办')`,
        )
        .run();
      old.close();
      const bdir = path.join(d, 'bk');
      const db = openStoreWithBackups(file, { backupDir: bdir });
      expect(schemaVersion(db)).toBe(LATEST_VERSION);
      expect(db.prepare('SELECT title FROM cases').get()).toEqual({ title: '旧库案件' });
      db.close();
      // Reopening is a no-op.
      openStore(file).close();
      expect(integrityOk(file)).toBe(true);
      const backups = listBackups(bdir);
      expect(backups).toHaveLength(1);
      expect(verifyBackup(backups[0].file)).toMatchObject({ ok: true, schemaVersion: m.version });
      expect(fs.existsSync(`${file}-wal`) ? fs.statSync(file).size > 0 : true).toBe(true);
    });
  }
});
