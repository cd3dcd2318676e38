/** 001: the case store of the import contract (import-format.md): cases and their children, the roster, imports, field history. */
export const version = 1;
export const name = 'case-store';
export const sql = /* sql */ `
CREATE TABLE import_batches (
  id              INTEGER PRIMARY KEY,
  files_json      TEXT NOT NULL,            -- [{"name": "...", "sha256": "..."}]
  content_hash    TEXT NOT NULL,            -- sha256 over the files' hashes, sorted
  started_at      TEXT NOT NULL,            -- China-time timestamp
  finished_at     TEXT,
  actor           TEXT NOT NULL,
  cases_added     INTEGER NOT NULL DEFAULT 0,
  cases_changed   INTEGER NOT NULL DEFAULT 0,
  cases_unchanged INTEGER NOT NULL DEFAULT 0,
  rows_json       TEXT NOT NULL DEFAULT '{}',   -- {"案件": n, "嫌疑人": n, ...}
  warnings_json   TEXT NOT NULL DEFAULT '[]',
  staff_added_json TEXT NOT NULL DEFAULT '[]',
  no_op           INTEGER NOT NULL DEFAULT 0    -- 1 when the import changed nothing
);
CREATE INDEX import_batches_hash ON import_batches(content_hash);

CREATE TABLE cases (
  id              INTEGER PRIMARY KEY,
  case_no         TEXT NOT NULL UNIQUE,     -- 部门受案号, normalised (see core/domain.ts normalizeCaseNo)
  title           TEXT NOT NULL,
  category        TEXT NOT NULL,
  cause           TEXT,
  department      TEXT NOT NULL,
  prosecutor      TEXT NOT NULL,
  agency          TEXT,
  received_on     TEXT NOT NULL,
  complex         INTEGER NOT NULL DEFAULT 0,
  has_victim      INTEGER NOT NULL DEFAULT 0,
  procedure       TEXT,
  status          TEXT NOT NULL,
  concluded_on    TEXT,
  conclusion      TEXT,
  note            TEXT,
  first_import_id INTEGER REFERENCES import_batches(id),
  last_import_id  INTEGER REFERENCES import_batches(id),
  updated_at      TEXT
);
CREATE INDEX cases_category_status ON cases(category, status);
CREATE INDEX cases_status_received ON cases(status, received_on);
CREATE INDEX cases_received ON cases(received_on);
CREATE INDEX cases_concluded ON cases(concluded_on);
CREATE INDEX cases_prosecutor ON cases(prosecutor, received_on);
CREATE INDEX cases_department ON cases(department, prosecutor);
CREATE INDEX cases_title ON cases(title);        -- the grid sorts by 案件名称 (db/queries/cases.ts listCases)

CREATE TABLE persons (
  id                 INTEGER PRIMARY KEY,
  case_id            INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
  person_no          TEXT NOT NULL,
  name               TEXT NOT NULL,
  gender             TEXT,
  birth_date         TEXT,
  custody            TEXT NOT NULL,
  measure            TEXT NOT NULL DEFAULT '无',
  measure_from       TEXT,
  has_counsel        INTEGER NOT NULL DEFAULT 0,
  plea               INTEGER NOT NULL DEFAULT 0,
  plea_signed_on     TEXT,
  decision           TEXT,
  decided_on         TEXT,
  decision_reason    TEXT,
  sentencing         TEXT NOT NULL DEFAULT '无',
  sentencing_adopted INTEGER,               -- NULL: the court has not decided
  judged_on          TEXT,
  appealed           INTEGER NOT NULL DEFAULT 0,
  UNIQUE (case_id, person_no)
);
CREATE INDEX persons_decided ON persons(decided_on);
CREATE INDEX persons_judged ON persons(judged_on);
CREATE INDEX persons_measure ON persons(measure, measure_from);

CREATE TABLE events (
  id        INTEGER PRIMARY KEY,
  case_id   INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
  seq       INTEGER NOT NULL,               -- order within the case as imported
  kind      TEXT NOT NULL,
  on_date   TEXT NOT NULL,
  person_no TEXT,
  note      TEXT
);
CREATE INDEX events_case ON events(case_id, on_date);
CREATE INDEX events_kind_date ON events(kind, on_date);

CREATE TABLE documents (
  id        INTEGER PRIMARY KEY,
  case_id   INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
  seq       INTEGER NOT NULL,
  name      TEXT NOT NULL,
  number    TEXT NOT NULL,
  issued_on TEXT NOT NULL,
  person_no TEXT
);
CREATE INDEX documents_case ON documents(case_id, name);

CREATE TABLE staff (
  id         INTEGER PRIMARY KEY,
  name       TEXT NOT NULL UNIQUE,
  department TEXT NOT NULL,
  role       TEXT NOT NULL,
  active     INTEGER NOT NULL DEFAULT 1,
  auto_added_import_id INTEGER REFERENCES import_batches(id)  -- set when an import added a prosecutor missing from the roster
);

CREATE TABLE case_history (
  id         INTEGER PRIMARY KEY,
  case_id    INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
  import_id  INTEGER NOT NULL REFERENCES import_batches(id),
  field      TEXT NOT NULL,                 -- the column header: '案件状态', '嫌疑人[1].羁押状态', '嫌疑人[2]' (added/removed), '流程节点'/'文书' (a summary), '案件' (新增)
  old_value  TEXT,
  new_value  TEXT
);
CREATE INDEX case_history_case ON case_history(case_id, id);
CREATE INDEX case_history_import ON case_history(import_id);
`;
