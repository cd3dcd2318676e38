/**
 * The search index (migration case-search) and its queries. `refreshCaseSearch` is called by writeCaseBundles for the
 * cases a write touched, inside the same transaction, so the index never lags behind an import.
 *   case_no_search   FTS5 trigram over case_no; rowid = cases.id
 *   case_search      FTS5 trigram over title, persons (names joined by spaces); rowid = cases.id
 *   case_name_grams  (case_id, gram): every 2-character piece of a suspect's name, and its first character
 */
import type { Db } from '../store';

const ROWS = (where: string) =>
  `SELECT c.id, c.title, (SELECT group_concat(p.name, ' ') FROM persons p WHERE p.case_id = c.id) FROM cases c ${where}`;
const NO_ROWS = (where: string) => `SELECT c.id, c.case_no FROM cases c ${where}`;
// n is MATERIALIZED: left as a co-routine, SQLite re-ran it for every suspect (the grams of a 500-case slice took 3×
// as long: 1.0 s of a 100k first load, measured; the rows are the same).
const GRAMS = (where: string) => `
WITH RECURSIVE n(i) AS MATERIALIZED (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 19)
INSERT OR IGNORE INTO case_name_grams(case_id, gram)
SELECT p.case_id, substr(p.name, 1, 1) FROM persons p WHERE p.name <> '' ${where ? `AND ${where}` : ''}
UNION ALL
SELECT p.case_id, substr(p.name, n.i, 2) FROM persons p JOIN n ON n.i < length(p.name) ${where ? `WHERE ${where}` : ''}`;

/** False on a store older than migration case-search (the migration tests write cases into old versions). */
export function hasSearchIndex(db: Db): boolean {
  return !!db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'case_search'").get();
}

const writers = new WeakMap<Db, ReturnType<typeof prepareWriters>>();
function prepareWriters(db: Db) {
  const IDS = 'SELECT value FROM json_each(@ids)';
  return {
    // A contentless FTS5 row is deleted by its rowid, one at a time; the rest is set-wise.
    delText: db.prepare('DELETE FROM case_search WHERE rowid = ?'),
    delNo: db.prepare('DELETE FROM case_no_search WHERE rowid = ?'),
    insText: db.prepare(`INSERT INTO case_search(rowid, title, persons) ${ROWS(`WHERE c.id IN (${IDS})`)}`),
    insNo: db.prepare(`INSERT INTO case_no_search(rowid, case_no) ${NO_ROWS(`WHERE c.id IN (${IDS})`)}`),
    delGrams: db.prepare(`DELETE FROM case_name_grams WHERE case_id IN (${IDS})`),
    names: db.prepare(`SELECT case_id, name FROM persons WHERE case_id IN (${IDS}) AND name <> ''`).raw(),
    insGram: db.prepare('INSERT OR IGNORE INTO case_name_grams(case_id, gram) VALUES (?, ?)'),
  };
}

/**
 * The pieces of a name the grams table holds: its first character and every 2-character piece of its first 20
 * characters (characters, not UTF-16 units: a name may hold a character beyond the BMP), as GRAMS does in SQL.
 * Made here rather than by GRAMS for the cases of a write (measured at 100k cases: the grams of a whole store entered
 * 200 cases at a time, 0.72 → 0.33 s; inside a first load, where the grams index's own inserts cost the most, the
 * whole search index 1.39 → 1.32 s).
 */
function nameGrams(name: string): string[] {
  const ch = Array.from(name);
  if (!ch.length) return [];
  const out = [ch[0]];
  for (let i = 0; i < Math.min(19, ch.length - 1); i++) out.push(ch[i] + ch[i + 1]);
  return out;
}

/**
 * Re-indexes the given cases from their current rows (call inside the write's transaction). `added`: the cases
 * were all just written into a store that held no case, so none of them can be in the index yet and its entries
 * need no deleting first (a first load: two FTS deletes per case saved, ~0.2 s at 100k cases).
 */
export function refreshCaseSearch(db: Db, caseIds: Iterable<number>, added = false): void {
  let w = writers.get(db);
  if (!w) writers.set(db, (w = prepareWriters(db)));
  const all = [...caseIds];
  for (let i = 0; i < all.length; i += 5000) {
    const chunk = all.slice(i, i + 5000);
    if (!added)
      for (const id of chunk) {
        w.delText.run(id);
        w.delNo.run(id);
      }
    const ids = JSON.stringify(chunk);
    w.insText.run({ ids });
    w.insNo.run({ ids });
    if (!added) w.delGrams.run({ ids });
    for (const [caseId, name] of w.names.all({ ids }) as [number, string][])
      for (const g of nameGrams(name)) w.insGram.run(caseId, g);
  }
}

