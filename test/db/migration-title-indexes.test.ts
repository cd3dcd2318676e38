/**
 * Migrations category-title and department-title: a store with cases gains the index of a filter column in 案件名称
 * order; its rows stay as they were, and the grid pages from it the same rows as before.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../db/store';
import { listCases, writeCaseBundles } from '../../db/queries/cases';
import * as categoryTitle from '../../db/migrations/018-category-title';
import * as departmentTitle from '../../db/migrations/019-department-title';
import { generateCases } from '../../tools/generator';
import { tmpDir } from '../helpers/tmp';

const cases: [{ version: number; name: string }, 'category' | 'department'][] = [
  [categoryTitle, 'category'],
  [departmentTitle, 'department'],
];

for (const [m, column] of cases) {
  describe(`migration ${m.name}`, () => {
    it(`adds the index of a ${column} in title order; the grid pages from it the same rows as before`, () => {
      const file = path.join(tmpDir(), 's.sqlite');
      const db = openStore(file, { targetVersion: m.version - 1 });
      writeCaseBundles(db, generateCases({ cases: 300, seed: 5, asOf: '2026-10-31' }), null);
      const before = db.prepare('SELECT * FROM cases ORDER BY id').all();
      const value = db.prepare(`SELECT ${column} FROM cases GROUP BY 1 ORDER BY count(*) DESC`).pluck().get() as string;
      const query = { offset: 10, limit: 20, sort: [{ col: 'title' as const, dir: 'desc' as const }] };
      const page = listCases(db, { ...query, filters: { [column]: value } });
      db.close();

      const after = openStore(file, { targetVersion: m.version });
      expect(after.prepare('SELECT * FROM cases ORDER BY id').all()).toEqual(before);
      expect(after.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(
        after.prepare('SELECT name FROM pragma_index_info(?) ORDER BY seqno').pluck().all(`cases_${column}_title`),
      ).toEqual([column, 'title']);
      expect(page.total).toBeGreaterThan(30);
      expect(listCases(after, { ...query, filters: { [column]: value } })).toEqual(page);
      after.close();
    });
  });
}
