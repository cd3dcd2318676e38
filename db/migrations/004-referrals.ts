/**
 * 004: case-quality reviews (案件质量评查) and referrals from the inspection department (检务督查).
 * The monthly referral package itself is frozen as a `snapshots` row of kind 'referral-package' (003).
 */
export const version = 4;
export const name = 'referrals';
export const sql = /* sql */ `
CREATE TABLE reviews (
  id            INTEGER PRIMARY KEY,
  case_no       TEXT NOT NULL,               -- normalised 部门受案号
  department    TEXT NOT NULL,               -- from the case at the time of the review (or as entered)
  prosecutor    TEXT NOT NULL,
  reviewed_on   TEXT NOT NULL,
  reviewer      TEXT NOT NULL,
  kind          TEXT NOT NULL,               -- 常规抽查 | 重点评查 | 专项评查
  grade         TEXT NOT NULL,               -- 优质 | 合格 | 基本合格 | 不合格
  problems      TEXT,
  rectification TEXT NOT NULL DEFAULT '待整改', -- 待整改 | 整改中 | 已整改
  created_at    TEXT NOT NULL,
  created_by    TEXT NOT NULL,
  updated_at    TEXT,
  updated_by    TEXT
);
CREATE INDEX reviews_date ON reviews(reviewed_on);
CREATE INDEX reviews_case ON reviews(case_no);
CREATE INDEX reviews_prosecutor ON reviews(prosecutor, reviewed_on);

CREATE TABLE referrals_in (
  id            INTEGER PRIMARY KEY,
  received_on   TEXT NOT NULL,
  doc_number    TEXT NOT NULL,               -- the inspection department's document number (督查文号)
  department    TEXT NOT NULL,
  prosecutor    TEXT NOT NULL,
  case_no       TEXT NOT NULL DEFAULT '',    -- normalised 部门受案号; '' when the referral names no case
  category      TEXT NOT NULL,
  description   TEXT NOT NULL,
  severity      TEXT NOT NULL DEFAULT '较重', -- 轻微 | 较重 | 严重
  finding_id    INTEGER REFERENCES findings(id),
  import_file   TEXT,                        -- the XLSX it came from; NULL when entered in the form
  created_at    TEXT NOT NULL,
  created_by    TEXT NOT NULL,
  UNIQUE (doc_number, case_no, description)
);
CREATE INDEX referrals_in_received ON referrals_in(received_on);
`;
