/**
 * THE AS-OF VIEW (rules.md "The audit as of a date"): the office as it stood on a day D, whatever later
 * imports brought into the store. One definition (the tables below), two forms made from it:
 *
 *   - cutBundleAsOf(): the case bundles the rules see (db/queries/audit.ts loadCaseBundles applies it to every
 *     bundle it streams, so every built-in and custom rule reads the view and none re-implements it);
 *   - asOfWith(): SQL CTEs named like the tables they shadow (cases, persons, events, documents), parameterised
 *     by D, that the metrics' SQL puts in front of its queries (db/queries/metrics.ts), so every figure reads the
 *     same view and no metric re-implements "ignore what came later".
 *
 * What the view is:
 *   - a case received after D does not exist;
 *   - a dated fact later than D has not happened: 办结日期 → the case is 在办 without 办结日期/办结方式; 结论日期 →
 *     the person is undecided (no 审查结论/结论日期/不捕不诉理由); 具结书签署日期 → empty; 判决日期 → empty, and with
 *     it 量刑建议采纳 and 上诉; 强制措施起始日期 → no measure in force (无);
 *   - events and documents dated after D are absent;
 *   - columns without a date are taken as they stand (羁押状态 among them: rules.md says so).
 *
 * A date later than the data date of the export that brought the row (数据日期, import-mapping.md) is not a
 * future fact but a data error that DQ-DATES and DOC-DATE report at any D: the bundle keeps such rows aside
 * (`beyondDataDate`) when the cut removes them, so those two rules still see them and nothing else does.
 *
 * A new dated column of cases or persons needs its line in CASE_FACTS / PERSON_FACTS, and nothing else.
 */
import type { Db } from '../store';
import type { CaseBundle } from '../../core/rules/types';

type Value = string | boolean | null;
/** A dated fact: when the column `date` (bundle key `key`) is later than D, the listed fields take the values given. */
export interface DatedFact {
  date: { col: string; key: string };
  clears: { col: string; key: string; value: Value }[];
}

const fact = (date: [string, string], clears: [string, string, Value][]): DatedFact => ({
  date: { col: date[0], key: date[1] },
  clears: clears.map(([col, key, value]) => ({ col, key, value })),
});

/** 案件: a 办结日期 after D leaves the case 在办. */
export const CASE_FACTS: DatedFact[] = [
  fact(
    ['concluded_on', 'concludedOn'],
    [
      ['status', 'status', '在办'],
      ['concluded_on', 'concludedOn', null],
      ['conclusion', 'conclusion', null],
    ],
  ),
];

/** 嫌疑人: decisions, plea signatures, judgments and measures dated after D have not happened. */
export const PERSON_FACTS: DatedFact[] = [
  fact(
    ['decided_on', 'decidedOn'],
    [
      ['decision', 'decision', null],
      ['decided_on', 'decidedOn', null],
      ['decision_reason', 'decisionReason', null],
    ],
  ),
  fact(['plea_signed_on', 'pleaSignedOn'], [['plea_signed_on', 'pleaSignedOn', null]]),
  fact(
    ['judged_on', 'judgedOn'],
    [
      ['judged_on', 'judgedOn', null],
      ['sentencing_adopted', 'sentencingAdopted', null],
      ['appealed', 'appealed', false],
    ],
  ),
  fact(
    ['measure_from', 'measureFrom'],
    [
      ['measure', 'measure', '无'],
      ['measure_from', 'measureFrom', null],
    ],
  ),
];

/** The date that decides whether a whole row exists on D. */
export const ROW_DATES = {
  cases: { col: 'received_on', key: 'receivedOn' },
  events: { col: 'on_date', key: 'on' },
  documents: { col: 'issued_on', key: 'issuedOn' },
} as const;

// ---- the bundle form ------------------------------------------------------------------------------------

/** Applies the facts to one record in place (only to fields the record has); true when something was cut. */
function cutFacts(o: Record<string, unknown>, facts: DatedFact[], asOf: string): boolean {
  let cut = false;
  for (const f of facts) {
    const d = o[f.date.key];
    if (typeof d !== 'string' || d <= asOf) continue;
    cut = true;
    for (const c of f.clears) if (c.key in o) o[c.key] = c.value;
  }
  return cut;
}

const later = (date: string, dataDate: string | null): boolean => dataDate != null && date > dataDate;

/**
 * Cuts one bundle, as read from the store, to the office as it stood on `asOf` (in place). The caller has
 * already dropped cases received after `asOf` (loadCaseBundles reads only the others). Rows the cut removes
 * that are dated later than their own data date go to `beyondDataDate` (for DQ-DATES and DOC-DATE).
 */
export function cutBundleAsOf(c: CaseBundle, asOf: string): CaseBundle {
  cutFacts(c as unknown as Record<string, unknown>, CASE_FACTS, asOf);
  for (const p of c.persons) {
    const before = p.decidedOn;
    const copy = before != null && before > asOf && later(before, c.dataDates.persons) ? { ...p } : null;
    cutFacts(p as unknown as Record<string, unknown>, PERSON_FACTS, asOf);
    if (copy) c.beyondDataDate.persons.push(copy);
  }
  if (c.events.some((e) => e.on > asOf)) {
    const kept = [];
    for (const e of c.events) {
      if (e.on <= asOf) kept.push(e);
      else if (later(e.on, c.dataDates.events)) c.beyondDataDate.events.push(e);
    }
    c.events = kept;
  }
  if (c.documents.some((d) => d.issuedOn > asOf)) {
    const kept = [];
    for (const d of c.documents) {
      if (d.issuedOn <= asOf) kept.push(d);
      else if (later(d.issuedOn, c.dataDates.documents)) c.beyondDataDate.documents.push(d);
    }
    c.documents = kept;
  }
  return c;
}

