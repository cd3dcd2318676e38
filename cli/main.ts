/**
 * `caseflow …` (../shared/spec/cli.md). Each subcommand lives in cli/commands/<name>.ts, exports its
 * declarative spec (`command: Command`: usage, options with Chinese help, what it does with the store) and
 * is imported only when called, so a scheduled `caseflow run-due` starts fast. Here, once for every command:
 * `--help` from the spec, the refusal of a store that does not exist, and the exit codes.
 */
import { z } from 'zod';
import fs from 'node:fs';
import {
  CliError,
  globalOptionsOf,
  missingStoreMessage,
  parse,
  stdio,
  type Command,
  type Io,
  type OptionSpecs,
} from './util';
import { StoreError } from '../db/store';
import { defaultStorePath } from '../core/paths';
import { OperatorError } from '../core/operators';
import { PeriodNotOverError } from '../core/jobs/not-yet';

// Validation messages (zod) in Chinese, as in the desktop app and browser mode.
z.config(z.locales.zhCN());

export type { Command } from './util';

/** Every command: its one-line summary (the overview) and its module. A new command is one line here. */
export const COMMANDS: Record<string, { summary: string; module: string }> = {
  init: { summary: '创建空的案件库（或升级已有的库）', module: 'init' },
  import: { summary: '导入案件数据（XLSX/CSV），全部成功或全部不写入', module: 'import' },
  mappings: { summary: '导入模板：list 列出，suggest 推荐，save 保存，export 导出，delete 删除', module: 'mappings' },
  audit: { summary: '运行日审核，列出未整改问题和临期预警', module: 'audit' },
  findings: { summary: '列出监控问题', module: 'findings' },
  finding: { summary: '处理一个监控问题：remind|notice|rectify|waive|reopen', module: 'finding' },
  notices: { summary: '流程监控通知书：list 列出，reply 登记回复，withdraw 撤回', module: 'notices' },
  search: { summary: '按部门受案号、案件名称、嫌疑人姓名或承办检察官搜索案件', module: 'search' },
  notice: { summary: '生成（或重新导出）周通报', module: 'notice' },
  inspect: { summary: '运行（或重新导出）月检查：两份月度通报和线索移送材料', module: 'inspect' },
  bulletin: { summary: '导出一份通报（月度 --month、季度 --quarter、年度 --year）', module: 'bulletin' },
  dossier: { summary: '检察官个人执法档案（--prosecutor 姓名 --year 年度）', module: 'dossier' },
  evaluation: { summary: '年度员额检察官业绩考评数据工作簿（--year 年度 --out 文件夹）', module: 'evaluation' },
  referrals: {
    summary: '线索移送：export 导出月度移送材料，import 导入督查移送，overdue/exclude/restore 逾期未整改问题移送清单',
    module: 'referrals',
  },
  reviews: { summary: '案件质量评查：add 登记，list 列出，update 更新整改情况', module: 'reviews' },
  rules: { summary: '自定义监控规则：list|import|export|test|enable|disable', module: 'rules' },
  calendar: { summary: '节假日日历：list 查看已载入年份，load 载入新的日历文件', module: 'calendar' },
  'run-due': { summary: '运行所有到期任务（含补跑），供计划任务调用', module: 'run-due' },
  backup: { summary: '在线备份案件库', module: 'backup' },
  restore: { summary: '从备份恢复（保留被替换的库）', module: 'restore' },
  folders: { summary: '查看或设置备份文件夹、导入文件夹', module: 'folders' },
  demo: { summary: '生成演示数据并运行一个月的任务', module: 'demo' },
  generate: { summary: '生成合成案件数据工作簿（测试与基准用）', module: 'generate' },
  serve: { summary: '浏览器模式：仅在 127.0.0.1 上提供界面', module: 'serve' },
};

/** The command's module: `require` under tsx (bin/caseflow.js), else an ES import (the tests). */
export async function loadCommand(name: string): Promise<Command> {
  const file = `./commands/${COMMANDS[name].module}`;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return (require(file) as { command: Command }).command;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'MODULE_NOT_FOUND' || !String((e as Error).message).includes(file))
      throw e;
  }
  return ((await import(/* @vite-ignore */ file)) as { command: Command }).command;
}

function usage(io: Io): void {
  io.out('用法：caseflow <命令> [选项]\n');
  io.out('命令：');
  for (const [name, c] of Object.entries(COMMANDS)) io.out(`  ${name.padEnd(10)} ${c.summary}`);
  io.out('\n每个命令都接受 --db 路径（案件库文件）和 --json（输出 JSON）。');
  io.out('查看某个命令的用法和全部选项：caseflow <命令> --help，例如 caseflow import --help');
  io.out('退出码：0 成功；1 输入被拒绝（提示说明原因）；2 内部错误。');
}

/** Display width of a string in a terminal (CJK characters take two columns). */
function width(s: string): number {
  let w = 0;
  for (const ch of s) w += /[\u1100-\uffff]/.test(ch) ? 2 : 1;
  return w;
}

