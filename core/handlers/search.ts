/** Handlers of the 'search/…' area: search everywhere (the Ctrl+K box). */
import { z } from 'zod';
import { defineHandler, handlerList, type HandlerDef } from './registry';
import { searchCases } from '../search';

/** The typed tuple (names, payloads, results kept: core/shared/api.ts reads it). */
export const searchHandlers = [
  defineHandler({
    name: 'search/cases',
    title: '搜索案件',
    input: z.object({
      text: z.string().max(100, '搜索内容不超过 100 个字'),
      perGroup: z.number().int().min(1).max(100).optional(),
    }),
    run: (ctx, p) => searchCases(ctx.db, p.text, { perGroup: p.perGroup ?? 8 }),
  }),
] as const;

export const handlers: HandlerDef[] = handlerList(searchHandlers);
