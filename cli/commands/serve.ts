/**
 * `caseflow serve [--port P] [--db PATH] [--out DIR]`: browser mode (web/server.ts). Prints
 * `http://127.0.0.1:P/?token=…` as its FIRST stdout line, then serves until SIGINT/SIGTERM.
 * Starts the desktop scheduler (core/jobs/scheduler.ts `startScheduler(ctx)`) when it exists.
 */
import path from 'node:path';
import type { Command } from '../main';
import { CliError, openForCli, parse } from '../util';
import { startWebServer, type WebServer } from '../../web/server';
import type { AppContext } from '../../core/context';
import { lazyChromiumPrinter, startSchedulerIfPresent } from '../../web/door-helpers';
import { quickCheckInBackground } from '../../core/workers/store-check';
import { backupDirOf } from '../../core/backup/backup';

const OPTIONS = {
  port: { type: 'string', arg: '端口', help: '监听端口（默认 0：自动选择空闲端口）' },
  out: {
    type: 'string',
    arg: '文件夹',
    help: '导出文件夹：通报、导出的表格写到这里，浏览器只能下载其中的文件（默认：案件库旁的 exports）',
  },
  static: { type: 'string', arg: '文件夹', help: '界面文件所在文件夹（默认 renderer/dist）' },
  'no-scheduler': { type: 'boolean', help: '不在后台运行到期任务（默认会像桌面程序一样运行）' },
} as const;

export const command: Command = {
  summary: '浏览器模式：仅在 127.0.0.1 上提供界面',
  usage: ['serve [--port P] [--out 文件夹] [--no-scheduler] [--db 路径]'],
  description: [
    '第一行打印 http://127.0.0.1:P/?token=…（每次启动的访问令牌），请在本机浏览器中打开；按 Ctrl+C 停止。',
    '不带 --db 时使用（并在需要时创建）桌面程序的默认案件库，首次打开时界面会引导填写单位和操作人；带 --db 时案件库必须已存在。',
  ],
  options: OPTIONS,
  store: 'creates-default',
  examples: ['caseflow serve', 'caseflow serve --port 54321 --db D:\\案件库\\caseflow.sqlite'],
  async run(args, io) {
    const { values } = parse(args, OPTIONS, false, 'serve');
    const port = values.port === undefined ? 0 : Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535)
      throw new CliError(`端口无效：${values.port}（应为 0–65535 的整数，0 表示自动选择）`);
    // The store's quick_check runs in the background (at 1M cases it reads 1.5 GB): the first screen's reads do not
    // wait for it; writes and the scheduler do (web/server.ts storeCheck).
    const { db, ctx } = openForCli(values, { quickCheck: false });
    const storeCheck = quickCheckInBackground(ctx.dbPath, backupDirOf(db, ctx.dbPath));
    const exportDir = path.resolve(values.out ?? path.join(path.dirname(path.resolve(ctx.dbPath)), 'exports'));
    const staticDir = path.resolve(values.static ?? path.join(__dirname, '..', '..', 'renderer', 'dist'));
    const printer = lazyChromiumPrinter();
    const appCtx: AppContext = { ...ctx, printPdf: printer.printPdf };
    let web: WebServer;
    try {
      web = await startWebServer({ ctx: appCtx, port, staticDir, exportDir, log: io.err, storeCheck });
    } catch (e) {
      db.close();
      void printer.close();
      if ((e as NodeJS.ErrnoException).code === 'EADDRINUSE')
        throw new CliError(`端口 ${port} 已被占用，请换一个端口（--port）或用 --port 0 自动选择。`);
      throw e;
    }
    io.out(web.url);
    io.err(`浏览器模式已启动：请在本机浏览器中打开上面的地址（仅限本机访问，地址含本次启动的访问令牌）。`);
    io.err(`案件库：${ctx.dbPath}`);
    io.err(`导出文件夹：${exportDir}`);
    io.err('按 Ctrl+C 停止。');
    let stopScheduler = async (): Promise<void> => undefined;
    let stopping = false;
    void storeCheck.then(
      (damage) => {
        if (damage) return void io.err(damage);
        if (values['no-scheduler'] || stopping) return;
        stopScheduler = startSchedulerIfPresent(
          {
            ...appCtx,
            exportDir,
            progress: (p) => web.publish({ ...p, type: 'progress', requestId: null, source: 'scheduler' }),
          } as AppContext,
          {
            outDir: exportDir,
            warn: io.err,
            publish: (e) => web.publish(e),
          },
        );
      },
      (e: unknown) => io.err(`无法检查案件库的完整性：${(e as Error)?.message ?? String(e)}`),
    );
    return new Promise<number>((resolve) => {
      const stop = (sig: string) => {
        if (stopping) return;
        stopping = true;
        io.err(`收到 ${sig}，正在停止……`);
        void (async () => {
          await stopScheduler();
          await web.close();
          await printer.close();
          db.close();
          process.off('SIGINT', onInt);
          process.off('SIGTERM', onTerm);
          resolve(0);
        })();
      };
      const onInt = () => stop('SIGINT');
      const onTerm = () => stop('SIGTERM');
      process.on('SIGINT', onInt);
      process.on('SIGTERM', onTerm);
    });
  },
};
