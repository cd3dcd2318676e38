/**
 * 016: two characters of a 案件名称 answered by indexes (issue 15, the grid's quick search). The search index
 * (010 case-search, FTS5 trigram) cannot match fewer than three characters, so 1–2 characters read every title
 * (a million at 1M: 150–250 ms a page). Two characters occur in a title either followed by a character — then some
 * trigram of the title begins with them, and the trigrams that do are found by a range of the search index's terms
 * (case_search_terms, an fts5vocab view of its vocabulary: no data of its own) — or as its last two characters:
 * cases_title_tail (an index on them, ~15 MB at 1M). db/queries/cases.ts quickSearch joins the two.
 */
export const version = 16;
export const name = 'title-pieces';
export const sql = /* sql */ `
CREATE VIRTUAL TABLE case_search_terms USING fts5vocab(case_search, row);
CREATE INDEX cases_title_tail ON cases(substr(title, -2));
`;
