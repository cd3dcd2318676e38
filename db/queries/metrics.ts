/**
 * The SQL of the bulletins' figures (metrics.md). One "base" SELECT per kind of row (case, person,
 * finding, notice, reminder) computes a 0/1 column per flag of core/metrics/catalog.ts for the rows
 * of a period; the figures are `SUM(flag) GROUP BY department, prosecutor` over it (one query per
 * base), and the rows behind a figure are the same base filtered on its flags. The SQL text is
 * static; periods and scopes are bound parameters.
 *
 * AS OF P.end: every statement here runs behind asOfWith() (db/queries/asof.ts), whose CTEs shadow
 * `cases`, `persons`, `events` and `documents`: whatever the bases read of them is the office as it stood
 * on the period's last day (@end), never later facts. The `stored_*` columns the view adds are the stored
 * dates, used only where the condition is the same on both (for their indexes). Findings open at P.end
 * are those the audit as of P.end reported (run_findings of @openRun, db/queries/asof.ts auditRunAsOf);
 * without such an audit, the status from the findings' history on P.end.
 */
import type { Statement } from 'better-sqlite3';
import type { Db } from '../store';
import { asOfWith, auditRunAsOf, statusAtEndSql } from './asof';

const b = (cond: string): string => `(CASE WHEN ${cond} THEN 1 ELSE 0 END)`;
const IN_P = (col: string): string => `(${col} >= @start AND ${col} <= @end)`;

// ---- cases ------------------------------------------------------------------
const CASE_CONCLUDED = IN_P('c.concluded_on');
// `+e.kind` keeps SQLite on events_case (case_id) instead of scanning events_kind_date per case.
const CASE_PROS_CONCLUDED = `(c.category = '审查起诉' AND ${CASE_CONCLUDED})`;
const CASE_FLAGS: Record<string, string> = {
  carriedOver: b('c.received_on < @start'),
  received: b(IN_P('c.received_on')),
  concluded: b(CASE_CONCLUDED),
  pending: b('(c.concluded_on IS NULL OR c.concluded_on > @end)'),
  // 超期办结 as the audit as of P.end reported it (else as the finding stands).
  lateConcluded: b(
    `${CASE_CONCLUDED} AND EXISTS (SELECT 1 FROM findings lf LEFT JOIN run_findings lr ON lr.run_id = @openRun AND lr.finding_id = lf.id
       WHERE lf.case_no = c.case_no AND lf.rule_id LIKE 'DL-%'
         AND CASE WHEN @openRun IS NULL THEN lf.kind = '超期办结' AND lf.status <> '不予纠正'
                  ELSE lr.kind = '超期办结' AND lr.status <> '不予纠正' END)`,
  ),
  prosConcluded: b(CASE_PROS_CONCLUDED),
  returned: b(
    `${CASE_PROS_CONCLUDED} AND EXISTS (SELECT 1 FROM events e WHERE e.case_id = c.id AND +e.kind = '退回补充侦查')`,
  ),
  extended: b(
    `${CASE_PROS_CONCLUDED} AND EXISTS (SELECT 1 FROM events e WHERE e.case_id = c.id AND +e.kind = '延长审查起诉期限')`,
  ),
};
// The WHERE reads cases_concluded twice (OR by union): open cases and those concluded since P.start,
// not every case ever received (on the stored date: a case concluded after P.end is stored as concluded
// since P.start, and the view makes it open).
const CASE_BASE = `
SELECT c.id, c.case_no AS caseNo, c.title, c.category, c.department, c.prosecutor,
       c.received_on AS receivedOn, c.concluded_on AS concludedOn,
       CASE WHEN ${CASE_CONCLUDED} THEN CAST(julianday(c.concluded_on) - julianday(c.received_on) AS INTEGER) END AS days,
       ${Object.entries(CASE_FLAGS)
         .map(([k, v]) => `${v} AS ${k}`)
         .join(',\n       ')}
FROM cases c
WHERE (c.stored_concluded_on IS NULL OR c.stored_concluded_on >= @start)`;

