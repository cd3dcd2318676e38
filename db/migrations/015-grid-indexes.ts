/**
 * 015: indexes for the cases grid at a million cases (issue 15). The grid sorts by any column under any filter
 * (db/queries/cases.ts listCases). Where a filter's matches are bunched in the sort column's order (a case number
 * carries its category's and department's code; a prosecutor works in one department; a case in progress has no
 * 办结日期), walking the sort column's index finds no page near its start, and the filter's own index makes SQLite
 * sort every match (审查起诉: 420,000 of a million, 0.2–2 s). An index on (filter, sort columns) gives the page at once.
 * Only the filters that can match hundreds of thousands of cases get them (案件类别, 承办部门, 状态); the sorts
 * they get are the correlated ones (部门受案号, 承办部门, 承办检察官, 案件类别, 办结日期); the other pairs walk
 * the sort index (the matches are spread along it). Three indexes are widened instead of added: 承办部门's gains
 * 状态 (部门 + 检察官 + 状态 is one seek); 承办检察官's gains 部门受案号 and the other filter columns (a prosecutor's
 * 60,000 cases at a million, sorted by any of them, are read from the index alone); 办结日期's gains 受理日期 (the
 * cases concluded in a period, in the default order, are sorted from the index alone). The ORDER BY of each sort
 * follows these columns, then the id (not after 部门受案号, which is unique).
 */
export const version = 15;
export const name = 'grid-indexes';
export const sql = /* sql */ `
DROP INDEX cases_department;
CREATE INDEX cases_department ON cases(department, prosecutor, status);
DROP INDEX cases_prosecutor;
CREATE INDEX cases_prosecutor ON cases(prosecutor, received_on, case_no, category, status, department);
DROP INDEX cases_concluded;
CREATE INDEX cases_concluded ON cases(concluded_on, received_on);
CREATE INDEX cases_category_case_no ON cases(category, case_no);
CREATE INDEX cases_department_case_no ON cases(department, case_no);
CREATE INDEX cases_category_department ON cases(category, department, prosecutor, status);
CREATE INDEX cases_category_prosecutor ON cases(category, prosecutor, received_on, case_no);
CREATE INDEX cases_department_category ON cases(department, category, status);
CREATE INDEX cases_status_concluded ON cases(status, concluded_on, received_on);
`;
