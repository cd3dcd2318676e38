/**
 * The renderer's one client. In Electron the preload exposes `window.caseflow`; in browser mode the
 * same calls go over HTTP to the local server (docs/DEVELOPING.md, "Browser-mode protocol").
 * Screens never know which door they are on. Names, payloads and results are typed by
 * core/shared/api.ts (derived from the handlers), so the screens read the real fields.
 */
import type { HandlerInput, HandlerName, HandlerResult } from '../../core/shared/api';
import type { PushEvent, PushEventName, PushEventOf } from '../../core/shared/push-events';

export type { HandlerInput, HandlerName, HandlerResult, PushEvent, PushEventName };

/** The payload argument: optional only for handlers whose every field is optional. */
export type PayloadArg<N extends HandlerName> =
  Record<string, never> extends HandlerInput<N> ? [payload?: HandlerInput<N>] : [payload: HandlerInput<N>];

export type ProgressEvent = PushEvent<'progress'>;

/** Options of one call: `requestId` tags its progress events (see newRequestId). */
export interface InvokeOptions {
  requestId?: string;
}

/** The window.caseflow the Electron preload exposes (electron/bridge.ts). */
interface CaseflowBridge {
  invoke(name: string, payload?: unknown, requestId?: string): Promise<unknown>;
  on<N extends PushEventName | '*'>(event: N, cb: (data: PushEventOf<N>) => void): (() => void) | void;
  /** Electron only: a dropped/chosen file as bytes → `{ file: token, name, size }`. */
  upload?(name: string, data: ArrayBuffer): Promise<unknown>;
  /** Electron only: the OS open dialog → `[{ file: token, name, size }]` ([] when cancelled). */
  pick?(request: { kind: 'files' | 'file' | 'folder'; title?: string; extensions?: string[] }): Promise<unknown>;
  /** Electron only: open a written file or reveal it. */
  openPath?(path: string): Promise<unknown> | void;
}

declare global {
  interface Window {
    caseflow?: CaseflowBridge;
  }
}

const TOKEN_KEY = 'caseflow.token';