// ---- persons ----------------------------------------------------------------
const ARREST_DEC = `(c.category = '审查逮捕' AND p.decision IN ('批准逮捕', '不批准逮捕') AND ${IN_P('p.decided_on')})`;
const PROS_DEC = `(c.category = '审查起诉' AND p.decision IN ('起诉', '不起诉') AND ${IN_P('p.decided_on')})`;
const PROSECUTED = `(${PROS_DEC} AND p.decision = '起诉')`;
const ADOPT_DEN = `(p.sentencing <> '无' AND ${IN_P('p.judged_on')} AND p.sentencing_adopted IS NOT NULL)`;
const PERSON_FLAGS: Record<string, string> = {
  arrestDecided: b(ARREST_DEC),
  arrested: b(`${ARREST_DEC} AND p.decision = '批准逮捕'`),
  notArrested: b(`${ARREST_DEC} AND p.decision = '不批准逮捕'`),
  prosDecided: b(PROS_DEC),
  prosecuted: b(PROSECUTED),
  // pretrialDetentionRate's cohort (metrics.md): decided 起诉/不起诉 in P and held at the decision, i.e. the
  // person's measure is 逮捕 (or the person is 在押) and that measure had begun by the decision date.
  detained: b(
    `${PROS_DEC} AND (p.measure = '逮捕' OR p.custody = '在押') AND (p.measure_from IS NULL OR p.measure_from <= p.decided_on)`,
  ),
  notProsecuted: b(`${PROS_DEC} AND p.decision = '不起诉'`),
  pleaYes: b(`${PROS_DEC} AND p.plea = 1`),
  sentDen: b(`${PROSECUTED} AND p.sentencing IN ('确定刑', '幅度刑')`),
  sentFixed: b(`${PROSECUTED} AND p.sentencing = '确定刑'`),
  adoptDen: b(ADOPT_DEN),
  adoptYes: b(`${ADOPT_DEN} AND p.sentencing_adopted = 1`),
  judged: b(IN_P('p.judged_on')),
  appealed: b(`${IN_P('p.judged_on')} AND p.appealed = 1`),
};
const PERSON_BASE = `
SELECT p.id, c.id AS caseId, c.case_no AS caseNo, c.title, c.category, c.department, c.prosecutor,
       p.person_no AS personNo, p.name, p.decision, p.decided_on AS decidedOn, p.judged_on AS judgedOn,
       p.plea, p.sentencing, p.sentencing_adopted AS sentencingAdopted, p.appealed AS appealedFlag,
       p.custody, p.measure, p.measure_from AS measureFrom,
       ${Object.entries(PERSON_FLAGS)
         .map(([k, v]) => `${v} AS ${k}`)
         .join(',\n       ')}
FROM persons p JOIN cases c ON c.id = p.case_id
WHERE ${IN_P('p.stored_decided_on')} OR ${IN_P('p.stored_judged_on')}`;

// ---- findings ---------------------------------------------------------------
// A finding's status at P.end as the audit as of P.end reported it (db/queries/asof.ts statusAtEndSql).
const STATUS_AT_END = statusAtEndSql('f', 'fr');
const RECTIFIED_IN_P = `(EXISTS (SELECT 1 FROM finding_events fe WHERE fe.finding_id = f.id AND fe.to_status = '已整改' AND ${IN_P('fe.on_date')})
  OR (${IN_P('f.rectified_on')} AND NOT EXISTS (SELECT 1 FROM finding_events fe WHERE fe.finding_id = f.id AND fe.to_status = '已整改')))`;
const F_NEW = IN_P('f.first_seen');
const FINDING_BASE = `
SELECT id, ruleId, caseNo, caseId, title, severity, status, kind, source, message, department, prosecutor, firstSeen, rectifiedOn, dueOn, personNo, statusAtEnd, overdueOn,
  ${b('fnew = 1')} AS findingsNew,
  ${b("fnew = 1 AND severity = '严重'")} AS findingsSerious,
  ${b('rectInP = 1')} AS findingsRectified,
  ${b("statusAtEnd IN ('待处理', '已提示', '已通知')")} AS findingsOpen,
  ${b("fnew = 1 AND statusAtEnd = '已整改'")} AS newRectified,
  ${b("fnew = 1 AND source = '检务督查'")} AS referralsIn,
  ${b("severity = '严重' AND statusAtEnd IN ('待处理', '已提示', '已通知')")} AS openSerious,
  ${b("overdueOn IS NOT NULL AND statusAtEnd IN ('待处理', '已提示', '已通知')")} AS overdueRect
FROM (
  SELECT f.id, f.rule_id AS ruleId, f.case_no AS caseNo, c.id AS caseId, COALESCE(c.title, '') AS title, f.severity, f.status,
         COALESCE(fr.kind, f.kind) AS kind, f.source, COALESCE(fr.message, f.message) AS message,
         COALESCE(c.department, f.department, '') AS department, COALESCE(c.prosecutor, f.prosecutor, '') AS prosecutor,
         f.first_seen AS firstSeen, f.rectified_on AS rectifiedOn, COALESCE(fr.due_on, f.due_on) AS dueOn, f.person_no AS personNo,
         CASE WHEN f.overdue_on <= @end THEN f.overdue_on END AS overdueOn,
         ${STATUS_AT_END} AS statusAtEnd,
         ${b(F_NEW)} AS fnew,
         ${b(RECTIFIED_IN_P)} AS rectInP
  FROM findings f LEFT JOIN cases c ON c.case_no = f.case_no
       LEFT JOIN run_findings fr ON fr.run_id = @openRun AND fr.finding_id = f.id
  WHERE f.first_seen <= @end
)`;

