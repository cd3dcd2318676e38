/**
 * CPL 105 period counting with China's holiday calendar (rules.md "Counting periods").
 *
 * - N days from S end on S + N (the start day is not counted).
 * - N months from S end on the same day N months later, or the target month's last day (core/dates.addMonths).
 * - Roll: an end day that is a rest day moves to the next working day — unless the caller says
 *   `roll: false` (custody review periods, coercive-measure limits).
 * - Rest day: an official holiday, or a Saturday/Sunday not declared a working day (调休上班).
 * - A year the calendar has no data for counts only weekends; the calendar remembers which such
 *   years were consulted (`consultedMissingYears`) so the audit can say so once.
 */
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { Db } from '../../db/store';
import { chinaTimestamp, dateProblem, isIsoDate, weekday } from '../dates';
import { Calendar } from './calendar';
import { countCalendarRows, listCalendarRows, upsertCalendarYear } from '../../db/queries/calendar';
import builtIn from './holidays-cn.json';

const isoDate = z.string().superRefine((v, c) => {
  if (!isIsoDate(v)) c.addIssue({ code: 'custom', message: dateProblem(v) ?? '日期格式应为 YYYY-MM-DD' });
});

export const HolidayYearSchema = z.object({
  holidays: z.array(
    z
      .object({ name: z.string().min(1), from: isoDate, to: isoDate })
      .refine((h) => h.from <= h.to, { message: '假期的开始日期晚于结束日期' }),
  ),
  workdays: z.array(isoDate),
});
export type HolidayYear = z.infer<typeof HolidayYearSchema>;

export const HolidayFileSchema = z
  .object({
    source: z.string().optional(),
    note: z.string().optional(),
    years: z.record(
      z.string().refine((y) => /^\d{4}$/.test(y), { message: '年份应为四位数字' }),
      HolidayYearSchema,
    ),
  })
  .superRefine((f, ctx) => {
    for (const [y, data] of Object.entries(f.years)) {
      for (const h of data.holidays) {
        if (h.from.slice(0, 4) !== y && h.to.slice(0, 4) !== y)
          ctx.addIssue({ code: 'custom', path: ['years', y], message: `${h.name}（${h.from}–${h.to}）不在 ${y} 年` });
      }
      for (const w of data.workdays) {
        const wd = weekday(w);
        if (wd !== 0 && wd !== 6)
          ctx.addIssue({
            code: 'custom',
            path: ['years', y, 'workdays'],
            message: `${w} 不是周六或周日，不能作为调休上班日`,
          });
      }
    }
  });
export type HolidayFile = z.infer<typeof HolidayFileSchema>;

/** The calendar shipped with the program (core/calendar/holidays-cn.json, from the spec). */
export function builtInHolidayFile(): HolidayFile {
  return HolidayFileSchema.parse(builtIn);
}

export function builtInCalendar(): Calendar {
  return new Calendar(builtInHolidayFile().years);
}

/** Seeds the store's holiday_calendars from the built-in file when the table is empty. */
export function seedCalendar(db: Db): void {
  if (countCalendarRows(db) > 0) return;
  const f = builtInHolidayFile();
  const at = chinaTimestamp();
  db.transaction(() => {
    for (const [y, data] of Object.entries(f.years))
      upsertCalendarYear(db, { year: +y, dataJson: JSON.stringify(data), source: 'built-in', loadedAt: at });
  })();
}

/** The store's calendar (seeded from the built-in file when empty). */
export function loadCalendar(db: Db): Calendar {
  seedCalendar(db);
  const years: Record<number, HolidayYear> = {};
  for (const r of listCalendarRows(db)) years[r.year] = HolidayYearSchema.parse(JSON.parse(r.data_json));
  return new Calendar(years);
}

export interface CalendarYearInfo {
  year: number;
  source: string;
  loadedAt: string;
  holidays: number;
  workdays: number;
}

export function listCalendarYears(db: Db): CalendarYearInfo[] {
  seedCalendar(db);
  return listCalendarRows(db).map((r) => {
    const d = JSON.parse(r.data_json) as HolidayYear;
    return {
      year: r.year,
      source: r.source,
      loadedAt: r.loaded_at,
      holidays: d.holidays.length,
      workdays: d.workdays.length,
    };
  });
}

export class CalendarFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CalendarFileError';
  }
}

