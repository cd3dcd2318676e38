/**
 * Writing a snapshot's documents to a folder: DOCX, PDF (ctx.printPdf, else Chromium), XLSX, JSON.
 * File names are Chinese with the period, e.g. `2026年10月员额检察官办案数据通报.docx`.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { AppContext } from '../context';
import type { Snapshot } from '../metrics/snapshots';
import { documentName, documentOf, jsonOf } from './bulletins';
import { renderDocx } from './docx';
import { renderHtml } from './html';
import { renderXlsx } from './xlsx';
import { chromiumPrinter, type Printer } from './pdf';

export type Format = 'docx' | 'pdf' | 'xlsx' | 'json';
export const FORMATS: readonly Format[] = ['docx', 'pdf', 'xlsx', 'json'];

export function parseFormats(s: string | undefined, allowed: readonly Format[], dflt: readonly Format[]): Format[] {
  if (!s) return [...dflt];
  const want = s
    .split(/[,，\s]+/)
    .map((x) => x.trim().toLowerCase())
    .filter(Boolean);
  const bad = want.filter((x) => !(allowed as readonly string[]).includes(x));
  if (bad.length) throw new RangeError(`不支持的格式：${bad.join('、')}（可用：${allowed.join('、')}）`);
  return [...new Set(want)] as Format[];
}

/** A PDF printer for a batch: the context's, or one Chromium reused for the batch (close it after). */
export function batchPrinter(ctx: AppContext): Printer {
  if (ctx.printPdf) return { print: ctx.printPdf, close: async () => undefined };
  return chromiumPrinter();
}

/**
 * Writes the snapshot's documents; returns the paths written. `printer` is the batch's PDF printer (or its print
 * function): when PDFs are asked for and it has a browser, that browser also rasterizes the DOCX's charts.
 */
export async function exportSnapshot(
  s: Snapshot,
  formats: readonly Format[],
  outDir: string,
  printer: Printer | Printer['print'],
): Promise<string[]> {
  const print = typeof printer === 'function' ? printer : printer.print;
  const rasterize = typeof printer === 'function' || !formats.includes('pdf') ? undefined : printer.rasterize;
  fs.mkdirSync(outDir, { recursive: true });
  const name = documentName(s) + (s.version > 1 ? `（第${s.version}版）` : '');
  const needsModel = formats.includes('docx') || formats.includes('pdf');
  const model = needsModel && s.kind !== 'data-check' ? documentOf(s) : null;
  const render = async (f: Format): Promise<Buffer | string | null> => {
    if (f === 'json') return JSON.stringify(jsonOf(s), null, 2) + '\n';
    if (s.kind === 'data-check') return null;
    if (f === 'docx') return renderDocx(model!, { rasterize });
    if (f === 'pdf') return print(renderHtml(model!));
    return renderXlsx(s);
  };
  // The formats are made at the same time: while Chromium starts, prints the PDF and draws the DOCX's charts in its
  // own processes, this thread writes the XLSX (the charts go through the one raster page one at a time: only the
  // DOCX asks for them). Every format is finished before a failure is reported, so none is written after it.
  const made = await Promise.allSettled(
    formats.map(async (f) => {
      const data = await render(f);
      if (data === null) return null;
      const p = path.join(outDir, `${name}.${f}`);
      fs.writeFileSync(p, data);
      return p;
    }),
  );
  const failed = made.find((m) => m.status === 'rejected');
  if (failed) throw failed.reason;
  return made.map((m) => (m as PromiseFulfilledResult<string | null>).value).filter((p): p is string => p !== null);
}
