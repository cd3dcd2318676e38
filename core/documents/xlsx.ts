/**
 * The bulletins' Excel workbooks (exceljs): the first rows of every sheet say office, period,
 * generated at and version; a summary sheet holds the figures; one list sheet per figure holds the
 * rows behind it (部门受案号, 案件名称, masked names, dates…), so every figure can be checked case by case.
 */
import ExcelJS from 'exceljs';
import {
  METRICS_BY_ID, MONITORING_METRICS, PROSECUTOR_METRICS, cellOf, columnsFor, compareZh, filterBehind, type Figures, type MetricDef,
} from '../metrics';
import type { MonitoringSnapshot, ProsecutorsSnapshot, Snapshot, WeeklySnapshot } from '../metrics/snapshots';
import { documentName } from './bulletins';
import { stabilizeZip } from './zip';

const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE7E6E6' } };
const FONT = { name: '宋体', size: 10.5 };
const BOLD = { name: '黑体', size: 10.5 };

function headerRows(ws: ExcelJS.Worksheet, s: Snapshot, title: string, extra: [string, string][] = []): number {
  ws.addRow([title]).font = { name: '黑体', size: 14 };
  const rows: [string, string][] = [['单位', s.office], ['期间', `${s.periodLabel}（${s.start} 至 ${s.end}）`], ['生成时间', s.generatedAt], ['版本', `第${s.version}版`], ...extra];
  for (const [k, v] of rows) {
    const r = ws.addRow([k, v]);
    r.getCell(1).font = BOLD;
    r.getCell(2).font = FONT;
  }
  ws.addRow([]);
  return ws.rowCount;
}

function setValue(cell: ExcelJS.Cell, def: MetricDef | undefined, v: number | null | undefined): void {
  if (v == null) {
    cell.value = '—';
    cell.alignment = { horizontal: 'center' };
    return;
  }
  cell.value = v;
  if (def?.kind === 'rate') cell.numFmt = '0.0%';
  else if (def?.kind === 'mean') cell.numFmt = '0.0';
}

function styleHeader(row: ExcelJS.Row): void {
  row.eachCell((c) => {
    c.font = BOLD;
    c.fill = HEADER_FILL;
    c.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    c.border = { top: { style: 'thin' }, bottom: { style: 'thin' }, left: { style: 'thin' }, right: { style: 'thin' } };
  });
}

/** Excel sheet names: ≤ 31 characters, none of []:*?/\, unique. */
function sheetName(used: Set<string>, want: string): string {
  let base = want.replace(/[[\]:*?/\\]/g, '').slice(0, 28) || '清单';
  let name = base, n = 2;
  while (used.has(name)) name = `${base.slice(0, 26)}_${n++}`;
  used.add(name);
  base = name;
  return base;
}

function listSheets(wb: ExcelJS.Workbook, s: Snapshot & { lists: import('../metrics').ListRow[] }, defs: MetricDef[], values: Figures, used: Set<string>): void {
  for (const def of defs) {
    const ws = wb.addWorksheet(sheetName(used, def.name));
    headerRows(ws, s, `${def.name}清单`, [['指标', `${def.name}（${def.id}）`], ['数值', values[def.id] == null ? '—' : def.kind === 'rate' ? `${((values[def.id] as number) * 100).toFixed(1)}%` : String(Math.round((values[def.id] as number) * 10) / 10)], ['口径', def.def]]);
    const cols = [{ key: 'seq', header: '序号', width: 6 }, ...columnsFor(def)];
    const hr = ws.addRow(cols.map((c) => c.header));
    styleHeader(hr);
    ws.views = [{ state: 'frozen', ySplit: hr.number }];
    cols.forEach((c, i) => { ws.getColumn(i + 1).width = c.width ?? 14; });
    const rows = filterBehind(s.lists, def);
    rows.forEach((r, i) => {
      const row = ws.addRow([i + 1, ...cols.slice(1).map((c) => cellOf(def, r, c.key))]);
      row.font = FONT;
    });
    ws.autoFilter = { from: { row: hr.number, column: 1 }, to: { row: hr.number, column: cols.length } };
  }
}