/** Where an issue is in a holiday file, in Chinese: '2027 年 · 第 2 个假期 · 开始日期'. */
function issuePlace(p: readonly PropertyKey[]): string {
  const out: string[] = [];
  for (let i = 0; i < p.length; i++) {
    const k = p[i];
    if (k === 'years') continue;
    if (typeof k === 'string' && /^\d{4}$/.test(k)) out.push(`${k} 年`);
    else if (k === 'holidays' && typeof p[i + 1] === 'number') out.push(`第 ${(p[++i] as number) + 1} 个假期`);
    else if (k === 'workdays' && typeof p[i + 1] === 'number') out.push(`第 ${(p[++i] as number) + 1} 个调休上班日`);
    else if (k === 'workdays') out.push('调休上班日');
    else if (k === 'holidays') out.push('假期');
    else if (k === 'from') out.push('开始日期');
    else if (k === 'to') out.push('结束日期');
    else if (k === 'name') out.push('名称');
    else out.push(String(k));
  }
  return out.join(' · ') || '文件';
}

function issueText(i: z.core.$ZodIssue): string {
  if (i.code === 'custom' || /[\u4e00-\u9fff]/.test(i.message)) {
    if (i.code === 'custom' || i.code === 'invalid_format') return i.message;
  }
  if (i.code === 'invalid_type') return /undefined$/.test(i.message) ? '缺少此项' : '类型不对';
  if (i.code === 'too_small') return '不能为空';
  if (i.code === 'invalid_key') return '年份应为四位数字，例如 "2027"';
  return '格式不正确';
}

const FILE_HINT =
  '（格式同程序内置的 holidays-cn.json：{"years": {"2027": {"holidays": [{"name", "from", "to"}], "workdays": [...]}}}）';

const MAX_CALENDAR_BYTES = 1024 * 1024;

/** Validates a holiday file (same JSON shape as holidays-cn.json) and stores it per year (replacing those years). */
export function loadHolidayFile(db: Db, file: string): { years: number[]; source: string } {
  const name = path.basename(file);
  let text: string;
  try {
    if (fs.statSync(file).size > MAX_CALENDAR_BYTES)
      throw new CalendarFileError(`日历文件 ${name} 过大（应小于 1 MB）`);
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    if (e instanceof CalendarFileError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    // The path as the user gave it (a typed path in the CLI, a picked file's in the app): never a resolved one.
    throw new CalendarFileError(
      code === 'ENOENT'
        ? `找不到日历文件：${file}，请检查文件路径`
        : code === 'EISDIR'
          ? `${file} 是文件夹，请选择节假日日历文件（.json）`
          : `无法读取日历文件 ${name}：请确认文件存在且有读取权限`,
    );
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    // The parser's own message quotes the file's text: never hand that on.
    throw new CalendarFileError(`日历文件 ${name} 不是有效的 JSON 文件${FILE_HINT}`);
  }
  const parsed = HolidayFileSchema.safeParse(raw);
  if (!parsed.success) {
    const msg = parsed.error.issues
      .slice(0, 10)
      .map((i) => `${issuePlace(i.path)}：${issueText(i)}`)
      .join('；');
    throw new CalendarFileError(`日历文件 ${path.basename(file)} 格式不正确：${msg}${FILE_HINT}`);
  }
  const years = Object.keys(parsed.data.years)
    .map(Number)
    .sort((a, b) => a - b);
  if (years.length === 0) throw new CalendarFileError(`日历文件 ${path.basename(file)} 不含任何年份`);
  seedCalendar(db);
  const at = chinaTimestamp();
  const source = path.basename(file);
  db.transaction(() => {
    for (const y of years)
      upsertCalendarYear(db, { year: y, dataJson: JSON.stringify(parsed.data.years[String(y)]), source, loadedAt: at });
  })();
  return { years, source };
}

/** The Chinese note the audit gives once for years counted by weekends only. */
export function missingYearsWarning(years: Iterable<number>): string[] {
  const ys = [...new Set(years)].sort((a, b) => a - b);
  if (!ys.length) return [];
  return [
    `节假日日历缺少 ${ys.join('、')} 年的数据：这些年份仅按周六、周日计算休息日，期限可能不准确。请载入新的节假日日历（caseflow calendar load 文件）。`,
  ];
}

export { weekday };
export { Calendar, type RollOption } from './calendar';
