/**
 * The checks the Electron main process makes on every IPC call, kept free of electron so they are
 * unit-tested directly: the sender must be a frame of the app's own origin (app://caseflow), the
 * request must be `{name, payload, requestId?}` with a name on the allow-list, and the payload must pass the
 * handler's zod schema (invokeHandler). Answers are envelopes, never thrown errors, so the renderer
 * gets the Chinese message without Electron's "Error invoking remote method" wrapping or a stack.
 */
import path from 'node:path';
import { z } from 'zod';
import crypto from 'node:crypto';
import type { AppContext } from '../core/context';
import { REQUEST_ID_PATTERN } from '../core/shared/push-events';
import { HandlerError, invokeHandler, type HandlerMap } from '../core/handlers/registry';
import type { Envelope } from './bridge';
import { resolveInside } from '../core/security/path-guard';
import type { UploadFolder } from '../core/security/uploads';

export const APP_SCHEME = 'app';
export const APP_HOST = 'caseflow';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_START_URL = `${APP_ORIGIN}/index.html`;

/** True for URLs of the app's own origin (app://caseflow/…). */
export function isAppUrl(url: unknown): boolean {
  if (typeof url !== 'string') return false;
  try {
    const u = new URL(url);
    return u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST && !u.username && !u.password;
  } catch {
    return false;
  }
}

export const InvokeRequestSchema = z
  .object({
    name: z.string().min(1).max(200),
    payload: z.unknown().optional(),
    /** The renderer's id for this call: its progress events carry it (core/shared/push-events.ts). */
    requestId: z.string().regex(REQUEST_ID_PATTERN).optional(),
  })
  .strict();

export interface InvokeDeps {
  handlers: HandlerMap;
  names: readonly string[];
  /** The context for one call (the door adds progress → webContents.send, tagged with the call's requestId). */
  ctxFor: (name: string, requestId: string) => AppContext;
  log?: (line: string) => void;
}

export async function handleInvokeRequest(deps: InvokeDeps, senderUrl: unknown, raw: unknown): Promise<Envelope> {
  if (!isAppUrl(senderUrl)) return { ok: false, status: 403, error: '拒绝访问：请求不是来自本程序的界面' };
  const parsed = InvokeRequestSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, status: 400, error: '请求格式无效：应为 {name, payload, requestId?}' };
  const { name, payload } = parsed.data;
  const requestId = parsed.data.requestId ?? crypto.randomUUID();
  if (!deps.names.includes(name)) return { ok: false, status: 404, error: `未知的请求：${name}` };
  try {
    const result = await invokeHandler(deps.handlers, deps.ctxFor(name, requestId), name, payload);
    return { ok: true, result: result === undefined ? null : result };
  } catch (e) {
    if (e instanceof HandlerError) return { ok: false, status: e.status, error: e.message };
    deps.log?.(`处理请求 ${name} 时发生内部错误：${(e as Error)?.stack ?? String(e)}`);
    const msg = e instanceof Error && e.message ? e.message.split('\n')[0] : String(e);
    return { ok: false, status: 500, error: `内部错误：${msg}` };
  }
}

/** What the OS may open for the user: the documents the app writes, and folders (never programs or scripts). */
export const OPENABLE_EXTENSIONS: readonly string[] = ['.docx', '.pdf', '.xlsx', '.zip'];

/**
 * The one allow-listed opener: a path is opened with the OS only when it is the export folder, a
 * folder inside it, or a Word, PDF, Excel or zip file inside it (path guard; symlinks resolved).
 * Anything else (.exe, .bat, .lnk, .hta, .html, …) would be run or rendered by the OS: refused.
 * Returns the real path to open, or a Chinese refusal.
 */
export function checkOpenPath(
  exportDir: string,
  p: unknown,
): { ok: true; path: string } | { ok: false; error: string } {
  if (typeof p !== 'string' || !p || p.includes('\0')) return { ok: false, error: '路径无效' };
  const root = path.resolve(exportDir);
  if (path.resolve(p) === root) return { ok: true, path: root };
  const r = resolveInside([root], p, { expect: 'file-or-folder' });
  if (!r.ok) return { ok: false, error: r.status === 403 ? '只能打开导出文件夹中的文件' : r.reason };
  if (r.isFolder) return { ok: true, path: r.path };
  if (!OPENABLE_EXTENSIONS.includes(path.extname(r.path).toLowerCase()))
    return { ok: false, error: '只能打开 Word、PDF、Excel 文件和压缩包（.docx、.pdf、.xlsx、.zip）' };
  return { ok: true, path: r.path };
}

const MB = 1024 * 1024;
export const MAX_UPLOAD_BYTES = 512 * MB;

export const UploadRequestSchema = z
  .object({
    name: z.string().min(1).max(260),
    data: z.instanceof(Uint8Array).or(z.instanceof(ArrayBuffer)),
  })
  .strict();

/**
 * A file dropped on (or chosen in) the window, sent as bytes: stored in the session's private upload
 * folder and answered with its token. The page never hands the main process a path to read.
 */
export function handleUploadRequest(uploads: UploadFolder, senderUrl: unknown, raw: unknown): Envelope {
  if (!isAppUrl(senderUrl)) return { ok: false, status: 403, error: '拒绝访问：请求不是来自本程序的界面' };
  const parsed = UploadRequestSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, status: 400, error: '上传格式无效：应为 {name, data}' };
  const data = parsed.data.data instanceof Uint8Array ? parsed.data.data : new Uint8Array(parsed.data.data);
  if (data.byteLength > MAX_UPLOAD_BYTES) return { ok: false, status: 413, error: '文件过大（上限 512 MB）' };
  return { ok: true, result: uploads.saveBuffer(parsed.data.name, data) };
}

export const PickRequestSchema = z
  .object({
    kind: z.enum(['files', 'file', 'folder']),
    title: z.string().max(100).optional(),
    /** File extensions without the dot, e.g. ['xlsx', 'csv']. */
    extensions: z
      .array(z.string().regex(/^[a-z0-9]{1,8}$/i))
      .max(10)
      .optional(),
  })
  .strict();
export type PickRequest = z.infer<typeof PickRequestSchema>;

/** The Electron open dialog's options for a pick request (pure, so it is tested without Electron). */
export function pickDialogOptions(req: PickRequest): {
  title: string;
  properties: ('openFile' | 'openDirectory' | 'multiSelections' | 'createDirectory')[];
  filters?: { name: string; extensions: string[] }[];
} {
  if (req.kind === 'folder')
    return { title: req.title ?? '选择文件夹', properties: ['openDirectory', 'createDirectory'] };
  return {
    title: req.title ?? '选择文件',
    properties: req.kind === 'files' ? ['openFile', 'multiSelections'] : ['openFile'],
    filters: req.extensions?.length ? [{ name: '允许的文件', extensions: req.extensions }] : undefined,
  };
}
