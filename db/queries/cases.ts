/**
 * Cases and their children (persons, events, documents) and the case history.
 *
 * Bulk write, used by the import and reusable by the demo and the benchmark to load generated data:
 *
 *   writeCaseBundles(db: Db, bundles: Iterable<CaseBundle>, importId: number | null,
 *                    opts?: { onProgress?: (done: number) => void; rebuildIndexes?: boolean }): WriteStats
 *
 *   CaseBundle = { caseNo?, case?: CaseRecord, persons?: PersonRecord[], events?: EventRecord[],
 *                  documents?: DocumentRecord[], history?: HistoryEntry[], isNew?: boolean, caseId?: number }
 *
 * - `caseNo` defaults to case.caseNo (so the generator's {case, persons, events, documents} bundles fit as they are).
 * - `case` given: the case row is inserted, or its fields replaced (upsert on case_no).
 * - each child array given (even empty) replaces that case's rows of that kind; an omitted one is left alone.
 * - `history` rows are written against the case for `importId` (required when history is given).
 * - `isNew: true` skips deleting children of a case known not to exist yet (fast first load);
 *   `caseId` skips the case_no lookup for a child-only bundle.
 * - `rebuildIndexes: true` (a load that is large next to the store, e.g. the first import): drops the
 *   secondary indexes of cases/persons/events/documents, writes, and recreates them from their own SQL,
 *   in the same transaction. Maintaining eight indexes row by row with a small page cache spills pages
 *   to the WAL over and over: 100k cases + 565k child rows took 21 s that way and 6 s this way.
 * - the search index (db/queries/search.ts) follows every case whose row or suspects were written, in the same
 *   transaction (rebuilt whole after a `rebuildIndexes` load); so do the counts of cases per filter value
 *   (db/queries/case-counts.ts: changed by each case row written, the replaced row's values read first; recounted
 *   after a `rebuildIndexes` load).
 * Runs in one transaction (or inside the caller's). Statements are prepared once per call.
 * importId null is allowed (generated data loaded without an import batch).
 */
import type { Db } from '../store';
import { hasSearchIndex, rebuildCaseSearch, refreshCaseSearch } from './search';
import {
  COUNTED_COLUMNS,
  CountChanges,
  hasCaseCounts,
  recountCases,
  type CountedColumn,
  type CountedValues,
} from './case-counts';
import type { CaseRecord, DocumentRecord, EventRecord, PersonRecord } from '../../core/domain';

export interface HistoryEntry {
  field: string;
  old: string | null;
  new: string | null;
}

export interface CaseBundle {
  caseNo?: string;
  case?: CaseRecord;
  persons?: PersonRecord[];
  events?: EventRecord[];
  documents?: DocumentRecord[];
  history?: HistoryEntry[];
  isNew?: boolean;
  caseId?: number;
}

export interface WriteStats {
  cases: number;
  persons: number;
  events: number;
  documents: number;
  history: number;
}

export const b = (v: boolean | null | undefined): number | null => (v == null ? null : v ? 1 : 0);

