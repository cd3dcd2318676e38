/**
 * The annual evaluation workbook (业绩考评数据, metrics.md): one row per 员额检察官 of the roster with the dossier's
 * figures for the year (sheet 汇总), and one sheet per figure listing the cases, persons, findings, notices or
 * reviews behind it. It presents data: no ranking unless 设置 → 部门内排名 is on. Chinese headers only; text goes
 * through the shared XLSX writer (core/documents/xlsx-writer.ts), which makes formula-like text inert.
 *
 * Set-wise: four reads of the bulletins' bases for the year (every row, all flags) serve every metric's sheet, and
 * dossierData reads the rest once for everyone (core/dossier/figures.ts): no query per prosecutor or per figure.
 */
import type { Db } from '../../db/store';
import { HandlerError } from '../errors';
import { refuseUnfinishedLongPeriod } from '../jobs/not-yet';
import { isYearKey, yearPeriod, type IsoDate } from '../dates';
import { quotaProsecutors } from '../../db/queries/metrics';
import { getSettings } from '../settings';
import {
  LIST_COLUMNS,
  METRICS_BY_ID,
  PROSECUTOR_METRICS,
  cellOf,
  columnsFor,
  compareZh,
  filterBehind,
  listFlags,
  listRows,
  type Base,
  type ListRow,
  type MetricDef,
} from '../metrics';
import type { CellValue } from '../documents/xlsx-writer';
import {
  dossierData,
  emptyFigures,
  DOSSIER_FIGURES,
  FINDING_COLS,
  type DossierData,
  type DossierFigures,
  type FigureList,
} from './figures';

/**
 * The rows behind the figures, as sheets of one population each (the cases, persons, findings or notices of
 * some figures): every row once, with one column per figure saying how the row counts in it — 是, 计入分子 /
 * 仅计入分母, or the value a mean averages. A figure's count is the number of its column's marked rows (of the
 * prosecutor), so a reader checks it with the sheet's filter; a rate's numerator and denominator are both there.
 * Listing a row once per population rather than once per figure keeps the year's workbook at 100k cases to a few
 * hundred thousand rows (one sheet per figure repeated the same cases in up to nine sheets: 740k rows, 55 MB).
 */
export interface FigureColumn {
  /** the figure's name, as in 汇总 */
  header: string;
  /** how the figure is made from this column (and its 口径) */
  how: string;
  cell: (row: Record<string, unknown>) => CellValue;
}
export interface GroupSheet {
  title: string;
  note: string;
  columns: { key: string; header: string; width?: number }[];
  figures: FigureColumn[];
  rows: Record<string, unknown>[];
}

export interface EvaluationRow {
  department: string;
  prosecutor: string;
  rank?: number | null;
  figures: DossierFigures;
}

export interface Evaluation {
  year: string;
  office: string;
  generatedAt: string;
  rankWithinDepartment: boolean;
  rows: EvaluationRow[];
  /** the rows behind the figures, one sheet per population (quota prosecutors only) */
  groups: GroupSheet[];
  /** the dossier's figures with rows of their own (按期整改率, 移送督查, 案件质量评查), quota prosecutors only */
  lists: FigureList[];
}

/** The evaluation of a year; refused while the year is not over (`today`: the door's clock). */
export function buildEvaluation(db: Db, year: string, opts: { today: IsoDate; generatedAt: string }): Evaluation {
  if (!isYearKey(year)) throw new HandlerError(`年度“${year}”无效，应为四位年份（1900 至 2199），如 2026`, 400);
  const p = yearPeriod(year);
  refuseUnfinishedLongPeriod(p, `${year}年度`, opts.today, '年度业绩考评数据');
  const settings = getSettings(db);
  const roster = quotaProsecutors(db);
  const quota = new Set(roster.map((r) => r.name));
  const keep = (r: { prosecutor: string }) => quota.has(r.prosecutor);
  // Every base of the year read once, all flags: the figures are counted from the rows the sheets list.
  const byBase = new Map<Base, ListRow[]>();
  const baseRows = (b: Base) => {
    let l = byBase.get(b);
    if (!l) byBase.set(b, (l = listRows(db, b, year)));
    return l;
  };
  const data = dossierData(db, year, {}, baseRows);
  const rows: EvaluationRow[] = roster
    .map((r) => ({
      department: r.department,
      prosecutor: r.name,
      figures: data.figures.get(r.name) ?? emptyFigures(r.name),
    }))
    .sort((a, b) => compareZh(a.department, b.department) || compareZh(a.prosecutor, b.prosecutor));
  if (settings.rankWithinDepartment) {
    for (const d of new Set(rows.map((r) => r.department))) {
      const inDept = rows
        .filter((r) => r.department === d)
        .sort((a, b) => (b.figures.metrics.concluded ?? 0) - (a.figures.metrics.concluded ?? 0));
      let rank = 0,
        prev: number | null = null;
      inDept.forEach((r, i) => {
        if (r.figures.metrics.concluded !== prev) rank = i + 1;
        prev = r.figures.metrics.concluded;
        r.rank = rank;
      });
    }
  }

  const kept = new Map<Base, ListRow[]>();
  const keptOf = (b: Base) => {
    let l = kept.get(b);
    if (!l) kept.set(b, (l = baseRows(b).filter(keep)));
    return l;
  };
  const groups = figureGroups(data, keptOf, keep);
  const lists = OWN_SHEETS.map((k) => {
    const l = data.lists.get(k)!;
    return { ...l, rows: l.rows.filter(keep) };
  });
  return {
    year,
    office: settings.officeName,
    generatedAt: opts.generatedAt,
    rankWithinDepartment: settings.rankWithinDepartment,
    rows,
    groups,
    lists,
  };
}

