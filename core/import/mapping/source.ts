/**
 * A file as a list of sheets of rows, whatever it is: the worksheets of an XLSX workbook in order, or a CSV
 * file as one sheet named after the file. Built on the import's own readers (read-xlsx.ts, read-csv.ts).
 *
 *   readSheets(file)        every sheet; each sheet's rows must be consumed (or left) before the next
 *   readHeads(file, n)      the first n rows (as Excel numbers them) of every sheet, without reading the rest
 */
import path from 'node:path';
import { readCsv } from '../read-csv';
import { readXlsx } from '../read-xlsx';
import { readXlsxThreaded, type IdleWork } from '../xlsx-thread';
import { sniffFile, refusalFor } from '../sniff';
import { cellText, type Cell } from '../values';

export interface SourceRow {
  n: number;
  cells: Cell[];
}

export interface SourceSheet {
  /** The worksheet's name; for a CSV file, its file name. */
  name: string;
  /** Position from 1 (workbook order); 1 for a CSV file. */
  position: number;
  csv: boolean;
  rows: AsyncIterable<SourceRow>;
}

export interface SheetHead {
  name: string;
  position: number;
  csv: boolean;
  rows: SourceRow[];
  /** True when the sheet has rows after the ones read. */
  more: boolean;
}

/** The file's kind, or the Chinese reason it cannot be read. */
export function fileKind(file: string): { kind: 'xlsx' | 'csv' } | { refusal: string } {
  const kind = sniffFile(file);
  const refusal = refusalFor(kind);
  if (refusal) return { refusal };
  return { kind: kind === 'xlsx' ? 'xlsx' : 'csv' };
}

/**
 * `thread`: an XLSX file is read on a worker thread when large enough (the import; xlsx-thread.ts), `idle` run
 * while the main thread waits for its rows.
 */
export async function* readSheets(
  file: string,
  kind: 'xlsx' | 'csv',
  opts: { thread?: boolean; idle?: IdleWork } = {},
): AsyncGenerator<SourceSheet> {
  if (kind === 'csv') {
    const base = path.basename(file);
    const csv = await readCsv(file, path.basename(file, path.extname(file)));
    yield { name: base, position: 1, csv: true, rows: csv.rows };
    return;
  }
  let position = 0;
  const sheets = opts.thread ? readXlsxThreaded(file, true, undefined, opts.idle) : readXlsx(file);
  for await (const ws of sheets) yield { name: ws.name, position: ++position, csv: false, rows: ws.rows };
}

/** The first `maxRow` rows of every sheet (row numbers as Excel shows them). Stops reading each sheet there. */
export async function readHeads(file: string, kind: 'xlsx' | 'csv', maxRow: number): Promise<SheetHead[]> {
  const out: SheetHead[] = [];
  for await (const s of readSheets(file, kind)) {
    const head: SheetHead = { name: s.name, position: s.position, csv: s.csv, rows: [], more: false };
    for await (const r of s.rows) {
      if (r.n > maxRow) {
        head.more = true;
        break; // ends this sheet's stream; the next sheet is read from its own zip entry
      }
      head.rows.push(r);
    }
    out.push(head);
  }
  return out;
}

export const rowIsBlank = (cells: Cell[]): boolean => {
  for (let i = 0; i < cells.length; i++) if (cellText(cells[i]) !== '') return false;
  return true;
};
