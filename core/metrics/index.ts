/**
 * The bulletins' figures by metric id (metrics.md), for any month or ISO week, per prosecutor,
 * department and office. Figures come from a handful of grouped queries (db/queries/metrics.ts);
 * department and office figures add the prosecutors' counters (never average their rates), so
 * every rate is computed from its own numerator and denominator.
 */
import type { Db } from '../../db/store';
import * as q from '../../db/queries/metrics';
import {
  addDays,
  isMonthKey,
  isQuarterKey,
  isWeekKey,
  isYearKey,
  monthLabel,
  monthPeriod,
  previousMonth,
  previousQuarter,
  previousWeek,
  quarterLabel,
  quarterPeriod,
  weekPeriod,
  yearLabel,
  yearPeriod,
  type Period,
} from '../dates';
import { maskName, maskNamesIn } from '../shared/mask';
import type { Settings } from '../settings';
import {
  AREAS,
  FLAGS,
  METRICS_BY_ID,
  MONITORING_METRICS,
  OFFICE_LEVEL_METRICS,
  PROSECUTOR_METRICS,
  SEVERITIES,
  addCounters,
  emptyCounters,
  listFlags,
  metricValue,
  metricsOf,
  type Base,
  type Counters,
  type MetricDef,
} from './catalog';
import { ruleCatalogue } from './deps';

export * from './catalog';

export type Figures = Record<string, number | null>;
export interface Scope {
  prosecutor?: string;
  department?: string;
}

/**
 * A month key ('2026-10'), an ISO week key ('2026-W47'), a quarter key ('2026-Q3') or a year key ('2026')
 * as a period. Every figure is defined over any of them alike (metrics.md: a quarter's or a year's figures
 * are the same definitions over the longer period, rates recomputed from their own counts).
 */
export function periodOf(key: string): Period {
  if (isMonthKey(key)) return monthPeriod(key);
  if (isWeekKey(key)) return weekPeriod(key);
  if (isQuarterKey(key)) return quarterPeriod(key);
  if (isYearKey(key)) return yearPeriod(key);
  throw new RangeError(`期间格式应为 YYYY-MM（月）、YYYY-Www（周）、YYYY-Qn（季度）或 YYYY（年度）：${key}`);
}

export function previousPeriodKey(key: string): string {
  if (isMonthKey(key)) return previousMonth(key);
  if (isQuarterKey(key)) return previousQuarter(key);
  if (isYearKey(key)) return String(+key - 1);
  return previousWeek(key);
}

/** '2026年10月', '2026年第三季度', '2026年度' or '2026年第47周（11月16日至11月22日）'. */
export function periodLabel(key: string): string {
  if (isMonthKey(key)) return monthLabel(key);
  if (isQuarterKey(key)) return quarterLabel(key);
  if (isYearKey(key)) return yearLabel(key);
  const p = weekPeriod(key);
  return `${key.slice(0, 4)}年第${+key.slice(6)}周（${+p.start.slice(5, 7)}月${+p.start.slice(8)}日至${+p.end.slice(5, 7)}月${+p.end.slice(8)}日）`;
}

const keyOf = (department: string, prosecutor: string): string => `${department}\u0000${prosecutor}`;

export interface CounterGroup {
  department: string;
  prosecutor: string;
  counters: Counters;
}

/** Every counter of every base, per (department, prosecutor): five grouped queries (one prosecutor's, with a scope). */
export function countersByProsecutor(db: Db, period: Period, scope: { prosecutor?: string } = {}): CounterGroup[] {
  const groups = new Map<string, CounterGroup>();
  const p = { start: period.start, end: period.end };
  for (const base of Object.keys(q.BASES) as q.BaseName[]) {
    for (const r of q.groupedCounters(db, base, p, false, scope)) {
      const k = keyOf(r.department, r.prosecutor);
      let g = groups.get(k);
      if (!g) groups.set(k, (g = { department: r.department, prosecutor: r.prosecutor, counters: emptyCounters() }));
      const { department: _d, prosecutor: _p, ...nums } = r;
      addCounters(g.counters, nums as Partial<Counters>);
    }
  }
  return [...groups.values()];
}

