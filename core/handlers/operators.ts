/** Handlers of the 'operators/…' area: 设置 → 操作人 (the department's clerks) and the first run ('setup/…'). */
import { z } from 'zod';
import { defineHandler, handlerList, HandlerError, type HandlerDef } from './registry';
import {
  completeSetup,
  listOperators,
  OperatorError,
  removeOperator,
  saveOperator,
  selectOperator,
  setupStatus,
} from '../operators';
import { OperatorSchema } from '../settings';

function refused<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof OperatorError) throw new HandlerError(e.message, 400);
    throw e;
  }
}

/** The typed tuple (names, payloads, results kept: core/shared/api.ts reads it). */
export const operatorsHandlers = [
  defineHandler({
    name: 'operators/list',
    title: '查看操作人',
    input: z.object({}),
    run: (ctx) => listOperators(ctx.db),
  }),
  defineHandler({
    name: 'operators/save',
    title: '保存操作人',
    mutates: true,
    input: OperatorSchema,
    fields: { name: '操作人姓名', departments: '负责部门' },
    run: (ctx, p) => refused(() => saveOperator(ctx.db, ctx.actor, p)),
  }),
  defineHandler({
    name: 'operators/remove',
    title: '删除操作人',
    mutates: true,
    input: z.object({ name: z.string().min(1) }),
    fields: { name: '操作人姓名' },
    run: (ctx, p) => refused(() => removeOperator(ctx.db, ctx.actor, p.name)),
  }),
  defineHandler({
    name: 'operators/select',
    title: '切换操作人',
    mutates: true,
    input: z.object({ name: z.string().min(1) }),
    fields: { name: '操作人姓名' },
    run: (ctx, p) => refused(() => selectOperator(ctx.db, ctx.actor, p.name)),
  }),
  defineHandler({
    name: 'setup/status',
    title: '查看首次设置',
    input: z.object({}),
    run: (ctx) => setupStatus(ctx.db),
  }),
  defineHandler({
    name: 'setup/complete',
    title: '完成首次设置',
    mutates: true,
    input: z.object({
      officeName: z.string().trim().min(1, '请填写单位全称').max(60),
      officeShortName: z.string().trim().min(1, '请填写单位简称').max(20),
      operator: z.string().trim().min(1, '请填写操作人姓名').max(20),
    }),
    run: (ctx, p) => refused(() => completeSetup(ctx.db, p)),
  }),
] as const;

export const handlers: HandlerDef[] = handlerList(operatorsHandlers);
