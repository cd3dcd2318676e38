/** The hot lookups use indexes (EXPLAIN QUERY PLAN), so they stay fast at a million cases. */
import { describe, expect, it } from 'vitest';
import { tmpStore } from '../helpers/tmp';
import { listCasesSql, SORT_COLUMNS, type SortColumn } from '../../db/queries/cases';
import type { Db } from '../../db/store';

function plan(db: Db, sql: string, params: unknown[] = []): string {
  return (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[])
    .map((r) => r.detail)
    .join(' | ');
}

describe('query plans', () => {
  const { db } = tmpStore();
  const lookups: [string, string, unknown[], RegExp][] = [
    ['persons by case', 'SELECT * FROM persons WHERE case_id = ?', [1], /SEARCH persons USING INDEX/],
    [
      'events by case',
      'SELECT * FROM events WHERE case_id = ? ORDER BY seq',
      [1],
      /SEARCH events USING INDEX events_case/,
    ],
    [
      'documents by case',
      'SELECT * FROM documents WHERE case_id = ?',
      [1],
      /SEARCH documents USING INDEX documents_case/,
    ],
    [
      'history by case',
      'SELECT * FROM case_history WHERE case_id = ? ORDER BY id',
      [1],
      /SEARCH case_history USING INDEX case_history_case/,
    ],
    [
      'case by number',
      'SELECT * FROM cases WHERE case_no = ?',
      ['x'],
      /SEARCH cases USING INDEX sqlite_autoindex_cases_1/,
    ],
    [
      'cases by category and status',
      'SELECT id FROM cases WHERE category = ? AND status = ?',
      ['审查起诉', '在办'],
      /SEARCH cases USING (COVERING )?INDEX cases_category_status \(category=\? AND status=\?\)/,
    ],
    [
      'cases received in a range',
      'SELECT id FROM cases WHERE received_on BETWEEN ? AND ?',
      ['2026-01-01', '2026-01-31'],
      /SEARCH cases USING (COVERING )?INDEX cases_received/,
    ],
    [
      'cases concluded in a range',
      'SELECT id FROM cases WHERE concluded_on BETWEEN ? AND ?',
      ['2026-01-01', '2026-01-31'],
      /SEARCH cases USING (COVERING )?INDEX cases_concluded/,
    ],
    [
      'cases of a prosecutor',
      'SELECT id FROM cases WHERE prosecutor = ?',
      ['甲'],
      /SEARCH cases USING (COVERING )?INDEX cases_prosecutor/,
    ],
    [
      'findings of a case',
      'SELECT * FROM findings WHERE case_no = ?',
      ['x'],
      /SEARCH findings USING INDEX findings_case/,
    ],
    [
      'findings by status',
      'SELECT * FROM findings WHERE status = ?',
      ['待处理'],
      /SEARCH findings USING INDEX findings_status/,
    ],
    [
      'import batch by hash',
      'SELECT * FROM import_batches WHERE content_hash = ?',
      ['h'],
      /SEARCH import_batches USING INDEX import_batches_hash/,
    ],
  ];
  for (const [label, sql, params, re] of lookups) {
    it(label, () => expect(plan(db, sql, params)).toMatch(re));
  }

  for (const col of Object.keys(SORT_COLUMNS) as SortColumn[]) {
    for (const dir of ['asc', 'desc'] as const) {
      it(`cases/list sorted by ${col} ${dir} walks an index (no sort of the whole table)`, () => {
        const q = listCasesSql(db, { sort: [{ col, dir }] });
        const p = plan(db, q.sql, q.params);
        expect(p).toMatch(/USING (COVERING )?INDEX/);
        expect(p).not.toMatch(/TEMP B-TREE/);
      });
    }
  }

  it('cases/list filtered by category and received range uses an index', () => {
    const q = listCasesSql(db, {
      sort: [{ col: 'receivedOn', dir: 'desc' }],
      filters: { category: '审查起诉', receivedFrom: '2026-01-01', receivedTo: '2026-03-31' },
    });
    expect(plan(db, q.sql, q.params)).toMatch(/USING (COVERING )?INDEX (cases_received|cases_category_)/);
  });

  it('quick search on 部门受案号 prefix does not break the query', () => {
    const q = listCasesSql(db, { filters: { q: '赤检' } });
    expect(plan(db, q.sql, q.params)).toMatch(/cases/);
  });

  // Filters whose matches are bunched in the sort order (migration grid-indexes): a (filter, sort) index gives the
  // page in order, without sorting the matches.
  const bunched: [string, Parameters<typeof listCasesSql>[1], string][] = [
    [
      '审查起诉 by 部门受案号',
      { filters: { category: '审查起诉' }, sort: [{ col: 'caseNo', dir: 'asc' }] },
      'cases_category_case_no',
    ],
    [
      'a department by 部门受案号',
      { filters: { department: '第一检察部' }, sort: [{ col: 'caseNo', dir: 'desc' }] },
      'cases_department_case_no',
    ],
    [
      'a category by 承办部门',
      { filters: { category: '审查起诉' }, sort: [{ col: 'department', dir: 'desc' }] },
      'cases_category_department',
    ],
    [
      'a category by 承办检察官',
      { filters: { category: '审查起诉' }, sort: [{ col: 'prosecutor', dir: 'asc' }] },
      'cases_category_prosecutor',
    ],
    [
      'a department by 案件类别',
      { filters: { department: '第一检察部' }, sort: [{ col: 'category', dir: 'asc' }] },
      'cases_department_category',
    ],
    [
      'a category by 案件名称 (migration category-title)',
      { filters: { category: '审查起诉' }, sort: [{ col: 'title', dir: 'asc' }] },
      'cases_category_title',
    ],
    [
      'a department by 案件名称 (migration department-title)',
      { filters: { department: '第一检察部' }, sort: [{ col: 'title', dir: 'desc' }] },
      'cases_department_title',
    ],
    [
      '办结 by 办结日期',
      { filters: { status: '办结' }, sort: [{ col: 'concludedOn', dir: 'asc' }] },
      'cases_status_concluded',
    ],
    [
      '在办 by 办结日期',
      { filters: { status: '在办' }, sort: [{ col: 'concludedOn', dir: 'desc' }] },
      'cases_status_concluded',
    ],
  ];
  for (const [label, query, index] of bunched) {
    it(`cases/list: ${label} walks ${index}`, () => {
      const q = listCasesSql(db, query);
      const p = plan(db, q.sql, q.params);
      expect(p).toMatch(new RegExp(`SEARCH cases USING (COVERING )?INDEX ${index}`));
      expect(p).not.toMatch(/TEMP B-TREE/);
    });
  }

  it('cases/list: 承办部门 + 承办检察官 + 状态 is counted with one seek', () => {
    const q = listCasesSql(db, { filters: { department: '第一检察部', prosecutor: '甲', status: '在办' } });
    expect(plan(db, q.countSql, q.countParams)).toMatch(
      /INDEX cases_department \(department=\? AND prosecutor=\? AND status=\?\)/,
    );
  });
});
