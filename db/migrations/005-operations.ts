/**
 * 005: running unattended: job locks between processes (the app and a scheduled `caseflow run-due`
 * never run the same job at once), the scheduler's own state (the catch-up floor), and the audit
 * trail of user actions.
 */
export const version = 5;
export const name = 'operations';
export const sql = /* sql */ `
CREATE TABLE job_locks (
  job          TEXT PRIMARY KEY,             -- one lock per job kind: 'audit' | 'notice' | 'inspection' | 'backup'
  owner        TEXT NOT NULL,                -- 'pid@host'
  acquired_at  TEXT NOT NULL,                -- ISO instant (UTC, ms)
  heartbeat_at TEXT NOT NULL                 -- ISO instant (UTC, ms), refreshed while the job runs
);

CREATE TABLE scheduler_state (
  key   TEXT PRIMARY KEY,                    -- e.g. 'catchupFrom': the earliest period end the scheduler catches up to
  value TEXT NOT NULL
);

CREATE TABLE audit_trail (
  id        INTEGER PRIMARY KEY,
  at        TEXT NOT NULL,                   -- China-time timestamp
  actor     TEXT NOT NULL,                   -- OS user name
  action    TEXT NOT NULL,                   -- e.g. 'finding.remind', 'settings.update', 'import'
  target    TEXT,
  old_json  TEXT,
  new_json  TEXT
);
CREATE INDEX audit_trail_at ON audit_trail(at);
`;
