/**
 * 017: the number of cases of each value of the grid's one-value filters (案件类别, 状态, 承办部门, 承办检察官) and
 * of all cases (col '' and value ''), kept exact by the writers of cases (db/queries/case-counts.ts). The grid
 * shows the total with its first page: counting a value's cases reads its whole range of an index (297,000 cases of
 * a department at 1M: 10 MB read from disk on the first request), looking the number up reads one page.
 */
export const version = 17;
export const name = 'case-counts';
export const sql = /* sql */ `
CREATE TABLE case_counts (
  col   TEXT NOT NULL,   -- '' (all cases), category, status, department, prosecutor
  value TEXT NOT NULL,   -- '' for all cases
  n     INTEGER NOT NULL,
  PRIMARY KEY (col, value)
) WITHOUT ROWID;
INSERT INTO case_counts SELECT '', '', count(*) FROM cases;
INSERT INTO case_counts SELECT 'category', category, count(*) FROM cases GROUP BY category;
INSERT INTO case_counts SELECT 'status', status, count(*) FROM cases GROUP BY status;
INSERT INTO case_counts SELECT 'department', department, count(*) FROM cases GROUP BY department;
INSERT INTO case_counts SELECT 'prosecutor', prosecutor, count(*) FROM cases GROUP BY prosecutor;
`;
