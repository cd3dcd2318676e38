/**
 * The benchmark's reads (bench/): the reference scan ("the limit"), the peer's facts, counts and query
 * plans used to check the measured paths. Kept here because all SQL lives in db/.
 */
import type { Db } from '../store';

/**
 * The limit of the audit: every row and column the audit reads (db/queries/audit.ts loadCaseBundles),
 * in the same storage order, read once as raw arrays, with no logic and nothing kept. Returns row counts.
 */
export function scanAuditTables(db: Db): { cases: number; persons: number; events: number; documents: number } {
  const count = (sql: string) => {
    let n = 0;
    for (const _row of db.prepare(sql).raw(true).iterate()) n++;
    return n;
  };
  return {
    cases:
      count(`SELECT id, case_no, title, category, cause, department, prosecutor, received_on, complex, has_victim, procedure, status,
                         concluded_on, conclusion, taken_on, persons_taken_on, events_taken_on, documents_taken_on FROM cases ORDER BY id`),
    persons:
      count(`SELECT case_id, person_no, name, birth_date, custody, measure, measure_from, has_counsel, plea, plea_signed_on, decision,
                           decided_on, sentencing, sentencing_adopted, judged_on FROM persons`),
    events: count('SELECT case_id, seq, kind, on_date, person_no FROM events'),
    documents: count('SELECT case_id, seq, name, number, issued_on, person_no FROM documents'),
  };
}

export interface PeerCase {
  id: number;
  caseNo: string;
  category: string;
  receivedOn: string;
  status: string;
  concludedOn: string | null;
  complex: number;
  procedure: string | null;
  persons: {
    personNo: string;
    custody: string;
    decision: string | null;
    decidedOn: string | null;
    measureFrom: string | null;
  }[];
  /** Sorted by (date, import order) like the audit's bundles. */
  events: { kind: string; on: string; seq: number; personNo: string | null }[];
}

/**
 * The facts the peer needs: the criminal review cases (审查逮捕, 审查起诉), one at a time, with their persons and
 * events, by a merge of three ordered reads (cases by id; persons and events through their case_id indexes), so
 * memory stays flat at any size, as in the audit's read (db/queries/audit.ts).
 */
export function* peerCases(db: Db): Generator<PeerCase> {
  const cases = db
    .prepare(
      `SELECT id, case_no AS caseNo, category, received_on AS receivedOn, status, concluded_on AS concludedOn, complex, procedure
                            FROM cases WHERE category IN ('审查逮捕', '审查起诉') ORDER BY id`,
    )
    .iterate() as IterableIterator<Omit<PeerCase, 'persons' | 'events'>>;
  const persons = db
    .prepare(
      `SELECT case_id AS caseId, person_no AS personNo, custody, decision, decided_on AS decidedOn, measure_from AS measureFrom
                              FROM persons ORDER BY case_id`,
    )
    .iterate() as IterableIterator<{ caseId: number } & PeerCase['persons'][number]>;
  const events = db
    .prepare(
      `SELECT case_id AS caseId, kind, on_date AS "on", seq, person_no AS personNo
                             FROM events ORDER BY case_id, on_date`,
    )
    .iterate() as IterableIterator<{ caseId: number } & PeerCase['events'][number]>;
  let p = persons.next();
  let e = events.next();
  try {
    for (const c of cases) {
      const out: PeerCase = { ...c, persons: [], events: [] };
      while (!p.done && p.value.caseId < c.id) p = persons.next();
      while (!p.done && p.value.caseId === c.id) {
        const x = p.value;
        out.persons.push({
          personNo: x.personNo,
          custody: x.custody,
          decision: x.decision,
          decidedOn: x.decidedOn,
          measureFrom: x.measureFrom,
        });
        p = persons.next();
      }
      while (!e.done && e.value.caseId < c.id) e = events.next();
      while (!e.done && e.value.caseId === c.id) {
        const x = e.value;
        out.events.push({ kind: x.kind, on: x.on, seq: x.seq, personNo: x.personNo });
        e = events.next();
      }
      out.events.sort((a, b) => (a.on < b.on ? -1 : a.on > b.on ? 1 : a.seq - b.seq));
      yield out;
    }
  } finally {
    persons.return?.();
    events.return?.();
    cases.return?.();
  }
}

export function countCases(db: Db): number {
  return db.prepare('SELECT count(*) FROM cases').pluck().get() as number;
}

export function countCriminalCases(db: Db): number {
  return db.prepare("SELECT count(*) FROM cases WHERE category IN ('审查逮捕', '审查起诉')").pluck().get() as number;
}

/** Rows per table of the case store. */
export function tableCounts(db: Db): Record<'cases' | 'persons' | 'events' | 'documents', number> {
  const n = (t: string) => db.prepare(`SELECT count(*) FROM ${t}`).pluck().get() as number;
  return { cases: n('cases'), persons: n('persons'), events: n('events'), documents: n('documents') };
}

/** A case from the middle of the store: its prosecutor, department and number feed the grid's filter queries. */
export function sampleCase(db: Db): { caseNo: string; prosecutor: string; department: string; title: string } {
  return db
    .prepare(
      'SELECT case_no AS caseNo, prosecutor, department, title FROM cases WHERE id >= (SELECT max(id) / 2 FROM cases) ORDER BY id LIMIT 1',
    )
    .get() as {
    caseNo: string;
    prosecutor: string;
    department: string;
    title: string;
  };
}

/** Audit findings and the latest warnings per rule id (to check the peer finds what the audit finds). */
export function ruleCounts(
  db: Db,
  ruleIds: readonly string[],
): { findings: Record<string, number>; warnings: Record<string, number> } {
  const f = db.prepare("SELECT count(*) FROM findings WHERE rule_id = ? AND source = '审核'").pluck();
  const w = db.prepare('SELECT count(*) FROM warnings WHERE rule_id = ?').pluck();
  const findings: Record<string, number> = {};
  const warnings: Record<string, number> = {};
  for (const id of ruleIds) {
    findings[id] = f.get(id) as number;
    warnings[id] = w.get(id) as number;
  }
  return { findings, warnings };
}

/** EXPLAIN QUERY PLAN of a statement, one line per step ("SCAN cases USING INDEX …", "USE TEMP B-TREE FOR ORDER BY"). */
export function queryPlan(db: Db, sql: string, params: unknown[]): string[] {
  return (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map((r) => r.detail);
}

/** The prosecutor with the most cases (the dossier's heaviest year), and how many. */
export function busiestProsecutor(db: Db): { prosecutor: string; cases: number } {
  return db
    .prepare(
      'SELECT prosecutor, COUNT(*) AS cases FROM cases GROUP BY prosecutor ORDER BY cases DESC, prosecutor LIMIT 1',
    )
    .get() as { prosecutor: string; cases: number };
}
