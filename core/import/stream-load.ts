/**
 * The first load of an office (an import into a store with no case yet) written while the files are read, so
 * the write overlaps the reading instead of following it (issue 15: the import within 1.25× the XLSX parse alone).
 *
 * The import's own connection to the store (db/queries/load.ts) opens an IMMEDIATE transaction before the first
 * row; every row the collector accepts into a case's bundle is inserted as it comes (cases first: a child row
 * needs its case's id). Nothing is committed until the whole import has been read and checked, and the change plan
 * (plan.ts, computed on the main connection as for any import) says exactly what was written: every case added,
 * nothing else. Otherwise the load is rolled back and the import writes the classic way, from the bundles the
 * collector holds in any case. The load is given up (rolled back at once) at the first error (the import will
 * be refused), and when a child row comes before its case's row (a file with the 案件 sheet after the others).
 *
 * The search index is filled as the load goes: once the rows of later sheets (流程节点, 文书) come, the cases read
 * so far have their suspects (嫌疑人 comes before them in the product's layout), and slices of them are entered
 * whenever the main thread has no rows to take from the parse thread (`idle`: the parse thread is the slower one, so
 * this costs the import no time); what is left is entered after the last row. A wide export's cases get theirs right
 * after them: there the slices begin while its sheet is read (the main thread waited ~3 s there at 100k cases), each
 * case once the next one has come and its suspects are written. A suspect's row that comes for a case
 * already entered makes the load rebuild the whole search index at the end instead. The cases' own indexes, dropped
 * when the load begins (load.ts: created from all the rows at once they cost far less than kept up row by row), are
 * built the same way, one per idle slice, as soon as the 案件 sheet is done (while 嫌疑人 is read: the main thread
 * waited ~1.3 s there with nothing to do, at 100k cases) and before the search index's slices; what is left, after
 * the last row.
 *
 * A wide sheet (a mapped export, a row per suspect with the case repeated) gives each case's suspects right after
 * its case. Inserted as they come, case and suspect rows alternate, and each insert costs more than in a run of its
 * own table (measured at 100k: the case rows' inserts +1.2 s of main-thread CPU against the product's layout, where
 * 案件 and 嫌疑人 are separate sheets). So the suspects of the case just written wait, and are written in runs:
 * `idle` slices of SUSPECT_RUN, and what is left before the next 流程节点/文书 row or another case's suspect, and
 * at the end. Their order among themselves (their ids) is the order read, as before.
 *
 * While the load's transaction is open, other writers wait for it (busy_timeout), as they wait for any import's
 * write transaction; readers see the store as it was until the commit.
 */
import fs from 'node:fs';
import type { AppContext } from '../context';
import { openStore, type Db } from '../../db/store';
import type { BatchFile } from '../../db/queries/imports';
import { beginLoad, commitLoad, finishLoad, rollbackLoad, searchIndex, type LoadWriter } from '../../db/queries/load';
import type { Bundle, Collector, RowSink } from './collect';
import type { SheetName } from '../domain';
import type { Plan } from './plan';
import type { ParsedCase, ParsedDocument, ParsedEvent, ParsedPerson } from './types';

/** Cases entered in the search index per slice of idle work (~3 ms: rows that come meanwhile wait no longer). */
const SEARCH_SLICE = 200;

/** Suspects of a wide sheet written per idle slice (a run of one table, ~10 ms), once that many wait. */
const SUSPECT_RUN = 1000;

