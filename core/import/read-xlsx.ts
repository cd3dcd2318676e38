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
import type ExcelJSType from 'exceljs';
import fs from 'node:fs';
import { pipeline, Readable } from 'node:stream';
import zlib from 'node:zlib';
import { StringDecoder } from 'node:string_decoder';
import { ownString, type Cell } from './values';
import { ImportReadError, type CellNote, type RowIn } from './types';

export interface SheetRows {
  name: string;
  rows: AsyncIterable<RowIn>;
}

/**
 * OOXML writes characters XML cannot hold (control characters: a NUL, a bell) as `_xHHHH_`, and a
 * literal `_x` as `_x005F_x`; exceljs hands the escapes over as written. Decoded here, so a NUL that
 * Excel saved is a NUL the import refuses, not the text "_x0000_" of a different case number.
 */
export function decodeOoxmlEscapes(s: string): string {
  return s.includes('_x')
    ? s.replace(/_x([0-9A-Fa-f]{4})_/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16)))
    : s;
}

/** What a user is told when the zip or its XML cannot be read (the libraries' messages are English and say nothing to them). */
export const BROKEN_WORKBOOK =
  '文件已损坏或不是完整的 Excel 工作簿（.xlsx），无法读取：请用 Excel 或 WPS 打开后「另存为」Excel 工作簿（*.xlsx）再导入';

/** A zip entry as unzipper's central directory gives it (the fields we read). */
interface ZipEntry {
  path: string;
  type: string;
  flags: number;
  compressionMethod: number;
  compressedSize: number;
  offsetToLocalFileHeader: number;
  stream(): Readable;
}

/** A part of the workbook: its path in the zip and its bytes, unzipped, read as they are needed. */
interface Part {
  path: string;
  bytes(): AsyncIterable<Buffer>;
}

/**
 * How a part is unzipped: zlib in chunks of INFLATE_CHUNK, from reads of as much, straight from the file. unzipper's
 * own entry stream inflates in zlib's default 16 KB chunks through three streams of its own: each chunk a round trip
 * to libuv's thread pool that waits for the parsing thread's event loop, 18,000 of them for the 300 MB of XML of a
 * 100k-case workbook; whenever the pool's thread waited for a core (the import's other threads busy on a 2-core
 * machine) the parse waited with it. Measured at 100k, alternating (bench/README.md, round 10): the parse alone
 * 10.3–10.4 s against 10.9–11.5, the import 12.5–12.8 s against 14.4–14.8. 128 KB was the fastest chunk for the
 * parse alone (9.4–10.1 s; 64 KB 10.2–10.4, 256 KB 10.5–10.6, 512 KB 10.8–10.9, side by side).
 */
const INFLATE_CHUNK = 128 << 10;
/**
 * The text is handed to the XML parser in pieces of this many bytes, as unzipper's stream handed it: a piece of up
 * to 16 KB stays an ordinary heap object, and larger strings cost the parser more (256 KB pieces were slower).
 */
const TEXT_PIECE = 16 << 10;

