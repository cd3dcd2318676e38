/**
 * The first load of an office into an empty store, written while the file is still being read (core/import/
 * stream-load.ts): rows go in as they are checked, on a connection of their own whose transaction stays open
 * across the read, and `finishLoad` completes them in the same transaction (import ids, data dates, history,
 * the search index, the counts of cases per filter value). Nothing is visible to any other connection before the import commits; a refused,
 * cancelled or killed import leaves the store as it was.
 *
 *   beginLoad(db, { startedAt, actor, takenOn }) → LoadWriter | null   BEGIN IMMEDIATE and the import batch's row
 *                                          (`importId`); null (and no transaction) when the store holds cases
 *   LoadWriter.caseRow(c) → id, person(id, p), event(id, seq, e), document(id, seq, d)
 *   finishLoad(db, w, { batch, kinds, searchDone })   the rest, still inside the transaction (the caller commits)
 *
 * The rows written are exactly those writeCaseBundles (cases.ts) writes for a bundle with `isNew: true`. The
 * child tables' indexes stay and are kept up as the rows go in (their rows arrive in case order), while the file is
 * still being read. The cases' own sixteen indexes are another matter: their keys (titles, case numbers,
 * prosecutors…) fall anywhere, and keeping them up costs 2.1 s for 100k cases against 0.3 s for the rows alone and
 * 0.8 s to create them after (measured on the 100k office). So beginLoad drops them (and the two of the history
 * lines written with the cases: 138 ms against 77 + 25), and `buildIndex` creates them again one at a time (~50 ms
 * each) — the import calls it while its main thread waits for rows once the 案件 sheet is done (stream-load.ts) —
 * and finishLoad what is left. A rolled-back load leaves them as they were (the schema is transactional). For the
 * child tables the gain would be small (persons 334 → 190 + 84 ms, events 433 → 194 + 157, documents 353 → 263 +
 * 54) and their last rows come at the end, where building an index lengthens what follows the last row. The search
 * index is filled as the load goes (`searchIndex`, after the cases' suspects are in) or rebuilt by finishLoad.
 *
 * Each case row goes in with its import batch (whose row the load inserts first and finishLoad fills in), its data
 * dates and its history line 案件 新增, so that little is left after the last row (issue 15). The data dates are
 * those expected when the load begins (the given or today's date, every kind of child rows present); finishLoad
 * corrects them in one statement when the import ends with another date (a mapped file's title row) or a kind
 * missing.
 */
import type { Db } from '../store';
import { fillBatch, insertBatch, type BatchFile } from './imports';
import { hasSearchIndex, rebuildCaseSearch, refreshCaseSearch } from './search';
import { hasCaseCounts, recountCases } from './case-counts';
import type { CaseRecord, DocumentRecord, EventRecord, PersonRecord } from '../../core/domain';

import { b, dropIndexes, hasAnyCase, INSERT_PERSON_SQL, personParams, updatedAtNow } from './cases';

export interface LoadWriter {
  caseRow(c: CaseRecord): number;
  person(caseId: number, p: PersonRecord): void;
  event(caseId: number, seq: number, e: EventRecord): void;
  document(caseId: number, seq: number, d: DocumentRecord): void;
  /** Whether the store has a search index (cases written must be entered in it: `searchIndex` or finishLoad). */
  readonly searchable: boolean;
  /** The import batch every row is written for (its row is filled in by finishLoad). */
  readonly importId: number;
  /** The data date written on every case (finishLoad corrects it if the import's differs). */
  readonly takenOn: string | null;
  /** Creates the next of the cases' indexes dropped for the load; whether any is still to be created. */
  buildIndex(): boolean;
}

/** Enters these cases (their rows and suspects written) in the search index, during the load (the store held no case). */
export function searchIndex(db: Db, caseIds: number[]): void {
  refreshCaseSearch(db, caseIds, true);
}

/**
 * Opens the load's transaction on `db` (a connection of the import's own) when the store holds no case at all;
 * otherwise returns null with no transaction open. Throws what BEGIN IMMEDIATE throws (the store is busy).
 */