export interface ProsecutorRow {
  prosecutor: string;
  department: string;
  quota: boolean;
  metrics: Figures;
  rank?: number | null;
}
export interface DepartmentRow {
  department: string;
  metrics: Figures;
}
/** A figure shown at office level only (OFFICE_LEVEL_METRICS), with its parts and its 口径 note. */
export interface OfficeLevelFigure {
  id: string;
  name: string;
  /** Unrounded fraction; may exceed 1 (two cohorts); null when the denominator is 0. */
  value: number | null;
  numerator: number;
  denominator: number;
  note: string;
}
export interface ProsecutorFigures {
  period: string;
  start: string;
  end: string;
  rows: ProsecutorRow[];
  departments: DepartmentRow[];
  /** Office totals of PROSECUTOR_METRICS: every rate in [0, 1] or null. */
  totals: Figures;
  /** Office-level-only figures (the SPP's sppPretrialDetentionRatio); never in rows, departments or totals. */
  officeLevel: OfficeLevelFigure[];
}

export function officeLevelFigures(c: Counters): OfficeLevelFigure[] {
  return OFFICE_LEVEL_METRICS.map((d) => ({
    id: d.id,
    name: d.name,
    value: metricValue(d, c),
    numerator: c[d.num],
    denominator: (d.den ?? []).reduce((sum, f) => sum + c[f], 0),
    note: d.def,
  }));
}

const zhCollator = new Intl.Collator('zh-CN', { numeric: true });
const NUMERALS: Record<string, string> = {
  一: '1',
  二: '2',
  三: '3',
  四: '4',
  五: '5',
  六: '6',
  七: '7',
  八: '8',
  九: '9',
  十: '10',
};
/** Chinese order, with Chinese numerals as numbers (第二检察部 before 第十检察部, 第一 before 第二). */
const zh = {
  compare: (a: string, b: string): number =>
    zhCollator.compare(
      a.replace(/[一二三四五六七八九十]/g, (c) => NUMERALS[c]),
      b.replace(/[一二三四五六七八九十]/g, (c) => NUMERALS[c]),
    ),
};
export const compareZh = zh.compare;

/** 《员额检察官办案数据通报》: one row per prosecutor (every quota prosecutor of the roster, and anyone with figures), department subtotals, office totals. */
export function prosecutorFigures(
  db: Db,
  periodKey: string,
  settings?: Pick<Settings, 'rankWithinDepartment'>,
): ProsecutorFigures {
  const period = periodOf(periodKey);
  const groups = countersByProsecutor(db, period);
  const quota = q.quotaProsecutors(db);
  const quotaNames = new Set(quota.map((x) => x.name));
  const byKey = new Map(groups.map((g) => [keyOf(g.department, g.prosecutor), g]));
  const seen = new Set(groups.map((g) => g.prosecutor));
  for (const s of quota)
    if (!seen.has(s.name))
      byKey.set(keyOf(s.department, s.name), {
        department: s.department,
        prosecutor: s.name,
        counters: emptyCounters(),
      });
  const all = [...byKey.values()].sort(
    (a, b) => zh.compare(a.department, b.department) || zh.compare(a.prosecutor, b.prosecutor),
  );
  const deptCounters = new Map<string, Counters>();
  const total = emptyCounters();
  for (const g of all) {
    addCounters(total, g.counters);
    const d = deptCounters.get(g.department) ?? emptyCounters();
    deptCounters.set(g.department, addCounters(d, g.counters));
  }
  const rows: ProsecutorRow[] = all.map((g) => ({
    prosecutor: g.prosecutor,
    department: g.department,
    quota: quotaNames.has(g.prosecutor),
    metrics: metricsOf(PROSECUTOR_METRICS, g.counters),
  }));
  if (settings?.rankWithinDepartment) {
    for (const d of deptCounters.keys()) {
      const inDept = rows
        .filter((r) => r.department === d)
        .sort((a, b) => (b.metrics.concluded ?? 0) - (a.metrics.concluded ?? 0));
      let rank = 0,
        prev: number | null = null;
      inDept.forEach((r, i) => {
        if (r.metrics.concluded !== prev) rank = i + 1;
        prev = r.metrics.concluded;
        r.rank = rank;
      });
    }
  }
  return {
    period: periodKey,
    start: period.start,
    end: period.end,
    rows,
    departments: [...deptCounters.entries()].map(([department, c]) => ({
      department,
      metrics: metricsOf(PROSECUTOR_METRICS, c),
    })),
    totals: metricsOf(PROSECUTOR_METRICS, total),
    officeLevel: officeLevelFigures(total),
  };
}