/** The dossier's figures whose rows are not findings of the period nor notices: a sheet each. */
const OWN_SHEETS = ['rectifiedOnTimeRate', 'escalated', 'reviews'] as const;

/**
 * The bulletin metrics by population: the figures counted from the same rows share a sheet (a rate with the counts
 * that make it). A metric not named here gets a sheet of its own.
 */
const METRIC_GROUPS: { title: string; unit: string; ids: string[] }[] = [
  {
    title: '旧存新收案件',
    unit: '件',
    ids: ['carriedOver', 'received', 'concluded', 'pending', 'concludeRate', 'avgDays', 'lateConcluded'],
  },
  { title: '审查起诉办结案件', unit: '件', ids: ['returnRate', 'extensionRate'] },
  { title: '审查逮捕审结人员', unit: '人', ids: ['arrestDecided', 'arrested', 'notArrested', 'nonArrestRate'] },
  {
    title: '审查起诉审结人员',
    unit: '人',
    ids: [
      'prosDecided',
      'prosecuted',
      'notProsecuted',
      'nonProsRate',
      'pleaRate',
      'pretrialDetentionRate',
      'fixedSentencingRate',
    ],
  },
  { title: '一审判决人员', unit: '人', ids: ['sentencingAdoptRate', 'appealRate'] },
  { title: '问题', unit: '个', ids: ['findingsNew', 'findingsSerious', 'findingsRectified', 'findingsOpen'] },
];

const ROW_NOUN: Record<Base, string> = {
  case: '件案件',
  person: '名人员',
  finding: '个问题',
  notice: '份通知书',
  reminder: '次口头提示',
};

/** The value a mean averages, by metric id (平均办案天数: each concluded case's days). */
const MEAN_VALUE: Record<string, string> = { avgDays: 'days' };

const has = (row: Record<string, unknown>, flag: string) => (row.flags as string[]).includes(flag);

/** A bulletin metric's column: how each row counts in it, from the row's flags. */
export function metricColumn(def: MetricDef): FigureColumn {
  const q = `「${def.name}」列`;
  if (def.kind === 'rate') {
    const den = def.den ?? [];
    return {
      header: def.name,
      how: `${q}为“计入分子”的行数 ÷ 该列不为空的行数（${def.def}）`,
      cell: (r) => {
        const inDen = den.some((f) => has(r, f));
        if (has(r, def.num)) return inDen ? '计入分子' : '仅计入分子';
        return inDen ? '仅计入分母' : null;
      },
    };
  }
  if (def.kind === 'mean') {
    const key = MEAN_VALUE[def.id] ?? 'value';
    return {
      header: def.name,
      how: `${q}的平均值（${def.def}）`,
      cell: (r) => (has(r, def.num) ? ((r[key] as number | null) ?? null) : null),
    };
  }
  if (def.kind === 'sum')
    return {
      header: def.name,
      how: `${q}不为空的行数（${def.def}）`,
      cell: (r) => cellOf(def, r as ListRow, 'countsIn') || null,
    };
  return { header: def.name, how: `${q}为“是”的行数（${def.def}）`, cell: (r) => (has(r, def.num) ? '是' : null) };
}

/**
 * The sheets of the bulletin metrics (each base read once, all flags) and of the dossier's figures counted from
 * the same findings and notices (their lists in `data`), keeping the rows `keep` accepts.
 */
