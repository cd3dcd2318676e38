/**
 * The audit's reads of the case store: one case bundle at a time, streamed, AS OF A DATE: every bundle is
 * the case as it stood on that day (the as-of view, db/queries/asof.ts): cases received later are not read,
 * and each bundle is cut by cutBundleAsOf before it is yielded. Every rule, built-in or custom, evaluates
 * these bundles and nothing else. The store is read a block of case ids at a time: four ordered reads
 * per block (cases by id; persons, events and documents by case id through their case indexes), merged on
 * the case id, so the store is read once, never a query per case, and only a block of cases is in memory (a
 * million cases need no more memory than ten thousand). Within a case, persons come in import order (id),
 * events by (date, import order) and documents by import order (seq).
 *
 * One iteration is one read transaction (the caller's, or its own): every block sees the same store. Consume the
 * stream before writing on the connection (the audit evaluates every case first, then writes). Iterating it
 * again reads the store again.
 */
import type { Db } from '../store';
import type { CaseBundle, DocumentB, EventB, PersonB } from '../../core/rules/types';
import { cutBundleAsOf } from './asof';

type Raw = unknown[];

/** The cases of the store, streamed; `length` is the number of cases. */
export interface CaseStream extends Iterable<CaseBundle> {
  readonly length: number;
}

/** Case ids from `from` to `to` inclusive: a part of the store (the audit's parallel evaluation reads it in parts). */
export interface CaseIdRange {
  from: number;
  to: number;
}

/** The whole id range: every case. */
const ALL: CaseIdRange = { from: Number.MIN_SAFE_INTEGER, to: Number.MAX_SAFE_INTEGER };

/** The smallest and largest case id of the cases received by `asOf`, and how many there are. */
export function caseIdSpan(db: Db, asOf: string): { min: number | null; max: number | null; count: number } {
  return db
    .prepare('SELECT min(id) AS min, max(id) AS max, count(*) AS count FROM cases WHERE +received_on <= ?')
    .get(asOf) as { min: number | null; max: number | null; count: number };
}

/**
 * Which columns a stream reads: 'all', or 'rules': only those the built-in rules read. The columns only custom rules
 * read (custom-rules.md fields: 移送单位, 备注, 性别, 不捕不诉理由, 上诉, 节点备注) are then left unread, and empty in
 * the bundles (null, or false for 上诉); an audit with no custom rule to run needs none of them.
 */
export type BundleColumns = 'all' | 'rules';

/**
 * The cases of the store as they stood on `asOf` (the as-of view), streamed; with `range`, only the cases whose
 * id is in it (the same bundles as the whole stream's, for those cases).
 */
export function loadCaseBundles(
  db: Db,
  asOf: string,
  range: CaseIdRange = ALL,
  columns: BundleColumns = 'all',
): CaseStream {
  const all = columns === 'all';
  // The stream's first and last case id: two seeks on the ids (counting the cases received by `asOf` reads every
  // case row of the range, so `length` does it only when asked). Blocks of cases received later read nothing.
  const first = db.prepare('SELECT id FROM cases WHERE id >= ? ORDER BY id LIMIT 1').pluck();
  const last = db.prepare('SELECT id FROM cases WHERE id <= ? ORDER BY id DESC LIMIT 1').pluck();
  const cs = db
    .prepare(
      `SELECT id, case_no, title, category, cause, department, prosecutor, received_on, complex, has_victim, procedure, status, concluded_on, conclusion,
              ${all ? 'agency, note' : 'NULL, NULL'}, taken_on, persons_taken_on, events_taken_on, documents_taken_on
       FROM cases WHERE +received_on <= ? AND id BETWEEN ? AND ? ORDER BY id`,
    )
    .raw(true);
  const ps = db
    .prepare(
      `SELECT case_id, person_no, name, birth_date, custody, measure, measure_from, has_counsel, plea, plea_signed_on, decision, decided_on,
            sentencing, sentencing_adopted, judged_on, id, ${all ? 'gender, decision_reason, appealed' : 'NULL, NULL, 0'}
       FROM persons WHERE case_id BETWEEN ? AND ? ORDER BY case_id`,
    )
    .raw(true);
  // Each ORDER BY is exactly its index's leading columns (no sort step: SQLite walks the index); the order
  // within a case (persons by id, events by seq within a day, documents by seq) is restored below when needed.
  const es = db
    .prepare(
      `SELECT case_id, seq, kind, on_date, person_no, ${all ? 'note' : 'NULL'} FROM events WHERE case_id BETWEEN ? AND ? ORDER BY case_id, on_date`,
    )
    .raw(true);
  const ds = db
    .prepare(
      'SELECT case_id, seq, name, number, issued_on, person_no FROM documents WHERE case_id BETWEEN ? AND ? ORDER BY case_id',
    )
    .raw(true);
  return {
    get length() {
      return db
        .prepare('SELECT count(*) FROM cases WHERE +received_on <= ? AND id BETWEEN ? AND ?')
        .pluck()
        .get(asOf, range.from, range.to) as number;
    },
    *[Symbol.iterator](): Iterator<CaseBundle> {
      // A block's four reads are one call into SQLite per table (not one per row), then merged on the case id.
      // Outside a transaction of the caller's, the blocks are read in one of the stream's own, so that none sees
      // a write another connection made after the first.
      const own = !db.inTransaction;
      if (own) db.exec('BEGIN');
      try {
        const lo = first.get(range.from) as number | undefined;
        const hi = last.get(range.to) as number | undefined;
        if (lo !== undefined && hi !== undefined) yield* blocks(lo, hi);
      } finally {
        if (own && db.inTransaction) db.exec('COMMIT');
      }
    },
  };
  function* blocks(lo: number, hi: number): Generator<CaseBundle> {
    for (let from = lo; from <= hi; from += BLOCK) {
      const to = Math.min(hi, from + BLOCK - 1);
      const cr = cs.all(asOf, from, to) as Raw[];
      if (!cr.length) continue;
      const pr = ps.all(from, to) as Raw[];
      const er = es.all(from, to) as Raw[];
      const dr = ds.all(from, to) as Raw[];
      let pi = 0;
      let ei = 0;
      let di = 0;
      for (let k = 0; k < cr.length; k++) {
        const r = cr[k];
        const id = r[0] as number;
        // Rows of a case id that is not in cases (impossible with the foreign keys) are skipped.
        while (pi < pr.length && (pr[pi][0] as number) < id) pi++;
        const p0 = pi;
        while (pi < pr.length && pr[pi][0] === id) pi++;
        while (ei < er.length && (er[ei][0] as number) < id) ei++;
        const e0 = ei;
        while (ei < er.length && er[ei][0] === id) ei++;
        while (di < dr.length && (dr[di][0] as number) < id) di++;
        const d0 = di;
        while (di < dr.length && dr[di][0] === id) di++;
        yield cutBundleAsOf(bundleOf(r, pr, p0, pi, er, e0, ei, dr, d0, di), asOf);
      }
    }
  }
}