export interface Breakdown {
  key: string;
  label: string;
  findingsNew: number;
  findingsRectified: number;
  findingsOpen: number;
}
export interface MonitoringFigures {
  period: string;
  start: string;
  end: string;
  metrics: Figures;
  bySeverity: Record<string, number>;
  byRule: { ruleId: string; title: string; area: string; count: number }[];
  byArea: { area: string; count: number }[];
  byDepartment: { department: string; findingsNew: number; findingsRectified: number; findingsOpen: number }[];
  byProsecutor: {
    prosecutor: string;
    department: string;
    findingsNew: number;
    findingsRectified: number;
    findingsOpen: number;
  }[];
}

/** 《流程监控通报》 figures and breakdowns for a month or week. */
export function monitoringFigures(db: Db, periodKey: string): MonitoringFigures {
  const period = periodOf(periodKey);
  const p = { start: period.start, end: period.end };
  const total = emptyCounters();
  for (const base of ['case', 'notice', 'reminder'] as const)
    for (const r of q.groupedCounters(db, base, p)) {
      const { department: _d, prosecutor: _p, ...nums } = r;
      addCounters(total, nums as Partial<Counters>);
    }
  const bySeverity: Record<string, number> = Object.fromEntries(SEVERITIES.map((s) => [s, 0]));
  const rule = new Map<string, number>();
  const dept = new Map<
    string,
    { department: string; findingsNew: number; findingsRectified: number; findingsOpen: number }
  >();
  const pros = new Map<
    string,
    { prosecutor: string; department: string; findingsNew: number; findingsRectified: number; findingsOpen: number }
  >();
  for (const r of q.groupedCounters(db, 'finding', p, true) as (q.GroupRow & { ruleId: string; severity: string })[]) {
    const { department, prosecutor, ruleId, severity, ...nums } = r;
    addCounters(total, nums as Partial<Counters>);
    if (r.findingsNew) {
      bySeverity[severity] = (bySeverity[severity] ?? 0) + r.findingsNew;
      rule.set(ruleId, (rule.get(ruleId) ?? 0) + r.findingsNew);
    }
    const d = dept.get(department) ?? { department, findingsNew: 0, findingsRectified: 0, findingsOpen: 0 };
    const k = keyOf(department, prosecutor);
    const pr = pros.get(k) ?? { prosecutor, department, findingsNew: 0, findingsRectified: 0, findingsOpen: 0 };
    for (const o of [d, pr]) {
      o.findingsNew += r.findingsNew;
      o.findingsRectified += r.findingsRectified;
      o.findingsOpen += r.findingsOpen;
    }
    dept.set(department, d);
    pros.set(k, pr);
  }
  const rules = ruleCatalogue(db);
  const byRule = [...rule.entries()]
    .map(([ruleId, count]) => {
      const info = rules.info(ruleId);
      return { ruleId, title: info.title, area: info.area, count };
    })
    .sort((a, b) => b.count - a.count || a.ruleId.localeCompare(b.ruleId));
  const area = new Map<string, number>(AREAS.map((a) => [a, 0]));
  for (const r of byRule) area.set(r.area, (area.get(r.area) ?? 0) + r.count);
  const nonZero = <T extends { findingsNew: number; findingsRectified: number; findingsOpen: number }>(x: T) =>
    x.findingsNew + x.findingsRectified + x.findingsOpen > 0;
  return {
    period: periodKey,
    start: period.start,
    end: period.end,
    metrics: metricsOf(MONITORING_METRICS, total),
    bySeverity,
    byRule,
    byArea: [...area.entries()].map(([a, count]) => ({ area: a, count })),
    byDepartment: [...dept.values()].filter(nonZero).sort((a, b) => zh.compare(a.department, b.department)),
    byProsecutor: [...pros.values()]
      .filter(nonZero)
      .sort((a, b) => zh.compare(a.department, b.department) || zh.compare(a.prosecutor, b.prosecutor)),
  };
}

