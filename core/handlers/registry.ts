/**
 * The handler registry: every request the UI (over IPC or HTTP) or the CLI can make, by name.
 * A handler is a typed function of (context, payload); its zod schema validates the payload at
 * every door, so no door trusts its caller. Areas define their handlers in core/handlers/<area>.ts.
 */
import { z } from 'zod';
import type { AppContext } from '../context';
import { HandlerError } from '../errors';

export interface HandlerDef<S extends z.ZodType = z.ZodType, R = unknown> {
  name: string;
  /** Chinese one-liner for logs and the audit trail. */
  title: string;
  input: S;
  /** True when the handler changes data. (The audit trail is written by the changing function itself, in its transaction, with old → new.) */
  mutates?: boolean;
  run: (ctx: AppContext, payload: z.infer<S>) => R | Promise<R>;
}

/**
 * Keeps the literal name, the schema and the result type of a handler, so each area can export its
 * handlers as a typed tuple and core/shared/api.ts can derive the renderer's contract from them.
 */
export function defineHandler<const N extends string, S extends z.ZodType, R>(
  def: HandlerDef<S, R> & { name: N },
): HandlerDef<S, R> & { name: N } {
  return def;
}

/** Any handler with its types kept (the element type of an area's typed tuple). */
export type AnyHandlerDef = { name: string; input: z.ZodType; run: (...args: never[]) => unknown };

/** The untyped list an area hands to the registry: the same array object as its typed tuple. */
export function handlerList(defs: readonly AnyHandlerDef[]): HandlerDef[] {
  return defs as HandlerDef[];
}

/** HandlerError lives in core/errors.ts (domain code throws it too); re-exported for the handler files and doors. */
export { HandlerError };

export type HandlerMap = Record<string, HandlerDef>;

export async function invokeHandler(
  handlers: HandlerMap,
  ctx: AppContext,
  name: string,
  payload: unknown,
): Promise<unknown> {
  const def = Object.prototype.hasOwnProperty.call(handlers, name) ? handlers[name] : undefined;
  if (!def) throw new HandlerError(`未知的请求：${name}`, 404);
  const parsed = def.input.safeParse(payload ?? {});
  if (!parsed.success) {
    const msg = parsed.error.issues.map((i) => `${i.path.join('.') || '参数'}：${i.message}`).join('；');
    throw new HandlerError(`请求 ${name} 的参数无效：${msg}`, 400);
  }
  return def.run(ctx, parsed.data);
}
