/**
 * Escalation to the inspection department (jobs.md *Escalation (督查移送)*, migration 013-escalation):
 * findings that became 逾期未整改, the month's referral proposals, exclusions, referrals, and the
 * escalation history of a finding.
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

export interface OverdueCandidate {
  findingId: number;
  noticeId: number;
  number: string;
  replyDueOn: string;
  /** when a later audit already found it 逾期未整改 (this audit's date is earlier), else null */
  overdueOn: string | null;
}

/**
 * The findings the audit run `runId` (as of `asOf`) reports open — audit findings by their status in that run;
 * with `lifecycle`, findings from the inspection department (no run row) by their current status — that are under
 * a notice issued by `asOf`, not withdrawn by then, whose reply deadline is before `asOf`, and not already 逾期未整改
 * on or before `asOf`:
 * one row per finding (the notice with the earliest deadline). One query.
 */
export function overdueCandidates(db: Db, asOf: string, runId: number, lifecycle: boolean): OverdueCandidate[] {
  return prep(
    db,
    `SELECT findingId, noticeId, number, replyDueOn, overdueOn FROM (
       SELECT f.id AS findingId, n.id AS noticeId, n.number, n.reply_due_on AS replyDueOn, f.overdue_on AS overdueOn,
              ROW_NUMBER() OVER (PARTITION BY f.id ORDER BY n.reply_due_on, n.id) AS k
       FROM notices n JOIN notice_findings nf ON nf.notice_id = n.id JOIN findings f ON f.id = nf.finding_id
            LEFT JOIN run_findings rf ON rf.run_id = @runId AND rf.finding_id = f.id
       WHERE n.reply_due_on < @asOf AND n.issued_on <= @asOf AND (n.withdrawn_on IS NULL OR n.withdrawn_on > @asOf)
         AND (f.overdue_on IS NULL OR f.overdue_on > @asOf)
         AND (rf.status IN ('待处理', '已提示', '已通知')
              OR (rf.finding_id IS NULL AND @lifecycle = 1 AND f.source <> '审核' AND f.status IN ('待处理', '已提示', '已通知'))))
     WHERE k = 1 ORDER BY findingId`,
  ).all({ asOf, runId, lifecycle: lifecycle ? 1 : 0 }) as OverdueCandidate[];
}

export function setOverdue(db: Db, findingId: number, on: string | null, noticeId: number | null): void {
  prep(db, 'UPDATE findings SET overdue_on = ?, overdue_notice_id = ? WHERE id = ?').run(on, noticeId, findingId);
}

export interface EscalationEventRow {
  id: number;
  finding_id: number;
  action: string;
  on_date: string;
  at: string;
  actor: string;
  month: string | null;
  version: number | null;
  notice_id: number | null;
  note: string | null;
  run_id: number | null;
}

export function insertEscalationEvent(db: Db, e: Omit<EscalationEventRow, 'id'>): void {
  prep(
    db,
    `INSERT INTO escalation_events(finding_id, action, on_date, at, actor, month, version, notice_id, note, run_id)
     VALUES (@finding_id, @action, @on_date, @at, @actor, @month, @version, @notice_id, @note, @run_id)`,
  ).run(e);
}

export function escalationEvents(db: Db, findingId: number): EscalationEventRow[] {
  return prep(db, 'SELECT * FROM escalation_events WHERE finding_id = ? ORDER BY id').all(
    findingId,
  ) as EscalationEventRow[];
}

export interface ProposalRow {
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
  rectifiedOn: string | null;
  overdueOn: string;
  noticeId: number | null;
  noticeNumber: string | null;
  issuedOn: string | null;
  replyDueOn: string | null;
  replyOn: string | null;
  excludedReason: string | null;
  excludedBy: string | null;
  excludedAt: string | null;
  referredMonth: string | null;
  referredVersion: number | null;
  referredOn: string | null;
}

/** Findings that became 逾期未整改 in [start, end] (the month's proposals), with their notice and exclusion for `month`. */
export function proposalsBetween(db: Db, month: string, start: string, end: string): ProposalRow[] {
  return prep(
    db,
    `SELECT f.id AS findingId, f.rule_id AS ruleId, f.case_no AS caseNo, c.id AS caseId, COALESCE(c.title, '') AS title,
            f.severity, f.status, f.message,
            COALESCE(c.department, f.department, '') AS department, COALESCE(c.prosecutor, f.prosecutor, '') AS prosecutor,
            f.first_seen AS firstSeen, f.rectified_on AS rectifiedOn, f.overdue_on AS overdueOn,
            n.id AS noticeId, n.number AS noticeNumber, n.issued_on AS issuedOn, n.reply_due_on AS replyDueOn, n.reply_on AS replyOn,
            x.reason AS excludedReason, x.actor AS excludedBy, x.at AS excludedAt,
            f.referred_month AS referredMonth, f.referred_version AS referredVersion, f.referred_on AS referredOn
     FROM findings f LEFT JOIN cases c ON c.case_no = f.case_no
          LEFT JOIN notices n ON n.id = f.overdue_notice_id
          LEFT JOIN escalation_exclusions x ON x.month = @month AND x.finding_id = f.id
     WHERE f.overdue_on >= @start AND f.overdue_on <= @end
     ORDER BY department, prosecutor, f.overdue_on, f.case_no, f.id`,
  ).all({ month, start, end }) as ProposalRow[];
}

export function getExclusion(
  db: Db,
  month: string,
  findingId: number,
): { reason: string; actor: string; at: string } | undefined {
  return prep(db, 'SELECT reason, actor, at FROM escalation_exclusions WHERE month = ? AND finding_id = ?').get(
    month,
    findingId,
  ) as { reason: string; actor: string; at: string } | undefined;
}

export function putExclusion(
  db: Db,
  x: { month: string; findingId: number; reason: string; actor: string; at: string },
): void {
  prep(
    db,
    `INSERT INTO escalation_exclusions(month, finding_id, reason, actor, at) VALUES (@month, @findingId, @reason, @actor, @at)
     ON CONFLICT(month, finding_id) DO UPDATE SET reason = excluded.reason, actor = excluded.actor, at = excluded.at`,
  ).run(x);
}

export function deleteExclusion(db: Db, month: string, findingId: number): void {
  prep(db, 'DELETE FROM escalation_exclusions WHERE month = ? AND finding_id = ?').run(month, findingId);
}

export function setReferred(db: Db, findingId: number, r: { month: string; version: number; on: string } | null): void {
  prep(db, 'UPDATE findings SET referred_month = ?, referred_version = ?, referred_on = ? WHERE id = ?').run(
    r?.month ?? null,
    r?.version ?? null,
    r?.on ?? null,
    findingId,
  );
}

/** Findings referred with a package of `month` (any version), by id. */
export function referredInMonth(db: Db, month: string): { findingId: number; version: number }[] {
  return prep(
    db,
    'SELECT id AS findingId, referred_version AS version FROM findings WHERE referred_month = ? ORDER BY id',
  ).all(month) as { findingId: number; version: number }[];
}
