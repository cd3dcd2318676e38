/** What every CLI command shares: its declarative spec (options and Chinese help), errors with exit codes, opening the store, JSON output. */
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import type { Db } from '../db/store';
import { openStoreWithBackups } from '../core/backup/auto';
import { defaultStorePath } from '../core/paths';
import { resolveActor } from '../core/operators';
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

// ---- the declarative spec of a command ----------------------------------------------

/** One option: parsed by `parse()` and listed by `--help` from the same declaration. */
export interface OptionSpec {
  type: 'string' | 'boolean';
  /** The value's placeholder in the help, e.g. 'YYYY-MM' (string options). */
  arg?: string;
  /** Chinese: what the option does (and its default). */
  help: string;
  multiple?: boolean;
}
export type OptionSpecs = Record<string, OptionSpec>;

/** What a command does with `--db`: needs an existing store, creates one, or has no store. */
export type StoreUse = 'required' | 'creates' | 'none' | 'creates-default';

export interface SubcommandSpec {
  summary: string;
  /** Syntax after `caseflow <command> `, e.g. 'export --month YYYY-MM --out 文件夹 [--zip]'. */
  usage: string;
  options?: OptionSpecs;
}

export interface Command {
  /** One Chinese line (the overview of `caseflow --help`). */
  summary: string;
  /** Syntax lines after `caseflow `. */
  usage: string[];
  /** Chinese paragraphs shown under the usage. */
  description?: string[];
  /** The command's options (without the global --db/--json/--operator/--help). */
  options?: OptionSpecs;
  subcommands?: Record<string, SubcommandSpec>;
  /** Default 'required': a missing store is refused before the command runs (cli/main.ts). */
  store?: StoreUse;
  examples?: string[];
  /** Exit codes beyond the standard three, e.g. run-due's. */
  exitCodes?: string[];
  run: (args: string[], io: Io) => Promise<number> | number;
}

/** The options every command takes (cli.md). */
export const GLOBAL_OPTIONS: OptionSpecs = {
  db: {
    type: 'string',
    arg: '路径',
    help: '案件库文件（默认：本机桌面程序的案件库，或 $CASEFLOW_HOME 下的 caseflow.sqlite）',
  },
  json: { type: 'boolean', help: '在标准输出打印一个 JSON 文档（进度和提示写到标准错误）' },
  operator: { type: 'string', arg: '姓名', help: '记为本次操作的操作人（默认：设置中的当前操作人，其次为本机登录名）' },
  help: { type: 'boolean', help: '显示本帮助' },
};

const NO_STORE_OPTIONS = new Set(['db', 'operator']);

/** The global options a command takes (no --db/--operator for commands without a store). */
export function globalOptionsOf(cmd: Pick<Command, 'store'>): OptionSpecs {
  if (cmd.store !== 'none') return GLOBAL_OPTIONS;
  return Object.fromEntries(Object.entries(GLOBAL_OPTIONS).filter(([k]) => !NO_STORE_OPTIONS.has(k)));
}

/** Chinese sentence for node:util parseArgs errors (its own messages are English). */
export function parseErrorMessage(e: unknown, command?: string): string {
  const err = e as { code?: string; message?: string };
  const msg = err.message ?? String(e);
  const opt = /'(-{1,2}[^'\s]+)/.exec(msg)?.[1] ?? '';
  const see = command ? `（caseflow ${command} --help 查看可用选项）` : '（caseflow --help 查看全部命令）';
  switch (err.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `未知选项：${opt || msg}${see}`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return /argument missing/.test(msg)
        ? `选项 ${opt} 需要一个值，例如 ${opt} 值${see}`
        : `选项 ${opt} 不接受值${see}`;
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL': {
      const arg = /'([^']*)'/.exec(msg)?.[1] ?? '';
      return `多余的参数：${arg}${see}`;
    }
    default:
      return `参数有误：${msg}${see}`;
  }
}

type ParsedValues<O extends OptionSpecs> = {
  [K in keyof O]?: O[K]['type'] extends 'boolean' ? boolean : O[K]['multiple'] extends true ? string[] : string;
} & { db?: string; json?: boolean; operator?: string; help?: boolean };

/** parseArgs over the declared options plus the global ones, with Chinese messages for bad flags. */
export function parse<O extends OptionSpecs>(
  args: string[],
  options: O,
  allowPositionals = false,
  command?: string,
): { values: ParsedValues<O>; positionals: string[] } {
  const all = { ...GLOBAL_OPTIONS, ...options };
  try {
    const r = parseArgs({
      args,
      options: Object.fromEntries(
        Object.entries(all).map(([k, o]) => [k, { type: o.type, ...(o.multiple ? { multiple: true } : {}) }]),
      ),
      allowPositionals,
      strict: true,
    });
    return { values: r.values as ParsedValues<O>, positionals: r.positionals };
  } catch (e) {
    throw new CliError(parseErrorMessage(e, command));
  }
}

export function storePath(values: { db?: string | boolean | unknown }): string {
  return typeof values.db === 'string' && values.db ? values.db : defaultStorePath();
}

/** The refusal of a store that does not exist (cli.md; a mistyped Task Scheduler path must raise an alarm). */
export function missingStoreMessage(file: string): string {
  return `案件库不存在：${file}，请先运行 caseflow init${file === defaultStorePath() ? '' : ` --db "${file}"`}`;
}

export function requireStore(file: string): void {
  if (!fs.existsSync(file)) throw new CliError(missingStoreMessage(file));
}

/**
 * Opens the store for a command: a backup before any migration, and `PRAGMA quick_check` (a damaged
 * store is refused with the newest good backup and the exact restore command in the message). `quickCheck: false`:
 * the command checks the store itself (serve: in the background, core/workers/store-check.ts).
 * The actor is the `--operator`, else the store's current operator, else the OS login (core/operators.ts).
 */
export function openForCli(
  values: { db?: unknown; operator?: unknown },
  opts: { quickCheck?: boolean } = {},
): { db: Db; ctx: AppContext } {
  const dbPath = storePath(values as { db?: string });
  const db = openStoreWithBackups(dbPath, {
    onBackup: (f) => stdio.err(`升级前已备份案件库：${f}`),
    quickCheck: opts.quickCheck ?? true,
  });
  const requested = typeof values.operator === 'string' ? values.operator : undefined;
  // The CLI's clock is the machine's: "today" for refusing periods not over and for an import's data date.
  // The CLI is the user's own shell: its path arguments are the user's choice (core/security/path-guard.ts).
  return {
    db,
    ctx: {
      db,
      dbPath,
      actor: resolveActor(db, requested, osUser()),
      now: () => new Date(),
      access: { userShell: true },
    },
  };
}