/** A person row's INSERT and its parameters: one column list for every writer of persons (this file, load.ts). */
export const INSERT_PERSON_SQL = `
  INSERT INTO persons (case_id, person_no, name, gender, birth_date, custody, measure, measure_from, has_counsel, plea,
                       plea_signed_on, decision, decided_on, decision_reason, sentencing, sentencing_adopted, judged_on, appealed)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;
export const personParams = (caseId: number, p: PersonRecord): unknown[] => [
  caseId,
  p.personNo,
  p.name,
  p.gender,
  p.birthDate,
  p.custody,
  p.measure ?? '无',
  p.measureFrom,
  b(p.hasCounsel) ?? 0,
  b(p.plea) ?? 0,
  p.pleaSignedOn,
  p.decision,
  p.decidedOn,
  p.decisionReason,
  p.sentencing ?? '无',
  b(p.sentencingAdopted),
  p.judgedOn,
  b(p.appealed) ?? 0,
];

export interface WriteOptions {
  onProgress?: (done: number) => void;
  rebuildIndexes?: boolean;
  /**
   * The data date (数据日期) of the export the rows come from: recorded on the case row when `case` is
   * written, and for each kind of child rows written (cases.taken_on, persons_taken_on, events_taken_on,
   * documents_taken_on). Absent: NULL, unknown (generated data loaded without an export).
   */
  takenOn?: string | null;
}

/** A case row's updated_at: the moment it is written, in China time (every writer of cases: this file, load.ts). */
export function updatedAtNow(): string {
  return new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 19) + '+08:00';
}

/** The kinds of a case's rows that carry a data date. */
export type DataKind = 'case' | 'persons' | 'events' | 'documents';
/** A stored case whose rows of `kinds` an import confirmed unchanged. */
export interface DataDateConfirm {
  caseId: number;
  kinds: DataKind[];
}

export function writeCaseBundles(
  db: Db,
  bundles: Iterable<CaseBundle>,
  importId: number | null,
  opts: WriteOptions = {},
): WriteStats {
  const { onProgress } = opts;
  const upsertCase = db.prepare(`
    INSERT INTO cases (case_no, title, category, cause, department, prosecutor, agency, received_on, complex, has_victim,
                       procedure, status, concluded_on, conclusion, note, first_import_id, last_import_id, updated_at, taken_on,
                       persons_taken_on, events_taken_on, documents_taken_on)
    VALUES (@caseNo, @title, @category, @cause, @department, @prosecutor, @agency, @receivedOn, @complex, @hasVictim,
            @procedure, @status, @concludedOn, @conclusion, @note, @importId, @importId, @now, @takenOn,
            CASE WHEN @p = 1 THEN @takenOn END, CASE WHEN @e = 1 THEN @takenOn END, CASE WHEN @o = 1 THEN @takenOn END)
    ON CONFLICT(case_no) DO UPDATE SET title = excluded.title, category = excluded.category, cause = excluded.cause,
      department = excluded.department, prosecutor = excluded.prosecutor, agency = excluded.agency,
      received_on = excluded.received_on, complex = excluded.complex, has_victim = excluded.has_victim,
      procedure = excluded.procedure, status = excluded.status, concluded_on = excluded.concluded_on,
      conclusion = excluded.conclusion, note = excluded.note, last_import_id = excluded.last_import_id,
      updated_at = excluded.updated_at, taken_on = excluded.taken_on,
      persons_taken_on = CASE WHEN @p = 1 THEN excluded.persons_taken_on ELSE persons_taken_on END,
      events_taken_on = CASE WHEN @e = 1 THEN excluded.events_taken_on ELSE events_taken_on END,
      documents_taken_on = CASE WHEN @o = 1 THEN excluded.documents_taken_on ELSE documents_taken_on END
    RETURNING id`);
  const takenOn = opts.takenOn ?? null;
  const kindDate = {
    persons: db.prepare('UPDATE cases SET persons_taken_on = ? WHERE id = ?'),
    events: db.prepare('UPDATE cases SET events_taken_on = ? WHERE id = ?'),
    documents: db.prepare('UPDATE cases SET documents_taken_on = ? WHERE id = ?'),
  };
  const caseIdOf = db.prepare('SELECT id FROM cases WHERE case_no = ?').pluck();
  const touchCase = db.prepare('UPDATE cases SET last_import_id = ?, updated_at = ? WHERE id = ?');
  const delPersons = db.prepare('DELETE FROM persons WHERE case_id = ?');
  const delEvents = db.prepare('DELETE FROM events WHERE case_id = ?');
  const delDocuments = db.prepare('DELETE FROM documents WHERE case_id = ?');
  const insPerson = db.prepare(INSERT_PERSON_SQL);
  const insEvent = db.prepare(
    'INSERT INTO events (case_id, seq, kind, on_date, person_no, note) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const insDocument = db.prepare(
    'INSERT INTO documents (case_id, seq, name, number, issued_on, person_no) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const insHistory = db.prepare(
    'INSERT INTO case_history (case_id, import_id, field, old_value, new_value) VALUES (?, ?, ?, ?, ?)',
  );
  const now = updatedAtNow();
  const stats: WriteStats = { cases: 0, persons: 0, events: 0, documents: 0, history: 0 };
  const searchable = hasSearchIndex(db);
  const counts = hasCaseCounts(db) && !opts.rebuildIndexes ? new CountChanges() : null;
  const countedOf = counts
    ? db.prepare('SELECT category, status, department, prosecutor FROM cases WHERE case_no = ?')
    : null;
  /** Cases whose searchable text (case_no, title, suspects' names) may have changed. */
  const touched = new Set<number>();

  const run = () => {
    let done = 0;
    for (const bd of bundles) {
      let id: number;
      const caseNo = bd.caseNo ?? bd.case?.caseNo;
      if (!caseNo) throw new Error('写入失败：缺少部门受案号');
      if (bd.case) {
        const c = bd.case;
        const before = countedOf && !bd.isNew ? (countedOf.get(caseNo) as CountedValues | undefined) : undefined;
        id = (
          upsertCase.get({
            caseNo,
            title: c.title,
            category: c.category,
            cause: c.cause,
            department: c.department,
            prosecutor: c.prosecutor,
            agency: c.agency,
            receivedOn: c.receivedOn,
            complex: b(c.complex),
            hasVictim: b(c.hasVictim),
            procedure: c.procedure,
            status: c.status,
            concludedOn: c.concludedOn,
            conclusion: c.conclusion,
            note: c.note,
            importId,
            now,
            takenOn,
            p: bd.persons ? 1 : 0,
            e: bd.events ? 1 : 0,
            o: bd.documents ? 1 : 0,
          }) as { id: number }
        ).id;
        counts?.written(before, c);
        stats.cases++;
      } else {
        const found = bd.caseId ?? (caseIdOf.get(caseNo) as number | undefined);
        if (found === undefined) throw new Error(`写入失败：案件 ${caseNo} 不在库中`);
        id = found;
        if (importId != null) touchCase.run(importId, now, id);
      }
      if (searchable && (bd.case || bd.persons)) touched.add(id);
      const fresh = !!bd.isNew;
      if (bd.persons) {
        if (!bd.case) kindDate.persons.run(takenOn, id);
        if (!fresh) delPersons.run(id);
        for (const p of bd.persons) {
          insPerson.run(...personParams(id, p));
        }
        stats.persons += bd.persons.length;
      }
      if (bd.events) {
        if (!bd.case) kindDate.events.run(takenOn, id);
        if (!fresh) delEvents.run(id);
        let seq = 0;
        for (const e of bd.events) insEvent.run(id, ++seq, e.kind, e.on, e.personNo, e.note);
        stats.events += bd.events.length;
      }
      if (bd.documents) {
        if (!bd.case) kindDate.documents.run(takenOn, id);
        if (!fresh) delDocuments.run(id);
        let seq = 0;
        for (const d of bd.documents) insDocument.run(id, ++seq, d.name, d.number, d.issuedOn, d.personNo);
        stats.documents += bd.documents.length;
      }
      if (bd.history?.length) {
        if (importId == null) throw new Error('写入案件历史需要导入批次');
        for (const h of bd.history) insHistory.run(id, importId, h.field, h.old, h.new);
        stats.history += bd.history.length;
      }
      if (onProgress && ++done % 2000 === 0) onProgress(done);
    }
  };
  const withIndexes = () => {
    if (!opts.rebuildIndexes) {
      run();
      if (touched.size) refreshCaseSearch(db, touched);
      counts?.apply(db);
      return;
    }
    const idx = dropIndexes(db, ['cases', 'persons', 'events', 'documents']);
    run();
    for (const i of idx) db.exec(i.sql);
    if (searchable) rebuildCaseSearch(db);
    if (hasCaseCounts(db)) recountCases(db);
  };
  if (db.inTransaction) withIndexes();
  else db.transaction(withIndexes).immediate();
  return stats;
}

/** An index as the schema defines it: dropped for a large load and created again from its own SQL. */
export interface IndexDef {
  name: string;
  sql: string;
}

/**
 * Drops the secondary indexes of these tables (in the caller's transaction) and returns them, to be created again
 * with `db.exec(sql)`: building an index from all its rows at once (a sort) costs far less than keeping it up row
 * by row through a large load. Only indexes with SQL of their own: UNIQUE constraints (autoindexes) stay and keep
 * checking.
 */
export function dropIndexes(db: Db, tables: string[]): IndexDef[] {
  const idx = db
    .prepare(
      `SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL
         AND tbl_name IN (SELECT value FROM json_each(?)) ORDER BY name`,
    )
    .all(JSON.stringify(tables)) as IndexDef[];
  for (const i of idx) db.exec(`DROP INDEX "${i.name.replace(/"/g, '""')}"`);
  return idx;
}

/**
 * Moves the data dates of rows an import confirmed unchanged up to its data date (never down): the store's
 * data of those rows is known to hold on that later day. Rows already as recent are not written.
 */
export function confirmDataDates(db: Db, confirms: Iterable<DataDateConfirm>, takenOn: string): void {
  const up = (col: string, flag: string) =>
    `${col} = CASE WHEN ${flag} = 1 AND (${col} IS NULL OR ${col} < @d) THEN @d ELSE ${col} END`;
  const older = (col: string, flag: string) => `(${flag} = 1 AND (${col} IS NULL OR ${col} < @d))`;
  const cols: [string, string][] = [
    ['taken_on', '@c'],
    ['persons_taken_on', '@p'],
    ['events_taken_on', '@e'],
    ['documents_taken_on', '@o'],
  ];
  const st = db.prepare(
    `UPDATE cases SET ${cols.map(([c, f]) => up(c, f)).join(', ')} WHERE id = @id AND (${cols.map(([c, f]) => older(c, f)).join(' OR ')})`,
  );
  for (const x of confirms) {
    const has = (k: DataKind) => (x.kinds.includes(k) ? 1 : 0);
    st.run({ id: x.caseId, d: takenOn, c: has('case'), p: has('persons'), e: has('events'), o: has('documents') });
  }
}

// ---- reading one case back (change detection, cases/get) ----------------------

export interface CaseRow {
  id: number;
  case_no: string;
  title: string;
  category: string;
  cause: string | null;
  department: string;
  prosecutor: string;
  agency: string | null;
  received_on: string;
  complex: number;
  has_victim: number;
  procedure: string | null;
  status: string;
  concluded_on: string | null;
  conclusion: string | null;
  note: string | null;
  first_import_id: number | null;
  last_import_id: number | null;
  updated_at: string | null;
  /** Data dates (数据日期) of the case row and of each kind of its child rows (migration 007-as-of). */
  taken_on: string | null;
  persons_taken_on: string | null;
  events_taken_on: string | null;
  documents_taken_on: string | null;
}

export interface PersonRow {
  id: number;
  case_id: number;
  person_no: string;
  name: string;
  gender: string | null;
  birth_date: string | null;
  custody: string;
  measure: string;
  measure_from: string | null;
  has_counsel: number;
  plea: number;
  plea_signed_on: string | null;
  decision: string | null;
  decided_on: string | null;
  decision_reason: string | null;
  sentencing: string;
  sentencing_adopted: number | null;
  judged_on: string | null;
  appealed: number;
}
export interface EventRow {
  id: number;
  case_id: number;
  seq: number;
  kind: string;
  on_date: string;
  person_no: string | null;
  note: string | null;
}
export interface DocumentRow {
  id: number;
  case_id: number;
  seq: number;
  name: string;
  number: string;
  issued_on: string;
  person_no: string | null;
}
export interface HistoryRow {
  id: number;
  case_id: number;
  import_id: number;
  field: string;
  old_value: string | null;
  new_value: string | null;
  imported_at: string | null;
}

