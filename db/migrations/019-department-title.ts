/**
 * 019: the cases of one 承办部门 in 案件名称 order, from an index alone (issue 15, the grid at a million cases), as
 * category-title does for a category. Without it the page read a window of rows along the title index and tested each
 * case's department: 第二检察部's 297,144 cases by 案件名称 took 24–29 ms repeated and 56–111 ms as a first request
 * (each row a page read when the OS no longer holds it). With it: one seek and the page's 100 rows.
 */
export const version = 19;
export const name = 'department-title';
export const sql = /* sql */ `
CREATE INDEX cases_department_title ON cases(department, title);
`;
