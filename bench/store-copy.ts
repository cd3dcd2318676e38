/** A throwaway copy of a prepared store for the tasks that write to it (the audit, the documents of an inspection). */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openStore } from '../db/store';
import type { AppContext } from '../core/context';

export function tmpStoreCopy(src: string): { ctx: AppContext; cleanup: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'caseflow-bench-'));
  const dbPath = path.join(dir, 'store.sqlite');
  fs.copyFileSync(src, dbPath);
  const db = openStore(dbPath);
  return {
    ctx: { db, dbPath, actor: 'bench' },
    cleanup: () => {
      db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
