/**
 * The Excel workbooks of the dossier and of the annual evaluation: a summary sheet, then one sheet per figure with
 * the rows behind it. Chinese headers only (no metric ids); every sheet starts with office, period, generation
 * time and how the figure is counted. Written with the shared writer (core/documents/xlsx-writer.ts: fast at 100k
 * rows, byte-stable, formula-like text made inert there).
 */
import fs from 'node:fs';
import path from 'node:path';
import { AREAS, PROSECUTOR_METRICS, type MetricDef } from '../metrics';
import { monthLabel } from '../dates';
import { REVIEW_GRADES } from '../referrals/values';
import { safeSheetName, writeXlsx, type CellValue, type SheetRow, type SheetSpec } from '../documents/xlsx-writer';
import type { DossierFigures, FigureList } from './figures';
import type { Dossier } from './index';
import type { Evaluation, GroupSheet } from './evaluation';

const pct = (v: number | null): CellValue => (v == null ? '—' : { n: v, fmt: 'pct' });
const dec = (v: number | null): CellValue => (v == null ? '—' : { n: v, fmt: 'dec1' });
const metricCell = (def: MetricDef, v: number | null | undefined): CellValue =>
  v == null ? '—' : def.kind === 'rate' ? pct(v) : def.kind === 'mean' ? dec(v) : v;

/** The dossier's figures as columns (the evaluation's summary) or lines (the dossier's summary): header, value, 口径. */
export const SUMMARY_COLUMNS: { header: string; value: (f: DossierFigures) => CellValue; def: string }[] = [
  ...PROSECUTOR_METRICS.map((def) => ({
    header: def.name,
    value: (f: DossierFigures) => metricCell(def, f.metrics[def.id]),
    def: def.def,
  })),
  { header: '每百件案件问题数', value: (f) => dec(f.findings.per100Cases), def: '新发现问题 ÷（旧存＋新收）× 100' },
  ...AREAS.map((a) => ({
    header: `问题：${a}`,
    value: (f: DossierFigures) => f.findings.byArea[a] ?? 0,
    def: `新发现问题中${a}类的`,
  })),
  {
    header: '整改天数中位数',
    value: (f) => dec(f.findings.medianDaysToRectify),
    def: '本期新发现、期末已整改的问题自首次发现至整改天数的中位数',
  },
  {
    header: '按期整改率',
    value: (f) => pct(f.findings.rectifiedOnTimeRate),
    def: '本期通知书所列问题中在回复期限内整改的比例（期末结果未定的不计）',
  },
  { header: '逾期未整改', value: (f) => f.findings.overdue, def: '期末仍未整改、经日审核认定为逾期未整改的问题' },
  {
    header: '移送督查',
    value: (f) => f.findings.escalated,
    def: '随本期各月逾期未整改问题移送清单移送检务督查部门的问题',
  },
  { header: '报检察长', value: (f) => f.notices.toChief, def: '本期通知书中报检察长的' },
  { header: '按期回复', value: (f) => f.notices.repliedOnTime, def: '本期通知书中在回复期限内回复的' },
  ...REVIEW_GRADES.map((g) => ({
    header: `评查${g}`,
    value: (f: DossierFigures) => f.reviewGrades[g] ?? 0,
    def: `本期案件质量评查评为${g}的案件`,
  })),
  { header: '督查移送', value: (f) => f.referralsIn, def: '本期检务督查部门移送的涉及本人的问题' },
];

interface Meta {
  office: string;
  periodText: string;
  generatedAt: string;
}

function head(m: Meta, title: string, extra: [string, string][] = []): SheetRow[] {
  return [
    { cells: [title], style: 'title' },
    ...([['单位', m.office], ['期间', m.periodText], ['生成时间', m.generatedAt], ...extra] as [string, string][]).map(
      ([k, v]) => ({ cells: [k, v], style: 'label' as const }),
    ),
    { cells: [] },
  ];
}

