/**
 * 012: what the grids remember across restarts (issue 17): saved views (named filter sets of a screen,
 * stored as the screen's parameters, the same as its #/ address) and interface preferences such as each
 * grid's columns (choice, order, widths). In the store, so they survive restarts and browser mode's
 * changing address alike. Built-in views (我的临期, 本周新发现, 逾期未回复) live in code (core/views.ts).
 */
export const version = 12;
export const name = 'views';
export const sql = /* sql */ `
CREATE TABLE saved_views (
  id          INTEGER PRIMARY KEY,
  grid        TEXT NOT NULL,                 -- 'cases' | 'findings' | 'warnings'
  name        TEXT NOT NULL,
  params_json TEXT NOT NULL,                 -- {"status": "待处理", "department": "第一检察部", …}
  created_by  TEXT NOT NULL,
  created_at  TEXT NOT NULL,
  UNIQUE (grid, name)
);

CREATE TABLE ui_prefs (
  key        TEXT PRIMARY KEY,               -- e.g. 'columns:findings'
  value_json TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
`;
