/**
 * The XLSX reader on a worker thread (core/import/xlsx-thread.ts) reads exactly what the reader on the main
 * thread reads: the same sheets, rows, cells (dates included) and notes in the same order; a sheet left after a
 * few rows leaves the next sheets whole; a broken worksheet gives the same Chinese error at the same sheet, row
 * and column, and the sheets after it are still read; a file that is no workbook, the same refusal. A large
 * workbook's import (threaded by default) stores every row of the office.
 */
import fs from 'node:fs';
import path from 'node:path';
import v8 from 'node:v8';
import JSZip from 'jszip';
import { beforeAll, describe, expect, it } from 'vitest';
import { tmpDir, tmpStore } from '../helpers/tmp';
import { writeWideWorkbook, writeWorkbook } from '../../tools/generator';
import { readXlsx, type SheetRows } from '../../core/import/read-xlsx';
import { readXlsxThreaded, THREAD_MIN_BYTES } from '../../core/import/xlsx-thread';
import { AHEAD, BATCH, BATCH_CELLS, packRows, unpackRows } from '../../core/import/read-xlsx-worker';
import type { RowIn } from '../../core/import/types';
import { runImport } from '../../core/import';

type Read = { sheet: string; rows: unknown[]; error?: { message: string; at: unknown } }[];

/** Every sheet and row, as a consumer sees them; `leaveAfter` rows of the first sheet only. */
async function readAll(sheets: AsyncIterable<SheetRows>, leaveAfter?: number): Promise<Read | { error: string }> {
  const out: Read = [];
  try {
    for await (const s of sheets) {
      const r: Read[number] = { sheet: s.name, rows: [] };
      out.push(r);
      try {
        for await (const row of s.rows) {
          r.rows.push(row);
          if (out.length === 1 && leaveAfter !== undefined && r.rows.length >= leaveAfter) break;
        }
      } catch (e) {
        r.error = { message: (e as Error).message, at: (e as { at?: unknown }).at };
      }
    }
  } catch (e) {
    return { error: `${(e as Error).name}: ${(e as Error).message} ${JSON.stringify((e as { at?: unknown }).at)}` };
  }
  return out;
}