/** New and rectified findings per month for the 12 months ending with `month` (the trend chart). */
export function findingTrend(
  db: Db,
  month: string,
  months = 12,
): { month: string; newCount: number; rectified: number }[] {
  const keys: string[] = [month];
  while (keys.length < months) keys.unshift(previousMonth(keys[0]));
  const got = new Map(
    q.monthlyFindingTrend(db, monthPeriod(keys[0]).start, monthPeriod(month).end).map((r) => [r.month, r]),
  );
  return keys.map((k) => got.get(k) ?? { month: k, newCount: 0, rectified: 0 });
}

// ---- the rows behind a figure --------------------------------------------------

export type Cell = string | number | null;
export interface ListRow {
  base: Base;
  flags: string[];
  department: string;
  prosecutor: string;
  [k: string]: Cell | string[];
}

/** The columns of each kind of list (XLSX list sheets, DOCX tables, the UI drill-down). */
export const LIST_COLUMNS: Record<Base, { key: string; header: string; width?: number }[]> = {
  case: [
    { key: 'caseNo', header: '部门受案号', width: 30 },
    { key: 'title', header: '案件名称', width: 30 },
    { key: 'category', header: '案件类别', width: 12 },
    { key: 'department', header: '部门', width: 14 },
    { key: 'prosecutor', header: '承办检察官', width: 12 },
    { key: 'receivedOn', header: '受理日期', width: 12 },
    { key: 'concludedOn', header: '办结日期', width: 12 },
    { key: 'days', header: '办案天数', width: 10 },
  ],
  person: [
    { key: 'caseNo', header: '部门受案号', width: 30 },
    { key: 'title', header: '案件名称', width: 28 },
    { key: 'name', header: '犯罪嫌疑人', width: 12 },
    { key: 'department', header: '部门', width: 14 },
    { key: 'prosecutor', header: '承办检察官', width: 12 },
    { key: 'decision', header: '审查结论', width: 12 },
    { key: 'decidedOn', header: '结论日期', width: 12 },
    { key: 'custody', header: '羁押状态', width: 10 },
    { key: 'measure', header: '强制措施', width: 12 },
    { key: 'measureFrom', header: '措施起始日期', width: 12 },
    { key: 'plea', header: '认罪认罚', width: 10 },
    { key: 'sentencing', header: '量刑建议', width: 10 },
    { key: 'sentencingAdopted', header: '量刑建议采纳', width: 12 },
    { key: 'judgedOn', header: '判决日期', width: 12 },
    { key: 'appealed', header: '上诉', width: 8 },
  ],
  finding: [
    { key: 'id', header: '问题编号', width: 10 },
    { key: 'ruleTitle', header: '问题类型', width: 24 },
    { key: 'severity', header: '严重程度', width: 10 },
    { key: 'caseNo', header: '部门受案号', width: 30 },
    { key: 'title', header: '案件名称', width: 28 },
    { key: 'department', header: '部门', width: 14 },
    { key: 'prosecutor', header: '承办检察官', width: 12 },
    { key: 'firstSeen', header: '首次发现', width: 12 },
    { key: 'statusAtEnd', header: '期末状态', width: 10 },
    { key: 'rectifiedOn', header: '整改日期', width: 12 },
    { key: 'overdueOn', header: '逾期未整改日期', width: 14 },
    { key: 'message', header: '问题说明', width: 50 },
  ],
  notice: [
    { key: 'number', header: '通知书文号', width: 26 },
    { key: 'caseNo', header: '部门受案号', width: 30 },
    { key: 'title', header: '案件名称', width: 28 },
    { key: 'department', header: '部门', width: 14 },
    { key: 'prosecutor', header: '承办检察官', width: 12 },
    { key: 'issuedOn', header: '发出日期', width: 12 },
    { key: 'replyDueOn', header: '回复期限', width: 12 },
    { key: 'replyOn', header: '回复日期', width: 12 },
    { key: 'toChief', header: '报检察长', width: 10 },
  ],
  reminder: [
    { key: 'caseNo', header: '部门受案号', width: 30 },
    { key: 'title', header: '案件名称', width: 28 },
    { key: 'ruleTitle', header: '问题类型', width: 24 },
    { key: 'department', header: '部门', width: 14 },
    { key: 'prosecutor', header: '承办检察官', width: 12 },
    { key: 'onDate', header: '提示日期', width: 12 },
    { key: 'actor', header: '提示人', width: 12 },
    { key: 'note', header: '备注', width: 30 },
  ],
};

