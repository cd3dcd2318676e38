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
import {
  dossierData,
  emptyFigures,
  DOSSIER_FIGURES,
  type DossierData,
  type DossierFigures,
  type FigureList,
} from './figures';

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

  const lists = allFigureLists(db, year, data, {}, (name) => quota.has(name));
  return {
    year,
    office: settings.officeName,
    generatedAt: opts.generatedAt,
    rankWithinDepartment: settings.rankWithinDepartment,
    rows,
    lists,
  };
}

/**
 * Every figure's list for a period: each bulletin metric's (every base read once, all flags, then filtered by the
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
