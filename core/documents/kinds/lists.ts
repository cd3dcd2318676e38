/**
 * The lists the bulletins print (findings, warnings, late cases, overdue notices) as `ListSpec`s: a narrow
 * body table (portrait, top rows) and a wide annex table (landscape, every row, with 部门受案号).
 * Widths are in millimetres of the text block (156 mm portrait, 225 mm landscape), chosen so that at 9 pt
 * a date (2026-11-23, 21 mm), a 部门受案号 (54 mm) and a 文号 (40 mm) fit their column on one line.
 */
import type { ListRow } from '../../metrics';
import { BODY_FINDING_ROWS, type ListSpec } from '../build';
import type { Column } from '../model';

const text = (v: unknown): string => (v == null ? '' : String(v));
const col = (header: string, width: number, align?: Column['align']): Column => ({ header, width, align });
const PORTRAIT = 156;
const LANDSCAPE = 225;

export const SEVERITY_ORDER: Record<string, number> = { 严重: 0, 较重: 1, 轻微: 2 };
/** Most serious first, then oldest first. */
export const bySeverity = (a: ListRow, b: ListRow): number =>
  (SEVERITY_ORDER[text(a.severity)] ?? 3) - (SEVERITY_ORDER[text(b.severity)] ?? 3) ||
  text(a.firstSeen).localeCompare(text(b.firstSeen)) ||
  text(a.caseNo).localeCompare(text(b.caseNo));
/** Oldest first. */
export const byFirstSeen = (a: ListRow, b: ListRow): number =>
  text(a.firstSeen).localeCompare(text(b.firstSeen)) || text(a.caseNo).localeCompare(text(b.caseNo));

/** 问题类型 with its severity: 审查逮捕期限（严重）. */
const problem = (r: ListRow) => `${text(r.ruleTitle)}${r.severity ? `（${text(r.severity)}）` : ''}`;

/**
 * Findings. Body: 序号, 问题类型（严重程度）, 案件名称, 承办检察官, 首次发现 | 整改日期, 问题说明.
 * Annex: 序号, 部门受案号, 案件名称, 承办检察官, 问题类型（严重程度）, 首次发现, 状态 | 整改日期, 问题说明.
 */
export function findingsList(
  rows: ListRow[],
  o: {
    caption: string;
    annexTitle: string;
    rectified?: boolean;
    topWhat?: string;
    excelSheet?: string;
    bodyRows?: number;
  },
): ListSpec<ListRow> {
  const dateHeader = o.rectified ? '整改日期' : '首次发现';
  const dateCell = (r: ListRow) => (o.rectified ? text(r.rectifiedOn) : text(r.firstSeen));
  return {
    rows,
    caption: o.caption,
    annexTitle: o.annexTitle,
    unit: '个',
    topWhat: o.topWhat,
    excelSheet: o.excelSheet,
    bodyRows: o.bodyRows ?? BODY_FINDING_ROWS,
    fontPt: 9,
    columns: [
      col('序号', 7),
      col('问题类型', 30, 'left'),
      col('案件名称', 28, 'left'),
      col('承办检察官', 15),
      col(dateHeader, 21),
      col('问题说明', PORTRAIT - 101, 'left'),
    ],
    cells: (r, i) => [
      String(i + 1),
      problem(r),
      text(r.title) || text(r.caseNo),
      r.prosecutor,
      dateCell(r),
      text(r.message),
    ],
    annexColumns: [
      col('序号', 8),
      col('部门受案号', 54, 'left'),
      col('案件名称', 28, 'left'),
      col('承办检察官', 15),
      col('问题类型', 30, 'left'),
      col('首次发现', 21),
      ...(o.rectified ? [col('整改日期', 21)] : [col('状态', 13)]),
      col('问题说明', LANDSCAPE - 156 - (o.rectified ? 21 : 13), 'left'),
    ],
    annexCells: (r, i) => [
      String(i + 1),
      text(r.caseNo),
      text(r.title),
      r.prosecutor,
      problem(r),
      text(r.firstSeen),
      o.rectified ? text(r.rectifiedOn) : text(r.statusAtEnd),
      text(r.message),
    ],
  };
}