export function figureGroups(
  data: DossierData,
  baseOf: (base: Base) => ListRow[],
  keep: (r: { prosecutor: string }) => boolean = () => true,
): GroupSheet[] {
  const named = new Set(METRIC_GROUPS.flatMap((g) => g.ids));
  const groups = [
    ...METRIC_GROUPS,
    ...PROSECUTOR_METRICS.filter((m) => !named.has(m.id) && m.base !== 'notice').map((m) => ({
      title: m.name,
      unit: m.unit,
      ids: [m.id],
    })),
  ];
  const out: GroupSheet[] = groups.map((g) => {
    const defs = g.ids.map((id) => METRICS_BY_ID[id]);
    const base = defs[0].base;
    const flags = new Set<string>(defs.flatMap((d) => listFlags(d)));
    const rows = baseOf(base).filter((r) => r.flags.some((f) => flags.has(f)));
    return {
      title: g.title,
      note: `每行一${ROW_NOUN[base]}，列出计入下列任一数据项的；各数据项一列，写明该行如何计入`,
      columns:
        base === 'finding'
          ? [...FINDING_COLS.slice(0, -1), ...FINDING_EXTRA, FINDING_COLS[FINDING_COLS.length - 1]]
          : LIST_COLUMNS[base],
      figures: defs.map(metricColumn),
      rows,
    };
  });

  // The dossier's figures on the same findings: 逾期未整改, 督查移送, the days behind the median days to rectify.
  const findings = out.find((g) => g.title === '问题');
  if (findings) {
    const days = new Map(data.lists.get('medianDaysToRectify')!.rows.map((r) => [String(r.id), r.days]));
    const overdue = DOSSIER_FIGURES.find((x) => x.key === 'findingsOverdueRectification')!;
    const referrals = DOSSIER_FIGURES.find((x) => x.key === 'referralsIn')!;
    findings.figures.push(
      {
        header: '逾期未整改',
        how: `「逾期未整改」列为“是”的行数（${overdue.note}）`,
        cell: (r) => (has(r, 'overdueRect') ? '是' : null),
      },
      {
        header: '督查移送',
        how: `「督查移送」列为“是”的行数（${referrals.note}）`,
        cell: (r) => (has(r, 'referralsIn') && has(r, 'findingsNew') ? '是' : null),
      },
      {
        header: '整改天数',
        how: '整改天数中位数：「整改天数」列的中位数（本期首次发现、期末已整改的问题，自首次发现至期末前最后一次整改的天数）；每百件案件问题数：「新发现问题」列为“是”的行数 ÷（旧存＋新收）× 100；问题按领域、按规则：「新发现问题」列为“是”的行按问题领域、问题类型筛选',
        cell: (r) => (days.get(String(r.id)) as number | undefined) ?? null,
      },
    );
  }

  // Notices issued in the period: 通知书, 报检察长, 按期回复 (the dossier's list, with how each was replied to).
  const notices = data.lists.get('repliedOnTime')!;
  out.push({
    title: '通知书',
    note: '每行一份本期发给员额检察官的流程监控通知书；各数据项一列，写明该份如何计入',
    // 报检察长 is the figure's column here (是 or empty), not a data column beside it.
    columns: notices.columns
      .filter((c) => c.key !== 'toChief')
      .map((c) => (c.key === 'countsIn' ? { ...c, header: '回复情况' } : c)),
    figures: [
      { header: '通知书', how: '「通知书」列为“是”的行数（本期发给本人的流程监控通知书）', cell: () => '是' },
      {
        header: '报检察长',
        how: '「报检察长」列为“是”的行数（本期通知书中报检察长的）',
        cell: (r) => (r.toChief === '是' ? '是' : null),
      },
      {
        header: '按期回复',
        how: '「按期回复」列为“是”的行数（本期通知书中在回复期限内且在期末前回复的）',
        cell: (r) => (r.countsIn === '按期回复' ? '是' : null),
      },
    ],
    rows: notices.rows.filter(keep),
  });
  return out;
}

const FINDING_EXTRA = [
  { key: 'rectifiedOn', header: '整改日期', width: 12 },
  { key: 'overdueOn', header: '逾期未整改日期', width: 14 },
];

/**
 * Every figure's list for a period (one prosecutor's dossier workbook: a sheet per figure): each bulletin metric's (every base read once, all flags, then filtered by the
 * metric's flags) and each of the dossier's own (from `data`), keeping the rows of the prosecutors `keep` accepts.
 */
export function allFigureLists(
  db: Db,
  periodKey: string,
  data: DossierData,
  scope: { prosecutor?: string },
  keep: (prosecutor: string) => boolean = () => true,
): FigureList[] {
  const byBase = new Map<Base, ListRow[]>();
  const baseOf = (b: Base) => {
    let l = byBase.get(b);
    if (!l) byBase.set(b, (l = listRows(db, b, periodKey, [], scope).filter((r) => keep(r.prosecutor))));
    return l;
  };
  const metricLists = PROSECUTOR_METRICS.map((def) => metricSheetList(def, filterBehind(baseOf(def.base), def)));
  const own = DOSSIER_FIGURES.filter((x) => !PROSECUTOR_METRICS.some((m) => m.id === x.key)).map((x) => {
    const l = data.lists.get(x.key)!;
    return { ...l, rows: l.rows.filter((r) => keep(r.prosecutor)) };
  });
  return [...metricLists, ...own];
}

function metricSheetList(def: MetricDef, rows: ListRow[]): FigureList {
  const cols = columnsFor(def);
  return {
    key: def.id,
    title: def.name,
    note: def.def,
    columns: cols,
    rows: rows.map((r) => ({
      ...Object.fromEntries(cols.map((c) => [c.key, cellOf(def, r, c.key)])),
      department: r.department,
      prosecutor: r.prosecutor,
    })),
  };
}
