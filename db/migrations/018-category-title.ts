/**
 * 018: the cases of one 案件类别 in 案件名称 order, from an index alone (issue 15, the grid at a million cases).
 * Without it the page walked the title index and read each case's row to test its category: 审查起诉's first match
 * by 案件名称 is 4,569 titles in (public-interest cases named after places sort first), so a first request read
 * 4,569 rows, a page each from a cold disk (53–173 ms; 380–500 ms from a dropped cache). With it: one seek and the
 * page's 100 rows (12 ms). The import maintains one more index: measured within noise of the import without it
 * (bench/README, round 8).
 */
export const version = 18;
export const name = 'category-title';
export const sql = /* sql */ `
CREATE INDEX cases_category_title ON cases(category, title);
`;
