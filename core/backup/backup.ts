/**
 * Consistent backups of the case store while it is in use.
 *
 * - `backupStore` uses SQLite's online backup API (better-sqlite3 `db.backup`) into a temporary file
 *   beside the target, switches the copy to a self-contained rollback-journal file (no -wal/-shm),
 *   verifies it with `PRAGMA integrity_check`, and only then renames it into place. A WAL store's
 *   main file is never copied as a file: without its -wal it is not the store.
 * - `backupStoreSync` (for the synchronous `beforeMigrate` hook) does the same with `VACUUM INTO`.
 * - Backups are per store: they live in the store's backup folder (settings.backupFolder, else a
 *   `backups` folder beside the store: the default store's is the app-data `backups` folder, and a
 *   `--db` store's never is) and are named after the store's file, `<store>-YYYYMMDD-HHMMSS-<kind>[-<note>].sqlite`
 *   in China time (the default store `caseflow.sqlite` → `caseflow-…`). Listing, retention and the
 *   restore list see only the backups of their own store, even when two stores share a folder.
 */
import fs from 'node:fs';
import path from 'node:path';
import { openStoreFile, schemaVersion, type Db } from '../../db/store';
import { hasTable, integrityMessages, onlineCopy, useRollbackJournal, vacuumInto } from '../../db/maintenance';
import { clearLocks } from '../../db/queries/locks';
import { LATEST_VERSION } from '../../db/migrations';
import { chinaTimestamp } from '../dates';
import { getSettings } from '../settings';

export type BackupKind = 'daily' | 'pre-migrate' | 'pre-restore' | 'manual';

export class BackupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BackupError';
  }
}

export interface BackupResult {
  file: string;
  bytes: number;
  schemaVersion: number;
}

function tmpBeside(file: string): string {
  return `${file}.tmp-${process.pid}-${Date.now().toString(36)}`;
}

function removeQuietly(file: string): void {
  for (const f of [file, `${file}-journal`, `${file}-wal`, `${file}-shm`]) {
    try {
      fs.rmSync(f, { force: true });
    } catch {
      /* nothing to remove */
    }
  }
}

/** Makes a copied store self-contained, checks it, returns its schema version; throws BackupError when bad. */
function finishCopy(tmp: string): number {
  const copy = openStoreFile(tmp);
  try {
    useRollbackJournal(copy);
    // Job locks belong to the processes of the store they were taken in, never to a copy.
    if (hasTable(copy, 'job_locks')) clearLocks(copy);
    const bad = integrityMessages(copy, 'full').filter((s) => s !== 'ok');
    if (bad.length) throw new BackupError(`备份文件校验失败（integrity_check）：${bad.slice(0, 3).join('；')}`);
    return schemaVersion(copy);
  } finally {
    copy.close();
  }
}

function checkTarget(outFile: string): void {
  const dir = path.dirname(path.resolve(outFile));
  ensureWritableDir(dir);
}

/** Online backup of an open store to `outFile` (replaced atomically when it exists). */
export async function backupStore(db: Db, outFile: string): Promise<BackupResult> {
  // In large steps, so writers in other processes neither block it nor keep restarting it (db/maintenance.ts).
  return writeVerified(outFile, (tmp) => onlineCopy(db, tmp));
}

/** The same, synchronously (`VACUUM INTO`), for the synchronous pre-migration hook. */
export function backupStoreSync(db: Db, outFile: string): BackupResult {
  return writeVerified(outFile, (tmp) => vacuumInto(db, tmp));
}

/**
 * Writes a copy to a temp file beside `outFile` with `copy`, makes it a self-contained checked store
 * (finishCopy), then renames it into place; on any failure the temp file goes and `outFile` is untouched.
 */
function writeVerified(outFile: string, copy: (tmp: string) => void): BackupResult;
function writeVerified(outFile: string, copy: (tmp: string) => Promise<void>): Promise<BackupResult>;
function writeVerified(
  outFile: string,
  copy: (tmp: string) => void | Promise<void>,
): BackupResult | Promise<BackupResult> {
  checkTarget(outFile);
  const tmp = tmpBeside(outFile);
  const fail = (e: unknown): never => {
    removeQuietly(tmp);
    if (e instanceof BackupError) throw e;
    throw new BackupError(`备份失败（${outFile}）：${ioReason(e)}`);
  };
  const finish = (): BackupResult => {
    const schemaVersion = finishCopy(tmp);
    fs.renameSync(tmp, outFile);
    return { file: path.resolve(outFile), bytes: fs.statSync(outFile).size, schemaVersion };
  };
  try {
    const r = copy(tmp);
    if (r instanceof Promise) return r.then(finish).catch(fail);
    return finish();
  } catch (e) {
    return fail(e);
  }
}