/** Prepared statements cached per connection: the import calls these once per case. */
const cache = new WeakMap<Db, ReturnType<typeof prepareReads>>();
function prepareReads(db: Db) {
  return {
    caseByNo: db.prepare('SELECT * FROM cases WHERE case_no = ?'),
    persons: db.prepare('SELECT * FROM persons WHERE case_id = ? ORDER BY person_no'),
    events: db.prepare('SELECT * FROM events WHERE case_id = ? ORDER BY seq'),
    documents: db.prepare('SELECT * FROM documents WHERE case_id = ? ORDER BY seq'),
  };
}
function reads(db: Db) {
  let r = cache.get(db);
  if (!r) cache.set(db, (r = prepareReads(db)));
  return r;
}

export function countCases(db: Db): number {
  return db.prepare('SELECT count(*) FROM cases').pluck().get() as number;
}
/** Whether the store holds any case (one seek, where a count reads the whole index). */
export function hasAnyCase(db: Db): boolean {
  return db.prepare('SELECT EXISTS (SELECT 1 FROM cases)').pluck().get() === 1;
}

export function getCaseByNo(db: Db, caseNo: string): CaseRow | undefined {
  return reads(db).caseByNo.get(caseNo) as CaseRow | undefined;
}
export function personsOfCase(db: Db, caseId: number): PersonRow[] {
  return reads(db).persons.all(caseId) as PersonRow[];
}
export function eventsOfCase(db: Db, caseId: number): EventRow[] {
  return reads(db).events.all(caseId) as EventRow[];
}
export function documentsOfCase(db: Db, caseId: number): DocumentRow[] {
  return reads(db).documents.all(caseId) as DocumentRow[];
}

export function historyOfCase(db: Db, caseId: number): HistoryRow[] {
  return db
    .prepare(
      `SELECT h.*, b.finished_at AS imported_at FROM case_history h LEFT JOIN import_batches b ON b.id = h.import_id
                     WHERE h.case_id = ? ORDER BY h.id`,
    )
    .all(caseId) as HistoryRow[];
}

const BOOL_COLS = new Set(['complex', 'has_victim', 'has_counsel', 'plea', 'appealed', 'sentencing_adopted']);
/** A db row as the domain records spell it (camelCase, booleans, events' on_date → on); ids kept. */
export function camelRow(row: object): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) {
    const key = k === 'on_date' ? 'on' : k.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
    out[key] = BOOL_COLS.has(k) && v != null ? v === 1 : v;
  }
  return out;
}

export function findingsOfCase(db: Db, caseNo: string): Record<string, unknown>[] {
  const hasFindings = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'findings'").get();
  if (!hasFindings) return [];
  return db.prepare('SELECT * FROM findings WHERE case_no = ? ORDER BY id').all(caseNo) as Record<string, unknown>[];
}

// ---- the grid's list (infinite row model) ---------------------------------------

/** Sortable columns → SQL column. Each has an index, so ORDER BY … LIMIT reads only a page. */
export const SORT_COLUMNS = {
  caseNo: 'case_no',
  title: 'title',
  category: 'category',
  department: 'department',
  prosecutor: 'prosecutor',
  receivedOn: 'received_on',
  status: 'status',
  concludedOn: 'concluded_on',
} as const;
export type SortColumn = keyof typeof SORT_COLUMNS;

export interface CaseFilters {
  category?: string;
  status?: string;
  department?: string;
  prosecutor?: string;
  receivedFrom?: string;
  receivedTo?: string;
  concludedFrom?: string;
  concludedTo?: string;
  /** Quick search: 部门受案号 prefix, 案件名称 contains, 承办检察官 prefix. */
  q?: string;
}

export interface ListCasesQuery {
  offset: number;
  limit: number;
  sort?: { col: SortColumn; dir: 'asc' | 'desc' }[];
  filters?: CaseFilters;
}

export interface CaseListRow {
  id: number;
  caseNo: string;
  title: string;
  category: string;
  cause: string | null;
  department: string;
  prosecutor: string;
  agency: string | null;
  receivedOn: string;
  status: string;
  concludedOn: string | null;
  conclusion: string | null;
  complex: boolean;
  procedure: string | null;
  persons: number;
}

function likeEscape(s: string): string {
  return s.replace(/[\\%_]/g, (m) => '\\' + m);
}

/**
 * The quick search `q`: 部门受案号 prefix, 案件名称 contains, 承办检察官 prefix. 案件名称 goes through the search
 * index (migration case-search, FTS5 trigram) for three characters or more; one or two characters read the title
 * index (a trigram index cannot answer them). A part that matches no case at all (one index seek each) is left out,
 * so a query that is a case number is a range of the case-number index, a title word a lookup in the search index.
 */
interface QuickSearch {
  /** The condition on a cases row (or on a walk's window, which carries the same columns). */
  sql: string;
  params: unknown[];
  /**
   * Set when one part alone decides and it is a set of ids (a title word in the search index): the count of that
   * set without reading cases rows.
   */
  idCount?: { sql: string; params: unknown[] };
  /** With idCount: the set's ids (the same parameters), for a sample of the matches. */
  ids?: string;
  /** Set when one part alone decides and it is a condition on the row (1–2 characters of a title): its ids as a set. */
  idSetSql?: string;
}

interface QuickArm {
  cond: string;
  ids: string;
  params: unknown[];
  idCount?: { sql: string; params: unknown[] };
  idSetSql?: string;
}

const quickProbes = new WeakMap<
  Db,
  {
    range: (col: 'case_no' | 'prosecutor', lo: string) => boolean;
    fts: ((m: string) => boolean) | null;
    pieces: { terms: (piece: string) => string[]; tail: (piece: string) => boolean } | null;
  }
>();
function probes(db: Db) {
  let p = quickProbes.get(db);
  if (!p) {
    const caseNo = db.prepare('SELECT 1 FROM cases WHERE case_no >= ? AND case_no < ? LIMIT 1').pluck();
    const prosecutor = db.prepare('SELECT 1 FROM cases WHERE prosecutor >= ? AND prosecutor < ? LIMIT 1').pluck();
    const fts = hasSearchIndex(db)
      ? db.prepare('SELECT 1 FROM case_search WHERE case_search MATCH ? LIMIT 1').pluck()
      : null;
    const hasPieces = !!db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'cases_title_tail'").get();
    const terms = hasPieces
      ? db.prepare('SELECT term FROM case_search_terms WHERE term >= ? AND term <= ?').pluck()
      : null;
    const tail = hasPieces ? db.prepare('SELECT 1 FROM cases WHERE substr(title, -2) = ? LIMIT 1').pluck() : null;
    p = {
      range: (col, lo) => (col === 'case_no' ? caseNo : prosecutor).get(lo, lo + '\uffff') !== undefined,
      fts: fts && ((m: string) => fts.get(m) !== undefined),
      pieces:
        terms && tail
          ? {
              // The last character there is (U+10FFFF, above any in UTF-8's order, unlike U+FFFF): every trigram of it.
              terms: (piece) => terms.all(piece, piece + '\u{10ffff}') as string[],
              tail: (piece) => tail.get(piece) !== undefined,
            }
          : null,
    };
    quickProbes.set(db, p);
  }
  return p;
}

/**
 * Two characters that the search index's trigrams hold as they are: no character that folding (the trigram
 * tokenizer ignores case) could change, so a trigram beginning with them is exactly a title containing them there.
 */
function isFoldFreePair(q: string): boolean {
  const cs = [...q];
  return cs.length === 2 && cs.every((c) => c.toLowerCase() === c && c.toUpperCase() === c && !/\s/.test(c));
}

