/**
 * What every handler and job is given: the store, who is acting, and the doors' hooks.
 * The clock is not here on purpose: jobs take their as-of dates as arguments.
 */
import os from 'node:os';
import type { Db } from '../db/store';
import type { Progress } from './shared/push-events';

export type { Progress };

export interface AppContext {
  db: Db;
  /** Path of the store file (backups, job child processes). */
  dbPath: string;
  /** Who acts: the OS user name in the app and CLI. */
  actor: string;
  /** Reports progress of long work; the door ties it to the request (core/shared/push-events.ts). Report `done` every N units, not every unit. */
  progress?: (p: Progress) => void;
  signal?: AbortSignal;
  /** Folder where exports (bulletins, notices, packages) go by default; the only folder browser mode serves files from. */
  exportDir?: string;
  /** Prints HTML to a PDF: Electron's printToPDF in the app, Chromium via playwright-core in the CLI and tests. */
  printPdf?: (html: string) => Promise<Buffer>;
}

export function osUser(): string {
  try {
    return os.userInfo().username || 'unknown';
  } catch {
    return process.env.USER || process.env.USERNAME || 'unknown';
  }
}
