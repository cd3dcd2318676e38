import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import fs from 'node:fs';
import path from 'node:path';
import {
  builtInCalendar,
  Calendar,
  listCalendarYears,
  loadCalendar,
  loadHolidayFile,
  CalendarFileError,
} from '../../core/calendar';
import { addDays, addMonths, diffDays, fromDayNumber, toDayNumber } from '../../core/dates';
import { tmpDir, tmpStore } from '../helpers/tmp';

const cal = builtInCalendar();

describe('rest days (holidays-cn.json)', () => {
  it.each([
    ['2025-10-01', true],
    ['2025-10-08', true],
    ['2025-10-09', false],
    ['2025-10-11', false], // 2025-10-11 Saturday: declared workday
    ['2025-09-28', false], // Sunday, declared workday
    ['2025-10-12', true],
    ['2026-02-14', false],
    ['2026-02-15', true],
    ['2026-02-23', true],
    ['2026-02-24', false],
    ['2024-02-29', false],
    ['2026-01-31', true],
    ['2026-01-03', true],
    ['2026-01-04', false],
  ])('%s rest=%s', (d, rest) => {
    expect(cal.isRestDay(d)).toBe(rest);
    expect(cal.isWorkingDay(d)).toBe(!rest);
  });

  it('rolls a rest day to the next working day and leaves a working day alone', () => {
    expect(cal.rollToWorkingDay('2025-10-05')).toBe('2025-10-09');
    expect(cal.rollToWorkingDay('2025-10-09')).toBe('2025-10-09');
    expect(cal.rollToWorkingDay('2026-02-20')).toBe('2026-02-24');
    expect(cal.rollToWorkingDay('2024-10-05')).toBe('2024-10-08');
  });

  it('counts working days for reply deadlines', () => {
    // Thu 2025-09-25 + 3 working days: Fri 26, Sun 28 (declared workday), Mon 29.
    expect(cal.addWorkingDays('2025-09-25', 3)).toBe('2025-09-29');
    // Tue 2025-09-30 + 1: the whole 国庆 break is skipped, then Thu 10-09.
    expect(cal.addWorkingDays('2025-09-30', 1)).toBe('2025-10-09');
    expect(cal.addWorkingDays('2025-10-09', 2)).toBe('2025-10-11');
  });

  it('knows which years it lacks; those count weekends only', () => {
    expect(cal.missingYears(2023, 2027)).toEqual([2023, 2027]);
    expect(cal.isRestDay('2027-01-01')).toBe(false); // a Friday, no data for 2027
    expect(cal.isRestDay('2027-01-02')).toBe(true);
    expect(cal.consultedMissingYears.has(2027)).toBe(true);
  });
});