/** The unzipped bytes of a stored or deflated entry, read straight from the file; anything else through unzipper. */
async function* partBytes(file: string, e: ZipEntry): AsyncGenerator<Buffer> {
  const method = e.compressionMethod;
  if ((method !== 0 && method !== 8) || e.flags & 1) {
    yield* e.stream() as AsyncIterable<Buffer>; // unzipper says what is wrong (encrypted, unknown method)
    return;
  }
  const head = Buffer.alloc(30);
  const fh = await fs.promises.open(file, 'r');
  try {
    await fh.read(head, 0, 30, e.offsetToLocalFileHeader);
  } finally {
    await fh.close();
  }
  if (head.readUInt32LE(0) !== 0x04034b50) throw new Error(`bad local header for ${e.path}`);
  const start = e.offsetToLocalFileHeader + 30 + head.readUInt16LE(26) + head.readUInt16LE(28);
  if (e.compressedSize === 0) return;
  const raw = fs.createReadStream(file, { start, end: start + e.compressedSize - 1, highWaterMark: INFLATE_CHUNK });
  if (method === 0) {
    yield* raw as AsyncIterable<Buffer>;
    return;
  }
  // pipeline: an error on either side (a cut file, bad deflate data) ends the iteration with it.
  const inflate = zlib.createInflateRaw({ chunkSize: INFLATE_CHUNK });
  pipeline(raw, inflate, () => undefined);
  yield* inflate as AsyncIterable<Buffer>;
}
/* eslint-disable @typescript-eslint/no-require-imports */
// unzipper has no bundled types; this is the one call we use. Both libraries load on the first read, not with the
// handlers (they cost ~0.2 s of every start: issue 15, first screen).
const unzipper = () => require('unzipper') as { Open: { file(path: string): Promise<{ files: ZipEntry[] }> } };
const excel = (): typeof ExcelJSType => require('exceljs');
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
async function* utf8Chunks(bytes: AsyncIterable<Buffer>): AsyncGenerator<string> {
  const dec = new StringDecoder('utf8');
  for await (const chunk of bytes) {
    for (let at = 0; at < chunk.length; at += TEXT_PIECE) {
      const s = dec.write(chunk.length <= TEXT_PIECE ? chunk : chunk.subarray(at, at + TEXT_PIECE));
      if (s) yield s;
    }
  }
  const tail = dec.end();
  if (tail) yield tail;
}

/**
 * A part's text that must be a whole XML document: it must end with its root element's closing tag.
 * exceljs's XML parser does not notice a part that simply stops (a cut file that still unzips): its
 * rows up to the cut would be imported as if they were all, and cases would lose their other rows.
 */
async function* wholeXml(bytes: AsyncIterable<Buffer>, part: string): AsyncGenerator<string> {
  let head = '';
  let tail = '';
  for await (const s of utf8Chunks(bytes)) {
    if (head.length < 512) head += s.slice(0, 512);
    tail = (tail + s).slice(-256);
    yield s;
  }
  const root = /<([A-Za-z_][\w.:-]*)[\s/>]/.exec(head.replace(/<\?[\s\S]*?\?>/g, '').replace(/<!--[\s\S]*?-->/g, ''));
  const closed =
    root &&
    (new RegExp(`</${root[1].replace(/[.]/g, '\\.')}\\s*>\\s*$`).test(tail) || /^[^<]*<[^>]*\/>\s*$/.test(head.trim()));
  if (!closed) throw new IncompletePart(part);
}

class IncompletePart extends Error {
  constructor(readonly part: string) {
    super(`incomplete part ${part}`);
  }
}

/** The same, as a stream (exceljs's part parsers listen for 'data' events). */
const textStream = (part: Part): Readable => Readable.from(wholeXml(part.bytes(), part.path));

/** An exceljs cell value → a plain cell (rich text joined, formula results, hyperlink text). */
export function plainCell(v: unknown): Cell {
  return readCell(v).value;
}

/**
 * An exceljs cell value → the plain cell and what is odd about it: a formula (its cached result is
 * the value; the import warns), a formula with no cached result, an Excel error value (#N/A, #REF!…).
 */
export function readCell(v: unknown): { value: Cell; note?: CellNote['kind']; text?: string } {
  if (v == null) return { value: null };
  if (typeof v === 'string') return { value: decodeOoxmlEscapes(v) };
  if (typeof v === 'number' || typeof v === 'boolean' || v instanceof Date) return { value: v };
  if (typeof v === 'object') {
    const o = v as {
      richText?: { text: string }[];
      result?: unknown;
      text?: unknown;
      error?: string;
      formula?: string;
      sharedFormula?: string;
    };
    if (Array.isArray(o.richText)) return { value: decodeOoxmlEscapes(o.richText.map((r) => r.text).join('')) };
    if ('formula' in o || 'sharedFormula' in o) {
      const formula = String(o.formula ?? o.sharedFormula ?? '');
      if (o.result === undefined || o.result === null) return { value: null, note: 'formula-no-result', text: formula };
      const r = readCell(o.result);
      if (r.note === 'error-value') return r;
      return { value: r.value, note: 'formula', text: formula };
    }
    if (o.text !== undefined) return readCell(o.text);
    if (o.error) return { value: null, note: 'error-value', text: String(o.error) };
  }
  return { value: String(v) };
}

