/**
 * Handlers of the 'escalation/…' area (jobs.md *Escalation (督查移送)*): the month's 逾期未整改问题移送清单 as
 * proposed for the referral package, and excluding a finding from it with a reason (or restoring it) before export.
 */
import { z } from 'zod';
import { defineHandler, handlerList, type HandlerDef } from './registry';
import { excludeFromReferral, referralProposals, restoreToReferral } from '../escalation';
import { getReferralPackage } from '../referrals';

const month = z.string().regex(/^\d{4}-\d{2}$/, '月份应为 YYYY-MM');
const findingId = z.number().int().positive();
const onDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, '日期应为 YYYY-MM-DD')
  .optional();

/** The typed tuple (names, payloads, results kept: core/shared/api.ts reads it). */
export const escalationHandlers = [
  defineHandler({
    name: 'escalation/proposals',
    title: '查看逾期未整改问题移送清单',
    input: z.object({ month }),
    run(ctx, p) {
      const pkg = getReferralPackage(ctx, p.month);
      return {
        month: p.month,
        proposals: referralProposals(ctx.db, p.month),
        /** the latest package version of the month, if one was exported (exclusions apply from the next one) */
        packageVersion: pkg?.version ?? null,
      };
    },
  }),
  defineHandler({
    name: 'escalation/exclude',
    title: '不予移送逾期未整改问题',
    mutates: true,
    input: z.object({ month, findingId, reason: z.string().max(2000), onDate }),
    run: (ctx, p) => ({ proposal: excludeFromReferral(ctx, p) }),
  }),
  defineHandler({
    name: 'escalation/restore',
    title: '恢复移送逾期未整改问题',
    mutates: true,
    input: z.object({ month, findingId, onDate }),
    run: (ctx, p) => ({ proposal: restoreToReferral(ctx, p) }),
  }),
] as const;

export const handlers: HandlerDef[] = handlerList(escalationHandlers);
