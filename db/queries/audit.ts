/**
 * The audit's reads of the case store: the whole store in four table scans (cases, persons,
 * events, documents, in storage order, which is the fastest read SQLite has), merged in memory
 * into one bundle per case by case id; events then sorted by (date, import order) within a case
 * and documents/persons by import order. Never a query per case.
 */
import type { Db } from '../store';
import type { CaseBundle, DocumentB, EventB, PersonB } from '../../core/rules/types';

type Raw = unknown[];

export function loadCaseBundles(db: Db): CaseBundle[] {
  const cases: CaseBundle[] = [];
  const byId = new Map<number, CaseBundle>();
  const cs = db.prepare(
    `SELECT id, case_no, title, category, cause, department, prosecutor, received_on, complex, has_victim, procedure, status, concluded_on, conclusion
       FROM cases ORDER BY id`,
  ).raw(true);
  for (const r of cs.iterate() as IterableIterator<Raw>) {
    const c: CaseBundle = {
      id: r[0] as number, caseNo: r[1] as string, title: r[2] as string, category: r[3] as string, cause: (r[4] as string | null) || null,
      department: r[5] as string, prosecutor: r[6] as string, receivedOn: r[7] as string, complex: r[8] === 1, hasVictim: r[9] === 1,
      procedure: r[10] as string | null, status: r[11] as string, concludedOn: r[12] as string | null, conclusion: r[13] as string | null,
      persons: [], events: [], documents: [],
    };
    cases.push(c);
    byId.set(c.id, c);
  }
  const ps = db.prepare(
    `SELECT case_id, person_no, name, birth_date, custody, measure, measure_from, has_counsel, plea, plea_signed_on, decision, decided_on,
            sentencing, sentencing_adopted, judged_on
       FROM persons`,
  ).raw(true);
  let cur: CaseBundle | undefined;
  for (const r of ps.iterate() as IterableIterator<Raw>) {
    if (!cur || cur.id !== r[0]) cur = byId.get(r[0] as number);
    if (!cur) continue;
    const p: PersonB = {
      personNo: r[1] as string, name: r[2] as string, birthDate: r[3] as string | null, custody: r[4] as string, measure: (r[5] as string) || '无',
      measureFrom: r[6] as string | null, hasCounsel: r[7] === 1, plea: r[8] === 1, pleaSignedOn: r[9] as string | null,
      decision: (r[10] as string | null) || null, decidedOn: r[11] as string | null, sentencing: (r[12] as string) || '无',
      sentencingAdopted: r[13] == null ? null : r[13] === 1, judgedOn: r[14] as string | null,
    };
    cur.persons.push(p);
  }
  cur = undefined;
  const unsorted = new Set<CaseBundle>();
  const es = db.prepare('SELECT case_id, seq, kind, on_date, person_no FROM events').raw(true);
  for (const r of es.iterate() as IterableIterator<Raw>) {
    if (!cur || cur.id !== r[0]) cur = byId.get(r[0] as number);
    if (!cur) continue;
    const e: EventB = { seq: r[1] as number, kind: r[2] as string, on: r[3] as string, personNo: (r[4] as string | null) || null };
    const list = cur.events;
    if (list.length) {
      const last = list[list.length - 1];
      if (last.on > e.on || (last.on === e.on && last.seq > e.seq)) unsorted.add(cur);
    }
    list.push(e);
  }
  for (const c of unsorted) c.events.sort((a, b) => (a.on < b.on ? -1 : a.on > b.on ? 1 : a.seq - b.seq));
  cur = undefined;
  const unsortedDocs = new Set<CaseBundle>();
  const ds = db.prepare('SELECT case_id, seq, name, number, issued_on, person_no FROM documents').raw(true);
  for (const r of ds.iterate() as IterableIterator<Raw>) {
    if (!cur || cur.id !== r[0]) cur = byId.get(r[0] as number);
    if (!cur) continue;
    const d: DocumentB = { seq: r[1] as number, name: r[2] as string, number: r[3] as string, issuedOn: r[4] as string, personNo: (r[5] as string | null) || null };
    const docs = cur.documents;
    if (docs.length && docs[docs.length - 1].seq > d.seq) unsortedDocs.add(cur);
    docs.push(d);
  }
  for (const c of unsortedDocs) c.documents.sort((a, b) => a.seq - b.seq);
  return cases;
}