/** Zip path of a relationship target ('worksheets/sheet1.xml' or '/xl/worksheets/sheet1.xml'). */
function partPath(target: string): string {
  return target.startsWith('/') ? target.slice(1) : `xl/${target}`;
}

/** Every worksheet in workbook order; each sheet's rows must be consumed (or drained) before the next. */
export async function* readXlsx(file: string): AsyncGenerator<SheetRows> {
  let reader: ReaderInternals;
  let byPath: Map<string, Part>;
  try {
    ({ reader, byPath } = await openWorkbook(file));
  } catch (e) {
    throw e instanceof ImportReadError ? e : new ImportReadError(BROKEN_WORKBOOK, {});
  }

  for (const sheet of reader.model?.sheets ?? []) {
    const rel = reader.workbookRels?.find((r) => r.Id === sheet.rId);
    const entry = rel && byPath.get(partPath(rel.Target));
    if (!entry)
      throw new ImportReadError(`工作表 ${sheet.name} 的内容在文件中缺失（文件已损坏）`, { sheet: sheet.name });
    const sheetNo = /sheet(\d+)\.xml$/.exec(entry.path)?.[1] ?? String(sheet.id);
    let ws: WorksheetLike | undefined;
    try {
      for (const ev of reader._parseWorksheet(wholeXml(entry.bytes(), entry.path), sheetNo))
        if (ev.eventType === 'worksheet') ws = ev.value;
    } catch {
      throw new ImportReadError(`工作表 ${sheet.name} 已损坏，无法读取`, { sheet: sheet.name });
    }
    if (!ws) throw new ImportReadError(`工作表 ${sheet.name} 已损坏，无法读取`, { sheet: sheet.name });
    const rowsOf = ws;
    yield {
      name: sheet.name,
      rows: (async function* () {
        let last = 0;
        try {
          for await (const row of rowsOf) {
            const values = row.values; // 1-based, sparse
            const cells: Cell[] = new Array(Math.max(0, values.length - 1));
            let notes: CellNote[] | undefined;
            for (let i = 1; i < values.length; i++) {
              const v = values[i];
              // Plain values (nearly all cells) skip the object inspection.
              if (typeof v === 'string') cells[i - 1] = decodeOoxmlEscapes(v);
              else if (v == null || typeof v !== 'object' || v instanceof Date) cells[i - 1] = v as Cell;
              else {
                const r = readCell(v);
                cells[i - 1] = r.value;
                if (r.note) (notes ??= []).push({ col: i - 1, kind: r.note, text: r.text ?? '' });
              }
            }
            last = row.number;
            yield notes ? { n: row.number, cells, notes } : { n: row.number, cells };
          }
        } catch (e) {
          if (e instanceof ImportReadError) throw e;
          // A broken part (cut zip, bad XML, an undefined entity): where it broke, in Excel's rows. The XML
          // parser says "line:column"; the row (and cell) is the last <row r="…"> (and <c r="…">) before that place (the parser
          // fails before it hands over the rows it buffered, so `last` alone would be too early).
          const place = await placeInXml(entry, (e as Error)?.message).catch(() => null);
          const row = place?.row ?? last + 1;
          throw new ImportReadError(
            `工作表 ${sheet.name} 第 ${row} 行附近的内容已损坏（文件不完整或格式错误），无法读取`,
            {
              sheet: sheet.name,
              row,
              col: place?.col ?? undefined,
            },
          );
        }
      })(),
    };
  }
}