/** Chinese names of the flags, for the “计入” column of a rate's list. */
export const FLAG_LABELS: Record<string, string> = {
  carriedOver: '旧存',
  received: '新收',
  concluded: '办结',
  pending: '未结',
  lateConcluded: '超期办结',
  prosConcluded: '审查起诉办结',
  returned: '退回补充侦查',
  extended: '延长审查起诉期限',
  arrestDecided: '审查逮捕审结',
  arrested: '批准逮捕',
  notArrested: '不批准逮捕',
  prosDecided: '审查起诉审结',
  prosecuted: '起诉',
  notProsecuted: '不起诉',
  detained: '决定时被逮捕或在押',
  pleaYes: '认罪认罚',
  sentDen: '提出量刑建议',
  sentFixed: '确定刑',
  adoptDen: '量刑建议已判',
  adoptYes: '采纳',
  judged: '已判决',
  appealed: '上诉',
  findingsNew: '新发现',
  findingsSerious: '严重',
  findingsRectified: '本期整改',
  findingsOpen: '期末未整改',
  newRectified: '新发现且已整改',
  referralsIn: '督查移送',
  openSerious: '未整改严重',
  overdueRect: '逾期未整改',
  noticesIssued: '本期发出',
  noticesToChief: '报检察长',
  repliesOverdue: '逾期未回复',
  remindersGiven: '口头提示',
};

const yesNo = (v: unknown): string | null => (v == null ? null : v ? '是' : '否');

/** Turns base rows into list rows: flags as a list, suspects' names masked in names, titles and messages. */
function toListRows(db: Db, base: Base, raw: { columns: string[]; rows: unknown[][] }): ListRow[] {
  const at = new Map(raw.columns.map((c, i) => [c, i]));
  const ix = (k: string) => at.get(k) ?? -1;
  const get = (r: unknown[], i: number) => (i < 0 ? undefined : r[i]);
  const caseIdAt = ix('caseId');
  const names = q.personNamesByCase(
    db,
    raw.rows.map((r) => get(r, caseIdAt) as number).filter((x) => typeof x === 'number'),
  );
  const flagCols = (FLAGS[base] as readonly string[]).map((f) => [f, ix(f)] as const);
  const cols = LIST_COLUMNS[base].map((c) => ({
    key: c.key,
    at: ix(c.key),
    mask: c.key === 'title' || c.key === 'message' || c.key === 'note',
  }));
  const [dep, pro, ruleId, statusAtEnd, source, dueOn, name, plea, adopted, appealed, toChief] = [
    'department',
    'prosecutor',
    'ruleId',
    'statusAtEnd',
    'source',
    'dueOn',
    'name',
    'plea',
    'sentencingAdopted',
    'appealedFlag',
    'toChief',
  ].map(ix);
  const rules = ruleCatalogue(db);
  return raw.rows.map((r) => {
    const caseNames = names.get(get(r, caseIdAt) as number) ?? [];
    const flags: string[] = [];
    for (const [f, i] of flagCols) if (r[i] === 1) flags.push(f);
    const row: ListRow = {
      base,
      flags,
      department: String(get(r, dep) ?? ''),
      prosecutor: String(get(r, pro) ?? ''),
    };
    for (const col of cols) {
      let v = get(r, col.at) as Cell | undefined;
      if (col.mask) v = v == null ? null : maskNamesIn(String(v), caseNames);
      row[col.key] = v ?? null;
    }
    if (base === 'person') {
      row.name = maskName(String(get(r, name) ?? ''));
      row.plea = yesNo(get(r, plea));
      row.sentencingAdopted = yesNo(get(r, adopted));
      row.appealed = yesNo(get(r, appealed));
    }
    if (base === 'finding' || base === 'reminder') {
      row.ruleId = String(get(r, ruleId) ?? '');
      const info = rules.info(String(get(r, ruleId) ?? ''));
      row.ruleTitle = info.title;
      row.ruleArea = info.area;
    }
    if (base === 'finding') {
      row.statusAtEnd = String(get(r, statusAtEnd) ?? '');
      row.source = String(get(r, source) ?? '');
      row.dueOn = (get(r, dueOn) as string | null) ?? null;
    }
    if (base === 'notice') row.toChief = get(r, toChief) ? '是' : '否';
    return row;
  });
}

