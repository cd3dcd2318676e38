/**
 * The stored counts of cases per filter value (migration case-counts, db/queries/case-counts.ts) stay equal to a
 * count of the cases through every writer of cases, and the grid's totals come from them.
 */
import { describe, expect, it } from 'vitest';
import { tmpStore } from '../helpers/tmp';
import { generateCases } from '../../tools/generator';
import { listCases, listCasesSql, writeCaseBundles, type CaseBundle } from '../../db/queries/cases';
import { beginLoad, finishLoad } from '../../db/queries/load';
import { COUNTED_COLUMNS } from '../../db/queries/case-counts';
import type { Db } from '../../db/store';

const stored = (db: Db) =>
  db.prepare('SELECT col, value, n FROM case_counts ORDER BY col, value').all() as {
    col: string;
    value: string;
    n: number;
  }[];
const counted = (db: Db) =>
  db
    .prepare(
      [
        "SELECT '' AS col, '' AS value, count(*) AS n FROM cases",
        ...COUNTED_COLUMNS.map((c) => `SELECT '${c}', ${c}, count(*) FROM cases GROUP BY ${c}`),
      ].join(' UNION ALL ') + ' ORDER BY col, value',
    )
    .all();
const gen = (n: number, seed: number) => [...generateCases({ cases: n, seed, asOf: '2026-10-31' })];

describe('case counts', () => {
  it('follow writeCaseBundles: a bulk load, new cases, cases moved between values, a value emptied, children only', () => {
    const { db } = tmpStore();
    expect(stored(db)).toEqual([{ col: '', value: '', n: 0 }]);
    const first = gen(300, 5);
    writeCaseBundles(db, first, null, { rebuildIndexes: true });
    expect(stored(db)).toEqual(counted(db));
    expect(stored(db)[0]).toEqual({ col: '', value: '', n: 300 });

    // New cases and replaced ones in one write; the replaced ones change each counted column, or nothing.
    const more = gen(350, 6).slice(300);
    const prosecutor = first[0].case!.prosecutor;
    const changed: CaseBundle[] = first.slice(0, 60).map((bd, i) => ({
      case: {
        ...bd.case!,
        category: i % 4 === 0 ? (bd.case!.category === '其他' ? '公益诉讼' : '其他') : bd.case!.category,
        status: i % 4 === 1 ? (bd.case!.status === '在办' ? '办结' : '在办') : bd.case!.status,
        department: i % 4 === 2 ? '新部门' : bd.case!.department,
        prosecutor: i % 4 === 3 || bd.case!.prosecutor === prosecutor ? '新检察官' : bd.case!.prosecutor,
      },
    }));
    writeCaseBundles(db, [...more, ...changed, { caseNo: first[100].case!.caseNo, persons: [] }], null);
    expect(stored(db)).toEqual(counted(db));
    expect(stored(db)[0].n).toBeGreaterThan(300);
    expect(stored(db).find((r) => r.col === 'department' && r.value === '新部门')?.n).toBe(15);

    // Every case of a prosecutor moved to another: the prosecutor's count goes (a value with no case has no row).
    const rest = first.filter((bd, i) => i >= 60 && bd.case!.prosecutor === prosecutor);
    writeCaseBundles(
      db,
      rest.map((bd) => ({ case: { ...bd.case!, prosecutor: '新检察官' } })),
      null,
    );
    expect(stored(db)).toEqual(counted(db));
    expect(stored(db).some((r) => r.value === prosecutor)).toBe(false);

    // A write that fails changes nothing, its counts included.
    expect(() =>
      writeCaseBundles(
        db,
        [{ case: { ...first[1].case!, department: '又一部门' } }, { caseNo: '不存在', persons: [] }],
        null,
      ),
    ).toThrow();
    expect(stored(db)).toEqual(counted(db));
  });

  it('follow the first load written while the file is read (load.ts)', () => {
    const { db } = tmpStore();
    const w = beginLoad(db, { startedAt: '2026-10-31T09:00:00+08:00', actor: 't', takenOn: null })!;
    for (const bd of gen(120, 8)) w.caseRow(bd.case!);
    finishLoad(db, w, {
      batch: { files: [{ name: 'x.xlsx', sha256: 'x' }], contentHash: 'x', takenOn: null },
      kinds: { persons: false, events: false, documents: false },
      searchDone: false,
    });
    db.exec('COMMIT');
    expect(stored(db)).toEqual(counted(db));
    expect(stored(db)[0].n).toBe(120);
  });

  it('give the grid its total for no filter and for one value of a column', () => {
    const { db } = tmpStore();
    const all = gen(200, 9);
    writeCaseBundles(db, all, null);
    const c = all[7].case!;
    for (const filters of [
      {},
      { category: c.category },
      { status: c.status },
      { department: c.department },
      { prosecutor: c.prosecutor },
      { prosecutor: '无此人' },
    ]) {
      expect(listCasesSql(db, { filters }).countSql, JSON.stringify(filters)).toMatch(/FROM case_counts/);
      const n = db
        .prepare(
          `SELECT count(*) FROM cases ${Object.keys(filters).length ? `WHERE ${Object.keys(filters)[0]} = ?` : ''}`,
        )
        .pluck()
        .get(...Object.values(filters));
      expect(listCases(db, { offset: 0, limit: 10, filters }).total, JSON.stringify(filters)).toBe(n);
    }
    // Two filters are counted.
    expect(listCasesSql(db, { filters: { category: c.category, status: c.status } }).countSql).toMatch(
      /count\(\*\) FROM cases/,
    );
  });
});
