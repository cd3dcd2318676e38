/**
 * The figures of 个人执法档案 (metrics.md *个人执法档案 … and the annual evaluation*) for one prosecutor or for
 * every prosecutor at once, and the list behind each of them.
 *
 * Set-wise: the lists of a period are read once — the bulletins' bases for the whole office or, with a scope, for
 * one prosecutor (db/queries/metrics.ts), plus three queries of db/queries/dossier.ts and one of the reviews — and
 * every figure is counted from its list, grouped by prosecutor in memory. So a figure and its list cannot
 * disagree, and the evaluation workbook costs the same few queries as one dossier.
 *
 * Definitions (docs/DECISIONS.md):
 * - the bulletin metrics: PROSECUTOR_METRICS over the period, summed over the prosecutor's departments;
 * - findings: those first seen in P on the prosecutor's cases (findingsNew); by area and rule; per 100 cases
 *   handled (旧存 + 新收); serious (findingsSerious);
 * - median days to rectify: over the findings first seen in P that are 已整改 at P.end, days from first seen to the
 *   last rectification on or before P.end;
 * - 按期整改率: over the findings under the notices issued to the prosecutor in P whose outcome is known at P.end
 *   (rectified by then, or reply deadline on or before P.end): rectified on or before the notice's reply deadline;
 * - notices: issued to them in P; 报检察长 among them; replied on time: a reply recorded on or before both the reply
 *   deadline and P.end;
 * - escalated: findings on their cases referred to the inspection department with the packages of P's months;
 * - reviews of their cases in P with the grade; referrals in: findings from the inspection department first seen in P.
 */
import type { Db } from '../../db/store';
import * as dq from '../../db/queries/dossier';
import { personNamesByCase } from '../../db/queries/metrics';
import { selectReviews } from '../../db/queries/reviews';
import { diffDays, monthOf } from '../dates';
import { maskNamesIn } from '../shared/mask';
import {
  AREAS,
  METRICS_BY_ID,
  PROSECUTOR_METRICS,
  addCounters,
  cellOf,
  columnsFor,
  countersByProsecutor,
  emptyCounters,
  listBehind,
  listRows,
  metricsOf,
  periodOf,
  FLAGS,
  type Base,
  type Cell,
  type CounterGroup,
  type Counters,
  type Figures,
  type ListRow,
} from '../metrics';
import { ruleInfo } from '../metrics/deps';
import { REVIEW_GRADES } from '../referrals/values';

export interface DossierFindings {
  total: number;
  serious: number;
  per100Cases: number | null;
  byArea: Record<string, number>;
  byRule: { ruleId: string; title: string; area: string; count: number }[];
  medianDaysToRectify: number | null;
  rectifiedOnTimeRate: number | null;
  escalated: number;
  /** parts of the figures above, for the documents and the UI */
  casesHandled: number;
  rectifiedCount: number;
  onTime: { onTime: number; known: number };
  /** 逾期未整改 at P.end (findingsOverdueRectification) */
  overdue: number;
}

export interface DossierFigures {
  prosecutor: string;
  departments: string[];
  metrics: Figures;
  findings: DossierFindings;
  notices: { issued: number; toChief: number; repliedOnTime: number };
  reviews: { caseNo: string; grade: string; on: string }[];
  reviewGrades: Record<string, number>;
  referralsIn: number;
}

/** A list behind a figure: its Chinese column headers and rows (masked). */
export interface FigureList {
  key: string;
  title: string;
  columns: { key: string; header: string; width?: number }[];
  rows: (Record<string, Cell> & { prosecutor: string; department: string })[];
  /** a line under the title: how the figure is made from the list */
  note?: string;
}