/**
 * Case ids per block of the stream's reads. Small enough that a block's rows and bundles are mostly gone before
 * the garbage collector's next young-generation pass: every row still referenced then is copied, and at 2,048 ids
 * a block (~14,000 rows) outlived several passes. Measured at 100k cases, one thread: 512 ids cost ~120 ms less CPU
 * than 2,048 (bundles and rules 1.54 s against 1.66 s; the collector's share fell by half); the four queries per
 * block cost nothing measurable at 512.
 */
const BLOCK = 512;

/** One case's bundle from its row and its rows of persons [p0, p1), events [e0, e1) and documents [d0, d1). */
function bundleOf(
  r: Raw,
  pr: Raw[],
  p0: number,
  p1: number,
  er: Raw[],
  e0: number,
  e1: number,
  dr: Raw[],
  d0: number,
  d1: number,
): CaseBundle {
  const persons: PersonB[] = new Array(p1 - p0);
  let personsSorted = true;
  for (let i = p0; i < p1; i++) {
    const x = pr[i];
    if (i > p0 && (pr[i - 1][15] as number) > (x[15] as number)) personsSorted = false;
    persons[i - p0] = {
      personNo: x[1] as string,
      name: x[2] as string,
      gender: (x[16] as string | null) || null,
      birthDate: x[3] as string | null,
      custody: x[4] as string,
      measure: (x[5] as string) || '无',
      measureFrom: x[6] as string | null,
      hasCounsel: x[7] === 1,
      plea: x[8] === 1,
      pleaSignedOn: x[9] as string | null,
      decision: (x[10] as string | null) || null,
      decidedOn: x[11] as string | null,
      decisionReason: (x[17] as string | null) || null,
      sentencing: (x[12] as string) || '无',
      sentencingAdopted: x[13] == null ? null : x[13] === 1,
      judgedOn: x[14] as string | null,
      appealed: x[18] === 1,
    };
  }
  if (!personsSorted) {
    // Persons in import order (id): the index gives them by case only.
    const order = persons.map((_, i) => i).sort((a, b) => (pr[p0 + a][15] as number) - (pr[p0 + b][15] as number));
    const byCase = persons.slice();
    for (let i = 0; i < order.length; i++) persons[i] = byCase[order[i]];
  }
  const events: EventB[] = new Array(e1 - e0);
  let eventsSorted = true;
  for (let i = e0; i < e1; i++) {
    const x = er[i];
    const ev: EventB = {
      seq: x[1] as number,
      kind: x[2] as string,
      on: x[3] as string,
      personNo: (x[4] as string | null) || null,
      note: (x[5] as string | null) || null,
    };
    if (i > e0) {
      const prev = events[i - e0 - 1];
      if (prev.on === ev.on && prev.seq > ev.seq) eventsSorted = false;
    }
    events[i - e0] = ev;
  }
  if (!eventsSorted) events.sort((a, b) => (a.on < b.on ? -1 : a.on > b.on ? 1 : a.seq - b.seq));
  const documents: DocumentB[] = new Array(d1 - d0);
  let docsSorted = true;
  for (let i = d0; i < d1; i++) {
    const x = dr[i];
    const doc: DocumentB = {
      seq: x[1] as number,
      name: x[2] as string,
      number: x[3] as string,
      issuedOn: x[4] as string,
      personNo: (x[5] as string | null) || null,
    };
    if (i > d0 && documents[i - d0 - 1].seq > doc.seq) docsSorted = false;
    documents[i - d0] = doc;
  }
  if (!docsSorted) documents.sort((a, b) => a.seq - b.seq);
  return {
    id: r[0] as number,
    caseNo: r[1] as string,
    title: r[2] as string,
    category: r[3] as string,
    cause: (r[4] as string | null) || null,
    department: r[5] as string,
    prosecutor: r[6] as string,
    receivedOn: r[7] as string,
    complex: r[8] === 1,
    hasVictim: r[9] === 1,
    procedure: r[10] as string | null,
    status: r[11] as string,
    concludedOn: r[12] as string | null,
    conclusion: r[13] as string | null,
    // Columns only custom rules read (custom-rules.md fields); an empty cell is null.
    agency: (r[14] as string | null) || null,
    note: (r[15] as string | null) || null,
    persons,
    events,
    documents,
    dataDates: {
      case: r[16] as string | null,
      persons: r[17] as string | null,
      events: r[18] as string | null,
      documents: r[19] as string | null,
    },
    beyondDataDate: { persons: [], events: [], documents: [] },
  };
}