export interface CheckResult {
  ok: boolean;
  messages: string[];
}

/** `PRAGMA quick_check` on the open store (run at start). */
export function quickCheck(db: Db): CheckResult {
  try {
    const msgs = integrityMessages(db, 'quick');
    return { ok: msgs.length === 1 && msgs[0] === 'ok', messages: msgs };
  } catch (e) {
    return { ok: false, messages: [(e as Error).message] };
  }
}

export interface BackupCheck {
  ok: boolean;
  schemaVersion: number | null;
  message: string;
}

/** Why a file could not be written, in Chinese (the system's message is English and a code). */
function ioReason(e: unknown): string {
  const code = (e as { code?: string }).code ?? '';
  if (code === 'ENOSPC' || code === 'SQLITE_FULL') return '磁盘空间不足';
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS' || code.startsWith('SQLITE_READONLY'))
    return '没有写入权限';
  if (code === 'EBUSY' || code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) return '文件正被占用';
  return '写入时出错，请稍后重试';
}

/** A SQLite error in Chinese (its own text is English and says nothing more to a user). */
function sqliteReason(e: unknown): string {
  const code = (e as { code?: string }).code ?? '';
  if (code === 'SQLITE_NOTADB') return '不是案件库文件（不是 SQLite 数据库）';
  if (code.startsWith('SQLITE_CORRUPT')) return '文件已损坏';
  if (code.startsWith('SQLITE_CANTOPEN') || code === 'EACCES' || code === 'EPERM') return '无法打开（没有读取权限）';
  return '无法作为案件库打开';
}

/** Opens a backup read-only and checks it is a whole case store this program can open. */
export function verifyBackup(file: string, opts: { quick?: boolean } = {}): BackupCheck {
  if (!fs.existsSync(file)) return { ok: false, schemaVersion: null, message: `备份文件不存在：${file}` };
  let b: Db | undefined;
  try {
    b = openStoreFile(file, { readonly: true });
    const version = schemaVersion(b);
    const msgs = integrityMessages(b, opts.quick ? 'quick' : 'full');
    if (!(msgs.length === 1 && msgs[0] === 'ok'))
      return { ok: false, schemaVersion: version, message: `备份文件已损坏：${msgs.slice(0, 3).join('；')}` };
    if (version < 1 || !hasTable(b, 'cases'))
      return { ok: false, schemaVersion: version, message: `文件 ${file} 不是案件库的备份` };
    if (version > LATEST_VERSION) {
      return {
        ok: false,
        schemaVersion: version,
        message: `备份的结构版本为 ${version}，高于本程序支持的版本 ${LATEST_VERSION}：它来自更新版本的程序，请先升级本程序`,
      };
    }
    return { ok: true, schemaVersion: version, message: 'ok' };
  } catch (e) {
    return { ok: false, schemaVersion: null, message: `无法读取备份文件 ${file}：${sqliteReason(e)}` };
  } finally {
    b?.close();
  }
}

// ---- the backup folder -------------------------------------------------------

/** Creates the folder when missing and proves it writable; throws a BackupError in Chinese otherwise. */
export function ensureWritableDir(dir: string): void {
  try {
    fs.mkdirSync(dir, { recursive: true });
    const probe = path.join(dir, `.caseflow-write-test-${process.pid}`);
    fs.writeFileSync(probe, 'ok');
    fs.rmSync(probe, { force: true });
  } catch (e) {
    throw new BackupError(
      `备份文件夹 ${dir} 不可写（${(e as NodeJS.ErrnoException).code ?? (e as Error).message}）：请在“设置”中另选一个可写的备份文件夹，或请管理员检查该文件夹的权限。`,
    );
  }
}

/** The file a connection has open (better-sqlite3 keeps the path it was opened with). */
export function storeFileOf(db: Db): string {
  return path.resolve(db.name);
}

