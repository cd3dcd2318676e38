/**
 * The first load of an empty store written while the file is read (core/import/stream-load.ts): it stores exactly
 * what the import's write after reading stores (every table, the search index); nobody sees a row of it before it
 * commits; an error anywhere (the last sheet included) leaves the store empty; a workbook whose 案件 sheet comes after
 * a child sheet is written the classic way, with the same result.
 */
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { runImport } from '../../core/import';
import { StreamLoad } from '../../core/import/stream-load';
import { casesWithNameGram, casesWithText } from '../../db/queries/search';
import { writeWorkbook } from '../../tools/generator';
import { tmpDir, tmpStore } from '../helpers/tmp';
import { sampleSheets, writeXlsx } from '../fixtures/import/build';
import { dumpStore } from './helpers';

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

function searches(db: Database.Database) {
  return {
    title: casesWithText(db, 'title', '盗窃案', 1000),
    caseNo: casesWithText(db, 'case_no', '2026', 1000).length,
    name: casesWithNameGram(db, '张', 1000),
  };
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
    const s = searches(streamed.db);
    expect(s.title.length + s.name.length).toBeGreaterThan(0);
    expect(s).toEqual(searches(classic.db));
  });

  it('an error in the last rows refuses the import and leaves the store empty', async () => {
    const st = tmpStore();
    const before = dumpStore(st.db);
    const sheets = sampleSheets();
    const docs = sheets.文书;
    docs[docs.length - 1] = [...docs[docs.length - 1]];
    docs[docs.length - 1][3] = '2026-02-30';
    const r = await runImport(st.ctx, [await writeXlsx(path.join(tmpDir(), 'bad.xlsx'), sheets)]);
    expect(r.ok).toBe(false);
    expect(r.errors[0]).toMatchObject({ sheet: '文书', column: '签发日期' });
    expect(dumpStore(st.db)).toEqual(before);
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
});
