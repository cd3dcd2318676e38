/**
 * A request's progress reaches only that request's listener, through the renderer's real client
 * (renderer/src/api.ts: invokeWith + onProgress, what ProgressLine uses) on both doors: the Electron
 * bridge (electron/bridge.ts + the IPC guard) and browser mode (the real web server, SSE). Two calls
 * run at once and their progress interleaves; a third call brings no id; the scheduler pushes its own.
 */
import http from 'node:http';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { defineHandler, type HandlerMap } from '../../core/handlers/registry';
import type { PushEvent } from '../../core/shared/push-events';
import { makeBridge, type IpcLike } from '../../electron/bridge';
import { APP_START_URL, handleInvokeRequest } from '../../electron/ipc-guard';
import { startWebServer } from '../../web/server';
import { tmpDir, tmpStore } from '../helpers/tmp';

type Api = typeof import('../../renderer/src/api');

const handlers: HandlerMap = {
  'test/progress': defineHandler({
    name: 'test/progress',
    title: '测试',
    input: z.object({ n: z.number().int(), tag: z.string() }),
    async run(ctx, p) {
      for (let i = 1; i <= p.n; i++) {
        ctx.progress?.({ phase: p.tag, done: i, total: p.n });
        await new Promise((r) => setTimeout(r, 5)); // lets the other call report in between
      }
      return p.n;
    },
  }),
};
const names = Object.keys(handlers);
const store = tmpStore();
const g = globalThis as Record<string, unknown>;
const saved = { window: g.window, fetch: g.fetch, EventSource: g.EventSource, sessionStorage: g.sessionStorage };

afterAll(() => {
  Object.assign(g, saved);
  store.db.close();
});

beforeEach(() => {
  vi.resetModules(); // a fresh client (its listeners and connection) per door
});

/** What both doors must show: each listener gets its own call's progress, in order, and nothing else. */
async function checkOwnProgressOnly(api: Api, publishForeign: (e: PushEvent) => void, settled: () => Promise<void>) {
  const call = (tag: string, n: number, requestId?: string) =>
    (api.invokeWith as unknown as (name: string, p: unknown, o: { requestId?: string }) => Promise<unknown>)(
      'test/progress',
      { n, tag },
      requestId ? { requestId } : {},
    );
  const idA = api.newRequestId();
  const idB = api.newRequestId();
  expect(idA).not.toBe(idB);
  const gotA: PushEvent<'progress'>[] = [];
  const gotB: PushEvent<'progress'>[] = [];
  const all: PushEvent[] = [];
  const offAll = api.on('*', (e) => all.push(e));
  const offA = api.onProgress(idA, (e) => gotA.push(e));
  const offB = api.onProgress(idB, (e) => gotB.push(e));
  await new Promise((r) => setTimeout(r, 100)); // the event stream is open
  publishForeign({ type: 'progress', requestId: null, source: 'scheduler', phase: '计划任务' });
  publishForeign({ type: 'progress', requestId: idA.toUpperCase(), handler: 'x', phase: '别的标签页' });
  expect(await Promise.all([call('A', 3, idA), call('B', 4, idB), call('无编号', 2)])).toEqual([3, 4, 2]);
  await settled();
  // 3 + 4 + 2 from the calls, 2 pushed from elsewhere
  await vi.waitFor(() => expect(all.filter((e) => e.type === 'progress')).toHaveLength(11));

  expect(gotA.map((e) => [e.phase, e.done, e.total, e.requestId])).toEqual([
    ['A', 1, 3, idA],
    ['A', 2, 3, idA],
    ['A', 3, 3, idA],
  ]);
  expect(gotB.map((e) => [e.phase, e.done, e.requestId])).toEqual([
    ['B', 1, idB],
    ['B', 2, idB],
    ['B', 3, idB],
    ['B', 4, idB],
  ]);
  // The calls did run at once (their progress interleaved), so telling them apart was needed.
  const order = all
    .filter((e) => e.type === 'progress' && (e.phase === 'A' || e.phase === 'B'))
    .map((e) => (e as { phase: string }).phase);
  expect(order.join('')).not.toMatch(/^A+B+$|^B+A+$/);
  // The call without an id, the scheduler and the other tab reached '*' but neither request's listener.
  expect(all.filter((e) => e.type === 'progress' && e.phase === '无编号')).toHaveLength(2);
  expect(all.some((e) => e.type === 'progress' && e.requestId === null)).toBe(true);

  // Unsubscribed: a later call with the same id reaches nobody.
  offA();
  await call('A', 1, idA);
  await settled();
  expect(gotA).toHaveLength(3);
  offB();
  offAll();
}

describe("a request's progress reaches only its own listener", () => {
  it('in the desktop app (preload bridge, IPC guard)', async () => {
    const listeners = new Set<(e: unknown, d: unknown) => void>();
    const send = (d: unknown) => {
      for (const l of [...listeners]) l({ sender: 'ipc' }, d);
    };
    const ipc: IpcLike = {
      invoke: (_channel, req) =>
        handleInvokeRequest(
          {
            handlers,
            names,
            // as electron/main.ts: the call's progress goes to its window, tagged with its requestId
            ctxFor: (name, requestId) => ({
              ...store.ctx,
              progress: (p) => send({ ...p, type: 'progress', handler: name, requestId }),
            }),
          },
          APP_START_URL,
          req,
        ),
      on: (_c, l) => listeners.add(l),
      removeListener: (_c, l) => listeners.delete(l),
    };
    g.window = { caseflow: makeBridge(ipc, names) };
    const api = (await import('../../renderer/src/api')) as Api;
    await checkOwnProgressOnly(api, send, async () => undefined);
  });

  it('in browser mode (web server, server-sent events)', async () => {
    const web = await startWebServer({
      ctx: store.ctx,
      staticDir: tmpDir(),
      exportDir: tmpDir(),
      handlers,
      log: () => undefined,
    });
    const base = `http://127.0.0.1:${web.port}/`;
    const session = new Map<string, string>();
    const streams: http.ClientRequest[] = [];
    g.sessionStorage = {
      getItem: (k: string) => session.get(k) ?? null,
      setItem: (k: string, v: string) => session.set(k, v),
    };
    g.window = { location: { href: `${base}?token=${web.token}` }, history: { replaceState: () => undefined } };
    const realFetch = saved.fetch as typeof fetch;
    g.fetch = (u: string, init?: RequestInit) => realFetch(new URL(u, base), init);
    // What a browser's EventSource does with the server's `data:` frames.
    g.EventSource = class {
      onmessage: ((m: { data: string }) => void) | null = null;
      constructor(url: string) {
        const req = http.get(new URL(url, base), (res) => {
          let buf = '';
          res.on('data', (c: Buffer) => {
            buf += c.toString('utf8');
            let i;
            while ((i = buf.indexOf('\n\n')) >= 0) {
              const data = buf
                .slice(0, i)
                .split('\n')
                .filter((l) => l.startsWith('data: '))
                .map((l) => l.slice(6))
                .join('\n');
              buf = buf.slice(i + 2);
              if (data) this.onmessage?.({ data });
            }
          });
        });
        streams.push(req);
      }
    };
    try {
      const api = (await import('../../renderer/src/api')) as Api;
      await checkOwnProgressOnly(
        api,
        (e) => web.publish(e),
        () => new Promise((r) => setTimeout(r, 150)),
      );
    } finally {
      for (const s of streams) s.destroy();
      await web.close();
    }
  });
});
