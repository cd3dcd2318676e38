/** Handlers of the 'imports/…' area: preview (dry run), run, and the list of recent import batches. */
import { z } from 'zod';
import { defineHandler, handlerList, type HandlerDef } from './registry';
import { runImport, type ImportOptions } from '../import';
import { resolveMappingRef } from '../import/mapping';
import { isIsoDate } from '../dates';
import { mappingJson } from './mappings';
import { listBatches } from '../../db/queries/imports';
import { fileToRead } from '../security/path-guard';
import type { AppContext } from '../context';

const files = z.object({
  files: z.array(z.string().min(1)).min(1, '请选择要导入的文件').max(100),
  /**
   * Per file, the mapping that reads it (import-mapping.md): a saved mapping's name, a mapping file's content,
   * null for the product's own layout; absent: a saved mapping whose headers the file holds, else its own layout.
   */
  mappings: z.array(z.union([z.string().min(1), mappingJson, z.null()])).optional(),
  /** 数据日期: the day the export was taken (default: the date a title row states, else today in China). */
  takenOn: z.string().refine(isIsoDate, '数据日期应为 YYYY-MM-DD').optional(),
  /** Apply cases whose stored data came from a later data date. */
  allowOlder: z.boolean().optional(),
});

/** Picked files (tokens) or files in the import folder; anything else is refused before it is read. */
const readable = (ctx: AppContext, list: string[]) =>
  list.map((f) => fileToRead(ctx, f, { folders: ['import'], what: '导入文件' }));

/** The import's options for a payload: the named mappings resolved (a bad one refused before any file is read). */
function options(ctx: AppContext, p: z.infer<typeof files>): ImportOptions {
  return {
    takenOn: p.takenOn,
    allowOlder: p.allowOlder,
    ...(p.mappings ? { fileMappings: p.mappings.map((m) => (m == null ? null : resolveMappingRef(ctx.db, m))) } : {}),
  };
}

/** The typed tuple (names, payloads, results kept: core/shared/api.ts reads it). */
export const importsHandlers = [
  defineHandler({
    name: 'import/preview',
    title: '预览导入（不写入）',
    input: files,
    run: (ctx, p) => runImport(ctx, readable(ctx, p.files), { ...options(ctx, p), dryRun: true }),
  }),
  defineHandler({
    name: 'import/run',
    title: '导入案件数据',
    input: files,
    mutates: true,
    run: (ctx, p) => runImport(ctx, readable(ctx, p.files), options(ctx, p)),
  }),
  defineHandler({
    name: 'imports/list',
    title: '导入记录',
    input: z.object({ limit: z.number().int().min(1).max(500).optional() }),
    run: (ctx, p) => ({ batches: listBatches(ctx.db, p.limit ?? 50) }),
  }),
] as const;

export const handlers: HandlerDef[] = handlerList(importsHandlers);
