import { describe, expect, it, vi } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { tmpDir, tmpStore } from '../helpers/tmp';
import {
  CHANNEL_EVENT,
  CHANNEL_INVOKE,
  CHANNEL_OPEN_PATH,
  handlerNamesArg,
  makeBridge,
  parseHandlerNamesArg,
  type IpcLike,
} from '../../electron/bridge';
import { APP_START_URL, checkOpenPath, handleInvokeRequest, isAppUrl } from '../../electron/ipc-guard';
import { appProtocolResponse, appUrlToFile } from '../../electron/app-protocol';
import { menuTemplate } from '../../electron/menu';
import { CSP } from '../../web/http-security';
import { HANDLERS, HANDLER_NAMES } from '../../core/handlers/index';

function fakeIpc(reply: (channel: string, arg: unknown) => unknown = () => ({ ok: true, result: 42 })) {
  const listeners = new Map<string, Set<(e: unknown, d: unknown) => void>>();
  const ipc: IpcLike & { emit(ch: string, d: unknown): void; calls: unknown[][] } = {
    calls: [],
    invoke: vi.fn(async (channel: string, arg: unknown) => {
      ipc.calls.push([channel, arg]);
      return reply(channel, arg);
    }),
    on(channel, l) {
      if (!listeners.has(channel)) listeners.set(channel, new Set());
      listeners.get(channel)!.add(l);
    },
    removeListener(channel, l) {
      listeners.get(channel)?.delete(l);
    },
    emit(ch, d) {
      for (const l of listeners.get(ch) ?? []) l({ sender: 'SECRET-IPC-EVENT' }, d);
    },
  };
  return ipc;
}

describe('preload bridge (electron/bridge.ts)', () => {
  it('passes the allow-list from main to the preload through a command-line switch', () => {
    const arg = handlerNamesArg(HANDLER_NAMES);
    expect(parseHandlerNamesArg(['electron', '--foo', arg])).toEqual([...HANDLER_NAMES]);
    expect(parseHandlerNamesArg(['electron'])).toEqual([]);
  });

  it('invokes only allow-listed handlers and unwraps the envelope', async () => {
    const ipc = fakeIpc();
    const api = makeBridge(ipc, ['settings/get']);
    expect(await api.invoke('settings/get')).toBe(42);
    expect(ipc.calls).toEqual([[CHANNEL_INVOKE, { name: 'settings/get', payload: {} }]]);
    // The caller's requestId travels with the call (main tags the call's progress events with it).
    expect(await api.invoke('settings/get', {}, 'r1-abcdefgh')).toBe(42);
    expect(ipc.calls[1]).toEqual([CHANNEL_INVOKE, { name: 'settings/get', payload: {}, requestId: 'r1-abcdefgh' }]);
    await expect(api.invoke('cases/drop-all', {})).rejects.toThrow('未知的请求：cases/drop-all');
    await expect(api.invoke(123 as unknown as string)).rejects.toThrow('未知的请求');
    expect(ipc.calls).toHaveLength(2);
    const failing = makeBridge(
      fakeIpc(() => ({ ok: false, status: 400, error: '参数无效' })),
      ['settings/get'],
    );
    await expect(failing.invoke('settings/get')).rejects.toThrow(/^参数无效$/);
    const garbage = makeBridge(
      fakeIpc(() => 'nope'),
      ['settings/get'],
    );
    await expect(garbage.invoke('settings/get')).rejects.toThrow('主进程返回了无效的结果');
    expect(Object.isFrozen(api)).toBe(true);
  });

  it('on(event, cb) delivers only that event type, never the IPC event object, and unsubscribes', () => {
    const ipc = fakeIpc();
    const api = makeBridge(ipc, []);
    const got: unknown[] = [];
    const off = api.on('progress', (d) => got.push(d));
    ipc.emit(CHANNEL_EVENT, { type: 'progress', done: 1 });
    ipc.emit(CHANNEL_EVENT, { type: 'job', message: 'x' });
    ipc.emit(CHANNEL_EVENT, 'not an object');
    off();
    ipc.emit(CHANNEL_EVENT, { type: 'progress', done: 2 });
    expect(got).toEqual([{ type: 'progress', done: 1 }]);
    expect(JSON.stringify(got)).not.toContain('SECRET');
  });

  it('openPath goes through its own channel', async () => {
    const ipc = fakeIpc(() => ({ ok: true, result: '/x' }));
    const api = makeBridge(ipc, []);
    expect(await api.openPath('/x')).toBe('/x');
    expect(ipc.calls[0][0]).toBe(CHANNEL_OPEN_PATH);
  });
});

