/**
 * Automatic backups: once per China day (by the scheduler), before every migration (the store
 * opener below), and before every restore (restore.ts keeps the replaced store). Each automatic
 * backup applies the retention of settings.backupRetention to the folder.
 */
import fs from 'node:fs';
import path from 'node:path';
import { openStore, StoreError, type Db, type OpenOptions } from '../../db/store';
import { chinaToday } from '../dates';
import { getSettings, DEFAULT_SETTINGS } from '../settings';
import {
  backupDirOf,
  backupStore,
  backupStoreSync,
  ensureWritableDir,
  findNewestGoodBackup,
  listBackups,
  newBackupPath,
  quickCheck,
  type BackupKind,
  type BackupResult,
} from './backup';
import { applyRetention, type Retention } from './retention';

function retentionOf(db: Db): Retention {
  try {
    return getSettings(db).backupRetention;
  } catch {
    return DEFAULT_SETTINGS.backupRetention;
  }
}

export async function createBackup(
  db: Db,
  kind: BackupKind,
  opts: { dir?: string; now?: Date; note?: string } = {},
): Promise<BackupResult & { removed: string[] }> {
  const dir = opts.dir ?? backupDirOf(db);
  ensureWritableDir(dir);
  const r = await backupStore(db, newBackupPath(dir, kind, opts.now, opts.note));
  const removed = applyRetention(dir, retentionOf(db));
  return { ...r, removed };
}

/** The scheduler's daily backup: made when the folder has no daily backup of today's China date. */
export async function dailyBackupIfDue(
  db: Db,
  opts: { now: Date; dir?: string },
): Promise<(BackupResult & { removed: string[] }) | null> {
  const dir = opts.dir ?? backupDirOf(db);
  const today = chinaToday(opts.now);
  if (listBackups(dir).some((b) => b.kind === 'daily' && b.date === today)) return null;
  return createBackup(db, 'daily', { dir, now: opts.now });
}

export interface OpenWithBackupsOptions extends Omit<OpenOptions, 'beforeMigrate'> {
  /** Backup folder (default: the store's settings.backupFolder or the app-data `backups` folder). */
  backupDir?: string;
  /** Run PRAGMA quick_check after opening (default true); a damaged store throws StoreError('CORRUPT'). */
  quickCheck?: boolean;
  onBackup?: (file: string) => void;
}

/**
 * openStore for the app and the CLI: a consistent backup before any migration of a store that
 * has data, and a quick_check that turns a damaged store into a clear message naming the newest
 * good backup and the restore command.
 */
export function openStoreWithBackups(file: string, opts: OpenWithBackupsOptions = {}): Db {
  const { backupDir, quickCheck: check = true, onBackup, ...open } = opts;
  let db: Db;
  try {
    db = openStore(file, {
      ...open,
      beforeMigrate: (d, from) => {
        const dir = backupDir ?? backupDirOf(d);
        ensureWritableDir(dir);
        const r = backupStoreSync(d, newBackupPath(dir, 'pre-migrate', new Date(), `v${from}`));
        applyRetention(dir, retentionOf(d));
        onBackup?.(r.file);
      },
    });
  } catch (e) {
    const code = (e as { code?: string }).code;
    const damaged =
      (e instanceof StoreError && e.code === 'NOT_A_STORE' && fs.existsSync(file) && fs.statSync(file).size > 0) ||
      code === 'SQLITE_CORRUPT' ||
      code === 'SQLITE_NOTADB';
    if (damaged) throw corruptError(file, (e as Error).message, backupDir);
    throw e;
  }
  if (check && !opts.readonly) {
    const r = quickCheck(db);
    if (!r.ok) {
      const dir = backupDir ?? backupDirOf(db);
      db.close();
      throw corruptError(file, r.messages.slice(0, 3).join('；'), dir);
    }
  }
  return db;
}

/** The Chinese message for a damaged store, with the newest good backup and the restore command. */
export function corruptMessage(file: string, detail: string, backupDir?: string): string {
  const dir = backupDir ?? backupDirOf(null);
  const good = findNewestGoodBackup(dir);
  const head = `案件库 ${file} 已损坏（${detail}）。`;
  if (!good) return `${head}在备份文件夹 ${dir} 中没有找到完好的备份。请勿继续写入该文件，并联系管理员。`;
  return (
    `${head}最近一个完好的备份是 ${good.name}（${good.at.slice(0, 19).replace('T', ' ')}）。\n` +
    `恢复命令：caseflow restore "${good.file}"${file ? ` --db "${path.resolve(file)}"` : ''}\n` +
    '恢复时当前的库会另存为 *.before-restore-<时间>.sqlite，不会丢失。'
  );
}

function corruptError(file: string, detail: string, backupDir?: string): StoreError {
  return new StoreError(corruptMessage(file, detail, backupDir), 'CORRUPT');
}
