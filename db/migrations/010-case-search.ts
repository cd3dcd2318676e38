/**
 * 010: the search index of "search everywhere" (core/search): cases by 部门受案号 (any part), 案件名称 and
 * suspects' names. Three characters or more go through an FTS5 trigram index (substring match, Chinese
 * included); a trigram index cannot answer one or two characters (a two-character name such as 许江), so names
 * also get a narrow table of their 2-grams plus their first character (the surname). The index is contentless
 * (the text lives in cases/persons; rowid = cases.id), one for case numbers, one for titles and names. db/queries/search.ts keeps both in step with every
 * write of cases inside the import's transaction; this migration builds them for the cases a store already holds
 * (the same SQL as db/queries/search.ts, kept here so the migration never changes once shipped).
 */
export const version = 10;
export const name = 'case-search';
export const sql = /* sql */ `
-- Two trigram indexes: digits of case numbers (the year, the county code) are in every case, so a title or a
-- name query must not read their huge posting lists.
CREATE VIRTUAL TABLE case_no_search USING fts5(
  case_no,
  content = '', contentless_delete = 1, tokenize = 'trigram'
);
CREATE VIRTUAL TABLE case_search USING fts5(
  title, persons,
  content = '', contentless_delete = 1, tokenize = 'trigram'
);
CREATE TABLE case_name_grams (
  case_id INTEGER NOT NULL,                  -- cases.id
  gram    TEXT NOT NULL,                     -- a 2-character piece of a suspect's name, or its first character
  PRIMARY KEY (case_id, gram)
) WITHOUT ROWID;
CREATE INDEX case_name_grams_gram ON case_name_grams(gram, case_id);

INSERT INTO case_no_search(rowid, case_no) SELECT id, case_no FROM cases;
INSERT INTO case_search(rowid, title, persons)
SELECT c.id, c.title, (SELECT group_concat(p.name, ' ') FROM persons p WHERE p.case_id = c.id) FROM cases c;

WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 19)
INSERT OR IGNORE INTO case_name_grams(case_id, gram)
SELECT p.case_id, substr(p.name, 1, 1) FROM persons p WHERE p.name <> ''
UNION ALL
SELECT p.case_id, substr(p.name, n.i, 2) FROM persons p JOIN n ON n.i < length(p.name);
`;
