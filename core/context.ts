/**
 * What every handler and job is given: the store, who is acting, and the doors' hooks.
 * Jobs take their as-of dates as arguments; `now` is the door's clock for the few handlers that ask what day
 * it is for the user (e.g. the December banner about next year's holidays), so tests can set it.
 */
import os from 'node:os';
import type { Db } from '../db/store';

export interface Progress {
  phase: string;
  done?: number;
  total?: number;
  message?: string;
}

export interface AppContext {
  db: Db;
  /** Path of the store file (backups, job child processes). */
  dbPath: string;
  /** Who acts: the chosen clerk (core/operators.ts resolves it per request); the OS login only as a default. */
  actor: string;
  progress?: (p: Progress) => void;
  signal?: AbortSignal;
  /** Folder where exports (bulletins, notices, packages) go by default; the only folder browser mode serves files from. */
  exportDir?: string;
  /** Prints HTML to a PDF: Electron's printToPDF in the app, Chromium via playwright-core in the CLI and tests. */
  printPdf?: (html: string) => Promise<Buffer>;
  /** The door's clock (default: the system clock); see `clockOf`. */
  now?: () => Date;
}

/** The current instant as the door sees it. */
export function clockOf(ctx: Pick<AppContext, 'now'>): Date {
  return ctx.now ? ctx.now() : new Date();
}

export function osUser(): string {
  try {
    return os.userInfo().username || 'unknown';
  } catch {
    return process.env.USER || process.env.USERNAME || 'unknown';
  }
}
