/**
 * 006: custom monitoring rules (custom-rules.md): the rules an office writes itself or loads from a
 * rule pack, every version of each (who, when, old → new), and the packs they came from.
 * A deleted rule keeps its row (deleted = 1) so that its findings still show its title.
 * (findings.closed_by gains the value 'rule': closed as 不予纠正 because its custom rule was disabled or
 * deleted; no column changes.)
 */
export const version = 6;
export const name = 'custom-rules';
export const sql = /* sql */ `
CREATE TABLE rule_packs (
  id          INTEGER PRIMARY KEY,
  name        TEXT NOT NULL,                 -- 2026年第3期案卡填录问题清单
  issuer      TEXT NOT NULL DEFAULT '',      -- 某某市人民检察院案件管理部
  issued_on   TEXT,                          -- YYYY-MM-DD, as the pack says
  file_name   TEXT,                          -- the file it was loaded from (base name)
  loaded_at   TEXT NOT NULL,                 -- China-time timestamp
  actor       TEXT NOT NULL
);

CREATE TABLE custom_rules (
  id          TEXT PRIMARY KEY,              -- X-…
  title       TEXT NOT NULL,
  area        TEXT NOT NULL,
  severity    TEXT NOT NULL,
  basis       TEXT NOT NULL DEFAULT '',
  subject     TEXT NOT NULL,                 -- case | person | event | document
  when_json   TEXT NOT NULL,                 -- the condition group (react-querybuilder RuleGroupType shape)
  message     TEXT NOT NULL,
  enabled     INTEGER NOT NULL DEFAULT 1,
  deleted     INTEGER NOT NULL DEFAULT 0,
  version     INTEGER NOT NULL,              -- the number of its latest row in custom_rule_versions
  pack_id     INTEGER REFERENCES rule_packs(id), -- the pack of its latest version (NULL: written in the builder)
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL,
  updated_by  TEXT NOT NULL
);

CREATE TABLE custom_rule_versions (
  id          INTEGER PRIMARY KEY,
  rule_id     TEXT NOT NULL REFERENCES custom_rules(id),
  version     INTEGER NOT NULL,
  at          TEXT NOT NULL,                 -- China-time timestamp
  actor       TEXT NOT NULL,
  change      TEXT NOT NULL,                 -- create | update | import | enable | disable | delete
  old_json    TEXT,                          -- the rule before (NULL when created)
  new_json    TEXT NOT NULL,                 -- the rule after
  pack_id     INTEGER REFERENCES rule_packs(id),
  UNIQUE (rule_id, version)
);
`;