function prosecutorsWorkbook(wb: ExcelJS.Workbook, s: ProsecutorsSnapshot): void {
  const used = new Set<string>();
  const ws = wb.addWorksheet(sheetName(used, '汇总'));
  headerRows(ws, s, documentName(s));
  const rank = s.rankWithinDepartment;
  const defs = PROSECUTOR_METRICS;
  const hr = ws.addRow(['部门', '承办检察官', ...(rank ? ['部门内排名'] : []), ...defs.map((d) => d.name)]);
  styleHeader(hr);
  ws.views = [{ state: 'frozen', xSplit: 2, ySplit: hr.number }];
  ws.getColumn(1).width = 16;
  ws.getColumn(2).width = 12;
  const off = rank ? 4 : 3;
  for (let i = 0; i < defs.length; i++) ws.getColumn(off + i).width = Math.max(8, defs[i].name.length * 2 + 2);
  const add = (dept: string, name: string, r: number | null | undefined, m: Figures, bold: boolean) => {
    const row = ws.addRow([dept, name, ...(rank ? [r ?? ''] : [])]);
    defs.forEach((d, i) => setValue(row.getCell(off + i), d, m[d.id]));
    row.font = bold ? BOLD : FONT;
  };
  for (const d of [...new Set(s.rows.map((r) => r.department))].sort(compareZh)) {
    for (const r of s.rows.filter((x) => x.department === d)) add(d, r.prosecutor, r.rank, r.metrics, false);
    add(d, '部门合计', null, s.departments.find((x) => x.department === d)!.metrics, true);
  }
  add('全院', '全院合计', null, s.totals, true);
  listSheets(wb, s, defs, s.totals, used);
}

function monitoringWorkbook(wb: ExcelJS.Workbook, s: MonitoringSnapshot): void {
  const used = new Set<string>();
  const ws = wb.addWorksheet(sheetName(used, '汇总'));
  headerRows(ws, s, documentName(s));
  const hr = ws.addRow(['指标', '编号', '本期', `上期（${s.previous.periodLabel}）`, '口径']);
  styleHeader(hr);
  [24, 20, 12, 18, 60].forEach((w, i) => { ws.getColumn(i + 1).width = w; });
  for (const d of MONITORING_METRICS) {
    const row = ws.addRow([d.name, d.id]);
    setValue(row.getCell(3), d, s.metrics[d.id]);
    setValue(row.getCell(4), d, s.previous.metrics[d.id]);
    row.getCell(5).value = d.def;
    row.font = FONT;
  }
  ws.addRow([]);
  styleHeader(ws.addRow(['严重程度', '', '新发现问题']));
  for (const [k, v] of Object.entries(s.bySeverity)) ws.addRow([k, '', v]).font = FONT;
  const table = (name: string, headers: string[], rows: (string | number)[][], widths: number[]) => {
    const t = wb.addWorksheet(sheetName(used, name));
    headerRows(t, s, name);
    styleHeader(t.addRow(headers));
    widths.forEach((w, i) => { t.getColumn(i + 1).width = w; });
    for (const r of rows) t.addRow(r).font = FONT;
  };
  table('按规则', ['规则编号', '问题类型', '类别', '新发现问题'], s.byRule.map((r) => [r.ruleId, r.title, r.area, r.count]), [16, 30, 14, 12]);
  table('按类别', ['类别', '新发现问题', '上期'], s.byArea.map((a) => [a.area, a.count, s.previous.byArea.find((x) => x.area === a.area)?.count ?? 0]), [16, 12, 12]);
  table('按部门', ['部门', '新发现', '已整改', '期末未整改'], s.byDepartment.map((d) => [d.department, d.findingsNew, d.findingsRectified, d.findingsOpen]), [18, 10, 10, 12]);
  table('按承办检察官', ['部门', '承办检察官', '新发现', '已整改', '期末未整改'], s.byProsecutor.map((d) => [d.department, d.prosecutor, d.findingsNew, d.findingsRectified, d.findingsOpen]), [18, 12, 10, 10, 12]);
  table('近12个月趋势', ['月份', '新发现', '已整改'], s.trend.map((t) => [t.month, t.newCount, t.rectified]), [12, 10, 10]);
  listSheets(wb, s, MONITORING_METRICS, s.metrics, used);
}

function weeklyWorkbook(wb: ExcelJS.Workbook, s: WeeklySnapshot): void {
  const used = new Set<string>();
  const ws = wb.addWorksheet(sheetName(used, '汇总'));
  headerRows(ws, s, documentName(s));
  styleHeader(ws.addRow(['指标', '编号', '本周']));
  const defs = MONITORING_METRICS.filter((d) => d.base !== 'case');
  for (const d of defs) {
    const row = ws.addRow([d.name, d.id]);
    setValue(row.getCell(3), d, s.metrics[d.id]);
  }
  listSheets(wb, s, [...defs, METRICS_BY_ID.lateConcluded], { ...s.metrics, lateConcluded: s.prosecutorMetrics.lateConcluded }, used);
}

export async function renderXlsx(s: Snapshot): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = s.office;
  wb.created = new Date(s.generatedAt);
  wb.modified = new Date(s.generatedAt);
  if (s.kind === 'prosecutors') prosecutorsWorkbook(wb, s);
  else if (s.kind === 'monitoring') monitoringWorkbook(wb, s);
  else if (s.kind === 'weekly') weeklyWorkbook(wb, s);
  else throw new Error(`没有 ${s.kind} 类工作簿`);
  return stabilizeZip(Buffer.from(await wb.xlsx.writeBuffer()), s.generatedAt);
}