describe('the XLSX reader on a worker thread', () => {
  const dir = tmpDir();
  const file = path.join(dir, 'office.xlsx');

  beforeAll(async () => {
    await writeWorkbook({ cases: 6000, seed: 7, asOf: '2026-10-31' }, file);
  });

  it('reads the same sheets, rows, cells and notes as the reader on the main thread', async () => {
    const direct = await readAll(readXlsx(file));
    const threaded = await readAll(readXlsxThreaded(file, 'always'));
    expect(Array.isArray(direct) && direct.length).toBeGreaterThanOrEqual(4);
    const rows = (direct as Read).reduce((n, s) => n + s.rows.length, 0);
    expect(rows).toBeGreaterThan(AHEAD * BATCH); // more batches of rows than the worker may run ahead
    expect(
      (direct as Read).some((s) =>
        s.rows.some((r) => (r as { cells: unknown[] }).cells.some((c) => c instanceof Date)),
      ),
    ).toBe(true);
    expect(threaded).toEqual(direct);
  }, 120_000);

  it('a wide export (a case and a suspect per row, 33 columns: batches end by their cells) reads the same', async () => {
    const wide = path.join(dir, 'wide.xlsx');
    await writeWideWorkbook({ cases: 1500, seed: 7, asOf: '2026-10-31' }, wide);
    const direct = await readAll(readXlsx(wide));
    const first = (direct as Read)[0].rows as { cells: unknown[] }[];
    const widest = Math.max(...first.map((r) => r.cells.length));
    expect(widest).toBeGreaterThanOrEqual(30);
    // rows enough for several batches cut by their cells, fewer than BATCH rows each
    expect(Math.floor(BATCH_CELLS / widest)).toBeLessThan(BATCH);
    expect(first.length * widest).toBeGreaterThan(4 * BATCH_CELLS);
    expect(await readAll(readXlsxThreaded(wide, 'always'))).toEqual(direct);
  }, 120_000);

  it('does the idle work, a slice at a time, while it waits for the rows, and reads the same', async () => {
    let slices = 0;
    const idle = () => ++slices < 20;
    const threaded = await readAll(readXlsxThreaded(file, 'always', undefined, idle));
    // The first rows take a while (the worker starts): the main thread has at least that moment to spare.
    expect(slices).toBeGreaterThan(0);
    expect(threaded).toEqual(await readAll(readXlsx(file)));
  }, 120_000);

  it('a sheet left after a few rows leaves the others whole', async () => {
    const direct = await readAll(readXlsx(file), 3);
    const threaded = await readAll(readXlsxThreaded(file, 'always'), 3);
    expect((direct as Read)[0].rows).toHaveLength(3);
    expect(threaded).toEqual(direct);
  }, 120_000);

  it('a broken worksheet: the same error at the same place, the next sheets read; no workbook: the same refusal', async () => {
    const zip = await JSZip.loadAsync(fs.readFileSync(file));
    const xml = await zip.file('xl/worksheets/sheet1.xml')!.async('string');
    zip.file(
      'xl/worksheets/sheet1.xml',
      xml.replace(/(<row r="700"[^>]*>)/, '$1<c r="Z700" t="inlineStr"><is><t>&bogus;</t></is></c>'),
    );
    const broken = path.join(dir, 'broken.xlsx');
    fs.writeFileSync(broken, await zip.generateAsync({ type: 'nodebuffer' }));
    const direct = (await readAll(readXlsx(broken))) as Read;
    const threaded = await readAll(readXlsxThreaded(broken, 'always'));
    expect(direct[0].error?.message).toContain('已损坏');
    expect(direct.length).toBeGreaterThan(1);
    expect(threaded).toEqual(direct);

    const notZip = path.join(dir, 'not.xlsx');
    fs.writeFileSync(notZip, fs.readFileSync(file).subarray(0, 1500));
    const a = await readAll(readXlsx(notZip));
    expect(a).toEqual({ error: expect.stringContaining('ImportReadError') });
    expect(await readAll(readXlsxThreaded(notZip, 'always'))).toEqual(a);
  }, 120_000);

  it('a large workbook (read on the thread when a core is free) is imported whole', async () => {
    const big = path.join(dir, 'big.xlsx');
    const w = await writeWorkbook({ cases: 5000, seed: 8, asOf: '2026-10-31' }, big);
    expect(fs.statSync(big).size).toBeGreaterThanOrEqual(THREAD_MIN_BYTES);
    const { ctx, db } = tmpStore();
    const r = await runImport(ctx, [big], { takenOn: '2026-10-31' });
    expect(r.ok).toBe(true);
    const count = (t: string) => db.prepare(`SELECT count(*) FROM ${t}`).pluck().get();
    expect(count('cases')).toBe(w.cases);
    expect(count('persons')).toBe(w.rows['嫌疑人']);
    expect(count('events')).toBe(w.rows['流程节点']);
    expect(count('documents')).toBe(w.rows['文书']);
    db.close();
  }, 300_000);

  it('a batch crosses the thread as one dense array of cells (not index by index), empty cells still empty', () => {
    // A row as read-xlsx.ts gives it: the cells a row lacks are holes (a wide export's suspect columns on a case
    // without suspects), one cell a date, one a formula's note.
    const holey = (n: number, set: Record<number, RowIn['cells'][number]>): RowIn['cells'] => {
      const cells: RowIn['cells'] = new Array(n);
      for (const [k, v] of Object.entries(set)) cells[Number(k)] = v;
      return cells;
    };
    const rows: RowIn[] = [
      {
        n: 4,
        cells: holey(33, { 0: 1, 1: '赤检刑诉受[2025]130732000001号', 7: new Date(Date.UTC(2025, 8, 28)), 20: null }),
      },
      { n: 5, cells: holey(5, { 4: '否' }), notes: [{ col: 4, kind: 'formula', text: 'IF(A1,"是","否")' }] },
      { n: 6, cells: [] },
    ];
    const batch = packRows(rows);
    // The structured clone's tag for the array: 'A' (0x41) a dense array written as one run, 'a' (0x61) the sparse
    // form, written and read back index by index (what an array created with holes gets, even once filled).
    expect(String.fromCharCode(v8.serialize(batch.cells)[2])).toBe('A');
    const back = unpackRows(v8.deserialize(v8.serialize(batch)) as typeof batch);
    expect(back.map((r) => r.n)).toEqual([4, 5, 6]);
    expect(back.map((r) => r.cells.length)).toEqual([33, 5, 0]);
    expect(back[0].cells[1]).toBe('赤检刑诉受[2025]130732000001号');
    expect(back[0].cells[7]).toEqual(new Date(Date.UTC(2025, 8, 28)));
    expect(back[0].cells[20]).toBeNull();
    expect(back[0].cells[2]).toBeUndefined();
    expect(back[1].cells[4]).toBe('否');
    expect(back[1].notes).toEqual(rows[1].notes);
  });
});
