/** Handlers of the 'audit/…' area, with the rule list, the warnings and the holiday calendar. */
import { z } from 'zod';
import { defineHandler, handlerList, HandlerError, type HandlerDef } from './registry';
import { chinaToday } from '../dates';
import { isoDate } from './schemas';
import { runAudit } from '../jobs/audit';
import { runWarning } from '../jobs/empty-store';
import { listWarnings } from '../findings';
import { describeRules } from '../rules/registry';
import { getSettings } from '../settings';
import { CalendarFileError, listCalendarYears, loadHolidayFile } from '../calendar';

/** The typed tuple (names, payloads, results kept: core/shared/api.ts reads it). */
export const auditHandlers = [
  defineHandler({
    name: 'audit/run',
    title: '运行日审核',
    mutates: true,
    input: z.object({ asOf: isoDate.optional() }),
    run: (ctx, p) => {
      const r = runAudit(ctx, { asOf: p.asOf ?? chinaToday() });
      return { ...r, warning: runWarning('audit', { ...r.counts }) };
    },
  }),
  defineHandler({
    name: 'warnings/list',
    title: '列出临期预警',
    input: z.object({}).passthrough(),
    run: (ctx) => listWarnings(ctx.db),
  }),
  defineHandler({
    name: 'rules/list',
    title: '列出监控规则',
    input: z.object({}).passthrough(),
    run: (ctx) => ({ rules: describeRules(getSettings(ctx.db).warningWindows) }),
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
      try {
        return loadHolidayFile(ctx.db, p.file);
      } catch (e) {
        if (e instanceof CalendarFileError) throw new HandlerError(e.message, 400);
        throw e;
      }
    },
  }),
] as const;

export const handlers: HandlerDef[] = handlerList(auditHandlers);