export class ApiError extends Error {
  constructor(
    message: string,
    readonly status = 0,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** Reads `?token=` once into sessionStorage and removes it from the address bar. */
function initToken(): string | null {
  if (typeof window === 'undefined') return null;
  try {
    const url = new URL(window.location.href);
    const t = url.searchParams.get('token');
    if (t) {
      sessionStorage.setItem(TOKEN_KEY, t);
      url.searchParams.delete('token');
      window.history.replaceState(null, '', url.pathname + url.search + url.hash);
    }
    return sessionStorage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}

const token = initToken();

export function isDesktop(): boolean {
  return typeof window !== 'undefined' && !!window.caseflow;
}

function headers(extra?: Record<string, string>): Record<string, string> {
  const h: Record<string, string> = { ...extra };
  if (token) h['X-CaseFlow-Token'] = token;
  return h;
}

async function readError(res: Response): Promise<string> {
  try {
    const body = (await res.json()) as { error?: string };
    if (body && typeof body.error === 'string') return body.error;
  } catch {
    /* not JSON */
  }
  if (res.status === 401 || res.status === 403) return '访问被拒绝：请从启动命令打印的完整地址打开本页面。';
  return `服务器错误（${res.status}）`;
}

let requestSeq = 0;

/**
 * A fresh id for one call: pass it to invokeWith and to the ProgressLine that shows that call's
 * progress (it matches only events carrying this id, never another screen's or the scheduler's).
 */
export function newRequestId(): string {
  const rnd = new Uint32Array(2);
  crypto.getRandomValues(rnd);
  return `r${(++requestSeq).toString(36)}-${rnd[0].toString(36)}${rnd[1].toString(36)}`.padEnd(8, '0');
}

export async function invoke<N extends HandlerName>(name: N, ...[payload]: PayloadArg<N>): Promise<HandlerResult<N>> {
  return invokeWith(name, (payload ?? {}) as HandlerInput<N>, {});
}

/** invoke with options: `{ requestId }` ties the call's progress events to it. */
export async function invokeWith<N extends HandlerName>(
  name: N,
  payload: HandlerInput<N>,
  opts: InvokeOptions,
): Promise<HandlerResult<N>> {
  type T = HandlerResult<N>;
  if (window.caseflow) {
    try {
      return (await window.caseflow.invoke(name, payload, opts.requestId)) as T;
    } catch (e) {
      // Electron wraps the main process's message: "Error invoking remote method 'x': Error: 中文消息"
      const msg = e instanceof Error ? e.message : String(e);
      throw new ApiError(msg.replace(/^Error invoking remote method '[^']*': (\w*Error: )?/, ''));
    }
  }
  let res: Response;
  try {
    res = await fetch(`./api/invoke/${name}`, {
      method: 'POST',
      headers: headers({
        'Content-Type': 'application/json',
        ...(opts.requestId ? { 'X-CaseFlow-Request': opts.requestId } : {}),
      }),
      body: JSON.stringify(payload ?? {}),
      credentials: 'same-origin',
    });
  } catch {
    throw new ApiError('无法连接到本机服务，请确认案件流程监控台仍在运行。');
  }
  if (!res.ok) throw new ApiError(await readError(res), res.status);
  const body = (await res.json()) as { ok: boolean; result?: T; error?: string };
  if (!body.ok) throw new ApiError(body.error || '操作失败', res.status);
  return body.result as T;
}

type Listener = (data: PushEvent) => void;
const listeners = new Set<Listener>();
let source: EventSource | null = null;
let bridgeOff: (() => void) | null = null;

function dispatch(data: unknown) {
  if (!data || typeof data !== 'object' || typeof (data as { type?: unknown }).type !== 'string') return;
  for (const l of [...listeners]) l(data as PushEvent);
}

function connect() {
  if (window.caseflow) {
    if (!bridgeOff) {
      const off = window.caseflow.on('*', dispatch);
      bridgeOff = typeof off === 'function' ? off : () => undefined;
    }
    return;
  }
  if (source || typeof EventSource === 'undefined') return;
  const q = token ? `?token=${encodeURIComponent(token)}` : '';
  source = new EventSource(`./api/events${q}`, { withCredentials: true });
  source.onmessage = (m) => {
    try {
      dispatch(JSON.parse(m.data));
    } catch {
      /* ignore malformed */
    }
  };
}

/**
 * Subscribes to push events by name (core/shared/push-events.ts: progress, changed, job), or to all
 * with '*'. Returns the unsubscribe function.
 */
export function on<N extends PushEventName | '*'>(event: N, cb: (data: PushEventOf<N>) => void): () => void {
  const l: Listener = (d) => {
    if (event === '*' || d.type === event) cb(d as PushEventOf<N>);
  };
  listeners.add(l);
  connect();
  return () => listeners.delete(l);
}

/**
 * The progress events of one request (the requestId handed to invokeWith) and of no other: not another
 * screen's call, not another tab's, not the scheduler's. Returns the unsubscribe function.
 */
export function onProgress(requestId: string, cb: (e: ProgressEvent) => void): () => void {
  return on('progress', (e) => {
    if (e.requestId === requestId) cb(e);
  });
}

/** What the doors answer for a file the user handed over: `file` is its token (handlers take it where they take a path). */
export interface PickedFile {
  file: string;
  name: string;
  size: number;
}

/**
 * Makes a chosen/dropped file available to the handlers; returns its token. The page never sends a
 * local path: the desktop app receives the bytes over IPC, browser mode over /api/upload.
 */
export async function uploadFile(file: File): Promise<string> {
  if (window.caseflow?.upload) {
    const r = (await window.caseflow.upload(file.name, await file.arrayBuffer())) as PickedFile;
    return r.file;
  }
  let res: Response;
  try {
    res = await fetch('./api/upload', {
      method: 'POST',
      headers: headers({ 'Content-Type': 'application/octet-stream', 'X-File-Name': encodeURIComponent(file.name) }),
      body: file,
      credentials: 'same-origin',
    });
  } catch {
    throw new ApiError('上传失败：无法连接到本机服务。');
  }
  if (!res.ok) throw new ApiError(await readError(res), res.status);
  const body = (await res.json()) as { result?: PickedFile; ok?: boolean; error?: string };
  const token = body.result?.file;
  if (!token) throw new ApiError(body.error || '上传失败');
  return token;
}

/** Desktop only: the OS folder dialog; the token of the chosen folder, or null (cancelled, or browser mode). */
export async function pickFolder(title: string): Promise<PickedFile | null> {
  if (!window.caseflow?.pick) return null;
  const r = (await window.caseflow.pick({ kind: 'folder', title })) as PickedFile[];
  return r[0] ?? null;
}

export function canPickFolders(): boolean {
  return !!window.caseflow?.pick;
}

/** A link that downloads a file a handler wrote (browser mode), or the file itself (desktop). */
export function fileUrl(path: string): string {
  if (window.caseflow) return `file://${path.startsWith('/') ? '' : '/'}${path.replace(/\\/g, '/')}`;
  const q = new URLSearchParams({ path });
  if (token) q.set('token', token);
  return `./api/file?${q.toString()}`;
}

export function openFile(path: string): void {
  if (window.caseflow?.openPath) {
    void window.caseflow.openPath(path);
    return;
  }
  const a = document.createElement('a');
  a.href = fileUrl(path);
  a.download = baseName(path);
  a.rel = 'noopener';
  document.body.appendChild(a);
  a.click();
  a.remove();
}

export function baseName(p: string): string {
  const parts = p.split(/[\\/]/);
  return parts[parts.length - 1] || p;
}

export function errorText(e: unknown): string {
  if (e instanceof Error) return e.message;
  return String(e);
}
