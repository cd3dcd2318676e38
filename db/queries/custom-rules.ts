/** Custom rules, their versions and the rule packs they came from (migration 006). */
import type { Db } from '../store';

export interface CustomRuleRow {
  id: string;
  title: string;
  area: string;
  severity: string;
  basis: string;
  subject: string;
  when_json: string;
  message: string;
  enabled: number;
  deleted: number;
  version: number;
  pack_id: number | null;
  created_at: string;
  updated_at: string;
  updated_by: string;
  pack_name: string | null;
  pack_issuer: string | null;
  pack_issued_on: string | null;
}

export interface RuleVersionRow {
  id: number;
  rule_id: string;
  version: number;
  at: string;
  actor: string;
  change: string;
  old_json: string | null;
  new_json: string;
  pack_id: number | null;
  pack_name: string | null;
  pack_issuer: string | null;
  pack_issued_on: string | null;
}

const SELECT_RULES = `SELECT r.*, p.name AS pack_name, p.issuer AS pack_issuer, p.issued_on AS pack_issued_on
  FROM custom_rules r LEFT JOIN rule_packs p ON p.id = r.pack_id`;

/** Every custom rule, deleted ones included (their findings still need a title), by id. */
export function customRuleRows(db: Db): CustomRuleRow[] {
  return db.prepare(`${SELECT_RULES} ORDER BY r.id`).all() as CustomRuleRow[];
}

export function customRuleRow(db: Db, id: string): CustomRuleRow | undefined {
  return db.prepare(`${SELECT_RULES} WHERE r.id = ?`).get(id) as CustomRuleRow | undefined;
}

/** Changes whenever any custom rule changes (every change writes a version row): the catalogue's cache key. */
export function customRulesStamp(db: Db): number {
  return db.prepare('SELECT coalesce(max(id), 0) FROM custom_rule_versions').pluck().get() as number;
}

export function insertPack(
  db: Db,
  p: { name: string; issuer: string; issuedOn: string | null; fileName: string | null; at: string; actor: string },
): number {
  return Number(
    db
      .prepare('INSERT INTO rule_packs(name, issuer, issued_on, file_name, loaded_at, actor) VALUES (?, ?, ?, ?, ?, ?)')
      .run(p.name, p.issuer, p.issuedOn, p.fileName, p.at, p.actor).lastInsertRowid,
  );
}

export interface RuleWrite {
  id: string;
  title: string;
  area: string;
  severity: string;
  basis: string;
  subject: string;
  whenJson: string;
  message: string;
  enabled: boolean;
  deleted: boolean;
  version: number;
  packId: number | null;
  at: string;
  actor: string;
}

/** Inserts the rule or replaces its current state (the history is in custom_rule_versions). */
export function writeCustomRule(db: Db, r: RuleWrite): void {
  db.prepare(
    `INSERT INTO custom_rules(id, title, area, severity, basis, subject, when_json, message, enabled, deleted, version, pack_id,
                              created_at, updated_at, updated_by)
     VALUES (@id, @title, @area, @severity, @basis, @subject, @whenJson, @message, @enabled, @deleted, @version, @packId,
             @at, @at, @actor)
     ON CONFLICT(id) DO UPDATE SET title = excluded.title, area = excluded.area, severity = excluded.severity,
       basis = excluded.basis, subject = excluded.subject, when_json = excluded.when_json, message = excluded.message,
       enabled = excluded.enabled, deleted = excluded.deleted, version = excluded.version, pack_id = excluded.pack_id,
       updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
  ).run({ ...r, enabled: r.enabled ? 1 : 0, deleted: r.deleted ? 1 : 0 });
}

export function insertRuleVersion(
  db: Db,
  v: {
    ruleId: string;
    version: number;
    at: string;
    actor: string;
    change: string;
    oldJson: string | null;
    newJson: string;
    packId: number | null;
  },
): void {
  db.prepare(
    `INSERT INTO custom_rule_versions(rule_id, version, at, actor, change, old_json, new_json, pack_id)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(v.ruleId, v.version, v.at, v.actor, v.change, v.oldJson, v.newJson, v.packId);
}

/** A rule's versions, newest first. */
export function ruleVersions(db: Db, ruleId: string): RuleVersionRow[] {
  return db
    .prepare(
      `SELECT v.*, p.name AS pack_name, p.issuer AS pack_issuer, p.issued_on AS pack_issued_on
       FROM custom_rule_versions v LEFT JOIN rule_packs p ON p.id = v.pack_id
       WHERE v.rule_id = ? ORDER BY v.version DESC`,
    )
    .all(ruleId) as RuleVersionRow[];
}

export interface PackRow {
  id: number;
  name: string;
  issuer: string;
  issued_on: string | null;
  file_name: string | null;
  loaded_at: string;
  actor: string;
  rules: number;
}

/** The packs loaded, newest first, with how many rules still come from each. */
export function packRows(db: Db): PackRow[] {
  return db
    .prepare(
      `SELECT p.*, (SELECT count(*) FROM custom_rules r WHERE r.pack_id = p.id AND r.deleted = 0) AS rules
       FROM rule_packs p ORDER BY p.id DESC`,
    )
    .all() as PackRow[];
}
