/**
 * The handler registry: every request the UI (over IPC or HTTP) or the CLI can make, by name.
 * A handler is a typed function of (context, payload); its zod schema validates the payload at
 * every door, so no door trusts its caller. Areas define their handlers in core/handlers/<area>.ts.
 */
import { z } from 'zod';
import type { AppContext } from '../context';
import { HandlerError } from '../errors';
import { OperatorError, resolveActor } from '../operators';

export interface HandlerDef<S extends z.ZodType = z.ZodType, R = unknown> {
  name: string;
  /** Chinese one-liner for logs and the audit trail. */
  title: string;
  input: S;
  /** True when the handler changes data. (The audit trail is written by the changing function itself, in its transaction, with old → new.) */
  mutates?: boolean;
  /** Chinese names of payload fields for messages about a bad payload (common keys have defaults: FIELD_NAMES). */
  fields?: Record<string, string>;
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

/** Chinese names of the payload keys handlers share, for messages about a bad payload. */
const FIELD_NAMES: Record<string, string> = {
  kind: '种类',
  period: '期间',
  month: '月份',
  week: '周',
  asOf: '日期',
  date: '日期',
  onDate: '日期',
  on: '日期',
  caseNo: '部门受案号',
  file: '文件',
  files: '文件',
  id: '编号',
  ids: '编号',
  text: '内容',
  name: '名称',
  reason: '理由',
  note: '说明',
  formats: '格式',
  status: '状态',
  action: '处理方式',
  department: '承办部门',
  prosecutor: '承办检察官',
  filters: '筛选条件',
  sort: '排序',
  columns: '列',
  version: '版本',
  officeName: '单位全称',
  officeShortName: '单位简称',
  operator: '操作人',
};

const CJK = /[\u4e00-\u9fff]/;

/** One zod issue as a Chinese phrase (never zod's own text, which names codes, types and regexes). */
function issueText(def: HandlerDef, i: z.core.$ZodIssue): string {
  const key = [...i.path].reverse().find((k) => typeof k === 'string') as string | undefined;
  const label = (key && (def.fields?.[key] ?? FIELD_NAMES[key])) || '提交的内容';
  const issue = i as z.core.$ZodIssue & { input?: unknown; minimum?: unknown; maximum?: unknown; origin?: string };
  // A message a schema's author wrote ('请填写单位全称', '日期不存在：…') is kept; zod's own (English, or its
  // Chinese locale's '无效输入：期望 …') never reaches the user.
  if (CJK.test(i.message) && !/期望|无效|正则|实际接收/.test(i.message)) return i.message;
  switch (i.code) {
    case 'custom':
      // Our own refinements carry a Chinese sentence (e.g. '日期不存在：2026年11月只有30天').
      return CJK.test(i.message) ? i.message : `${label}不符合要求`;
    case 'invalid_type':
      // zod leaves the input out of its issues; its message ends with what it received.
      return /undefined$/.test(i.message) ? `缺少${label}` : `${label}的格式不对`;
    case 'invalid_value':
      return `${label}不是可选的值`;
    case 'too_small':
      return issue.origin === 'string' && Number(issue.minimum) <= 1
        ? `${label}不能为空`
        : issue.origin === 'array' || issue.origin === 'set'
          ? `${label}至少要有 ${issue.minimum} 项`
          : `${label}太小（不能小于 ${issue.minimum}）`;
    case 'too_big':
      return issue.origin === 'string'
        ? `${label}太长（不超过 ${issue.maximum} 个字）`
        : issue.origin === 'array' || issue.origin === 'set'
          ? `${label}太多（最多 ${issue.maximum} 项）`
          : `${label}太大（不能超过 ${issue.maximum}）`;
    case 'invalid_format':
      // A message we wrote ('日期格式应为 YYYY-MM-DD') is kept; zod's own ('无效字符串：必须满足正则表达式…') is not.
      return CJK.test(i.message) && !/正则|无效|Invalid/i.test(i.message) ? i.message : `${label}的格式不对`;
    case 'unrecognized_keys':
      return '提交了无法识别的项目';
    default:
      return `${label}不符合要求`;
  }
}

/**
 * A refused payload as one Chinese sentence that says what to do:
 * "无法完成“预览通报数据”：提交的参数无效（种类不是可选的值）。请检查后重试…".
 * The doors show it as it is; no schema text reaches the user.
 */
export function payloadErrorMessage(def: HandlerDef, error: z.ZodError): string {
  const parts = [...new Set(error.issues.map((i) => issueText(def, i)))].slice(0, 5);
  return `无法完成“${def.title}”：提交的参数无效（${parts.join('；')}）。请检查后重试；如果问题反复出现，请把这条提示告诉系统管理员。`;
}

/**
 * Validates the payload and runs the handler with the actor resolved once for every door (core/operators.ts:
 * the chosen clerk, the door's OS login only as a default).
 */
export async function invokeHandler(
  handlers: HandlerMap,
  ctx: AppContext,
  name: string,
  payload: unknown,
): Promise<unknown> {
  const def = Object.prototype.hasOwnProperty.call(handlers, name) ? handlers[name] : undefined;
  if (!def) throw new HandlerError(`未知的请求：${name}`, 404);
  const parsed = def.input.safeParse(payload ?? {});
  if (!parsed.success) throw new HandlerError(payloadErrorMessage(def, parsed.error), 400);
  let actor: string;
  try {
    actor = ctx.db ? resolveActor(ctx.db, undefined, ctx.actor) : ctx.actor;
  } catch (e) {
    if (e instanceof OperatorError) throw new HandlerError(e.message, 400);
    throw e;
  }
  return def.run(actor === ctx.actor ? ctx : { ...ctx, actor }, parsed.data);
}
