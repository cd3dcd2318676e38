/**
 * File-level operations on a store or a copy of it: SQLite's online backup, VACUUM INTO, the
 * journal mode, integrity checks and WAL checkpoints. core/backup decides when and where; the
 * statements live here because all SQL lives in db/.
 */
import type { Db } from './store';

/**
 * Copies an open store to `file` with SQLite's online backup API. Large steps: a writer in another
 * process restarts a backup that copies in small steps, and with steady writes a small-step backup
 * may never finish. One step holds only a read snapshot (WAL), so writers are not blocked.
 */
export async function onlineCopy(db: Db, file: string): Promise<void> {
  await db.backup(file, { progress: () => 1_000_000 });
}

/** The same copy, synchronously (`VACUUM INTO`), for callers that cannot wait (the pre-migration hook). */
export function vacuumInto(db: Db, file: string): void {
  db.prepare('VACUUM INTO ?').run(file);
}

/**
 * Switches a connection's file to the rollback journal (a self-contained file, no -wal/-shm).
 * Needs sole access to a WAL file: throws SQLITE_BUSY while another connection has it open.
 */
export function useRollbackJournal(db: Db): void {
  db.pragma('journal_mode = DELETE');
}

/** Moves everything in the WAL into the main file and empties the WAL (a store left ready to copy or time). */
export function checkpointWal(db: Db): void {
  db.pragma('wal_checkpoint(TRUNCATE)');
}

/** `PRAGMA quick_check` or `integrity_check`: ['ok'] for a sound file, else the problems SQLite found. */
export function integrityMessages(db: Db, kind: 'quick' | 'full'): string[] {
  const rows = db.pragma(kind === 'quick' ? 'quick_check' : 'integrity_check') as Record<string, string>[];
  return rows.map((r) => String(Object.values(r)[0]));
}

export function hasTable(db: Db, name: string): boolean {
  return !!db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name);
}
