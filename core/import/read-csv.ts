/**
 * CSV files: encoding detection and a streaming parse.
 *
 * Encoding (stack notes): a byte-order mark decides (UTF-8, UTF-16 LE/BE; UTF-32 is refused by name);
 * else strict UTF-8; else GB18030 (a superset of GBK, what Chinese Excel writes). Short GBK runs can be
 * valid UTF-8, so the choice is confirmed by the header row naming known columns, and the other
 * decoding is tried when it does not; a file with NUL bytes and no BOM is tried as UTF-16. A header in
 * one encoding over a body in the other (a UTF-8 header pasted onto a GBK export) is named as mixed,
 * with the first row that is not in the header's encoding.
 * csv-parse never converts types: case numbers keep leading zeros. Rows are numbered by record
 * (header = 1), which is what Excel shows when it opens the file, even with quoted line breaks; the
 * parser's own errors ("Quote Not Closed … line 3") are turned into Chinese with that row and column.
 */
import fs from 'node:fs';
import { Readable } from 'node:stream';
import { parse as parseCsv } from 'csv-parse';
import { parse as parseCsvSync } from 'csv-parse/sync';
import iconv from 'iconv-lite';
import type { SheetName } from '../domain';
import { identifySheet } from './columns';
import { ImportReadError, type RowIn } from './types';

export type CsvEncoding = 'utf-8' | 'gb18030' | 'utf-16le' | 'utf-16be';

/** The encodings as a user knows them. */
export const ENCODING_NAMES: Record<CsvEncoding, string> = {
  'utf-8': 'UTF-8',
  gb18030: 'GBK（GB18030）',
  'utf-16le': 'UTF-16（小端）',
  'utf-16be': 'UTF-16（大端）',
};

/** "UTF-8 编码", "GBK（GB18030）编码". */
const encodingText = (e: CsvEncoding) => `${ENCODING_NAMES[e]}${/[A-Za-z0-9]$/.test(ENCODING_NAMES[e]) ? ' ' : ''}编码`;

export interface CsvTable {
  encoding: CsvEncoding;
  /** The sheet the header row names, or undefined when it names none. */
  sheet: SheetName | undefined;
  rows: AsyncIterable<RowIn>;
}

const SAMPLE_BYTES = 64 * 1024;
/** A record (one row, all its cells) may be this long; Excel's own cell limit is 32,767 characters. */
export const MAX_RECORD_CHARS = 1_000_000;

function headerOf(text: string): string[] {
  const firstLine = text.split(/\r?\n/, 1)[0] ?? '';
  try {
    const recs = parseCsvSync(firstLine, { relax_quotes: true, relax_column_count: true }) as string[][];
    return recs[0] ?? [];
  } catch {
    return firstLine.split(',');
  }
}

/** The sample decoded in `enc`, or null when it is not valid in it (UTF-8, UTF-16 are checked strictly). */
function decodeSample(buf: Buffer, enc: CsvEncoding): string | null {
  if (enc === 'gb18030') return iconv.decode(buf, 'gb18030');
  try {
    // stream: true tolerates a character cut at the sample's end.
    return new TextDecoder(enc, { fatal: true }).decode(buf, { stream: true });
  } catch {
    return null;
  }
}

/** Why a file cannot be read as CSV at all, named for the user (e.g. UTF-32), or null. */
function unsupportedBom(b: Buffer): string | null {
  if (
    (b[0] === 0xff && b[1] === 0xfe && b[2] === 0 && b[3] === 0) ||
    (b[0] === 0 && b[1] === 0 && b[2] === 0xfe && b[3] === 0xff)
  )
    return '文件是 UTF-32 编码，本程序无法读取：请用 Excel 打开后另存为「CSV UTF-8（逗号分隔）」再导入';
  return null;
}

export interface Detected {
  encoding: CsvEncoding;
  /** Bytes of the byte-order mark to skip. */
  bom: number;
  sheet: SheetName | undefined;
  /** A header in one encoding over rows in another: the row (as Excel shows it) where the other begins. */
  mixed?: { header: CsvEncoding; body: CsvEncoding; row: number };
}

