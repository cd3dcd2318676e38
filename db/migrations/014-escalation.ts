/**
 * 014: escalation to the inspection department (jobs.md *Escalation (督查移送)*).
 *
 * - A finding under a monitoring notice whose reply deadline has passed and that is still open becomes
 *   逾期未整改 at the next audit: `findings.overdue_on` (that audit's as-of date) and `overdue_notice_id`
 *   (the notice whose deadline passed). The date stays as the record of when it happened; the UI shows
 *   the finding red while it is open.
 * - The monthly referral package for month M proposes the findings that became 逾期未整改 in M; the user
 *   may exclude one with a reason before export (`escalation_exclusions`). A package version that refers
 *   a finding sets `findings.referred_month` / `referred_version` / `referred_on` (已移送督查).
 * - `escalation_events`: the finding's escalation history (逾期未整改, 排除移送, 恢复移送, 已移送督查, 撤回移送),
 *   kept apart from `finding_events` on purpose: those are status changes, which the figures read
 *   (a status at a date, rectified in a period); escalation never changes a finding's status.
 */
export const version = 14;
export const name = 'escalation';
export const sql = /* sql */ `
ALTER TABLE findings ADD COLUMN overdue_on TEXT;              -- 逾期未整改 from the audit as of this date
ALTER TABLE findings ADD COLUMN overdue_notice_id INTEGER;    -- the notice whose reply deadline had passed
ALTER TABLE findings ADD COLUMN referred_month TEXT;          -- 已移送督查 with the referral package of this month
ALTER TABLE findings ADD COLUMN referred_version INTEGER;     -- … in this version of it
ALTER TABLE findings ADD COLUMN referred_on TEXT;             -- civil date of that package
CREATE INDEX findings_overdue ON findings(overdue_on);
CREATE INDEX findings_referred ON findings(referred_month);

CREATE TABLE escalation_exclusions (
  month       TEXT NOT NULL,                 -- the referral package's month (YYYY-MM)
  finding_id  INTEGER NOT NULL REFERENCES findings(id) ON DELETE CASCADE,
  reason      TEXT NOT NULL,
  actor       TEXT NOT NULL,
  at          TEXT NOT NULL,                 -- China-time timestamp
  PRIMARY KEY (month, finding_id)
);

CREATE TABLE escalation_events (
  id          INTEGER PRIMARY KEY,
  finding_id  INTEGER NOT NULL REFERENCES findings(id) ON DELETE CASCADE,
  action      TEXT NOT NULL,                 -- overdue | overdue-cleared | exclude | restore | refer | unrefer
  on_date     TEXT NOT NULL,                 -- civil date (the audit's as-of date for overdue)
  at          TEXT NOT NULL,                 -- China-time timestamp
  actor       TEXT NOT NULL,
  month       TEXT,                          -- the referral package's month
  version     INTEGER,                       -- the package version (refer / unrefer)
  notice_id   INTEGER,                       -- the notice whose reply deadline had passed (overdue)
  note        TEXT,
  run_id      INTEGER REFERENCES job_runs(id)
);
CREATE INDEX escalation_events_finding ON escalation_events(finding_id, id);
`;