// ---- the SQL form ---------------------------------------------------------------------------------------

const literal = (v: Value): string => (v === null ? 'NULL' : typeof v === 'boolean' ? (v ? '1' : '0') : `'${v}'`);

function columnsOf(db: Db, table: string): string[] {
  return (db.prepare(`PRAGMA main.table_info("${table}")`).all() as { name: string }[]).map((c) => c.name);
}

/** The SELECT list of a shadowing CTE: every column, the cut ones as CASE expressions, plus `stored_<date>` raw. */
function selectList(cols: string[], facts: DatedFact[], at: string): string {
  const out = cols.map((col) => {
    const arms = facts.flatMap((f) =>
      f.clears.filter((c) => c.col === col).map((c) => `WHEN ${f.date.col} > ${at} THEN ${literal(c.value)}`),
    );
    return arms.length ? `CASE ${arms.join(' ')} ELSE ${col} END AS ${col}` : col;
  });
  // The stored dates stay readable under another name: a query may filter on them to use their indexes
  // where that is the same condition (e.g. "decided in P" is the same on the cut and the stored date).
  for (const f of facts) if (cols.includes(f.date.col)) out.push(`${f.date.col} AS stored_${f.date.col}`);
  return out.join(', ');
}

const withCache = new WeakMap<Db, Map<string, string>>();

/**
 * `WITH cases AS (…), persons AS (…), events AS (…), documents AS (…)`: the as-of view in SQL, as of the
 * parameter `at` (e.g. '@end'). Put in front of a SELECT, it makes every `cases`, `persons`, `events` and
 * `documents` of that statement read the office as it stood on that day (the CTEs shadow the tables; they
 * read `main.<table>`). Built once per connection from the tables' columns, so a column added by a later
 * migration passes through unchanged unless a fact above names it.
 */
export function asOfWith(db: Db, at = '@end'): string {
  let m = withCache.get(db);
  if (!m) withCache.set(db, (m = new Map()));
  let sql = m.get(at);
  if (sql) return sql;
  // `+col` keeps SQLite from choosing the row-date index for every query that reads the view: most queries
  // have a better one of their own (cases concluded since P.start, persons decided in P).
  // NOT MATERIALIZED: a CTE read twice in a statement (events in two EXISTS) is otherwise copied whole first.
  sql = `WITH
  cases AS NOT MATERIALIZED (SELECT ${selectList(columnsOf(db, 'cases'), CASE_FACTS, at)} FROM main.cases WHERE +${ROW_DATES.cases.col} <= ${at}),
  persons AS NOT MATERIALIZED (SELECT ${selectList(columnsOf(db, 'persons'), PERSON_FACTS, at)} FROM main.persons),
  events AS NOT MATERIALIZED (SELECT * FROM main.events WHERE ${ROW_DATES.events.col} <= ${at}),
  documents AS NOT MATERIALIZED (SELECT * FROM main.documents WHERE ${ROW_DATES.documents.col} <= ${at})
`;
  m.set(at, sql);
  return sql;
}

// ---- the audit run that speaks for a day ------------------------------------------------------------------

/**
 * The audit run whose findings are "the findings as the audit as of D reports them" (metrics.md
 * findingsOpen): the latest succeeded audit run as of exactly D (the inspection's or weekly notice's own
 * audit, or the daily audit of that day), or null when no audit ran for D.
 */
export function auditRunAsOf(db: Db, asOf: string): number | null {
  const id = db
    .prepare(
      `SELECT id FROM job_runs WHERE job = 'audit' AND as_of = ? AND status IN ('succeeded', 'succeeded with errors')
       ORDER BY id DESC LIMIT 1`,
    )
    .pluck()
    .get(asOf) as number | undefined;
  return id ?? null;
}

/**
 * SQL of a finding's status at the end of a period (@end), "as the audit as of P.end reports them"
 * (metrics.md findingsOpen): `f` is the findings row, `fr` its run_findings row of the audit run @openRun
 * (LEFT JOIN run_findings fr ON fr.run_id = @openRun AND fr.finding_id = f.id). The status that audit
 * recorded; an audit finding it did not report was not open then (closed as its history says, else 已整改).
 * Referrals (检务督查), and periods without an audit at their end: the finding's history (its last status
 * entry on or before @end; without one, its status when set by then, else open).
 */
export function statusAtEndSql(f: string, fr: string): string {
  const history = `COALESCE(
  (SELECT fe.to_status FROM finding_events fe WHERE fe.finding_id = ${f}.id AND fe.on_date <= @end ORDER BY fe.on_date DESC, fe.id DESC LIMIT 1),
  CASE WHEN ${f}.status_on <= @end THEN ${f}.status ELSE '待处理' END)`;
  return `CASE
  WHEN ${fr}.status IS NOT NULL THEN ${fr}.status
  WHEN @openRun IS NOT NULL AND ${f}.source = '审核' THEN
    (SELECT CASE WHEN h IN ('待处理', '已提示', '已通知') THEN '已整改' ELSE h END FROM (SELECT ${history} AS h))
  ELSE ${history} END`;
}
