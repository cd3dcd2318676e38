/**
 * Retention of automatic backups (settings.backupRetention, default 7 daily, 4 weekly, 12 monthly):
 * grandfather-father-son over the `daily` backups: keep the newest backup of each of the last
 * `daily` days that have one, of each of the last `weekly` ISO weeks, and of each of the last
 * `monthly` months; delete the other `daily` backups. Pre-migration backups: the newest 5 are kept.
 * Manual backups are the user's and are never deleted.
 */
import fs from 'node:fs';
import { isoWeekOf, monthOf } from '../dates';
import { listBackups, type BackupEntry } from './backup';

export interface Retention {
  daily: number;
  weekly: number;
  monthly: number;
}
export const KEEP_PRE_MIGRATE = 5;

/** Which backups to keep and which to delete (pure: for tests and a dry run). */
export function planRetention(entries: BackupEntry[], r: Retention): { keep: BackupEntry[]; remove: BackupEntry[] } {
  const newestFirst = [...entries].sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : b.seq - a.seq));
  const keep = new Set<BackupEntry>();
  const daily = newestFirst.filter((e) => e.kind === 'daily');
  const bucket = (key: (e: BackupEntry) => string, n: number) => {
    const seen = new Set<string>();
    for (const e of daily) {
      const k = key(e);
      if (seen.has(k)) continue;
      if (seen.size >= n) break;
      seen.add(k);
      keep.add(e);
    }
  };
  bucket((e) => e.date, r.daily);
  bucket((e) => isoWeekOf(e.date), r.weekly);
  bucket((e) => monthOf(e.date), r.monthly);
  newestFirst
    .filter((e) => e.kind === 'pre-migrate')
    .slice(0, KEEP_PRE_MIGRATE)
    .forEach((e) => keep.add(e));
  newestFirst.filter((e) => e.kind === 'manual' || e.kind === 'pre-restore').forEach((e) => keep.add(e));
  return { keep: newestFirst.filter((e) => keep.has(e)), remove: newestFirst.filter((e) => !keep.has(e)) };
}

/** Applies the retention to the backups of `store` in `dir` (another store's backups in the same folder are left alone). */
export function applyRetention(dir: string, r: Retention, store?: string): string[] {
  const { remove } = planRetention(listBackups(dir, store), r);
  const removed: string[] = [];
  for (const e of remove) {
    try {
      fs.rmSync(e.file, { force: true });
      removed.push(e.file);
    } catch {
      /* locked by a virus scanner: next time */
    }
  }
  return removed;
}