/** Rebuilds the whole index (a first load as large as the store: cheaper than case by case). */
export function rebuildCaseSearch(db: Db): void {
  db.exec(`INSERT INTO case_search(case_search) VALUES ('delete-all');
           INSERT INTO case_no_search(case_no_search) VALUES ('delete-all');
           DELETE FROM case_name_grams;
           INSERT INTO case_search(rowid, title, persons) ${ROWS('')};
           INSERT INTO case_no_search(rowid, case_no) ${NO_ROWS('')};
           ${GRAMS('')};`);
}

// ---- queries ------------------------------------------------------------------------------

/** FTS5 phrase: the text in double quotes, inner quotes doubled. */
function phrase(text: string): string {
  return `"${text.replace(/"/g, '""')}"`;
}

export type TextColumn = 'case_no' | 'title' | 'persons';

/** Case ids whose column contains `text` (three characters or more), newest first. */
export function casesWithText(db: Db, column: TextColumn, text: string, limit: number): number[] {
  const sql =
    column === 'case_no'
      ? 'SELECT rowid FROM case_no_search WHERE case_no_search MATCH ? ORDER BY rowid DESC LIMIT ?'
      : 'SELECT rowid FROM case_search WHERE case_search MATCH ? ORDER BY rowid DESC LIMIT ?';
  return db
    .prepare(sql)
    .pluck()
    .all(`${column} : ${phrase(text)}`, limit) as number[];
}

/** Case ids with a suspect whose name has this 2-character piece or starts with this character, newest first. */
export function casesWithNameGram(db: Db, gram: string, limit: number): number[] {
  return db
    .prepare('SELECT case_id FROM case_name_grams WHERE gram = ? ORDER BY case_id DESC LIMIT ?')
    .pluck()
    .all(gram, limit) as number[];
}

/**
 * Case ids whose 部门受案号 or 案件名称 contains `text`, among the latest `window` cases, newest first. For a
 * 1–2 character title piece this is the search (a trigram index cannot answer it; a scan of every title costs
 * ~100–180 ms at a million cases, the latest 100,000 a tenth); for a common piece of three characters or more
 * ('2026' is in nearly every case number) it finds the newest hits long before the trigram index has merged
 * two doclists of a million entries each.
 */
export function casesWithPieceRecent(
  db: Db,
  column: 'case_no' | 'title',
  text: string,
  limit: number,
  window = 100_000,
): number[] {
  return db
    .prepare(
      `SELECT id FROM (SELECT id, ${column} AS v FROM cases ORDER BY id DESC LIMIT ?) WHERE v LIKE ? ESCAPE '\\' LIMIT ?`,
    )
    .pluck()
    .all(window, `%${text.replace(/[\\%_]/g, (m) => '\\' + m)}%`, limit) as number[];
}

/** Case ids of one prosecutor, most recently received first (index cases_prosecutor). */
export function casesOfProsecutor(db: Db, prosecutor: string, limit: number): number[] {
  return db
    .prepare('SELECT id FROM cases WHERE prosecutor = ? ORDER BY received_on DESC, id DESC LIMIT ?')
    .pluck()
    .all(prosecutor, limit) as number[];
}

export function countCasesOfProsecutor(db: Db, prosecutor: string): number {
  return db.prepare('SELECT count(*) FROM cases WHERE prosecutor = ?').pluck().get(prosecutor) as number;
}

export interface SearchCaseRow {
  id: number;
  caseNo: string;
  title: string;
  category: string;
  department: string;
  prosecutor: string;
  status: string;
  receivedOn: string;
}

export function casesByIds(db: Db, ids: number[]): SearchCaseRow[] {
  if (!ids.length) return [];
  return db
    .prepare(
      `SELECT id, case_no AS caseNo, title, category, department, prosecutor, status, received_on AS receivedOn
       FROM cases WHERE id IN (SELECT value FROM json_each(?))`,
    )
    .all(JSON.stringify(ids)) as SearchCaseRow[];
}

export function suspectsOfCases(db: Db, ids: number[]): { caseId: number; personNo: string; name: string }[] {
  if (!ids.length) return [];
  return db
    .prepare(
      `SELECT case_id AS caseId, person_no AS personNo, name FROM persons
       WHERE case_id IN (SELECT value FROM json_each(?)) ORDER BY case_id, person_no`,
    )
    .all(JSON.stringify(ids)) as { caseId: number; personNo: string; name: string }[];
}

/**
 * SQL condition (and its parameters) on a case id column: the cases with a suspect named like `text`
 * (grams for one or two characters, the trigram index for three or more). Used by the findings' text search.
 */
export function suspectCaseCondition(column: string, text: string): { sql: string; params: unknown[] } {
  const n = [...text].length;
  if (n <= 2) return { sql: `${column} IN (SELECT case_id FROM case_name_grams WHERE gram = ?)`, params: [text] };
  return {
    sql: `${column} IN (SELECT rowid FROM case_search WHERE case_search MATCH ?)`,
    params: [`persons : ${phrase(text)}`],
  };
}
