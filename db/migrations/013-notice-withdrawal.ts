/**
 * 013: withdrawal (撤回) of a monitoring notice (jobs.md *Monitoring notices*): when, why and by whom.
 * A withdrawn notice keeps its number (never reused) and no longer holds its findings, which may then
 * go into a new notice; a finding is in at most one notice that is not withdrawn (checked on issue).
 */
export const version = 13;
export const name = 'notice-withdrawal';
export const sql = /* sql */ `
ALTER TABLE notices ADD COLUMN withdrawn_on TEXT;      -- civil date of the withdrawal; NULL while in force
ALTER TABLE notices ADD COLUMN withdrawn_reason TEXT;  -- required with withdrawn_on
ALTER TABLE notices ADD COLUMN withdrawn_by TEXT;
CREATE INDEX notices_withdrawn ON notices(withdrawn_on);
`;