export function beginLoad(db: Db, o: { startedAt: string; actor: string; takenOn: string | null }): LoadWriter | null {
  // Another writer holding the store: no load (the import then writes the classic way, waiting for the lock at the end).
  db.pragma('busy_timeout = 0');
  try {
    db.exec('BEGIN IMMEDIATE');
  } finally {
    db.pragma('busy_timeout = 5000');
  }
  try {
    if (hasAnyCase(db)) {
      db.exec('ROLLBACK');
      return null;
    }
    // The cases' indexes, and those of their history lines (written with each case row).
    const caseIndexes = dropIndexes(db, ['cases', 'case_history']);
    // Its files and content hash are known only at the end (finishLoad fills them in).
    const importId = insertBatch(db, { files: [], contentHash: '', ...o });
    const t = o.takenOn;
    const now = updatedAtNow();
    const insCase = db.prepare(`
      INSERT INTO cases (case_no, title, category, cause, department, prosecutor, agency, received_on, complex,
                         has_victim, procedure, status, concluded_on, conclusion, note, first_import_id, last_import_id,
                         updated_at, taken_on, persons_taken_on, events_taken_on, documents_taken_on)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ${importId}, ${importId}, ?, ?, ?, ?, ?)`);
    const insHistory = db.prepare(
      `INSERT INTO case_history (case_id, import_id, field, old_value, new_value) VALUES (?, ${importId}, '案件', NULL, '新增')`,
    );
    const insPerson = db.prepare(INSERT_PERSON_SQL);
    const insEvent = db.prepare(
      'INSERT INTO events (case_id, seq, kind, on_date, person_no, note) VALUES (?, ?, ?, ?, ?, ?)',
    );
    const insDocument = db.prepare(
      'INSERT INTO documents (case_id, seq, name, number, issued_on, person_no) VALUES (?, ?, ?, ?, ?, ?)',
    );
    return {
      searchable: hasSearchIndex(db),
      importId,
      takenOn: t,
      buildIndex: () => {
        const i = caseIndexes.shift();
        if (i) db.exec(i.sql);
        return caseIndexes.length > 0;
      },
      caseRow: (c) => {
        const id = Number(
          insCase.run(
            c.caseNo,
            c.title,
            c.category,
            c.cause,
            c.department,
            c.prosecutor,
            c.agency,
            c.receivedOn,
            b(c.complex),
            b(c.hasVictim),
            c.procedure,
            c.status,
            c.concludedOn,
            c.conclusion,
            c.note,
            now,
            t,
            t,
            t,
            t,
          ).lastInsertRowid,
        );
        insHistory.run(id);
        return id;
      },
      person: (id, p) => void insPerson.run(...personParams(id, p)),
      event: (id, seq, e) => void insEvent.run(id, seq, e.kind, e.on, e.personNo, e.note),
      document: (id, seq, d) => void insDocument.run(id, seq, d.name, d.number, d.issuedOn, d.personNo),
    };
  } catch (e) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw e;
  }
}

export function commitLoad(db: Db): void {
  db.exec('COMMIT');
}

/** Undoes everything the load wrote (nothing when its transaction is no longer open). */
export function rollbackLoad(db: Db): void {
  if (db.inTransaction) db.exec('ROLLBACK');
}

/**
 * Completes the load inside its transaction: the import batch's row gets its files and data date; the cases' data
 * dates are corrected where the import's differ from those written (another date, a kind of child rows the import
 * does not hold: NULL, as writeCaseBundles writes them); the search index is rebuilt unless the load entered every
 * case in it (`searchDone`).
 */
export function finishLoad(
  db: Db,
  w: LoadWriter,
  o: {
    batch: { files: BatchFile[]; contentHash: string; takenOn: string | null };
    kinds: { persons: boolean; events: boolean; documents: boolean };
    searchDone: boolean;
  },
): void {
  fillBatch(db, w.importId, o.batch);
  const t = o.batch.takenOn;
  if (t !== w.takenOn || !o.kinds.persons || !o.kinds.events || !o.kinds.documents)
    db.prepare(
      `UPDATE cases SET taken_on = @t, persons_taken_on = CASE WHEN @p = 1 THEN @t END,
         events_taken_on = CASE WHEN @e = 1 THEN @t END, documents_taken_on = CASE WHEN @o = 1 THEN @t END`,
    ).run({ t, p: o.kinds.persons ? 1 : 0, e: o.kinds.events ? 1 : 0, o: o.kinds.documents ? 1 : 0 });
  while (w.buildIndex());
  if (w.searchable && !o.searchDone) rebuildCaseSearch(db);
  if (hasCaseCounts(db)) recountCases(db);
}
