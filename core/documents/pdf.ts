/**
 * HTML → PDF with Chromium through playwright-core, for the CLI and tests (the desktop app hands
 * Electron's printToPDF in ctx.printPdf instead). One browser serves a batch: `chromiumPrinter()`
 * opens it lazily and `close()` ends it; `chromiumPrintPdf(html)` is the one-shot form.
 *
 * The page is inert: JavaScript is off for the browser context, every request the page makes is
 * aborted (route '**' → abort: the document carries its styles, SVG charts and images inline), and
 * the HTML carries the print CSP (print-policy.ts). Chromium's sandbox is on wherever the OS allows
 * it; it cannot run as root (CI containers), and some Linux machines forbid the user namespaces
 * it needs: then it is started with --no-sandbox, once with a warning (see chromiumSandbox()).
 */
import type { Browser, Page } from 'playwright-core';

/* eslint-disable @typescript-eslint/no-require-imports */
// Loaded when a PDF is first printed, not with the handlers: playwright-core costs ~0.4 s of every start (issue 15, first screen).
const playwright = (): typeof import('playwright-core') => require('playwright-core');
/* eslint-enable @typescript-eslint/no-require-imports */
import { withPrintCsp } from './print-policy';

/** Flags for a headless printer; the sandbox decision is added by chromiumLaunchArgs(). */
export const CHROMIUM_ARGS = [
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-extensions',
];

export function chromiumPath(): string {
  return process.env.CASEFLOW_CHROMIUM || '/usr/bin/chromium';
}

export interface SandboxDecision {
  sandbox: boolean;
  /** Why the sandbox is off (Chinese, for the warning), or null when it is on. */
  reason: string | null;
}

/**
 * Whether Chromium can keep its sandbox here. Off as root (Chromium refuses to start sandboxed as
 * root, which is what CI containers run as) and when CASEFLOW_CHROMIUM_SANDBOX=off; on otherwise
 * (a machine that turns out not to allow it is detected at launch and retried without it).
 */
export function chromiumSandbox(
  env: NodeJS.ProcessEnv = process.env,
  uid: number | undefined = process.getuid?.(),
): SandboxDecision {
  if (env.CASEFLOW_CHROMIUM_SANDBOX === 'off')
    return { sandbox: false, reason: '已按 CASEFLOW_CHROMIUM_SANDBOX=off 关闭 Chromium 沙箱' };
  if (uid === 0) return { sandbox: false, reason: '以 root 身份运行时 Chromium 无法启用沙箱' };
  return { sandbox: true, reason: null };
}

export function chromiumLaunchArgs(sandbox: boolean): string[] {
  return sandbox ? [...CHROMIUM_ARGS] : ['--no-sandbox', ...CHROMIUM_ARGS];
}

/** A launch failure that means "this OS does not let Chromium sandbox itself". */
export function isSandboxFailure(e: unknown): boolean {
  const m = (e as Error)?.message ?? '';
  return /sandbox|namespace|setuid|zygote/i.test(m);
}

let warned = false;
function warnOnce(reason: string): void {
  if (warned) return;
  warned = true;
  process.stderr.write(`提示：${reason}，本次打印 PDF 时 Chromium 不启用沙箱（页面已禁用脚本并阻止一切网络请求）。\n`);
}

/** Chromium for printing or checking documents: headless, with the sandbox wherever the OS allows it. */
export async function launchChromium(): Promise<Browser> {
  const d = chromiumSandbox();
  const go = (sandbox: boolean) =>
    playwright().chromium.launch({ executablePath: chromiumPath(), args: chromiumLaunchArgs(sandbox), headless: true });
  if (!d.sandbox) {
    if (d.reason && process.getuid?.() !== 0) warnOnce(d.reason);
    return go(false);
  }
  try {
    return await go(true);
  } catch (e) {
    if (!isSandboxFailure(e)) throw e;
    warnOnce('本机系统不允许 Chromium 使用沙箱（例如禁用了非特权用户命名空间）');
    return go(false);
  }
}

export interface Printer {
  print: (html: string) => Promise<Buffer>;
  /** A chart's SVG as a PNG at twice its size (the DOCX's charts), by the batch's browser; none: resvg. */
  rasterize?: (svg: string) => Promise<Buffer>;
  close: () => Promise<void>;
}

/** A printer reusing one browser for a batch of documents; call close() when the batch is done. */
export function chromiumPrinter(): Printer {
  let browser: Promise<Browser> | null = null;
  let raster: Promise<Page> | null = null;
  return {
    async rasterize(svg) {
      browser ??= launchChromium();
      raster ??= browser.then(async (b) => {
        // The same inert page as the PDFs': no script, every request refused; one page for the batch's charts.
        const context = await b.newContext({ javaScriptEnabled: false, serviceWorkers: 'block', deviceScaleFactor: 2 });
        await context.route('**/*', (route) => route.abort('blockedbyclient'));
        return context.newPage();
      });
      const page = await raster;
      const size = /<svg[^>]*\swidth="(\d+)"[^>]*\sheight="(\d+)"/.exec(svg);
      await page.setViewportSize({ width: Number(size?.[1] ?? 800), height: Number(size?.[2] ?? 600) });
      await page.setContent(
        withPrintCsp(
          `<!DOCTYPE html><html><head><meta charset="utf-8"><style>html,body{margin:0;background:#fff}svg{display:block}</style></head><body>${svg.replace(/^<\?xml[^>]*>/, '')}</body></html>`,
        ),
        { waitUntil: 'load' },
      );
      await page.evaluate(() => document.fonts.ready.then(() => undefined));
      return page.locator('svg').first().screenshot({ type: 'png' });
    },
    async print(html) {
      browser ??= launchChromium();
      const b = await browser;
      const context = await b.newContext({
        javaScriptEnabled: false,
        serviceWorkers: 'block',
        acceptDownloads: false,
        locale: 'zh-CN',
        timezoneId: 'Asia/Shanghai',
      });
      try {
        // Every request the document would make (images, styles, fonts, frames) is refused.
        await context.route('**/*', (route) => route.abort('blockedbyclient'));
        const page = await context.newPage();
        await page.setContent(withPrintCsp(html), { waitUntil: 'load' });
        // Runs in Playwright's own world (the page's scripts stay off): waits for the local fonts.
        await page.evaluate(() => document.fonts.ready.then(() => undefined));
        return await page.pdf({ preferCSSPageSize: true, printBackground: true, format: 'A4' });
      } finally {
        await context.close();
      }
    },
    async close() {
      raster = null;
      if (browser) {
        const b = await browser.catch(() => null);
        browser = null;
        await b?.close();
      }
    },
  };
}

/** One-shot: launches Chromium, prints, closes. */
export async function chromiumPrintPdf(html: string): Promise<Buffer> {
  const p = chromiumPrinter();
  try {
    return await p.print(html);
  } finally {
    await p.close();
  }
}
