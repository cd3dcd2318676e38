/**
 * The metric ids of metrics.md and how each is made from row flags.
 *
 * Every figure is built from 0/1 flags computed per row in SQL (db/queries/metrics.ts): a count is
 * SUM(flag); a rate is SUM(num) / SUM(den…) and null when the denominator is 0; a mean is
 * SUM(value) / SUM(flag). The same flags select the rows behind a figure (listBehind), so a figure
 * and its list can never disagree.
 */

export type Base = 'case' | 'person' | 'finding' | 'notice' | 'reminder';

export const FLAGS = {
  case: ['carriedOver', 'received', 'concluded', 'pending', 'lateConcluded', 'prosConcluded', 'returned', 'extended'],
  person: [
    'arrestDecided',
    'arrested',
    'notArrested',
    'prosDecided',
    'prosecuted',
    'notProsecuted',
    'detained',
    'pleaYes',
    'sentDen',
    'sentFixed',
    'adoptDen',
    'adoptYes',
    'judged',
    'appealed',
  ],
  finding: [
    'findingsNew',
    'findingsSerious',
    'findingsRectified',
    'findingsOpen',
    'newRectified',
    'referralsIn',
    'openSerious',
    'overdueRect',
  ],
  notice: ['noticesIssued', 'noticesToChief', 'repliesOverdue'],
  reminder: ['remindersGiven'],
} as const satisfies Record<Base, readonly string[]>;

export type Flag = (typeof FLAGS)[Base][number];
export type Counters = Record<Flag, number> & { daysSum: number };

export type MetricKind = 'count' | 'sum' | 'rate' | 'mean';
export interface MetricDef {
  id: string;
  name: string;
  kind: MetricKind;
  base: Base;
  unit: string;
  /** count: the flag; rate: the numerator flag; mean: the flag of the rows averaged. */
  num: Flag;
  /** rate: the flags summed for the denominator; sum: the flags summed. */
  den?: Flag[];
  /** Short definition (口径) shown at the end of documents and as a tooltip. */
  def: string;
}

const m = (
  id: string,
  name: string,
  kind: MetricKind,
  base: Base,
  unit: string,
  num: Flag,
  den: Flag[] | undefined,
  def: string,
): MetricDef => ({ id, name, kind, base, unit, num, den, def });

