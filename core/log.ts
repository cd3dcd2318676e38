/**
 * A small file logger for the app and the CLI: `caseflow.log` in the app-data `logs` folder,
 * rotated by size (`caseflow.log` → `caseflow.1.log` … keep N), one line per entry:
 * `2026-11-23T08:00:01+08:00 INFO  [案件库 /path/store.sqlite] message {json}` (the store part when the
 * logger was made for a store: several stores share the log folder).
 *
 * Every line is redacted before it is written: Chinese resident ID numbers (18 digits, last may
 * be X), mobile numbers (1[3-9] + 9 digits), every name in `redactNames` (e.g. the suspects' names
 * of the store), and 2–3 CJK characters after a 嫌疑人/姓名 label. A log file may travel (sent to
 * support); nothing in it may identify a person.
 */
import fs from 'node:fs';
import path from 'node:path';
import { appDataDir } from './paths';
import { chinaTimestamp } from './dates';

export type Level = 'debug' | 'info' | 'warn' | 'error';
const ORDER: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface LoggerOptions {
  dir?: string;
  fileName?: string;
  maxBytes?: number;
  keep?: number;
  level?: Level;
  redactNames?: Iterable<string>;
  /** Also echo to stderr (CLI `--verbose`). */
  echo?: boolean;
  /** The store the lines are about: every line names it (several stores share one log folder). */
  store?: string;
}

const ID_RE =
  /(?<![0-9A-Za-z])[1-9]\d{5}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx](?![0-9A-Za-z])/g;
const PHONE_RE = /(?<!\d)(?:\+?86[- ]?)?1[3-9]\d{9}(?!\d)/g;
const LABEL_RE = /(犯罪嫌疑人|嫌疑人|被告人|姓名)([:：\s"'“=]*)([\u4e00-\u9fff]{2,3})(?![\u4e00-\u9fff])/g;

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Redacts one piece of text. `names` longer first so 欧阳娜娜 is not left as 欧阳**. */
export function redact(text: string, names: readonly string[] = []): string {
  let out = text.replace(ID_RE, '[身份证号]').replace(PHONE_RE, '[手机号]');
  const list = [...new Set(names.map((n) => n.trim()).filter((n) => n.length >= 2))].sort(
    (a, b) => b.length - a.length,
  );
  for (let i = 0; i < list.length; i += 200) {
    const re = new RegExp(
      list
        .slice(i, i + 200)
        .map(escapeRe)
        .join('|'),
      'g',
    );
    out = out.replace(re, '[姓名]');
  }
  return out.replace(LABEL_RE, (_m, label: string, sep: string) => `${label}${sep}[姓名]`);
}

export class Logger {
  readonly file: string;
  private names: string[];
  private readonly maxBytes: number;
  private readonly keep: number;
  private readonly min: number;
  private readonly echo: boolean;
  private readonly scope: string;
  private size = -1;

  constructor(opts: LoggerOptions = {}) {
    const dir = opts.dir ?? path.join(appDataDir(), 'logs');
    this.file = path.join(dir, opts.fileName ?? 'caseflow.log');
    this.maxBytes = opts.maxBytes ?? 2 * 1024 * 1024;
    this.keep = opts.keep ?? 5;
    this.min = ORDER[opts.level ?? 'info'];
    this.echo = !!opts.echo;
    this.scope = opts.store ? `[案件库 ${path.resolve(opts.store)}] ` : '';
    this.names = [...(opts.redactNames ?? [])];
  }

  /** Adds names to redact (e.g. after an import brings new suspects). */
  addRedactNames(names: Iterable<string>): void {
    this.names = [...new Set([...this.names, ...names])];
  }

  debug(msg: string, data?: unknown): void {
    this.write('debug', msg, data);
  }
  info(msg: string, data?: unknown): void {
    this.write('info', msg, data);
  }
  warn(msg: string, data?: unknown): void {
    this.write('warn', msg, data);
  }
  error(msg: string, data?: unknown): void {
    this.write('error', msg, data);
  }

  write(level: Level, msg: string, data?: unknown): void {
    if (ORDER[level] < this.min) return;
    let extra = '';
    if (data instanceof Error) extra = ` ${data.stack ?? data.message}`;
    else if (data !== undefined) {
      try {
        extra = ` ${JSON.stringify(data)}`;
      } catch {
        extra = ' [unserialisable]';
      }
    }
    const line =
      redact(
        `${chinaTimestamp()} ${level.toUpperCase().padEnd(5)} ${this.scope}${msg}${extra}`.replace(/\r?\n/g, '\\n'),
        this.names,
      ) + '\n';
    try {
      this.rotateIfNeeded(Buffer.byteLength(line));
      fs.appendFileSync(this.file, line);
      this.size += Buffer.byteLength(line);
    } catch {
      /* logging must never break the app */
    }
    if (this.echo) process.stderr.write(line);
  }

  private rotateIfNeeded(incoming: number): void {
    if (this.size < 0) {
      fs.mkdirSync(path.dirname(this.file), { recursive: true });
      try {
        this.size = fs.statSync(this.file).size;
      } catch {
        this.size = 0;
      }
    }
    if (this.size + incoming <= this.maxBytes || this.size === 0) return;
    const ext = path.extname(this.file);
    const base = this.file.slice(0, this.file.length - ext.length);
    const nth = (i: number) => `${base}.${i}${ext}`;
    fs.rmSync(nth(this.keep), { force: true });
    for (let i = this.keep - 1; i >= 1; i--) if (fs.existsSync(nth(i))) fs.renameSync(nth(i), nth(i + 1));
    fs.renameSync(this.file, nth(1));
    this.size = 0;
  }
}

let shared: Logger | null = null;
/** The process's logger (created on first use in the app-data folder). */
export function getLogger(opts?: LoggerOptions): Logger {
  if (!shared || opts) shared = new Logger(opts);
  return shared;
}
