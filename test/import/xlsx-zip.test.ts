/**
 * How the XLSX reader unzips a workbook's parts (core/import/read-xlsx.ts partBytes: straight from the file, in
 * 128 KB chunks): whatever way a tool zipped the file — parts deflated at another level, parts stored without
 * compression, sizes given only after each part (a "data descriptor", as streaming zip writers do), an extra
 * field in each part's local header — the reader
 * gives the same sheets, rows and cells as for the workbook exceljs wrote; a part whose compressed data is damaged
 * is refused with the Chinese message that names the sheet.
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import JSZip from 'jszip';
import { beforeAll, describe, expect, it } from 'vitest';
import { tmpDir } from '../helpers/tmp';
import { writeWorkbook } from '../../tools/generator';
import { readXlsx } from '../../core/import/read-xlsx';

type Sheet = { sheet: string; rows: unknown[]; error?: string };

async function readAll(file: string): Promise<Sheet[]> {
  const out: Sheet[] = [];
  for await (const s of readXlsx(file)) {
    const r: Sheet = { sheet: s.name, rows: [] };
    out.push(r);
    try {
      for await (const row of s.rows) r.rows.push(row);
    } catch (e) {
      r.error = (e as Error).message;
    }
  }
  return out;
}

/** The workbook zipped again by JSZip, another zip writer, with these options. */
async function rezip(from: string, to: string, o: JSZip.JSZipGeneratorOptions<'nodebuffer'>): Promise<void> {
  const zip = await JSZip.loadAsync(fs.readFileSync(from));
  fs.writeFileSync(to, await zip.generateAsync({ ...o, type: 'nodebuffer' }));
}

/**
 * The workbook zipped by hand with an extra field in every local header (as Info-ZIP's zip writes its time stamps):
 * each part's data then starts past it, at an offset the central directory does not give.
 */
async function withLocalExtras(from: string, to: string): Promise<void> {
  const zip = await JSZip.loadAsync(fs.readFileSync(from));
  const extra = Buffer.from([0x55, 0x54, 5, 0, 1, 0, 0, 0, 0]); // "UT": an extended time stamp
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const name of Object.keys(zip.files)) {
    const data = await zip.files[name].async('nodebuffer');
    const raw = zlib.deflateRawSync(data);
    const nameBuf = Buffer.from(name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8); // deflated
    local.writeUInt32LE(zlib.crc32(data), 14);
    local.writeUInt32LE(raw.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBuf.length, 26);
    local.writeUInt16LE(extra.length, 28);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    local.copy(central, 10, 8, 26); // method, time, date, crc, sizes
    central.writeUInt16LE(nameBuf.length, 28); // no extra field here
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBuf, extra, raw);
    centrals.push(central, nameBuf);
    offset += 30 + nameBuf.length + extra.length + raw.length;
  }
  const dir = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(centrals.length / 2, 8);
  end.writeUInt16LE(centrals.length / 2, 10);
  end.writeUInt32LE(dir.length, 12);
  end.writeUInt32LE(offset, 16);
  fs.writeFileSync(to, Buffer.concat([...locals, dir, end]));
}

/** The compression method and data-descriptor flag of a part, from its local header in the file. */
function header(file: string, part: string): { method: number; descriptor: boolean } {
  const buf = fs.readFileSync(file);
  const sig = Buffer.from([0x50, 0x4b, 3, 4]);
  for (let at = buf.indexOf(sig); at >= 0; at = buf.indexOf(sig, at + 4)) {
    const name = buf.toString('utf8', at + 30, at + 30 + buf.readUInt16LE(at + 26));
    if (name === part) return { method: buf.readUInt16LE(at + 8), descriptor: (buf.readUInt16LE(at + 6) & 8) !== 0 };
  }
  throw new Error(`no local header for ${part}`);
}

describe('the XLSX reader unzips parts however the file was zipped', () => {
  const dir = tmpDir();
  const file = path.join(dir, 'office.xlsx');
  let expected: Sheet[];

  beforeAll(async () => {
    // Large enough that the biggest sheet's XML spans many 128 KB chunks.
    await writeWorkbook({ cases: 2000, seed: 11, asOf: '2026-10-31' }, file);
    expected = await readAll(file);
  }, 120_000);

  it('reads the workbook exceljs wrote (parts deflated) whole', () => {
    expect(expected.map((s) => s.sheet)).toEqual(['案件', '嫌疑人', '流程节点', '文书', '人员']);
    expect(expected.every((s) => !s.error)).toBe(true);
    expect(expected[0].rows).toHaveLength(2001); // the header and every case
    expect(fs.statSync(file).size).toBeGreaterThan(4 * 128 * 1024);
  });

  it('parts stored without compression read the same', async () => {
    const stored = path.join(dir, 'stored.xlsx');
    await rezip(file, stored, { compression: 'STORE' });
    expect(header(stored, 'xl/worksheets/sheet1.xml').method).toBe(0);
    expect(await readAll(stored)).toEqual(expected);
  });

  it('parts deflated by another writer, sizes given after each part (a data descriptor), read the same', async () => {
    const streamed = path.join(dir, 'streamed.xlsx');
    await rezip(file, streamed, { compression: 'DEFLATE', compressionOptions: { level: 9 }, streamFiles: true });
    const h = header(streamed, 'xl/worksheets/sheet1.xml');
    expect(h).toEqual({ method: 8, descriptor: true });
    expect(await readAll(streamed)).toEqual(expected);
  });

  it('parts with an extra field in their local header (their data starts past it) read the same', async () => {
    const extras = path.join(dir, 'extras.xlsx');
    await withLocalExtras(file, extras);
    expect(await readAll(extras)).toEqual(expected);
  });

  it('a part whose compressed data is damaged is refused with a Chinese message naming its sheet', async () => {
    const damaged = path.join(dir, 'damaged.xlsx');
    const buf = Buffer.from(fs.readFileSync(file));
    // The middle of the first worksheet's compressed data, overwritten.
    const at = buf.indexOf('xl/worksheets/sheet1.xml');
    const mid = at + Math.floor((buf.indexOf('xl/worksheets/sheet2.xml') - at) / 2);
    buf.fill(0xff, mid, mid + 64);
    fs.writeFileSync(damaged, buf);
    const read = await readAll(damaged);
    expect(read[0].sheet).toBe('案件');
    expect(read[0].error).toMatch(/^工作表 案件 第 \d+ 行附近的内容已损坏/);
    expect(read[0].error).not.toMatch(/[a-z]{4,}/i); // no English library message
  });
});