/** 临期预警: 序号, 到期日, 剩余天数, 期限类型, 案件名称, 承办部门, 承办检察官. */
export function warningsList(rows: ListRow[], caption: string): ListSpec<ListRow> {
  const days = (r: ListRow) => (r.daysLeft == null ? '' : `${text(r.daysLeft)}日`);
  return {
    rows,
    caption,
    annexTitle: '未来七日内到期预警清单',
    unit: '件次',
    topWhat: '最早到期的{n}件次',
    excelSheet: '七日内到期预警',
    fontPt: 9,
    columns: [
      col('序号', 7),
      col('到期日', 21),
      col('剩余天数', 13),
      col('期限类型', 30, 'left'),
      col('案件名称', 45, 'left'),
      col('承办部门', 22),
      col('承办检察官', PORTRAIT - 138),
    ],
    cells: (r, i) => [
      String(i + 1),
      text(r.dueOn),
      days(r),
      text(r.ruleTitle),
      text(r.title) || text(r.caseNo),
      r.department,
      r.prosecutor,
    ],
    annexColumns: [
      col('序号', 8),
      col('到期日', 21),
      col('剩余天数', 13),
      col('期限类型', 36, 'left'),
      col('部门受案号', 54, 'left'),
      col('案件名称', 45, 'left'),
      col('承办部门', 26),
      col('承办检察官', LANDSCAPE - 203),
    ],
    annexCells: (r, i) => [
      String(i + 1),
      text(r.dueOn),
      days(r),
      text(r.ruleTitle),
      text(r.caseNo),
      text(r.title),
      r.department,
      r.prosecutor,
    ],
  };
}

/** 超期办结案件: 序号, 案件名称, 承办部门, 承办检察官, 受理日期, 办结日期, 办案天数. */
export function lateCasesList(rows: ListRow[], caption: string): ListSpec<ListRow> {
  return {
    rows,
    caption,
    annexTitle: '本周超期办结案件清单',
    unit: '件',
    excelSheet: '超期办结',
    fontPt: 9,
    columns: [
      col('序号', 7),
      col('案件名称', 44, 'left'),
      col('承办部门', 22),
      col('承办检察官', 18),
      col('受理日期', 21),
      col('办结日期', 21),
      col('办案天数', PORTRAIT - 133),
    ],
    cells: (r, i) => [
      String(i + 1),
      text(r.title) || text(r.caseNo),
      r.department,
      r.prosecutor,
      text(r.receivedOn),
      text(r.concludedOn),
      text(r.days),
    ],
    annexColumns: [
      col('序号', 8),
      col('部门受案号', 54, 'left'),
      col('案件名称', 50, 'left'),
      col('承办部门', 26),
      col('承办检察官', 20),
      col('受理日期', 21),
      col('办结日期', 21),
      col('办案天数', LANDSCAPE - 200),
    ],
    annexCells: (r, i) => [
      String(i + 1),
      text(r.caseNo),
      text(r.title),
      r.department,
      r.prosecutor,
      text(r.receivedOn),
      text(r.concludedOn),
      text(r.days),
    ],
  };
}

/** 逾期未回复的通知书: 序号, 通知书文号, 案件名称, 承办检察官, 发出日期, 回复期限. */
export function overdueNoticesList(rows: ListRow[], caption: string): ListSpec<ListRow> {
  return {
    rows,
    caption,
    annexTitle: '逾期未回复的流程监控通知书清单',
    unit: '份',
    excelSheet: '逾期未回复',
    fontPt: 9,
    columns: [
      col('序号', 7),
      col('通知书文号', 40, 'left'),
      col('案件名称', 46, 'left'),
      col('承办检察官', 21),
      col('发出日期', 21),
      col('回复期限', PORTRAIT - 135),
    ],
    cells: (r, i) => [
      String(i + 1),
      text(r.number),
      text(r.title) || text(r.caseNo),
      r.prosecutor,
      text(r.issuedOn),
      text(r.replyDueOn),
    ],
    annexColumns: [
      col('序号', 8),
      col('通知书文号', 42, 'left'),
      col('部门受案号', 54, 'left'),
      col('案件名称', 50, 'left'),
      col('承办检察官', 20),
      col('发出日期', 21),
      col('回复期限', LANDSCAPE - 195),
    ],
    annexCells: (r, i) => [
      String(i + 1),
      text(r.number),
      text(r.caseNo),
      text(r.title),
      r.prosecutor,
      text(r.issuedOn),
      text(r.replyDueOn),
    ],
  };
}
