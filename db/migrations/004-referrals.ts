/** 004: case-quality reviews (案件质量评查) and referrals from the inspection department (检务督查). */
export const version = 4;
export const name = 'referrals';
export const sql = /* sql */ `
CREATE TABLE reviews (
  id            INTEGER PRIMARY KEY,
  case_no       TEXT NOT NULL,
  reviewed_on   TEXT NOT NULL,
  reviewer      TEXT NOT NULL,
  kind          TEXT NOT NULL,               -- 常规抽查 | 重点评查 | 专项评查
  grade         TEXT NOT NULL,               -- 优质 | 合格 | 基本合格 | 不合格
  problems      TEXT,
  rectification TEXT NOT NULL DEFAULT '待整改', -- 待整改 | 整改中 | 已整改
  created_at    TEXT NOT NULL,
  created_by    TEXT NOT NULL
);
CREATE INDEX reviews_date ON reviews(reviewed_on);

CREATE TABLE referrals_in (
  id            INTEGER PRIMARY KEY,
  received_on   TEXT NOT NULL,
  doc_number    TEXT NOT NULL,               -- the inspection department's document number
  department    TEXT,
  prosecutor    TEXT,
  case_no       TEXT,
  category      TEXT NOT NULL,
  description   TEXT NOT NULL,
  severity      TEXT NOT NULL DEFAULT '较重',
  finding_id    INTEGER REFERENCES findings(id),
  created_at    TEXT NOT NULL,
  created_by    TEXT NOT NULL,
  UNIQUE (doc_number, case_no, description)
);
CREATE INDEX referrals_in_received ON referrals_in(received_on);
`;
