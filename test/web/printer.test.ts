// Browser mode's printPdf: Chromium through core/documents/pdf.ts, loaded on first use, one browser
// for consecutive documents, closed when idle or when the server stops.
import { describe, expect, it, vi } from 'vitest';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { lazyChromiumPrinter } from '../../web/door-helpers';

const root = path.resolve(__dirname, '..', '..');
const HTML =
  '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><style>@page { size: A4; margin: 20mm }</style></head><body><h1>流程监控通知书</h1></body></html>';

describe('lazyChromiumPrinter', () => {
  it('loads the printer on first use, reuses one browser, closes it when idle', async () => {
    const real = await import('../../core/documents/pdf');
    const closes = vi.fn();
    const made = vi.fn();
    const load = vi.fn(() => ({
      chromiumPrinter: () => {
        made();
        const p = real.chromiumPrinter();
        return {
          print: p.print,
          close: async () => {
            closes();
            await p.close();
          },
        };
      },
    }));
    const printer = lazyChromiumPrinter(200, load);
    expect(load).not.toHaveBeenCalled();
    const a = await printer.printPdf(HTML);
    const b = await printer.printPdf(HTML);
    expect(a.subarray(0, 5).toString()).toBe('%PDF-');
    expect(b.subarray(0, 5).toString()).toBe('%PDF-');
    expect(made).toHaveBeenCalledTimes(1);
    await vi.waitFor(() => expect(closes).toHaveBeenCalledTimes(1), { timeout: 5000 });
    await printer.close();
  });

  it('says in Chinese when the PDF module cannot load', async () => {
    const printer = lazyChromiumPrinter(100, () => {
      throw new Error('Cannot find module x');
    });
    await expect(printer.printPdf(HTML)).rejects.toThrow(/^PDF 打印组件不可用：Cannot find module x$/);
  });

  it('finds core/documents/pdf.ts by itself where the CLI runs (tsx)', () => {
    const script = `require('tsx/cjs'); const { lazyChromiumPrinter } = require('./web/door-helpers.ts');
      const p = lazyChromiumPrinter(50); p.printPdf(${JSON.stringify(HTML)}).then(async (b) => { process.stdout.write(b.subarray(0, 5).toString()); await p.close(); }, (e) => { process.stdout.write('ERR ' + e.message); });`;
    const r = spawnSync(process.execPath, ['-e', script], { cwd: root, encoding: 'utf8', timeout: 60_000 });
    expect(r.stdout).toBe('%PDF-');
  });
});
