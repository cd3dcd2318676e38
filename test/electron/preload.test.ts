// The preload's wiring with `electron` mocked: it exposes exactly window.caseflow, built from the allow-list main passes.
import { describe, expect, it, vi } from 'vitest';
import { handlerNamesArg } from '../../electron/bridge';

const m = vi.hoisted(() => ({
  exposed: new Map<string, unknown>(),
  invoke: vi.fn(async (..._a: unknown[]) => ({ ok: true, result: 'r' })),
  on: vi.fn(),
  removeListener: vi.fn(),
}));
vi.mock('electron', () => {
  const e = {
    contextBridge: { exposeInMainWorld: (k: string, v: unknown) => m.exposed.set(k, v) },
    ipcRenderer: { invoke: m.invoke, on: m.on, removeListener: m.removeListener },
  };
  return { ...e, default: e };
});

describe('electron/preload.ts', () => {
  it('exposes window.caseflow = { invoke, on, openPath, upload, pick } (no local paths) with the allow-list from main', async () => {
    const argv = process.argv;
    process.argv = [...argv, handlerNamesArg(['settings/get', 'app/info'])];
    try {
      await import('../../electron/preload');
    } finally {
      process.argv = argv;
    }
    expect([...m.exposed.keys()]).toEqual(['caseflow']);
    const api = m.exposed.get('caseflow') as {
      invoke(n: string, p?: unknown): Promise<unknown>;
      on(e: string, cb: (d: unknown) => void): () => void;
      upload(name: string, data: Uint8Array): Promise<unknown>;
      pick(r: unknown): Promise<unknown>;
      platform: string;
    };
    expect(Object.keys(api).sort()).toEqual(['invoke', 'on', 'openPath', 'pick', 'platform', 'upload']);
    expect(await api.invoke('settings/get', {})).toBe('r');
    expect(m.invoke).toHaveBeenCalledWith('caseflow:invoke', { name: 'settings/get', payload: {} });
    await expect(api.invoke('settings/update', {})).rejects.toThrow('未知的请求：settings/update');
    expect(m.invoke).toHaveBeenCalledTimes(1);
    const off = api.on('progress', () => undefined);
    expect(m.on).toHaveBeenCalledWith('caseflow:event', expect.any(Function));
    off();
    expect(m.removeListener).toHaveBeenCalledWith('caseflow:event', m.on.mock.calls[0][1]);
    const bytes = new Uint8Array([1, 2]);
    await api.upload('案件.xlsx', bytes);
    expect(m.invoke).toHaveBeenLastCalledWith('caseflow:upload', { name: '案件.xlsx', data: bytes });
    await expect(api.upload('x', '/etc/passwd' as unknown as Uint8Array)).rejects.toThrow(/参数无效/);
    await api.pick({ kind: 'folder' });
    expect(m.invoke).toHaveBeenLastCalledWith('caseflow:pick', { kind: 'folder' });
  });
});
