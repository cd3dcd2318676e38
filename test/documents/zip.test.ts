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

  it('gives the same bytes for the same files and date (a re-export is identical)', () => {
    expect(make().equals(make())).toBe(true);
  });
});