/** The dossier's own figures (beyond the bulletin metrics), each with its list: key, title, how it is counted. */
export const DOSSIER_FIGURES = [
  { key: 'findingsByArea', title: '问题按领域', note: '本期首次发现的问题，按问题领域' },
  { key: 'findingsByRule', title: '问题按规则', note: '本期首次发现的问题，按监控规则' },
  { key: 'per100Cases', title: '每百件案件问题数', note: '本期首次发现的问题数 ÷（旧存＋新收案件数）× 100' },
  {
    key: 'medianDaysToRectify',
    title: '整改天数',
    note: '本期首次发现、期末已整改的问题，自首次发现至整改的天数（取中位数）',
  },
  {
    key: 'rectifiedOnTimeRate',
    title: '按期整改率',
    note: '本期发出的通知书所列问题中，在回复期限内整改的 ÷ 期末已知结果的（已整改，或回复期限已到）',
  },
  { key: 'findingsOverdueRectification', title: '逾期未整改', note: '期末仍未整改、经日审核认定为逾期未整改的问题' },
  { key: 'escalated', title: '移送督查', note: '本期各月逾期未整改问题移送清单中已移送检务督查部门的问题' },
  { key: 'noticesIssued', title: '通知书', note: '本期发给本人的流程监控通知书' },
  { key: 'noticesToChief', title: '报检察长', note: '其中报检察长的通知书' },
  { key: 'repliedOnTime', title: '按期回复', note: '本期通知书中，在回复期限内（且在期末前）回复的' },
  { key: 'reviews', title: '案件质量评查', note: '本期评查的本人案件及评查等次' },
  { key: 'referralsIn', title: '督查移送', note: '本期检务督查部门移送的涉及本人的问题' },
] as const;
export type DossierFigureKey = (typeof DOSSIER_FIGURES)[number]['key'];

export interface DossierData {
  period: string;
  start: string;
  end: string;
  /** every prosecutor with something in the period (or just the one of the scope) */
  figures: Map<string, DossierFigures>;
  /** key → list (every prosecutor's rows, or the one's) */
  lists: Map<string, FigureList>;
}

export const FINDING_COLS = [
  { key: 'id', header: '问题编号', width: 10 },
  { key: 'ruleArea', header: '问题领域', width: 14 },
  { key: 'ruleTitle', header: '问题类型', width: 24 },
  { key: 'severity', header: '严重程度', width: 10 },
  { key: 'caseNo', header: '部门受案号', width: 30 },
  { key: 'title', header: '案件名称', width: 28 },
  { key: 'department', header: '部门', width: 14 },
  { key: 'prosecutor', header: '承办检察官', width: 12 },
  { key: 'firstSeen', header: '首次发现', width: 12 },
  { key: 'statusAtEnd', header: '期末状态', width: 10 },
  { key: 'message', header: '问题说明', width: 50 },
];

/** The finding columns that open the lists of notices and escalations (no 问题领域: the notice is the context). */
const NOTICE_FINDING_HEAD = FINDING_COLS.filter((c) => c.key !== 'ruleArea').slice(0, 7);

function median(xs: number[]): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

const rate = (num: number, den: number): number | null => (den === 0 ? null : num / den);

export function emptyFigures(prosecutor: string): DossierFigures {
  return {
    prosecutor,
    departments: [],
    metrics: metricsOf(PROSECUTOR_METRICS, emptyCounters()),
    findings: {
      total: 0,
      serious: 0,
      per100Cases: null,
      byArea: Object.fromEntries(AREAS.map((a) => [a, 0])),
      byRule: [],
      medianDaysToRectify: null,
      rectifiedOnTimeRate: null,
      escalated: 0,
      casesHandled: 0,
      rectifiedCount: 0,
      onTime: { onTime: 0, known: 0 },
      overdue: 0,
    },
    notices: { issued: 0, toChief: 0, repliedOnTime: 0 },
    reviews: [],
    reviewGrades: Object.fromEntries(REVIEW_GRADES.map((g) => [g, 0])),
    referralsIn: 0,
  };
}