/** Worked examples, each counted by hand from holidays-cn.json (the start day not counted). */
describe('worked examples (CPL 105)', () => {
  const table: { what: string; got: () => string; want: string }[] = [
    // 审查逮捕, detained: 7 days, no roll. 2025-01-24 + 7 = 2025-01-31, inside 春节 (01-28..02-04) but custody periods never roll.
    {
      what: '审查逮捕 在押 2025-01-24',
      got: () => cal.dueAfterDays('2025-01-24', 7, { roll: false }),
      want: '2025-01-31',
    },
    // Same start not in custody would roll past 春节 to Thu 02-05.
    {
      what: '7 days + roll 2025-01-24',
      got: () => cal.dueAfterDays('2025-01-24', 7, { roll: true }),
      want: '2025-02-05',
    },
    // 审查逮捕, not detained: 15 days + roll. 09-20 + 15 = 10-05 (国庆) → first working day after the break 10-09.
    {
      what: '审查逮捕 未羁押 2025-09-20',
      got: () => cal.dueAfterDays('2025-09-20', 15, { roll: true }),
      want: '2025-10-09',
    },
    // 09-26 + 15 = 10-11: a Saturday declared a working day → no roll.
    {
      what: '审查逮捕 未羁押 2025-09-26',
      got: () => cal.dueAfterDays('2025-09-26', 15, { roll: true }),
      want: '2025-10-11',
    },
    // 重大复杂: 20 days. 09-20 + 20 = 10-10 (Fri, working).
    {
      what: '审查逮捕 重大复杂 2025-09-20',
      got: () => cal.dueAfterDays('2025-09-20', 20, { roll: true }),
      want: '2025-10-10',
    },
    // 审查起诉 one month. 2024-01-31 → 2024-02-29 (leap year, last day; a Thursday, working).
    {
      what: '审查起诉 2024-01-31 取保',
      got: () => cal.dueAfterMonths('2024-01-31', 1, { roll: true }),
      want: '2024-02-29',
    },
    {
      what: '审查起诉 2024-01-31 在押',
      got: () => cal.dueAfterMonths('2024-01-31', 1, { roll: false }),
      want: '2024-02-29',
    },
    // 2025-01-31 → 2025-02-28 (Friday, working).
    {
      what: '审查起诉 2025-01-31 取保',
      got: () => cal.dueAfterMonths('2025-01-31', 1, { roll: true }),
      want: '2025-02-28',
    },
    {
      what: '审查起诉 2025-01-31 在押',
      got: () => cal.dueAfterMonths('2025-01-31', 1, { roll: false }),
      want: '2025-02-28',
    },
    // 2024-03-31 (last day of March) → 2024-04-30 (Tuesday before 劳动节, working).
    {
      what: '审查起诉 2024-03-31 取保',
      got: () => cal.dueAfterMonths('2024-03-31', 1, { roll: true }),
      want: '2024-04-30',
    },
    {
      what: '审查起诉 2024-03-31 在押',
      got: () => cal.dueAfterMonths('2024-03-31', 1, { roll: false }),
      want: '2024-04-30',
    },
    // 2025-12-31 → 2026-01-31, a Saturday (not a declared workday): rolls to Mon 02-02 unless in custody.
    {
      what: '审查起诉 2025-12-31 取保',
      got: () => cal.dueAfterMonths('2025-12-31', 1, { roll: true }),
      want: '2026-02-02',
    },
    {
      what: '审查起诉 2025-12-31 在押',
      got: () => cal.dueAfterMonths('2025-12-31', 1, { roll: false }),
      want: '2026-01-31',
    },
    // 延长 15 days after the month: 2025-12-31 → 2026-01-31 + 15 = 2026-02-15 (春节) → 02-24 on bail.
    {
      what: '审查起诉 延长 2025-12-31 取保',
      got: () => cal.rollToWorkingDay(addDays(addMonths('2025-12-31', 1), 15)),
      want: '2026-02-24',
    },
    // 速裁: 10 days. 2026-02-10 + 10 = 2026-02-20 inside 春节 (02-15..23): on bail → 02-24; in custody → 02-20.
    { what: '速裁 2026-02-10 取保', got: () => cal.dueAfterDays('2026-02-10', 10, { roll: true }), want: '2026-02-24' },
    {
      what: '速裁 2026-02-10 在押',
      got: () => cal.dueAfterDays('2026-02-10', 10, { roll: false }),
      want: '2026-02-20',
    },
    // 取保候审 12 months from 2024-02-29 (last day of Feb) → 2025-02-28; measures never roll.
    { what: '取保 2024-02-29', got: () => cal.dueAfterMonths('2024-02-29', 12, { roll: false }), want: '2025-02-28' },
    // 监视居住 6 months from 2025-04-05 → 2025-10-05 (国庆): no roll.
    {
      what: '监视居住 2025-04-05',
      got: () => cal.dueAfterMonths('2025-04-05', 6, { roll: false }),
      want: '2025-10-05',
    },
    // 抗诉: judgment received 2024-09-30 → +10 = 2024-10-10 (Thursday after 国庆, working).
    { what: '判决 2024-09-30', got: () => cal.dueAfterDays('2024-09-30', 10, { roll: true }), want: '2024-10-10' },
    // ruling received 2024-09-30 → +5 = 2024-10-05 (国庆) → Tue 10-08.
    { what: '裁定 2024-09-30', got: () => cal.dueAfterDays('2024-09-30', 5, { roll: true }), want: '2024-10-08' },
    // judgment received 2025-09-28 (a declared-workday Sunday) → +10 = 2025-10-08 (holiday) → 10-09.
    { what: '判决 2025-09-28', got: () => cal.dueAfterDays('2025-09-28', 10, { roll: true }), want: '2025-10-09' },
    // ruling received 2025-09-28 → +5 = 2025-10-03 → 10-09.
    { what: '裁定 2025-09-28', got: () => cal.dueAfterDays('2025-09-28', 5, { roll: true }), want: '2025-10-09' },
    // Rights notices: 3 days + roll. 2025-09-28 + 3 = 10-01 → 10-09. 2026-02-11 + 3 = 02-14, a declared workday Saturday.
    { what: '告知 2025-09-28', got: () => cal.dueAfterDays('2025-09-28', 3, { roll: true }), want: '2025-10-09' },
    { what: '告知 2026-02-11', got: () => cal.dueAfterDays('2026-02-11', 3, { roll: true }), want: '2026-02-14' },
  ];
  it.each(table)('$what → $want', ({ got, want }) => {
    expect(got()).toBe(want);
  });
});