/** 《员额检察官办案数据通报》 metrics, in column order. */
export const PROSECUTOR_METRICS: MetricDef[] = [
  m('carriedOver', '旧存', 'count', 'case', '件', 'carriedOver', undefined, '期初前受理、期初前未办结的案件'),
  m('received', '新收', 'count', 'case', '件', 'received', undefined, '受理日期在本期的案件'),
  m('concluded', '办结', 'count', 'case', '件', 'concluded', undefined, '办结日期在本期的案件'),
  m('pending', '未结', 'count', 'case', '件', 'pending', undefined, '期末前受理、期末仍未办结的案件'),
  m('concludeRate', '结案率', 'rate', 'case', '%', 'concluded', ['carriedOver', 'received'], '办结 ÷（旧存＋新收）'),
  m(
    'avgDays',
    '平均办案天数',
    'mean',
    'case',
    '天',
    'concluded',
    undefined,
    '本期办结案件（办结日期－受理日期）的平均天数',
  ),
  m(
    'lateConcluded',
    '超期办结',
    'count',
    'case',
    '件',
    'lateConcluded',
    undefined,
    '本期办结且有办案期限类“超期办结”问题的案件',
  ),
  m(
    'arrestDecided',
    '审查逮捕审结人数',
    'count',
    'person',
    '人',
    'arrestDecided',
    undefined,
    '审查逮捕案件中结论为批准逮捕或不批准逮捕、结论日期在本期的人数',
  ),
  m('arrested', '批准逮捕人数', 'count', 'person', '人', 'arrested', undefined, '其中批准逮捕的人数'),
  m('notArrested', '不捕人数', 'count', 'person', '人', 'notArrested', undefined, '其中不批准逮捕的人数'),
  m(
    'nonArrestRate',
    '不捕率',
    'rate',
    'person',
    '%',
    'notArrested',
    ['arrested', 'notArrested'],
    '不捕人数 ÷（批准逮捕人数＋不捕人数）',
  ),
  m(
    'prosDecided',
    '审查起诉审结人数',
    'count',
    'person',
    '人',
    'prosDecided',
    undefined,
    '审查起诉案件中结论为起诉或不起诉、结论日期在本期的人数',
  ),
  m('prosecuted', '起诉人数', 'count', 'person', '人', 'prosecuted', undefined, '其中起诉的人数'),
  m('notProsecuted', '不起诉人数', 'count', 'person', '人', 'notProsecuted', undefined, '其中不起诉的人数'),
  m(
    'nonProsRate',
    '不诉率',
    'rate',
    'person',
    '%',
    'notProsecuted',
    ['prosecuted', 'notProsecuted'],
    '不起诉人数 ÷（起诉人数＋不起诉人数）',
  ),
  m(
    'pleaRate',
    '认罪认罚适用率',
    'rate',
    'person',
    '%',
    'pleaYes',
    ['prosDecided'],
    '审查起诉审结人数中认罪认罚的人数 ÷ 审查起诉审结人数',
  ),
  m(
    'fixedSentencingRate',
    '确定刑量刑建议提出率',
    'rate',
    'person',
    '%',
    'sentFixed',
    ['sentDen'],
    '本期起诉且提出量刑建议的人中，确定刑 ÷（确定刑＋幅度刑）',
  ),
  m(
    'sentencingAdoptRate',
    '量刑建议采纳率',
    'rate',
    'person',
    '%',
    'adoptYes',
    ['adoptDen'],
    '提出量刑建议、判决日期在本期且已填采纳情况的人中，采纳的比例',
  ),
  m(
    'pretrialDetentionRate',
    '诉前羁押率',
    'rate',
    'person',
    '%',
    'detained',
    ['prosecuted', 'notProsecuted'],
    '本期起诉、不起诉的人中，作出决定时被逮捕（或羁押状态为在押）的人数 ÷（起诉人数＋不起诉人数）；同一批人，不超过100%',
  ),
  m(
    'returnRate',
    '退回补充侦查率',
    'rate',
    'case',
    '%',
    'returned',
    ['prosConcluded'],
    '本期办结的审查起诉案件中有退回补充侦查的比例',
  ),
  m(
    'extensionRate',
    '延长审查起诉期限率',
    'rate',
    'case',
    '%',
    'extended',
    ['prosConcluded'],
    '本期办结的审查起诉案件中有延长审查起诉期限的比例',
  ),
  m('appealRate', '一审判决上诉率', 'rate', 'person', '%', 'appealed', ['judged'], '判决日期在本期的人中上诉的比例'),
  m('findingsNew', '新发现问题', 'count', 'finding', '个', 'findingsNew', undefined, '本期首次发现的监控问题'),
  m('findingsSerious', '其中严重', 'count', 'finding', '个', 'findingsSerious', undefined, '其中严重等级的问题'),
  m('noticesIssued', '通知书', 'count', 'notice', '份', 'noticesIssued', undefined, '本期发出的流程监控通知书'),
  m('findingsRectified', '已整改', 'count', 'finding', '个', 'findingsRectified', undefined, '本期变为已整改的问题'),
  m(
    'findingsOpen',
    '期末未整改',
    'count',
    'finding',
    '个',
    'findingsOpen',
    undefined,
    '期末处于待处理、已提示、已通知状态的问题',
  ),
];

/** 《流程监控通报》 metrics. */
export const MONITORING_METRICS: MetricDef[] = [
  m(
    'casesMonitored',
    '监控案件数',
    'sum',
    'case',
    '件',
    'carriedOver',
    ['carriedOver', 'received'],
    '全院旧存＋新收案件数',
  ),
  m('findingsNew', '新发现问题', 'count', 'finding', '个', 'findingsNew', undefined, '本期首次发现的监控问题'),
  m('remindersGiven', '口头提示', 'count', 'reminder', '次', 'remindersGiven', undefined, '本期登记的口头提示'),
  m('noticesIssued', '发出通知书', 'count', 'notice', '份', 'noticesIssued', undefined, '本期发出的流程监控通知书'),
  m('noticesToChief', '报检察长', 'count', 'notice', '份', 'noticesToChief', undefined, '本期通知书中报检察长的'),
  m('findingsRectified', '已整改', 'count', 'finding', '个', 'findingsRectified', undefined, '本期变为已整改的问题'),
  m(
    'rectificationRate',
    '整改率',
    'rate',
    'finding',
    '%',
    'newRectified',
    ['findingsNew'],
    '本期新发现问题中期末已整改的 ÷ 新发现问题',
  ),
  m(
    'findingsOpen',
    '期末未整改',
    'count',
    'finding',
    '个',
    'findingsOpen',
    undefined,
    '期末处于待处理、已提示、已通知状态的问题',
  ),
  m(
    'repliesOverdue',
    '逾期未回复',
    'count',
    'notice',
    '份',
    'repliesOverdue',
    undefined,
    '回复期限在期末之前、期末仍未回复的通知书',
  ),
  m('referralsIn', '督查移送', 'count', 'finding', '个', 'referralsIn', undefined, '本期录入的检务督查部门移送问题'),
  m(
    'findingsOverdueRectification',
    '逾期未整改',
    'count',
    'finding',
    '个',
    'overdueRect',
    undefined,
    '期末仍未整改、所在流程监控通知书回复期限已过，经日审核认定为逾期未整改的问题',
  ),
];

