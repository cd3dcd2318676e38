/** Migration department-title: a store with cases gains the (承办部门, 案件名称) index; its rows stay as they were. */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../db/store';
import { listCases, writeCaseBundles } from '../../db/queries/cases';
import * as m from '../../db/migrations/019-department-title';
import { generateCases } from '../../tools/generator';
import { tmpDir } from '../helpers/tmp';

describe(`migration ${m.name}`, () => {
  it('adds the index of a department in title order; the grid pages from it the same rows as before', () => {
    const file = path.join(tmpDir(), 's.sqlite');
    const db = openStore(file, { targetVersion: m.version - 1 });
    writeCaseBundles(db, generateCases({ cases: 300, seed: 5, asOf: '2026-10-31' }), null);
    const before = db.prepare('SELECT * FROM cases ORDER BY id').all();
    const query = { offset: 10, limit: 20, sort: [{ col: 'title' as const, dir: 'desc' as const }] };
    const department = db
      .prepare('SELECT department FROM cases GROUP BY department ORDER BY count(*) DESC')
      .pluck()
      .get();
    const page = listCases(db, { ...query, filters: { department: department as string } });
    db.close();

    const after = openStore(file, { targetVersion: m.version });
    expect(after.prepare('SELECT * FROM cases ORDER BY id').all()).toEqual(before);
    expect(after.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(
      after.prepare('SELECT name FROM pragma_index_info(?) ORDER BY seqno').pluck().all('cases_department_title'),
    ).toEqual(['department', 'title']);
    expect(page.total).toBeGreaterThan(30);
    expect(listCases(after, { ...query, filters: { department: department as string } })).toEqual(page);
    after.close();
  });
});
