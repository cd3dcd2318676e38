/**
 * Every grid's "export what is shown" and "print": the rows of a grid with its filters, sort and visible
 * columns (in their order and widths), as an XLSX workbook written with the project's XLSX writer into the
 * export folder, or as a table the renderer's print view lays out under the office header.
 *
 * Grids whose rows can be many (案件, 监控问题, 临期预警) are re-read here from the same filters the screen
 * sent to its list handler, so an export is never limited by what the screen loaded. Small lists the screen
 * already holds (the cases behind a figure, the calendar's day) come as their cells ('rows').
 */
import fs from 'node:fs';
import path from 'node:path';
import type { AppContext } from '../context';
import { chinaTimestamp, dateTimeText } from '../dates';
import { getSettings } from '../settings';
import { listCases, type CaseFilters, type ListCasesQuery } from '../../db/queries/cases';
import { listFindings, listWarnings, type FindingFilter, type FindingView, type WarningView } from '../findings';
import { lastImportFinishedAt } from '../../db/queries/imports';
import { latestAuditRun } from '../../db/queries/findings';
import { writeXlsx, type CellValue, type SheetRow } from '../documents/xlsx-writer';

/** At most this many rows in one export (a list past it is asked to be narrowed by a filter). */
export const MAX_EXPORT_ROWS = 200_000;
/** At most this many rows on paper. */
export const MAX_PRINT_ROWS = 3_000;

export class GridError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GridError';
  }
}

type Cell = string | number | null;
interface Column<R> {
  header: string;
  width: number;
  value: (r: R) => Cell;
  /** Sort key (default: value). */
  sortValue?: (r: R) => string | number | null;
}

const days = (d: number | null | undefined): string =>
  d == null ? '' : d < 0 ? `超期 ${-d} 天` : d === 0 ? '今日到期' : `剩 ${d} 天`;

const FINDING_COLUMNS: Record<string, Column<FindingView>> = {
  severity: { header: '严重程度', width: 9, value: (f) => f.severity },
  status: { header: '状态', width: 9, value: (f) => f.status },
  daysLeft: { header: '剩余/超期', width: 11, value: (f) => days(f.daysLeft), sortValue: (f) => f.daysLeft ?? 1e9 },
  ruleId: { header: '规则', width: 22, value: (f) => f.title },
  message: { header: '问题', width: 60, value: (f) => f.message },
  caseNo: { header: '部门受案号', width: 30, value: (f) => f.caseNo },
  person: { header: '嫌疑人', width: 14, value: (f) => f.person },
  department: { header: '承办部门', width: 12, value: (f) => f.department },
  prosecutor: { header: '承办检察官', width: 11, value: (f) => f.prosecutor },
  dueOn: { header: '期限', width: 12, value: (f) => f.dueOn },
  source: { header: '来源', width: 9, value: (f) => f.source },
  firstSeen: { header: '首次发现', width: 12, value: (f) => f.firstSeen },
  area: { header: '领域', width: 12, value: (f) => f.area },
};

const WARNING_COLUMNS: Record<string, Column<WarningView>> = {
  daysLeft: { header: '剩余天数', width: 11, value: (w) => days(w.daysLeft), sortValue: (w) => w.daysLeft },
  dueOn: { header: '期限届满', width: 12, value: (w) => w.dueOn },
  ruleId: { header: '规则', width: 18, value: (w) => w.title },
  message: { header: '提示', width: 50, value: (w) => w.message },
  caseNo: { header: '部门受案号', width: 30, value: (w) => w.caseNo },
  person: { header: '嫌疑人', width: 14, value: (w) => w.person },
  personNo: { header: '嫌疑人编号', width: 10, value: (w) => w.personNo },
  department: { header: '承办部门', width: 12, value: (w) => w.department },
  prosecutor: { header: '承办检察官', width: 11, value: (w) => w.prosecutor },
};

type CaseRow = ReturnType<typeof listCases>['rows'][number];
const CASE_COLUMNS: Record<string, Column<CaseRow>> = {
  caseNo: { header: '部门受案号', width: 30, value: (c) => c.caseNo },
  title: { header: '案件名称', width: 30, value: (c) => c.title },
  category: { header: '案件类别', width: 14, value: (c) => c.category },
  cause: { header: '案由', width: 14, value: (c) => c.cause },
  department: { header: '承办部门', width: 12, value: (c) => c.department },
  prosecutor: { header: '承办检察官', width: 11, value: (c) => c.prosecutor },
  receivedOn: { header: '受理日期', width: 12, value: (c) => c.receivedOn },
  status: { header: '状态', width: 8, value: (c) => c.status },
  concludedOn: { header: '办结日期', width: 12, value: (c) => c.concludedOn },
  conclusion: { header: '办结方式', width: 12, value: (c) => c.conclusion },
  agency: { header: '移送单位', width: 16, value: (c) => c.agency },
  procedure: { header: '适用程序', width: 10, value: (c) => c.procedure },
  persons: { header: '嫌疑人数', width: 9, value: (c) => c.persons },
};

