/** Handlers of the 'findings/…' area. */
import { z } from 'zod';
import { defineHandler, handlerList, HandlerError, type HandlerDef } from './registry';
import {
  changeFindingStatus,
  FINDING_STATUSES,
  FindingError,
  getFinding,
  listFindings,
  STATUS_ACTIONS,
} from '../findings';
import { issueNoticeFor } from '../notices';
import { isoDate } from '../schemas';

/** The filters of the findings list (the grid's export reads the same). */
export const findingsFilterSchema = z.object({
  status: z.union([z.enum(FINDING_STATUSES), z.array(z.enum(FINDING_STATUSES))]).optional(),
  ruleId: z.string().optional(),
  area: z.string().optional(),
  department: z.string().optional(),
  departments: z.array(z.string()).max(100).optional(),
  prosecutor: z.string().optional(),
  caseNo: z.string().optional(),
  q: z.string().max(100).optional(),
  firstSeenFrom: isoDate.optional(),
  overdueOn: isoDate.optional(),
  replyOverdueOn: isoDate.optional(),
  /** Only findings that are 逾期未整改 and still open (jobs.md *Escalation*). */
  overdueRectification: z.boolean().optional(),
});

/** The typed tuple (names, payloads, results kept: core/shared/api.ts reads it). */
export const findingsHandlers = [
  defineHandler({
    name: 'findings/list',
    title: '列出监控问题',
    input: findingsFilterSchema.extend({
      limit: z.number().int().min(1).max(100000).optional(),
      offset: z.number().int().min(0).optional(),
    }),
    run: (ctx, p) => listFindings(ctx.db, p),
  }),
  defineHandler({
    name: 'findings/get',
    title: '查看监控问题',
    input: z.object({ id: z.number().int().positive() }),
    run: (ctx, p) => {
      const f = getFinding(ctx.db, p.id);
      if (!f) throw new HandlerError(`监控问题 ${p.id} 不存在`, 404);
      return f;
    },
  }),
  defineHandler({
    name: 'findings/update-status',
    title: '处理监控问题',
    mutates: true,
    input: z.object({
      ids: z.array(z.number().int().positive()).min(1).max(10000),
      action: z.enum(STATUS_ACTIONS),
      note: z.string().max(4000).optional(),
      reason: z.string().max(4000).optional(),
      onDate: z.string().optional(),
    }),
    run: async (ctx, p) => {
      try {
        if (p.action === 'notice') {
          const notice = issueNoticeFor(ctx, p.ids, p.onDate);
          return { notice, findings: p.ids.map((id) => getFinding(ctx.db, id)) };
        }
        // All or nothing: one transaction around every change (each change nests as a savepoint).
        const findings = ctx.db.transaction(() =>
          p.ids.map((id) =>
            changeFindingStatus(ctx, id, { action: p.action, note: p.note, reason: p.reason, onDate: p.onDate }),
          ),
        )();
        return { findings };
      } catch (e) {
        if (e instanceof FindingError) throw new HandlerError(e.message, e.code === 'NOT_FOUND' ? 404 : 409);
        if (e instanceof Error && e.name === 'NoticeError')
          throw new HandlerError(e.message, (e as { code?: string }).code === 'NOT_FOUND' ? 404 : 409);
        throw e;
      }
    },
  }),
] as const;

export const handlers: HandlerDef[] = handlerList(findingsHandlers);