describe('IPC guard (electron/ipc-guard.ts)', () => {
  it('knows the app origin', () => {
    expect(isAppUrl(APP_START_URL)).toBe(true);
    expect(isAppUrl('app://caseflow/findings?x=1')).toBe(true);
    for (const u of [
      'app://evil/index.html',
      'https://caseflow/',
      'file:///work/main/renderer/dist/index.html',
      'http://127.0.0.1:5173/',
      'app://user:pw@caseflow/',
      'about:blank',
      '',
      null,
      42,
    ]) {
      expect(isAppUrl(u), String(u)).toBe(false);
    }
  });

  const store = tmpStore();
  const deps = { handlers: HANDLERS, names: HANDLER_NAMES, ctxFor: () => store.ctx };

  it('rejects a sender that is not the app origin', async () => {
    for (const sender of ['https://evil.example/', 'file:///tmp/x.html', 'app://other/', '', undefined]) {
      const r = await handleInvokeRequest(deps, sender, { name: 'settings/get', payload: {} });
      expect(r, String(sender)).toEqual({ ok: false, status: 403, error: '拒绝访问：请求不是来自本程序的界面' });
    }
  });

  it('rejects a malformed request, an unknown handler and a bad payload; runs a good one', async () => {
    const s = APP_START_URL;
    expect(await handleInvokeRequest(deps, s, 'settings/get')).toMatchObject({ ok: false, status: 400 });
    expect(await handleInvokeRequest(deps, s, { name: 'settings/get', payload: {}, extra: 1 })).toMatchObject({
      ok: false,
      status: 400,
    });
    expect(await handleInvokeRequest(deps, s, { name: 'cases/drop-all' })).toEqual({
      ok: false,
      status: 404,
      error: '未知的请求：cases/drop-all',
    });
    expect(await handleInvokeRequest(deps, s, { name: '__proto__' })).toMatchObject({ ok: false, status: 404 });
    const bad = await handleInvokeRequest(deps, s, { name: 'settings/update', payload: { noticeReplyDays: 'ten' } });
    expect(bad).toMatchObject({ ok: false, status: 400 });
    expect((bad as { error: string }).error).toMatch(/^无法完成“修改设置”：提交的参数无效/);
    const good = await handleInvokeRequest(deps, s, { name: 'settings/get', payload: {} });
    expect(good).toMatchObject({ ok: true, result: { officeName: '某县人民检察院' } });
  });

  it('maps an internal error to 500 without the stack', async () => {
    const log = vi.fn();
    const r = await handleInvokeRequest(
      {
        ...deps,
        log,
        ctxFor: () => {
          throw new Error('坏了\nat x.ts:1');
        },
      },
      APP_START_URL,
      { name: 'settings/get' },
    );
    expect(r).toEqual({ ok: false, status: 500, error: '内部错误：坏了' });
    expect(log).toHaveBeenCalled();
  });

  it('opens only the export folder and files in it', () => {
    const exp = tmpDir();
    const f = path.join(exp, '月检查.pdf');
    fs.writeFileSync(f, 'x');
    expect(checkOpenPath(exp, exp)).toEqual({ ok: true, path: path.resolve(exp) });
    expect(checkOpenPath(exp, f)).toEqual({ ok: true, path: fs.realpathSync(f) });
    for (const p of [
      '/etc/passwd',
      path.join(exp, '..'),
      path.join(exp, '..', 'x'),
      '',
      7,
      'C:\\Windows\\System32\\calc.exe',
      'https://evil.example/',
    ]) {
      expect(checkOpenPath(exp, p).ok, String(p)).toBe(false);
    }
    const outside = path.join(tmpDir(), 'run.sh');
    fs.writeFileSync(outside, '#!/bin/sh');
    fs.symlinkSync(outside, path.join(exp, 'link.sh'));
    expect(checkOpenPath(exp, path.join(exp, 'link.sh')).ok).toBe(false);
  });
});

