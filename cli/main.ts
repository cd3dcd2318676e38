/**
 * `caseflow …` (../shared/spec/cli.md). Each subcommand lives in cli/commands/<name>.ts and is
 * loaded only when called, so a scheduled `caseflow run-due` starts fast.
 */
import { z } from 'zod';
import { CliError, stdio, type Io } from './util';
import { StoreError } from '../db/store';
import { PeriodNotOverError } from '../core/jobs/not-yet';

// Validation messages (zod) in Chinese, as in the desktop app and browser mode.
z.config(z.locales.zhCN());

export interface Command {
  summary: string;
  run: (args: string[], io: Io) => Promise<number> | number;
}

const COMMANDS: Record<string, { summary: string; module: string }> = {
  init: { summary: '创建空的案件库（或升级已有的库）', module: 'init' },
  import: { summary: '导入案件数据（XLSX/CSV），全部成功或全部不写入', module: 'import' },
  mappings: { summary: '导入模板：list 列出，suggest 推荐，save 保存，export 导出，delete 删除', module: 'mappings' },
  audit: { summary: '运行日审核，列出未整改问题和临期预警', module: 'audit' },
  findings: { summary: '列出监控问题', module: 'findings' },
  finding: { summary: '处理一个监控问题：remind|notice|rectify|waive|reopen', module: 'finding' },
  notice: { summary: '生成（或重新导出）周通报', module: 'notice' },
  inspect: { summary: '运行（或重新导出）月检查：两份月度通报和线索移送材料', module: 'inspect' },
  bulletin: { summary: '导出一份月度通报', module: 'bulletin' },
  referrals: { summary: '线索移送：export 导出月度移送材料，import 导入督查移送', module: 'referrals' },
  reviews: { summary: '案件质量评查：add 登记，list 列出', module: 'reviews' },
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

function usage(io: Io): void {
  io.out('用法：caseflow <命令> [选项]    （每个命令都接受 --db PATH；--json 输出 JSON）\n');
  for (const [name, c] of Object.entries(COMMANDS)) io.out(`  ${name.padEnd(10)} ${c.summary}`);
}

export async function main(argv: string[], io: Io = stdio): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    usage(io);
    return name ? 0 : 1;
  }
  const entry = Object.prototype.hasOwnProperty.call(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!entry) {
    io.err(`未知命令：${name}（caseflow --help 查看全部命令）`);
    return 1;
  }
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require(`./commands/${entry.module}`) as { command: Command };
    return await mod.command.run(rest, io);
  } catch (e) {
    if (e instanceof CliError) {
      io.err(e.message);
      return e.exitCode;
    }
    // A date or period that has not ended yet (rules.md): refused input, with when it can run.
    if (e instanceof PeriodNotOverError) {
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
