/**
 * 007: the audit as of a date (rules.md) and the data date of an import (import-mapping.md "The data date").
 *
 * - Every import has a data date (数据日期, the day the export was taken): `import_batches.taken_on`.
 * - Every case row and every child row carries the data date of the export it came from. An import
 *   replaces a case's rows of one kind (嫌疑人, 流程节点, 文书) all together, so the data date of a case's
 *   children is kept per case and kind: `cases.taken_on` (the 案件 row), `persons_taken_on`,
 *   `events_taken_on`, `documents_taken_on` (NULL: the case has never had rows of that kind imported).
 * - Rows imported before this migration get the China date of the import that last wrote their case
 *   (the export was taken on or before that day), or, for rows loaded without an import, the day they
 *   were written (`updated_at`). docs/DECISIONS.md says so.
 * - `run_findings`: the findings each audit run reported, with their status and deadline as of the run's
 *   date, so an audit for an earlier date (a month's inspection run after today's audit) keeps its own
 *   result without touching the findings' current state; the warnings table already has a run id and now
 *   keeps the warnings of every run that matters (core/jobs/audit.ts prunes the rest).
 */
export const version = 7;
export const name = 'as-of';
export const sql = /* sql */ `
ALTER TABLE import_batches ADD COLUMN taken_on TEXT;
ALTER TABLE cases ADD COLUMN taken_on TEXT;
ALTER TABLE cases ADD COLUMN persons_taken_on TEXT;
ALTER TABLE cases ADD COLUMN events_taken_on TEXT;
ALTER TABLE cases ADD COLUMN documents_taken_on TEXT;

UPDATE import_batches SET taken_on = substr(started_at, 1, 10)
  WHERE started_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]*';
UPDATE cases SET taken_on = COALESCE(
    (SELECT b.taken_on FROM import_batches b WHERE b.id = cases.last_import_id),
    CASE WHEN updated_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]*' THEN substr(updated_at, 1, 10) END);
UPDATE cases SET
  persons_taken_on = CASE WHEN EXISTS (SELECT 1 FROM persons p WHERE p.case_id = cases.id) THEN taken_on END,
  events_taken_on = CASE WHEN EXISTS (SELECT 1 FROM events e WHERE e.case_id = cases.id) THEN taken_on END,
  documents_taken_on = CASE WHEN EXISTS (SELECT 1 FROM documents d WHERE d.case_id = cases.id) THEN taken_on END;

CREATE TABLE run_findings (
  run_id      INTEGER NOT NULL REFERENCES job_runs(id) ON DELETE CASCADE,
  finding_id  INTEGER NOT NULL REFERENCES findings(id) ON DELETE CASCADE,
  status      TEXT NOT NULL,                 -- the finding's status as of the run's date (待处理 … 不予纠正)
  kind        TEXT,
  due_on      TEXT,
  days_left   INTEGER,
  message     TEXT NOT NULL,
  department  TEXT,
  prosecutor  TEXT,
  PRIMARY KEY (run_id, finding_id)
);
CREATE INDEX run_findings_finding ON run_findings(finding_id);
CREATE INDEX job_runs_job_as_of ON job_runs(job, as_of);
`;
