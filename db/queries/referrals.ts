/**
 * Incoming referrals (检务督查移送), the findings they become, and what the monthly referral
 * package reads: notices of a month, the month's findings summary, frozen package snapshots.
 */
import type { Db } from '../store';
import { auditRunAsOf, statusAtEndSql } from './asof';

export interface ReferralRow {
  id: number;
  received_on: string;
  doc_number: string;
  department: string;
  prosecutor: string;
  case_no: string;
  category: string;
  description: string;
  severity: string;
  finding_id: number | null;
  import_file: string | null;
  created_at: string;
  created_by: string;
}

export interface ReferralListRow extends ReferralRow {
  finding_status: string | null;
}

export interface CaseBasics {
  id: number;
  case_no: string;
  title: string;
  department: string;
  prosecutor: string;
}

/** The cases among `caseNos` that are in the store (one query). */
export function caseBasics(db: Db, caseNos: string[]): Map<string, CaseBasics> {
  const out = new Map<string, CaseBasics>();
  if (caseNos.length === 0) return out;
  const rows = db
    .prepare(
      `SELECT id, case_no, title, department, prosecutor FROM cases
                           WHERE case_no IN (SELECT value FROM json_each(?))`,
    )
    .all(JSON.stringify([...new Set(caseNos)])) as CaseBasics[];
  for (const r of rows) out.set(r.case_no, r);
  return out;
}

