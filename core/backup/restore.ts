/**
 * Restoring the store from a backup:
 *   1. the backup is checked (opens, integrity_check, a case store, schema version ≤ this program's);
 *   2. the store being replaced must not be open elsewhere (switching it out of WAL needs sole access);
 *   3. it is kept as a revert point `<store>.before-restore-<timestamp>.sqlite` (online backup; a store
 *      too damaged for that is kept by renaming its files);
 *   4. the backup is copied beside the store (online backup), the old -wal/-shm are removed, and the
 *      copy is renamed over the store;
 *   5. the restored store is opened (older versions migrate) and the restore is written to its audit trail.
 * The caller closes its own connections to the store first.
 */
import fs from 'node:fs';
import path from 'node:path';
import { openStore, openStoreFile, schemaVersion, type Db, type OpenOptions } from '../../db/store';
import { onlineCopy, useRollbackJournal } from '../../db/maintenance';
import { recordAction } from '../audit-trail';
import { chinaTimestamp } from '../dates';
import { BackupError, verifyBackup } from './backup';
import { clearLocks } from '../../db/queries/locks';

export interface RestoreResult {
  restored: string;
  from: string;
  revertPoint: string | null;
  schemaVersion: number;
  migratedFrom: number;
}

function stamp(now: Date): string {
  const t = chinaTimestamp(now);
  return `${t.slice(0, 10).replace(/-/g, '')}-${t.slice(11, 19).replace(/:/g, '')}`;
}

function sideFiles(file: string): string[] {
  return [`${file}-wal`, `${file}-shm`, `${file}-journal`];
}

export async function restoreStore(
  dbPath: string,
  backupFile: string,
  opts: { actor?: string; now?: Date; beforeMigrate?: OpenOptions['beforeMigrate'] } = {},
): Promise<RestoreResult> {
  const store = path.resolve(dbPath);
  const src = path.resolve(backupFile);
  if (src === store) throw new BackupError('不能用案件库自身作为备份来恢复。');
  const check = verifyBackup(src);
  if (!check.ok) throw new BackupError(`无法恢复：${check.message}（当前案件库未改动）`);
  const now = opts.now ?? new Date();
  fs.mkdirSync(path.dirname(store), { recursive: true });

  // 2 + 3: the revert point.
  let revertPoint: string | null = null;
  if (fs.existsSync(store)) {
    revertPoint = `${store.replace(/\.sqlite$/i, '')}.before-restore-${stamp(now)}.sqlite`;
    for (let i = 2; fs.existsSync(revertPoint); i++)
      revertPoint = `${store.replace(/\.sqlite$/i, '')}.before-restore-${stamp(now)}-${i}.sqlite`;
    let cur: Db | undefined;
    let kept = false;
    try {
      cur = openStoreFile(store, { busyTimeoutMs: 1000 });
      try {
        useRollbackJournal(cur);
      } catch (e) {
        if ((e as { code?: string }).code === 'SQLITE_BUSY') {
          throw new BackupError(
            '案件库正被其他程序使用（例如已打开的桌面程序或正在运行的计划任务）：请先关闭它们，再恢复。当前案件库未改动。',
          );
        }
        throw e;
      }
      const tmp = `${revertPoint}.tmp-${process.pid}`;
      await onlineCopy(cur, tmp);
      fs.renameSync(tmp, revertPoint);
      kept = true;
    } catch (e) {
      if (e instanceof BackupError) throw e;
      // A store too damaged to copy through SQLite: keep its files as they are.
    } finally {
      cur?.close();
    }
    if (!kept) {
      fs.renameSync(store, revertPoint);
      for (const f of sideFiles(store)) if (fs.existsSync(f)) fs.renameSync(f, revertPoint + f.slice(store.length));
    }
  }

  // 4: copy through SQLite, then swap.
  const tmp = `${store}.restore-tmp-${process.pid}`;
  const b = openStoreFile(src, { readonly: true });
  try {
    await onlineCopy(b, tmp);
  } finally {
    b.close();
  }
  for (const f of sideFiles(store)) fs.rmSync(f, { force: true });
  fs.renameSync(tmp, store);
  for (const f of sideFiles(tmp)) fs.rmSync(f, { force: true });

  // 5
  const db = openStore(store, { beforeMigrate: opts.beforeMigrate });
  try {
    const version = schemaVersion(db);
    clearLocks(db);
    recordAction(
      db,
      opts.actor ?? 'unknown',
      'store.restore',
      store,
      { revertPoint },
      { from: src, backupSchemaVersion: check.schemaVersion },
    );
    return {
      restored: store,
      from: src,
      revertPoint,
      schemaVersion: version,
      migratedFrom: check.schemaVersion ?? version,
    };
  } finally {
    db.close();
  }
}