function quickSearch(db: Db, text: string): QuickSearch {
  const q = text.trim();
  const p = probes(db);
  const arms: QuickArm[] = [];
  // Case numbers are stored with [] and no spaces (core/domain.ts normalizeCaseNo).
  const no = q
    .replace(/\s+/g, '')
    .replace(/[〔［【]/g, '[')
    .replace(/[〕］】]/g, ']');
  if (no && p.range('case_no', no))
    arms.push({
      cond: '(case_no >= ? AND case_no < ?)',
      ids: 'SELECT id FROM cases WHERE case_no >= ? AND case_no < ?',
      params: [no, no + '\uffff'],
    });
  if ([...q].length >= 3 && p.fts) {
    const match = `title : "${q.replace(/"/g, '""')}"`;
    if (p.fts(match))
      arms.push({
        cond: 'id IN (SELECT rowid FROM case_search WHERE case_search MATCH ?)',
        ids: 'SELECT rowid FROM case_search WHERE case_search MATCH ?',
        params: [match],
        idCount: { sql: 'SELECT count(*) FROM case_search WHERE case_search MATCH ?', params: [match] },
      });
  } else if (p.pieces && isFoldFreePair(q)) {
    // Two characters (migration title-pieces): followed by a character in a title, they begin one of its trigrams
    // (those trigrams are a range of the search index's terms: "诈骗" → 诈骗案, 诈骗罪, …); otherwise they end it
    // (cases_title_tail). A set of ids like a title word's, counted and paged the same way, no title read.
    const terms = p.pieces.terms(q);
    const parts: string[] = [];
    const params: unknown[] = [];
    if (terms.length) {
      parts.push('SELECT rowid FROM case_search WHERE case_search MATCH ?');
      params.push(`title : (${terms.map((t) => `"${t.replace(/"/g, '""')}"`).join(' OR ')})`);
    }
    if (p.pieces.tail(q)) {
      parts.push('SELECT id FROM cases WHERE substr(title, -2) = ?');
      params.push(q);
    }
    if (parts.length) {
      const ids = parts.join(' UNION ');
      arms.push({
        cond: `id IN (${ids})`,
        ids,
        params,
        idCount: { sql: `SELECT count(*) FROM (${ids})`, params },
      });
    }
  } else {
    // 1–2 characters: a condition on the row itself, not a set of ids. The count reads the title index alone; the
    // page walks the sort column's index and tests each case's title until it has a page (the matches are common:
    // 80,000 of a million for 诈骗), instead of building the set by a scan of every title and sorting it.
    // instr() is a plain substring test, a third cheaper than LIKE per title; LIKE only where it differs (it
    // ignores the case of ASCII letters).
    const cond = /[A-Za-z]/.test(q) ? "title LIKE ? ESCAPE '\\'" : 'instr(title, ?) > 0';
    const param = /[A-Za-z]/.test(q) ? `%${likeEscape(q)}%` : q;
    const ids = `SELECT id FROM cases WHERE ${cond}`;
    arms.push({ cond: `(${cond})`, ids, params: [param], idSetSql: `id IN (${ids})` });
  }
  if (p.range('prosecutor', q))
    arms.push({
      cond: '(prosecutor >= ? AND prosecutor < ?)',
      ids: 'SELECT id FROM cases WHERE prosecutor >= ? AND prosecutor < ?',
      params: [q, q + '\uffff'],
    });
  if (!arms.length) return { sql: '0', params: [] };
  if (arms.length === 1)
    return {
      sql: arms[0].cond,
      params: arms[0].params,
      idCount: arms[0].idCount,
      ids: arms[0].idCount && arms[0].ids,
      idSetSql: arms[0].idSetSql,
    };
  return { sql: `id IN (${arms.map((a) => a.ids).join(' UNION ')})`, params: arms.flatMap((a) => a.params) };
}

interface Where {
  sql: string;
  params: unknown[];
  /** The count's SQL and parameters (the search index counts a title word alone). */
  countSql: string;
  countParams: unknown[];
  /** Set when the only condition is a set of ids (the quick search's title part): walk a sort index against it. */
  idSet?: boolean;
  /** With idSet: the set's ids (a SELECT with `params`). */
  idsSql?: string;
  /** The same WHERE as a set of ids (1–2 characters of a title alone), for the walk of idSet. */
  idSetSql?: string;
}

/** WHERE of the filters (the quick search resolved against the store by quickSearch). */
function whereOf(db: Db, f: CaseFilters = {}): Where {
  const w: string[] = [];
  const p: unknown[] = [];
  const eq = (col: CountedColumn, v: string | undefined) => {
    if (v) {
      w.push(`${col} = ?`);
      p.push(v);
    }
  };
  eq('category', f.category);
  eq('status', f.status);
  eq('department', f.department);
  eq('prosecutor', f.prosecutor);
  if (f.receivedFrom) {
    w.push('received_on >= ?');
    p.push(f.receivedFrom);
  }
  if (f.receivedTo) {
    w.push('received_on <= ?');
    p.push(f.receivedTo);
  }
  if (f.concludedFrom) {
    w.push('concluded_on >= ?');
    p.push(f.concludedFrom);
  }
  if (f.concludedTo) {
    w.push('concluded_on <= ?');
    p.push(f.concludedTo);
  }
  let idCount: QuickSearch['idCount'];
  let idsSql: string | undefined;
  let idSetSql: string | undefined;
  if (f.q?.trim()) {
    const qs = quickSearch(db, f.q);
    w.push(qs.sql);
    p.push(...qs.params);
    idCount = qs.idCount;
    idsSql = qs.ids;
    idSetSql = qs.idSetSql;
  }
  const sql = w.length ? `WHERE ${w.join(' AND ')}` : '';
  if (idCount && w.length === 1)
    return { sql, params: p, countSql: idCount.sql, countParams: idCount.params, idSet: true, idsSql };
  if (idSetSql && w.length === 1)
    return {
      sql,
      params: p,
      countSql: `SELECT count(*) FROM cases ${sql}`,
      countParams: p,
      idSetSql: `WHERE ${idSetSql}`,
    };
  // No filter or one value of a column: the stored count (migration case-counts), one lookup.
  if (w.length <= 1 && !f.q?.trim() && hasCaseCounts(db)) {
    const col = w.length ? COUNTED_COLUMNS.find((c) => w[0] === `${c} = ?`) : '';
    if (col !== undefined)
      return {
        sql,
        params: p,
        countSql: col
          ? 'SELECT coalesce((SELECT n FROM case_counts WHERE col = ? AND value = ?), 0)'
          : "SELECT coalesce((SELECT n FROM case_counts WHERE col = '' AND value = ''), (SELECT count(*) FROM cases))",
        countParams: col ? [col, p[0]] : [],
      };
  }
  return { sql, params: p, countSql: `SELECT count(*) FROM cases ${sql}`, countParams: p };
}

/**
 * ORDER BY from whitelisted columns only. A single sort key is extended with the columns of the index that
 * serves it, then the row id, all in one direction, so SQLite walks that index and stops after a page (no temp
 * b-tree over a million rows). With an equality filter, the same order is a walk of a (filter, sort) index
 * (migration grid-indexes) where one exists. More keys: as given, then the id.
 */
