/**
 * The annual evaluation workbook (业绩考评数据, metrics.md): one row per 员额检察官 of the roster with the dossier's
 * figures for the year (sheet 汇总), and one sheet per figure listing the cases, persons, findings, notices or
 * reviews behind it. It presents data: no ranking unless 设置 → 部门内排名 is on. Chinese headers only; text goes
 * through the shared XLSX writer (core/documents/xlsx-writer.ts), which makes formula-like text inert.
 *
 * Set-wise: four reads of the bulletins' bases for the year (every row, all flags) serve every metric's sheet, and
 * dossierData reads the rest once for everyone (core/dossier/figures.ts): no query per prosecutor or per figure.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '../../db/store';
import { HandlerError } from '../errors';
import { isYearKey, yearPeriod, type IsoDate } from '../dates';
import { quotaProsecutors } from '../../db/queries/metrics';
import { getSettings } from '../settings';
import {
  AREAS,
  PROSECUTOR_METRICS,
  cellOf,
  columnsFor,
  compareZh,
  filterBehind,
  listRows,
  type Base,
  type ListRow,
  type MetricDef,
} from '../metrics';
import { REVIEW_GRADES } from '../referrals/values';
import { safeSheetName, writeXlsx, type CellValue, type SheetRow, type SheetSpec } from '../documents/xlsx-writer';
import { dossierData, emptyFigures, DOSSIER_FIGURES, type DossierFigures, type FigureList } from './figures';

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
  /** figure key (a metric id or a DOSSIER_FIGURES key) → the rows behind it, quota prosecutors only */
  lists: { key: string; title: string; note?: string; columns: FigureList['columns']; rows: FigureList['rows'] }[];
}

/** The evaluation of a year; refused while the year is not over (`today`: the door's clock). */
export function buildEvaluation(db: Db, year: string, opts: { today: IsoDate; generatedAt: string }): Evaluation {
  if (!isYearKey(year)) throw new HandlerError(`年度“${year}”无效，应为四位年份，如 2026`, 400);
  const p = yearPeriod(year);
  if (p.end >= opts.today)
    throw new HandlerError(`${year}年度尚未结束，不能生成年度业绩考评数据：${+year + 1}年1月1日起可以生成。`, 400);
  const settings = getSettings(db);
  const roster = quotaProsecutors(db);
  const quota = new Set(roster.map((r) => r.name));
  const data = dossierData(db, year);
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

  // Every base read once for the year; each metric's sheet is its rows filtered by the metric's flags.
  const byBase = new Map<Base, ListRow[]>();
  const baseOf = (b: Base) => {
    let l = byBase.get(b);
    if (!l) byBase.set(b, (l = listRows(db, b, year).filter((r) => quota.has(r.prosecutor))));
    return l;
  };
  const metricLists = PROSECUTOR_METRICS.map((def) => metricSheetList(def, filterBehind(baseOf(def.base), def)));
  const own = DOSSIER_FIGURES.filter((x) => !PROSECUTOR_METRICS.some((m) => m.id === x.key)).map((x) => {
    const l = data.lists.get(x.key)!;
    return { ...l, rows: l.rows.filter((r) => quota.has(r.prosecutor)) };
  });
  return {
    year,
    office: settings.officeName,
    generatedAt: opts.generatedAt,
    rankWithinDepartment: settings.rankWithinDepartment,
    rows,
    lists: [...metricLists, ...own],
  };
}

