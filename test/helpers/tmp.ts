/** Temporary folders and stores for tests: real SQLite files, removed after the test file. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';
import { openStore, type Db } from '../../db/store';
import type { AppContext } from '../../core/context';

const made: string[] = [];
afterAll(() => {
  for (const d of made) fs.rmSync(d, { recursive: true, force: true });
});

export function tmpDir(prefix = 'caseflow-test-'): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  made.push(d);
  return d;
}

export function tmpStore(): { db: Db; dbPath: string; ctx: AppContext; dir: string } {
  const dir = tmpDir();
  const dbPath = path.join(dir, 'store.sqlite');
  const db = openStore(dbPath);
  return { db, dbPath, dir, ctx: { db, dbPath, actor: 'tester' } };
}