const INDEX_ORDER: Record<SortColumn, string[]> = {
  caseNo: ['case_no'],
  title: ['title'],
  category: ['category', 'status'],
  department: ['department', 'prosecutor', 'status'],
  prosecutor: ['prosecutor', 'received_on', 'case_no'],
  receivedOn: ['received_on'],
  status: ['status', 'received_on'],
  concludedOn: ['concluded_on', 'received_on'],
};
/** The index each single-column sort walks (INDEX_ORDER follows its columns). */
const SORT_INDEX: Record<SortColumn, string> = {
  caseNo: 'sqlite_autoindex_cases_1',
  title: 'cases_title',
  category: 'cases_category_status',
  department: 'cases_department',
  prosecutor: 'cases_prosecutor',
  receivedOn: 'cases_received',
  status: 'cases_status_received',
  concludedOn: 'cases_concluded',
};
function orderOf(sortIn: ListCasesQuery['sort']): string {
  const sort = sortIn?.length ? sortIn.slice(0, 3) : [{ col: 'receivedOn' as SortColumn, dir: 'desc' as const }];
  const dir = sort[0].dir === 'desc' ? 'DESC' : 'ASC';
  if (sort.length === 1) {
    // 部门受案号 is unique: after it the id adds nothing (and SQLite, not knowing, would sort for it).
    const cols = INDEX_ORDER[sort[0].col];
    return (cols.includes('case_no') ? cols : [...cols, 'id']).map((c) => `${c} ${dir}`).join(', ');
  }
  return [...sort.map((s) => `${SORT_COLUMNS[s.col]} ${s.dir === 'desc' ? 'DESC' : 'ASC'}`), `id ${dir}`].join(', ');
}

/**
 * Counts of the grid's filters and the plans of its page queries, reused until the store changes:
 * `PRAGMA data_version` moves when another connection commits, `total_changes()` when this one writes.
 * The grid asks for the total with every page.
 */
interface ListCache {
  stamp: string;
  byWhere: Map<string, number>;
  /** matchSpan's answers by set, sort column and direction (null: none worth using). */
  spans: Map<string, MatchSpan | null>;
  /** Sets of ids as bitmaps (idBitmap), by their SQL and parameters: a few, each up to an eighth of a byte a case. */
  sets: Map<string, Uint8Array>;
  stampSql: { get(): unknown };
}
const countCache = new WeakMap<Db, ListCache>();
function listCache(db: Db): ListCache {
  let c = countCache.get(db);
  if (!c)
    countCache.set(
      db,
      (c = {
        stamp: '',
        byWhere: new Map(),
        spans: new Map(),
        sets: new Map(),
        stampSql: db.prepare('SELECT total_changes()').pluck(),
      }),
    );
  const stamp = `${db.pragma('data_version', { simple: true })}/${c.stampSql.get()}`;
  if (stamp !== c.stamp) {
    c.stamp = stamp;
    c.byWhere.clear();
    c.spans.clear();
    c.sets.clear();
  }
  return c;
}
function countOf(db: Db, sql: string, params: unknown[]): number {
  const c = listCache(db);
  const key = `${sql}\u0000${JSON.stringify(params)}`;
  let n = c.byWhere.get(key);
  if (n === undefined) {
    n = db
      .prepare(sql)
      .pluck()
      .get(...params) as number;
    if (c.byWhere.size > 200) c.byWhere.clear();
    c.byWhere.set(key, n);
  }
  return n;
}

