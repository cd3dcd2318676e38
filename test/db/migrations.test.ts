/**
 * One test per migration, generically: a store at version N-1 holding data (a synthetic row in every
 * table, plus real cases written through writeCaseBundles once the case store exists) migrates to N
 * with every row of every existing table intact.
 */
import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { openStore, schemaVersion, type Db } from '../../db/store';
import { MIGRATIONS } from '../../db/migrations';
// From the as-of migration on, the case writer writes data dates: older stores get their cases by plain SQL.
import { version as DATA_DATES } from '../../db/migrations/007-as-of';
import { writeCaseBundles } from '../../db/queries/cases';
import { tmpDir } from '../helpers/tmp';
import { dataTables } from '../helpers/tables';
import type { CaseRecord, PersonRecord } from '../../core/domain';

/** Data tables only: a virtual table (the search index) and its shadow tables hold derived data. */
function tables(db: Db): string[] {
  return dataTables(db).map((t) => t.name);
}

function columns(db: Db, t: string): string[] {
  return (db.prepare(`PRAGMA table_info("${t}")`).all() as { name: string }[]).map((c) => c.name);
}

/** Every row of each table, with the columns given per table (default: all it has now). */
function dump(db: Db, names: string[], cols?: Record<string, string[]>): Record<string, unknown[]> {
  const order = new Map(dataTables(db).map((t) => [t.name, t.order]));
  return Object.fromEntries(
    names.map((t) => {
      const list = (cols?.[t] ?? columns(db, t)).map((c) => `"${c}"`).join(', ');
      return [t, db.prepare(`SELECT ${list} FROM "${t}" ORDER BY ${order.get(t) ?? 'rowid'}`).all()];
    }),
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

/**
 * One row in every table: id 1 everywhere, so every integer foreign key (to id 1) resolves; a foreign key to a
 * text key (custom_rule_versions.rule_id → custom_rules.id) takes the parent's first key.
 */
function fillEveryTable(db: Db, tag: string): void {
  const withoutRowid = new Set(
    dataTables(db)
      .filter((t) => t.order !== 'rowid')
      .map((t) => t.name),
  );
  for (const t of ordered(db)) {
    const cols = db.prepare(`PRAGMA table_info("${t}")`).all() as { name: string; type: string; pk: number }[];
    const fks = new Map(
      (db.prepare(`PRAGMA foreign_key_list("${t}")`).all() as { table: string; from: string; to: string | null }[]).map(
        (f) => [f.from, f],
      ),
    );
    const values = cols.map((c) => {
      const fk = fks.get(c.name);
      if (fk && !/INT/i.test(c.type) && fk.to)
        return db.prepare(`SELECT "${fk.to}" FROM "${fk.table}" ORDER BY rowid LIMIT 1`).pluck().get() ?? null;
      return c.pk && !withoutRowid.has(t)
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
      if (m.version - 1 >= 1 && m.version - 1 < DATA_DATES) {
        // The writer of today writes the columns of today (the as-of migration's data dates): older stores get
        // the same cases through the columns 001 made.
        for (const n of [1, 2, 3]) {
          const c = aCase(n);
          const id = db
            .prepare(
              `INSERT INTO cases (case_no, title, category, department, prosecutor, received_on, has_victim, status, updated_at)
               VALUES (?, ?, ?, ?, ?, ?, 1, ?, '2026-02-03T10:00:00+08:00')`,
            )
            .run(c.caseNo, c.title, c.category, c.department, c.prosecutor, c.receivedOn, c.status).lastInsertRowid;
          db.prepare(
            `INSERT INTO persons (case_id, person_no, name, gender, custody, measure, measure_from) VALUES (?, '1', '张三', '男', '在押', '逮捕', '2026-01-01')`,
          ).run(id);
          db.prepare(`INSERT INTO events (case_id, seq, kind, on_date) VALUES (?, 1, '归档', '2026-02-01')`).run(id);
        }
      } else if (m.version - 1 >= DATA_DATES) {
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
      const cols = Object.fromEntries(before.map((t) => [t, columns(db, t)]));
      const data = dump(db, before);
      db.close();

      const after = openStore(file, { targetVersion: m.version });
      expect(schemaVersion(after)).toBe(m.version);
      // Every column a table had keeps its values (a migration may add columns of its own).
      expect(dump(after, before, cols)).toEqual(data);
      expect(tables(after).length).toBeGreaterThanOrEqual(before.length);
      expect(after.pragma('foreign_key_check')).toEqual([]);
      after.close();
    });
  }
});