describe('app:// protocol (electron/app-protocol.ts)', () => {
  const dist = tmpDir();
  fs.writeFileSync(path.join(dist, 'index.html'), '<!doctype html>首页');
  fs.mkdirSync(path.join(dist, 'assets'));
  fs.writeFileSync(path.join(dist, 'assets', 'index-abc.js'), 'x');

  it('maps app://caseflow/ URLs to files of renderer/dist with the SPA fallback', () => {
    expect(appUrlToFile('app://caseflow/', dist)).toEqual({
      ok: true,
      file: fs.realpathSync(path.join(dist, 'index.html')),
    });
    expect(appUrlToFile('app://caseflow/assets/index-abc.js', dist)).toEqual({
      ok: true,
      file: fs.realpathSync(path.join(dist, 'assets', 'index-abc.js')),
    });
    expect(appUrlToFile('app://caseflow/findings/3', dist)).toEqual({
      ok: true,
      file: fs.realpathSync(path.join(dist, 'index.html')),
    });
    expect(appUrlToFile('app://caseflow/assets/missing.js', dist)).toEqual({ ok: false, status: 404 });
    expect(appUrlToFile('app://other/index.html', dist)).toEqual({ ok: false, status: 404 });
  });

  it('refuses traversal', () => {
    for (const u of [
      'app://caseflow/%2e%2e/%2e%2e/etc/passwd',
      'app://caseflow/assets/..%2f..%2f..%2fetc%2fpasswd',
      'app://caseflow/%2e%2e%5c%2e%2e%5cx',
      'app://caseflow/a%00.js',
    ]) {
      const r = appUrlToFile(u, dist);
      // Refused, or (URL parsing folds '..' and '%2e%2e' into the root) a file inside dist.
      if (r.ok) expect(r.file.startsWith(fs.realpathSync(dist) + path.sep), u).toBe(true);
    }
    expect(appUrlToFile('app://caseflow/assets/..%2f..%2f..%2fetc%2fpasswd', dist)).toEqual({ ok: false, status: 403 });
    const folded = appUrlToFile('app://caseflow/../../etc/passwd', dist);
    expect(folded.ok && folded.file).toBe(fs.realpathSync(path.join(dist, 'index.html')));
  });

  it('answers with the content type and the CSP', async () => {
    const r = await appProtocolResponse('app://caseflow/assets/index-abc.js', dist);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(r.headers.get('content-security-policy')).toBe(CSP);
    const bad = await appProtocolResponse('app://caseflow/assets/..%2f..%2fx', dist);
    expect(bad.status).toBe(403);
    expect(bad.headers.get('content-security-policy')).toBe(CSP);
  });
});

describe('menu (electron/menu.ts)', () => {
  it('is Chinese: 文件/编辑/视图/帮助, developer tools only when asked', () => {
    const t = menuTemplate({ openExportFolder: () => undefined, about: () => undefined, devTools: false });
    expect(t.map((m) => m.label)).toEqual(['文件', '编辑', '视图', '帮助']);
    expect(JSON.stringify(t)).not.toContain('toggleDevTools');
    expect(
      JSON.stringify(menuTemplate({ openExportFolder: () => undefined, about: () => undefined, devTools: true })),
    ).toContain('toggleDevTools');
    const labels = t.flatMap((m) => (m.submenu ?? []).map((i) => i.label)).filter(Boolean);
    for (const l of labels) expect(l).toMatch(/[\u4e00-\u9fff]/);
  });
});
