/** The zip writer of the XLSX writer (core/documents/zip.ts ZipWriter): readable by another implementation, stable bytes, no time zone. */
import { describe, expect, it } from 'vitest';
import JSZip from 'jszip';
import { ZipWriter } from '../../core/documents/zip';

const make = () => {
  const z = new ZipWriter(new Date('2026-11-01T09:30:20+08:00'));
  z.add('[Content_Types].xml', '<Types/>');
  z.add('xl/worksheets/sheet1.xml', `<sheetData>${'<row>检察官</row>'.repeat(5000)}</sheetData>`);
  z.add('bin', Buffer.from([0, 1, 2, 255]));
  return z.finish();
};

describe('ZipWriter', () => {
  it('writes deflated entries another zip reader opens, with their names, contents and date', async () => {
    const zip = await JSZip.loadAsync(make());
    expect(Object.keys(zip.files)).toEqual(['[Content_Types].xml', 'xl/worksheets/sheet1.xml', 'bin']);
    expect(await zip.file('xl/worksheets/sheet1.xml')!.async('string')).toBe(
      `<sheetData>${'<row>检察官</row>'.repeat(5000)}</sheetData>`,
    );
    expect([...(await zip.file('bin')!.async('uint8array'))]).toEqual([0, 1, 2, 255]);
    // 09:30:20 in China is 01:30:20 UTC; DOS times have two-second steps.
    const d = zip.file('bin')!.date;
    expect([d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()]).toEqual([2026, 11, 1]);
  });

  it('writes an entry streamed in pieces (a large sheet) as one entry, the same bytes each time', async () => {
    const make = async () => {
      const z = new ZipWriter(new Date('2026-11-01T09:30:20+08:00'));
      z.add('a.xml', '<a/>');
      const e = z.stream('xl/worksheets/sheet1.xml');
      for (let i = 0; i < 300; i++) await e.write(`<row r="${i + 1}">${'<c>检察官</c>'.repeat(500)}</row>`);
      await e.write(Buffer.from('</sheetData>'));
      await e.end();
      z.add('b.xml', '<b/>');
      return z.finish();
    };
    const buf = await make();
    const zip = await JSZip.loadAsync(buf, { checkCRC32: true });
    expect(Object.keys(zip.files)).toEqual(['a.xml', 'xl/worksheets/sheet1.xml', 'b.xml']);
    const want = Array.from({ length: 300 }, (_, i) => `<row r="${i + 1}">${'<c>检察官</c>'.repeat(500)}</row>`).join(
      '',
    );
    expect(await zip.file('xl/worksheets/sheet1.xml')!.async('string')).toBe(want + '</sheetData>');
    expect(await zip.file('b.xml')!.async('string')).toBe('<b/>');
    expect(buf.equals(await make())).toBe(true);
  });

  it('gives the same bytes for the same files and date (a re-export is identical)', () => {
    expect(make().equals(make())).toBe(true);
  });
});
