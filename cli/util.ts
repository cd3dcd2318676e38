/** What every CLI command shares: errors with exit codes, opening the store, JSON output. */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { Db } from '../db/store';
import { openStoreWithBackups } from '../core/backup/auto';
import { defaultStorePath } from '../core/paths';
import { osUser, type AppContext } from '../core/context';

/** Exit 1: the input was refused (cli.md). Anything else thrown is exit 2. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: 1 | 2 = 1,
  ) {
    super(message);
  }
}

export interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
}

export const stdio: Io = {
  out: (s) => process.stdout.write(s.endsWith('\n') ? s : s + '\n'),
  err: (s) => process.stderr.write(s.endsWith('\n') ? s : s + '\n'),
};

export function printJson(io: Io, value: unknown): void {
  io.out(JSON.stringify(value, null, 2));
}

type Options = NonNullable<ParseArgsConfig['options']>;

/** parseArgs with the global `--db` and `--json` options, and Chinese messages for bad flags. */
export function parse<O extends Options>(args: string[], options: O, allowPositionals = false) {
  try {
    return parseArgs({
      args,
      options: { db: { type: 'string' }, json: { type: 'boolean' }, ...options },
      allowPositionals,
      strict: true,
    });
  } catch (e) {
    throw new CliError(`参数有误：${(e as Error).message}`);
  }
}

export function storePath(values: { db?: string | boolean | unknown }): string {
  return typeof values.db === 'string' && values.db ? values.db : defaultStorePath();
}

/**
 * Opens the store for a command: a backup before any migration, and `PRAGMA quick_check` (a damaged
 * store is refused with the newest good backup and the exact restore command in the message).
 */
export function openForCli(values: { db?: unknown }): { db: Db; ctx: AppContext } {
  const dbPath = storePath(values as { db?: string });
  const db = openStoreWithBackups(dbPath, { onBackup: (f) => stdio.err(`升级前已备份案件库：${f}`) });
  // The CLI's clock is the machine's: "today" for refusing periods not over and for an import's data date.
  // The CLI is the user's own shell: its path arguments are the user's choice (core/security/path-guard.ts).
  return { db, ctx: { db, dbPath, actor: osUser(), now: () => new Date(), access: { userShell: true } } };
}
