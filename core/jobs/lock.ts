/**
 * One lock per job kind between processes (the desktop app, browser mode, a scheduled
 * `caseflow run-due`), kept in the store's `job_locks` table so every process sees it.
 *
 * - The owner is `pid@host`.
 * - A holder refreshes `heartbeat_at` every `heartbeatMs` while its job runs (`withJobLock`).
 * - A lock is stale, and another process takes it over, when its owner is a process of this
 *   host that no longer exists, or when its heartbeat is older than `staleMs` (default 30 min:
 *   a long synchronous audit blocks the holder's event loop and with it the heartbeat).
 * - Acquire is one IMMEDIATE transaction (read, decide, write), so two processes cannot both win.
 */
import os from 'node:os';
import type { Db } from '../../db/store';
import * as q from '../../db/queries/locks';

export const DEFAULT_STALE_MS = 30 * 60_000;
export const DEFAULT_HEARTBEAT_MS = 30_000;

export interface LockOptions {
  /** Defaults to `${process.pid}@${os.hostname()}`. */
  owner?: string;
  staleMs?: number;
  /** The clock (tests); the lock uses real time, never the scheduler's simulated `now`. */
  clock?: () => number;
  isAlive?: (pid: number) => boolean;
}

export interface Held {
  job: string;
  owner: string;
  tookOverFrom?: string;
}

export function defaultOwner(): string {
  return `${process.pid}@${os.hostname()}`;
}

export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function parseOwner(owner: string): { pid: number | null; host: string } {
  const at = owner.indexOf('@');
  const pid = Number(owner.slice(0, at));
  return { pid: at > 0 && Number.isInteger(pid) && pid > 0 ? pid : null, host: at >= 0 ? owner.slice(at + 1) : '' };
}

/** Why a held lock may be taken over, or null while its holder is alive and beating. */
export function staleReason(row: q.LockRow, opts: LockOptions = {}): string | null {
  const now = (opts.clock ?? Date.now)();
  const staleMs = opts.staleMs ?? DEFAULT_STALE_MS;
  const { pid, host } = parseOwner(row.owner);
  if (host === os.hostname() && pid != null && !(opts.isAlive ?? pidAlive)(pid))
    return `持有进程 ${row.owner} 已不存在`;
  const beat = Date.parse(row.heartbeat_at);
  if (!Number.isFinite(beat) || now - beat > staleMs)
    return `持有进程 ${row.owner} 超过 ${Math.round(staleMs / 60_000)} 分钟没有心跳`;
  return null;
}

/** Takes the job's lock, or returns null when another live process holds it. Re-entrant for the same owner. */
export function acquireLock(db: Db, job: string, opts: LockOptions = {}): Held | null {
  const owner = opts.owner ?? defaultOwner();
  const at = new Date((opts.clock ?? Date.now)()).toISOString();
  return db
    .transaction((): Held | null => {
      const row = q.getLock(db, job);
      if (!row || row.owner === owner) {
        q.upsertLock(db, job, owner, at);
        return { job, owner };
      }
      if (staleReason(row, opts) == null) return null;
      q.upsertLock(db, job, owner, at);
      return { job, owner, tookOverFrom: row.owner };
    })
    .immediate();
}

export function heartbeat(db: Db, held: Held, opts: Pick<LockOptions, 'clock'> = {}): boolean {
  return q.touchLock(db, held.job, held.owner, new Date((opts.clock ?? Date.now)()).toISOString());
}

export function releaseLock(db: Db, held: Held): void {
  q.deleteLock(db, held.job, held.owner);
}

/** Who holds a job's lock now (for messages), or undefined. */
export function lockHolder(db: Db, job: string): q.LockRow | undefined {
  return q.getLock(db, job);
}

/**
 * Runs `work` holding the job's lock, beating the heartbeat meanwhile; returns `{ acquired: false }`
 * without running it when another live process holds the lock.
 */
export async function withJobLock<T>(
  db: Db,
  job: string,
  work: () => Promise<T> | T,
  opts: LockOptions & { heartbeatMs?: number } = {},
): Promise<{ acquired: true; value: T; tookOverFrom?: string } | { acquired: false; holder?: string }> {
  const held = acquireLock(db, job, opts);
  if (!held) return { acquired: false, holder: q.getLock(db, job)?.owner };
  const timer = setInterval(() => {
    try {
      heartbeat(db, held, opts);
    } catch {
      /* busy: the next beat will do */
    }
  }, opts.heartbeatMs ?? DEFAULT_HEARTBEAT_MS);
  timer.unref();
  try {
    const value = await work();
    return { acquired: true, value, tookOverFrom: held.tookOverFrom };
  } finally {
    clearInterval(timer);
    try {
      releaseLock(db, held);
    } catch {
      /* a closed db: the lock goes stale */
    }
  }
}
