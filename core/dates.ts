/**
 * Civil dates (日历日期) as 'YYYY-MM-DD' strings, computed in whole days.
 *
 * Why strings and day numbers instead of Date: every date in this product is a civil date in
 * China time (Asia/Shanghai, UTC+8, no DST since 1991). A JS Date carries an instant and tempts
 * code into the machine's local time zone; a day number cannot. Nothing here reads the clock
 * except `chinaToday(now)`, and that takes the instant as an argument.
 */

export type IsoDate = string; // 'YYYY-MM-DD'

const MS_PER_DAY = 86_400_000;
const CHINA_OFFSET_MS = 8 * 3_600_000;
const ISO_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isIsoDate(s: unknown): s is IsoDate {
  if (typeof s !== 'string') return false;
  const m = ISO_RE.exec(s);
  if (!m) return false;
  return isValidYmd(+m[1], +m[2], +m[3]);
}

export function isValidYmd(y: number, m: number, d: number): boolean {
  if (!Number.isInteger(y) || !Number.isInteger(m) || !Number.isInteger(d)) return false;
  if (y < 1900 || y > 2199 || m < 1 || m > 12 || d < 1) return false;
  return d <= daysInMonth(y, m);
}

export function daysInMonth(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

export function ymd(y: number, m: number, d: number): IsoDate {
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** Days since 1970-01-01 for a civil date. */
export function toDayNumber(iso: IsoDate): number {
  const y = +iso.slice(0, 4),
    m = +iso.slice(5, 7),
    d = +iso.slice(8, 10);
  return Math.round(Date.UTC(y, m - 1, d) / MS_PER_DAY);
}

export function fromDayNumber(n: number): IsoDate {
  return new Date(n * MS_PER_DAY).toISOString().slice(0, 10);
}

export function addDays(iso: IsoDate, n: number): IsoDate {
  return fromDayNumber(toDayNumber(iso) + n);
}

/** a − b in days. */
export function diffDays(a: IsoDate, b: IsoDate): number {
  return toDayNumber(a) - toDayNumber(b);
}

/**
 * N months after S as CPL 105 counts them: the same day N months later; when S is the last
 * day of its month, or that day does not exist in the target month, the last day of the
 * target month (2024-01-31 + 1 = 2024-02-29; 2024-02-29 + 1 = 2024-03-31).
 */
export function addMonths(iso: IsoDate, n: number): IsoDate {
  const y = +iso.slice(0, 4),
    m = +iso.slice(5, 7),
    d = +iso.slice(8, 10);
  const total = y * 12 + (m - 1) + n;
  const ty = Math.floor(total / 12),
    tm = (total % 12) + 1;
  const last = daysInMonth(ty, tm);
  const isLastOfMonth = d === daysInMonth(y, m);
  return ymd(ty, tm, isLastOfMonth || d > last ? last : d);
}

/** 0 = Sunday … 6 = Saturday. */
export function weekday(iso: IsoDate): number {
  return (((toDayNumber(iso) + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday
}

export function minDate(a: IsoDate | null, b: IsoDate | null): IsoDate | null {
  if (a == null) return b;
  if (b == null) return a;
  return a < b ? a : b;
}

export function maxDate(a: IsoDate | null, b: IsoDate | null): IsoDate | null {
  if (a == null) return b;
  if (b == null) return a;
  return a > b ? a : b;
}

/** Today's civil date in China for the given instant (default: now). The one place that may read the clock. */
export function chinaToday(now: Date = new Date()): IsoDate {
  return new Date(now.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

/** An instant as a China-time timestamp with its offset, e.g. '2026-11-22T09:30:00+08:00'. */
export function chinaTimestamp(now: Date = new Date()): string {
  return new Date(now.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 19) + '+08:00';
}

/** The civil date in China of a JS Date (e.g. an Excel cell read as UTC wall clock is NOT this: see import). */
export function chinaDateOfInstant(d: Date): IsoDate {
  return chinaToday(d);
}

// ---- periods -------------------------------------------------------------

export interface Period {
  key: string;
  start: IsoDate;
  end: IsoDate;
}

const MONTH_RE = /^(\d{4})-(\d{2})$/;
const WEEK_RE = /^(\d{4})-W(\d{2})$/;

export function isMonthKey(s: string): boolean {
  const m = MONTH_RE.exec(s);
  return !!m && +m[2] >= 1 && +m[2] <= 12;
}

export function monthPeriod(key: string): Period {
  const m = MONTH_RE.exec(key);
  if (!m || +m[2] < 1 || +m[2] > 12) throw new RangeError(`月份格式应为 YYYY-MM：${key}`);
  const y = +m[1],
    mo = +m[2];
  return { key, start: ymd(y, mo, 1), end: ymd(y, mo, daysInMonth(y, mo)) };
}

export function monthOf(iso: IsoDate): string {
  return iso.slice(0, 7);
}

export function previousMonth(key: string): string {
  const { start } = monthPeriod(key);
  return monthOf(addDays(start, -1));
}

export function nextMonth(key: string): string {
  const { end } = monthPeriod(key);
  return monthOf(addDays(end, 1));
}

/** ISO-8601 week key ('2026-W47') of a date: weeks start on Monday; week 1 holds the year's first Thursday. */
export function isoWeekOf(iso: IsoDate): string {
  const n = toDayNumber(iso);
  const dow = (weekday(iso) + 6) % 7; // Monday = 0
  const thursday = n - dow + 3;
  const y = +fromDayNumber(thursday).slice(0, 4);
  const jan1 = toDayNumber(ymd(y, 1, 1));
  const week = Math.floor((thursday - jan1) / 7) + 1;
  return `${y}-W${String(week).padStart(2, '0')}`;
}

export function isWeekKey(s: string): boolean {
  const m = WEEK_RE.exec(s);
  if (!m) return false;
  try {
    return isoWeekOf(weekPeriod(s).start) === s;
  } catch {
    return false;
  }
}

export function weekPeriod(key: string): Period {
  const m = WEEK_RE.exec(key);
  if (!m) throw new RangeError(`周格式应为 YYYY-Www：${key}`);
  const y = +m[1],
    w = +m[2];
  const jan4 = ymd(y, 1, 4);
  const mondayOfWeek1 = toDayNumber(jan4) - ((weekday(jan4) + 6) % 7);
  const start = fromDayNumber(mondayOfWeek1 + (w - 1) * 7);
  const p = { key, start, end: addDays(start, 6) };
  if (w < 1 || isoWeekOf(start) !== key) throw new RangeError(`不存在的周：${key}`);
  return p;
}

export function previousWeek(key: string): string {
  return isoWeekOf(addDays(weekPeriod(key).start, -7));
}

/** Chinese label of a month key: '2026年10月'. */
export function monthLabel(key: string): string {
  return `${key.slice(0, 4)}年${+key.slice(5, 7)}月`;
}

/** Chinese label of a civil date: '2026年10月9日'. */
export function dateLabel(iso: IsoDate): string {
  return `${iso.slice(0, 4)}年${+iso.slice(5, 7)}月${+iso.slice(8, 10)}日`;
}

// ---- quarters and years (metrics.md "Earlier periods, quarters and years") ----------

const QUARTER_RE = /^(\d{4})-Q([1-4])$/;
const YEAR_RE = /^(\d{4})$/;

/** '2026-Q3': the third calendar quarter (July–September). */
export function isQuarterKey(s: string): boolean {
  return QUARTER_RE.test(s);
}

/** '2026': a calendar year. */
export function isYearKey(s: string): boolean {
  const m = YEAR_RE.exec(s);
  return !!m && +m[1] >= 1900 && +m[1] <= 2199;
}

export function quarterPeriod(key: string): Period {
  const m = QUARTER_RE.exec(key);
  if (!m) throw new RangeError(`季度格式应为 YYYY-Qn（n 为 1 至 4）：${key}`);
  const y = +m[1],
    q = +m[2];
  return { key, start: ymd(y, q * 3 - 2, 1), end: ymd(y, q * 3, daysInMonth(y, q * 3)) };
}

export function yearPeriod(key: string): Period {
  if (!isYearKey(key)) throw new RangeError(`年度格式应为 YYYY：${key}`);
  return { key, start: `${key}-01-01`, end: `${key}-12-31` };
}

export function previousQuarter(key: string): string {
  const { start } = quarterPeriod(key);
  return quarterOf(addDays(start, -1));
}

/** The quarter key of a civil date ('2026-08-15' → '2026-Q3'). */
export function quarterOf(iso: IsoDate): string {
  return `${iso.slice(0, 4)}-Q${Math.floor((+iso.slice(5, 7) - 1) / 3) + 1}`;
}

/** The month keys of a period from its first to its last day ('2026-Q3' → 2026-07, 2026-08, 2026-09). */
export function monthsOf(p: { start: IsoDate; end: IsoDate }): string[] {
  const out: string[] = [];
  for (let m = monthOf(p.start); m <= monthOf(p.end); m = nextMonth(m)) out.push(m);
  return out;
}

const QUARTER_NAMES = ['', '第一季度', '第二季度', '第三季度', '第四季度'];

/** Chinese label of a quarter key: '2026年第三季度'. */
export function quarterLabel(key: string): string {
  return `${key.slice(0, 4)}年${QUARTER_NAMES[+key.slice(6)]}`;
}

/** Chinese label of a year key: '2026年度'. */
export function yearLabel(key: string): string {
  return `${key}年度`;
}
export { dateProblem, monthProblem, dateTimeText } from './shared/dates';
