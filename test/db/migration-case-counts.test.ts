/** Migration case-counts: a store with cases gains the number of cases of each filter value and of all cases. */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../db/store';
import { writeCaseBundles } from '../../db/queries/cases';
import * as m from '../../db/migrations/017-case-counts';
import { generateCases } from '../../tools/generator';
import { tmpDir } from '../helpers/tmp';

describe(`migration ${m.name}`, () => {
  it('counts the stored cases per value of 案件类别, 状态, 承办部门, 承办检察官 and in all', () => {
    const file = path.join(tmpDir(), 's.sqlite');
    const db = openStore(file, { targetVersion: m.version - 1 });
    writeCaseBundles(db, generateCases({ cases: 200, seed: 3, asOf: '2026-10-31' }), null);
    const cases = db.prepare('SELECT category, status, department, prosecutor FROM cases').all() as Record<
      string,
      string
    >[];
    db.close();

    const after = openStore(file, { targetVersion: m.version });
    const rows = after.prepare('SELECT col, value, n FROM case_counts').all() as {
      col: string;
      value: string;
      n: number;
    }[];
    expect(rows.find((r) => r.col === '')).toEqual({ col: '', value: '', n: 200 });
    for (const col of ['category', 'status', 'department', 'prosecutor']) {
      const want = new Map<string, number>();
      for (const c of cases) want.set(c[col], (want.get(c[col]) ?? 0) + 1);
      const got = new Map(rows.filter((r) => r.col === col).map((r) => [r.value, r.n]));
      expect(got, col).toEqual(want);
    }
    after.close();
  });
});
