/** Handlers of the 'notices/…' area: 流程监控通知书. */
import { z } from 'zod';
import { defineHandler, handlerList, HandlerError, type HandlerDef } from './registry';
import { isIsoDate } from '../dates';
import { exportNotice, getNotice, issueNotice, listNotices, NoticeError, recordReply } from '../notices';
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
    input: z.object({ id: z.number().int().positive(), on: date, text: z.string().min(1).max(10000) }),
    run: (ctx, p) => wrap(() => recordReply(ctx, p.id, { on: p.on, text: p.text })),
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
