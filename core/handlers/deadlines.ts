/**
 * Handlers of the 'deadlines/…' area (期限日历: the month's days and a day's list) and 'calendar/next-year'
 * (the December banner: next year's holidays not loaded yet). The day is the door's clock (ctx.now).
 */
import { z } from 'zod';
import { defineHandler, handlerList, type HandlerDef } from './registry';
import { todayOf } from '../context';
import { calendarItems, calendarMonth } from '../deadlines';
import { listCalendarYears } from '../calendar';
import { isoDate, monthKey } from '../schemas';

const filter = {
  department: z.string().max(60).optional(),
  prosecutor: z.string().max(40).optional(),
};

/** The typed tuple (names, payloads, results kept: core/shared/api.ts reads it). */
export const deadlinesHandlers = [
  defineHandler({
    name: 'deadlines/month',
    title: '查看期限日历',
    input: z.object({ month: monthKey, ...filter }),
    run: (ctx, p) =>
      calendarMonth(ctx.db, p.month, todayOf(ctx), { department: p.department, prosecutor: p.prosecutor }),
  }),
  defineHandler({
    name: 'deadlines/day',
    title: '查看当日到期事项',
    input: z.object({ from: isoDate, to: isoDate.optional(), ...filter }),
    fields: { from: '日期', to: '截止日期' },
    run: (ctx, p) => {
      const today = todayOf(ctx);
      return {
        today,
        items: calendarItems(ctx.db, p.from, p.to ?? p.from, today, {
          department: p.department,
          prosecutor: p.prosecutor,
        }),
      };
    },
  }),
  defineHandler({
    name: 'calendar/next-year',
    title: '检查次年节假日安排',
    input: z.object({}),
    run: (ctx) => {
      const today = todayOf(ctx);
      const year = +today.slice(0, 4);
      const loaded = listCalendarYears(ctx.db).some((y) => y.year === year + 1);
      // From 1 December the State Council has usually published next year's holidays.
      const due = today.slice(5) >= '12-01';
      return { today, nextYear: year + 1, loaded, showBanner: due && !loaded };
    },
  }),
] as const;

export const handlers: HandlerDef[] = handlerList(deadlinesHandlers);
