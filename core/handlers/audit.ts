/** Handlers of the 'audit/…' area, with the warnings and the holiday calendar (the rule list is in rules.ts). */
import { z } from 'zod';
import { defineHandler, handlerList, HandlerError, type HandlerDef } from './registry';
import { isoDate } from '../schemas';
import { todayOf } from '../context';
import { PeriodNotOverError } from '../jobs/not-yet';
import { runAudit } from '../jobs/audit';
import { runWarning } from '../jobs/empty-store';
import { listWarnings } from '../findings';
import { CalendarFileError, listCalendarYears, loadHolidayFile } from '../calendar';
import { fileToRead } from '../security/path-guard';

/** The typed tuple (names, payloads, results kept: core/shared/api.ts reads it). */
export const auditHandlers = [
  defineHandler({
    name: 'audit/run',
    title: '运行日审核',
    mutates: true,
    input: z.object({ asOf: isoDate.optional() }),
    run: (ctx, p) => {
      try {
        const r = runAudit(ctx, { asOf: p.asOf ?? todayOf(ctx) });
        // An audit over 0 cases is a warning, not a success.
        return { ...r, warning: runWarning('audit', { ...r.counts }) };
      } catch (e) {
        if (e instanceof PeriodNotOverError) throw new HandlerError(e.message, 400);
        throw e;
      }
    },
  }),
  defineHandler({
    name: 'warnings/list',
    title: '列出临期预警',
    input: z.object({}).passthrough(),
    run: (ctx) => listWarnings(ctx.db),
  }),
  defineHandler({
    name: 'calendar/list',
    title: '查看节假日日历',
    input: z.object({}).passthrough(),
    run: (ctx) => ({ years: listCalendarYears(ctx.db) }),
  }),
  defineHandler({
    name: 'calendar/load',
    title: '载入节假日日历',
    mutates: true,
    input: z.object({ file: z.string().min(1) }),
    run: (ctx, p) => {
      const file = fileToRead(ctx, p.file, { folders: ['import'], what: '节假日日历文件' });
      try {
        return loadHolidayFile(ctx.db, file);
      } catch (e) {
        if (e instanceof CalendarFileError) throw new HandlerError(e.message, 400);
        throw e;
      }
    },
  }),
] as const;

export const handlers: HandlerDef[] = handlerList(auditHandlers);
