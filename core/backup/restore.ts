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
 *
 * A restore killed half-way leaves its temporary copies beside the store (`<store>.restore-tmp-<pid>`,
 * `<revert point>.tmp-<pid>`, with their journals); cleanRestoreLeftovers() removes those of processes
 * that are gone, at the next open of the store (openStoreWithBackups) and before the next restore.
 */
import fs from 'node:fs';
import path from 'node:path';
import { openStore, openStoreFile, schemaVersion, type Db, type OpenOptions } from '../../db/store';
import { onlineCopy, useRollbackJournal } from '../../db/maintenance';
import { recordAction } from '../audit-trail';
import { chinaTimestamp } from '../dates';
import { BackupError, storeKeyOf, verifyBackup } from './backup';
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

/** True when a process with this id is running (EPERM: it runs, as another user). */
function processAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const SIDE = '(?:-journal|-wal|-shm)?';
const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Removes what killed restores and backups of this store left behind: `<store>.restore-tmp-<pid>`,
 * `<store>.before-restore-….sqlite.tmp-<pid>` (beside the store) and `<store>-….sqlite.tmp-<pid>-…`
 * (in its backup folder, when given), each with its -journal/-wal/-shm, when process <pid> is gone.
 * Returns the files removed.
 */
export function cleanRestoreLeftovers(dbPath: string, backupDir?: string): string[] {
  const store = path.resolve(dbPath);
  const base = path.basename(store);
  const stem = base.replace(/\.sqlite$/i, '');
  const beside = new RegExp(
    `^(?:${escapeRe(base)}\\.restore-tmp-(\\d+)|${escapeRe(stem)}\\.before-restore-[\\d-]+\\.sqlite\\.tmp-(\\d+))${SIDE}$`,
  );
  const inBackups = new RegExp(
    `^${escapeRe(storeKeyOf(store))}-\\d{8}-\\d{6}.*\\.sqlite\\.tmp-(\\d+)-[0-9a-z]+${SIDE}$`,
  );
  const removed: string[] = [];
  const sweep = (dir: string, re: RegExp) => {
    let names: string[];
    try {
      names = fs.readdirSync(dir);
    } catch {
      return;
    }
    for (const name of names) {
      const m = re.exec(name);
      if (!m) continue;
      const pid = Number(m[1] ?? m[2]);
      if (processAlive(pid)) continue;
      try {
        fs.rmSync(path.join(dir, name), { force: true });
        removed.push(path.join(dir, name));
      } catch {
        /* locked: next time */
      }
    }
  };
  sweep(path.dirname(store), beside);
  if (backupDir) sweep(backupDir, inBackups);
  return removed;
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
  cleanRestoreLeftovers(store);

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
