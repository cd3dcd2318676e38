/**
 * The first load of an empty store written while the file is read (core/import/stream-load.ts): it stores exactly
 * what the import's write after reading stores (every table, the search index); nobody sees a row of it before it
 * commits; an error anywhere (the last sheet included) leaves the store empty; a workbook whose 案件 sheet comes after
 * a child sheet is written the classic way, with the same result.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { runImport } from '../../core/import';
import { StreamLoad } from '../../core/import/stream-load';
import { THREAD_MIN_BYTES } from '../../core/import/xlsx-thread';
import { casesWithNameGram, casesWithText } from '../../db/queries/search';
import { checkMapping } from '../../core/import/mapping';
import { writeWideWorkbook, wideMapping, writeWorkbook } from '../../tools/generator';
import { tmpDir, tmpStore } from '../helpers/tmp';
import { sampleSheets, writeXlsx } from '../fixtures/import/build';
import { Collector } from '../../core/import/collect';
import { dumpStore } from './helpers';

// A core is always free here, so a workbook of 1 MB or more is read on the parse thread whatever the machine's load.
vi.mock('../../core/workers/spawn', async (orig) => ({
  ...(await orig<typeof import('../../core/workers/spawn')>()),
  coreFree: () => true,
}));

/** Every data table but the search index's own (compared through its queries), timestamps of this run blanked. */
function contents(db: Database.Database): Record<string, unknown[]> {
  const out: Record<string, unknown[]> = {};
  for (const [name, rows] of Object.entries(dumpStore(db))) {
    if (name.startsWith('case_search') || name.startsWith('case_no_search')) continue;
    out[name] = (rows as Record<string, unknown>[]).map((r) => {
      const o = { ...r };
      for (const k of ['updated_at', 'started_at', 'finished_at', 'at', 'created_at']) if (k in o) o[k] = '…';
      return o;
    });
  }
  return out;
}

/** The store's schema: tables, and every index as defined (the load drops the cases' indexes and builds them again). */
function schema(db: Database.Database): unknown[] {
  return db.prepare('SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name').all();
}

function searches(db: Database.Database) {
  return {
    title: casesWithText(db, 'title', '盗窃案', 1000),
    caseNo: casesWithText(db, 'case_no', '2026', 1000).length,
    name: casesWithNameGram(db, '张', 1000),
  };
}

/** A load on an empty store, fed row by row through its own collector (no file: the sheets' tables begun by hand). */
function openLoad(ctx: ReturnType<typeof tmpStore>['ctx']): { col: Collector; load: StreamLoad } {
  const col = new Collector();
  const load = StreamLoad.open(ctx, col, { startedAt: '2026-10-31 09:00:00', actor: 'tester', takenOn: '2026-10-31' });
  if (!load) throw new Error('no load: the store is not empty');
  return { col, load };
}

