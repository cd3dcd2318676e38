/** Handlers of the 'imports/…' area: preview (dry run), run, and the list of recent import batches. */
import { z } from 'zod';
import { defineHandler, handlerList, type HandlerDef } from './registry';
import { runImport } from '../import';
import { isIsoDate } from '../dates';
import { listBatches } from '../../db/queries/imports';
import { fileToRead } from '../security/path-guard';
import type { AppContext } from '../context';

const files = z.object({
  files: z.array(z.string().min(1)).min(1, '请选择要导入的文件').max(100),
  /** 数据日期: the day the export was taken (default today in China). */
  takenOn: z.string().refine(isIsoDate, '数据日期应为 YYYY-MM-DD').optional(),
  /** Apply cases whose stored data came from a later data date. */
  allowOlder: z.boolean().optional(),
});

/** Picked files (tokens) or files in the import folder; anything else is refused before it is read. */
const readable = (ctx: AppContext, list: string[]) =>
  list.map((f) => fileToRead(ctx, f, { folders: ['import'], what: '导入文件' }));

/** The typed tuple (names, payloads, results kept: core/shared/api.ts reads it). */
export const importsHandlers = [
  defineHandler({
    name: 'import/preview',
    title: '预览导入（不写入）',
    input: files,
    run: (ctx, p) =>
      runImport(ctx, readable(ctx, p.files), { dryRun: true, takenOn: p.takenOn, allowOlder: p.allowOlder }),
  }),
  defineHandler({
    name: 'import/run',
    title: '导入案件数据',
    input: files,
    mutates: true,
    run: (ctx, p) => runImport(ctx, readable(ctx, p.files), { takenOn: p.takenOn, allowOlder: p.allowOlder }),
  }),
  defineHandler({
    name: 'imports/list',
    title: '导入记录',
    input: z.object({ limit: z.number().int().min(1).max(500).optional() }),
    run: (ctx, p) => ({ batches: listBatches(ctx.db, p.limit ?? 50) }),
  }),
] as const;

export const handlers: HandlerDef[] = handlerList(importsHandlers);
