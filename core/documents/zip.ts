/**
 * Byte-stable Office files: DOCX and XLSX are zips whose entries carry the time they were written,
 * and whose core properties carry created/modified times. Both are set here from the snapshot's
 * generation time, so exporting the same snapshot twice gives identical bytes.
 */
import zlib from 'node:zlib';
import type JSZip from 'jszip';

// jszip loads on first use (not at every start of the app or the CLI).
/* eslint-disable-next-line @typescript-eslint/no-require-imports */
const jszip = (): typeof JSZip => require('jszip');

export async function stabilizeZip(
  buf: Buffer,
  generatedAt: string,
  transform?: (name: string, xml: string) => string,
): Promise<Buffer> {
  const zip = await jszip().loadAsync(buf);
  const when = new Date(generatedAt);
  const iso = when.toISOString().replace(/\.\d{3}Z$/, 'Z');
  const names = Object.keys(zip.files).sort((a, b) =>
    a === '[Content_Types].xml' ? -1 : b === '[Content_Types].xml' ? 1 : a < b ? -1 : a > b ? 1 : 0,
  );
  // Written by ZipWriter (Node's zlib, level 6): JSZip's JavaScript deflate cost most of a bulletin's DOCX.
  const out = new ZipWriter(when, 6);
  for (const name of names) {
    const f = zip.files[name];
    if (f.dir) continue;
    let data: Buffer | string = await f.async('nodebuffer');
    if (name === 'docProps/core.xml') {
      data = data
        .toString('utf8')
        .replace(/(<dcterms:created[^>]*>)[^<]*(<\/dcterms:created>)/, `$1${iso}$2`)
        .replace(/(<dcterms:modified[^>]*>)[^<]*(<\/dcterms:modified>)/, `$1${iso}$2`);
    }
    if (transform && /\.xml$/.test(name)) data = transform(name, data.toString('utf8'));
    out.add(name, data);
  }
  return out.finish();
}

/**
 * A zip written file by file, each deflated by Node's zlib as it is added (several times faster than JSZip's
 * JavaScript deflate on the tens of MB of XML a large workbook holds, and only the compressed bytes are kept),
 * dated `date` by its UTC fields so the bytes never depend on the machine's time zone: the same files in the same
 * order and the same date give the same bytes. No ZIP64: for files under 4 GB.
 */
export class ZipWriter {
  private readonly parts: Buffer[] = [];
  private readonly central: Buffer[] = [];
  private offset = 0;
  private count = 0;
  private readonly time: number;
  private readonly day: number;

  constructor(
    date: Date,
    private readonly level = 1,
  ) {
    this.time = (date.getUTCHours() << 11) | (date.getUTCMinutes() << 5) | (date.getUTCSeconds() >> 1);
    this.day =
      ((Math.max(date.getUTCFullYear(), 1980) - 1980) << 9) | ((date.getUTCMonth() + 1) << 5) | date.getUTCDate();
  }

  add(name: string, data: string | Buffer): void {
    const raw = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    this.entry(name, [zlib.deflateRawSync(raw, { level: this.level })], zlib.crc32(raw), raw.length);
  }

  /**
   * An entry written in pieces (a large sheet): each piece is handed to zlib's thread pool as it comes, so the
   * caller makes the next piece while the last ones are deflated, and only the compressed bytes are kept.
   * Call end() before the next entry.
   */
  stream(name: string): ZipEntryStream {
    return new ZipEntryStream(this.level, (parts, crc, size) => this.entry(name, parts, crc, size));
  }

  private entry(name: string, body: Buffer[], crc: number, rawLength: number): void {
    const nameBuf = Buffer.from(name, 'utf8');
    const bodyLength = body.reduce((n, b) => n + b.length, 0);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt16LE(this.time, 10);
    local.writeUInt16LE(this.day, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(bodyLength, 18);
    local.writeUInt32LE(rawLength, 22);
    local.writeUInt16LE(nameBuf.length, 26);
    const dir = Buffer.alloc(46);
    dir.writeUInt32LE(0x02014b50, 0);
    dir.writeUInt16LE(20, 4); // made by: MS-DOS
    dir.writeUInt16LE(20, 6);
    dir.writeUInt16LE(0x0800, 8);
    dir.writeUInt16LE(8, 10);
    dir.writeUInt16LE(this.time, 12);
    dir.writeUInt16LE(this.day, 14);
    dir.writeUInt32LE(crc, 16);
    dir.writeUInt32LE(bodyLength, 20);
    dir.writeUInt32LE(rawLength, 24);
    dir.writeUInt16LE(nameBuf.length, 28);
    dir.writeUInt32LE(this.offset, 42);
    this.parts.push(local, nameBuf, ...body);
    this.central.push(dir, nameBuf);
    this.offset += local.length + nameBuf.length + bodyLength;
    this.count++;
  }

  finish(): Buffer {
    const dirSize = this.central.reduce((sum, b) => sum + b.length, 0);
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(this.count, 8);
    end.writeUInt16LE(this.count, 10);
    end.writeUInt32LE(dirSize, 12);
    end.writeUInt32LE(this.offset, 16);
    return Buffer.concat([...this.parts, ...this.central, end]);
  }
}

/** Pieces of one zip entry, deflated on zlib's thread pool (ZipWriter.stream). */
export class ZipEntryStream {
  private readonly deflate: zlib.DeflateRaw;
  private readonly out: Buffer[] = [];
  private crc = 0;
  private size = 0;
  private readonly done: Promise<void>;

  constructor(
    level: number,
    private readonly close: (body: Buffer[], crc: number, size: number) => void,
  ) {
    this.deflate = zlib.createDeflateRaw({ level });
    this.deflate.on('data', (b: Buffer) => this.out.push(b));
    this.done = new Promise((resolve, reject) => {
      this.deflate.on('end', resolve);
      this.deflate.on('error', reject);
    });
  }

  /** Adds a piece; waits only when many MB are still waiting to be deflated (memory stays bounded). */
  async write(data: string | Buffer): Promise<void> {
    const raw = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    if (raw.length === 0) return;
    this.crc = zlib.crc32(raw, this.crc);
    this.size += raw.length;
    this.deflate.write(raw);
    if (this.deflate.writableLength > 32 * 1024 * 1024)
      await new Promise<void>((resolve) => this.deflate.once('drain', () => resolve()));
  }

  async end(): Promise<void> {
    this.deflate.end();
    await this.done;
    this.close(this.out, this.crc, this.size);
  }
}