describe('the first load of an empty store, written while reading', () => {
  const dir = tmpDir();
  const file = path.join(dir, 'office.xlsx');
  beforeAll(async () => {
    await writeWorkbook({ cases: 3000, seed: 11, asOf: '2026-10-31' }, file);
  });
  afterEach(() => vi.restoreAllMocks());

  it('stores what the write after reading stores, and nobody sees a row before the commit', async () => {
    const commit = vi.spyOn(StreamLoad.prototype, 'commit');
    const streamed = tmpStore();
    const seenDuringRead: number[] = [];
    const other = new Database(streamed.dbPath, { readonly: true });
    const r1 = await runImport(
      {
        ...streamed.ctx,
        progress: (p) => {
          if (p.phase === '读取' && (p.done ?? 0) >= 10_000) {
            seenDuringRead.push(other.prepare('SELECT count(*) FROM cases').pluck().get() as number);
            seenDuringRead.push(streamed.db.prepare('SELECT count(*) FROM cases').pluck().get() as number);
          }
        },
      },
      [file],
      { takenOn: '2026-10-31' },
    );
    other.close();
    expect(r1.ok).toBe(true);
    expect(commit).toHaveBeenCalledTimes(1);
    expect(seenDuringRead.length).toBeGreaterThan(0);
    expect(seenDuringRead.every((n) => n === 0)).toBe(true);

    commit.mockClear();
    // Without a store file to open a second connection on, the import writes after reading (the classic way).
    const classic = tmpStore();
    const r2 = await runImport({ ...classic.ctx, dbPath: '' }, [file], { takenOn: '2026-10-31' });
    expect(commit).not.toHaveBeenCalled();
    expect(r2.ok).toBe(true);
    expect({ ...r1, message: '' }).toEqual({ ...r2, message: '' });
    expect(r1.cases.added).toBe(3000);
    expect(contents(streamed.db)).toEqual(contents(classic.db));
    expect(schema(streamed.db).filter((x) => (x as { tbl_name: string }).tbl_name === 'cases').length).toBeGreaterThan(
      10,
    );
    expect(schema(streamed.db)).toEqual(schema(tmpStore().db));
    const s = searches(streamed.db);
    expect(s.title.length + s.name.length).toBeGreaterThan(0);
    expect(s).toEqual(searches(classic.db));
  });

  it('an error in the last rows refuses the import and leaves the store empty', async () => {
    const st = tmpStore();
    const before = dumpStore(st.db);
    const schemaBefore = schema(st.db);
    const sheets = sampleSheets();
    const docs = sheets.文书;
    docs[docs.length - 1] = [...docs[docs.length - 1]];
    docs[docs.length - 1][3] = '2026-02-30';
    const r = await runImport(st.ctx, [await writeXlsx(path.join(tmpDir(), 'bad.xlsx'), sheets)]);
    expect(r.ok).toBe(false);
    expect(r.errors[0]).toMatchObject({ sheet: '文书', column: '签发日期' });
    expect(dumpStore(st.db)).toEqual(before);
    expect(schema(st.db)).toEqual(schemaBefore); // the cases' indexes, dropped for the load, are back
    // The store's write lock was given back: a next import writes.
    const ok = await runImport(st.ctx, [await writeXlsx(path.join(tmpDir(), 'good.xlsx'), sampleSheets())]);
    expect(ok.ok).toBe(true);
    expect(st.db.prepare('SELECT count(*) FROM cases').pluck().get()).toBe(3);
  });

  it('child rows before their cases: written the classic way, the same rows', async () => {
    const commit = vi.spyOn(StreamLoad.prototype, 'commit');
    const { 案件, ...rest } = sampleSheets();
    const late = tmpStore();
    const r1 = await runImport(late.ctx, [await writeXlsx(path.join(tmpDir(), 'late.xlsx'), { ...rest, 案件 })], {
      takenOn: '2026-10-31',
    });
    expect(r1.ok).toBe(true);
    expect(commit).not.toHaveBeenCalled();
    const first = tmpStore();
    const r2 = await runImport(first.ctx, [await writeXlsx(path.join(tmpDir(), 'first.xlsx'), sampleSheets())], {
      takenOn: '2026-10-31',
    });
    expect(commit).toHaveBeenCalledTimes(1);
    expect(r2.ok).toBe(true);
    const strip = (d: Record<string, unknown[]>) => ({ ...d, import_batches: [], audit_trail: [] });
    expect(strip(contents(late.db))).toEqual(strip(contents(first.db)));
  });

  it('a store that already holds cases is written the classic way', async () => {
    const commit = vi.spyOn(StreamLoad.prototype, 'commit');
    const st = tmpStore();
    const f = await writeXlsx(path.join(tmpDir(), 'a.xlsx'), sampleSheets());
    expect((await runImport(st.ctx, [f])).ok).toBe(true);
    expect(commit).toHaveBeenCalledTimes(1);
    const sheets = sampleSheets();
    sheets.案件[1] = [...sheets.案件[1]];
    sheets.案件[1][1] = '张某某盗窃、诈骗案';
    const r = await runImport(st.ctx, [await writeXlsx(path.join(tmpDir(), 'b.xlsx'), sheets)]);
    expect(r.ok).toBe(true);
    expect(r.cases.changed).toBe(1);
    expect(commit).toHaveBeenCalledTimes(1);
  });

  it('rows carry their batch, data dates and history as they go in; another date or a missing sheet is corrected at the end', async () => {
    const commit = vi.spyOn(StreamLoad.prototype, 'commit');
    const wide = path.join(dir, 'wide.xlsx');
    await writeWideWorkbook({ cases: 300, seed: 12, asOf: '2026-10-10' }, wide);
    const mapping = checkMapping(wideMapping('样例导出'));
    if (!mapping.ok) throw new Error(mapping.errors.join());
    const { 嫌疑人: _p, 文书: _d, ...noPersons } = sampleSheets();
    const variants: [string, string, Parameters<typeof runImport>[2]][] = [
      ['today as the data date', file, {}],
      ["the title row's date (统计截至…), not today", wide, { mapping: mapping.resolved }],
      [
        'no 嫌疑人 or 文书 sheet',
        await writeXlsx(path.join(tmpDir(), 'np.xlsx'), noPersons),
        { takenOn: '2026-10-31' },
      ],
    ];
    for (const [what, f, opts] of variants) {
      commit.mockClear();
      const streamed = tmpStore();
      const r1 = await runImport(streamed.ctx, [f], opts);
      expect(commit, what).toHaveBeenCalledTimes(1);
      const classic = tmpStore();
      const r2 = await runImport({ ...classic.ctx, dbPath: '' }, [f], opts);
      expect(commit, what).toHaveBeenCalledTimes(1);
      expect(r1.ok && r2.ok, what).toBe(true);
      expect({ ...r1, message: '' }, what).toEqual({ ...r2, message: '' });
      expect(contents(streamed.db), what).toEqual(contents(classic.db));
      const c = streamed.db.prepare('SELECT * FROM cases ORDER BY id LIMIT 1').get() as Record<string, unknown>;
      expect(c.first_import_id, what).toBe(r1.batchId);
      expect(c.taken_on, what).toBe(r1.takenOn);
      if (what.startsWith('no')) expect([c.persons_taken_on, c.documents_taken_on], what).toEqual([null, null]);
      else expect(c.persons_taken_on, what).toBe(r1.takenOn);
    }
  }, 120_000);

  it('read on the parse thread, the search index filled while the main thread waits for rows: the same store', async () => {
    const big = path.join(dir, 'big.xlsx');
    await writeWorkbook({ cases: 5000, seed: 13, asOf: '2026-10-31' }, big);
    expect(fs.statSync(big).size).toBeGreaterThanOrEqual(THREAD_MIN_BYTES);
    const idle = vi.spyOn(StreamLoad.prototype, 'idle');
    const streamed = tmpStore();
    const r1 = await runImport(streamed.ctx, [big], { takenOn: '2026-10-31' });
    expect(idle).toHaveBeenCalled();
    const classic = tmpStore();
    const r2 = await runImport({ ...classic.ctx, dbPath: '' }, [big], { takenOn: '2026-10-31' });
    expect(r1.ok && r2.ok).toBe(true);
    expect({ ...r1, message: '' }).toEqual({ ...r2, message: '' });
    expect(contents(streamed.db)).toEqual(contents(classic.db));
    expect(searches(streamed.db)).toEqual(searches(classic.db));
    expect(schema(streamed.db)).toEqual(schema(classic.db));
  }, 300_000);

  it("the cases' indexes are built in the main thread's idle time once the 案件 sheet is done, not before", () => {
    const sheets = sampleSheets();
    const caseIndexes = (db: Database.Database) =>
      db
        .prepare(
          "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND tbl_name IN ('cases', 'case_history') AND sql IS NOT NULL",
        )
        .pluck()
        .get() as number;
    const { ctx, db } = tmpStore();
    const all = caseIndexes(db);
    expect(all).toBeGreaterThan(3);
    const { col, load } = openLoad(ctx);
    try {
      const [head, ...rows] = sheets['案件'];
      const cases = col.beginTable('office.xlsx', '案件', 1, head as string[]);
      rows.forEach((r, i) => col.addRow(cases, i + 2, r as string[]));
      // Still in the 案件 sheet: nothing to do while waiting for rows (another case row would enter every index).
      expect(load.idle()).toBe(false);
      expect(caseIndexes(load.db)).toBe(0);
      // The 嫌疑人 sheet begins: the case rows are all in, and each idle slice builds one of their indexes.
      col.beginTable('office.xlsx', '嫌疑人', 1, sheets['嫌疑人'][0] as string[]);
      expect(load.idle()).toBe(true);
      expect(caseIndexes(load.db)).toBe(1);
      while (caseIndexes(load.db) < all) expect(load.idle()).toBe(true);
      // The search index waits for the 流程节点/文书 rows (a case's suspects may still come).
      expect(load.idle()).toBe(false);
    } finally {
      load.abandon();
    }
    expect(caseIndexes(db)).toBe(all);
  });

  it('a wide export begins its 案件 and 嫌疑人 tables before any case row: no index is built while its cases come', () => {
    const sheets = sampleSheets();
    const { ctx } = tmpStore();
    const { col, load } = openLoad(ctx);
    try {
      const [head, ...rows] = sheets['案件'];
      const cases = col.beginTable('wide.xlsx', '案件', 1, head as string[]);
      col.beginTable('wide.xlsx', '嫌疑人', 1, sheets['嫌疑人'][0] as string[]);
      rows.forEach((r, i) => col.addRow(cases, i + 2, r as string[]));
      expect(load.idle()).toBe(false);
    } finally {
      load.abandon();
    }
  });

  it('a wide export fills the search index while its sheet is read, up to the last case and the suspects still waiting', () => {
    const sheets = sampleSheets();
    const caseRow = sheets['案件'][1] as string[];
    const personRow = sheets['嫌疑人'][1] as string[];
    const no = (i: number) => `赤检刑诉受[2026]13073200${String(i).padStart(4, '0')}号`;
    const { ctx } = tmpStore();
    const { col, load } = openLoad(ctx);
    const entered = () => load.db.prepare('SELECT count(*) FROM case_no_search').pluck().get() as number;
    try {
      const cases = col.beginTable('wide.xlsx', '案件', 1, sheets['案件'][0] as string[]);
      const persons = col.beginTable('wide.xlsx', '嫌疑人', 1, sheets['嫌疑人'][0] as string[]);
      for (let i = 1; i <= 2500; i++) {
        col.addRow(cases, i + 1, [no(i), ...caseRow.slice(1)]);
        col.addRow(persons, i + 1, [no(i), ...personRow.slice(1)]);
        while (load.idle());
      }
      expect(col.errorCount).toBe(0);
      // Suspects are written in runs of 1,000: the cases whose suspects are written are entered, the rest wait.
      expect(entered()).toBeGreaterThanOrEqual(1000);
      expect(entered()).toBeLessThan(2500);
      expect(casesWithText(load.db, 'case_no', no(1).slice(-8), 10)).toHaveLength(1);
      expect(casesWithText(load.db, 'case_no', no(2500).slice(-8), 10)).toEqual([]);
    } finally {
      load.abandon();
    }
  });

  it('a wide export on the parse thread (suspects written in runs after their cases): the same store', async () => {
    const wide = path.join(dir, 'wide-big.xlsx');
    await writeWideWorkbook({ cases: 4000, seed: 14, asOf: '2026-10-31' }, wide);
    expect(fs.statSync(wide).size).toBeGreaterThanOrEqual(THREAD_MIN_BYTES);
    const mapping = checkMapping(wideMapping('样例导出'));
    if (!mapping.ok) throw new Error(mapping.errors.join());
    const commit = vi.spyOn(StreamLoad.prototype, 'commit');
    const streamed = tmpStore();
    const r1 = await runImport(streamed.ctx, [wide], { mapping: mapping.resolved });
    expect(commit).toHaveBeenCalledTimes(1);
    const classic = tmpStore();
    const r2 = await runImport({ ...classic.ctx, dbPath: '' }, [wide], { mapping: mapping.resolved });
    expect(r1.ok && r2.ok).toBe(true);
    expect(r1.rows['嫌疑人']).toBeGreaterThan(3000);
    expect({ ...r1, message: '' }).toEqual({ ...r2, message: '' });
    expect(contents(streamed.db)).toEqual(contents(classic.db));
    expect(searches(streamed.db)).toEqual(searches(classic.db));
    expect(schema(streamed.db)).toEqual(schema(classic.db));
  }, 300_000);
});