/** Suspects' full names per case (for masking free text that leaves the office). */
export function personNamesOfCases(db: Db, caseNos: string[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  if (caseNos.length === 0) return out;
  const rows = db
    .prepare(
      `SELECT c.case_no, p.name FROM persons p JOIN cases c ON c.id = p.case_id
                           WHERE c.case_no IN (SELECT value FROM json_each(?))`,
    )
    .all(JSON.stringify([...new Set(caseNos)])) as { case_no: string; name: string }[];
  for (const r of rows) {
    const list = out.get(r.case_no) ?? [];
    list.push(r.name);
    out.set(r.case_no, list);
  }
  return out;
}

/** Keys `doc_number\u0001case_no\u0001description` of referrals already stored among the given ones. */
export function existingReferralKeys(
  db: Db,
  keys: { docNumber: string; caseNo: string; description: string }[],
): Set<string> {
  const out = new Set<string>();
  if (keys.length === 0) return out;
  const rows = db
    .prepare(
      `SELECT r.doc_number, r.case_no, r.description FROM referrals_in r
                           JOIN json_each(?) j ON r.doc_number = json_extract(j.value, '$[0]')
                            AND r.case_no = json_extract(j.value, '$[1]') AND r.description = json_extract(j.value, '$[2]')`,
    )
    .all(JSON.stringify(keys.map((k) => [k.docNumber, k.caseNo, k.description]))) as {
    doc_number: string;
    case_no: string;
    description: string;
  }[];
  for (const r of rows) out.add(referralKey(r.doc_number, r.case_no, r.description));
  return out;
}

export function referralKey(docNumber: string, caseNo: string, description: string): string {
  return `${docNumber}\u0001${caseNo}\u0001${description}`;
}

export interface ReferralInsert {
  receivedOn: string;
  docNumber: string;
  department: string;
  prosecutor: string;
  caseNo: string;
  category: string;
  description: string;
  severity: string;
  importFile: string | null;
  createdAt: string;
  createdBy: string;
}

export interface ReferralWriter {
  insertReferral(r: ReferralInsert): number;
  insertFinding(f: {
    caseNo: string;
    subjectKey: string;
    caseId: number | null;
    severity: string;
    kind: string;
    message: string;
    department: string;
    prosecutor: string;
    on: string;
  }): number;
  insertDetectEvent(e: { findingId: number; on: string; at: string; actor: string; note: string }): void;
  linkFinding(referralId: number, findingId: number): void;
}

/** Prepared statements for writing referrals and their findings (prepare once per import). */
export function referralWriter(db: Db): ReferralWriter {
  const insR =
    db.prepare(`INSERT INTO referrals_in(received_on, doc_number, department, prosecutor, case_no, category, description, severity, import_file, created_at, created_by)
                           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const insF =
    db.prepare(`INSERT INTO findings(rule_id, case_no, person_no, subject_key, case_id, source, severity, status, kind, due_on, message, department, prosecutor, first_seen, last_seen, status_on)
                           VALUES ('REF-INSPECTION', ?, '', ?, ?, '检务督查', ?, '待处理', ?, NULL, ?, ?, ?, ?, ?, ?)`);
  const insE =
    db.prepare(`INSERT INTO finding_events(finding_id, action, on_date, at, actor, from_status, to_status, note, run_id)
                           VALUES (?, 'detect', ?, ?, ?, NULL, '待处理', ?, NULL)`);
  const link = db.prepare('UPDATE referrals_in SET finding_id = ? WHERE id = ?');
  return {
    insertReferral: (r) =>
      Number(
        insR.run(
          r.receivedOn,
          r.docNumber,
          r.department,
          r.prosecutor,
          r.caseNo,
          r.category,
          r.description,
          r.severity,
          r.importFile,
          r.createdAt,
          r.createdBy,
        ).lastInsertRowid,
      ),
    insertFinding: (f) =>
      Number(
        insF.run(
          f.caseNo,
          f.subjectKey,
          f.caseId,
          f.severity,
          f.kind,
          f.message,
          f.department,
          f.prosecutor,
          f.on,
          f.on,
          f.on,
        ).lastInsertRowid,
      ),
    insertDetectEvent: (e) => {
      insE.run(e.findingId, e.on, e.at, e.actor, e.note);
    },
    linkFinding: (referralId, findingId) => {
      link.run(findingId, referralId);
    },
  };
}

export function getReferral(db: Db, id: number): ReferralListRow | undefined {
  return db
    .prepare(
      `SELECT r.*, f.status AS finding_status FROM referrals_in r LEFT JOIN findings f ON f.id = r.finding_id WHERE r.id = ?`,
    )
    .get(id) as ReferralListRow | undefined;
}

export function selectReferrals(
  db: Db,
  f: { from?: string; to?: string; prosecutor?: string; status?: string },
): ReferralListRow[] {
  return db
    .prepare(
      `
    SELECT r.*, f.status AS finding_status FROM referrals_in r LEFT JOIN findings f ON f.id = r.finding_id
    WHERE (@from IS NULL OR r.received_on >= @from)
      AND (@to IS NULL OR r.received_on <= @to)
      AND (@prosecutor IS NULL OR r.prosecutor = @prosecutor)
      AND (@status IS NULL OR f.status = @status)
    ORDER BY r.received_on, r.id`,
    )
    .all({
      from: f.from ?? null,
      to: f.to ?? null,
      prosecutor: f.prosecutor ?? null,
      status: f.status ?? null,
    }) as ReferralListRow[];
}

/** metrics.md `referralsIn`: findings from the inspection department entered (first seen) in the period. */
export function countReferralsIn(db: Db, period: { start: string; end: string }): number {
  const r = db
    .prepare(`SELECT COUNT(*) AS n FROM findings WHERE source = '检务督查' AND first_seen BETWEEN ? AND ?`)
    .get(period.start, period.end) as { n: number };
  return r.n;
}

// ---- the monthly package ---------------------------------------------------

export interface NoticeOfMonth {
  id: number;
  number: string;
  case_no: string;
  department: string | null;
  prosecutor: string | null;
  issued_on: string;
  to_chief: number;
}

export function noticesIssuedIn(db: Db, period: { start: string; end: string }): NoticeOfMonth[] {
  return db
    .prepare(
      `SELECT id, number, case_no, department, prosecutor, issued_on, to_chief FROM notices
                     WHERE issued_on BETWEEN ? AND ? AND withdrawn_on IS NULL ORDER BY issued_on, year, seq, id`,
    )
    .all(period.start, period.end) as NoticeOfMonth[];
}

export interface FindingsSummaryRow {
  rule_id: string;
  department: string;
  prosecutor: string;
  /** first seen in P */
  found: number;
  /** became 已整改 in P */
  rectified: number;
  /** 待处理/已提示/已通知 at P.end */
  open: number;
}

/**
 * The findings of a month by rule, department and prosecutor: new in P, rectified in P, open at P.end.
 * The status at P.end is as the audit as of P.end reported it (the inspection's own audit), else that of the
 * finding's history on P.end (db/queries/asof.ts statusAtEndSql), so a late run still reports the month as it stood.
 */
export function findingsSummary(db: Db, period: { start: string; end: string }): FindingsSummaryRow[] {
  return db
    .prepare(
      `
    WITH f AS (
      SELECT fi.id, fi.rule_id, COALESCE(fi.department, '') AS department, COALESCE(fi.prosecutor, '') AS prosecutor, fi.first_seen,
             ${statusAtEndSql('fi', 'fr')} AS status_at_end,
             EXISTS (SELECT 1 FROM finding_events ev WHERE ev.finding_id = fi.id AND ev.to_status = '已整改'
                     AND ev.on_date BETWEEN @start AND @end) AS rectified_in
      FROM findings fi LEFT JOIN run_findings fr ON fr.run_id = @openRun AND fr.finding_id = fi.id
      WHERE fi.first_seen <= @end
    )
    SELECT rule_id, department, prosecutor,
           SUM(first_seen >= @start) AS found,
           SUM(rectified_in) AS rectified,
           SUM(status_at_end IN ('待处理', '已提示', '已通知')) AS open
    FROM f GROUP BY rule_id, department, prosecutor
    ORDER BY department, prosecutor, rule_id`,
    )
    .all({ start: period.start, end: period.end, openRun: auditRunAsOf(db, period.end) }) as FindingsSummaryRow[];
}

export interface SnapshotRow {
  id: number;
  run_id: number;
  kind: string;
  period: string;
  version: number;
  data_json: string;
  created_at: string;
}

export function latestSnapshot(db: Db, kind: string, period: string): SnapshotRow | undefined {
  return db
    .prepare('SELECT * FROM snapshots WHERE kind = ? AND period = ? ORDER BY version DESC LIMIT 1')
    .get(kind, period) as SnapshotRow | undefined;
}

export function snapshotVersion(db: Db, kind: string, period: string, version: number): SnapshotRow | undefined {
  return db
    .prepare('SELECT * FROM snapshots WHERE kind = ? AND period = ? AND version = ?')
    .get(kind, period, version) as SnapshotRow | undefined;
}

export function insertSnapshot(
  db: Db,
  s: { runId: number; kind: string; period: string; version: number; dataJson: string; createdAt: string },
): number {
  return Number(
    db
      .prepare('INSERT INTO snapshots(run_id, kind, period, version, data_json, created_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(s.runId, s.kind, s.period, s.version, s.dataJson, s.createdAt).lastInsertRowid,
  );
}
