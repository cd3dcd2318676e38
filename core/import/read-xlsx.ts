/**
 * Streaming XLSX reader built on exceljs's streaming parsers, one row at a time, so a 100k-case
 * workbook never sits in memory whole. Kept behind this small adapter because exceljs is rarely
 * released (stack notes); the rest of the import only sees {sheet name, row number, cells}.
 *
 * Why not `new WorkbookReader(file)` and `for await` over it: exceljs 4.4 walks the zip in file
 * order and, when worksheets come before xl/workbook.xml (Excel and exceljs itself write them that
 * way), defers them to temp files; on Node 20 that walk intermittently stops early and the reader
 * fails with "Cannot read properties of undefined (reading 'sheets')" (seen here on an exceljs-written
 * file in 1 of 2 runs). So we open the zip's central directory (unzipper, exceljs's own zip library)
 * and feed exceljs's parsers the parts in the order they need: rels, workbook, shared strings, styles,
 * then each worksheet in workbook order, each part streamed and inflated on its own.
 *
 * Second exceljs bug handled here: its SAX feed decodes each zip chunk to text on its own, so a
 * Chinese character split across two chunks becomes two U+FFFD (「审查��诉」 in a 2,000-case
 * workbook). We hand exceljs text decoded with a streaming StringDecoder instead of raw chunks.
 */
import ExcelJS from 'exceljs';
import { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { ownString, type Cell } from './values';

export interface SheetRows {
  name: string;
  rows: AsyncIterable<{ n: number; cells: Cell[] }>;
}

interface ZipEntry {
  path: string;
  type: string;
  stream(): Readable;
}
/* eslint-disable @typescript-eslint/no-require-imports */
// unzipper has no bundled types; this is the one call we use.
const unzipper = require('unzipper') as { Open: { file(path: string): Promise<{ files: ZipEntry[] }> } };
/* eslint-enable @typescript-eslint/no-require-imports */

/** The parts of exceljs's WorkbookReader we drive by hand (exceljs 4.x). */
interface ReaderInternals {
  model?: { sheets?: { name: string; rId: string; id: number }[] };
  workbookRels?: { Id: string; Target: string }[];
  sharedStrings?: unknown[];
  _parseRels(entry: Readable): Promise<void>;
  _parseWorkbook(entry: Readable): Promise<void>;
  _parseSharedStrings(entry: Readable): AsyncIterable<unknown>;
  _parseStyles(entry: Readable): Promise<void>;
  _parseWorksheet(
    iterator: AsyncIterable<string>,
    sheetNo: string,
  ): Iterable<{ eventType: string; value: WorksheetLike }>;
}
type WorksheetLike = AsyncIterable<{ number: number; values: unknown[] }> & { name: string };

/** A zip part as UTF-8 text chunks that never split a character. */
async function* utf8Chunks(stream: Readable): AsyncGenerator<string> {
  const dec = new StringDecoder('utf8');
  for await (const chunk of stream) {
    const s = dec.write(chunk as Buffer);
    if (s) yield s;
  }
  const tail = dec.end();
  if (tail) yield tail;
}

/** The same, as a stream (exceljs's part parsers listen for 'data' events). */
const textStream = (entry: ZipEntry): Readable => Readable.from(utf8Chunks(entry.stream()));

/** An exceljs cell value → a plain cell (rich text joined, formula results, hyperlink text). */
export function plainCell(v: unknown): Cell {
  if (v == null) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v instanceof Date) return v;
  if (typeof v === 'object') {
    const o = v as { richText?: { text: string }[]; result?: unknown; text?: unknown; error?: string };
    if (Array.isArray(o.richText)) return o.richText.map((r) => r.text).join('');
    if ('formula' in o || 'sharedFormula' in o) return plainCell(o.result);
    if (o.text !== undefined) return plainCell(o.text);
    if (o.error) return o.error;
  }
  return String(v);
}

/** Zip path of a relationship target ('worksheets/sheet1.xml' or '/xl/worksheets/sheet1.xml'). */
function partPath(target: string): string {
  return target.startsWith('/') ? target.slice(1) : `xl/${target}`;
}

/** Every worksheet in workbook order; each sheet's rows must be consumed (or drained) before the next. */
export async function* readXlsx(file: string): AsyncGenerator<SheetRows> {
  const dir = await unzipper.Open.file(file);
  const byPath = new Map(dir.files.filter((f) => f.type === 'File').map((f) => [f.path, f]));
  // styles 'cache' makes date-formatted cells arrive as Dates (UTC wall clock); shared strings are cached once.
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, {
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    worksheets: 'emit',
    entries: 'ignore',
  }) as unknown as ReaderInternals;
  const rels = byPath.get('xl/_rels/workbook.xml.rels');
  const workbook = byPath.get('xl/workbook.xml');
  if (!rels || !workbook) throw new Error('不是 Excel 工作簿（缺少 xl/workbook.xml）');
  await reader._parseRels(textStream(rels));
  await reader._parseWorkbook(textStream(workbook));
  const shared = byPath.get('xl/sharedStrings.xml');
  if (shared) {
    for await (const _ of reader._parseSharedStrings(textStream(shared)));
    // Each cached string is a slice of a 64 KB text chunk and keeps it alive: copy them (see ownString).
    const ss = reader.sharedStrings ?? [];
    for (let i = 0; i < ss.length; i++) if (typeof ss[i] === 'string') ss[i] = ownString(ss[i] as string);
  }
  const styles = byPath.get('xl/styles.xml');
  if (styles) await reader._parseStyles(textStream(styles));

  for (const sheet of reader.model?.sheets ?? []) {
    const rel = reader.workbookRels?.find((r) => r.Id === sheet.rId);
    const entry = rel && byPath.get(partPath(rel.Target));
    if (!entry) continue;
    const sheetNo = /sheet(\d+)\.xml$/.exec(entry.path)?.[1] ?? String(sheet.id);
    let ws: WorksheetLike | undefined;
    for (const ev of reader._parseWorksheet(utf8Chunks(entry.stream()), sheetNo))
      if (ev.eventType === 'worksheet') ws = ev.value;
    if (!ws) continue;
    const rowsOf = ws;
    yield {
      name: sheet.name,
      rows: (async function* () {
        for await (const row of rowsOf) {
          const values = row.values; // 1-based, sparse
          const cells: Cell[] = new Array(Math.max(0, values.length - 1));
          for (let i = 1; i < values.length; i++) cells[i - 1] = plainCell(values[i]);
          yield { n: row.number, cells };
        }
      })(),
    };
  }
}
