/**
 * CSV files: encoding detection and a streaming parse.
 *
 * Encoding (stack notes): a BOM means UTF-8; else strict UTF-8; else GB18030 (a superset of GBK,
 * what Chinese Excel writes). Short GBK runs can be valid UTF-8, so the choice is confirmed by the
 * header row naming known columns, and the other decoding is tried when it does not.
 * csv-parse never converts types: case numbers keep leading zeros. Rows are numbered by record
 * (header = 1), which is what Excel shows when it opens the file, even with quoted line breaks.
 */
import fs from 'node:fs';
import { Readable } from 'node:stream';
import { parse as parseCsv } from 'csv-parse';
import { parse as parseCsvSync } from 'csv-parse/sync';
import iconv from 'iconv-lite';
import type { SheetName } from '../domain';
import { identifySheet } from './columns';
import type { Cell } from './values';

export type CsvEncoding = 'utf-8' | 'gb18030';

export interface CsvTable {
  encoding: CsvEncoding;
  /** The sheet the header row names, or undefined when it names none. */
  sheet: SheetName | undefined;
  rows: AsyncIterable<{ n: number; cells: Cell[] }>;
}

const SAMPLE_BYTES = 64 * 1024;

function headerOf(text: string): string[] {
  const firstLine = text.split(/\r?\n/, 1)[0] ?? '';
  try {
    const recs = parseCsvSync(firstLine, { relax_quotes: true, relax_column_count: true }) as string[][];
    return recs[0] ?? [];
  } catch {
    return firstLine.split(',');
  }
}

function decodeSample(buf: Buffer, enc: CsvEncoding): string | null {
  if (enc === 'gb18030') return iconv.decode(buf, 'gb18030');
  try {
    // stream: true tolerates a character cut at the sample's end.
    return new TextDecoder('utf-8', { fatal: true }).decode(buf, { stream: true });
  } catch {
    return null;
  }
}

/** Chooses the encoding and the sheet from the file's first bytes. */
export function detectCsv(
  sample: Buffer,
  fileHint: string,
): { encoding: CsvEncoding; bom: boolean; sheet: SheetName | undefined } {
  if (sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf) {
    return {
      encoding: 'utf-8',
      bom: true,
      sheet: identifySheet(headerOf(decodeSample(sample.subarray(3), 'utf-8') ?? ''), fileHint),
    };
  }
  const utf8 = decodeSample(sample, 'utf-8');
  const utf8Sheet = utf8 != null ? identifySheet(headerOf(utf8), fileHint) : undefined;
  if (utf8Sheet) return { encoding: 'utf-8', bom: false, sheet: utf8Sheet };
  const gbSheet = identifySheet(headerOf(decodeSample(sample, 'gb18030') ?? ''), fileHint);
  if (gbSheet) return { encoding: 'gb18030', bom: false, sheet: gbSheet };
  return { encoding: utf8 != null ? 'utf-8' : 'gb18030', bom: false, sheet: undefined };
}

async function* decoded(file: string, enc: CsvEncoding, skip: number): AsyncGenerator<string> {
  const stream = fs.createReadStream(file, { start: skip, highWaterMark: 1 << 20 });
  if (enc === 'utf-8') {
    const dec = new TextDecoder('utf-8', { fatal: true });
    for await (const chunk of stream) yield dec.decode(chunk as Buffer, { stream: true });
    const tail = dec.decode();
    if (tail) yield tail;
  } else {
    const dec = iconv.getDecoder('gb18030');
    for await (const chunk of stream) yield dec.write(chunk as Buffer);
    const tail = dec.end();
    if (tail) yield tail;
  }
}

export async function readCsv(file: string, fileHint: string): Promise<CsvTable> {
  const fd = fs.openSync(file, 'r');
  let sample: Buffer;
  try {
    const buf = Buffer.alloc(SAMPLE_BYTES);
    sample = buf.subarray(0, fs.readSync(fd, buf, 0, SAMPLE_BYTES, 0));
  } finally {
    fs.closeSync(fd);
  }
  const { encoding, bom, sheet } = detectCsv(sample, fileHint);
  const rows = (async function* () {
    const source = Readable.from(decoded(file, encoding, bom ? 3 : 0));
    const parser = source.pipe(parseCsv({ bom: true, relax_column_count: true, skip_empty_lines: false, cast: false }));
    // pipe() does not forward errors: a decoding error must end the parse, not hang it.
    source.on('error', (e) => parser.destroy(e));
    let n = 0;
    for await (const rec of parser as AsyncIterable<string[]>) {
      n++;
      yield { n, cells: rec as Cell[] };
    }
  })();
  return { encoding, sheet, rows };
}
