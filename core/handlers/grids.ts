/**
 * Handlers of the 'grids/…' and 'views/…' areas: every grid's export (XLSX into the export folder) and print
 * table, its remembered columns ('prefs/…') and saved views (named filter sets, in the store).
 */
import { z } from 'zod';
import { defineHandler, handlerList, HandlerError, type HandlerDef } from './registry';
import { exportGrid, gridTable, GridError, MAX_PRINT_ROWS, type GridRequest } from '../grids';
import { deleteView, getPref, listViews, saveView, setPref, ViewError, VIEW_GRIDS } from '../views';
import { exportDirOf } from './bulletins';
import { listInput } from './cases';
import { findingsFilterSchema } from './findings';

const columns = z
  .array(z.object({ key: z.string().max(40), width: z.number().min(20).max(2000).optional() }))
  .max(40)
  .optional();
const sort = z
  .array(z.object({ key: z.string().max(40), dir: z.enum(['asc', 'desc']) }))
  .max(3)
  .optional();
const cell = z.union([z.string().max(2000), z.number(), z.null()]);

const gridRequest = z.discriminatedUnion('source', [
  z.object({ source: z.literal('cases'), filters: listInput.shape.filters, sort, columns }),
  z.object({
    source: z.literal('findings'),
    filters: findingsFilterSchema.extend({ overdueOnly: z.boolean().optional() }).optional(),
    sort,
    columns,
  }),
  z.object({
    source: z.literal('warnings'),
    filters: z
      .object({
        within: z.number().int().min(0).max(3650).optional(),
        departments: z.array(z.string()).max(100).optional(),
        q: z.string().max(100).optional(),
      })
      .optional(),
    sort,
    columns,
  }),
  z.object({
    source: z.literal('rows'),
    columns: z
      .array(z.object({ header: z.string().min(1).max(40), width: z.number().min(20).max(2000).optional() }))
      .min(1)
      .max(40),
    rows: z.array(z.array(cell).max(40)).max(20_000),
  }),
]);

const meta = {
  title: z.string().trim().min(1).max(60),
  conditions: z.string().max(500).optional(),
};

function refused<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof GridError || e instanceof ViewError) throw new HandlerError(e.message, 400);
    throw e;
  }
}

const grid = z.enum(VIEW_GRIDS);
/** Preference keys the renderer may write (a grid's columns, a screen's last choices). */
const prefKey = z.string().regex(/^(columns|screen):[a-z0-9-]{1,40}$/, '设置项名称无效');

/** The typed tuple (names, payloads, results kept: core/shared/api.ts reads it). */
export const gridsHandlers = [
  defineHandler({
    name: 'grids/export',
    title: '导出表格',
    input: z.object({ request: gridRequest, ...meta }),
    fields: { title: '表格名称', rows: '表格内容' },
    run: async (ctx, p) => {
      try {
        return await exportGrid(
          ctx,
          p.request as GridRequest,
          { title: p.title, conditions: p.conditions },
          exportDirOf(ctx),
        );
      } catch (e) {
        if (e instanceof GridError) throw new HandlerError(e.message, 400);
        throw e;
      }
    },
  }),
  defineHandler({
    name: 'grids/table',
    title: '准备打印表格',
    input: z.object({ request: gridRequest, ...meta }),
    fields: { title: '表格名称', rows: '表格内容' },
    run: (ctx, p) =>
      refused(() =>
        gridTable(ctx, p.request as GridRequest, { title: p.title, conditions: p.conditions }, MAX_PRINT_ROWS),
      ),
  }),
  defineHandler({
    name: 'views/list',
    title: '列出已保存视图',
    input: z.object({ grid: grid.optional() }),
    run: (ctx, p) => ({ views: listViews(ctx.db, p.grid) }),
  }),
  defineHandler({
    name: 'views/save',
    title: '保存视图',
    mutates: true,
    input: z.object({
      grid,
      name: z.string().trim().min(1, '请给视图起个名字').max(30, '视图名称不超过 30 个字'),
      params: z.record(z.string().max(40), z.string().max(200)),
    }),
    fields: { name: '视图名称', params: '筛选条件' },
    run: (ctx, p) => refused(() => saveView(ctx.db, ctx.actor, p)),
  }),
  defineHandler({
    name: 'views/delete',
    title: '删除视图',
    mutates: true,
    input: z.object({ grid, name: z.string().min(1) }),
    fields: { name: '视图名称' },
    run: (ctx, p) => refused(() => (deleteView(ctx.db, ctx.actor, p.grid, p.name), { ok: true })),
  }),
  defineHandler({
    name: 'prefs/get',
    title: '读取界面偏好',
    input: z.object({ key: prefKey }),
    run: (ctx, p) => ({ value: getPref(ctx.db, p.key) }),
  }),
  defineHandler({
    name: 'prefs/set',
    title: '保存界面偏好',
    input: z.object({
      key: prefKey,
      // A grid's column state (colId, width, hide, order) or a screen's small choices; null forgets it.
      value: z.union([
        z.null(),
        z
          .array(
            z.object({
              colId: z.string().max(60),
              width: z.number().min(10).max(3000).optional(),
              hide: z.boolean().nullable().optional(),
              pinned: z.union([z.enum(['left', 'right']), z.null(), z.boolean()]).optional(),
            }),
          )
          .max(60),
        z.record(z.string().max(40), z.union([z.string().max(200), z.number(), z.boolean()])),
      ]),
    }),
    run: (ctx, p) => (setPref(ctx.db, p.key, p.value), { ok: true }),
  }),
] as const;

export const handlers: HandlerDef[] = handlerList(gridsHandlers);
