/** Findings, their history, and the audit's warnings. */
import type { Db } from '../store';
import { hasSearchIndex, suspectCaseCondition } from './search';

export interface FindingRow {
  id: number;
  rule_id: string;
  case_no: string;
  person_no: string;
  subject_key: string;
  case_id: number | null;
  source: string;
  severity: string;
  status: string;
  kind: string | null;
  due_on: string | null;
  days_left: number | null;
  message: string;
  department: string | null;
  prosecutor: string | null;
  first_seen: string;
  last_seen: string;
  rectified_on: string | null;
  status_on: string;
  fingerprint: string | null;
  closed_fingerprint: string | null;
  closed_by: string | null;
  notice_id: number | null;
  waive_reason: string | null;
  /** 逾期未整改 from the audit as of this date (013-escalation) */
  overdue_on: string | null;
  overdue_notice_id: number | null;
  /** 已移送督查 with the referral package of this month / version / date */
  referred_month: string | null;
  referred_version: number | null;
  referred_on: string | null;
  /** The suspect's name (queryFindings and getFindingRow read it from persons; masked before it is shown). */
  person_name?: string | null;
}

export interface FindingEventRow {
  id: number;
  finding_id: number;
  action: string;
  on_date: string;
  at: string;
  actor: string;
  from_status: string | null;
  to_status: string;
  note: string | null;
  run_id: number | null;
}

export interface WarningRow {
  id: number;
  run_id: number;
  rule_id: string;
  case_no: string;
  person_no: string | null;
  subject_key: string;
  due_on: string;
  days_left: number;
  department: string | null;
  prosecutor: string | null;
  message: string;
  person_name?: string | null;
}

export type AuditFindingState = Pick<
  FindingRow,
  | 'id'
  | 'rule_id'
  | 'case_no'
  | 'person_no'
  | 'subject_key'
  | 'status'
  | 'fingerprint'
  | 'closed_fingerprint'
  | 'closed_by'
  | 'first_seen'
  | 'last_seen'
  | 'rectified_on'
  | 'status_on'
  // What a finding found again may change (auditWriters().refresh writes only what did).
  | 'case_id'
  | 'severity'
  | 'kind'
  | 'due_on'
  | 'days_left'
  | 'message'
  | 'department'
  | 'prosecutor'
>;

/** Every finding the audit manages (source 审核), in one scan. */
export function auditFindingStates(db: Db): AuditFindingState[] {
  return db
    .prepare(
      `SELECT id, rule_id, case_no, person_no, subject_key, status, fingerprint, closed_fingerprint, closed_by,
              first_seen, last_seen, rectified_on, status_on,
              case_id, severity, kind, due_on, days_left, message, department, prosecutor
       FROM findings WHERE source = '审核'`,
    )
    .all() as AuditFindingState[];
}

/**
 * The latest date audited so far (the audit that moves the findings' lifecycle is the one with the latest
 * date): that of the latest succeeded audit run, or the latest day an audit finding was seen, whichever is
 * later (findings carried over from elsewhere keep their dates).
 */
export function latestAuditAsOf(db: Db): string | null {
  return (
    (db
      .prepare(
        `SELECT max(d) FROM (
           SELECT max(as_of) AS d FROM job_runs WHERE job = 'audit' AND status IN ('succeeded', 'succeeded with errors')
           UNION ALL SELECT max(last_seen) FROM findings WHERE source = '审核')`,
      )
      .pluck()
      .get() as string | null) ?? null
  );
}

/** Succeeded audit runs as of a date after `asOf`, earliest first, with the rules that failed in each. */
export function auditRunsAfter(db: Db, asOf: string): { id: number; asOf: string; failedRules: string[] }[] {
  const rows = db
    .prepare(
      `SELECT id, as_of, failed_rules_json FROM job_runs
       WHERE job = 'audit' AND status IN ('succeeded', 'succeeded with errors') AND as_of > ? ORDER BY as_of, id`,
    )
    .all(asOf) as { id: number; as_of: string; failed_rules_json: string }[];
  return rows.map((r) => {
    let failed: string[] = [];
    try {
      failed = (JSON.parse(r.failed_rules_json) as { ruleId: string }[]).map((f) => f.ruleId);
    } catch {
      /* none */
    }
    return { id: r.id, asOf: r.as_of, failedRules: failed };
  });
}