/** Masks suspects' names in the given text fields of rows that carry a case id. */
function masker(db: Db, caseIds: (number | null)[]): (text: string, caseId: number | null) => string {
  const names = personNamesByCase(
    db,
    caseIds.filter((x): x is number => x != null),
  );
  return (text, caseId) => (caseId == null ? text : maskNamesIn(text, names.get(caseId) ?? []));
}

/**
 * Reads period P (a month, quarter or year key) once and makes every dossier figure and list, for one
 * prosecutor (`scope.prosecutor`) or for everyone.
 */
export function dossierData(
  db: Db,
  periodKey: string,
  scope: { prosecutor?: string } = {},
  /**
   * The period's rows of a base, every flag (the evaluation reads them once for its sheets): the bulletin metrics
   * are then counted from them rather than by the grouped queries, so the figures are exactly their rows.
   */
  baseRows?: (base: Base) => ListRow[],
): DossierData {
  const period = periodOf(periodKey);
  const who = scope.prosecutor ?? null;
  const figures = new Map<string, DossierFigures>();
  const fig = (name: string): DossierFigures => {
    let f = figures.get(name);
    if (!f) figures.set(name, (f = emptyFigures(name)));
    return f;
  };
  if (who != null) fig(who);

  // The bulletin metrics: five grouped queries (one prosecutor's rows with a scope), summed over departments.
  const counters = new Map<string, Counters>();
  for (const g of baseRows ? countersOfRows(baseRows) : countersByProsecutor(db, period, scope)) {
    const c = counters.get(g.prosecutor) ?? emptyCounters();
    counters.set(g.prosecutor, addCounters(c, g.counters));
    const f = fig(g.prosecutor);
    if (!f.departments.includes(g.department)) f.departments.push(g.department);
  }
  for (const [name, c] of counters) {
    const f = fig(name);
    f.metrics = metricsOf(PROSECUTOR_METRICS, c);
    f.findings.casesHandled = c.carriedOver + c.received;
  }

  // Findings of the period (first seen in P, referred in, still 逾期未整改 at P.end): one read of the finding base.
  const findings = baseRows
    ? baseRows('finding').filter((r) => r.flags.includes('findingsNew') || r.flags.includes('overdueRect'))
    : listRows(db, 'finding', periodKey, ['findingsNew', 'overdueRect'], scope);
  const newRows = findings.filter((r) => r.flags.includes('findingsNew'));
  const rules = new Map<string, Map<string, number>>();
  for (const r of findings) {
    const f = fig(r.prosecutor);
    if (r.flags.includes('overdueRect')) f.findings.overdue++;
    if (!r.flags.includes('findingsNew')) continue;
    f.findings.total++;
    if (r.flags.includes('findingsSerious')) f.findings.serious++;
    if (r.flags.includes('referralsIn')) f.referralsIn++;
    const area = String(r.ruleArea ?? '');
    f.findings.byArea[area] = (f.findings.byArea[area] ?? 0) + 1;
    const m = rules.get(r.prosecutor) ?? new Map<string, number>();
    m.set(String(r.ruleId), (m.get(String(r.ruleId)) ?? 0) + 1);
    rules.set(r.prosecutor, m);
  }
  for (const [name, m] of rules)
    fig(name).findings.byRule = [...m.entries()]
      .map(([ruleId, count]) => ({ ruleId, title: ruleInfo(db, ruleId).title, area: ruleInfo(db, ruleId).area, count }))
      .sort((a, b) => b.count - a.count || a.ruleId.localeCompare(b.ruleId));

  // Days to rectify: the findings of P that are 已整改 at P.end, with the day each was (last) rectified by then.
  const rectifiedRows = newRows.filter((r) => r.flags.includes('newRectified'));
  const rectifiedOn = dq.rectifiedOnOrBefore(
    db,
    rectifiedRows.map((r) => Number(r.id)),
    period.end,
  );
  const days = new Map<string, number[]>();
  const rectifiedList: FigureList['rows'] = [];
  for (const r of rectifiedRows) {
    const on = rectifiedOn.get(Number(r.id));
    if (!on) continue;
    const d = diffDays(on, String(r.firstSeen));
    const l = days.get(r.prosecutor) ?? [];
    l.push(d);
    days.set(r.prosecutor, l);
    rectifiedList.push({ ...rowOf(r, FINDING_COLS), rectifiedOn: on, days: d });
  }
  for (const [name, l] of days) {
    fig(name).findings.medianDaysToRectify = median(l);
    fig(name).findings.rectifiedCount = l.length;
  }

  // 按期整改率: the findings under the notices issued in P.
  const nf = dq.noticeFindingsIssuedIn(db, period, who);
  const maskNf = masker(
    db,
    nf.map((r) => r.caseId),
  );
  const onTimeList: FigureList['rows'] = [];
  for (const r of nf) {
    const onTime = r.rectifiedOn != null && r.rectifiedOn <= r.replyDueOn;
    const known = r.rectifiedOn != null || r.replyDueOn <= period.end;
    const f = fig(r.prosecutor);
    if (known) f.findings.onTime.known++;
    if (onTime) f.findings.onTime.onTime++;
    onTimeList.push({
      id: r.findingId,
      ruleTitle: ruleInfo(db, r.ruleId).title,
      severity: r.severity,
      caseNo: r.caseNo,
      title: maskNf(r.title, r.caseId),
      department: r.department,
      prosecutor: r.prosecutor,
      number: r.number,
      issuedOn: r.issuedOn,
      replyDueOn: r.replyDueOn,
      rectifiedOn: r.rectifiedOn,
      countsIn: onTime
        ? '按期整改'
        : r.rectifiedOn != null
          ? '逾期整改'
          : known
            ? '期限已过未整改'
            : '未到回复期限、尚未整改（不计入）',
    });
  }

  // Escalated: referred with the packages of P's months.
  const referred = dq.referredFindings(db, monthOf(period.start), monthOf(period.end), who);
  const maskRef = masker(
    db,
    referred.map((r) => r.caseId),
  );
  for (const r of referred) fig(r.prosecutor).findings.escalated++;

  // Notices issued in P, 报检察长, replied on time.
  const notices = baseRows
    ? baseRows('notice').filter((r) => r.flags.includes('noticesIssued'))
    : listRows(db, 'notice', periodKey, ['noticesIssued'], scope);
  const noticeList: FigureList['rows'] = [];
  for (const r of notices) {
    const f = fig(r.prosecutor);
    f.notices.issued++;
    if (r.flags.includes('noticesToChief')) f.notices.toChief++;
    const replyOn = r.replyOn == null ? null : String(r.replyOn);
    const onTime = replyOn != null && replyOn <= String(r.replyDueOn) && replyOn <= period.end;
    if (onTime) f.notices.repliedOnTime++;
    noticeList.push({
      ...rowOf(r, columnsFor(METRICS_BY_ID.noticesIssued)),
      countsIn: onTime
        ? '按期回复'
        : replyOn != null && replyOn <= period.end
          ? '逾期回复'
          : String(r.replyDueOn) <= period.end
            ? '逾期未回复'
            : '未到回复期限',
    });
  }

  // Reviews of the prosecutor's cases in P.
  const reviews = selectReviews(db, { from: period.start, to: period.end, prosecutor: who ?? undefined });
  for (const r of reviews) {
    const f = fig(r.prosecutor);
    f.reviews.push({ caseNo: r.case_no, grade: r.grade, on: r.reviewed_on });
    f.reviewGrades[r.grade] = (f.reviewGrades[r.grade] ?? 0) + 1;
  }

  for (const f of figures.values()) {
    const h = f.findings.casesHandled;
    f.findings.per100Cases = h === 0 ? null : (f.findings.total / h) * 100;
    f.findings.rectifiedOnTimeRate = rate(f.findings.onTime.onTime, f.findings.onTime.known);
    if (f.departments.length === 0)
      f.departments = [...new Set(findings.filter((r) => r.prosecutor === f.prosecutor).map((r) => r.department))];
  }

  const byArea = [...newRows].sort(
    (a, b) =>
      AREAS.indexOf(String(a.ruleArea) as (typeof AREAS)[number]) -
        AREAS.indexOf(String(b.ruleArea) as (typeof AREAS)[number]) || Number(a.id) - Number(b.id),
  );
  const byRule = [...newRows].sort(
    (a, b) => String(a.ruleId).localeCompare(String(b.ruleId)) || Number(a.id) - Number(b.id),
  );
  const list = (key: DossierFigureKey, columns: FigureList['columns'], rows: FigureList['rows']): FigureList => {
    const d = DOSSIER_FIGURES.find((x) => x.key === key)!;
    return { key, title: d.title, note: d.note, columns, rows };
  };
  const ncols = columnsFor(METRICS_BY_ID.noticesIssued);
  const lists = new Map<string, FigureList>([
    [
      'findingsByArea',
      list(
        'findingsByArea',
        FINDING_COLS,
        byArea.map((r) => rowOf(r, FINDING_COLS)),
      ),
    ],
    [
      'findingsByRule',
      list(
        'findingsByRule',
        FINDING_COLS,
        byRule.map((r) => rowOf(r, FINDING_COLS)),
      ),
    ],
    [
      'per100Cases',
      list(
        'per100Cases',
        FINDING_COLS,
        newRows.map((r) => rowOf(r, FINDING_COLS)),
      ),
    ],
    [
      'medianDaysToRectify',
      list(
        'medianDaysToRectify',
        [
          ...FINDING_COLS.filter((c) => c.key !== 'statusAtEnd' && c.key !== 'message'),
          { key: 'rectifiedOn', header: '整改日期', width: 12 },
          { key: 'days', header: '整改天数', width: 10 },
        ],
        rectifiedList,
      ),
    ],
    [
      'rectifiedOnTimeRate',
      list(
        'rectifiedOnTimeRate',
        [
          ...NOTICE_FINDING_HEAD,
          { key: 'number', header: '通知书文号', width: 26 },
          { key: 'issuedOn', header: '发出日期', width: 12 },
          { key: 'replyDueOn', header: '回复期限', width: 12 },
          { key: 'rectifiedOn', header: '整改日期', width: 12 },
          { key: 'countsIn', header: '计入', width: 24 },
        ],
        onTimeList,
      ),
    ],
    [
      'findingsOverdueRectification',
      list(
        'findingsOverdueRectification',
        [
          ...FINDING_COLS.slice(0, -1),
          { key: 'overdueOn', header: '逾期未整改日期', width: 14 },
          FINDING_COLS[FINDING_COLS.length - 1],
        ],
        findings
          .filter((r) => r.flags.includes('overdueRect'))
          .map((r) => rowOf(r, [...FINDING_COLS, { key: 'overdueOn' }])),
      ),
    ],
    [
      'escalated',
      list(
        'escalated',
        [
          ...NOTICE_FINDING_HEAD,
          { key: 'noticeNumber', header: '通知书文号', width: 26 },
          { key: 'replyDueOn', header: '回复期限', width: 12 },
          { key: 'overdueOn', header: '逾期未整改日期', width: 14 },
          { key: 'referredMonth', header: '移送清单月份', width: 12 },
          { key: 'referredOn', header: '移送日期', width: 12 },
          { key: 'status', header: '当前状态', width: 10 },
          { key: 'message', header: '问题说明', width: 50 },
        ],
        referred.map((r) => ({
          id: r.findingId,
          ruleTitle: ruleInfo(db, r.ruleId).title,
          severity: r.severity,
          caseNo: r.caseNo,
          title: maskRef(r.title, r.caseId),
          department: r.department,
          prosecutor: r.prosecutor,
          noticeNumber: r.noticeNumber,
          replyDueOn: r.replyDueOn,
          overdueOn: r.overdueOn,
          referredMonth: r.referredMonth,
          referredOn: r.referredOn,
          status: r.status,
          message: maskRef(r.message, r.caseId),
        })),
      ),
    ],
    ['noticesIssued', list('noticesIssued', ncols, noticeList)],
    [
      'noticesToChief',
      list(
        'noticesToChief',
        ncols,
        noticeList.filter((r) => r.toChief === '是'),
      ),
    ],
    ['repliedOnTime', list('repliedOnTime', [...ncols, { key: 'countsIn', header: '计入', width: 14 }], noticeList)],
    [
      'reviews',
      list(
        'reviews',
        [
          { key: 'caseNo', header: '部门受案号', width: 30 },
          { key: 'department', header: '部门', width: 14 },
          { key: 'prosecutor', header: '承办检察官', width: 12 },
          { key: 'reviewedOn', header: '评查日期', width: 12 },
          { key: 'kind', header: '评查类型', width: 10 },
          { key: 'grade', header: '评查等次', width: 10 },
          { key: 'reviewer', header: '评查人', width: 10 },
          { key: 'rectification', header: '整改情况', width: 10 },
        ],
        reviews.map((r) => ({
          caseNo: r.case_no,
          department: r.department,
          prosecutor: r.prosecutor,
          reviewedOn: r.reviewed_on,
          kind: r.kind,
          grade: r.grade,
          reviewer: r.reviewer,
          rectification: r.rectification,
        })),
      ),
    ],
    [
      'referralsIn',
      list(
        'referralsIn',
        FINDING_COLS,
        newRows.filter((r) => r.flags.includes('referralsIn')).map((r) => rowOf(r, FINDING_COLS)),
      ),
    ],
  ]);
  return { period: periodKey, start: period.start, end: period.end, figures, lists };
}

