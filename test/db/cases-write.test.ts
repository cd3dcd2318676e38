/** writeCaseBundles: the bulk writer the import, the demo and the benchmark share. */
import { describe, expect, it } from 'vitest';
import { tmpStore } from '../helpers/tmp';
import { writeCaseBundles } from '../../db/queries/cases';
import type { CaseRecord, EventRecord } from '../../core/domain';

const aCase = (no: string, over: Partial<CaseRecord> = {}): CaseRecord => ({
  caseNo: no,
  title: `案${no}`,
  category: '审查起诉',
  cause: null,
  department: '一部',
  prosecutor: '甲',
  agency: null,
  receivedOn: '2026-01-05',
  complex: false,
  hasVictim: false,
  procedure: null,
  status: '在办',
  concludedOn: null,
  conclusion: null,
  note: null,
  ...over,
});
const ev = (no: string, kind: EventRecord['kind'], on: string): EventRecord => ({
  caseNo: no,
  kind,
  on,
  personNo: null,
  note: null,
});
const indexes = (db: ReturnType<typeof tmpStore>['db']) =>
  db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' ORDER BY name").all();

describe('writeCaseBundles', () => {
  it("upserts cases, replaces only the child kinds given, and takes the generator's bundles (no top-level caseNo)", () => {
    const { db } = tmpStore();
    writeCaseBundles(db, [{ case: aCase('A'), events: [ev('A', '归档', '2026-02-01')], documents: [] }], null);
    writeCaseBundles(
      db,
      [{ caseNo: 'A', events: [ev('A', '提起公诉', '2026-01-20'), ev('A', '归档', '2026-02-01')] }],
      null,
    );
    writeCaseBundles(db, [{ case: aCase('A', { title: '新名' }) }], null);
    expect(db.prepare('SELECT title FROM cases').pluck().all()).toEqual(['新名']);
    expect(db.prepare('SELECT seq, kind FROM events ORDER BY seq').all()).toEqual([
      { seq: 1, kind: '提起公诉' },
      { seq: 2, kind: '归档' },
    ]);
    expect(() => writeCaseBundles(db, [{ caseNo: 'B', events: [] }], null)).toThrow(/不在库中/);
  });

  it('rebuilding the indexes for a bulk load gives the same indexes and data, all in one transaction', () => {
    const a = tmpStore();
    const b = tmpStore();
    const bundles = Array.from({ length: 50 }, (_, i) => ({
      case: aCase(`C${i}`),
      events: [ev(`C${i}`, '归档', '2026-02-01')],
      isNew: true,
    }));
    writeCaseBundles(a.db, bundles, null);
    writeCaseBundles(b.db, bundles, null, { rebuildIndexes: true });
    expect(indexes(b.db)).toEqual(indexes(a.db));
    expect(b.db.prepare('SELECT case_no, title FROM cases ORDER BY id').all()).toEqual(
      a.db.prepare('SELECT case_no, title FROM cases ORDER BY id').all(),
    );
    expect(b.db.pragma('integrity_check', { simple: true })).toBe('ok');
    // A failing write rolls back the dropped indexes too.
    expect(() =>
      writeCaseBundles(b.db, [{ case: aCase('D') }, { caseNo: 'nope', events: [] }], null, { rebuildIndexes: true }),
    ).toThrow();
    expect(indexes(b.db)).toEqual(indexes(a.db));
    expect(b.db.prepare('SELECT count(*) FROM cases').pluck().get()).toBe(50);
  });
});