/**
 * Each finding's last history entry dated on or before `asOf` (by date, then entry order): what its status
 * was on that day. One pass over the history.
 */
export function lastEventsAsOf(db: Db, asOf: string): Map<number, { action: string; to: string }> {
  const rows = db
    .prepare(
      `SELECT finding_id, action, to_status FROM (
         SELECT finding_id, action, to_status,
                row_number() OVER (PARTITION BY finding_id ORDER BY on_date DESC, id DESC) AS rn
         FROM finding_events WHERE on_date <= ?)
       WHERE rn = 1`,
    )
    .raw(true)
    .all(asOf) as [number, string, string][];
  return new Map(rows.map(([id, action, to]) => [id, { action, to }]));
}

export interface RunFindingValues {
  findingId: number;
  status: string;
  kind: string;
  dueOn: string | null;
  daysLeft: number | null;
  message: string;
  department: string;
  prosecutor: string;
}

/**
 * The per-run rows (run_findings and warnings) worth keeping: those of the run that defines the current
 * warnings (the latest date), and of the latest run of each day that ends a week or a month (a bulletin's
 * findingsOpen is "as the audit as of P.end reports them"). Older runs of the same day as `runId`, and runs of
 * other days, lose their rows; the job_runs rows themselves stay.
 */
export function pruneAuditRunRows(db: Db, runId: number): void {
  const keep = `
    SELECT id FROM job_runs r WHERE r.job = 'audit' AND r.id <> @runId
      AND r.id <> COALESCE((SELECT id FROM job_runs WHERE job = 'audit' AND (id = @runId OR status IN ('succeeded', 'succeeded with errors'))
                            ORDER BY as_of DESC, id DESC LIMIT 1), -1)
      AND (r.as_of = (SELECT as_of FROM job_runs WHERE id = @runId)
           OR NOT (strftime('%w', r.as_of) = '0' OR strftime('%d', date(r.as_of, '+1 day')) = '01'))`;
  db.prepare(`DELETE FROM run_findings WHERE run_id IN (${keep})`).run({ runId });
  db.prepare(`DELETE FROM warnings WHERE run_id IN (${keep})`).run({ runId });
  // Deadlines (期限日历, the weekly notice's next seven days) of the same runs, and of runs more than five weeks
  // older than this one (a week's notice run later than that reads the run's warnings instead).
  db.prepare(
    `DELETE FROM deadlines WHERE run_id IN (${keep})
       OR run_id IN (SELECT id FROM job_runs WHERE job = 'audit' AND id <> @runId
                       AND as_of < date((SELECT as_of FROM job_runs WHERE id = @runId), '-35 days'))`,
  ).run({ runId });
}

export interface DetectedValues {
  caseId: number;
  severity: string;
  kind: string;
  dueOn: string | null;
  daysLeft: number | null;
  message: string;
  department: string;
  prosecutor: string;
  asOf: string;
  fingerprint: string;
}