/** A test of a query's plan (EXPLAIN QUERY PLAN's details), answered once per SQL text and connection. */
function planTest(test: (plan: string[]) => boolean): (db: Db, sql: string, params: unknown[]) => boolean {
  const answers = new WeakMap<Db, Map<string, boolean>>();
  return (db, sql, params) => {
    let m = answers.get(db);
    if (!m) answers.set(db, (m = new Map()));
    let ok = m.get(sql);
    if (ok === undefined) {
      const plan = (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map(
        (r) => r.detail,
      );
      m.set(sql, (ok = test(plan)));
    }
    return ok;
  };
}

/**
 * Whether SQLite reads a query's rows in the ORDER BY's order from an index (no sort of the matches): no sort, and
 * cases read by an index seek (a whole-index SCAN filtered row by row may visit every case before it finds a page).
 */
const walksInOrder = planTest((plan) => !plan.some((d) => /TEMP B-TREE/.test(d) || /^SCAN cases\b/.test(d)));

/** Whether SQLite walks one index alone in the ORDER BY's order (no sort, no case row read, no subquery). */
const walksCovered = planTest(
  (plan) =>
    plan.length === 1 && /^(SCAN|SEARCH) cases USING COVERING INDEX/.test(plan[0]) && !/TEMP B-TREE/.test(plan[0]),
);

/** Whether SQLite finds a query's matches by a seek of one index alone (no case row read, no whole index read). */
const seeksCovered = planTest((plan) => plan.length === 1 && /^SEARCH cases USING COVERING INDEX/.test(plan[0]));

/** Whether SQLite finds and sorts a query's matches from one index alone (no case row read). */
const sortsFromIndex = planTest(
  (plan) => plan.some((d) => /^SEARCH cases USING COVERING INDEX/.test(d)) && !plan.some((d) => /SUBQUERY/.test(d)),
);

/** Drops the grid's cached counts of a connection (tests and the benchmark: a first request counts). */
export function forgetListCounts(db: Db): void {
  countCache.delete(db);
}

/** Values of a sort column between which (inclusive) every match of a filter lies. */
interface MatchSpan {
  lo: string;
  hi: string;
}
/** Matches whose value of the sort column is read to guess where in the sort order the matches begin. */
const SPAN_SAMPLE = 64;

/**
 * Where a title word's matches lie along a counted column (案件类别, 状态, 承办部门, 承办检察官: migration
 * case-counts), when knowing it spares a walk of the sort index most of the cases before the first match. A walk
 * from the index's start against the word's ids passes every case of the values before the matches' first one: 诈骗案's
 * 81,528 cases all of 第二检察部, by 承办部门 ascending, came after 459,037 cases of 第一 and 第三检察部 (65–117 ms).
 * A few matches' rows give a guess c of the first value, and one of two counts proves it, whichever the stored counts
 * say reads fewer cases: the cases before c hold no match, or those from c on hold them all (from c over values whose
 * cases add up to no more than those before c). Then the page is walked from c. A wrong guess (a match before c) costs
 * at most the walk it meant to spare, once: the answer is kept until the store changes, like the counts. Exact:
 * proved, never estimated.
 */
function matchSpan(db: Db, where: Where, col: SortColumn, dir: 'asc' | 'desc', skipRows: number): MatchSpan | null {
  const column = SORT_COLUMNS[col];
  if (!where.idSet || !where.idsSql || !(COUNTED_COLUMNS as readonly string[]).includes(column)) return null;
  // The total, the guess, its proof and the answer kept under the store's stamp come from listCases's one snapshot.
  return hasCaseCounts(db) ? proveSpan(db, where, col, dir, skipRows) : null;
}
function proveSpan(db: Db, where: Where, col: SortColumn, dir: 'asc' | 'desc', skipRows: number): MatchSpan | null {
  const column = SORT_COLUMNS[col];
  const total = countOf(db, where.countSql, where.countParams);
  const cache = listCache(db);
  const key = `${column}\u0000${where.countSql}\u0000${JSON.stringify(where.countParams)}`;
  const known = cache.spans.get(`${key}\u0000${dir}`);
  if (known !== undefined) return known;
  const answer = (span: MatchSpan | null) => {
    // A span holds for both directions; a refusal only for the one it weighed.
    if (cache.spans.size > 200) cache.spans.clear();
    for (const d of span ? ['asc', 'desc'] : [dir]) cache.spans.set(`${key}\u0000${d}`, span);
    return span;
  };
  if (total === 0) return answer(null);
  // The column's values in the index's order (binary, as the stored counts' key sorts them), walked in the sort's.
  const values = db.prepare('SELECT value, n FROM case_counts WHERE col = ? ORDER BY value').all(column) as {
    value: string;
    n: number;
  }[];
  if (dir === 'desc') values.reverse();
  const seen = new Set(
    db
      .prepare(`SELECT DISTINCT ${column} FROM cases WHERE id IN (${where.idsSql} LIMIT ?)`)
      .pluck()
      .all(...where.params, SPAN_SAMPLE) as string[],
  );
  const first = values.findIndex((v) => seen.has(v.value));
  const last = values.findLastIndex((v) => seen.has(v.value));
  if (first < 0) return answer(null);
  const before = values.slice(0, first).reduce((n, v) => n + v.n, 0);
  const sampled = values.slice(first, last + 1).reduce((n, v) => n + v.n, 0);
  if (before < skipRows) return answer(null);
  const c = values[first].value;
  const matches = idBitmap(db, where.idsSql!, where.params);
  const ends = (a: string, z: string): MatchSpan => (dir === 'asc' ? { lo: a, hi: z } : { lo: z, hi: a });
  if (before <= sampled) {
    // No match before c: every one lies from c to the column's last value in the sort's direction.
    const none = matchesAmong(db, matches, col, `${column} ${dir === 'asc' ? '<' : '>'} ?`, [c]) === 0;
    return answer(none ? ends(c, values[values.length - 1].value) : null);
  }
  // All of them from c on, over the values whose cases add up to no more than those before c.
  let end = last;
  for (let walked = sampled; end + 1 < values.length && walked + values[end + 1].n <= before;)
    walked += values[++end].n;
  const span = ends(c, values[end].value);
  return answer(
    matchesAmong(db, matches, col, `${column} BETWEEN ? AND ?`, [span.lo, span.hi]) === total ? span : null,
  );
}

/** Whether a bitmap of ids (idBitmap) holds an id. */
function hasId(bits: Uint8Array, id: number): boolean {
  return ((bits[id >> 3] ?? 0) & (1 << (id & 7))) !== 0;
}
/**
 * A set of ids (a title word's matches) as a bitmap by id, read as one list. Counting the matches among a range of an
 * index's cases with it costs half of SQLite's own test of each entry against the set (an `IN` of a subquery: a Bloom
 * filter of fixed size, most of 300,000 entries then looked up in the set): 诈骗案's 81,528 matches among
 * 第二检察部's 297,144 cases, 48 ms → 5 + 22. Kept with the counts until the store changes.
 */
function idBitmap(db: Db, idsSql: string, params: unknown[]): Uint8Array {
  const sets = listCache(db).sets;
  const key = `${idsSql}\u0000${JSON.stringify(params)}`;
  const known = sets.get(key);
  if (known) return known;
  const max = db.prepare('SELECT coalesce(max(id), 0) FROM cases').pluck().get() as number;
  const bits = new Uint8Array((max >> 3) + 1);
  eachId(
    db
      .prepare(`WITH m(id) AS (${idsSql}) SELECT group_concat(id) FROM m`)
      .pluck()
      .get(...params) as string | null,
    (id) => (bits[id >> 3] |= 1 << (id & 7)),
  );
  if (sets.size >= 8) sets.clear();
  sets.set(key, bits);
  return bits;
}
/** How many of the cases where `cond` holds on the column's own index (their ids read as one list) are set. */
function matchesAmong(db: Db, bits: Uint8Array, col: SortColumn, cond: string, params: unknown[]): number {
  let n = 0;
  eachId(
    db
      .prepare(`SELECT group_concat(id) FROM cases INDEXED BY ${SORT_INDEX[col]} WHERE ${cond}`)
      .pluck()
      .get(...params) as string | null,
    (id) => {
      if (hasId(bits, id)) n++;
    },
  );
  return n;
}
/**
 * Each id of a list of positive integer ids joined by commas (group_concat), read in place: one string crosses from
 * SQLite instead of a row per id (a third of the cost), and no array of them is built (JSON.parse's: a fifth more).
 */
function eachId(list: string | null, f: (id: number) => void): void {
  if (list === null) return;
  let v = 0;
  for (let i = 0; i < list.length; i++) {
    const c = list.charCodeAt(i);
    if (c === 44) {
      f(v);
      v = 0;
    } else v = v * 10 + c - 48;
  }
  f(v);
}

/** Matches sorted outright (found through the filters' index, each read once): a few tens of milliseconds. */
const SORT_MATCHES_DEFAULT = 30_000;
/** Rows visited at most by a walk along the sort index before falling back to sorting the matches. */
const WALK_ROWS_DEFAULT = 20_000;
/** Cases before a title word's first sampled value of the sort column from which matchSpan looks for a shorter walk. */
const SKIP_ROWS_DEFAULT = 50_000;
/** Matches, in windows of WALK_ROWS, up to which an empty first window sends listCases past the whole window. */
const SKIP_WINDOW_MATCHES = 5;
/** What reading a case row in a window costs, in entries of an index read for a set of ids (listCases). */
const ROW_OVER_ENTRY_DEFAULT = 20;
/** Matches collected at most by the walk of the first of several sort keys before they are left to SQLite to sort. */
const GROUP_ROWS_DEFAULT = 20_000;
/** The thresholds between listCases's ways (tests set them low to take every way on a small store). */
export interface ListTuning {
  sortMatches?: number;
  walkRows?: number;
  skipRows?: number;
  groupRows?: number;
  rowOverEntry?: number;
}
/** The columns the filters and sort keys name (a walk's window carries them). */
const WINDOW_COLS = 'id, case_no, title, category, department, prosecutor, received_on, status, concluded_on';

/**
 * One page of the grid and the total. Without filters, SQLite walks the sort column's index and stops after the
 * page. With filters: where an index gives the matches in the sort order (a (filter, sort) index of migration
 * grid-indexes, or the filter's own index extended by the sort columns), SQLite walks it and stops after the page.
 * Otherwise there are two ways, chosen per request from the counts: when the matches are common enough that the
 * first page is likely within WALK_ROWS rows of the sort index, walk that window and filter it (a filter's own index
 * would make SQLite sort every match); if the window holds too few matches (matches bunched at the other end of the
 * sort order), walk on through the sort index alone against the matches' ids, up to a bound; past it, or when the
 * matches are rare, sort the matches' ids only. A title word alone: walk the sort index against its ids, from where
 * its matches begin along a counted column when that is proved (matchSpan). More sort keys: sort only the matches up
 * to the page's last value of the first key; when the page lies in one value of it (filters the first key's index tests),
 * only that value's matches, which the first key's index gives in the second key's order. The page's columns are read
 * for its 100 ids alone.
 *
 * All in one read snapshot: the total, the probes that choose a way (matchSpan's proof, the first key's bounds) and
 * the page are several statements, and another connection's import between two of them could otherwise make the page
 * disagree with the total, or a proof miss a new match.
 */
export function listCases(
  db: Db,
  query: ListCasesQuery,
  tuning: ListTuning = {},
): { rows: CaseListRow[]; total: number } {
  return db.inTransaction ? listCasesIn(db, query, tuning) : db.transaction(() => listCasesIn(db, query, tuning))();
}
function listCasesIn(db: Db, query: ListCasesQuery, tuning: ListTuning): { rows: CaseListRow[]; total: number } {
  const SORT_MATCHES = tuning.sortMatches ?? SORT_MATCHES_DEFAULT;
  const WALK_ROWS = tuning.walkRows ?? WALK_ROWS_DEFAULT;
  const SKIP_ROWS = tuning.skipRows ?? SKIP_ROWS_DEFAULT;
  const GROUP_ROWS = tuning.groupRows ?? GROUP_ROWS_DEFAULT;
  const ROW_OVER_ENTRY = tuning.rowOverEntry ?? ROW_OVER_ENTRY_DEFAULT;
  const where = whereOf(db, query.filters);
  const order = orderOf(query.sort);
  const total = countOf(db, where.countSql, where.countParams);
  const want = Math.max(0, Math.min(query.limit, total - query.offset));
  const page = (orderBy: string) =>
    db
      .prepare(`SELECT id FROM cases ${where.sql} ORDER BY ${orderBy} LIMIT ? OFFSET ?`)
      .pluck()
      .all(...where.params, query.limit, query.offset) as number[];
  let ids: number[] | null = want > 0 ? null : [];
  // Few matches: find them through the filters' narrowest index and sort them. (`+col` keeps SQLite from walking a
  // sort index and testing the filters row by row: it may pass most of a million cases before it has a page.)
  const sortedOrder = order.replace(/(^|, )([a-z_]+)/g, '$1+$2');
  const sorted = () => page(sortedOrder);
  // The page along the first sort key's index: the filters (or the same WHERE as a set of ids) and conditions on
  // that key, `offset` matches in.
  const pageAlong = (whereSql: string, conds: string[], condParams: unknown[], offset = query.offset) => {
    const all = [whereSql.replace(/^WHERE /, ''), ...conds].filter(Boolean);
    return db
      .prepare(
        `SELECT id FROM cases INDEXED BY ${SORT_INDEX[query.sort?.[0]?.col ?? 'receivedOn']}
           ${all.length ? `WHERE ${all.join(' AND ')}` : ''} ORDER BY ${order} LIMIT ? OFFSET ?`,
      )
      .pluck()
      .all(...where.params, ...condParams, query.limit, offset) as number[];
  };
  // A title piece alone as a set of ids: walk the sort column's index, which holds the id, testing each
  // id against the matches (a Bloom filter, no row read): 25–40 ms at a million cases where sorting 80,000 matches
  // read row by row takes 150 ms.
  // A span of the sort column known to hold every match (matchSpan): the walk starts at the span's first value in the
  // sort's direction instead of the index's end, and passes over none of the cases before it. Its entries are tested
  // against the bitmap of the matches that proved the span (idBitmap keeps it with the counts), and the walk stops at
  // the page: SQLite's test would first build the set of all the matches' ids (81,528 for 诈骗案: 11 ms for a page
  // that lies in its first 400 entries).
  const walkSet = (setSql: string, span: MatchSpan | null = null) => {
    if (!span) return pageAlong(setSql, [], []);
    const col = query.sort![0].col;
    // Before the walk's statement is open (the connection runs one at a time while it iterates).
    const bits = idBitmap(db, where.idsSql!, where.params);
    const entries = db
      .prepare(
        `SELECT id FROM cases INDEXED BY ${SORT_INDEX[col]} WHERE ${SORT_COLUMNS[col]} BETWEEN ? AND ? ORDER BY ${order}`,
      )
      .pluck()
      .iterate(span.lo, span.hi) as IterableIterator<number>;
    const out: number[] = [];
    let skip = query.offset;
    for (const id of entries) {
      if (!hasId(bits, id)) continue;
      if (skip > 0) skip--;
      else if (out.push(id) === query.limit) break;
    }
    return out;
  };
  if (ids === null && where.sql && total <= SORT_MATCHES) ids = sorted();
  else if (ids === null && where.idSet && (query.sort?.length ?? 0) <= 1) {
    const s = query.sort?.[0];
    ids = walkSet(where.sql, s ? matchSpan(db, where, s.col, s.dir, SKIP_ROWS) : null);
  } else if (
    ids === null &&
    where.sql &&
    (query.sort?.length ?? 0) <= 1 &&
    !walksInOrder(db, `SELECT id FROM cases ${where.sql} ORDER BY ${order} LIMIT ? OFFSET ?`, [...where.params, 1, 0])
  ) {
    // How many cases there are, for an estimate only: the largest id (one seek) rather than a count of every case.
    const all = countOf(db, 'SELECT coalesce(max(id), 0) FROM cases', []);
    const expected = ((query.offset + query.limit) * all) / Math.max(1, total);
    if (all > WALK_ROWS && expected <= WALK_ROWS / 2) {
      const window = (rows: number) =>
        db
          .prepare(
            `SELECT id FROM (SELECT ${WINDOW_COLS} FROM cases ORDER BY ${order} LIMIT ?) ${where.sql} ORDER BY ${order} LIMIT ? OFFSET ?`,
          )
          .pluck()
          .all(rows, ...where.params, query.limit, query.offset) as number[];
      // A window of twice the page's expected end first (each row of a window is read from the table). When it holds
      // none of the page, the matches are bunched further on: they are sorted at once when the filter's index sorts
      // them alone (a prosecutor's 63,000 cases by 部门受案号). By 部门受案号 (office, year, then sequence: a filter's
      // matches lie in long runs along it, 77,430 cases received in a month begin 870,000 cases in), they are found by
      // the walk past the window below: reading the 20,000 rows of the whole window to learn that it does not hold the
      // page either took 15–45 ms (100–250 ms from a cold disk). So too by any column when one index gives the
      // matches' ids (a rare 案件类别's 37,353 cases, none among the first 5,354 by 案件名称: the whole window read
      // 20,000 rows to hold none of the page either, 24 ms and 104 ms cold; the walk reads the category's index entries
      // and the title index, no row: 5 ms, 69 ms from a dropped cache where the window took 410). Otherwise (the
      // matches' ids need their rows read, or other columns interleave the matches: a prosecutor's cases by 案件名称 are
      // within the window), with some of the page, or with more matches than SKIP_WINDOW_MATCHES windows (the walk
      // builds the set of their ids: 422,718 cases of a category took 70–90 ms): the whole window, which stops at the
      // page. 1–2 characters of a title always try the whole window (their walk past it reads a title per case).
      const small = Math.max(WALK_ROWS / 20, Math.ceil(2 * expected));
      const runsAlong = (query.sort?.[0]?.col ?? 'receivedOn') === 'caseNo';
      const sortedFromIndex = () =>
        sortsFromIndex(db, `SELECT id FROM cases ${where.sql} ORDER BY ${sortedOrder}`, where.params);
      const idsFromIndex = () => seeksCovered(db, `SELECT id FROM cases ${where.sql}`, where.params);
      // Matches few enough that the entries of their index cost less than the window's rows (an entry about a
      // twentieth of a row: a seventh when both are cached, a sixtieth from a cold disk, where a row read is a page
      // read): the walk against their ids below, no window (the rare category by 案件名称: 20 → 7 ms repeated,
      // 51–546 → 12–57 first).
      const setFirst = !where.idSetSql && total < ROW_OVER_ENTRY * expected && idsFromIndex();
      ids = setFirst ? [] : window(Math.min(small, WALK_ROWS));
      if (!setFirst && ids.length < want && small < WALK_ROWS) {
        if (ids.length === 0 && !where.idSetSql && sortedFromIndex()) ids = sorted();
        else if (
          ids.length > 0 ||
          where.idSetSql ||
          total > SKIP_WINDOW_MATCHES * WALK_ROWS ||
          !(runsAlong || idsFromIndex())
        )
          ids = window(WALK_ROWS);
      }
      // The window did not hold the page: the matches are bunched further on in the sort order. Walk on through the
      // sort index alone against the matches' ids (found through the filters' index; no case row read): an index
      // entry costs a tenth of what sorting a match read row by row does, so the walk is bounded at ten entries per
      // match (89,720 cases concluded in a month, by 部门受案号: 30 ms where sorting them takes 150). Past that
      // bound, sort the matches. 1–2 characters of a title: their set of ids, unbounded (the title is read for each
      // case either way). Matches that their filter's index sorts alone (a prosecutor's, by 部门受案号) are sorted.
      if (ids.length < want) {
        if (where.idSetSql) ids = walkSet(where.idSetSql);
        else if (sortedFromIndex()) ids = sorted();
        else {
          const col = query.sort?.[0]?.col ?? 'receivedOn';
          const cols = INDEX_ORDER[col].includes('case_no') ? INDEX_ORDER[col] : [...INDEX_ORDER[col], 'id'];
          ids = db
            .prepare(
              `SELECT id FROM (SELECT ${[...new Set(['id', ...cols])].join(', ')} FROM cases INDEXED BY ${SORT_INDEX[col]}
                 ORDER BY ${order} LIMIT ?) WHERE id IN (SELECT id FROM cases ${where.sql}) ORDER BY ${order} LIMIT ? OFFSET ?`,
            )
            .pluck()
            .all(Math.max(WALK_ROWS, 10 * total), ...where.params, query.limit, query.offset) as number[];
          if (ids.length < want) ids = sorted();
        }
      }
    }
  }
  if (
    ids === null &&
    (query.sort?.length ?? 0) > 1 &&
    !walksInOrder(db, `SELECT id FROM cases ${where.sql} ORDER BY ${order} LIMIT ? OFFSET ?`, [...where.params, 1, 0])
  ) {
    // More sort keys, and no index gives them in order: every case of the page is at or before the page's last case
    // in the first key's order, so only the matches up to that case's first key are sorted (a prosecutor's
    // share of them, not all: 81,528 cases of 诈骗案 by 承办检察官 then 受理日期 newest first, 160 ms → 30). The
    // first key's page comes from listCases itself (a walk of its index); a missing value (NULL) keeps the full sort.
    const first = query.sort![0];
    // No filter, a title word alone or filters the first key's index holds (tested on its entries, no row read): the
    // first key's values at the page's ends (firstKeyBounds). One value (a prosecutor's 28,285 cases of 诈骗案 hold the
    // first page): only its matches, which its index gives in the second key's order (受理日期, walked backwards for
    // newest first) with the id sorted among equal values, not all of them sorted (64 ms → 30 at a million cases).
    // Several values: the matches of those values sorted. Either way past the matches of the values before.
    const bounds = firstKeyBounds(db, where, query, GROUP_ROWS, SKIP_ROWS);
    if (bounds && (bounds.lo === bounds.hi || (bounds.lo != null && bounds.hi != null))) {
      const col = SORT_COLUMNS[first.col];
      const one = bounds.lo === bounds.hi;
      const [a, z] = first.dir === 'desc' ? [bounds.hi, bounds.lo] : [bounds.lo, bounds.hi];
      ids = one
        ? pageAlong(where.sql, [`${col} IS ?`], [bounds.lo], query.offset - bounds.before)
        : pageAlong(where.sql, [`${col} BETWEEN ? AND ?`], [a, z], query.offset - bounds.before);
    }
    const v =
      ids !== null
        ? null
        : bounds
          ? bounds.hi
          : listCases(
              db,
              { offset: query.offset + query.limit - 1, limit: 1, sort: [first], filters: query.filters },
              tuning,
            ).rows[0]?.[first.col];
    if (ids === null && v != null) {
      const col = SORT_COLUMNS[first.col];
      // Only 办结日期 may be missing (NULL sorts first ascending). The first key's index finds the range and tests the
      // filters (a set of ids from the search index by a Bloom filter) without reading the rows it passes over.
      const upTo =
        first.dir === 'desc'
          ? `${col} >= ?`
          : col === 'concluded_on'
            ? `(${col} IS NULL OR ${col} <= ?)`
            : `${col} <= ?`;
      // A span of the first key that holds every match (matchSpan: answered by the call above) bounds the other end.
      const span = where.idSet ? matchSpan(db, where, first.col, first.dir, SKIP_ROWS) : null;
      ids = span
        ? pageAlong(
            where.sql,
            [upTo, `${col} ${first.dir === 'desc' ? '<=' : '>='} ?`],
            [v, first.dir === 'desc' ? span.hi : span.lo],
          )
        : pageAlong(where.sql, [upTo], [v]);
    }
  }
  ids ??= page(order);
  const byId = new Map(
    (
      db
        .prepare(
          `
    SELECT id, case_no AS caseNo, title, category, cause, department, prosecutor, agency, received_on AS receivedOn, status,
           concluded_on AS concludedOn, conclusion, complex, procedure,
           (SELECT count(*) FROM persons p WHERE p.case_id = cases.id) AS persons
    FROM cases WHERE id IN (SELECT value FROM json_each(?))`,
        )
        .all(JSON.stringify(ids)) as (Omit<CaseListRow, 'complex'> & { complex: number })[]
    ).map((r) => [r.id, r]),
  );
  const rows: CaseListRow[] = [];
  for (const id of ids) {
    const r = byId.get(id);
    if (r) rows.push({ ...r, complex: !!r.complex });
  }
  return { rows, total };
}

/**
 * More sort keys with no filter, a title word alone or filters whose columns the first key's index holds: the first
 * key's values at the page's first and last case, and how many matches come before the first of those values, from
 * one walk of the first key's index (from where a word's matches begin, matchSpan; the filters tested on the index
 * entry, no row read) that stops at the page's end. Null past `groupRows` matches (a deep page), or when the index does
 * not hold the filters' columns.
 */
function firstKeyBounds(
  db: Db,
  where: Where,
  query: ListCasesQuery,
  groupRows: number,
  skipRows: number,
): { lo: unknown; hi: unknown; before: number } | null {
  const first = query.sort![0];
  const col = SORT_COLUMNS[first.col];
  const need = query.offset + query.limit;
  if (need > groupRows) return null;
  const span = where.idSet ? matchSpan(db, where, first.col, first.dir, skipRows) : null;
  const conds = [where.sql.replace(/^WHERE /, ''), span ? `${col} BETWEEN ? AND ?` : ''].filter(Boolean);
  const sql = `SELECT ${col} FROM cases INDEXED BY ${SORT_INDEX[first.col]} ${conds.length ? `WHERE ${conds.join(' AND ')}` : ''}
         ORDER BY ${orderOf([first])} LIMIT ?`;
  const params = [...where.params, ...(span ? [span.lo, span.hi] : []), need];
  // Other filters: only when the first key's index holds their columns (承办检察官's index holds 案件类别, 状态, 承办部门
  // and 受理日期), so that the walk tests them on its entries without reading a row.
  if (where.sql && !where.idSet && !walksCovered(db, sql, params)) return null;
  const values = db
    .prepare(sql)
    .pluck()
    .all(...params) as unknown[];
  if (values.length <= query.offset) return null;
  const lo = values[query.offset];
  return { lo, hi: values[values.length - 1], before: values.indexOf(lo) };
}

/** SQL of listCases's page of ids for a query when it does not walk a window (EXPLAIN QUERY PLAN tests). */
export function listCasesSql(
  db: Db,
  query: Pick<ListCasesQuery, 'sort' | 'filters'>,
): { sql: string; params: unknown[]; countSql: string; countParams: unknown[] } {
  const w = whereOf(db, query.filters);
  return {
    sql: `SELECT id FROM cases ${w.sql} ORDER BY ${orderOf(query.sort)} LIMIT 100 OFFSET 0`,
    params: w.params,
    countSql: w.countSql,
    countParams: w.countParams,
  };
}

export function caseFacets(db: Db): { departments: string[]; prosecutors: string[]; categories: string[] } {
  // Distinct values of an indexed column by seeking the index from one value to the next (a few dozen seeks),
  // not by reading all of it: 120 ms → under 1 ms at a million cases. Same values, same (binary) order.
  const distinct = (col: 'department' | 'prosecutor' | 'category') =>
    db
      .prepare(
        `
    WITH RECURSIVE d(v) AS (SELECT min(${col}) FROM cases UNION ALL SELECT (SELECT min(${col}) FROM cases WHERE ${col} > d.v) FROM d WHERE d.v IS NOT NULL)
    SELECT v FROM d WHERE v IS NOT NULL`,
      )
      .pluck()
      .all() as string[];
  return { departments: distinct('department'), prosecutors: distinct('prosecutor'), categories: distinct('category') };
}
