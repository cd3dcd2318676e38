/**
 * Deadlines of the daily audits (migration deadlines): the calendar's days and lists, and the weekly notice's
 * "next seven days". The audit keeps them for the runs whose warnings it keeps, for five weeks
 * (db/queries/findings.ts pruneAuditRunRows); a run without them (audited before migration deadlines, or pruned)
 * is read through its warnings (临期预警) instead, which are the deadlines within each rule's window.
 */
import type { Db } from '../store';

export interface DeadlineWrite {
  ruleId: string;
  caseNo: string;
  personNo: string | null;
  subjectKey: string;
  dueOn: string;
  daysLeft: number;
  inWindow: boolean;
  department: string;
  prosecutor: string;
  message: string;
}

/** Prepared writers of one audit run. */
export function deadlineWriters(db: Db) {
  const ins = db.prepare(
    `INSERT INTO deadlines(run_id, rule_id, case_no, person_no, subject_key, due_on, days_left, in_window, department, prosecutor, message)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  return {
    insert(runId: number, d: DeadlineWrite): void {
      ins.run(
        runId,
        d.ruleId,
        d.caseNo,
        d.personNo,
        d.subjectKey,
        d.dueOn,
        d.daysLeft,
        d.inWindow ? 1 : 0,
        d.department,
        d.prosecutor,
        d.message,
      );
    },
  };
}

export interface AuditRunRef {
  id: number;
  asOf: string;
  /** True when the run recorded its deadlines (else its warnings stand in). */
  hasDeadlines: boolean;
}

/** The latest succeeded audit run as of `asOfMax` or before (every run when null). */
export function latestAuditRunAsOf(db: Db, asOfMax: string | null): AuditRunRef | null {
  const r = db
    .prepare(
      `SELECT id, as_of AS asOf FROM job_runs WHERE job = 'audit' AND status IN ('succeeded', 'succeeded with errors')
         AND (? IS NULL OR as_of <= ?) ORDER BY as_of DESC, id DESC LIMIT 1`,
    )
    .get(asOfMax, asOfMax) as { id: number; asOf: string } | undefined;
  if (!r) return null;
  const has = !!db.prepare('SELECT 1 FROM deadlines WHERE run_id = ? LIMIT 1').get(r.id);
  return { ...r, hasDeadlines: has };
}

export interface DeadlineFilter {
  department?: string;
  prosecutor?: string;
}

export interface DeadlineRow {
  ruleId: string;
  caseNo: string;
  personNo: string | null;
  dueOn: string;
  daysLeft: number;
  inWindow: boolean;
  department: string;
  prosecutor: string;
  title: string;
  caseId: number | null;
  personName: string | null;
  message: string;
}

/** Deadlines of a run due in [from, to], soonest first, with the case's title and the suspect's name. */
export function deadlinesOfRun(
  db: Db,
  run: AuditRunRef,
  from: string,
  to: string,
  f: DeadlineFilter = {},
): DeadlineRow[] {
  const table = run.hasDeadlines ? 'deadlines' : 'warnings';
  const inWindow = run.hasDeadlines ? 'd.in_window' : '1';
  return (
    db
      .prepare(
        `SELECT d.rule_id AS ruleId, d.case_no AS caseNo, d.person_no AS personNo, d.due_on AS dueOn, d.days_left AS daysLeft,
                ${inWindow} AS inWindow, COALESCE(c.department, d.department, '') AS department,
                COALESCE(c.prosecutor, d.prosecutor, '') AS prosecutor, COALESCE(c.title, '') AS title, c.id AS caseId,
                (SELECT p.name FROM persons p WHERE p.case_id = c.id AND p.person_no = d.person_no) AS personName, d.message
         FROM ${table} d LEFT JOIN cases c ON c.case_no = d.case_no
         WHERE d.run_id = ? AND d.due_on >= ? AND d.due_on <= ?
           AND (? IS NULL OR COALESCE(c.department, d.department) = ?) AND (? IS NULL OR COALESCE(c.prosecutor, d.prosecutor) = ?)
         ORDER BY d.due_on, d.case_no, d.person_no, d.rule_id`,
      )
      .all(
        run.id,
        from,
        to,
        f.department ?? null,
        f.department ?? null,
        f.prosecutor ?? null,
        f.prosecutor ?? null,
      ) as (Omit<DeadlineRow, 'inWindow'> & { inWindow: number })[]
  ).map((r) => ({ ...r, inWindow: !!r.inWindow }));
}

export interface OverdueRow {
  id: number;
  ruleId: string;
  caseNo: string;
  personNo: string | null;
  dueOn: string;
  daysLeft: number | null;
  status: string;
  department: string;
  prosecutor: string;
  title: string;
  personName: string | null;
  message: string;
}

/** Open findings whose deadline falls in [from, to] (超期: what the calendar shows on past days). */
export function openFindingsDueBetween(db: Db, from: string, to: string, f: DeadlineFilter = {}): OverdueRow[] {
  return db
    .prepare(
      `SELECT f.id, f.rule_id AS ruleId, f.case_no AS caseNo, NULLIF(f.person_no, '') AS personNo, f.due_on AS dueOn,
              f.days_left AS daysLeft, f.status, COALESCE(f.department, '') AS department, COALESCE(f.prosecutor, '') AS prosecutor,
              COALESCE(c.title, '') AS title,
              (SELECT p.name FROM persons p WHERE p.case_id = f.case_id AND p.person_no = f.person_no) AS personName, f.message
       FROM findings f LEFT JOIN cases c ON c.id = f.case_id
       WHERE f.status IN ('待处理', '已提示', '已通知') AND f.due_on >= ? AND f.due_on <= ?
         AND (? IS NULL OR f.department = ?) AND (? IS NULL OR f.prosecutor = ?)
       ORDER BY f.due_on, f.case_no, f.person_no, f.rule_id`,
    )
    .all(
      from,
      to,
      f.department ?? null,
      f.department ?? null,
      f.prosecutor ?? null,
      f.prosecutor ?? null,
    ) as OverdueRow[];
}
