/**
 * HTML → PDF with Chromium through playwright-core, for the CLI and tests (the desktop app hands
 * Electron's printToPDF in ctx.printPdf instead). One browser serves a batch: `chromiumPrinter()`
 * opens it lazily and `close()` ends it; `chromiumPrintPdf(html)` is the one-shot form.
 */
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function chromiumPath(): string {
  return process.env.CASEFLOW_CHROMIUM || '/usr/bin/chromium';
}

export interface Printer {
  print: (html: string) => Promise<Buffer>;
  close: () => Promise<void>;
}

/** A printer reusing one browser for a batch of documents; call close() when the batch is done. */
export function chromiumPrinter(): Printer {
  let browser: Promise<Browser> | null = null;
  return {
    async print(html) {
      browser ??= chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS, headless: true });
      const b = await browser;
      const page = await b.newPage({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
      try {
        await page.setContent(html, { waitUntil: 'load' });
        await page.evaluate(() => document.fonts.ready.then(() => undefined));
        return await page.pdf({ preferCSSPageSize: true, printBackground: true, format: 'A4' });
      } finally {
        await page.close();
      }
    },
    async close() {
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
