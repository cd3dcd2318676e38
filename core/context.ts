/**
 * What every handler and job is given: the store, who is acting, and the doors' hooks.
 * Jobs take their as-of dates as arguments; the one thing they may ask of the clock is what day "today" is,
 * and only through `todayOf(ctx)`, which reads the door's clock (`now`): the CLI and the app hand in the
 * machine's clock, the scheduler its own `now`, tests a fixed instant.
 */
import os from 'node:os';
import type { Db } from '../db/store';
import type { PathAccess } from './security/path-guard';
import { chinaToday, type IsoDate } from './dates';
import type { Progress } from './shared/push-events';

export type { Progress };

export interface AppContext {
  db: Db;
  /** Path of the store file (backups, job child processes). */
  dbPath: string;
  /** Who acts: the chosen clerk (core/operators.ts resolves it per request); the OS login only as a default. */
  actor: string;
  /** Reports progress of long work; the door ties it to the request (core/shared/push-events.ts). Report `done` every N units, not every unit. */
  progress?: (p: Progress) => void;
  signal?: AbortSignal;
  /** Folder where exports (bulletins, notices, packages) go by default; the only folder browser mode serves files from. */
  exportDir?: string;
  /**
   * How handlers may reach files (core/security/path-guard.ts): the door's picked files and uploads,
   * or `userShell` for the CLI. Absent = confined to the chosen folders.
   */
  access?: PathAccess;
  /** Prints HTML to a PDF: Electron's printToPDF in the app, Chromium via playwright-core in the CLI and tests. */
  printPdf?: (html: string) => Promise<Buffer>;
  /**
   * The door's clock: the instant "now" is for this request. Used to refuse a date or period that has not ended
   * yet (rules.md), to propose today as an import's data date, and for what the user is told about today (the
   * deadline calendar's days left, the December banner). Absent: the machine's clock.
   */
  now?: () => Date;
}

/** The instant "now" for this context (the door's clock; the machine's when the door gives none). */
export function nowOf(ctx: Pick<AppContext, 'now'>): Date {
  return ctx.now ? ctx.now() : new Date();
}

/** Today's date in China for this context (the door's clock). */
export function todayOf(ctx: Pick<AppContext, 'now'>): IsoDate {
  return chinaToday(nowOf(ctx));
}

export function osUser(): string {
  try {
    return os.userInfo().username || 'unknown';
  } catch {
    return process.env.USER || process.env.USERNAME || 'unknown';
  }
}
