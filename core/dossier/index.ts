/**
 * 个人执法档案 (a prosecutor's dossier, metrics.md): one prosecutor's year — the bulletin metrics of the year and of
 * each month, findings on their cases, notices and replies, escalations, reviews, referrals — each figure with the
 * list behind it (core/dossier/figures.ts). `caseflow dossier` prints dossierJson (cli.md's shape, exactly).
 *
 * A year not over yet is shown up to today (its months so far, `complete: false`): the as-of view makes every
 * figure the office as it stands, and the page says the year is not over. The annual evaluation refuses it.
 */
import type { Db } from '../../db/store';
import { HandlerError } from '../errors';
import { isYearKey, monthOf, monthsOf, yearPeriod, type IsoDate } from '../dates';
import * as dq from '../../db/queries/dossier';
import {
  PROSECUTOR_METRICS,
  addCounters,
  countersByProsecutor,
  emptyCounters,
  metricsOf,
  periodOf,
  type Figures,
} from '../metrics';
import { dossierData, metricList, DOSSIER_FIGURES, type DossierFigures, type FigureList } from './figures';

export * from './figures';

export interface Dossier extends DossierFigures {
  period: string;
  start: string;
  end: string;
  /** false while the year is not over (figures so far) */
  complete: boolean;
  quota: boolean;
  months: { month: string; metrics: Figures }[];
}

function checkYear(year: string): void {
  if (!isYearKey(year)) throw new HandlerError(`年度“${year}”无效，应为四位年份（1900 至 2199），如 2026`, 400);
}

export function checkProsecutor(db: Db, name: string): { department: string | null; quota: boolean } {
  const n = name?.trim();
  if (!n) throw new HandlerError('请指定检察官姓名', 400);
  const k = dq.prosecutorKnown(db, n);
  if (!k) throw new HandlerError(`没有名为“${n}”的检察官：人员名单和案件中都没有这个名字`, 404);
  return k;
}

/** The months of a year up to `today`'s month (all twelve once the year is over). */
export function monthsSoFar(year: string, today: IsoDate): string[] {
  return monthsOf(yearPeriod(year)).filter((m) => m <= monthOf(today));
}

/**
 * One prosecutor's dossier for a year. `today` (the door's clock) only decides whether the year is over and which
 * months have begun; the figures never read the clock.
 */
export function buildDossier(db: Db, prosecutor: string, year: string, today: IsoDate): Dossier {
  checkYear(year);
  const who = checkProsecutor(db, prosecutor);
  const name = prosecutor.trim();
  const p = yearPeriod(year);
  if (p.start > today) throw new HandlerError(`${year}年尚未开始，没有执法档案`, 400);
  const data = dossierData(db, year, { prosecutor: name });
  const f = data.figures.get(name)!;
  if (f.departments.length === 0 && who.department) f.departments = [who.department];
  // Each month's bulletin metrics: five grouped queries of that prosecutor's rows per month.
  const months = monthsSoFar(year, today).map((month) => {
    const c = emptyCounters();
    for (const g of countersByProsecutor(db, periodOf(month), { prosecutor: name })) addCounters(c, g.counters);
    return { month, metrics: metricsOf(PROSECUTOR_METRICS, c) };
  });
  return { ...f, period: year, start: p.start, end: p.end, complete: p.end < today, quota: who.quota, months };
}

/** cli.md's `dossier --format json` shape, exactly. */
export function dossierJson(d: Dossier) {
  return {
    prosecutor: d.prosecutor,
    period: d.period,
    metrics: d.metrics,
    months: d.months,
    findings: {
      total: d.findings.total,
      serious: d.findings.serious,
      per100Cases: d.findings.per100Cases,
      byArea: d.findings.byArea,
      byRule: d.findings.byRule.map((r) => ({ ruleId: r.ruleId, title: r.title, count: r.count })),
      medianDaysToRectify: d.findings.medianDaysToRectify,
      rectifiedOnTimeRate: d.findings.rectifiedOnTimeRate,
      escalated: d.findings.escalated,
    },
    notices: { issued: d.notices.issued, toChief: d.notices.toChief, repliedOnTime: d.notices.repliedOnTime },
    reviews: d.reviews.map((r) => ({ caseNo: r.caseNo, grade: r.grade, on: r.on })),
    referralsIn: d.referralsIn,
  };
}

/**
 * The list behind one figure of a dossier: a bulletin metric (of the year, or of one month with `month`), or one
 * of the dossier's own figures (DOSSIER_FIGURES), optionally narrowed to an area or a rule.
 */
export function dossierList(
  db: Db,
  input: { prosecutor: string; year: string; figure: string; month?: string; area?: string; ruleId?: string },
): FigureList {
  checkYear(input.year);
  checkProsecutor(db, input.prosecutor);
  const name = input.prosecutor.trim();
  const period = input.month ?? input.year;
  if (input.month && !monthsOf(yearPeriod(input.year)).includes(input.month))
    throw new HandlerError(`月份 ${input.month} 不在${input.year}年内`, 400);
  if (PROSECUTOR_METRICS.some((m) => m.id === input.figure) && input.figure !== 'noticesIssued')
    return metricList(db, input.figure, period, { prosecutor: name });
  if (!DOSSIER_FIGURES.some((x) => x.key === input.figure))
    throw new HandlerError(`执法档案中没有这项数据：${input.figure}`, 400);
  const list = dossierData(db, period, { prosecutor: name }).lists.get(input.figure)!;
  if (input.area) return { ...list, rows: list.rows.filter((r) => r.ruleArea === input.area) };
  if (input.ruleId) return { ...list, rows: list.rows.filter((r) => r.ruleId === input.ruleId) };
  return list;
}