/**
 * Figures shown at office level only, each with its 口径 note (metrics.md): the SPP's reporting ratio
 * divides persons arrested in P by persons prosecuted or not prosecuted in P — two different cohorts —
 * so for one prosecutor in one month it routinely exceeds 100 %; it is never a column of the rows.
 */
export const OFFICE_LEVEL_METRICS: MetricDef[] = [
  m(
    'sppPretrialDetentionRatio',
    '诉前羁押率（最高检通报口径）',
    'rate',
    'person',
    '%',
    'arrested',
    ['prosecuted', 'notProsecuted'],
    '本期批准逮捕人数 ÷ 本期（起诉人数＋不起诉人数）。分子分母不是同一批人，只在全院层面通报，可能超过100%',
  ),
];

export const ALL_METRICS: MetricDef[] = [
  ...PROSECUTOR_METRICS,
  ...OFFICE_LEVEL_METRICS,
  ...MONITORING_METRICS.filter((x) => !PROSECUTOR_METRICS.some((p) => p.id === x.id)),
];
export const METRICS_BY_ID: Record<string, MetricDef> = Object.fromEntries(ALL_METRICS.map((d) => [d.id, d]));

export function emptyCounters(): Counters {
  const c = { daysSum: 0 } as Counters;
  for (const b of Object.keys(FLAGS) as Base[]) for (const f of FLAGS[b]) (c as Record<string, number>)[f] = 0;
  return c;
}

export function addCounters(into: Counters, from: Partial<Counters>): Counters {
  for (const [k, v] of Object.entries(from))
    if (typeof v === 'number') (into as Record<string, number>)[k] = ((into as Record<string, number>)[k] ?? 0) + v;
  return into;
}

/** The value of a metric from counters: counts are integers, rates and means unrounded, null on a 0 denominator. */
export function metricValue(def: MetricDef, c: Counters): number | null {
  switch (def.kind) {
    case 'count':
      return c[def.num];
    case 'sum':
      return (def.den ?? []).reduce((s, f) => s + c[f], 0);
    case 'mean':
      return c[def.num] === 0 ? null : c.daysSum / c[def.num];
    case 'rate': {
      const den = (def.den ?? []).reduce((s, f) => s + c[f], 0);
      return den === 0 ? null : c[def.num] / den;
    }
  }
}

export function metricsOf(defs: MetricDef[], c: Counters): Record<string, number | null> {
  return Object.fromEntries(defs.map((d) => [d.id, metricValue(d, c)]));
}

/** Flags that select the rows behind a metric (its list): the count flag, or numerator ∪ denominator. */
export function listFlags(def: MetricDef): Flag[] {
  if (def.kind === 'sum') return def.den ?? [];
  if (def.kind === 'rate') return [...new Set([def.num, ...(def.den ?? [])])];
  return [def.num];
}

/** Display: counts as integers, rates as percent with one decimal, means with one decimal; null → '—'. */
export function formatMetric(def: MetricDef, v: number | null): string {
  if (v == null) return '—';
  if (def.kind === 'rate') return `${(v * 100).toFixed(1)}%`;
  if (def.kind === 'mean') return v.toFixed(1);
  return String(v);
}

/** The rule areas of the monitoring bulletin (rules.md), in order. */
export const AREAS = ['办案期限', '强制措施', '诉讼权利保障', '法律文书', '案卡填录', '督查移送'] as const;
export const SEVERITIES = ['严重', '较重', '轻微'] as const;
export const OPEN_STATUSES = ['待处理', '已提示', '已通知'] as const;