/** Prepared statements of one audit run (prepare once, run per finding). */
export function auditWriters(db: Db) {
  const insert = db.prepare(
    `INSERT INTO findings(rule_id, case_no, person_no, subject_key, case_id, source, severity, status, kind, due_on, days_left, message,
                          department, prosecutor, first_seen, last_seen, status_on, fingerprint)
     VALUES (?, ?, ?, ?, ?, '审核', ?, '待处理', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const refresh = db.prepare(
    `UPDATE findings SET case_id = ?, severity = ?, kind = ?, due_on = ?, days_left = ?, message = ?, department = ?, prosecutor = ?,
                         last_seen = ?, fingerprint = ? WHERE id = ?`,
  );
  const seenAgain = db.prepare('UPDATE findings SET days_left = ?, last_seen = ? WHERE id = ?');
  const reopen = db.prepare(
    `UPDATE findings SET status = '待处理', status_on = ?, rectified_on = NULL, closed_fingerprint = NULL, closed_by = NULL WHERE id = ?`,
  );
  const rectify = db.prepare(
    `UPDATE findings SET status = '已整改', status_on = ?, rectified_on = ?, closed_by = 'audit', closed_fingerprint = NULL WHERE id = ?`,
  );
  const event = db.prepare(
    `INSERT INTO finding_events(finding_id, action, on_date, at, actor, from_status, to_status, note, run_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const warning = db.prepare(
    `INSERT INTO warnings(run_id, rule_id, case_no, person_no, subject_key, due_on, days_left, department, prosecutor, message) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const moveFirstSeen = db.prepare('UPDATE findings SET first_seen = ? WHERE id = ?');
  const moveDetectEvent = db.prepare(
    `UPDATE finding_events SET on_date = @on, note = trim(COALESCE(note, '') || ' ' || @note)
     WHERE id = (SELECT id FROM finding_events WHERE finding_id = @id AND action = 'detect' ORDER BY id LIMIT 1)`,
  );
  const moveLastSeen = db.prepare('UPDATE findings SET last_seen = ? WHERE id = ? AND last_seen < ?');
  const moveRectification = db.prepare(
    `UPDATE findings SET rectified_on = @on, status_on = CASE WHEN status_on = @old THEN @on ELSE status_on END WHERE id = @id`,
  );
  const moveRectifyEvent = db.prepare(
    `UPDATE finding_events SET on_date = @on, note = trim(COALESCE(note, '') || ' ' || @note)
     WHERE id = (SELECT id FROM finding_events WHERE finding_id = @id AND action = 'auto-rectify' AND on_date = @old ORDER BY id DESC LIMIT 1)`,
  );
  const runFinding = db.prepare(
    `INSERT OR REPLACE INTO run_findings(run_id, finding_id, status, kind, due_on, days_left, message, department, prosecutor)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  // One statement instead of one per finding: ~4× cheaper at 8,000 findings (measured), the texts never leave SQLite.
  const runFindingsAsWritten = db.prepare(
    `INSERT OR REPLACE INTO run_findings(run_id, finding_id, status, kind, due_on, days_left, message, department, prosecutor)
     SELECT @run, f.id, j.value ->> 1, f.kind, f.due_on, f.days_left, f.message, f.department, f.prosecutor
     FROM json_each(@found) j JOIN findings f ON f.id = j.value ->> 0`,
  );
  return {
    insert(ruleId: string, caseNo: string, personNo: string, subjectKey: string, v: DetectedValues): number {
      return Number(
        insert.run(
          ruleId,
          caseNo,
          personNo,
          subjectKey,
          v.caseId,
          v.severity,
          v.kind,
          v.dueOn,
          v.daysLeft,
          v.message,
          v.department,
          v.prosecutor,
          v.asOf,
          v.asOf,
          v.asOf,
          v.fingerprint,
        ).lastInsertRowid,
      );
    },
    /**
     * A finding found again, `cur` as the audit read it: only what changed is written. Most findings found again
     * change no more than their last-seen date and days left (a re-run of the same day, nothing), and the full
     * update costs ~6× the short one (the message's text, the prosecutor's index entry).
     */
    refresh(cur: AuditFindingState, v: DetectedValues): void {
      const sameFacts =
        cur.case_id === v.caseId &&
        cur.severity === v.severity &&
        cur.kind === v.kind &&
        cur.due_on === v.dueOn &&
        cur.message === v.message &&
        cur.department === v.department &&
        cur.prosecutor === v.prosecutor &&
        cur.fingerprint === v.fingerprint;
      if (sameFacts) {
        if (cur.days_left !== v.daysLeft || cur.last_seen !== v.asOf) seenAgain.run(v.daysLeft, v.asOf, cur.id);
        return;
      }
      const id = cur.id;
      refresh.run(
        v.caseId,
        v.severity,
        v.kind,
        v.dueOn,
        v.daysLeft,
        v.message,
        v.department,
        v.prosecutor,
        v.asOf,
        v.fingerprint,
        id,
      );
    },
    reopen(id: number, on: string): void {
      reopen.run(on, id);
    },
    rectify(id: number, on: string): void {
      rectify.run(on, on, id);
    },
    event(e: {
      findingId: number;
      action: string;
      onDate: string;
      at: string;
      actor: string;
      from: string | null;
      to: string;
      note?: string | null;
      runId?: number | null;
    }): void {
      event.run(e.findingId, e.action, e.onDate, e.at, e.actor, e.from, e.to, e.note ?? null, e.runId ?? null);
    },
    warning(
      runId: number,
      w: {
        ruleId: string;
        caseNo: string;
        personNo: string | null;
        subjectKey: string;
        dueOn: string;
        daysLeft: number;
        department: string;
        prosecutor: string;
        message: string;
      },
    ): void {
      warning.run(
        runId,
        w.ruleId,
        w.caseNo,
        w.personNo,
        w.subjectKey,
        w.dueOn,
        w.daysLeft,
        w.department,
        w.prosecutor,
        w.message,
      );
    },
    /** An audit for an earlier date found it: first seen moves back to that date, and so does its 'detect' entry. */
    moveFirstSeen(id: number, on: string, note: string): void {
      moveFirstSeen.run(on, id);
      moveDetectEvent.run({ id, on, note });
    },
    /** last_seen = max(last_seen, on). */
    moveLastSeen(id: number, on: string): void {
      moveLastSeen.run(on, id, on);
    },
    /** An audit for an earlier date no longer found it: the audit's rectification moves back to that date. */
    moveRectification(id: number, old: string, on: string, note: string): void {
      moveRectification.run({ id, old, on });
      moveRectifyEvent.run({ id, old, on, note });
    },
    runFinding(runId: number, v: RunFindingValues): void {
      runFinding.run(runId, v.findingId, v.status, v.kind, v.dueOn, v.daysLeft, v.message, v.department, v.prosecutor);
    },
    /**
     * The run's rows of findings whose row holds exactly what the run reports (an audit that moves the lifecycle has
     * just written it there), copied from the findings in one statement: `[findingId, status]` each.
     */
    runFindingsAsWritten(runId: number, found: [number, string][]): void {
      runFindingsAsWritten.run({ run: runId, found: JSON.stringify(found) });
    },
  };
}

export function getFindingRow(db: Db, id: number): FindingRow | undefined {
  return db
    .prepare(
      `SELECT *, (SELECT p.name FROM persons p WHERE p.case_id = findings.case_id AND p.person_no = findings.person_no) AS person_name
       FROM findings WHERE id = ?`,
    )
    .get(id) as FindingRow | undefined;
}

export function findingEvents(db: Db, id: number): FindingEventRow[] {
  return db.prepare('SELECT * FROM finding_events WHERE finding_id = ? ORDER BY id').all(id) as FindingEventRow[];
}

export function updateFindingStatus(
  db: Db,
  id: number,
  f: {
    status: string;
    statusOn: string;
    rectifiedOn: string | null;
    closedBy: string | null;
    closedFingerprint: string | null;
    noticeId?: number | null;
    waiveReason?: string | null;
  },
): void {
  db.prepare(
    `UPDATE findings SET status = ?, status_on = ?, rectified_on = ?, closed_by = ?, closed_fingerprint = ?,
            notice_id = COALESCE(?, notice_id), waive_reason = ? WHERE id = ?`,
  ).run(
    f.status,
    f.statusOn,
    f.rectifiedOn,
    f.closedBy,
    f.closedFingerprint,
    f.noticeId ?? null,
    f.waiveReason ?? null,
    id,
  );
}

export function insertFindingEvent(
  db: Db,
  e: {
    findingId: number;
    action: string;
    onDate: string;
    at: string;
    actor: string;
    from: string | null;
    to: string;
    note?: string | null;
    runId?: number | null;
  },
): void {
  db.prepare(
    `INSERT INTO finding_events(finding_id, action, on_date, at, actor, from_status, to_status, note, run_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(e.findingId, e.action, e.onDate, e.at, e.actor, e.from, e.to, e.note ?? null, e.runId ?? null);
}

export interface FindingQuery {
  statuses?: string[];
  ruleIds?: string[];
  department?: string;
  prosecutor?: string;
  caseNo?: string;
  /** true: only findings that are 逾期未整改 and still open (jobs.md *Escalation*) */
  overdueRectification?: boolean;
  /** Any of these departments (a clerk's own, for 我的… views). */
  departments?: string[];
  /** Text search: 部门受案号, 问题, 承办检察官/部门, rule ids in `textRuleIds`, and suspects' names (search index). */
  text?: string;
  /** Rule ids whose title matched the text search (titles live in code, not in the store). */
  textRuleIds?: string[];
  /** First seen on or after this date (本周新发现). */
  firstSeenFrom?: string;
  /** Past its deadline as of this date (daysLeft < 0 when measured on it). */
  overdueOn?: string;
  /** Raised in a notice whose reply is overdue on this date and not yet received (逾期未回复). */
  replyOverdueOn?: string;
  limit?: number;
  offset?: number;
}

/** Ordered by due date (soonest first, none last), then case number, then id. */
export function queryFindings(db: Db, f: FindingQuery): { rows: FindingRow[]; total: number } {
  const where: string[] = [];
  const params: unknown[] = [];
  if (f.statuses?.length) {
    where.push(`status IN (${f.statuses.map(() => '?').join(', ')})`);
    params.push(...f.statuses);
  }
  if (f.ruleIds) {
    if (!f.ruleIds.length) return { rows: [], total: 0 };
    where.push(`rule_id IN (${f.ruleIds.map(() => '?').join(', ')})`);
    params.push(...f.ruleIds);
  }
  if (f.department) {
    where.push('department = ?');
    params.push(f.department);
  }
  if (f.prosecutor) {
    where.push('prosecutor = ?');
    params.push(f.prosecutor);
  }
  if (f.caseNo) {
    where.push('case_no = ?');
    params.push(f.caseNo);
  }
  if (f.overdueRectification) where.push("overdue_on IS NOT NULL AND status IN ('待处理', '已提示', '已通知')");
  if (f.departments) {
    if (!f.departments.length) return { rows: [], total: 0 };
    where.push(`department IN (${f.departments.map(() => '?').join(', ')})`);
    params.push(...f.departments);
  }
  if (f.firstSeenFrom) {
    where.push('first_seen >= ?');
    params.push(f.firstSeenFrom);
  }
  if (f.overdueOn) {
    where.push('due_on < ?');
    params.push(f.overdueOn);
  }
  if (f.replyOverdueOn) {
    where.push('notice_id IN (SELECT id FROM notices WHERE reply_on IS NULL AND reply_due_on < ?)');
    params.push(f.replyOverdueOn);
  }
  const text = f.text?.trim();
  if (text) {
    const like = `%${text.replace(/[\\%_]/g, (m) => '\\' + m)}%`;
    const ors = [
      "case_no LIKE ? ESCAPE '\\'",
      "message LIKE ? ESCAPE '\\'",
      "prosecutor LIKE ? ESCAPE '\\'",
      "department LIKE ? ESCAPE '\\'",
    ];
    params.push(like, like, like, like);
    if (f.textRuleIds?.length) {
      ors.push(`rule_id IN (${f.textRuleIds.map(() => '?').join(', ')})`);
      params.push(...f.textRuleIds);
    }
    if (hasSearchIndex(db)) {
      const s = suspectCaseCondition('case_id', text);
      ors.push(s.sql);
      params.push(...s.params);
    }
    where.push(`(${ors.join(' OR ')})`);
  }
  const w = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const total = (db.prepare(`SELECT count(*) AS n FROM findings ${w}`).get(...params) as { n: number }).n;
  const rows = db
    .prepare(
      `SELECT *, (SELECT p.name FROM persons p WHERE p.case_id = findings.case_id AND p.person_no = findings.person_no) AS person_name
       FROM findings ${w} ORDER BY due_on IS NULL, due_on, case_no, person_no, rule_id, id LIMIT ? OFFSET ?`,
    )
    .all(...params, f.limit ?? -1, f.offset ?? 0) as FindingRow[];
  return { rows, total };
}

/**
 * The audit run of the latest date that succeeded (its warnings are the current ones): by as-of date, not by
 * when it ran, so an audit for an earlier date (a month's inspection run after today's audit) does not
 * replace today's warnings.
 */
export function latestAuditRun(db: Db): { id: number; as_of: string } | undefined {
  return db
    .prepare(
      `SELECT id, as_of FROM job_runs WHERE job = 'audit' AND status IN ('succeeded', 'succeeded with errors') ORDER BY as_of DESC, id DESC LIMIT 1`,
    )
    .get() as { id: number; as_of: string } | undefined;
}

/** The findings one audit run reported, with their status and deadline as of its date; ordered as queryFindings. */
export function findingsOfRun(db: Db, runId: number, statuses?: readonly string[]): FindingRow[] {
  const rows = db
    .prepare(
      `SELECT f.id, f.rule_id, f.case_no, f.person_no, f.subject_key, f.case_id, f.source, f.severity, rf.status, rf.kind,
              rf.due_on, rf.days_left, rf.message, rf.department, rf.prosecutor, f.first_seen, f.last_seen, f.rectified_on,
              f.status_on, f.fingerprint, f.closed_fingerprint, f.closed_by, f.notice_id, f.waive_reason
       FROM run_findings rf JOIN findings f ON f.id = rf.finding_id
       WHERE rf.run_id = ?
       ORDER BY rf.due_on IS NULL, rf.due_on, f.case_no, f.person_no, f.rule_id, f.id`,
    )
    .all(runId) as FindingRow[];
  return statuses ? rows.filter((r) => statuses.includes(r.status)) : rows;
}

export function warningsOfRun(db: Db, runId: number): WarningRow[] {
  return db
    .prepare(
      `SELECT w.*, (SELECT p.name FROM persons p JOIN cases c ON c.id = p.case_id WHERE c.case_no = w.case_no AND p.person_no = w.person_no) AS person_name
       FROM warnings w WHERE w.run_id = ? ORDER BY w.due_on, w.case_no, w.person_no, w.rule_id, w.id`,
    )
    .all(runId) as WarningRow[];
}

/**
 * Closes the open findings of a rule that was disabled or deleted (custom-rules.md "Lifecycle"): 不予纠正
 * with the reason, closed_by 'rule' (the audit reopens them if the rule is enabled again and finds them),
 * and a history event per finding by the acting user. Returns the ids closed.
 */
export function waiveOpenFindingsOfRule(
  db: Db,
  ruleId: string,
  e: { onDate: string; at: string; actor: string; reason: string },
): number[] {
  const open = db
    .prepare(
      `SELECT id, status FROM findings WHERE rule_id = ? AND source = '审核' AND status IN ('待处理', '已提示', '已通知')`,
    )
    .all(ruleId) as { id: number; status: string }[];
  const close = db.prepare(
    `UPDATE findings SET status = '不予纠正', status_on = ?, rectified_on = NULL, closed_by = 'rule',
            closed_fingerprint = fingerprint, waive_reason = ? WHERE id = ?`,
  );
  const event = db.prepare(
    `INSERT INTO finding_events(finding_id, action, on_date, at, actor, from_status, to_status, note) VALUES (?, 'waive', ?, ?, ?, ?, '不予纠正', ?)`,
  );
  for (const f of open) {
    close.run(e.onDate, e.reason, f.id);
    event.run(f.id, e.onDate, e.at, e.actor, f.status, `理由：${e.reason}`);
  }
  return open.map((f) => f.id);
}

/** A finding leaves a withdrawn notice: its status back to `status` (as of `statusOn`), no notice. */
export function clearFindingNotice(db: Db, id: number, status: string, statusOn: string): void {
  db.prepare('UPDATE findings SET status = ?, status_on = ?, notice_id = NULL WHERE id = ?').run(status, statusOn, id);
}

export function setFindingNotice(db: Db, id: number, noticeId: number): void {
  db.prepare('UPDATE findings SET notice_id = ? WHERE id = ?').run(noticeId, id);
}
