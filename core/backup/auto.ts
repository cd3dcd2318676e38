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
  storeFileOf,
  storeKeyOf,
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
import { cleanRestoreLeftovers } from './restore';

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
): Promise<BackupResult & { removed: string[]; store: string }> {
  const dir = opts.dir ?? backupDirOf(db);
  const store = storeKeyOf(storeFileOf(db));
  ensureWritableDir(dir);
  const r = await backupStore(db, newBackupPath(dir, kind, opts.now, opts.note, store));
  const removed = applyRetention(dir, retentionOf(db), store);
  return { ...r, removed, store: storeFileOf(db) };
}

/** The scheduler's daily backup: made when the folder has no daily backup of this store of today's China date. */
export async function dailyBackupIfDue(
  db: Db,
  opts: { now: Date; dir?: string },
): Promise<(BackupResult & { removed: string[]; store: string }) | null> {
  const dir = opts.dir ?? backupDirOf(db);
  const today = chinaToday(opts.now);
  const store = storeKeyOf(storeFileOf(db));
  if (listBackups(dir, store).some((b) => b.kind === 'daily' && b.date === today)) return null;
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
  // A restore or backup killed half-way left temporary copies: remove those of processes that are gone.
  if (!opts.readonly) cleanRestoreLeftovers(file);
  let db: Db;
  try {
    db = openStore(file, {
      ...open,
      beforeMigrate: (d, from) => {
        const dir = backupDir ?? backupDirOf(d, file);
        const store = storeKeyOf(file);
        ensureWritableDir(dir);
        const r = backupStoreSync(d, newBackupPath(dir, 'pre-migrate', new Date(), `v${from}`, store));
        applyRetention(dir, retentionOf(d), store);
        onBackup?.(r.file);
      },
    });
  } catch (e) {
    const code = (e as { code?: string }).code;
    const damaged =
      (e instanceof StoreError && e.code === 'NOT_A_STORE' && fs.existsSync(file) && fs.statSync(file).size > 0) ||
      code === 'SQLITE_CORRUPT' ||
      code === 'SQLITE_NOTADB';
    if (damaged) throw corruptError(file, sqliteDamage(e), backupDir);
    throw e;
  }
  if (!opts.readonly) cleanRestoreLeftovers(file, backupDir ?? backupDirOf(db, file));
  if (check && !opts.readonly) {
    const r = quickCheck(db);
    if (!r.ok) {
      const dir = backupDir ?? backupDirOf(db, file);
      db.close();
      throw corruptError(file, `完整性检查未通过：${r.messages.slice(0, 3).join('；')}`, dir);
    }
  }
  return db;
}

/** The Chinese message for a damaged store, with the newest good backup and the restore command. */
export function corruptMessage(file: string, detail: string, backupDir?: string): string {
  const dir = backupDir ?? backupDirOf(null, file);
  const good = findNewestGoodBackup(dir, { quick: true }, storeKeyOf(file));
  const head = `案件库 ${file} 已损坏（${detail}）。`;
  if (!good) return `${head}在备份文件夹 ${dir} 中没有找到完好的备份。请勿继续写入该文件，并联系管理员。`;
  return (
    `${head}最近一个完好的备份是 ${good.name}（${good.at.slice(0, 19).replace('T', ' ')}）。\n` +
    `恢复命令：caseflow restore "${good.file}"${file ? ` --db "${path.resolve(file)}"` : ''}\n` +
    '恢复时当前的库会另存为 *.before-restore-<时间>.sqlite，不会丢失。'
  );
}

/** What SQLite said about a damaged file, in Chinese. */
function sqliteDamage(e: unknown): string {
  const code = (e as { code?: string }).code ?? '';
  if (code === 'SQLITE_NOTADB' || e instanceof StoreError) return '文件头已损坏，不是可识别的 SQLite 数据库';
  return '数据库文件已损坏';
}

function corruptError(file: string, detail: string, backupDir?: string): StoreError {
  return new StoreError(corruptMessage(file, detail, backupDir), 'CORRUPT');
}
