import type { Command } from '../main';
import { CliError, parse, printJson, requireStore, storePath, type Io } from '../util';
import { openStoreWithBackups } from '../../core/backup/auto';
import { osUser, type AppContext } from '../../core/context';
import { resolveActor } from '../../core/operators';
import { chromiumPath, chromiumPrintPdf } from '../../core/documents/pdf';
import fs from 'node:fs';
import { Logger } from '../../core/log';
import { runDue, periodLabel, type RunDueResult } from '../../core/jobs/scheduler';
import { EMPTY_STORE_WARNING } from '../../core/jobs/empty-store';
import { countCases } from '../../db/queries/cases';

function printResult(io: Io, r: RunDueResult): void {
  io.out(`到期任务（${r.today}）：`);
  if (!r.ran.length && !r.failed.length && !r.skipped.length) io.out('  没有到期的任务。');
  for (const x of r.ran)
    io.out(
      `  已完成 ${periodLabel(x, r.today)}（截至 ${x.asOf}）${x.failedRules.length ? `，规则运行失败：${x.failedRules.join('、')}` : ''}`,
    );
  for (const x of r.skipped) io.out(`  跳过   ${x.reason}`);
  for (const x of r.failed) io.out(`  失败   ${periodLabel(x, r.today)}：${x.error}`);
  if (r.backup) io.out(`每日备份：${r.backup.file}`);
  if (r.watchdog.length) {
    io.out('未完成事项：');
    for (const w of r.watchdog) io.out(`  ${w}`);
  } else io.out('所有到期任务均已完成。');
}

const OPTIONS = {
  now: { type: 'string', arg: 'ISO时间', help: '按这个时刻计算到期任务，例如 2026-11-23T08:00:00+08:00（默认：现在）' },
  out: {
    type: 'string',
    arg: '文件夹',
    help: '把生成的周通报、月度通报和线索移送材料（Word/PDF/Excel）写入该文件夹（默认只保存在案件库中，可在界面或用 notice/inspect 导出）',
  },
  'no-backup': { type: 'boolean', help: '不做每日备份（默认：当天还没有备份时，任务完成后备份到备份文件夹）' },
} as const;

export const command: Command = {
  summary: '运行所有到期任务（含补跑），供计划任务调用',
  usage: ['run-due [--now ISO时间] [--out 文件夹] [--no-backup] [--json] [--db 路径]'],
  description: [
    '依次运行到期的日审核、周通报和月检查（漏掉的周期按时间顺序补跑，各按其周期末计算），然后做每日备份。',
    '与桌面程序同时运行也不会重复：案件库中的任务锁保证同一任务只运行一次。',
    '最后列出仍未完成的事项（例如“10月月检查未完成”）。供 Windows 任务计划程序或 cron 每天调用；安装版桌面程序用 CaseFlowDesk.exe --run-due。',
  ],
  options: OPTIONS,
  examples: [
    'caseflow run-due --db "%APPDATA%\\CaseFlowDesk\\caseflow.sqlite"',
    'caseflow run-due --out D:\\通报 --json',
  ],
  exitCodes: [
    '0 全部到期任务已完成（或没有到期任务）',
    '1 输入被拒绝（例如案件库不存在、参数错误）',
    '2 有任务运行失败（见输出和日志）',
  ],
  async run(args, io) {
    const { values } = parse(args, OPTIONS, false, 'run-due');
    let now = new Date();
    if (values.now) {
      now = new Date(values.now);
      if (Number.isNaN(now.getTime()))
        throw new CliError(`--now 应为 ISO 时间，例如 2026-11-23T08:00:00+08:00：${values.now}`);
    }
    const dbPath = storePath(values);
    requireStore(dbPath);
    const db = openStoreWithBackups(dbPath, { onBackup: (f) => io.err(`升级前已备份案件库：${f}`) });
    try {
      const ctx: AppContext = { db, dbPath, actor: resolveActor(db, values.operator, osUser()) };
      // PDFs through Chromium when it is installed (CASEFLOW_CHROMIUM or /usr/bin/chromium).
      if (fs.existsSync(chromiumPath())) ctx.printPdf = chromiumPrintPdf;
      const logger = new Logger({ store: dbPath });
      const r = await runDue(ctx, {
        now,
        outDir: values.out,
        backup: !values['no-backup'],
        log: (m) => {
          io.err(m);
          logger.info(`run-due: ${m}`);
        },
      });
      logger.info(
        `run-due ${r.today}: 完成 ${r.ran.length} 项，跳过 ${r.skipped.length} 项，失败 ${r.failed.length} 项`,
        { failed: r.failed.map((f) => f.error), watchdog: r.watchdog },
      );
      // An empty store is not "all done": a scheduled run on it must say so (a wrong --db, or no import yet).
      const empty = countCases(db) === 0 ? EMPTY_STORE_WARNING : null;
      if (empty) {
        io.err(`警告：${empty}`);
        logger.warn(`run-due: ${empty}`);
      }
      if (values.json) printJson(io, empty ? { ...r, warnings: [empty] } : r);
      else printResult(io, r);
      return r.failed.length ? 2 : 0;
    } finally {
      db.close();
    }
  },
};