/** 'A' → 0, 'AB' → 27. */
function colIndex(letters: string): number {
  let n = 0;
  for (const ch of letters) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

/**
 * The Excel row (and column, when inside a cell) of a place in a worksheet's XML, from the XML
 * parser's "line:column: …" message: the last `<row r="N">` (and `<c r="XN">` after it) that starts
 * before it. Null when the message has no place.
 */
async function placeInXml(
  entry: Part,
  message: string | undefined,
): Promise<{ row: number | null; col: number | null } | null> {
  const m = /^(\d+):(\d+):/.exec(message ?? '');
  if (!m) return null;
  const line = +m[1];
  const column = +m[2];
  let row: number | null = null;
  let col: number | null = null;
  let tail = ''; // the end of the last stretch: a tag may be cut between two
  let read = 0; // characters read so far (absolute offset of the end of the last stretch)
  let lineNo = 1;
  let target: number | null = line <= 1 ? column : null; // absolute offset of the place
  const TAGS = /<row\b[^>]*?\br="(\d+)"|<c\b[^>]*?\br="([A-Z]{1,3})\d+"/g;
  for await (const chunk of utf8Chunks(entry.bytes())) {
    const text = tail + chunk;
    const base = read - tail.length; // absolute offset of text[0]
    for (let i = tail.length; target == null && i < text.length; i++) {
      if (text.charCodeAt(i) !== 10) continue;
      lineNo++;
      if (lineNo === line) target = base + i + 1 + column;
    }
    read += chunk.length;
    const done = target != null && target <= read;
    // The tail was scanned last time; only tags that start in the new part count again.
    for (const t of text.slice(0, done ? target! - base : text.length).matchAll(TAGS)) {
      if (t.index! + t[0].length <= tail.length) continue;
      if (t[1] !== undefined) {
        row = +t[1];
        col = null;
      } else col = colIndex(t[2]);
    }
    if (done) return { row, col };
    tail = text.slice(Math.max(0, text.length - 200));
  }
  return { row, col };
}

/** The zip's directory and exceljs's workbook-level parts (rels, workbook, shared strings, styles). */
async function openWorkbook(file: string): Promise<{ reader: ReaderInternals; byPath: Map<string, Part> }> {
  const dir = await unzipper().Open.file(file);
  const byPath = new Map<string, Part>(
    dir.files.filter((f) => f.type === 'File').map((f) => [f.path, { path: f.path, bytes: () => partBytes(file, f) }]),
  );
  // styles 'cache' makes date-formatted cells arrive as Dates (UTC wall clock); shared strings are cached once.
  const reader = new (excel().stream.xlsx.WorkbookReader)(file, {
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    worksheets: 'emit',
    entries: 'ignore',
  }) as unknown as ReaderInternals;
  const rels = byPath.get('xl/_rels/workbook.xml.rels');
  const workbook = byPath.get('xl/workbook.xml');
  if (!rels || !workbook)
    throw new ImportReadError(
      '这不是 Excel 工作簿（压缩包中没有工作簿内容 xl/workbook.xml）：请确认选择的是 .xlsx 文件',
      {},
    );
  await reader._parseRels(textStream(rels));
  await reader._parseWorkbook(textStream(workbook));
  const shared = byPath.get('xl/sharedStrings.xml');
  if (shared) {
    for await (const _ of reader._parseSharedStrings(textStream(shared)));
    // Each cached string is a slice of a 64 KB text chunk and keeps it alive: copy them (see ownString).
    const ss = reader.sharedStrings ?? [];
    for (let i = 0; i < ss.length; i++)
      if (typeof ss[i] === 'string') ss[i] = ownString(decodeOoxmlEscapes(ss[i] as string));
  }
  const styles = byPath.get('xl/styles.xml');
  if (styles) await reader._parseStyles(textStream(styles));
  return { reader, byPath };
}
