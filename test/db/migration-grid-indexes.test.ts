/** Migration grid-indexes: a store with cases gains the grid's (filter, sort) indexes; its rows stay as they were. */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../db/store';
import { writeCaseBundles } from '../../db/queries/cases';
import * as m from '../../db/migrations/015-grid-indexes';
import { generateCases } from '../../tools/generator';
import { tmpDir } from '../helpers/tmp';

const columns = (db: ReturnType<typeof openStore>, index: string) =>
  (db.prepare(`SELECT name FROM pragma_index_info(?) ORDER BY seqno`).all(index) as { name: string }[]).map(
    (r) => r.name,
  );

describe(`migration ${m.name}`, () => {
  it('adds and widens the cases indexes the grid walks, and leaves the cases as they were', () => {
    const file = path.join(tmpDir(), 's.sqlite');
    const db = openStore(file, { targetVersion: m.version - 1 });
    writeCaseBundles(db, generateCases({ cases: 200, seed: 3, asOf: '2026-10-31' }), null);
    const before = db.prepare('SELECT * FROM cases ORDER BY id').all();
    expect(columns(db, 'cases_concluded')).toEqual(['concluded_on']);
    db.close();

    const after = openStore(file, { targetVersion: m.version });
    expect(after.prepare('SELECT * FROM cases ORDER BY id').all()).toEqual(before);
    expect(after.pragma('integrity_check', { simple: true })).toBe('ok');
    const expected: Record<string, string[]> = {
      cases_department: ['department', 'prosecutor', 'status'],
      cases_prosecutor: ['prosecutor', 'received_on', 'case_no', 'category', 'status', 'department'],
      cases_concluded: ['concluded_on', 'received_on'],
      cases_category_case_no: ['category', 'case_no'],
      cases_department_case_no: ['department', 'case_no'],
      cases_category_department: ['category', 'department', 'prosecutor', 'status'],
      cases_category_prosecutor: ['category', 'prosecutor', 'received_on', 'case_no'],
      cases_department_category: ['department', 'category', 'status'],
      cases_status_concluded: ['status', 'concluded_on', 'received_on'],
    };
    for (const [index, cols] of Object.entries(expected)) expect(columns(after, index), index).toEqual(cols);
    // An index answers from the migrated rows: the 审查起诉 cases in 部门受案号 order.
    const viaIndex = after
      .prepare(
        "SELECT case_no FROM cases INDEXED BY cases_category_case_no WHERE category = '审查起诉' ORDER BY case_no",
      )
      .pluck()
      .all();
    const plain = (before as { category: string; case_no: string }[])
      .filter((c) => c.category === '审查起诉')
      .map((c) => c.case_no)
      .sort();
    expect(viaIndex).toEqual(plain);
    expect(viaIndex.length).toBeGreaterThan(0);
    after.close();
  });
});
