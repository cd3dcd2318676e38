/** Handlers of the 'notices/…' area: 流程监控通知书. */
import { z } from 'zod';
import { defineHandler, handlerList, HandlerError, type HandlerDef } from './registry';
import { isIsoDate } from '../dates';
import {
  exportNotice,
  getNotice,
  issueNotice,
  listNotices,
  NOTICE_STATUSES,
  NoticeError,
  recordReply,
  withdrawNotice,
} from '../notices';
import { FindingError } from '../findings';
import { folderToWrite } from '../security/path-guard';

const date = z.string().refine(isIsoDate, { message: '日期应为 YYYY-MM-DD' });

function wrap<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof NoticeError) throw new HandlerError(e.message, e.code === 'NOT_FOUND' ? 404 : 409);
    if (e instanceof FindingError) throw new HandlerError(e.message, 409);
    throw e;
  }
}

/** The typed tuple (names, payloads, results kept: core/shared/api.ts reads it). */
export const noticesHandlers = [
  defineHandler({
    name: 'notices/list',
    title: '列出流程监控通知书',
    input: z.object({
      year: z.number().int().optional(),
      caseNo: z.string().optional(),
      prosecutor: z.string().optional(),
      from: date.optional(),
      to: date.optional(),
      replied: z.boolean().optional(),
      /** 待回复 | 已回复 | 逾期未回复 | 已撤回 (one or several), on `asOf` (default today). */
      status: z.union([z.enum(NOTICE_STATUSES), z.array(z.enum(NOTICE_STATUSES))]).optional(),
      /** The notices a finding is (or was) in. */
      findingId: z.number().int().positive().optional(),
      asOf: date.optional(),
      limit: z.number().int().min(1).max(10000).optional(),
      offset: z.number().int().min(0).optional(),
    }),
    run: (ctx, p) => listNotices(ctx, p),
  }),
  defineHandler({
    name: 'notices/get',
    title: '查看流程监控通知书',
    input: z.object({ id: z.number().int().positive() }),
    run: (ctx, p) => wrap(() => getNotice(ctx, p.id)),
  }),
  defineHandler({
    name: 'notices/issue',
    title: '发出流程监控通知书',
    mutates: true,
    input: z.object({ findingIds: z.array(z.number().int().positive()).min(1).max(1000), issuedOn: date.optional() }),
    run: (ctx, p) => wrap(() => issueNotice(ctx, p)),
  }),
  defineHandler({
    name: 'notices/reply',
    title: '登记通知书回复',
    mutates: true,
    // From the notice (`id`) or from any of its findings (`findingId`): jobs.md.
    input: z
      .object({
        id: z.number().int().positive().optional(),
        findingId: z.number().int().positive().optional(),
        on: date,
        text: z.string().trim().min(1, { message: '请填写回复内容' }).max(10000),
      })
      .refine((p) => (p.id == null) !== (p.findingId == null), { message: '请指定通知书或监控问题（二者选一）' }),
    run: (ctx, p) => wrap(() => recordReply(ctx, p.id ?? { findingId: p.findingId! }, { on: p.on, text: p.text })),
  }),
  defineHandler({
    name: 'notices/withdraw',
    title: '撤回流程监控通知书',
    mutates: true,
    input: z.object({
      id: z.number().int().positive(),
      reason: z.string().trim().min(1, { message: '撤回通知书必须填写理由' }).max(4000),
      on: date.optional(),
    }),
    run: (ctx, p) => wrap(() => withdrawNotice(ctx, p.id, { reason: p.reason, on: p.on })),
  }),
  defineHandler({
    name: 'notices/export',
    title: '导出流程监控通知书',
    input: z.object({
      id: z.number().int().positive(),
      formats: z
        .array(z.enum(['docx', 'pdf', 'json']))
        .min(1)
        .optional(),
      outDir: z.string().optional(),
    }),
    async run(ctx, p) {
      const outDir = folderToWrite(ctx, p.outDir);
      wrap(() => getNotice(ctx, p.id));
      return { files: await exportNotice(ctx, p.id, outDir, p.formats ?? ['docx', 'pdf']) };
    },
  }),
] as const;

export const handlers: HandlerDef[] = handlerList(noticesHandlers);
