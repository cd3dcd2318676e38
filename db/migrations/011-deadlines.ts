/**
 * 011: every open deadline the latest daily audit computed (期限日历 and the weekly notice's "next seven days"),
 * not only those inside a rule's warning window (the `warnings` table, 临期预警, is the subset within it).
 * The audit keeps the rows of its latest run only, like `warnings`; a store from before this migration has
 * none until its next audit, and its readers fall back to `warnings`.
 */
export const version = 11;
export const name = 'deadlines';
export const sql = /* sql */ `
CREATE TABLE deadlines (
  id          INTEGER PRIMARY KEY,
  run_id      INTEGER NOT NULL REFERENCES job_runs(id),
  rule_id     TEXT NOT NULL,
  case_no     TEXT NOT NULL,
  person_no   TEXT,
  subject_key TEXT NOT NULL DEFAULT '',
  due_on      TEXT NOT NULL,
  days_left   INTEGER NOT NULL,               -- due_on − the audit's as-of date
  in_window   INTEGER NOT NULL DEFAULT 0,     -- 1 when it is also a 临期预警 (within the rule's warning window)
  department  TEXT,
  prosecutor  TEXT,
  message     TEXT NOT NULL
);
CREATE INDEX deadlines_run_due ON deadlines(run_id, due_on);
`;