export class StreamLoad implements RowSink {
  private live = true;
  private readonly written = { cases: 0, persons: 0, events: 0, documents: 0 };
  /** The id of the case row written last, and its suspects taken but not yet written (see the header). */
  private lastCaseId = -1;
  private waiting: [number, ParsedPerson][] = [];
  private waitingAt = 0;
  /** Cases written (ids ascending); those before `searchedAt` are in the search index, up to id `searchedTo`. */
  private readonly writtenIds: number[] = [];
  private searchedAt = 0;
  private searchedTo = 0;
  /**
   * A table of another sheet began after case rows were written: the 案件 sheet is done (in the product's layout, at
   * the first 嫌疑人 row), so the cases' indexes can be built. A wide export begins its 案件 and 嫌疑人 tables together,
   * before any case row: there this waits for `laterRows`.
   */
  private casesIn = false;
  /**
   * A 嫌疑人 table began before any case row: a wide export, whose rows give each case's suspects right after its
   * case. A case before the last one written then has all its suspects (a later one for it makes `searchStale`), so
   * the search index can be filled while the sheet is still read, up to the last case and the suspects still waiting.
   */
  private suspectsWithCases = false;
  /**
   * Rows of 流程节点/文书 have come: the cases and their suspects are in (they come before, in the product's layout
   * and in a wide export alike), so the search index can be filled (and the cases' indexes built, if not yet).
   */
  private laterRows = false;
  /** A suspect came for a case already in the search index: rebuild it at the end. */
  private searchStale = false;
  /** Some of the cases' indexes, dropped for the load, are still to be built (load.ts buildIndex). */
  private indexesLeft = true;

  private constructor(
    private readonly col: Collector,
    readonly db: Db,
    private readonly w: LoadWriter,
  ) {}

  /** A load for this import when the store (a file) holds no case and its write lock is free; null otherwise. */
  static open(
    ctx: AppContext,
    col: Collector,
    batch: { startedAt: string; actor: string; takenOn: string | null },
  ): StreamLoad | null {
    if (!ctx.dbPath || ctx.dbPath === ':memory:' || !fs.existsSync(ctx.dbPath)) return null;
    let db: Db;
    try {
      db = openStore(ctx.dbPath);
    } catch {
      return null;
    }
    try {
      const w = beginLoad(db, batch);
      if (!w) {
        db.close();
        return null;
      }
      const load = new StreamLoad(col, db, w);
      col.sink = load;
      return load;
    } catch {
      db.close();
      return null;
    }
  }

  get alive(): boolean {
    return this.live;
  }

  caseRow(b: Bundle, r: ParsedCase): void {
    if (this.col.errorCount) return this.abandon();
    b.loadId = this.lastCaseId = this.w.caseRow(r);
    if (this.w.searchable) this.writtenIds.push(b.loadId);
    this.written.cases++;
  }

  child(kind: 'persons' | 'events' | 'documents', b: Bundle, r: ParsedPerson | ParsedEvent | ParsedDocument): void {
    const id = b.loadId;
    // A row of a case not (yet) written, or an error somewhere: this import is not a clean first load.
    if (id === undefined || this.col.errorCount) return this.abandon();
    if (kind === 'persons') {
      if (id === this.lastCaseId) this.waiting.push([id, r as ParsedPerson]);
      else {
        this.writeSuspects(Infinity);
        this.person(id, r as ParsedPerson);
      }
    }
    // The row's place among its case's rows of its kind (seq from 1, in the order read, as writeCaseBundles numbers them).
    else {
      this.writeSuspects(Infinity);
      if (kind === 'events') this.w.event(id, b.events!.length, r as ParsedEvent);
      else this.w.document(id, b.documents!.length, r as ParsedDocument);
      this.laterRows = true;
    }
    this.written[kind]++;
  }

  tableBegun(sheet: SheetName): void {
    if (sheet !== '案件' && this.written.cases > 0) this.casesIn = true;
    if (sheet === '嫌疑人' && this.written.cases === 0) this.suspectsWithCases = true;
  }

  /**
   * While the reader has no rows ready (the parse thread is the slower one), a slice of deferred work: a run of a
   * wide sheet's suspects; once the 案件 sheet is done, one of the cases' indexes (a case that comes later still
   * goes into those built, row by row); then a slice of the search index, once the rows of 流程节点/文书 come, or
   * already while a wide sheet is read (`suspectsWithCases`). The main thread would wait anyway, and what it does now
   * is not left for after the last row (issue 15).
   */
  idle(): boolean {
    if (!this.live) return false;
    if (this.waiting.length - this.waitingAt >= SUSPECT_RUN) {
      this.writeSuspects(SUSPECT_RUN);
      return true;
    }
    if (this.indexesLeft && (this.casesIn || this.laterRows)) {
      this.indexesLeft = this.w.buildIndex();
      return true;
    }
    if (!this.laterRows && !this.suspectsWithCases) return false;
    return this.enterSearch(SEARCH_SLICE);
  }