/**
 * Every row of a base in the period that counts in at least one of `flags` (all flags when empty), masked;
 * with a scope, one prosecutor's rows only (read as such, not filtered afterwards).
 */
export function listRows(
  db: Db,
  base: Base,
  periodKey: string,
  flags: readonly string[] = [],
  scope: Scope = {},
): ListRow[] {
  const period = periodOf(periodKey);
  const rows = toListRows(
    db,
    base,
    q.baseRows(db, base, { start: period.start, end: period.end }, flags, { prosecutor: scope.prosecutor }),
  );
  return scope.department ? rows.filter((r) => inScope(r, scope)) : rows;
}

export function inScope(r: { department: string; prosecutor: string }, scope: Scope = {}): boolean {
  return (
    (!scope.prosecutor || r.prosecutor === scope.prosecutor) && (!scope.department || r.department === scope.department)
  );
}

/** Filters already-fetched rows (e.g. a snapshot's) to those behind a metric in a scope. */
export function filterBehind(rows: ListRow[], def: MetricDef, scope: Scope = {}): ListRow[] {
  const want = listFlags(def);
  return rows.filter(
    (r) => r.base === def.base && inScope(r, scope) && r.flags.some((f) => (want as string[]).includes(f)),
  );
}

/** The case, person, finding, notice or reminder rows behind a figure (metric id, period, scope), live from the store. */
export function listBehind(
  db: Db,
  metricId: string,
  periodKey: string,
  scope: Scope = {},
): { metric: MetricDef; columns: { key: string; header: string }[]; rows: ListRow[] } {
  const def = METRICS_BY_ID[metricId];
  if (!def) throw new RangeError(`未知的指标：${metricId}`);
  const rows = listRows(db, def.base, periodKey, listFlags(def), scope);
  return { metric: def, columns: columnsFor(def), rows };
}

/** A list's columns; a rate's list adds which part of the rate each row counts in (计入). */
export function columnsFor(def: MetricDef): { key: string; header: string; width?: number }[] {
  const cols = [...LIST_COLUMNS[def.base]];
  if (def.kind === 'rate' || def.kind === 'sum') cols.push({ key: 'countsIn', header: '计入', width: 20 });
  return cols;
}

/** The value of a cell of a list row for display (the 计入 column is derived from the flags). */
export function cellOf(def: MetricDef, row: ListRow, key: string): Cell {
  if (key === 'countsIn')
    return listFlags(def)
      .filter((f) => row.flags.includes(f))
      .map((f) => FLAG_LABELS[f] ?? f)
      .join('、');
  const v = row[key];
  return Array.isArray(v) ? v.join('、') : (v ?? null);
}

/** The seven days after a week (warnings due soon). */
export function weekAfter(period: Period): { from: string; to: string } {
  return { from: period.end, to: addDays(period.end, 7) };
}