export interface ColumnPick {
  key: string;
  /** Width on screen, in pixels (becomes the Excel width). */
  width?: number;
}
export interface SortPick {
  key: string;
  dir: 'asc' | 'desc';
}

export type GridRequest =
  | { source: 'cases'; filters?: CaseFilters; sort?: SortPick[]; columns?: ColumnPick[] }
  | {
      source: 'findings';
      filters?: Omit<FindingFilter, 'limit' | 'offset'> & { overdueOnly?: boolean };
      sort?: SortPick[];
      columns?: ColumnPick[];
    }
  | {
      source: 'warnings';
      filters?: { within?: number; departments?: string[]; q?: string };
      sort?: SortPick[];
      columns?: ColumnPick[];
    }
  | { source: 'rows'; columns: { header: string; width?: number }[]; rows: Cell[][] };

export interface GridTable {
  /** '监控问题' … as the screen names it. */
  title: string;
  /** The filters in Chinese, e.g. '状态：未整改；承办部门：第一检察部'. */
  conditions: string;
  office: string;
  /** '审核基准日 2026-11-23' or '数据导入于 2026年11月23日 08:05'. */
  dataDate: string;
  exportedAt: string;
  operator: string;
  columns: { header: string; width: number }[];
  rows: Cell[][];
  total: number;
  truncated: boolean;
}

const collator = new Intl.Collator('zh-CN', { numeric: true });
function sortRows<R>(rows: R[], cols: Record<string, Column<R>>, sort: SortPick[] | undefined): R[] {
  const keys = (sort ?? []).filter((s) => cols[s.key]);
  if (!keys.length) return rows;
  return [...rows].sort((a, b) => {
    for (const s of keys) {
      const c = cols[s.key];
      const va = (c.sortValue ?? c.value)(a);
      const vb = (c.sortValue ?? c.value)(b);
      const d =
        va == null && vb == null
          ? 0
          : va == null
            ? 1
            : vb == null
              ? -1
              : typeof va === 'number' && typeof vb === 'number'
                ? va - vb
                : collator.compare(String(va), String(vb));
      if (d) return s.dir === 'desc' ? -d : d;
    }
    return 0;
  });
}

function pick<R>(cols: Record<string, Column<R>>, wanted: ColumnPick[] | undefined): (Column<R> & { key: string })[] {
  const list: ColumnPick[] = wanted?.length ? wanted : Object.keys(cols).map((key) => ({ key }));
  const out: (Column<R> & { key: string })[] = [];
  for (const w of list) {
    const c = cols[w.key];
    if (!c) continue;
    out.push({ ...c, key: w.key, width: w.width ? Math.max(6, Math.min(80, Math.round(w.width / 7.5))) : c.width });
  }
  if (!out.length) throw new GridError('没有可导出的列：请至少显示一列');
  return out;
}

function dataDateOf(ctx: AppContext, source: GridRequest['source']): string {
  if (source === 'findings' || source === 'warnings') {
    const run = latestAuditRun(ctx.db);
    if (run) return `审核基准日 ${run.as_of}`;
  }
  const at = lastImportFinishedAt(ctx.db);
  return at ? `数据导入于 ${dateTimeText(at)}` : '尚无案件数据';
}