// ---- notices ----------------------------------------------------------------
const NOTICE_BASE = `
SELECT n.id, n.number, n.case_no AS caseNo, c.id AS caseId, COALESCE(c.title, '') AS title,
       COALESCE(n.department, c.department, '') AS department, COALESCE(n.prosecutor, c.prosecutor, '') AS prosecutor,
       n.issued_on AS issuedOn, n.reply_due_on AS replyDueOn, n.reply_on AS replyOn, n.to_chief AS toChief,
       ${b(IN_P('n.issued_on'))} AS noticesIssued,
       ${b(`${IN_P('n.issued_on')} AND n.to_chief = 1`)} AS noticesToChief,
       ${b('n.reply_due_on < @end AND (n.reply_on IS NULL OR n.reply_on > @end)')} AS repliesOverdue
FROM notices n LEFT JOIN cases c ON c.case_no = n.case_no
WHERE n.issued_on <= @end AND (n.withdrawn_on IS NULL OR n.withdrawn_on > @end)`; // withdrawn by P.end: counts nowhere

// ---- reminders --------------------------------------------------------------
const REMINDER_BASE = `
SELECT fe.id, f.id AS findingId, f.rule_id AS ruleId, f.case_no AS caseNo, c.id AS caseId, COALESCE(c.title, '') AS title,
       COALESCE(c.department, f.department, '') AS department, COALESCE(c.prosecutor, f.prosecutor, '') AS prosecutor,
       fe.on_date AS onDate, fe.actor, fe.note, 1 AS remindersGiven
FROM finding_events fe JOIN findings f ON f.id = fe.finding_id LEFT JOIN cases c ON c.case_no = f.case_no
WHERE fe.action = 'remind' AND ${IN_P('fe.on_date')}`;

export const BASES = {
  case: { sql: CASE_BASE, flags: Object.keys(CASE_FLAGS), extra: ['SUM(COALESCE(days, 0)) AS daysSum'] },
  person: { sql: PERSON_BASE, flags: Object.keys(PERSON_FLAGS), extra: [] as string[] },
  finding: {
    sql: FINDING_BASE,
    flags: [
      'findingsNew',
      'findingsSerious',
      'findingsRectified',
      'findingsOpen',
      'newRectified',
      'referralsIn',
      'openSerious',
      'overdueRect',
    ],
    extra: [] as string[],
  },
  notice: { sql: NOTICE_BASE, flags: ['noticesIssued', 'noticesToChief', 'repliesOverdue'], extra: [] as string[] },
  reminder: { sql: REMINDER_BASE, flags: ['remindersGiven'], extra: [] as string[] },
} as const;
export type BaseName = keyof typeof BASES;

export interface PeriodParams {
  start: string;
  end: string;
}

/** A period's bound parameters: its bounds, and the audit run as of its end (findings open at P.end). */
function params(db: Db, p: PeriodParams): { start: string; end: string; openRun: number | null } {
  return { start: p.start, end: p.end, openRun: auditRunAsOf(db, p.end) };
}
export type GroupRow = { department: string; prosecutor: string } & Record<string, number>;

const cache = new WeakMap<Db, Map<string, Statement<unknown[]>>>();
function prep(db: Db, sql: string): Statement<unknown[]> {
  let m = cache.get(db);
  if (!m) cache.set(db, (m = new Map()));
  let s = m.get(sql);
  if (!s) m.set(sql, (s = db.prepare<unknown[]>(sql)));
  return s;
}

/** Rows of one prosecutor only (the dossier): the filter sits outside the base, and SQLite pushes it down to the case's prosecutor. */
export interface RowScope {
  prosecutor?: string;
}

const scopeWhere = (scope: RowScope | undefined): string =>
  scope?.prosecutor != null ? ' WHERE prosecutor = @prosecutor' : '';
const bind = (db: Db, p: PeriodParams, scope: RowScope | undefined): Record<string, string | number | null> => ({
  ...params(db, p),
  ...(scope?.prosecutor != null ? { prosecutor: scope.prosecutor } : {}),
});

/**
 * SUM of every flag of a base, grouped by department and prosecutor (and, for findings, by rule and
 * severity when `byRule`): one query. With a scope, of that prosecutor's rows only.
 */
