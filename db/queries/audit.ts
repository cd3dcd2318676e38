/**
 * The audit's reads of the case store: one case bundle at a time, streamed, AS OF A DATE: every bundle is
 * the case as it stood on that day (the as-of view, db/queries/asof.ts): cases received later are not read,
 * and each bundle is cut by cutBundleAsOf before it is yielded. Every rule, built-in or custom, evaluates
 * these bundles and nothing else. Four ordered reads run
 * side by side (cases by id; persons, events and documents by case id through their case indexes),
 * merged on the case id, so the store is read once, never a query per case, and only the case being
 * evaluated is in memory (a million cases need no more memory than ten thousand). Within a case,
 * persons come in import order (id), events by (date, import order) and documents by import order (seq).
 *
 * The stream's iterators hold read statements open: consume it before writing on the connection
 * (the audit evaluates every case first, then writes). Iterating it again reads the store again.
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
 * The cases of the store as they stood on `asOf` (the as-of view), streamed; with `range`, only the cases whose
 * id is in it (the same bundles as the whole stream's, for those cases).
 */
export function loadCaseBundles(db: Db, asOf: string, range: CaseIdRange = ALL): CaseStream {
  const length = db
    .prepare('SELECT count(*) FROM cases WHERE received_on <= ? AND id BETWEEN ? AND ?')
    .pluck()
    .get(asOf, range.from, range.to) as number;
  const cs = db
    .prepare(
      `SELECT id, case_no, title, category, cause, department, prosecutor, received_on, complex, has_victim, procedure, status, concluded_on, conclusion,
              agency, note, taken_on, persons_taken_on, events_taken_on, documents_taken_on
       FROM cases WHERE +received_on <= ? AND id BETWEEN ? AND ? ORDER BY id`,
    )
    .raw(true);
  const ps = db
    .prepare(
      `SELECT case_id, person_no, name, birth_date, custody, measure, measure_from, has_counsel, plea, plea_signed_on, decision, decided_on,
            sentencing, sentencing_adopted, judged_on, id, gender, decision_reason, appealed
       FROM persons WHERE case_id BETWEEN ? AND ? ORDER BY case_id`,
    )
    .raw(true);
  // Each ORDER BY is exactly its index's leading columns (no sort step: SQLite walks the index); the order
  // within a case (persons by id, events by seq within a day, documents by seq) is restored below when needed.
  const es = db
    .prepare(
      'SELECT case_id, seq, kind, on_date, person_no, note FROM events WHERE case_id BETWEEN ? AND ? ORDER BY case_id, on_date',
    )
    .raw(true);
  const ds = db
    .prepare(
      'SELECT case_id, seq, name, number, issued_on, person_no FROM documents WHERE case_id BETWEEN ? AND ? ORDER BY case_id',
    )
    .raw(true);
  return {
    length,
    *[Symbol.iterator](): Iterator<CaseBundle> {
      const ci = cs.iterate(asOf, range.from, range.to) as IterableIterator<Raw>;
      const pi = ps.iterate(range.from, range.to) as IterableIterator<Raw>;
      const ei = es.iterate(range.from, range.to) as IterableIterator<Raw>;
      const di = ds.iterate(range.from, range.to) as IterableIterator<Raw>;
      let p = pi.next();
      let e = ei.next();
      let d = di.next();
      try {
        for (const r of ci) {
          const id = r[0] as number;
          const c: CaseBundle = {
            id,
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
            persons: [],
            events: [],
            documents: [],
            dataDates: {
              case: r[16] as string | null,
              persons: r[17] as string | null,
              events: r[18] as string | null,
              documents: r[19] as string | null,
            },
            beyondDataDate: { persons: [], events: [], documents: [] },
          };
          // Rows of a case id that is not in cases (impossible with the foreign keys) are skipped.
          while (!p.done && (p.value[0] as number) < id) p = pi.next();
          let personIds: number[] | null = null;
          let personsSorted = true;
          while (!p.done && p.value[0] === id) {
            const x = p.value;
            const pid = x[15] as number;
            if (personIds === null) personIds = [];
            else if (personIds[personIds.length - 1] > pid) personsSorted = false;
            personIds.push(pid);
            const person: PersonB = {
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
            c.persons.push(person);
            p = pi.next();
          }
          if (!personsSorted) {
            const order = personIds!.map((pid, i) => [pid, i] as const).sort((a, b) => a[0] - b[0]);
            const persons = c.persons;
            c.persons = order.map(([, i]) => persons[i]);
          }
          let eventsSorted = true;
          while (!e.done && (e.value[0] as number) < id) e = ei.next();
          while (!e.done && e.value[0] === id) {
            const x = e.value;
            const ev: EventB = {
              seq: x[1] as number,
              kind: x[2] as string,
              on: x[3] as string,
              personNo: (x[4] as string | null) || null,
              note: (x[5] as string | null) || null,
            };
            const list = c.events;
            if (list.length && list[list.length - 1].on === ev.on && list[list.length - 1].seq > ev.seq)
              eventsSorted = false;
            list.push(ev);
            e = ei.next();
          }
          if (!eventsSorted) c.events.sort((a, b) => (a.on < b.on ? -1 : a.on > b.on ? 1 : a.seq - b.seq));
          let docsSorted = true;
          while (!d.done && (d.value[0] as number) < id) d = di.next();
          while (!d.done && d.value[0] === id) {
            const x = d.value;
            const doc: DocumentB = {
              seq: x[1] as number,
              name: x[2] as string,
              number: x[3] as string,
              issuedOn: x[4] as string,
              personNo: (x[5] as string | null) || null,
            };
            const docs = c.documents;
            if (docs.length && docs[docs.length - 1].seq > doc.seq) docsSorted = false;
            docs.push(doc);
            d = di.next();
          }
          if (!docsSorted) c.documents.sort((a, b) => a.seq - b.seq);
          yield cutBundleAsOf(c, asOf);
        }
      } finally {
        // An early stop (a consumer's break or throw) must not leave statements busy on the connection.
        pi.return?.();
        ei.return?.();
        di.return?.();
        ci.return?.();
      }
    },
  };
}