/** One sheet per figure: 序号 + the list's columns, under its title and 口径. */
function listSheets(m: Meta, lists: FigureList[], used: Set<string>): SheetSpec[] {
  return lists.map((l): SheetSpec => {
    const h = head(m, `${l.title}清单`, l.note ? [['口径', l.note]] : []);
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
}

/** A sheet of rows each listed once, with a column per figure saying how the row counts in it. */
function groupSheet(m: Meta, g: GroupSheet, used: Set<string>): SheetSpec {
  const h = head(m, `${g.title}清单`, [['说明', g.note], ...g.figures.map((f): [string, string] => [f.header, f.how])]);
  const cols = [{ key: 'seq', header: '序号', width: 6 }, ...g.columns];
  const headers = [...cols.map((c) => c.header), ...g.figures.map((f) => f.header)];
  const keys = g.columns.map((c) => c.key);
  const cellOfRow = (r: Record<string, unknown>, k: string): CellValue => {
    const v = r[k];
    return Array.isArray(v) ? v.join('、') : (v as CellValue);
  };
  function* rows(): Generator<SheetRow> {
    yield* h;
    yield { cells: headers, style: 'header' };
    // One array per row, filled in place (a year's sheets are ~200k rows).
    const n = keys.length;
    const figs = g.figures;
    let i = 0;
    for (const r of g.rows) {
      const cells: CellValue[] = new Array(1 + n + figs.length);
      cells[0] = ++i;
      for (let k = 0; k < n; k++) cells[1 + k] = cellOfRow(r, keys[k]);
      for (let f = 0; f < figs.length; f++) cells[1 + n + f] = figs[f].cell(r);
      yield { cells };
    }
  }
  return {
    name: safeSheetName(used, g.title),
    widths: [...cols.map((c) => c.width ?? 14), ...g.figures.map((f) => Math.max(8, f.header.length * 2 + 2))],
    freeze: { row: h.length + 2 },
    autoFilter: { row: h.length + 1, cols: headers.length },
    rows: rows(),
  };
}

const yearText = (year: string) => `${year}年度（${year}-01-01 至 ${year}-12-31）`;

// ---- the annual evaluation -----------------------------------------------------------------------

export function evaluationSheets(e: Evaluation): SheetSpec[] {
  const used = new Set<string>();
  const meta = { office: e.office, periodText: yearText(e.year), generatedAt: e.generatedAt };
  const top = head(meta, `${e.year}年度员额检察官业绩考评数据`, [
    ['说明', e.rankWithinDepartment ? '按设置列出部门内排名（按办结案件数），仅供参考' : '本表仅呈现数据，不作排名'],
    [
      '清单',
      '各数据项背后的案件、人员、问题和通知书见后面各表：每行一件（一人、一个问题、一份通知书），每个数据项一列，写明该行如何计入；按承办检察官筛选即得本人的数据',
    ],
  ]);
  const rank = e.rankWithinDepartment;
  const headers = ['部门', '检察官', ...(rank ? ['部门内排名'] : []), ...SUMMARY_COLUMNS.map((c) => c.header)];
  const summary: SheetSpec = {
    name: safeSheetName(used, '汇总'),
    freeze: { row: top.length + 2, col: 2 },
    autoFilter: { row: top.length + 1, cols: headers.length },
    widths: [16, 12, ...(rank ? [10] : []), ...SUMMARY_COLUMNS.map((c) => Math.max(9, c.header.length * 2 + 2))],
    rows: [
      ...top,
      { cells: headers, style: 'header' },
      ...e.rows.map((r) => ({
        cells: [
          r.department,
          r.prosecutor,
          ...(rank ? [r.rank ?? '—'] : []),
          ...SUMMARY_COLUMNS.map((c) => c.value(r.figures)),
        ],
      })),
    ],
  };
  return [summary, ...e.groups.map((g) => groupSheet(meta, g, used)), ...listSheets(meta, e.lists, used)];
}

export function evaluationFileName(year: string): string {
  return `${year}年度员额检察官业绩考评数据.xlsx`;
}

/** Writes the annual evaluation workbook into `outDir`; returns its path. */
export function writeEvaluation(e: Evaluation, outDir: string): Promise<string> {
  return writeWorkbook(path.join(outDir, evaluationFileName(e.year)), evaluationSheets(e), {
    creator: e.office,
    created: e.generatedAt,
  });
}

// ---- one prosecutor's dossier ----------------------------------------------------------------------

export function dossierSheets(
  d: Dossier,
  lists: FigureList[],
  m: { office: string; generatedAt: string },
): SheetSpec[] {
  const used = new Set<string>();
  const meta = {
    office: m.office,
    periodText: yearText(d.period) + (d.complete ? '' : '（年度未结束，数据截至生成时）'),
    generatedAt: m.generatedAt,
  };
  const title = `${d.prosecutor}${d.period}年度个人执法档案`;
  const top = head(meta, title, [['检察官', `${d.prosecutor}（${d.departments.join('、') || '—'}）`]]);
  const summary: SheetSpec = {
    name: safeSheetName(used, '汇总'),
    widths: [22, 12, 60],
    rows: [
      ...top,
      { cells: ['项目', '数值', '口径'], style: 'header' },
      ...SUMMARY_COLUMNS.map((c) => ({ cells: [c.header, c.value(d), c.def] })),
      { cells: ['通知书', d.notices.issued, '本期发给本人的流程监控通知书'] },
    ],
  };
  const months: SheetSpec = {
    name: safeSheetName(used, '各月数据'),
    freeze: { row: top.length + 2, col: 1 },
    widths: [12, ...PROSECUTOR_METRICS.map((x) => Math.max(8, x.name.length * 2 + 2))],
    rows: [
      ...top,
      { cells: ['月份', ...PROSECUTOR_METRICS.map((x) => x.name)], style: 'header' },
      ...d.months.map((mo) => ({
        cells: [monthLabel(mo.month), ...PROSECUTOR_METRICS.map((x) => metricCell(x, mo.metrics[x.id]))],
      })),
      { cells: ['全年', ...PROSECUTOR_METRICS.map((x) => metricCell(x, d.metrics[x.id]))], style: 'bold' },
    ],
  };
  const rules: SheetSpec = {
    name: safeSheetName(used, '问题按规则统计'),
    widths: [30, 14, 10],
    rows: [
      ...top,
      { cells: ['问题类型', '问题领域', '问题数'], style: 'header' },
      ...d.findings.byRule.map((r) => ({ cells: [r.title, r.area, r.count] })),
    ],
  };
  return [summary, months, rules, ...listSheets(meta, lists, used)];
}

export function dossierFileBase(d: { prosecutor: string; period: string }): string {
  return `${d.prosecutor}${d.period}年度个人执法档案`.replace(/[\\/:*?"<>|]/g, '_');
}

/** Writes a workbook atomically (a .part file renamed into place); returns its path. */
export async function writeWorkbook(
  file: string,
  sheets: SheetSpec[],
  meta: { creator: string; created: string },
): Promise<string> {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(`${file}.part`, await writeXlsx(sheets, meta, { sharedStrings: true }));
  fs.renameSync(`${file}.part`, file);
  return file;
}