/** Excel's row number of the first line of `lines` that is not valid UTF-8 (records before it counted, header = 1). */
function firstRowNotUtf8(lines: Buffer[]): number | null {
  const dec = new TextDecoder('utf-8', { fatal: true });
  const good: string[] = [];
  for (const line of lines) {
    try {
      good.push(dec.decode(line));
    } catch {
      return recordsIn(good.join('\n')) + 1;
    }
  }
  return null;
}

/** Records in a stretch of CSV text (quoted line breaks kept inside their record). */
function recordsIn(text: string): number {
  if (!text) return 0;
  try {
    return (parseCsvSync(text, { relax_quotes: true, relax_column_count: true, skip_empty_lines: false }) as unknown[])
      .length;
  } catch {
    return text.split('\n').length;
  }
}

function splitLines(buf: Buffer): Buffer[] {
  const out: Buffer[] = [];
  let start = 0;
  for (let i = 0; i < buf.length; i++)
    if (buf[i] === 0x0a) {
      out.push(buf.subarray(start, i + 1));
      start = i + 1;
    }
  if (start < buf.length) out.push(buf.subarray(start));
  return out;
}

/** Chooses the encoding and the sheet from the file's first bytes; throws ImportReadError for what it cannot read. */
export function detectCsv(sample: Buffer, fileHint: string): Detected {
  const refused = unsupportedBom(sample);
  if (refused) throw new ImportReadError(refused);
  const withBom = (encoding: CsvEncoding, bom: number): Detected => ({
    encoding,
    bom,
    sheet: identifySheet(headerOf(decodeSample(sample.subarray(bom), encoding) ?? ''), fileHint),
  });
  if (sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf) return withBom('utf-8', 3);
  if (sample[0] === 0xff && sample[1] === 0xfe) return withBom('utf-16le', 2);
  if (sample[0] === 0xfe && sample[1] === 0xff) return withBom('utf-16be', 2);

  // NUL bytes and no BOM: UTF-16 without its mark, if a decoding names a sheet.
  if (sample.includes(0)) {
    for (const enc of ['utf-16le', 'utf-16be'] as const) {
      const sheet = identifySheet(headerOf(decodeSample(sample, enc) ?? ''), fileHint);
      if (sheet) return { encoding: enc, bom: 0, sheet };
    }
  }
  const utf8 = decodeSample(sample, 'utf-8');
  const utf8Sheet = utf8 != null ? identifySheet(headerOf(utf8), fileHint) : undefined;
  if (utf8Sheet) return { encoding: 'utf-8', bom: 0, sheet: utf8Sheet };

  // The sample is not all UTF-8: is its header line UTF-8 (a UTF-8 header over a GBK body)?
  const lines = splitLines(sample);
  const headerUtf8 = lines.length > 1 ? decodeSample(lines[0], 'utf-8') : null;
  const headerSheet = headerUtf8 != null ? identifySheet(headerOf(headerUtf8), fileHint) : undefined;
  if (headerSheet) {
    const row = firstRowNotUtf8(lines) ?? 2;
    return { encoding: 'utf-8', bom: 0, sheet: headerSheet, mixed: { header: 'utf-8', body: 'gb18030', row } };
  }
  const gb = decodeSample(sample, 'gb18030') ?? '';
  const gbSheet = identifySheet(headerOf(gb), fileHint);
  if (gbSheet) {
    // A GBK header over UTF-8 rows: a later line that is valid UTF-8 with Chinese in it (GBK text rarely is).
    for (const [i, line] of lines.entries()) {
      if (i === 0 || !line.some((b) => b >= 0x80)) continue;
      const text = decodeSample(line, 'utf-8');
      if (text != null && /[\u4e00-\u9fff]{2}/.test(text)) {
        const row = recordsIn(iconv.decode(Buffer.concat(lines.slice(0, i)), 'gb18030')) + 1;
        return { encoding: 'gb18030', bom: 0, sheet: gbSheet, mixed: { header: 'gb18030', body: 'utf-8', row } };
      }
    }
    return { encoding: 'gb18030', bom: 0, sheet: gbSheet };
  }
  return { encoding: utf8 != null ? 'utf-8' : 'gb18030', bom: 0, sheet: undefined };
}

