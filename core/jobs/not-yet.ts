/**
 * Periods that have not ended yet are refused (rules.md "The audit as of a date"): an audit for a day after
 * today, a weekly notice for a week not over, a monthly inspection (and its bulletins) for a month not over.
 * Each refusal says when the job can run. "Today" is the door's (todayOf(ctx): the CLI's and the app's clock,
 * the scheduler's `now`), never read here.
 *
 * The error is a RangeError, so the doors that already turn a bad period into "refused" (exit 1, HTTP 400)
 * treat it the same way.
 */
import {
  addDays,
  dateLabel,
  isMonthKey,
  isQuarterKey,
  isWeekKey,
  isYearKey,
  monthLabel,
  monthPeriod,
  quarterLabel,
  quarterPeriod,
  weekPeriod,
  yearLabel,
  yearPeriod,
  type IsoDate,
  type Period,
} from '../dates';

export class PeriodNotOverError extends RangeError {
  constructor(message: string) {
    super(message);
    this.name = 'PeriodNotOverError';
  }
}

/** An audit as of `asOf` needs `asOf` ≤ today. */
export function refuseFutureAudit(asOf: IsoDate, today: IsoDate): void {
  if (asOf > today)
    throw new PeriodNotOverError(
      `审核日期 ${asOf} 晚于今天（${today}），不能审核尚未到来的日子：${dateLabel(asOf)}当天或之后才能运行该日的审核。`,
    );
}

/** A weekly notice for `week` needs the week over: from the Monday after it. */
export function refuseUnfinishedWeek(week: string, today: IsoDate): void {
  const p = weekPeriod(week);
  if (p.end >= today) {
    const from = addDays(p.end, 1);
    throw new PeriodNotOverError(
      `${week.slice(0, 4)}年第${+week.slice(6)}周（${p.start} 至 ${p.end}）尚未结束，不能生成周通报：${dateLabel(from)}（下周一）起可以生成。`,
    );
  }
}

/** A monthly inspection or bulletin for `month` needs the month over: from the 1st of the next month. */
export function refuseUnfinishedMonth(month: string, today: IsoDate, what = '月检查和月度通报'): void {
  const p = monthPeriod(month);
  if (p.end >= today) {
    const from = addDays(p.end, 1);
    throw new PeriodNotOverError(`${monthLabel(month)}尚未结束，不能运行${what}：${dateLabel(from)}起可以运行。`);
  }
}

/** A quarter's or a year's bulletins (or the year's evaluation) need the period over: from the day after it. */
export function refuseUnfinishedLongPeriod(
  p: { start: IsoDate; end: IsoDate },
  label: string,
  today: IsoDate,
  what: string,
): void {
  if (p.end >= today)
    throw new PeriodNotOverError(
      `${label}（${p.start} 至 ${p.end}）尚未结束，不能生成${what}：${dateLabel(addDays(p.end, 1))}起可以生成。`,
    );
}

/**
 * Figures of a week, month, quarter or year not over (a live preview, the lists behind a figure, the referral
 * package) are refused like its jobs: `doing` says what cannot be done yet ("预览通报数据"), the message when it can.
 */
export function refuseUnfinishedPeriod(period: string, today: IsoDate, doing: string): void {
  const { p, label } = periodAndLabel(period);
  if (p.end < today) return;
  throw new PeriodNotOverError(`${label}尚未结束，不能${doing}：${dateLabel(addDays(p.end, 1))}起可以${doing}。`);
}

function periodAndLabel(period: string): { p: Period; label: string } {
  if (isWeekKey(period)) {
    const p = weekPeriod(period);
    return { p, label: `${period.slice(0, 4)}年第${+period.slice(6)}周（${p.start} 至 ${p.end}）` };
  }
  if (isQuarterKey(period)) {
    const p = quarterPeriod(period);
    return { p, label: `${quarterLabel(period)}（${p.start} 至 ${p.end}）` };
  }
  if (isYearKey(period)) {
    const p = yearPeriod(period);
    return { p, label: `${yearLabel(period)}（${p.start} 至 ${p.end}）` };
  }
  return { p: monthPeriod(period), label: monthLabel(period) };
}

/**
 * A user's export of month M's referral package (the doors: referrals/export, `caseflow referrals export`) needs
 * the month over, like its inspection; a month key that is not one is left to the export's own refusal.
 */
export function refuseUnfinishedReferralMonth(month: string, today: IsoDate): void {
  if (isMonthKey(month)) refuseUnfinishedPeriod(month, today, '导出该月的线索移送材料');
}
