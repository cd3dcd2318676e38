// The Electron shell's wiring, with `electron` mocked (no Electron binary on this machine).
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { tmpDir, tmpStore } from '../helpers/tmp';

const m = vi.hoisted(() => {
  type Listener = (...args: unknown[]) => unknown;
  const windows: FakeWindow[] = [];
  class FakeEmitter {
    listeners = new Map<string, Listener[]>();
    on(ev: string, l: Listener) {
      this.listeners.set(ev, [...(this.listeners.get(ev) ?? []), l]);
      return this;
    }
    once(ev: string, l: Listener) {
      return this.on(ev, l);
    }
    emit(ev: string, ...args: unknown[]) {
      for (const l of this.listeners.get(ev) ?? []) l(...args);
    }
  }
  class FakeWebContents extends FakeEmitter {
    sent: unknown[][] = [];
    url = '';
    windowOpenHandler: ((d: unknown) => unknown) | null = null;
    send(...args: unknown[]) {
      this.sent.push(args);
    }
    isDestroyed() {
      return false;
    }
    getURL() {
      return this.url;
    }
    setWindowOpenHandler(h: (d: unknown) => unknown) {
      this.windowOpenHandler = h;
    }
    printToPDF = vi.fn(async (_o: unknown) => new Uint8Array([37, 80, 68, 70]));
  }
  class FakeWindow extends FakeEmitter {
    static getAllWindows() {
      return windows.filter((w) => !w.destroyed);
    }
    webContents = new FakeWebContents();
    destroyed = false;
    loadedFile: string | null = null;
    loadedHtml = '';
    fileExistedWhenLoaded = false;
    constructor(readonly options: Record<string, unknown>) {
      super();
      windows.push(this);
    }
    async loadURL(u: string) {
      this.webContents.url = u;
    }
    async loadFile(f: string) {
      this.loadedFile = f;
      this.fileExistedWhenLoaded = fs.existsSync(f);
      if (this.fileExistedWhenLoaded) this.loadedHtml = fs.readFileSync(f, 'utf8');
    }
    show() {}
    focus() {}
    restore() {}
    isMinimized() {
      return false;
    }
    isDestroyed() {
      return this.destroyed;
    }
    destroy() {
      this.destroyed = true;
    }
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const fs = require('node:fs') as typeof import('node:fs');
  const appEvents = new FakeEmitter();
  const state = { singleInstance: true, documents: '', dialogPaths: [] as string[] };
  const fakeSession = () => ({
    setPermissionRequestHandler: vi.fn(),
    setPermissionCheckHandler: vi.fn(),
    webRequest: { onHeadersReceived: vi.fn(), onBeforeRequest: vi.fn() },
  });
  const partitions = new Map<string, ReturnType<typeof fakeSession>>();
  const electron = {
    app: {
      isPackaged: false,
      setName: vi.fn(),
      setAppUserModelId: vi.fn(),
      requestSingleInstanceLock: vi.fn(() => state.singleInstance),
      quit: vi.fn(),
      exit: vi.fn(),
      whenReady: vi.fn(async () => undefined),
      getPath: vi.fn(() => state.documents),
      on: vi.fn((ev: string, l: Listener) => appEvents.on(ev, l)),
    },
    BrowserWindow: FakeWindow,
    dialog: {
      showErrorBox: vi.fn(),
      showMessageBox: vi.fn(async () => ({ response: 0 })),
      showOpenDialog: vi.fn(async (..._a: unknown[]) => ({
        canceled: state.dialogPaths.length === 0,
        filePaths: state.dialogPaths,
      })),
    },
    ipcMain: {
      handlers: new Map<string, Listener>(),
      handle: vi.fn((ch: string, h: Listener) => {
        electron.ipcMain.handlers.set(ch, h);
      }),
    },
    Menu: { buildFromTemplate: vi.fn((t: unknown) => ({ template: t })), setApplicationMenu: vi.fn() },
    protocol: { registerSchemesAsPrivileged: vi.fn(), handle: vi.fn() },
    session: {
      defaultSession: fakeSession(),
      fromPartition: vi.fn((name: string) => {
        if (!partitions.has(name)) partitions.set(name, fakeSession());
        return partitions.get(name)!;
      }),
    },
    shell: { openPath: vi.fn(async () => '') },
  };
  return { electron, windows, appEvents, state, partitions, FakeWebContents, FakeWindow };
});

vi.mock('electron', () => ({ ...m.electron, default: m.electron }));
const stopScheduler = vi.fn(async () => undefined);
const startSchedulerIfPresent = vi.fn((..._args: unknown[]) => stopScheduler);
vi.mock('../../web/door-helpers', () => ({
  startSchedulerIfPresent: (...a: unknown[]) => startSchedulerIfPresent(...a),
  lazyChromiumPrinter: vi.fn(),
}));

import * as main from '../../electron/main';
import { CSP } from '../../web/http-security';
import {
  CHANNEL_EVENT,
  CHANNEL_INVOKE,
  CHANNEL_OPEN_PATH,
  CHANNEL_PICK,
  CHANNEL_UPLOAD,
  parseHandlerNamesArg,
} from '../../electron/bridge';
import { PRINT_CSP } from '../../core/documents/print-policy';
import { HANDLER_NAMES } from '../../core/handlers/index';
import { defineHandler } from '../../core/handlers/registry';

type Handler = (event: unknown, arg: unknown) => Promise<unknown>;
const APP = 'app://caseflow/index.html';
function ev(url: string) {
  return { senderFrame: { url }, sender: new m.FakeWebContents() };
}

describe('electron/main.ts', () => {
  let state: main.ShellState;
  const home = tmpDir();
  const docs = tmpDir();
  beforeAll(async () => {
    process.env.CASEFLOW_HOME = home;
    m.state.documents = docs;
    state = (await main.bootstrap())!;
    expect(state).not.toBeNull();
  });
  afterAll(() => {
    delete process.env.CASEFLOW_HOME;
    if (state.ctx.db.open) state.ctx.db.close();
  });

  it('registers app:// as a standard, secure scheme before ready, and serves renderer/dist through it with the CSP', async () => {
    expect(m.electron.protocol.registerSchemesAsPrivileged).toHaveBeenCalledWith([
      expect.objectContaining({ scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) }),
    ]);
    expect(m.electron.protocol.handle).toHaveBeenCalledWith('app', expect.any(Function));
    const handler = m.electron.protocol.handle.mock.calls[0][1] as unknown as (r: { url: string }) => Promise<Response>;
    const res = await handler({ url: 'app://caseflow/assets/..%2f..%2f..%2fpackage.json' });
    expect(res.status).toBe(403);
    expect(res.headers.get('content-security-policy')).toBe(CSP);
  });

  it('names the app CaseFlowDesk, takes the single-instance lock, and opens the store at the default path', () => {
    expect(m.electron.app.setName).toHaveBeenCalledWith('CaseFlowDesk');
    expect(m.electron.app.requestSingleInstanceLock).toHaveBeenCalled();
    expect(state.ctx.dbPath).toBe(path.join(home, 'caseflow.sqlite'));
    expect(fs.existsSync(state.ctx.dbPath)).toBe(true);
    expect(state.exportDir.startsWith(docs)).toBe(true);
    expect(typeof state.ctx.printPdf).toBe('function');
  });

  it('creates a hardened window on app://caseflow with the preload and the handler allow-list', () => {
    const win = state.mainWindow as unknown as InstanceType<typeof m.FakeWindow>;
    const wp = win.options.webPreferences as Record<string, unknown>;
    expect(wp).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      allowRunningInsecureContent: false,
    });
    expect(String(wp.preload)).toMatch(/preload\.js$/);
    expect(parseHandlerNamesArg(wp.additionalArguments as string[])).toEqual([...HANDLER_NAMES]);
    expect(win.webContents.getURL()).toBe(APP);
    expect(win.options.title).toBe('案件流程监控台');
  });

  it('denies window.open and navigation away from the app origin, for every web contents', () => {
    const contents = new m.FakeWebContents();
    m.appEvents.emit('web-contents-created', {}, contents);
    expect(contents.windowOpenHandler!({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
    const nav = (url: string) => {
      const e = {
        prevented: false,
        preventDefault() {
          this.prevented = true;
        },
      };
      contents.emit('will-navigate', e, url);
      return e.prevented;
    };
    expect(nav('https://evil.example/')).toBe(true);
    expect(nav('file:///etc/passwd')).toBe(true);
    expect(nav('app://other/')).toBe(true);
    expect(nav('app://caseflow/findings')).toBe(false);
    const frame = (url: string) => {
      const d = {
        url,
        prevented: false,
        preventDefault() {
          this.prevented = true;
        },
      };
      contents.emit('will-frame-navigate', d);
      return d.prevented;
    };
    expect(frame('https://evil.example/')).toBe(true);
    expect(frame('app://caseflow/x')).toBe(false);
    const wv = {
      prevented: false,
      preventDefault() {
        this.prevented = true;
      },
    };
    contents.emit('will-attach-webview', wv);
    expect(wv.prevented).toBe(true);
  });

  it('denies permissions and adds the CSP to every response of the session', () => {
    const ses = m.electron.session.defaultSession;
    const perm = ses.setPermissionRequestHandler.mock.calls[0][0] as unknown as (
      wc: unknown,
      p: string,
      cb: (ok: boolean) => void,
    ) => void;
    const cb = vi.fn();
    perm({}, 'media', cb);
    expect(cb).toHaveBeenCalledWith(false);
    const hdr = ses.webRequest.onHeadersReceived.mock.calls[0][0] as unknown as (
      d: unknown,
      cb: (r: { responseHeaders: Record<string, string[]> }) => void,
    ) => void;
    let out: Record<string, string[]> = {};
    hdr({ responseHeaders: { 'X-A': ['1'] } }, (r) => {
      out = r.responseHeaders;
    });
    expect(out['Content-Security-Policy']).toEqual([CSP]);
  });

  it('IPC: rejects a foreign sender, a malformed request, an unknown handler and a bad payload; runs a good one', async () => {
    const invoke = m.electron.ipcMain.handlers.get(CHANNEL_INVOKE) as Handler;
    expect(invoke).toBeTypeOf('function');
    expect(await invoke(ev('https://evil.example/'), { name: 'settings/get', payload: {} })).toMatchObject({
      ok: false,
      status: 403,
    });
    expect(await invoke(ev('file:///tmp/evil.html'), { name: 'settings/get' })).toMatchObject({
      ok: false,
      status: 403,
    });
    expect(await invoke(ev(APP), 'settings/get')).toMatchObject({ ok: false, status: 400 });
    expect(await invoke(ev(APP), { name: 'cases/drop-all', payload: {} })).toEqual({
      ok: false,
      status: 404,
      error: '未知的请求：cases/drop-all',
    });
    const bad = (await invoke(ev(APP), { name: 'settings/update', payload: { noticeReplyDays: 'ten' } })) as {
      ok: boolean;
      status: number;
      error: string;
    };
    expect(bad).toMatchObject({ ok: false, status: 400 });
    expect(bad.error).toMatch(/^无法完成“修改设置”：提交的参数无效（回复期限（天）的格式不对）/);
    expect(await invoke(ev(APP), { name: 'settings/get', payload: {} })).toMatchObject({
      ok: true,
      result: { officeName: '某县人民检察院' },
    });
    const e = ev(APP);
    expect(await invoke(e, { name: 'settings/update', payload: { officeShortName: '某区检' } })).toMatchObject({
      ok: true,
    });
    expect(e.sender.sent).toContainEqual([CHANNEL_EVENT, { type: 'changed', handler: 'settings/update' }]);
  });

  it("IPC: pushes handler progress to the calling window as caseflow:event, tagged with the call's requestId", async () => {
    const { ctx } = tmpStore();
    const s2: main.ShellState = {
      ...state,
      ctx,
      handlers: {
        'test/progress': defineHandler({
          name: 'test/progress',
          title: 't',
          input: z.object({}),
          run(c) {
            c.progress?.({ phase: '导入', done: 1, total: 2 });
            return 1;
          },
        }),
      },
      names: ['test/progress'],
    };
    m.electron.ipcMain.handlers.clear();
    main.registerIpc(s2);
    const invoke = m.electron.ipcMain.handlers.get(CHANNEL_INVOKE) as Handler;
    const e = ev(APP);
    expect(await invoke(e, { name: 'test/progress', requestId: 'r1-abcdefgh' })).toEqual({ ok: true, result: 1 });
    expect(e.sender.sent).toEqual([
      [
        CHANNEL_EVENT,
        { phase: '导入', done: 1, total: 2, type: 'progress', handler: 'test/progress', requestId: 'r1-abcdefgh' },
      ],
    ]);
    // A call without an id gets one of its own: its progress never carries another call's id.
    const e2 = ev(APP);
    expect(await invoke(e2, { name: 'test/progress' })).toEqual({ ok: true, result: 1 });
    const [, got] = e2.sender.sent[0] as [string, { requestId: string }];
    expect(got).toMatchObject({ type: 'progress', handler: 'test/progress' });
    expect(got.requestId).toMatch(/^[0-9a-f-]{36}$/);
    // An id that is not one (too short, odd characters) is refused like any malformed request.
    for (const requestId of ['x', 'a b c d e f g h', 42]) {
      const e3 = ev(APP);
      expect(await invoke(e3, { name: 'test/progress', requestId })).toMatchObject({ ok: false, status: 400 });
      expect(e3.sender.sent).toEqual([]);
    }
    m.electron.ipcMain.handlers.clear();
    main.registerIpc(state);
  });

  it('opens with the OS only the export folder, folders in it and .docx/.pdf/.xlsx/.zip files in it', async () => {
    const open = m.electron.ipcMain.handlers.get(CHANNEL_OPEN_PATH) as Handler;
    const f = path.join(state.exportDir, '周通报.docx');
    fs.writeFileSync(f, 'x');
    m.electron.shell.openPath.mockClear();
    expect(await open(ev('https://evil.example/'), f)).toMatchObject({ ok: false, status: 403 });
    expect(await open(ev(APP), '/etc/passwd')).toMatchObject({ ok: false, status: 403 });
    expect(await open(ev(APP), path.join(state.exportDir, '..', 'caseflow.sqlite'))).toMatchObject({ ok: false });
    // Programs, scripts and pages inside the export folder (an upload, a crafted name) are never handed to the OS.
    for (const name of [
      'setup.exe',
      'run.bat',
      '快捷方式.lnk',
      'x.hta',
      'page.html',
      'a.js',
      'b.cmd',
      'c.ps1',
      'd.vbs',
      'e.docm',
    ]) {
      fs.writeFileSync(path.join(state.exportDir, name), 'x');
      const r = (await open(ev(APP), path.join(state.exportDir, name))) as { ok: boolean; error: string };
      expect(r.ok, name).toBe(false);
      expect(r.error).toMatch(/只能打开 Word、PDF、Excel 文件和压缩包/);
    }
    expect(m.electron.shell.openPath).not.toHaveBeenCalled();
    expect(await open(ev(APP), f)).toEqual({ ok: true, result: fs.realpathSync(f) });
    expect(m.electron.shell.openPath).toHaveBeenCalledWith(fs.realpathSync(f));
    for (const name of ['通报.PDF', '表.xlsx', '材料.zip']) {
      fs.writeFileSync(path.join(state.exportDir, name), 'x');
      expect(await open(ev(APP), path.join(state.exportDir, name)), name).toMatchObject({ ok: true });
    }
    fs.mkdirSync(path.join(state.exportDir, '线索移送'), { recursive: true });
    expect(await open(ev(APP), path.join(state.exportDir, '线索移送'))).toMatchObject({ ok: true });
    expect(await open(ev(APP), state.exportDir)).toMatchObject({ ok: true });
  });

  it('takes a dropped file as bytes and a picked one from its own dialog, answering tokens the handlers accept', async () => {
    const upload = m.electron.ipcMain.handlers.get(CHANNEL_UPLOAD) as Handler;
    const pick = m.electron.ipcMain.handlers.get(CHANNEL_PICK) as Handler;
    const invoke = m.electron.ipcMain.handlers.get(CHANNEL_INVOKE) as Handler;
    const cal = JSON.stringify({ years: { '2031': { holidays: [], workdays: [] } } });
    expect(await upload(ev('https://evil.example/'), { name: 'a.json', data: new Uint8Array([1]) })).toMatchObject({
      ok: false,
      status: 403,
    });
    expect(await upload(ev(APP), { name: 'a.json', path: '/etc/passwd' })).toMatchObject({ ok: false, status: 400 });
    const up = (await upload(ev(APP), { name: '../日历.json', data: new TextEncoder().encode(cal) })) as {
      ok: true;
      result: { file: string; name: string; size: number };
    };
    expect(up.ok).toBe(true);
    expect(up.result).toMatchObject({ name: '日历.json', size: Buffer.byteLength(cal) });
    expect(up.result.file).toMatch(/^picked:/);
    const stored = state.picked.get(up.result.file)!.path;
    expect(stored.startsWith(state.uploads.dir + path.sep)).toBe(true);
    expect(await invoke(ev(APP), { name: 'calendar/load', payload: { file: up.result.file } })).toMatchObject({
      ok: true,
      result: { years: [2031] },
    });
    // A path the page names itself is refused without being read.
    const refused = (await invoke(ev(APP), { name: 'calendar/load', payload: { file: '/etc/hostname' } })) as {
      ok: boolean;
      status: number;
      error: string;
    };
    expect(refused).toMatchObject({ ok: false, status: 403 });
    expect(refused.error).not.toContain(
      fs.existsSync('/etc/hostname') ? fs.readFileSync('/etc/hostname', 'utf8').trim() || '\0' : '\0',
    );

    // The main process's own dialog: its choice becomes tokens; cancelling gives [].
    const picked = path.join(tmpDir(), '日历2.json');
    fs.writeFileSync(picked, cal.replace('2031', '2032'));
    m.state.dialogPaths = [picked];
    expect(await pick(ev('https://evil.example/'), { kind: 'file' })).toMatchObject({ ok: false, status: 403 });
    expect(await pick(ev(APP), { kind: 'file', path: '/etc' })).toMatchObject({ ok: false, status: 400 });
    const p = (await pick(ev(APP), { kind: 'file', extensions: ['json'] })) as {
      ok: true;
      result: { file: string; name: string }[];
    };
    expect(p.result).toHaveLength(1);
    expect(p.result[0].name).toBe('日历2.json');
    expect(m.electron.dialog.showOpenDialog).toHaveBeenLastCalledWith(
      state.mainWindow,
      expect.objectContaining({ properties: ['openFile'], filters: [{ name: '允许的文件', extensions: ['json'] }] }),
    );
    expect(await invoke(ev(APP), { name: 'calendar/load', payload: { file: p.result[0].file } })).toMatchObject({
      ok: true,
      result: { years: [2032] },
    });
    m.state.dialogPaths = [];
    expect(await pick(ev(APP), { kind: 'folder' })).toEqual({ ok: true, result: [] });
  });

  it('builds the Chinese menu', () => {
    const template = m.electron.Menu.buildFromTemplate.mock.calls[0][0] as unknown as { label: string }[];
    expect(template.map((t) => t.label)).toEqual(['文件', '编辑', '视图', '帮助']);
    expect(m.electron.Menu.setApplicationMenu).toHaveBeenCalled();
  });

  it('starts the scheduler with the export folder, and stops it and closes the store on quit', async () => {
    expect(startSchedulerIfPresent).toHaveBeenCalledTimes(1);
    expect(startSchedulerIfPresent.mock.calls[0][1]).toMatchObject({ outDir: state.exportDir });
    m.electron.app.quit.mockClear();
    const e = {
      prevented: false,
      preventDefault() {
        this.prevented = true;
      },
    };
    m.appEvents.emit('will-quit', e);
    expect(e.prevented).toBe(true);
    await vi.waitFor(() => expect(m.electron.app.quit).toHaveBeenCalled());
    expect(stopScheduler).toHaveBeenCalled();
    expect(state.ctx.db.open).toBe(false);
  });

  it('prints PDF in a hidden window with JavaScript off, the print CSP, and every request but the page refused', async () => {
    const before = m.windows.length;
    const pdf = await main.electronPrintPdf(
      '<html><head><meta charset="utf-8"></head><body>流程监控通知书<img src="https://evil.example/x.png"></body></html>',
    );
    expect(Buffer.isBuffer(pdf)).toBe(true);
    expect(pdf.subarray(0, 4).toString()).toBe('%PDF');
    const w = m.windows[before];
    expect(w.options.show).toBe(false);
    expect(w.options.webPreferences).toMatchObject({
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      javascript: false,
      webSecurity: true,
    });
    // Its own session, not the app's.
    const ses = m.partitions.get(main.PRINT_PARTITION)!;
    expect((w.options.webPreferences as { session: unknown }).session).toBe(ses);
    // The CSP is the first thing in the page's head.
    expect(w.loadedHtml).toMatch(
      new RegExp(
        `^<html><head><meta http-equiv="Content-Security-Policy" content="${PRINT_CSP.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}">`,
      ),
    );
    expect(PRINT_CSP).toContain("default-src 'none'");
    expect(PRINT_CSP).not.toMatch(/script-src/);
    expect(w.webContents.printToPDF).toHaveBeenCalledWith(expect.objectContaining({ preferCSSPageSize: true }));
    expect(w.fileExistedWhenLoaded).toBe(true);
    expect(fs.existsSync(w.loadedFile!)).toBe(false);
    expect(w.destroyed).toBe(true);
    // The session refuses every request (remote, other local files) and, after printing, the page too.
    const before2 = ses.webRequest.onBeforeRequest.mock.calls[0][0] as unknown as (
      d: { url: string },
      cb: (r: { cancel: boolean }) => void,
    ) => void;
    const cancels = (url: string) => {
      let c = false;
      before2({ url }, (r) => (c = r.cancel));
      return c;
    };
    for (const url of ['https://evil.example/x.png', 'http://127.0.0.1:1/', 'file:///etc/passwd', 'data:text/html,x'])
      expect(cancels(url), url).toBe(true);
    expect(cancels(`file://${w.loadedFile}`)).toBe(true);
    const hdr = ses.webRequest.onHeadersReceived.mock.calls[0][0] as unknown as (
      d: unknown,
      cb: (r: { responseHeaders: Record<string, string[]> }) => void,
    ) => void;
    let out: Record<string, string[]> = {};
    hdr({ responseHeaders: {} }, (r) => (out = r.responseHeaders));
    expect(out['Content-Security-Policy']).toEqual([PRINT_CSP]);
  });

  it('lets the print session load the page while it is being printed', async () => {
    let allowedDuring: boolean | null = null;
    const ses = m.partitions.get(main.PRINT_PARTITION)!;
    const before2 = ses.webRequest.onBeforeRequest.mock.calls[0][0] as unknown as (
      d: { url: string },
      cb: (r: { cancel: boolean }) => void,
    ) => void;
    const orig = m.FakeWindow.prototype.loadFile;
    m.FakeWindow.prototype.loadFile = async function (this: InstanceType<typeof m.FakeWindow>, f: string) {
      before2({ url: `file://${f}` }, (r) => (allowedDuring = !r.cancel));
      return orig.call(this, f);
    };
    try {
      await main.electronPrintPdf('<p>x</p>');
    } finally {
      m.FakeWindow.prototype.loadFile = orig;
    }
    expect(allowedDuring).toBe(true);
  });

  it('quits when another instance holds the lock', async () => {
    m.state.singleInstance = false;
    m.electron.app.quit.mockClear();
    expect(await main.bootstrap()).toBeNull();
    expect(m.electron.app.quit).toHaveBeenCalled();
    m.state.singleInstance = true;
  });
});