/** The default backup folder of a store: `backups` beside it. */
export function defaultBackupDirFor(storeFile: string): string {
  return path.join(path.dirname(path.resolve(storeFile)), 'backups');
}

/** The store's part of its backups' names: its file name without the extension, safe for a file name. */
export function storeKeyOf(storeFile: string): string {
  const base = path.basename(storeFile).replace(/\.(sqlite3?|db)$/i, '');
  return base.replace(/[\\/:*?"<>|\s]/g, '_') || 'caseflow';
}

/**
 * settings.backupFolder, else `backups` beside the store (also for stores too old to have settings).
 * `storeFile` names the store when there is no open connection (a damaged store).
 */
export function backupDirOf(db: Db | null, storeFile?: string): string {
  if (db) {
    try {
      const s = getSettings(db);
      if (s.backupFolder) return path.resolve(s.backupFolder);
    } catch {
      /* no settings table yet */
    }
  }
  return defaultBackupDirFor(storeFile ?? (db ? storeFileOf(db) : 'caseflow.sqlite'));
}

const NAME_RE = /^(.+?)-(\d{8})-(\d{6})(?:-(\d+))?-(daily|pre-migrate|pre-restore|manual)(?:-([\w.-]+))?\.sqlite$/;

export interface BackupEntry {
  file: string;
  name: string;
  /** The store it is a backup of (storeKeyOf). */
  store: string;
  kind: BackupKind;
  at: string;
  date: string;
  seq: number;
  bytes: number;
  note: string | null;
}

/** `caseflow-20261122-083000-daily.sqlite` (store `caseflow`), China time. */
export function backupFileName(kind: BackupKind, now: Date = new Date(), note?: string, store = 'caseflow'): string {
  const ts = chinaTimestamp(now); // 2026-11-22T08:30:00+08:00
  const stamp = `${ts.slice(0, 4)}${ts.slice(5, 7)}${ts.slice(8, 10)}-${ts.slice(11, 13)}${ts.slice(14, 16)}${ts.slice(17, 19)}`;
  return `${store}-${stamp}-${kind}${note ? `-${note.replace(/[^\w.-]/g, '_')}` : ''}.sqlite`;
}

/** A free path for a new backup of `store` in `dir` (adds a counter when a backup of the same second exists). */
export function newBackupPath(
  dir: string,
  kind: BackupKind,
  now: Date = new Date(),
  note?: string,
  store = 'caseflow',
): string {
  const name = backupFileName(kind, now, note, store);
  const head = `${store}-`.length + 15; // "<store>-YYYYMMDD-HHMMSS"
  let file = path.join(dir, name);
  for (let i = 2; fs.existsSync(file); i++) file = path.join(dir, `${name.slice(0, head)}-${i}${name.slice(head)}`);
  return file;
}

export function parseBackupName(name: string): Omit<BackupEntry, 'file' | 'bytes'> | null {
  const m = NAME_RE.exec(name);
  if (!m) return null;
  const [, store, d, t, n, kind, note] = m;
  const date = `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 8)}`;
  return {
    name,
    store,
    kind: kind as BackupKind,
    date,
    at: `${date}T${t.slice(0, 2)}:${t.slice(2, 4)}:${t.slice(4, 6)}+08:00`,
    seq: n ? +n : 1,
    note: note ?? null,
  };
}

/** The backups in `dir` (of `store` only, when given), newest first. */
export function listBackups(dir: string, store?: string): BackupEntry[] {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return [];
  }
  const out: BackupEntry[] = [];
  for (const name of names) {
    const p = parseBackupName(name);
    if (!p || (store !== undefined && p.store !== store)) continue;
    const file = path.join(dir, name);
    try {
      out.push({ ...p, file, bytes: fs.statSync(file).size });
    } catch {
      /* removed meanwhile */
    }
  }
  return out.sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : b.seq - a.seq));
}

/** The newest backup (of `store`, when given) in `dir` that passes a check, or null. */
export function findNewestGoodBackup(
  dir: string,
  opts: { quick?: boolean } = { quick: true },
  store?: string,
): BackupEntry | null {
  for (const b of listBackups(dir, store)) if (verifyBackup(b.file, opts).ok) return b;
  return null;
}
