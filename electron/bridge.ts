/**
 * The renderer's `window.caseflow` as the preload builds it, and the IPC channel names main and
 * preload share. Pure: the preload hands in ipcRenderer, tests hand in a fake. Bundled into the
 * sandboxed preload, so it imports nothing but types (erased).
 */
import type { PushEventName, PushEventOf } from '../core/shared/push-events';

export const CHANNEL_INVOKE = 'caseflow:invoke';
export const CHANNEL_EVENT = 'caseflow:event';
export const CHANNEL_OPEN_PATH = 'caseflow:open-path';
export const CHANNEL_UPLOAD = 'caseflow:upload';
export const CHANNEL_PICK = 'caseflow:pick';
/** main → preload: the handler allow-list travels as this command-line switch (webPreferences.additionalArguments). */
export const HANDLERS_ARG = '--caseflow-handlers=';

export type Envelope = { ok: true; result: unknown } | { ok: false; error: string; status?: number };

export interface IpcLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, data: unknown) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, data: unknown) => void): unknown;
}

export interface CaseflowApi {
  /** `requestId` (optional) tags the call's progress events, so the caller can tell its own progress from others'. */
  invoke(name: string, payload?: unknown, requestId?: string): Promise<unknown>;
  /** Push events by name (core/shared/push-events.ts), or every event with '*'. */
  on<N extends PushEventName | '*'>(event: N, cb: (data: PushEventOf<N>) => void): () => void;
  openPath(path: string): Promise<unknown>;
  /** A file the user dropped or chose, as bytes → its token (the handlers take tokens, not paths). */
  upload(name: string, data: ArrayBuffer | Uint8Array): Promise<unknown>;
  /** The OS open dialog (files or a folder) → tokens of what the user picked ([] when cancelled). */
  pick(request: { kind: 'files' | 'file' | 'folder'; title?: string; extensions?: string[] }): Promise<unknown>;
  readonly platform: 'electron';
}

export function handlerNamesArg(names: readonly string[]): string {
  return HANDLERS_ARG + names.map(encodeURIComponent).join(',');
}

export function parseHandlerNamesArg(argv: readonly string[]): string[] {
  const arg = argv.find((a) => a.startsWith(HANDLERS_ARG));
  if (!arg) return [];
  return arg
    .slice(HANDLERS_ARG.length)
    .split(',')
    .filter(Boolean)
    .map((s) => {
      try {
        return decodeURIComponent(s);
      } catch {
        return '';
      }
    })
    .filter(Boolean);
}

function unwrap(r: unknown): unknown {
  if (!r || typeof r !== 'object' || typeof (r as Envelope).ok !== 'boolean') throw new Error('主进程返回了无效的结果');
  const env = r as Envelope;
  if (env.ok) return env.result;
  throw new Error(env.error || '操作失败');
}

export function makeBridge(ipc: IpcLike, names: readonly string[]): CaseflowApi {
  const allowed = new Set(names);
  const api: CaseflowApi = {
    platform: 'electron',
    async invoke(name: string, payload?: unknown, requestId?: string) {
      if (typeof name !== 'string' || !allowed.has(name)) throw new Error(`未知的请求：${String(name)}`);
      const req =
        requestId === undefined ? { name, payload: payload ?? {} } : { name, payload: payload ?? {}, requestId };
      return unwrap(await ipc.invoke(CHANNEL_INVOKE, req));
    },
    on<N extends PushEventName | '*'>(event: N, cb: (data: PushEventOf<N>) => void) {
      if (typeof event !== 'string' || typeof cb !== 'function') throw new Error('on(event, cb)：参数无效');
      // The IPC event object (with its sender) never reaches the page: only the data does.
      const listener = (_e: unknown, data: unknown) => {
        if (!data || typeof data !== 'object') return;
        if (event === '*' || (data as { type?: unknown }).type === event) cb(data as PushEventOf<N>);
      };
      ipc.on(CHANNEL_EVENT, listener);
      return () => {
        ipc.removeListener(CHANNEL_EVENT, listener);
      };
    },
    async openPath(path: string) {
      if (typeof path !== 'string' || !path) throw new Error('openPath(path)：参数无效');
      return unwrap(await ipc.invoke(CHANNEL_OPEN_PATH, path));
    },
    async upload(name: string, data: ArrayBuffer | Uint8Array) {
      if (typeof name !== 'string' || !name || !(data instanceof ArrayBuffer || data instanceof Uint8Array))
        throw new Error('upload(name, data)：参数无效');
      return unwrap(await ipc.invoke(CHANNEL_UPLOAD, { name, data }));
    },
    async pick(request) {
      return unwrap(await ipc.invoke(CHANNEL_PICK, request));
    },
  };
  return Object.freeze(api);
}