describe('properties', () => {
  const day = fc.integer({ min: toDayNumber('2023-06-01'), max: toDayNumber('2027-06-30') }).map(fromDayNumber);
  it('a due date is never before start + N, a rolled one is a working day, a custody one equals the raw end', () => {
    fc.assert(
      fc.property(day, fc.integer({ min: 0, max: 60 }), (s, n) => {
        const rolled = cal.dueAfterDays(s, n, { roll: true });
        const raw = cal.dueAfterDays(s, n, { roll: false });
        expect(diffDays(rolled, s)).toBeGreaterThanOrEqual(n);
        expect(raw).toBe(addDays(s, n));
        expect(cal.isWorkingDay(rolled)).toBe(true);
        // the days between the raw end and the rolled one are all rest days
        for (let d = raw; d < rolled; d = addDays(d, 1)) expect(cal.isRestDay(d)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
  it('months: rolled ≥ raw, custody = raw, addMonths monotonic in start and in n', () => {
    fc.assert(
      fc.property(day, day, fc.integer({ min: 0, max: 24 }), (a, b, n) => {
        const [s, t] = a <= b ? [a, b] : [b, a];
        expect(addMonths(s, n) <= addMonths(t, n)).toBe(true);
        expect(addMonths(s, n) <= addMonths(s, n + 1)).toBe(true);
        const raw = cal.dueAfterMonths(s, n, { roll: false });
        expect(raw).toBe(addMonths(s, n));
        const rolled = cal.dueAfterMonths(s, n, { roll: true });
        expect(rolled >= raw && cal.isWorkingDay(rolled)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
  it('addWorkingDays lands on a working day after the start', () => {
    fc.assert(
      fc.property(day, fc.integer({ min: 1, max: 30 }), (s, n) => {
        const d = cal.addWorkingDays(s, n);
        expect(cal.isWorkingDay(d)).toBe(true);
        expect(diffDays(d, s)).toBeGreaterThanOrEqual(n);
      }),
      { numRuns: 300 },
    );
  });
});

describe('the store calendar', () => {
  it('is seeded from the built-in file and takes a newer file per year', () => {
    const { db } = tmpStore();
    expect(listCalendarYears(db).map((y) => [y.year, y.source])).toEqual([
      [2024, 'built-in'],
      [2025, 'built-in'],
      [2026, 'built-in'],
    ]);
    const file = path.join(tmpDir(), 'holidays-2027.json');
    fs.writeFileSync(
      file,
      JSON.stringify({
        years: {
          2027: { holidays: [{ name: '元旦', from: '2027-01-01', to: '2027-01-03' }], workdays: ['2027-01-09'] },
        },
      }),
    );
    expect(loadHolidayFile(db, file)).toEqual({ years: [2027], source: 'holidays-2027.json' });
    const c = loadCalendar(db);
    expect(c.isRestDay('2027-01-01')).toBe(true);
    expect(c.isWorkingDay('2027-01-09')).toBe(true);
    expect(c.missingYears(2024, 2027)).toEqual([]);
    expect(listCalendarYears(db).map((y) => y.year)).toEqual([2024, 2025, 2026, 2027]);
  });

  it('refuses a malformed file in Chinese and changes nothing', () => {
    const { db } = tmpStore();
    const file = path.join(tmpDir(), 'bad.json');
    fs.writeFileSync(
      file,
      JSON.stringify({
        years: {
          2027: { holidays: [{ name: '元旦', from: '2027-13-01', to: '2027-01-03' }], workdays: ['2027-01-05'] },
        },
      }),
    );
    expect(() => loadHolidayFile(db, file)).toThrow(CalendarFileError);
    expect(() => loadHolidayFile(db, file)).toThrow(/格式不正确/);
    expect(listCalendarYears(db).map((y) => y.year)).toEqual([2024, 2025, 2026]);
  });

  it('a Calendar with no years counts weekends only', () => {
    const empty = new Calendar({});
    expect(empty.isRestDay('2025-10-01')).toBe(false);
    expect(empty.isRestDay('2025-10-04')).toBe(true);
  });
});
