/**
 * Fuzzing the importer: malformed and random XLSX/CSV files never crash it, never write part of an
 * import, and every error names the file, and for a row its sheet, Excel row and column.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import fs from 'node:fs';
import path from 'node:path';
import { tmpDir } from '../helpers/tmp';
import { openStore } from '../../db/store';
import { SHEET_COLUMNS } from '../../core/import/columns';
import type { SheetName } from '../../core/domain';
import { tableHashes } from './fixtures/hash';

type Grid = Record<string, (string | number | null)[][]>;
type ImportFn = (
  ctx: { db: ReturnType<typeof openStore>; dbPath: string; actor: string },
  files: string[],
  o: { dryRun?: boolean },
) => Promise<{
  ok: boolean;
  errors: { file: string; sheet: string; row: number; column: string; value: string; message: string }[];
}>;

let dir = '';
let base = '';
let grid: Grid = {};
let runImport: ImportFn | null = null;
let n = 0;
const tally = { ok: 0, refused: 0 };

function cellOf(v: unknown): string | number | null {
  if (v == null || v === '') return null;
  if (typeof v === 'boolean') return v ? '是' : '否';
  return v as string | number;
}

beforeAll(async () => {
  dir = tmpDir('caseflow-fuzz-');
  const gen = await import('../../tools/generator').catch(() => null);
  const imp = await import('../../core/import').catch(() => null);
  if (!gen || !imp) return;
  runImport = imp.runImport as unknown as ImportFn;
  const opts = { cases: 40, seed: 5, asOf: '2026-11-20' };
  const bundles = [...gen.generateCases(opts)];
  const rows = (name: SheetName, recs: object[]) => [
    SHEET_COLUMNS[name].map((c) => c.header),
    ...recs.map((r) => SHEET_COLUMNS[name].map((c) => cellOf((r as Record<string, unknown>)[c.key]))),
  ];
  grid = {
    案件: rows(
      '案件',
      bundles.map((b) => b.case),
    ),
    嫌疑人: rows(
      '嫌疑人',
      bundles.flatMap((b) => b.persons),
    ),
    流程节点: rows(
      '流程节点',
      bundles.flatMap((b) => b.events),
    ),
    文书: rows(
      '文书',
      bundles.flatMap((b) => b.documents),
    ),
  };
  // The store holds an earlier import, so that "nothing written" is a real check.
  base = path.join(dir, 'base.sqlite');
  const db = openStore(base);
  const first = path.join(dir, 'first.xlsx');
  await writeXlsx(grid, first);
  const r = await runImport({ db, dbPath: base, actor: 'fuzz' }, [first], {});
  expect(r.ok, JSON.stringify(r.errors.slice(0, 3))).toBe(true);
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
}, 120_000);

async function writeXlsx(g: Grid, file: string): Promise<void> {
  const wb = new ExcelJS.Workbook();
  for (const [name, rows] of Object.entries(g)) {
    const ws = wb.addWorksheet(name);
    for (const r of rows) ws.addRow(r);
  }
  await wb.xlsx.writeFile(file);
}

function csvText(rows: (string | number | null)[][], sep = ','): string {
  return (
    rows
      .map((r) =>
        r
          .map((v) => {
            const s = v == null ? '' : String(v);
            return /[",\r\n]/.test(s) || s.includes(sep) ? `"${s.replace(/"/g, '""')}"` : s;
          })
          .join(sep),
      )
      .join('\r\n') + '\r\n'
  );
}

/** One import of `files` on a fresh copy of the base store; checks the invariants. */
async function check(files: string[]): Promise<void> {
  const f = path.join(dir, `run-${n++}.sqlite`);
  fs.copyFileSync(base, f);
  const before = tableHashes(f);
  const db = openStore(f);
  let r: Awaited<ReturnType<ImportFn>>;
  try {
    r = await runImport!({ db, dbPath: f, actor: 'fuzz' }, files, {});
  } finally {
    db.close();
  }
  tally[r.ok ? 'ok' : 'refused']++;
  if (!r.ok) {
    expect(tableHashes(f), 'a refused import wrote something').toEqual(before);
    expect(r.errors.length).toBeGreaterThan(0);
    for (const e of r.errors) {
      expect(e.file, JSON.stringify(e)).toBeTruthy();
      expect(e.message, JSON.stringify(e)).toBeTruthy();
      if (e.row > 0) {
        expect(e.sheet, JSON.stringify(e)).toBeTruthy();
        // A part of the file that broke off names its row, and its column only when the break is inside a cell.
        if (!/已损坏/.test(e.message)) expect(e.column, JSON.stringify(e)).toBeTruthy();
      }
    }
  }
  for (const x of [f, `${f}-wal`, `${f}-shm`]) fs.rmSync(x, { force: true });
}

const GARBAGE = [
  '',
  ' ',
  '??',
  '2026-02-30',
  '2026/13/01',
  '45000',
  '-1',
  '是否',
  'NULL',
  '#N/A',
  '=1+1',
  '<script>x</script>',
  '\u0000',
  '😀',
  'ｘ'.repeat(300),
  '审查起拆',
  '在办 ',
  '１２３',
  '1e309',
];
const cellValue = fc.oneof(
  fc.constantFrom(...GARBAGE),
  fc.string({ maxLength: 12 }),
  fc.integer({ min: -1e6, max: 1e7 }),
  fc.constant(null),
);

