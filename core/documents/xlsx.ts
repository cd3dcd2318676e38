/**
 * The bulletins' Excel workbooks: the first rows of every sheet say office, period, generated at and
 * version; a summary sheet holds the figures; one list sheet per figure holds the rows behind it
 * (部门受案号, 案件名称, masked names, dates…), so every figure can be checked case by case.
 * Written with the small writer in xlsx-writer.ts (fast at 100k cases, byte-stable).
 */
import {
  METRICS_BY_ID,
  MONITORING_METRICS,
  PROSECUTOR_METRICS,
  cellOf,
  columnsFor,
  compareZh,
  filterBehind,
  type Figures,
  type ListRow,
  type MetricDef,
} from '../metrics';
import {
  comparable,
  hasYearAgo,
  type MonitoringSnapshot,
  type ProsecutorsSnapshot,
  type Snapshot,
  type WeeklySnapshot,
} from '../metrics/snapshots';
import { documentName } from './bulletins';
import { safeSheetName, writeXlsx, type CellValue, type SheetRow, type SheetSpec } from './xlsx-writer';

function headerRows(s: Snapshot, title: string, extra: [string, string][] = []): SheetRow[] {
  return [
    { cells: [title], style: 'title' },
    ...(
      [
        ['单位', s.office],
        ['期间', `${s.periodLabel}（${s.start} 至 ${s.end}）`],
        ['生成时间', s.generatedAt],
        ['版本', `第${s.version}版`],
        ...extra,
      ] as [string, string][]
    ).map(([k, v]) => ({ cells: [k, v], style: 'label' as const })),
    { cells: [] },
  ];
}

function value(def: MetricDef | undefined, v: number | null | undefined): CellValue {
  if (v == null) return '—';
  if (def?.kind === 'rate') return { n: v, fmt: 'pct' };
  if (def?.kind === 'mean') return { n: v, fmt: 'dec1' };
  return v;
}

function listSheets(
  s: Snapshot & { lists: ListRow[] },
  defs: MetricDef[],
  values: Figures,
  used: Set<string>,
): SheetSpec[] {
  return defs.map((def) => {
    const v = values[def.id];
    const head = headerRows(s, `${def.name}清单`, [
      ['指标', def.name],
      ['数值', v == null ? '—' : def.kind === 'rate' ? `${(v * 100).toFixed(1)}%` : String(Math.round(v * 10) / 10)],
      ['口径', def.def],
    ]);
    const cols = [{ key: 'seq', header: '序号', width: 6 }, ...columnsFor(def)];
    const rows = filterBehind(s.lists, def);
    const headerRow = head.length + 1;
    return {
      name: safeSheetName(used, def.name),
      widths: cols.map((c) => c.width ?? 14),
      freeze: { row: headerRow + 1 },
      autoFilter: { row: headerRow, cols: cols.length },
      rows: [
        ...head,
        { cells: cols.map((c) => c.header), style: 'header' },
        ...rows.map((r, i) => ({ cells: [i + 1, ...cols.slice(1).map((c) => cellOf(def, r, c.key))] })),
      ],
    };
  });
}

function table(
  s: Snapshot,
  used: Set<string>,
  name: string,
  headers: string[],
  rows: CellValue[][],
  widths: number[],
): SheetSpec {
  return {
    name: safeSheetName(used, name),
    widths,
    rows: [...headerRows(s, name), { cells: headers, style: 'header' }, ...rows.map((cells) => ({ cells }))],
  };
}

function prosecutorsWorkbook(s: ProsecutorsSnapshot): SheetSpec[] {
  const used = new Set<string>();
  const rank = s.rankWithinDepartment;
  const defs = PROSECUTOR_METRICS;
  const rows: SheetRow[] = [
    ...headerRows(s, documentName(s)),
    { cells: ['部门', '承办检察官', ...(rank ? ['部门内排名'] : []), ...defs.map((d) => d.name)], style: 'header' },
  ];
  const headerRow = rows.length;
  const add = (dept: string, name: string, r: number | null | undefined, m: Figures, bold: boolean) =>
    rows.push({
      cells: [dept, name, ...(rank ? [r ?? ''] : []), ...defs.map((d) => value(d, m[d.id]))],
      style: bold ? 'bold' : 'normal',
    });
  for (const d of [...new Set(s.rows.map((r) => r.department))].sort(compareZh)) {
    for (const r of s.rows.filter((x) => x.department === d)) add(d, r.prosecutor, r.rank, r.metrics, false);
    add(d, '部门合计', null, s.departments.find((x) => x.department === d)!.metrics, true);
  }
  add('全院', '全院合计', null, s.totals, true);
  const summary: SheetSpec = {
    name: safeSheetName(used, '汇总'),
    rows,
    freeze: { row: headerRow + 1, col: 2 },
    widths: [16, 12, ...(rank ? [10] : []), ...defs.map((d) => Math.max(8, d.name.length * 2 + 2))],
  };
  return [summary, ...listSheets(s, defs, s.totals, used)];
}

