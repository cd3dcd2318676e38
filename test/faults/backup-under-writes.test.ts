import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { tmpStore } from '../helpers/tmp';
import { backupStore, restoreStore } from '../../core/backup';
import { integrityOk, tableHashes } from './fixtures/hash';

describe('backup while another process writes', () => {
  it('every backup is whole (each case with its 3 persons) and restores to the same content', async () => {
    const { db, dbPath, dir } = tmpStore();
    const child = spawn(process.execPath, ['-r', 'tsx/cjs', path.join(__dirname, 'fixtures/writer.ts'), dbPath], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
    const files: string[] = [];
    try {
      for (let i = 0; i < 8; i++) {
        await new Promise((r) => setTimeout(r, 150));
        const r = await backupStore(db, path.join(dir, `under-writes-${i}.sqlite`));
        files.push(r.file);
      }
    } finally {
      child.kill('SIGKILL');
    }
    const counts: number[] = [];
    for (const f of files) {
      expect(integrityOk(f)).toBe(true);
      const b = new Database(f, { readonly: true });
      const { c } = b.prepare('SELECT count(*) AS c FROM cases').get() as { c: number };
      const { p } = b.prepare('SELECT count(*) AS p FROM persons').get() as { p: number };
      b.close();
      expect(p).toBe(3 * c);
      counts.push(c);
    }
    // The writer made progress between backups: they are distinct snapshots.
    expect(counts[counts.length - 1]).toBeGreaterThan(counts[0]);
    db.close();
    // Restore the last backup in place of the store the writer was using.
    const last = files[files.length - 1];
    const r = await restoreStore(dbPath, last, { actor: 'fault-test' });
    expect(integrityOk(dbPath)).toBe(true);
    const skip = { skipTables: ['audit_trail'] };
    expect(tableHashes(dbPath, skip)).toEqual(tableHashes(last, skip));
    expect(integrityOk(r.revertPoint!)).toBe(true);
  }, 120_000);
});