async function* decoded(file: string, enc: CsvEncoding, skip: number): AsyncGenerator<string> {
  const stream = fs.createReadStream(file, { start: skip, highWaterMark: 1 << 20 });
  if (enc === 'gb18030') {
    const dec = iconv.getDecoder('gb18030');
    for await (const chunk of stream) yield dec.write(chunk as Buffer);
    const tail = dec.end();
    if (tail) yield tail;
    return;
  }
  // Not fatal: a byte sequence that is not in this encoding becomes U+FFFD in its cell, and the cell check
  // refuses it at its own row and column (a whole 1 MB chunk failing would say neither).
  const dec = new TextDecoder(enc);
  for await (const chunk of stream) yield dec.decode(chunk as Buffer, { stream: true });
  const tail = dec.decode();
  if (tail) yield tail;
}

/** A csv-parse error → Chinese, at the Excel row (record) and column (field) where it happened. */
export function csvParseError(e: unknown, lastRow: number, header: readonly string[] = []): ImportReadError {
  const err = e as { code?: string; records?: number; index?: number; column?: number };
  const row = (typeof err.records === 'number' ? err.records : lastRow) + 1;
  const col = typeof err.index === 'number' ? err.index : undefined;
  // The parser fails before it hands over the rows it buffered: the header is named from the file's first line.
  const at = { row, col, column: col != null && row > 1 ? header[col]?.trim() || undefined : undefined };
  switch (err.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return new ImportReadError(
        `第 ${row} 行的引号没有闭合（从这里起到文件末尾都被当成了一个单元格）：请检查该行单元格中的英文双引号`,
        at,
      );
    case 'CSV_INVALID_CLOSING_QUOTE':
    case 'INVALID_OPENING_QUOTE':
    case 'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE':
      return new ImportReadError(
        '单元格中的英文双引号用法不正确（引号内的双引号应写成两个 ""）：请在 Excel 中打开该文件另存为 CSV 再导入',
        at,
      );
    case 'CSV_MAX_RECORD_SIZE':
      return new ImportReadError(`这一行过长（超过 ${MAX_RECORD_CHARS} 个字符）：文件可能已损坏或引号没有闭合`, at);
    default:
      return new ImportReadError('这一行无法按 CSV 格式读取：文件可能已损坏', at);
  }
}

function readSample(file: string): Buffer {
  const fd = fs.openSync(file, 'r');
  try {
    const buf = Buffer.alloc(SAMPLE_BYTES);
    return buf.subarray(0, fs.readSync(fd, buf, 0, SAMPLE_BYTES, 0));
  } finally {
    fs.closeSync(fd);
  }
}

export async function readCsv(file: string, fileHint: string): Promise<CsvTable> {
  const sample = readSample(file);
  const { encoding, bom, sheet, mixed } = detectCsv(sample, fileHint);
  const header = headerOf(decodeSample(sample.subarray(bom), encoding) ?? '');
  if (mixed)
    throw new ImportReadError(
      `文件编码混杂：表头是 ${encodingText(mixed.header)}，从第 ${mixed.row} 行起却是 ${encodingText(mixed.body)}：请用 Excel 打开原始导出文件，另存为「CSV UTF-8（逗号分隔）」后再导入`,
      { row: mixed.row, sheet },
    );
  const rows = (async function* () {
    const source = Readable.from(decoded(file, encoding, bom));
    const parser = source.pipe(
      parseCsv({
        bom: true,
        relax_column_count: true,
        skip_empty_lines: false,
        cast: false,
        max_record_size: MAX_RECORD_CHARS,
      }),
    );
    // pipe() does not forward errors: a decoding error must end the parse, not hang it.
    source.on('error', (e) => parser.destroy(e));
    let n = 0;
    try {
      for await (const rec of parser as AsyncIterable<string[]>) {
        n++;
        yield { n, cells: rec };
      }
    } catch (e) {
      throw csvParseError(e, n, header);
    }
  })();
  return { encoding, sheet, rows };
}
