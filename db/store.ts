/**
 * Opening the case store: one SQLite file (16 KiB pages when new), WAL, foreign keys, synchronous=FULL, a busy
 * timeout, a 64 MiB page cache, then the numbered migrations in one transaction. The only module that creates
 * connections (openStore for the store; openStoreFile for backup copies and the file a restore replaces).
 */
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { LATEST_VERSION, MIGRATIONS } from './migrations';

export type Db = Database.Database;

export class StoreError extends Error {
  constructor(
    message: string,
    readonly code: 'TOO_NEW' | 'NOT_A_STORE' | 'MIGRATION_FAILED' | 'CORRUPT',
  ) {
    super(message);
    this.name = 'StoreError';
  }
}

export interface OpenOptions {
  readonly?: boolean;
  /** Run pending migrations (default true). */
  migrate?: boolean;
  /** Called before pending migrations run on a store that already has data (used for the automatic pre-migration backup). */
  beforeMigrate?: (db: Db, from: number, to: number) => void;
  /** Stop migrating at this version (tests of each migration use it). */
  targetVersion?: number;
}

export function applyPragmas(db: Db, readonly = false): void {
  db.pragma('busy_timeout = 5000');
  if (!readonly) {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
  }
  db.pragma('foreign_keys = ON');
  // A 64 MiB page cache (SQLite's default is 2 MiB): the grid's counts read whole indexes of the cases (22–47 MB at a
  // million cases) and the next request reads them again; with the default cache each read is a system call per page.
  // Memory grows only as pages are read (a 10k store never fills it).
  db.pragma('cache_size = -65536');
}

export function schemaVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/**
 * The page size of a new store (SQLite's default is 4 KiB). A store holds a million cases in 2 GB, and the grid's
 * first requests read ranges of its indexes that the import wrote page by page among the rows: 16 KiB pages read such a
 * range in a quarter of the reads from a cold disk, and the import spends less CPU on fewer, fuller pages. A store
 * created with another page size keeps it (changing it rewrites the whole file). Measured: bench/README, round 8;
 * the choice: docs/DECISIONS.md.
 */
export const NEW_STORE_PAGE_SIZE = 16384;

export function openStore(file: string, opts: OpenOptions = {}): Db {
  if (!opts.readonly) fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const isNew = !opts.readonly && !(fs.existsSync(file) && fs.statSync(file).size > 0);
  let db: Db;
  try {
    db = new Database(file, { readonly: !!opts.readonly, fileMustExist: !!opts.readonly });
  } catch (e) {
    throw new StoreError(`无法打开案件库 ${file}：${(e as Error).message}`, 'NOT_A_STORE');
  }
  try {
    // Before anything is written (WAL mode writes the header): the size only applies to an empty file.
    if (isNew) db.pragma(`page_size = ${NEW_STORE_PAGE_SIZE}`);
    applyPragmas(db, opts.readonly);
    const version = schemaVersion(db);
    if (version > LATEST_VERSION) {
      throw new StoreError(
        `案件库 ${file} 的结构版本为 ${version}，高于本程序支持的版本 ${LATEST_VERSION}：它由更新版本的案件流程监控台创建，请升级本程序后再打开（库文件未作任何改动）。`,
        'TOO_NEW',
      );
    }
    if (opts.migrate !== false && !opts.readonly) migrate(db, opts);
    return db;
  } catch (e) {
    db.close();
    if (e instanceof StoreError) throw e;
    if ((e as { code?: string }).code === 'SQLITE_NOTADB') {
      throw new StoreError(`文件 ${file} 不是案件库（不是 SQLite 数据库或已损坏）。`, 'NOT_A_STORE');
    }
    throw e;
  }
}

/**
 * A connection to a SQLite file that is not being used as the open store: a backup being finished or
 * verified, the source of a restore, the store a restore replaces. No store pragmas, no migrations;
 * the file must exist. `busyTimeoutMs` waits for other connections' locks (default: fail at once).
 */
export function openStoreFile(file: string, opts: { readonly?: boolean; busyTimeoutMs?: number } = {}): Db {
  const db = new Database(file, { readonly: !!opts.readonly, fileMustExist: true });
  if (opts.busyTimeoutMs !== undefined) db.pragma(`busy_timeout = ${Math.max(0, Math.trunc(opts.busyTimeoutMs))}`);
  return db;
}

/** Runs every pending migration in one transaction; on any error the store stays at its old version. */
export function migrate(db: Db, opts: Pick<OpenOptions, 'beforeMigrate' | 'targetVersion'> = {}): number {
  const from = schemaVersion(db);
  const target = opts.targetVersion ?? LATEST_VERSION;
  const pending = MIGRATIONS.filter((m) => m.version > from && m.version <= target);
  if (pending.length === 0) return from;
  if (from > 0 && opts.beforeMigrate) opts.beforeMigrate(db, from, target);
  const run = db.transaction(() => {
    for (const m of pending) {
      db.exec(m.sql);
      db.pragma(`user_version = ${m.version}`);
    }
  });
  try {
    run.immediate();
  } catch (e) {
    throw new StoreError(
      `案件库升级失败（从版本 ${from} 到 ${target}），库未改动：${(e as Error).message}`,
      'MIGRATION_FAILED',
    );
  }
  return target;
}