function optionLines(options: OptionSpecs): string[] {
  const heads = Object.entries(options).map(([k, o]) => ({
    head: `--${k}${o.type === 'string' ? ` ${o.arg ?? '值'}` : ''}`,
    help: o.help,
  }));
  const col = Math.max(...heads.map((h) => width(h.head))) + 2;
  return heads.map((h) => `  ${h.head}${' '.repeat(col - width(h.head))}${h.help}`);
}

/** The Chinese help of a command (or of one of its subcommands), from its spec. */
export function helpText(name: string, cmd: Command, sub?: string): string {
  const lines: string[] = [];
  const s = sub ? cmd.subcommands?.[sub] : undefined;
  lines.push(
    `caseflow ${name}${s ? ` ${sub}` : ''} —— ${s ? s.summary : (COMMANDS[name]?.summary ?? cmd.summary)}`,
    '',
  );
  lines.push('用法：');
  if (s) lines.push(`  caseflow ${name} ${s.usage}`);
  else {
    for (const u of cmd.usage) lines.push(`  caseflow ${u}`);
  }
  if (!s && cmd.subcommands) {
    lines.push('', '子命令：');
    const subs = Object.entries(cmd.subcommands);
    const col = Math.max(...subs.map(([k]) => width(k))) + 2;
    for (const [k, v] of subs) lines.push(`  ${k}${' '.repeat(col - width(k))}${v.summary}`);
    lines.push(`  （caseflow ${name} <子命令> --help 查看该子命令的选项）`);
  }
  if (!s && cmd.description?.length) lines.push('', '说明：', ...cmd.description.map((d) => `  ${d}`));
  const own = s ? (s.options ?? {}) : (cmd.options ?? {});
  if (!s && cmd.subcommands) {
    for (const [k, v] of Object.entries(cmd.subcommands)) {
      if (v.options && Object.keys(v.options).length) lines.push('', `${k} 的选项：`, ...optionLines(v.options));
    }
  } else if (Object.keys(own).length) lines.push('', '选项：', ...optionLines(own));
  lines.push('', '通用选项：', ...optionLines(globalOptionsOf(cmd)));
  if (cmd.store === 'required' || cmd.store === undefined)
    lines.push('', '案件库必须已经存在（用 caseflow init 创建）；路径写错时命令拒绝执行并以退出码 1 结束。');
  if (!s && cmd.examples?.length) lines.push('', '示例：', ...cmd.examples.map((e) => `  ${e}`));
  lines.push(
    '',
    '退出码：',
    ...(cmd.exitCodes ?? ['0 成功', '1 输入被拒绝（提示说明原因）', '2 内部错误']).map((e) => `  ${e}`),
  );
  return lines.join('\n');
}

/** `--help`/`-h` before a `--`. */
function wantsHelp(args: string[]): boolean {
  for (const a of args) {
    if (a === '--') return false;
    if (a === '--help' || a === '-h') return true;
  }
  return false;
}

/** The `--db` value as parseArgs will read it (`--db X` or `--db=X`). */
function dbArg(args: string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--') break;
    if (a === '--db') return args[i + 1];
    if (a.startsWith('--db=')) return a.slice(5);
  }
  return undefined;
}

export async function main(argv: string[], io: Io = stdio): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    if (name === 'help' && rest[0] && Object.prototype.hasOwnProperty.call(COMMANDS, rest[0])) {
      io.out(helpText(rest[0], await loadCommand(rest[0])));
      return 0;
    }
    usage(io);
    return name ? 0 : 1;
  }
  if (!Object.prototype.hasOwnProperty.call(COMMANDS, name)) {
    io.err(`未知命令：${name}（caseflow --help 查看全部命令）`);
    return 1;
  }
  try {
    const cmd = await loadCommand(name);
    if (wantsHelp(rest)) {
      const sub = rest[0] && cmd.subcommands?.[rest[0]] ? rest[0] : undefined;
      io.out(helpText(name, cmd, sub));
      return 0;
    }
    // Option errors first (an unknown option says so, even when the store is missing too).
    if (!cmd.subcommands) parse(rest, cmd.options ?? {}, true, name);
    else if (rest[0] && cmd.subcommands[rest[0]])
      parse(rest.slice(1), cmd.subcommands[rest[0]].options ?? {}, true, `${name} ${rest[0]}`);
    const store = cmd.store ?? 'required';
    const db = dbArg(rest);
    if (store === 'required' || (store === 'creates-default' && db !== undefined)) {
      const file = db || defaultStorePath();
      if (!fs.existsSync(file)) throw new CliError(missingStoreMessage(file));
    }
    return await cmd.run(rest, io);
  } catch (e) {
    if (e instanceof CliError) {
      io.err(e.message);
      return e.exitCode;
    }
    // A clerk not on the list; a date or period that has not ended yet (rules.md): refused input.
    if (e instanceof OperatorError || e instanceof PeriodNotOverError) {
      io.err(e.message);
      return 1;
    }
    if (e instanceof StoreError) {
      io.err(e.message);
      return e.code === 'TOO_NEW' || e.code === 'NOT_A_STORE' || e.code === 'CORRUPT' ? 1 : 2;
    }
    io.err(`内部错误：${(e as Error).stack ?? e}`);
    return 2;
  }
}
