/** Migration title-pieces: a store with cases gains the search index's term view and the titles' tail index. */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../db/store';
import { writeCaseBundles } from '../../db/queries/cases';
import * as m from '../../db/migrations/016-title-pieces';
import { generateCases } from '../../tools/generator';
import { tmpDir } from '../helpers/tmp';

describe(`migration ${m.name}`, () => {
  it('answers two characters of a title from indexes of the cases already stored, and leaves them as they were', () => {
    const file = path.join(tmpDir(), 's.sqlite');
    const db = openStore(file, { targetVersion: m.version - 1 });
    writeCaseBundles(db, generateCases({ cases: 200, seed: 3, asOf: '2026-10-31' }), null);
    const before = db.prepare('SELECT * FROM cases ORDER BY id').all() as { id: number; title: string }[];
    db.close();

    const after = openStore(file, { targetVersion: m.version });
    expect(after.prepare('SELECT * FROM cases ORDER BY id').all()).toEqual(before);
    expect(after.pragma('integrity_check', { simple: true })).toBe('ok');
    const piece = [...before[0].title].slice(-2).join('');
    const tails = after
      .prepare('SELECT id FROM cases INDEXED BY cases_title_tail WHERE substr(title, -2) = ? ORDER BY id')
      .pluck()
      .all(piece);
    expect(tails).toEqual(before.filter((c) => c.title.endsWith(piece)).map((c) => c.id));
    expect(tails.length).toBeGreaterThan(0);
    // The terms view lists the search index's trigrams of the stored titles.
    const first = [...before[0].title].slice(0, 3).join('');
    expect(after.prepare('SELECT term FROM case_search_terms WHERE term = ?').pluck().all(first)).toEqual([first]);
    after.close();
  });
});
