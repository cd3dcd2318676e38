/**
 * The dossier's own reads (个人执法档案, metrics.md): what the bulletins' bases (db/queries/metrics.ts) do not
 * give — when each finding of a period was rectified, the findings under the notices of a period with the date
 * each was rectified, the findings referred to the inspection department. Every query is for the whole office
 * or one prosecutor (`@prosecutor` NULL = everyone), grouped later in memory: never a query per prosecutor.
 */
import type { Statement } from 'better-sqlite3';
import type { Db } from '../store';

const cache = new WeakMap<Db, Map<string, Statement<unknown[]>>>();
function prep(db: Db, sql: string): Statement<unknown[]> {
  let m = cache.get(db);
  if (!m) cache.set(db, (m = new Map()));
  let s = m.get(sql);
  if (!s) m.set(sql, (s = db.prepare<unknown[]>(sql)));
  return s;
}

/**
 * The date each of `ids` was last rectified on or before `end`: its last 已整改 entry in the status history, or
 * (a finding written without history) its rectified_on when that is on or before `end`. One query.
 */
export function rectifiedOnOrBefore(db: Db, ids: number[], end: string): Map<number, string> {
  const out = new Map<number, string>();
  if (ids.length === 0) return out;
  const rows = prep(
    db,
    `SELECT f.id, COALESCE(
        (SELECT MAX(fe.on_date) FROM finding_events fe WHERE fe.finding_id = f.id AND fe.to_status = '已整改' AND fe.on_date <= @end),
        CASE WHEN NOT EXISTS (SELECT 1 FROM finding_events fe WHERE fe.finding_id = f.id AND fe.to_status = '已整改')
              AND f.rectified_on <= @end THEN f.rectified_on END) AS on_date
     FROM findings f WHERE f.id IN (SELECT value FROM json_each(@ids))`,
  ).all({ ids: JSON.stringify(ids), end }) as { id: number; on_date: string | null }[];
  for (const r of rows) if (r.on_date) out.set(r.id, r.on_date);
  return out;
}

export interface NoticeFindingRow {
  findingId: number;
  ruleId: string;
  caseNo: string;
  caseId: number | null;
  title: string;
  severity: string;
  message: string;
  department: string;
  prosecutor: string;
  noticeId: number;
  number: string;
  issuedOn: string;
  replyDueOn: string;
  /** the first 已整改 on or after the notice was issued and on or before P.end, else null */
  rectifiedOn: string | null;
}

/**
 * Every finding under a notice issued in [start, end] and not withdrawn by `end` (a withdrawn notice counts
 * nowhere, as in the notice figures), with the first date it was rectified after the notice, up to `end`. One query.
 */
export function noticeFindingsIssuedIn(
  db: Db,
  p: { start: string; end: string },
  prosecutor: string | null,
): NoticeFindingRow[] {
  return prep(
    db,
    `SELECT * FROM (
       SELECT f.id AS findingId, f.rule_id AS ruleId, f.case_no AS caseNo, c.id AS caseId, COALESCE(c.title, '') AS title,
              f.severity, f.message,
              COALESCE(n.department, c.department, '') AS department, COALESCE(n.prosecutor, c.prosecutor, '') AS prosecutor,
              n.id AS noticeId, n.number, n.issued_on AS issuedOn, n.reply_due_on AS replyDueOn,
              COALESCE(
                (SELECT MIN(fe.on_date) FROM finding_events fe WHERE fe.finding_id = f.id AND fe.to_status = '已整改'
                   AND fe.on_date >= n.issued_on AND fe.on_date <= @end),
                CASE WHEN NOT EXISTS (SELECT 1 FROM finding_events fe WHERE fe.finding_id = f.id AND fe.to_status = '已整改')
                      AND f.rectified_on >= n.issued_on AND f.rectified_on <= @end THEN f.rectified_on END) AS rectifiedOn
       FROM notices n JOIN notice_findings nf ON nf.notice_id = n.id JOIN findings f ON f.id = nf.finding_id
            LEFT JOIN cases c ON c.case_no = f.case_no
       WHERE n.issued_on >= @start AND n.issued_on <= @end AND (n.withdrawn_on IS NULL OR n.withdrawn_on > @end))
     WHERE @prosecutor IS NULL OR prosecutor = @prosecutor
     ORDER BY department, prosecutor, issuedOn, number, findingId`,
  ).all({ start: p.start, end: p.end, prosecutor }) as NoticeFindingRow[];
}

export interface ReferredFindingRow {
  findingId: number;
  ruleId: string;
  caseNo: string;
  caseId: number | null;
  title: string;
  severity: string;
  status: string;
  message: string;
  department: string;
  prosecutor: string;
  firstSeen: string;
  overdueOn: string | null;
  referredMonth: string;
  referredVersion: number | null;
  referredOn: string | null;
  noticeNumber: string | null;
  replyDueOn: string | null;
}

/** Findings referred to the inspection department with the packages of months [fromMonth, toMonth] (已移送督查). */
export function referredFindings(
  db: Db,
  fromMonth: string,
  toMonth: string,
  prosecutor: string | null,
): ReferredFindingRow[] {
  return prep(
    db,
    `SELECT * FROM (
       SELECT f.id AS findingId, f.rule_id AS ruleId, f.case_no AS caseNo, c.id AS caseId, COALESCE(c.title, '') AS title,
              f.severity, f.status, f.message,
              COALESCE(c.department, f.department, '') AS department, COALESCE(c.prosecutor, f.prosecutor, '') AS prosecutor,
              f.first_seen AS firstSeen, f.overdue_on AS overdueOn,
              f.referred_month AS referredMonth, f.referred_version AS referredVersion, f.referred_on AS referredOn,
              n.number AS noticeNumber, n.reply_due_on AS replyDueOn
       FROM findings f LEFT JOIN cases c ON c.case_no = f.case_no LEFT JOIN notices n ON n.id = f.overdue_notice_id
       WHERE f.referred_month >= @fromMonth AND f.referred_month <= @toMonth)
     WHERE @prosecutor IS NULL OR prosecutor = @prosecutor
     ORDER BY department, prosecutor, referredMonth, caseNo, findingId`,
  ).all({ fromMonth, toMonth, prosecutor }) as ReferredFindingRow[];
}

/** Whether anyone of that name is on the roster or handles a case (a dossier of an unknown name is refused). */
export function prosecutorKnown(db: Db, name: string): { department: string | null; quota: boolean } | null {
  const s = prep(db, 'SELECT department, role FROM staff WHERE name = ?').get(name) as
    { department: string; role: string } | undefined;
  if (s) return { department: s.department, quota: s.role === '员额检察官' };
  const c = prep(db, 'SELECT department FROM cases WHERE prosecutor = ? LIMIT 1').get(name) as
    { department: string } | undefined;
  return c ? { department: c.department, quota: false } : null;
}

/** Every prosecutor's name: the roster's and those of the cases (the dossier's picker). */
export function prosecutorNames(db: Db): { name: string; department: string; quota: boolean }[] {
  const rows = prep(
    db,
    `SELECT name, department, quota FROM (
       SELECT name, department, role = '员额检察官' AS quota FROM staff WHERE active = 1 AND role = '员额检察官'
       UNION
       SELECT prosecutor AS name, MIN(department) AS department, 0 AS quota FROM cases
         WHERE prosecutor NOT IN (SELECT name FROM staff WHERE active = 1 AND role = '员额检察官') GROUP BY prosecutor)
     ORDER BY department, name`,
  ).all() as { name: string; department: string; quota: number }[];
  return rows.map((r) => ({ name: r.name, department: r.department, quota: r.quota === 1 }));
}
