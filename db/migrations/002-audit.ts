/** 002: the daily audit: settings, holiday calendars, job runs, findings with their history, warnings. */
export const version = 2;
export const name = 'audit';
export const sql = /* sql */ `
CREATE TABLE settings (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL                        -- JSON
);

CREATE TABLE holiday_calendars (
  year      INTEGER PRIMARY KEY,
  data_json TEXT NOT NULL,                   -- {"holidays": [{name, from, to}], "workdays": [...]}
  source    TEXT NOT NULL,                   -- 'built-in' or the loaded file's name
  loaded_at TEXT NOT NULL
);

CREATE TABLE job_runs (
  id             INTEGER PRIMARY KEY,
  job            TEXT NOT NULL,              -- 'audit' | 'notice' | 'inspection'
  period         TEXT NOT NULL,              -- '2026-11-23' | '2026-W47' | '2026-10'
  version        INTEGER NOT NULL DEFAULT 1, -- regenerations of a period make new versions
  as_of          TEXT NOT NULL,
  started_at     TEXT NOT NULL,
  finished_at    TEXT,
  status         TEXT NOT NULL,              -- running | succeeded | succeeded with errors | failed | interrupted
  error          TEXT,
  counts_json    TEXT NOT NULL DEFAULT '{}',
  failed_rules_json TEXT NOT NULL DEFAULT '[]',
  actor          TEXT NOT NULL,
  pid            INTEGER
);
CREATE INDEX job_runs_job_period ON job_runs(job, period, version);
CREATE INDEX job_runs_status ON job_runs(status);

CREATE TABLE findings (
  id              INTEGER PRIMARY KEY,
  rule_id         TEXT NOT NULL,
  case_no         TEXT NOT NULL DEFAULT '',  -- '' for a referral that names no case
  person_no       TEXT NOT NULL DEFAULT '',
  subject_key     TEXT NOT NULL DEFAULT '',  -- event/document/referral key when the rule is about one
  case_id         INTEGER REFERENCES cases(id),
  source          TEXT NOT NULL DEFAULT '审核', -- '审核' (audit) | '检务督查' (referral)
  severity        TEXT NOT NULL,
  status          TEXT NOT NULL,             -- 待处理 | 已提示 | 已通知 | 已整改 | 不予纠正
  kind            TEXT,                      -- e.g. '超期未结' / '超期办结' / '未告知' / '告知超期'
  due_on          TEXT,
  days_left       INTEGER,                   -- due_on − the date it was measured against (as-of, or the late act's date); NULL without a deadline
  message         TEXT NOT NULL,
  department      TEXT,
  prosecutor      TEXT,
  first_seen      TEXT NOT NULL,             -- as-of date of the audit that first found it
  last_seen       TEXT NOT NULL,             -- as-of date of the last audit that found it
  rectified_on    TEXT,                      -- date it became 已整改
  status_on       TEXT NOT NULL,             -- civil date of the last status change
  fingerprint     TEXT,                      -- hash of the facts behind the finding at last detection
  closed_fingerprint TEXT,                   -- the facts when a user closed it (已整改 by hand / 不予纠正)
  closed_by       TEXT,                      -- 'audit' (已整改 because no longer detected) | 'user' (已整改 by hand / 不予纠正)
  notice_id       INTEGER,                   -- the monitoring notice it was raised in (see 003)
  waive_reason    TEXT,
  UNIQUE (rule_id, case_no, person_no, subject_key)
);
CREATE INDEX findings_status ON findings(status, severity);
CREATE INDEX findings_case ON findings(case_no);
CREATE INDEX findings_prosecutor ON findings(prosecutor, status);
CREATE INDEX findings_first_seen ON findings(first_seen);
CREATE INDEX findings_rectified ON findings(rectified_on);

CREATE TABLE finding_events (
  id          INTEGER PRIMARY KEY,
  finding_id  INTEGER NOT NULL REFERENCES findings(id) ON DELETE CASCADE,
  action      TEXT NOT NULL,                 -- detect | remind | notice | rectify | waive | reopen | auto-rectify | auto-reopen
  on_date     TEXT NOT NULL,                 -- civil date (as-of date for audit actions)
  at          TEXT NOT NULL,                 -- China-time timestamp
  actor       TEXT NOT NULL,
  from_status TEXT,
  to_status   TEXT NOT NULL,
  note        TEXT,
  run_id      INTEGER REFERENCES job_runs(id)
);
CREATE INDEX finding_events_finding ON finding_events(finding_id, id);
CREATE INDEX finding_events_action_date ON finding_events(action, on_date);

CREATE TABLE warnings (
  id          INTEGER PRIMARY KEY,
  run_id      INTEGER NOT NULL REFERENCES job_runs(id) ON DELETE CASCADE,
  rule_id     TEXT NOT NULL,
  case_no     TEXT NOT NULL,
  person_no   TEXT,
  subject_key TEXT NOT NULL DEFAULT '',
  due_on      TEXT NOT NULL,
  days_left   INTEGER NOT NULL,
  department  TEXT,
  prosecutor  TEXT,
  message     TEXT NOT NULL
);
CREATE INDEX warnings_run ON warnings(run_id, due_on);
`;