/** The bulletin metrics' counters per (department, prosecutor) from rows of every base (as countersByProsecutor). */
function countersOfRows(baseRows: (base: Base) => ListRow[]): CounterGroup[] {
  const groups = new Map<string, CounterGroup>();
  for (const base of Object.keys(FLAGS) as Base[]) {
    for (const r of baseRows(base)) {
      const k = `${r.department}\u0000${r.prosecutor}`;
      let g = groups.get(k);
      if (!g) groups.set(k, (g = { department: r.department, prosecutor: r.prosecutor, counters: emptyCounters() }));
      const c = g.counters as Record<string, number>;
      for (const f of r.flags) c[f]++;
      if (base === 'case' && typeof r.days === 'number') c.daysSum += r.days;
    }
  }
  return [...groups.values()];
}

/** A list row of the metrics' lists as a plain record of the given columns. */
function rowOf(r: ListRow, cols: { key: string }[]): FigureList['rows'][number] {
  const out: Record<string, Cell> = {};
  for (const c of cols) {
    const v = r[c.key];
    out[c.key] = Array.isArray(v) ? v.join('、') : (v ?? null);
  }
  // The rule of a finding row rides along (not a column): a figure by area or rule narrows its list by it.
  if (r.base === 'finding') {
    out.ruleId = (r.ruleId as string) ?? null;
    out.ruleArea = (r.ruleArea as string) ?? null;
  }
  return { ...out, department: r.department, prosecutor: r.prosecutor };
}

/** The list behind a bulletin metric for a period and scope, as a FigureList (the UI drill and the workbook's sheets). */
export function metricList(
  db: Db,
  metricId: string,
  periodKey: string,
  scope: { prosecutor?: string } = {},
): FigureList {
  const { metric: def, columns, rows } = listBehind(db, metricId, periodKey, scope);
  return {
    key: metricId,
    title: def.name,
    note: def.def,
    columns,
    rows: rows.map((r) => ({
      ...Object.fromEntries(columns.map((c) => [c.key, cellOf(def, r, c.key)])),
      department: r.department,
      prosecutor: r.prosecutor,
    })),
  };
}
