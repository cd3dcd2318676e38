/**
 * Handlers of the 'mappings/…' area: saved import mappings (导入模板, import-mapping.md) and the import
 * wizard's questions about a dropped file. The import itself (with a mapping per file, the data date and
 * the preview) is 'import/preview' and 'import/run' (imports.ts).
 */
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { defineHandler, handlerList, HandlerError, type HandlerDef } from './registry';
import { todayOf } from '../context';
import {
  deleteMapping,
  detectFile,
  fileKind,
  inspectFile,
  listSavedMappings,
  saveMapping,
  savedMappingFile,
  type MappingFile,
} from '../import/mapping';
import { exportDirOf } from './bulletins';
import { fileToRead } from '../security/path-guard';
import type { AppContext } from '../context';

const name = z.string().trim().min(1, '请给出导入模板的名称').max(100);
const file = z.string().min(1, '请选择文件');

/** A mapping file's content as the wizard or a chosen file gives it (its rules are checked by checkMapping, not here). */
export const mappingJson = z.custom<MappingFile>(
  (v) => typeof v === 'object' && v !== null && !Array.isArray(v),
  '导入模板应为 JSON 对象',
);

/** Picked files (tokens) or files in the import folder; anything else is refused before it is read. */
const guarded = (ctx: AppContext, f: string) => fileToRead(ctx, f, { folders: ['import'], what: '导入文件' });

function readable(f: string): 'xlsx' | 'csv' {
  if (!fs.existsSync(f) || !fs.statSync(f).isFile()) throw new HandlerError(`文件不存在：${path.basename(f)}`, 404);
  const k = fileKind(f);
  if ('refusal' in k) throw new HandlerError(`${path.basename(f)}：${k.refusal}`, 400);
  return k.kind;
}

/** A file name for a mapping's export: its name without the characters file systems refuse. */
// eslint-disable-next-line no-control-regex
const fileNameOf = (n: string) => n.replace(/[\\/:*?"<>|\u0000-\u001f]/g, '_').slice(0, 100) || '导入模板';

export const mappingsHandlers = [
  defineHandler({
    name: 'mappings/list',
    title: '查看导入模板',
    input: z.object({}),
    run: (ctx) => ({ mappings: listSavedMappings(ctx.db) }),
  }),
  defineHandler({
    name: 'mappings/get',
    title: '查看导入模板内容',
    input: z.object({ name }),
    run: (ctx, p) => ({ mapping: savedMappingFile(ctx.db, p.name) }),
  }),
  defineHandler({
    name: 'mappings/detect',
    title: '识别导入文件的格式',
    input: z.object({
      files: z.array(file).min(1, '请选择要导入的文件').max(100),
      names: z.array(z.string()).optional(),
    }),
    async run(ctx, p) {
      const files = [];
      for (const [i, f] of p.files.entries()) files.push(await detectFile(ctx.db, guarded(ctx, f), p.names?.[i]));
      // the data date proposed: a title row's date, else today in China (the door's clock)
      const stated = files.find((f) => f.titleDate)?.titleDate ?? null;
      return { files, titleDate: stated, today: todayOf(ctx) };
    },
  }),
  defineHandler({
    name: 'mappings/inspect',
    title: '按导入模板预览文件',
    input: z.object({ file, mapping: mappingJson.optional() }),
    run: (ctx, p) => {
      const f = guarded(ctx, p.file);
      return inspectFile(ctx, ctx.db, f, readable(f), p.mapping);
    },
  }),
  defineHandler({
    name: 'mappings/save',
    title: '保存导入模板',
    input: z.object({ mapping: mappingJson }),
    mutates: true,
    run(ctx, p) {
      const r = saveMapping(ctx.db, p.mapping, ctx.actor);
      return { name: r.name, replaced: r.replaced };
    },
  }),
  defineHandler({
    name: 'mappings/export',
    title: '导出导入模板',
    input: z.object({ name }),
    run(ctx, p) {
      const m = savedMappingFile(ctx.db, p.name);
      const dir = path.join(exportDirOf(ctx), '导入模板');
      fs.mkdirSync(dir, { recursive: true });
      const out = path.join(dir, `${fileNameOf(m.name)}.json`);
      fs.writeFileSync(out, JSON.stringify(m, null, 2) + '\n', 'utf8');
      return { path: out };
    },
  }),
  defineHandler({
    name: 'mappings/delete',
    title: '删除导入模板',
    input: z.object({ name }),
    mutates: true,
    run(ctx, p) {
      deleteMapping(ctx.db, p.name, ctx.actor);
      return { deleted: p.name };
    },
  }),
] as const;

export const handlers: HandlerDef[] = handlerList(mappingsHandlers);