type Mutation =
  | { k: 'cell'; sheet: number; row: number; col: number; v: string | number | null }
  | { k: 'header'; sheet: number; col: number; v: string | number | null }
  | { k: 'dupRow'; sheet: number; row: number }
  | { k: 'dropCol'; sheet: number; col: number }
  | { k: 'dropSheet'; sheet: number }
  | { k: 'renameSheet'; sheet: number; name: string }
  | { k: 'blankRows'; sheet: number; row: number; count: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      k: fc.constant('cell' as const),
      sheet: fc.nat(3),
      row: fc.nat(200),
      col: fc.nat(20),
      v: cellValue,
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ k: fc.constant('header' as const), sheet: fc.nat(3), col: fc.nat(20), v: cellValue }),
  },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('dupRow' as const), sheet: fc.nat(3), row: fc.nat(200) }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('dropCol' as const), sheet: fc.nat(3), col: fc.nat(20) }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('dropSheet' as const), sheet: fc.nat(3) }) },
  {
    weight: 1,
    arbitrary: fc.record({
      k: fc.constant('renameSheet' as const),
      sheet: fc.nat(3),
      name: fc.constantFrom('Sheet1', '案 件', 'cases', '嫌疑人信息', ''),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      k: fc.constant('blankRows' as const),
      sheet: fc.nat(3),
      row: fc.nat(200),
      count: fc.integer({ min: 1, max: 5 }),
    }),
  },
);

function mutate(g: Grid, ms: Mutation[]): Grid {
  const out: Grid = Object.fromEntries(Object.entries(g).map(([k, rows]) => [k, rows.map((r) => [...r])]));
  for (const m of ms) {
    const names = Object.keys(out);
    if (!names.length) break;
    const name = names[m.sheet % names.length];
    const rows = out[name];
    const at = (i: number) => 1 + (i % Math.max(1, rows.length - 1));
    switch (m.k) {
      case 'cell':
        if (rows.length > 1) rows[at(m.row)][m.col % rows[0].length] = m.v;
        break;
      case 'header':
        rows[0][m.col % rows[0].length] = m.v;
        break;
      case 'dupRow':
        if (rows.length > 1) rows.splice(at(m.row), 0, [...rows[at(m.row)]]);
        break;
      case 'dropCol': {
        const c = m.col % rows[0].length;
        for (const r of rows) r.splice(c, 1);
        break;
      }
      case 'dropSheet':
        if (names.length > 1) delete out[name];
        break;
      case 'renameSheet':
        if (m.name && !out[m.name]) {
          out[m.name] = rows;
          delete out[name];
        }
        break;
      case 'blankRows':
        rows.splice(at(m.row), 0, ...Array.from({ length: m.count }, () => rows[0].map(() => null)));
        break;
    }
  }
  return out;
}

describe('importer fuzz', () => {
  it('mutated workbooks: no crash, all or nothing, errors located', async () => {
    if (!runImport) return;
    await fc.assert(
      fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 6 }), async (ms) => {
        const file = path.join(dir, `m-${n}.xlsx`);
        await writeXlsx(mutate(grid, ms), file);
        await check([file]);
      }),
      { numRuns: 60, seed: 20261122 },
    );
    // The mutations reach both outcomes (a fuzz that only ever refuses, or never, tests little).
    expect(tally.refused).toBeGreaterThan(10);
    expect(tally.ok).toBeGreaterThan(0);
  }, 600_000);

  it('mutated CSV files in UTF-8, UTF-8 with BOM, GB18030, with odd separators', async () => {
    if (!runImport) return;
    await fc.assert(
      fc.asyncProperty(
        fc.array(mutation, { minLength: 0, maxLength: 5 }),
        fc.constantFrom('utf8', 'bom', 'gb18030'),
        fc.constantFrom(',', ',', ';', '\t'),
        async (ms, enc, sep) => {
          const g = mutate(grid, ms);
          const files: string[] = [];
          for (const [name, rows] of Object.entries(g)) {
            const file = path.join(dir, `c-${n}-${name || 'x'}.csv`);
            const text = csvText(rows, sep);
            fs.writeFileSync(
              file,
              enc === 'gb18030' ? iconv.encode(text, 'gb18030') : enc === 'bom' ? '\uFEFF' + text : text,
            );
            files.push(file);
          }
          await check(files);
        },
      ),
      { numRuns: 40, seed: 7 },
    );
    expect(tally.refused).toBeGreaterThan(20);
  }, 600_000);

  it('truncated, bit-flipped and random-byte files', async () => {
    if (!runImport) return;
    const good = path.join(dir, 'good.xlsx');
    await writeXlsx(grid, good);
    const bytes = fs.readFileSync(good);
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.record({ k: fc.constant('truncate' as const), at: fc.nat(bytes.length - 1) }),
          fc.record({
            k: fc.constant('flip' as const),
            at: fc.array(fc.nat(bytes.length - 1), { minLength: 1, maxLength: 20 }),
          }),
          fc.record({
            k: fc.constant('random' as const),
            data: fc.uint8Array({ maxLength: 4000 }),
            ext: fc.constantFrom('.xlsx', '.csv', '.xls'),
          }),
        ),
        async (m) => {
          let data: Buffer,
            ext = '.xlsx';
          if (m.k === 'truncate') data = bytes.subarray(0, m.at);
          else if (m.k === 'flip') {
            data = Buffer.from(bytes);
            for (const i of m.at) data[i] ^= 0xff;
          } else {
            data = Buffer.from(m.data);
            ext = m.ext;
          }
          const file = path.join(dir, `b-${n}${ext}`);
          fs.writeFileSync(file, data);
          await check([file]);
        },
      ),
      { numRuns: 50, seed: 99 },
    );
  }, 600_000);
});
