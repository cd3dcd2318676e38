/**
 * One test per migration, generically: a store at version N-1 holding data (a synthetic row in every
 * table, plus real cases written through writeCaseBundles once the case store exists) migrates to N
 * with every row of every existing table intact.
 */
import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { openStore, schemaVersion, type Db } from '../../db/store';
import { MIGRATIONS } from '../../db/migrations';
import { writeCaseBundles } from '../../db/queries/cases';
import { tmpDir } from '../helpers/tmp';
import type { CaseRecord, PersonRecord } from '../../core/domain';

function tables(db: Db): string[] {
  return db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    .pluck()
    .all() as string[];
}

/** Every row of each table, with the columns given per table (default: all; a migration may add columns). */
function dump(db: Db, names: string[], cols?: Record<string, string[]>): Record<string, unknown[]> {
  return Object.fromEntries(
    names.map((t) => [
      t,
      db.prepare(`SELECT ${cols ? cols[t].map((c) => `"${c}"`).join(', ') : '*'} FROM "${t}" ORDER BY rowid`).all(),
    ]),
  );
}

function columns(db: Db, names: string[]): Record<string, string[]> {
  return Object.fromEntries(
    names.map((t) => [t, (db.prepare(`PRAGMA table_info("${t}")`).all() as { name: string }[]).map((c) => c.name)]),
  );
}

/** Parents before children, by the tables' foreign keys. */
function ordered(db: Db): string[] {
  const names = tables(db);
  const deps = new Map(
    names.map((t) => [
      t,
      (db.prepare(`PRAGMA foreign_key_list("${t}")`).all() as { table: string }[])
        .map((f) => f.table)
        .filter((p) => p !== t),
    ]),
  );
  const out: string[] = [];
  const visit = (t: string) => {
    if (out.includes(t)) return;
    for (const p of deps.get(t) ?? []) visit(p);
    out.push(t);
  };
  names.forEach(visit);
  return out;
}

/** One row in every table: id 1 everywhere; a foreign key takes its parent's first key (text keys included). */
function fillEveryTable(db: Db, tag: string): void {
  for (const t of ordered(db)) {
    const cols = db.prepare(`PRAGMA table_info("${t}")`).all() as { name: string; type: string; pk: number }[];
    const fks = new Map(
      (db.prepare(`PRAGMA foreign_key_list("${t}")`).all() as { from: string; table: string; to: string | null }[]).map(
        (f) => [f.from, f],
      ),
    );
    const values = cols.map((c) => {
      const fk = fks.get(c.name);
      if (fk && fk.table !== t)
        return (
          db
            .prepare(`SELECT "${fk.to ?? 'rowid'}" FROM "${fk.table}" ORDER BY rowid LIMIT 1`)
            .pluck()
            .get() ?? 1
        );
      return c.pk
        ? (db.prepare(`SELECT coalesce(max(rowid), 0) + 1 FROM "${t}"`).pluck().get() as number)
        : /INT/i.test(c.type)
          ? 1
          : `${tag}-${t}-${c.name}`;
    });
    // A second row for tables keyed by text (settings, job_locks) must not collide: the tag differs per version.
    db.prepare(
      `INSERT OR IGNORE INTO "${t}" (${cols.map((c) => `"${c.name}"`).join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`,
    ).run(...values);
  }
}

const aCase = (n: number): CaseRecord => ({
  caseNo: `M-${n}`,
  title: `案${n}`,
  category: '审查起诉',
  cause: null,
  department: '一部',
  prosecutor: '甲',
  agency: null,
  receivedOn: '2026-01-05',
  complex: false,
  hasVictim: true,
  procedure: null,
  status: '在办',
  concludedOn: null,
  conclusion: null,
  note: null,
});
const aPerson = (n: number): PersonRecord => ({
  caseNo: `M-${n}`,
  personNo: '1',
  name: '张三',
  gender: '男',
  birthDate: null,
  custody: '在押',
  measure: '逮捕',
  measureFrom: '2026-01-01',
  hasCounsel: false,
  plea: false,
  pleaSignedOn: null,
  decision: null,
  decidedOn: null,
  decisionReason: null,
  sentencing: '无',
  sentencingAdopted: null,
  judgedOn: null,
  appealed: false,
});

describe('migrations keep the data of the version before', () => {
  for (const m of MIGRATIONS) {
    it(`${String(m.version).padStart(3, '0')}-${m.name}: ${m.version - 1} → ${m.version}`, () => {
      const file = path.join(tmpDir(), `v${m.version}.sqlite`);
      const db = openStore(file, { targetVersion: m.version - 1 });
      expect(schemaVersion(db)).toBe(m.version - 1);
      if (m.version - 1 >= 1) {
        writeCaseBundles(
          db,
          [1, 2, 3].map((n) => ({
            case: aCase(n),
            persons: [aPerson(n)],
            events: [{ caseNo: `M-${n}`, kind: '归档', on: '2026-02-01', personNo: null, note: null }],
          })),
          null,
        );
      }
      fillEveryTable(db, `v${m.version - 1}`);
      const before = tables(db);
      const cols = columns(db, before);
      const data = dump(db, before, cols);
      db.close();

      const after = openStore(file, { targetVersion: m.version });
      expect(schemaVersion(after)).toBe(m.version);
      expect(dump(after, before, cols)).toEqual(data);
      expect(tables(after).length).toBeGreaterThanOrEqual(before.length);
      expect(after.pragma('foreign_key_check')).toEqual([]);
      after.close();
    });
  }
});
