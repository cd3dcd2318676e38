/** 003: monitoring notices (流程监控通知书) and frozen bulletin snapshots of the notice and inspection jobs. */
export const version = 3;
export const name = 'notices-bulletins';
export const sql = /* sql */ `
CREATE TABLE notices (
  id            INTEGER PRIMARY KEY,
  year          INTEGER NOT NULL,
  seq           INTEGER NOT NULL,
  number        TEXT NOT NULL UNIQUE,        -- e.g. 赤检案管监〔2026〕12号
  case_no       TEXT NOT NULL,
  department    TEXT,
  prosecutor    TEXT,
  issued_on     TEXT NOT NULL,
  reply_due_on  TEXT NOT NULL,
  to_chief      INTEGER NOT NULL DEFAULT 0,  -- 报检察长 (a 严重 finding is in it)
  content_json  TEXT NOT NULL,               -- what the document says, frozen at issue
  reply_on      TEXT,
  reply_text    TEXT,
  issued_by     TEXT NOT NULL,
  created_at    TEXT NOT NULL,
  UNIQUE (year, seq)
);
CREATE INDEX notices_issued ON notices(issued_on);
CREATE INDEX notices_case ON notices(case_no);

CREATE TABLE notice_findings (
  notice_id  INTEGER NOT NULL REFERENCES notices(id) ON DELETE CASCADE,
  finding_id INTEGER NOT NULL REFERENCES findings(id),
  PRIMARY KEY (notice_id, finding_id)
);
CREATE INDEX notice_findings_finding ON notice_findings(finding_id);

-- A frozen result of a job run: figures and the lists behind them, so a re-export gives the same document.
CREATE TABLE snapshots (
  id          INTEGER PRIMARY KEY,
  run_id      INTEGER NOT NULL REFERENCES job_runs(id),
  kind        TEXT NOT NULL,                 -- 'weekly' | 'prosecutors' | 'monitoring' | 'data-check' | 'referral-package'
  period      TEXT NOT NULL,
  version     INTEGER NOT NULL,
  data_json   TEXT NOT NULL,
  created_at  TEXT NOT NULL,
  UNIQUE (kind, period, version)
);
CREATE INDEX snapshots_run ON snapshots(run_id);
`;