export function groupedCounters(db: Db, base: BaseName, p: PeriodParams, byRule = false, scope?: RowScope): GroupRow[] {
  const def = BASES[base];
  const extraGroup = byRule && base === 'finding' ? ', ruleId, severity' : '';
  const sql = `${asOfWith(db)} SELECT COALESCE(department, '') AS department, COALESCE(prosecutor, '') AS prosecutor${extraGroup},
    ${[...def.flags.map((f) => `SUM(${f}) AS ${f}`), ...def.extra].join(', ')}
    FROM (SELECT * FROM (${def.sql})${scopeWhere(scope)}) GROUP BY department, prosecutor${extraGroup}`;
  return prep(db, sql).all(bind(db, p, scope)) as GroupRow[];
}

/**
 * The rows of a base that have at least one of `flags` set (every flag when `flags` is empty); with a scope, one
 * prosecutor's. As arrays with the column names once: a year's 100k cases read as objects cost twice as much.
 */
export function baseRows(
  db: Db,
  base: BaseName,
  p: PeriodParams,
  flags: readonly string[] = [],
  scope?: RowScope,
): { columns: string[]; rows: unknown[][] } {
  const def = BASES[base];
  const want = flags.filter((f) => (def.flags as readonly string[]).includes(f));
  const where = (want.length ? want : def.flags).map((f) => `${f} = 1`).join(' OR ');
  const sql = `${asOfWith(db)} SELECT * FROM (SELECT * FROM (${def.sql})${scopeWhere(scope)}) WHERE ${where} ORDER BY department, prosecutor, caseNo, id`;
  const st = prep(db, `${sql} -- raw`).raw(true);
  return { columns: st.columns().map((c) => c.name), rows: st.all(bind(db, p, scope)) as unknown[][] };
}

/** Suspects' names per case id, for masking case titles and messages (one query). */
export function personNamesByCase(db: Db, caseIds: number[]): Map<number, string[]> {
  const out = new Map<number, string[]>();
  if (caseIds.length === 0) return out;
  const rows = prep(
    db,
    `SELECT case_id AS caseId, name FROM persons WHERE case_id IN (SELECT value FROM json_each(?))`,
  ).all(JSON.stringify([...new Set(caseIds)])) as { caseId: number; name: string }[];
  for (const r of rows) {
    const l = out.get(r.caseId);
    if (l) l.push(r.name);
    else out.set(r.caseId, [r.name]);
  }
  return out;
}

/** Quota prosecutors of the roster (员额检察官), with their department: each gets a row even with no cases. */
export function quotaProsecutors(db: Db): { name: string; department: string }[] {
  return prep(
    db,
    `SELECT name, department FROM staff WHERE role = '员额检察官' AND active = 1 ORDER BY department, name`,
  ).all() as { name: string; department: string }[];
}

/** New findings and findings rectified per month (YYYY-MM) from `from` to `to` (the trend chart): two grouped queries. */
export function monthlyFindingTrend(
  db: Db,
  from: string,
  to: string,
): { month: string; newCount: number; rectified: number }[] {
  const news = prep(
    db,
    `SELECT substr(first_seen, 1, 7) AS month, COUNT(*) AS n FROM findings WHERE first_seen >= ? AND first_seen <= ? GROUP BY 1`,
  ).all(from, to) as { month: string; n: number }[];
  const rect = prep(
    db,
    `SELECT month, COUNT(*) AS n FROM (
      SELECT DISTINCT fe.finding_id, substr(fe.on_date, 1, 7) AS month FROM finding_events fe WHERE fe.to_status = '已整改' AND fe.on_date >= @from AND fe.on_date <= @to
      UNION
      SELECT f.id, substr(f.rectified_on, 1, 7) FROM findings f WHERE f.rectified_on >= @from AND f.rectified_on <= @to
        AND NOT EXISTS (SELECT 1 FROM finding_events fe WHERE fe.finding_id = f.id AND fe.to_status = '已整改')
    ) GROUP BY month`,
  ).all({ from, to }) as { month: string; n: number }[];
  const map = new Map<string, { month: string; newCount: number; rectified: number }>();
  for (const r of news) map.set(r.month, { month: r.month, newCount: r.n, rectified: 0 });
  for (const r of rect) {
    const e = map.get(r.month) ?? { month: r.month, newCount: 0, rectified: 0 };
    e.rectified = r.n;
    map.set(r.month, e);
  }
  return [...map.values()];
}

export function caseCount(db: Db): number {
  return (prep(db, 'SELECT COUNT(*) AS n FROM cases').get() as { n: number }).n;
}