/** The rows of a grid as shown: filtered, sorted, the chosen columns in their order. */
export function gridTable(
  ctx: AppContext,
  req: GridRequest,
  meta: { title: string; conditions?: string },
  maxRows: number,
): GridTable {
  let columns: { header: string; width: number }[];
  let rows: Cell[][];
  let total: number;
  const { db } = ctx;
  if (req.source === 'rows') {
    columns = req.columns.map((c) => ({
      header: c.header,
      width: c.width ? Math.max(6, Math.min(80, Math.round(c.width / 7.5))) : 14,
    }));
    total = req.rows.length;
    rows = req.rows.slice(0, maxRows);
  } else if (req.source === 'findings') {
    const { overdueOnly, ...f } = req.filters ?? {};
    const cols = pick(FINDING_COLUMNS, req.columns);
    let list = listFindings(db, f).findings;
    if (overdueOnly) list = list.filter((x) => typeof x.daysLeft === 'number' && x.daysLeft < 0);
    total = list.length;
    rows = sortRows(list, FINDING_COLUMNS, req.sort)
      .slice(0, maxRows)
      .map((r) => cols.map((c) => c.value(r)));
    columns = cols;
  } else if (req.source === 'warnings') {
    const f = req.filters ?? {};
    const cols = pick(WARNING_COLUMNS, req.columns);
    const text = f.q?.trim();
    const list = listWarnings(db).warnings.filter(
      (w) =>
        (f.within == null || w.daysLeft <= f.within) &&
        (!f.departments || f.departments.includes(w.department ?? '')) &&
        (!text || [w.caseNo, w.message, w.prosecutor, w.department, w.title].some((s) => (s ?? '').includes(text))),
    );
    total = list.length;
    rows = sortRows(list, WARNING_COLUMNS, req.sort ?? [{ key: 'daysLeft', dir: 'asc' }])
      .slice(0, maxRows)
      .map((r) => cols.map((c) => c.value(r)));
    columns = cols;
  } else {
    const cols = pick(CASE_COLUMNS, req.columns);
    const sort = (req.sort ?? [])
      .filter((s) => s.key in CASE_SORTABLE)
      .map((s) => ({ col: s.key as keyof typeof CASE_SORTABLE, dir: s.dir }));
    const query: ListCasesQuery = { offset: 0, limit: 1, sort: sort.length ? sort : undefined, filters: req.filters };
    total = listCases(db, query).total;
    rows = [];
    const want = Math.min(total, maxRows);
    for (let offset = 0; offset < want; offset += 5000) {
      const page = listCases(db, { ...query, offset, limit: Math.min(5000, want - offset) }).rows;
      for (const r of page) rows.push(cols.map((c) => c.value(r)));
      if (page.length === 0) break;
    }
    columns = cols;
  }
  return {
    title: meta.title,
    conditions: meta.conditions ?? '',
    office: getSettings(db).officeName,
    dataDate: dataDateOf(ctx, req.source),
    exportedAt: chinaTimestamp(),
    operator: ctx.actor,
    columns,
    rows,
    total,
    truncated: total > rows.length,
  };
}

const CASE_SORTABLE = {
  caseNo: 1,
  title: 1,
  category: 1,
  department: 1,
  prosecutor: 1,
  receivedOn: 1,
  status: 1,
  concludedOn: 1,
} as const;

/** File name safe on Windows: the title and a time stamp. */
function fileNameOf(title: string, at: string): string {
  const safe = title.replace(/[\\/:*?"<>|\s]+/g, '_').slice(0, 60) || '导出';
  return `${safe}_${at.slice(0, 19).replace(/[-:]/g, '').replace('T', '-')}.xlsx`;
}

/** Writes the grid as shown to an XLSX workbook in the export folder: title row, the data date, header, rows. */
export async function exportGrid(
  ctx: AppContext,
  req: GridRequest,
  meta: { title: string; conditions?: string },
  exportDir: string,
): Promise<{ file: string; rows: number }> {
  const t = gridTable(ctx, req, meta, MAX_EXPORT_ROWS);
  if (t.truncated)
    throw new GridError(
      `当前列表有 ${t.total.toLocaleString('zh-CN')} 行，超过一次导出的上限 ${MAX_EXPORT_ROWS.toLocaleString('zh-CN')} 行：请先加筛选条件缩小范围。`,
    );
  const n = t.columns.length;
  const info = [
    t.dataDate,
    `导出时间 ${dateTimeText(t.exportedAt)}`,
    `操作人 ${t.operator}`,
    `共 ${t.total} 条`,
    ...(t.conditions ? [`条件：${t.conditions}`] : []),
  ].join('\u3000');
  const sheetRows: SheetRow[] = [
    { cells: [`${t.office}\u3000${t.title}`], style: 'title' },
    { cells: [info], style: 'label' },
    { cells: t.columns.map((c) => c.header), style: 'header' },
    ...t.rows.map((r) => ({ cells: r as CellValue[] })),
  ];
  const buf = await writeXlsx(
    [
      {
        name: t.title.replace(/[[\]:*?/\\]/g, '').slice(0, 28) || '清单',
        rows: sheetRows,
        widths: t.columns.map((c) => c.width),
        freeze: { row: 4 },
        autoFilter: { row: 3, cols: n },
      },
    ],
    { creator: t.operator, created: new Date().toISOString() },
  );
  fs.mkdirSync(exportDir, { recursive: true });
  const file = path.join(exportDir, fileNameOf(t.title, t.exportedAt));
  fs.writeFileSync(file, buf);
  return { file, rows: t.total };
}