function metricSheetList(def: MetricDef, rows: ListRow[]): Evaluation['lists'][number] {
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

// ---- the workbook ------------------------------------------------------------------------------------

const pct = (v: number | null): CellValue => (v == null ? '—' : { n: v, fmt: 'pct' });
const dec = (v: number | null): CellValue => (v == null ? '—' : { n: v, fmt: 'dec1' });
const metricCell = (def: MetricDef, v: number | null | undefined): CellValue =>
  v == null ? '—' : def.kind === 'rate' ? pct(v) : def.kind === 'mean' ? dec(v) : v;

/** The summary's columns after 部门 / 检察官 (/ 部门内排名): header and value of a row. */
export const SUMMARY_COLUMNS: { header: string; value: (f: DossierFigures) => CellValue }[] = [
  ...PROSECUTOR_METRICS.map((def) => ({
    header: def.name,
    value: (f: DossierFigures) => metricCell(def, f.metrics[def.id]),
  })),
  { header: '每百件案件问题数', value: (f) => dec(f.findings.per100Cases) },
  ...AREAS.map((a) => ({ header: `问题：${a}`, value: (f: DossierFigures) => f.findings.byArea[a] ?? 0 })),
  { header: '整改天数中位数', value: (f) => dec(f.findings.medianDaysToRectify) },
  { header: '按期整改率', value: (f) => pct(f.findings.rectifiedOnTimeRate) },
  { header: '逾期未整改', value: (f) => f.findings.overdue },
  { header: '移送督查', value: (f) => f.findings.escalated },
  { header: '报检察长', value: (f) => f.notices.toChief },
  { header: '按期回复', value: (f) => f.notices.repliedOnTime },
  ...REVIEW_GRADES.map((g) => ({ header: `评查${g}`, value: (f: DossierFigures) => f.reviewGrades[g] ?? 0 })),
  { header: '督查移送', value: (f) => f.referralsIn },
];

function head(e: Evaluation, title: string, extra: [string, string][] = []): SheetRow[] {
  return [
    { cells: [title], style: 'title' },
    ...(
      [
        ['单位', e.office],
        ['期间', `${e.year}年度（${e.year}-01-01 至 ${e.year}-12-31）`],
        ['生成时间', e.generatedAt],
        ...extra,
      ] as [string, string][]
    ).map(([k, v]) => ({ cells: [k, v], style: 'label' as const })),
    { cells: [] },
  ];
}

export function evaluationSheets(e: Evaluation): SheetSpec[] {
  const used = new Set<string>();
  const title = `${e.year}年度员额检察官业绩考评数据`;
  const top = head(e, title, [
    ['说明', e.rankWithinDepartment ? '按设置列出部门内排名（按办结案件数），仅供参考' : '本表仅呈现数据，不作排名'],
  ]);
  const headers = [
    '部门',
    '检察官',
    ...(e.rankWithinDepartment ? ['部门内排名'] : []),
    ...SUMMARY_COLUMNS.map((c) => c.header),
  ];
  const summary: SheetSpec = {
    name: safeSheetName(used, '汇总'),
    freeze: { row: top.length + 2, col: 2 },
    autoFilter: { row: top.length + 1, cols: headers.length },
    widths: [
      16,
      12,
      ...(e.rankWithinDepartment ? [10] : []),
      ...SUMMARY_COLUMNS.map((c) => Math.max(9, c.header.length * 2 + 2)),
    ],
    rows: [
      ...top,
      { cells: headers, style: 'header' },
      ...e.rows.map((r) => ({
        cells: [
          r.department,
          r.prosecutor,
          ...(e.rankWithinDepartment ? [r.rank ?? '—'] : []),
          ...SUMMARY_COLUMNS.map((c) => c.value(r.figures)),
        ],
      })),
    ],
  };
  const lists = e.lists.map((l): SheetSpec => {
    const h = head(e, `${l.title}清单`, l.note ? [['口径', l.note]] : []);
    const cols = [{ key: 'seq', header: '序号', width: 6 }, ...l.columns];
    return {
      name: safeSheetName(used, l.title),
      widths: cols.map((c) => c.width ?? 14),
      freeze: { row: h.length + 2 },
      autoFilter: { row: h.length + 1, cols: cols.length },
      rows: [
        ...h,
        { cells: cols.map((c) => c.header), style: 'header' },
        ...l.rows.map((r, i) => ({ cells: [i + 1, ...l.columns.map((c) => r[c.key] ?? null)] })),
      ],
    };
  });
  return [summary, ...lists];
}

export function evaluationFileName(year: string): string {
  return `${year}年度员额检察官业绩考评数据.xlsx`;
}

/** Writes the workbook into `outDir`; returns its path. */
export async function writeEvaluation(e: Evaluation, outDir: string): Promise<string> {
  fs.mkdirSync(outDir, { recursive: true });
  const file = path.join(outDir, evaluationFileName(e.year));
  const buf = await writeXlsx(evaluationSheets(e), { creator: e.office, created: e.generatedAt });
  fs.writeFileSync(`${file}.part`, buf);
  fs.renameSync(`${file}.part`, file);
  return file;
}