  private person(id: number, p: ParsedPerson): void {
    this.w.person(id, p);
    if (id <= this.searchedTo) this.searchStale = true;
  }

  /** Writes up to `n` of the suspects waiting (the oldest first). */
  private writeSuspects(n: number): void {
    const q = this.waiting;
    if (this.waitingAt >= q.length) return;
    const end = Math.min(q.length, this.waitingAt + n);
    for (let i = this.waitingAt; i < end; i++) this.person(q[i][0], q[i][1]);
    if (end === q.length) {
      this.waiting = [];
      this.waitingAt = 0;
    } else this.waitingAt = end;
  }

  /**
   * Enters up to `n` written cases in the search index (the oldest first): every one once the rows of later sheets
   * have come; before that (a wide export) only those before the last case written and before the oldest suspect
   * still waiting to be written. Whether any case is left that can be entered now.
   */
  private enterSearch(n: number, all = this.laterRows): boolean {
    const ids = this.writtenIds;
    if (this.searchStale) return false;
    // The first case that cannot be entered yet (its suspects may still come, or wait to be written).
    const bound = all
      ? Infinity
      : Math.min(this.lastCaseId, this.waitingAt < this.waiting.length ? this.waiting[this.waitingAt][0] : Infinity);
    let end = Math.min(ids.length, this.searchedAt + n);
    while (end > this.searchedAt && ids[end - 1] >= bound) end--;
    if (end > this.searchedAt) {
      const slice = ids.slice(this.searchedAt, end);
      searchIndex(this.db, slice);
      this.searchedAt = end;
      this.searchedTo = slice[slice.length - 1];
    }
    return end < ids.length && ids[end] < bound;
  }

  /** Whether the plan is exactly what was written: every case of the import added, with all its rows. */
  matches(plan: Plan): boolean {
    if (!this.live || plan.changed || plan.unchanged || plan.skippedOlder.length || plan.confirms.length) return false;
    if (!plan.added || plan.writes.length !== plan.added || plan.added !== this.written.cases) return false;
    const n = { persons: 0, events: 0, documents: 0 };
    for (const w of plan.writes) {
      if (!w.isNew) return false;
      n.persons += w.persons?.length ?? 0;
      n.events += w.events?.length ?? 0;
      n.documents += w.documents?.length ?? 0;
    }
    return (
      n.persons === this.written.persons && n.events === this.written.events && n.documents === this.written.documents
    );
  }

  /**
   * Completes the load in its transaction (the caller then writes the roster and trail, and commits) and returns the
   * import batch's id, its row filled in with the files and the data date.
   */
  finish(batch: { files: BatchFile[]; contentHash: string; takenOn: string | null }): number {
    const p = this.col.present;
    this.writeSuspects(Infinity);
    this.enterSearch(Infinity, true);
    finishLoad(this.db, this.w, {
      batch,
      kinds: { persons: p.has('嫌疑人'), events: p.has('流程节点'), documents: p.has('文书') },
      searchDone: !this.searchStale,
    });
    return this.w.importId;
  }

  commit(): void {
    commitLoad(this.db);
    this.live = false;
    this.close();
  }

  /** Rolls the load back (nothing it wrote remains) and stops taking rows. Safe to call more than once. */
  abandon(): void {
    if (this.col.sink === this) this.col.sink = undefined;
    if (!this.live) return;
    this.live = false;
    this.waiting = [];
    try {
      rollbackLoad(this.db);
    } finally {
      this.close();
    }
  }

  private close(): void {
    if (this.col.sink === this) this.col.sink = undefined;
    if (this.db.open) this.db.close();
  }
}
