/**
 * The Calendar itself (see index.ts for what it counts): kept apart from the schemas and the store so that a
 * worker thread evaluating the audit's rules can make one without loading zod or db/.
 */
import type { IsoDate } from '../dates';
import { addDays, addMonths, dayNum as toDayNumber, isoDay as fromDayNumber } from './days';

/** One year of the holiday calendar (HolidayYearSchema in index.ts validates it). */
export interface CalendarYear {
  holidays: { name: string; from: string; to: string }[];
  workdays: string[];
}

export interface RollOption {
  roll: boolean;
}

export class Calendar {
  private readonly holidays = new Map<number, string>(); // day number → holiday name
  private readonly workdays = new Set<number>();
  readonly years: ReadonlySet<number>;
  /** Years without data that some computation consulted. */
  readonly consultedMissingYears = new Set<number>();

  /** `data`: the years it was made from (kept so that another thread can make the same calendar). */
  constructor(readonly data: Record<string | number, CalendarYear>) {
    const years = data;
    const ys = new Set<number>();
    for (const [y, data] of Object.entries(years)) {
      ys.add(+y);
      for (const h of data.holidays) {
        for (let n = toDayNumber(h.from), end = toDayNumber(h.to); n <= end; n++) this.holidays.set(n, h.name);
      }
      for (const w of data.workdays) this.workdays.add(toDayNumber(w));
    }
    this.years = ys;
  }

  private readonly restMemo = new Map<number, boolean>();

  private restDayNumber(n: number): boolean {
    const memo = this.restMemo.get(n);
    if (memo !== undefined) return memo;
    let rest: boolean;
    if (this.workdays.has(n)) rest = false;
    else if (this.holidays.has(n)) rest = true;
    else {
      const wd = (((n + 4) % 7) + 7) % 7;
      rest = wd === 0 || wd === 6;
    }
    const y = +fromDayNumber(n).slice(0, 4);
    if (!this.years.has(y)) this.consultedMissingYears.add(y);
    this.restMemo.set(n, rest);
    return rest;
  }

  isRestDay(d: IsoDate): boolean {
    return this.restDayNumber(toDayNumber(d));
  }

  isWorkingDay(d: IsoDate): boolean {
    return !this.isRestDay(d);
  }

  holidayName(d: IsoDate): string | null {
    return this.holidays.get(toDayNumber(d)) ?? null;
  }

  private readonly rollMemo = new Map<IsoDate, IsoDate>();

  /** d itself when it is a working day, else the next working day (remembered per day: the audit asks for the same days a lot). */
  rollToWorkingDay(d: IsoDate): IsoDate {
    let r = this.rollMemo.get(d);
    if (r === undefined) {
      r = this.roll(d);
      if (this.rollMemo.size > 100_000) this.rollMemo.clear();
      this.rollMemo.set(d, r);
    }
    return r;
  }

  private roll(d: IsoDate): IsoDate {
    let n = toDayNumber(d);
    const start = n;
    while (this.restDayNumber(n)) {
      n++;
      if (n - start > 60) throw new RangeError(`日历数据异常：${d} 之后 60 日内没有工作日`);
    }
    return n === start ? d : fromDayNumber(n);
  }

  /** N days after S (S not counted): S + N, rolled to a working day when `roll`. */
  dueAfterDays(start: IsoDate, n: number, opts: RollOption): IsoDate {
    const end = addDays(start, n);
    return opts.roll ? this.rollToWorkingDay(end) : end;
  }

  /** N months after S (CPL 105), rolled to a working day when `roll`. */
  dueAfterMonths(start: IsoDate, n: number, opts: RollOption): IsoDate {
    const end = addMonths(start, n);
    return opts.roll ? this.rollToWorkingDay(end) : end;
  }

  /** The n-th working day after d (d not counted); n = 0 gives d rolled to a working day. */
  addWorkingDays(d: IsoDate, n: number): IsoDate {
    if (n <= 0) return this.rollToWorkingDay(d);
    let day = toDayNumber(d);
    let left = n;
    while (left > 0) {
      day++;
      if (!this.restDayNumber(day)) left--;
    }
    return fromDayNumber(day);
  }

  /** Years in [from, to] (inclusive) without calendar data. */
  missingYears(from: number, to: number): number[] {
    const out: number[] = [];
    for (let y = from; y <= to; y++) if (!this.years.has(y)) out.push(y);
    return out;
  }
}