function monitoringWorkbook(s: MonitoringSnapshot): SheetSpec[] {
  const used = new Set<string>();
  const rows: SheetRow[] = [
    ...headerRows(s, documentName(s)),
    {
      cells: [
        '指标',
        '本期',
        `上期（${s.previous.periodLabel}）`,
        ...(hasYearAgo(s) ? [`去年同期（${s.yearAgo?.periodLabel ?? ''}）`] : []),
        '口径',
      ],
      style: 'header',
    },
  ];
  // Comparisons only with periods the store covers (metrics.md *Earlier periods*): else `—`. A year has no 同比.
  const prev = comparable(s.previous) ? s.previous : null;
  const withYearAgo = hasYearAgo(s);
  const year = comparable(s.yearAgo) ? s.yearAgo : null;
  for (const d of MONITORING_METRICS)
    rows.push({
      cells: [
        d.name,
        value(d, s.metrics[d.id]),
        prev ? value(d, prev.metrics[d.id]) : '—',
        ...(withYearAgo ? [year ? value(d, year.metrics[d.id]) : '—'] : []),
        d.def,
      ],
    });
  rows.push({ cells: [] }, { cells: ['严重程度', '新发现问题'], style: 'header' });
  for (const [k, v] of Object.entries(s.bySeverity)) rows.push({ cells: [k, v] });
  return [
    { name: safeSheetName(used, '汇总'), rows, widths: [24, 12, 18, ...(withYearAgo ? [18] : []), 60] },
    // The rule id last, in a hidden column a clerk may show.
    {
      ...table(
        s,
        used,
        '按问题类型',
        ['问题类型', '问题类别', '新发现问题', '规则编号'],
        s.byRule.map((r) => [r.title, r.area, r.count, r.ruleId]),
        [30, 14, 12, 16],
      ),
      hidden: [3],
    },
    table(
      s,
      used,
      '按问题类别',
      ['问题类别', '新发现问题', '上期'],
      s.byArea.map((a) => [a.area, a.count, prev ? (prev.byArea?.find((x) => x.area === a.area)?.count ?? 0) : '—']),
      [16, 12, 12],
    ),
    table(
      s,
      used,
      '按部门',
      ['部门', '新发现', '已整改', '期末未整改'],
      s.byDepartment.map((d) => [d.department, d.findingsNew, d.findingsRectified, d.findingsOpen]),
      [18, 10, 10, 12],
    ),
    table(
      s,
      used,
      '按承办检察官',
      ['部门', '承办检察官', '新发现', '已整改', '期末未整改'],
      s.byProsecutor.map((d) => [d.department, d.prosecutor, d.findingsNew, d.findingsRectified, d.findingsOpen]),
      [18, 12, 10, 10, 12],
    ),
    table(
      s,
      used,
      '近12个月趋势',
      ['月份', '新发现', '已整改'],
      s.trend.map((t) => [t.month, t.newCount, t.rectified]),
      [12, 10, 10],
    ),
    ...listSheets(s, MONITORING_METRICS, s.metrics, used),
  ];
}

function weeklyWorkbook(s: WeeklySnapshot): SheetSpec[] {
  const used = new Set<string>();
  const defs = MONITORING_METRICS.filter((d) => d.base !== 'case');
  const rows: SheetRow[] = [
    ...headerRows(s, documentName(s)),
    { cells: ['指标', '本周'], style: 'header' },
    ...defs.map((d) => ({ cells: [d.name, value(d, s.metrics[d.id])] })),
  ];
  const warn = table(
    s,
    used,
    '七日内到期预警',
    ['到期日', '剩余天数', '期限类型', '部门受案号', '案件名称', '部门', '承办检察官'],
    s.warnings.rows.map((r) => [
      String(r.dueOn),
      Number(r.daysLeft),
      String(r.ruleTitle),
      String(r.caseNo),
      String(r.title),
      r.department,
      r.prosecutor,
    ]),
    [12, 10, 24, 30, 28, 14, 12],
  );
  return [
    { name: safeSheetName(used, '汇总'), rows, widths: [24, 12] },
    warn,
    ...listSheets(
      s,
      [...defs, METRICS_BY_ID.lateConcluded],
      { ...s.metrics, lateConcluded: s.prosecutorMetrics.lateConcluded },
      used,
    ),
  ];
}

export async function renderXlsx(s: Snapshot): Promise<Buffer> {
  let sheets: SheetSpec[];
  if (s.kind === 'prosecutors') sheets = prosecutorsWorkbook(s);
  else if (s.kind === 'monitoring') sheets = monitoringWorkbook(s);
  else if (s.kind === 'weekly') sheets = weeklyWorkbook(s);
  else throw new Error(`没有 ${s.kind} 类工作簿`);
  // Shared strings: the lists repeat departments, names, case numbers and labels on every row (a smaller, faster file).
  return writeXlsx(sheets, { creator: s.office, created: s.generatedAt }, { sharedStrings: true });
}
