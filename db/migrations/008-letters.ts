/**
 * 008: the 文号 of the office's letters (函): the referral package's 抄送函 is numbered per office (one
 * store) and year, `{prefix}〔{year}〕{n}号`, like the monitoring notices. A number is taken when a
 * package version is frozen and is never reused: rows are only ever added.
 */
export const version = 8;
export const name = 'letters';
export const sql = /* sql */ `
CREATE TABLE letter_numbers (
  id          INTEGER PRIMARY KEY,
  year        INTEGER NOT NULL,
  seq         INTEGER NOT NULL,
  number      TEXT NOT NULL UNIQUE,          -- e.g. 赤检案管函〔2026〕3号
  kind        TEXT NOT NULL,                 -- 'referral-cover' (抄送函)
  subject     TEXT NOT NULL,                 -- what it numbers, e.g. 'referral-package:2026-11:v2'
  issued_on   TEXT NOT NULL,                 -- YYYY-MM-DD
  created_at  TEXT NOT NULL,
  created_by  TEXT NOT NULL,
  UNIQUE (year, seq)
);
`;
