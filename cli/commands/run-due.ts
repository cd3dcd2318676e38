import type { Command } from '../main';
import { CliError, parse, printJson, storePath, type Io } from '../util';
import { openStoreWithBackups } from '../../core/backup/auto';
import { osUser, type AppContext } from '../../core/context';
import { chromiumPath, chromiumPrintPdf } from '../../core/documents/pdf';
import fs from 'node:fs';
import { Logger } from '../../core/log';
import { runDue, periodLabel, type RunDueResult } from '../../core/jobs/scheduler';

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

export const command: Command = {
  summary: 'run-due',
  async run(args, io) {
    const { values } = parse(args, {
      now: { type: 'string' },
      out: { type: 'string' },
      'no-backup': { type: 'boolean' },
    });
    let now = new Date();
    if (values.now) {
      now = new Date(values.now);
      if (Number.isNaN(now.getTime()))
        throw new CliError(`--now 应为 ISO 时间，例如 2026-11-23T08:00:00+08:00：${values.now}`);
    }
    const dbPath = storePath(values);
    const db = openStoreWithBackups(dbPath, { onBackup: (f) => io.err(`升级前已备份案件库：${f}`) });
    try {
      const ctx: AppContext = { db, dbPath, actor: osUser() };
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
      if (values.json) printJson(io, r);
      else printResult(io, r);
      return r.failed.length ? 2 : 0;
    } finally {
      db.close();
    }
  },
};
