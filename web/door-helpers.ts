/**
 * What the two long-running doors (browser mode and the Electron shell) share beyond HTTP/IPC:
 * the desktop scheduler when its module is present, and Chromium PDF printing for browser mode.
 * Both modules belong to other areas and are loaded at run time (a missing one is reported, not fatal).
 */
import type { AppContext } from '../core/context';
import type { PushEvent } from '../core/shared/push-events';
import * as scheduler from '../core/jobs/scheduler';

interface PrinterLike {
  print: (html: string) => Promise<Buffer>;
  close: () => Promise<void>;
}

type PdfModule = { chromiumPrinter?: () => PrinterLike; chromiumPrintPdf?: (html: string) => Promise<Buffer> };

function requirePdfModule(): PdfModule {
  // A plain require (not import()): tsx and the esbuild bundle both resolve it; loaded on first print.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('../core/documents/pdf') as PdfModule;
}

/**
 * Chromium via playwright-core (core/documents/pdf.ts, another area's module), loaded on first use.
 * One browser serves consecutive documents (an inspection prints several) and is closed after
 * `idleMs` without printing, and by `close()` when the server stops.
 */
export function lazyChromiumPrinter(
  idleMs = 120_000,
  load: () => PdfModule | Promise<PdfModule> = requirePdfModule,
): { printPdf: (html: string) => Promise<Buffer>; close: () => Promise<void> } {
  let printer: PrinterLike | null = null;
  let timer: NodeJS.Timeout | null = null;
  let busy = 0;
  const closeNow = async () => {
    if (timer) clearTimeout(timer);
    timer = null;
    const p = printer;
    printer = null;
    await p?.close().catch(() => undefined);
  };
  return {
    async printPdf(html: string) {
      if (!printer) {
        let mod: PdfModule;
        try {
          mod = await load();
        } catch (e) {
          throw new Error(`PDF 打印组件不可用：${(e as Error).message.split('\n')[0]}`, { cause: e });
        }
        if (printer) {
          // Another call loaded it meanwhile.
        } else if (typeof mod.chromiumPrinter === 'function') printer = mod.chromiumPrinter();
        else if (typeof mod.chromiumPrintPdf === 'function')
          printer = { print: mod.chromiumPrintPdf, close: async () => undefined };
        else throw new Error('PDF 打印组件不可用：core/documents/pdf.ts 未导出 chromiumPrinter / chromiumPrintPdf');
      }
      if (timer) clearTimeout(timer);
      timer = null;
      busy += 1;
      try {
        return await printer!.print(html);
      } finally {
        busy -= 1;
        if (busy === 0) {
          timer = setTimeout(() => void closeNow(), idleMs);
          timer.unref();
        }
      }
    },
    close: closeNow,
  };
}

interface Stoppable {
  stop?: () => unknown;
  close?: () => unknown;
}

/** Starts the scheduler (core/jobs/scheduler.ts `startScheduler(ctx, opts)`); returns a stop function. */
export function startSchedulerIfPresent(
  ctx: AppContext,
  opts: { outDir: string; warn: (s: string) => void; publish: (e: PushEvent) => void },
): () => Promise<void> {
  const { warn, publish } = opts;
  try {
    // Checked at run time: the scheduler is another area's module and may not export it yet.
    const start = (scheduler as Record<string, unknown>).startScheduler;
    if (typeof start !== 'function') {
      warn('任务调度模块未提供 startScheduler：本次不自动运行任务。');
      return async () => undefined;
    }
    const handle = (start as (ctx: AppContext, o: unknown) => unknown)(ctx, {
      outDir: opts.outDir,
      log: (message: string) => {
        warn(message);
        publish({ type: 'job', phase: 'log', message });
      },
      onResult: (result: unknown) => publish({ type: 'job', phase: 'done', result }),
      onError: (e: unknown) => {
        warn(`任务调度出错：${(e as Error)?.message ?? String(e)}`);
        publish({ type: 'job', phase: 'error', message: `任务调度出错：${(e as Error)?.message ?? String(e)}` });
      },
    }) as Stoppable | Promise<Stoppable> | undefined;
    return async () => {
      try {
        const h = await handle;
        if (h && typeof h.stop === 'function') await h.stop();
        else if (h && typeof h.close === 'function') await h.close();
      } catch (e) {
        warn(`停止任务调度时出错：${(e as Error).message}`);
      }
    };
  } catch (e) {
    warn(`任务调度未能启动：${(e as Error).message}`);
    return async () => undefined;
  }
}
