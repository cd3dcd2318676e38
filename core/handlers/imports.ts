/** Handlers of the 'imports/…' area: preview (dry run), run, and the list of recent import batches. */
import { z } from 'zod';
import { defineHandler, handlerList, type HandlerDef } from './registry';
import { runImport } from '../import';
import { isIsoDate } from '../dates';
import { listBatches } from '../../db/queries/imports';

const files = z.object({
  files: z.array(z.string().min(1)).min(1, '请选择要导入的文件'),
  /** 数据日期: the day the export was taken (default today in China). */
  takenOn: z.string().refine(isIsoDate, '数据日期应为 YYYY-MM-DD').optional(),
  /** Apply cases whose stored data came from a later data date. */
  allowOlder: z.boolean().optional(),
});

/** The typed tuple (names, payloads, results kept: core/shared/api.ts reads it). */
export const importsHandlers = [
  defineHandler({
    name: 'import/preview',
    title: '预览导入（不写入）',
    input: files,
    run: (ctx, p) => runImport(ctx, p.files, { dryRun: true, takenOn: p.takenOn, allowOlder: p.allowOlder }),
  }),
  defineHandler({
    name: 'import/run',
    title: '导入案件数据',
    input: files,
    mutates: true,
    run: (ctx, p) => runImport(ctx, p.files, { takenOn: p.takenOn, allowOlder: p.allowOlder }),
  }),
  defineHandler({
    name: 'imports/list',
    title: '导入记录',
    input: z.object({ limit: z.number().int().min(1).max(500).optional() }),
    run: (ctx, p) => ({ batches: listBatches(ctx.db, p.limit ?? 50) }),
  }),
] as const;

export const handlers: HandlerDef[] = handlerList(importsHandlers);
