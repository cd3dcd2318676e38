/**
 * The Electron shell (main process). Thin: a hardened window on the app:// origin, one IPC door to
 * the handler registry, the scheduler, and printToPDF. The pure checks live in electron/ipc-guard.ts,
 * electron/app-protocol.ts and web/http-security.ts (shared with browser mode).
 *
 * Hardening: contextIsolation + sandbox + no Node in the page; one custom origin app://caseflow
 * (standard, secure) serving renderer/dist with the strict CSP; every navigation away and every
 * window.open denied; every permission request denied; IPC checks the sender's origin, the request
 * shape, the handler allow-list and the payload's zod schema; the only way out to the OS is
 * shell.openPath of the export folder, a folder in it, or a .docx/.pdf/.xlsx/.zip in it. Handlers
 * reach files only through the path guard: the chosen folders, or tokens of what the user picked
 * in the main process's own dialog or dropped on the window (stored as bytes, never a page-given path).
 * PDFs are printed in a hidden window with JavaScript off, the print CSP, and every request refused.
 */
import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  Menu,
  protocol,
  session,
  shell,
  type IpcMainInvokeEvent,
  type WebContents,
} from 'electron';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import type { AppContext, Progress } from '../core/context';
import type { PushEvent } from '../core/shared/push-events';
import { osUser } from '../core/context';
import { defaultStorePath, appDataDir } from '../core/paths';
import { HANDLERS, HANDLER_NAMES } from '../core/handlers/index';
import type { HandlerMap } from '../core/handlers/registry';
import { StoreError, type Db } from '../db/store';
import { openStoreWithBackups } from '../core/backup/auto';
import { runDue } from '../core/jobs/scheduler';
import { Logger } from '../core/log';
import { resolveActor } from '../core/operators';
import { CSP } from '../web/http-security';
import { startSchedulerIfPresent } from '../web/door-helpers';
import {
  APP_SCHEME,
  APP_START_URL,
  checkOpenPath,
  handleInvokeRequest,
  handleUploadRequest,
  isAppUrl,
  pickDialogOptions,
  PickRequestSchema,
} from './ipc-guard';
import { appProtocolResponse } from './app-protocol';
import {
  CHANNEL_EVENT,
  CHANNEL_INVOKE,
  CHANNEL_OPEN_PATH,
  CHANNEL_PICK,
  CHANNEL_UPLOAD,
  handlerNamesArg,
  type Envelope,
} from './bridge';
import { PickedFiles } from '../core/security/picked-files';
import { UploadFolder } from '../core/security/uploads';
import { PRINT_CSP, withPrintCsp } from '../core/documents/print-policy';
import { menuTemplate, type MenuItemSpec } from './menu';
import pkg from '../package.json';

z.config(z.locales.zhCN());

export const APP_NAME = 'CaseFlowDesk';
export const WINDOW_TITLE = '案件流程监控台';

// Must run before the app is ready.
protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true } },
]);

export interface ShellState {
  ctx: AppContext;
  exportDir: string;
  rendererDir: string;
  preloadPath: string;
  handlers: HandlerMap;
  names: readonly string[];
  mainWindow: BrowserWindow | null;
  /** What the user picked or dropped in this run, by token (the path guard's session). */
  picked: PickedFiles;
  uploads: UploadFolder;
}

export function rendererDir(): string {
  return path.join(__dirname, '..', 'renderer', 'dist');
}

export function mainWindowOptions(
  preloadPath: string,
  names: readonly string[],
): Electron.BrowserWindowConstructorOptions {
  return {
    title: WINDOW_TITLE,
    width: 1440,
    height: 900,
    minWidth: 1024,
    minHeight: 640,
    show: false,
    backgroundColor: '#ffffff',
    autoHideMenuBar: false,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      devTools: !app.isPackaged,
      additionalArguments: [handlerNamesArg(names)],
    },
  };
}

/** Navigation, new windows and webviews: denied for every web contents the app ever creates. */
export function hardenWebContents(contents: WebContents): void {
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-frame-navigate', (details) => {
    if (!isAppUrl(details.url)) details.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

/** Deny every permission (camera, notifications, …) and put the CSP on every response. */
export function hardenSession(ses: Electron.Session): void {
  ses.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  ses.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CSP] } });
  });
}

export function registerAppProtocol(dir: string): void {
  protocol.handle(APP_SCHEME, (request) => appProtocolResponse(request.url, dir));
}

function senderUrl(event: IpcMainInvokeEvent): string {
  try {
    return event.senderFrame?.url ?? '';
  } catch {
    return '';
  }
}

/** The IPC door: 'caseflow:invoke' → handler registry; 'caseflow:open-path' → the allow-listed opener. */
export function registerIpc(state: ShellState, log: (s: string) => void = (s) => process.stderr.write(s + '\n')): void {
  ipcMain.handle(CHANNEL_INVOKE, (event: IpcMainInvokeEvent, raw: unknown): Promise<Envelope> => {
    const sender = event.sender;
    return handleInvokeRequest(
      {
        handlers: state.handlers,
        names: state.names,
        log,
        ctxFor: (name, requestId) =>
          ({
            ...state.ctx,
            exportDir: state.exportDir,
            access: { picked: state.picked },
            progress: (p: Progress) => {
              const e: PushEvent<'progress'> = { ...p, type: 'progress', handler: name, requestId };
              if (!sender.isDestroyed()) sender.send(CHANNEL_EVENT, e);
            },
          }) as AppContext,
      },
      senderUrl(event),
      raw,
    ).then((env) => {
      if (env.ok && state.handlers[(raw as { name: string }).name]?.mutates && !sender.isDestroyed()) {
        const e: PushEvent<'changed'> = { type: 'changed', handler: (raw as { name: string }).name };
        sender.send(CHANNEL_EVENT, e);
      }
      // A restore replaced the store file under this process's connection: start again on the restored store.
      if (env.ok && (env.result as { restartRequired?: boolean } | undefined)?.restartRequired) {
        setTimeout(() => {
          app.relaunch();
          app.exit(0);
        }, 500);
      }
      return env;
    });
  });
  ipcMain.handle(CHANNEL_OPEN_PATH, async (event: IpcMainInvokeEvent, p: unknown): Promise<Envelope> => {
    if (!isAppUrl(senderUrl(event))) return { ok: false, status: 403, error: '拒绝访问：请求不是来自本程序的界面' };
    const checked = checkOpenPath(state.exportDir, p);
    if (!checked.ok) return { ok: false, status: 403, error: checked.error };
    const err = await shell.openPath(checked.path);
    return err ? { ok: false, status: 500, error: `无法打开：${err}` } : { ok: true, result: checked.path };
  });
  ipcMain.handle(CHANNEL_UPLOAD, (event: IpcMainInvokeEvent, raw: unknown): Envelope => {
    try {
      return handleUploadRequest(state.uploads, senderUrl(event), raw);
    } catch (e) {
      log(`保存上传的文件时出错：${(e as Error)?.stack ?? String(e)}`);
      return { ok: false, status: 500, error: '无法保存该文件，请重试' };
    }
  });
  ipcMain.handle(CHANNEL_PICK, async (event: IpcMainInvokeEvent, raw: unknown): Promise<Envelope> => {
    if (!isAppUrl(senderUrl(event))) return { ok: false, status: 403, error: '拒绝访问：请求不是来自本程序的界面' };
    const req = PickRequestSchema.safeParse(raw);
    if (!req.success) return { ok: false, status: 400, error: '选择文件的请求无效' };
    const opts = pickDialogOptions(req.data);
    const r = state.mainWindow
      ? await dialog.showOpenDialog(state.mainWindow, opts)
      : await dialog.showOpenDialog(opts);
    if (r.canceled) return { ok: true, result: [] };
    const kind = req.data.kind === 'folder' ? 'folder' : 'file';
    const result = r.filePaths.map((f) => {
      let size = 0;
      try {
        size = fs.statSync(f).size;
      } catch {
        /* reported when a handler reads it */
      }
      return { file: state.picked.add(f, kind), name: path.basename(f), size };
    });
    return { ok: true, result };
  });
}

export function createMainWindow(state: ShellState): BrowserWindow {
  const win = new BrowserWindow(mainWindowOptions(state.preloadPath, state.names));
  win.once('ready-to-show', () => win.show());
  win.on('closed', () => {
    if (state.mainWindow === win) state.mainWindow = null;
  });
  void win.loadURL(APP_START_URL);
  state.mainWindow = win;
  return win;
}

/** The print window's web preferences: no script, no Node, sandboxed, its own in-memory session. */
export const PRINT_WEB_PREFERENCES: Electron.WebPreferences = {
  sandbox: true,
  contextIsolation: true,
  nodeIntegration: false,
  javascript: false,
  webSecurity: true,
  spellcheck: false,
  webgl: false,
  images: true,
  navigateOnDragDrop: false,
};
/** The print windows' own in-memory session (not the app's: different request rules). */
export const PRINT_PARTITION = 'caseflow-print';

/** The local file a file:// URL names, or null for any other URL. */
function fileOfUrl(url: string): string | null {
  try {
    return url.startsWith('file:') ? path.resolve(fileURLToPath(url)) : null;
  } catch {
    return null;
  }
}

/** Only the pages being printed may load in the print session: every other request (remote or local) is refused. */
export function hardenPrintSession(ses: Electron.Session, allowed: ReadonlySet<string>): void {
  ses.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  ses.webRequest.onBeforeRequest((details, callback) =>
    callback({ cancel: !allowed.has(fileOfUrl(details.url) ?? '') }),
  );
  ses.webRequest.onHeadersReceived((details, callback) =>
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [PRINT_CSP] } }),
  );
}

/** The files being printed right now (prints may overlap): the only pages the print session loads. */
const printingUrls = new Set<string>();
let printSessionReady = false;

/**
 * HTML → PDF with Chromium's own printer: a hidden, sandboxed window with JavaScript off, the print
 * CSP in the page (core/documents/print-policy.ts), and a session that refuses every request but the
 * page's own file; A4 from CSS @page.
 */
export async function electronPrintPdf(html: string): Promise<Buffer> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'caseflow-print-'));
  const file = path.join(dir, 'print.html');
  fs.writeFileSync(file, withPrintCsp(html), 'utf8');
  const ses = session.fromPartition(PRINT_PARTITION);
  if (!printSessionReady) {
    hardenPrintSession(ses, printingUrls);
    printSessionReady = true;
  }
  printingUrls.add(path.resolve(file));
  const win = new BrowserWindow({ show: false, webPreferences: { ...PRINT_WEB_PREFERENCES, session: ses } });
  try {
    await win.loadFile(file);
    const data = await win.webContents.printToPDF({ preferCSSPageSize: true, printBackground: true });
    return Buffer.from(data);
  } finally {
    printingUrls.delete(path.resolve(file));
    if (!win.isDestroyed()) win.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export function exportDirDefault(): string {
  try {
    return path.join(app.getPath('documents'), '案件流程监控台导出');
  } catch {
    return path.join(appDataDir(), 'exports');
  }
}

function buildMenu(state: ShellState): void {
  const toElectron = (items: MenuItemSpec[]): Electron.MenuItemConstructorOptions[] =>
    items.map(
      (i) => ({ ...i, submenu: i.submenu ? toElectron(i.submenu) : undefined }) as Electron.MenuItemConstructorOptions,
    );
  const template = menuTemplate({
    devTools: !app.isPackaged,
    openExportFolder: () => {
      fs.mkdirSync(state.exportDir, { recursive: true });
      void shell.openPath(state.exportDir);
    },
    about: () => {
      const opts = {
        type: 'info' as const,
        title: '关于',
        message: `${WINDOW_TITLE} ${pkg.version}`,
        detail: `案件库：${state.ctx.dbPath}\n导出文件夹：${state.exportDir}`,
      };
      void (state.mainWindow ? dialog.showMessageBox(state.mainWindow, opts) : dialog.showMessageBox(opts));
    },
  });
  Menu.setApplicationMenu(Menu.buildFromTemplate(toElectron(template)));
}

/**
 * `CaseFlowDesk.exe --run-due`: what Windows Task Scheduler calls on an installed app (the RunAsNode
 * fuse is off, so the packaged program cannot run the CLI): every due job, then quit. Every line also goes to
 * the log (logs/caseflow.log in the app-data folder: a scheduled run has no console). Exit 0 all done, 1 the
 * store is missing or refused (a store is never created here: a wrong profile must raise an alarm), 2 a job
 * failed.
 */
async function runDueHeadless(dbPath: string): Promise<null> {
  const logger = new Logger();
  const say = (m: string, level: 'info' | 'warn' | 'error' = 'info') => {
    (level === 'info' ? process.stdout : process.stderr).write(m + '\n');
    logger.write(level, `run-due: ${m}`);
  };
  try {
    if (!fs.existsSync(dbPath))
      throw new StoreError(`案件库不存在：${dbPath}，请先打开案件流程监控台完成首次设置并导入案件数据`, 'NOT_A_STORE');
    const db = openStoreWithBackups(dbPath);
    try {
      const r = await runDue(
        { db, dbPath, actor: resolveActor(db, undefined, osUser()), printPdf: electronPrintPdf },
        { now: new Date(), outDir: exportDirDefault(), log: (m) => say(m) },
      );
      for (const w of r.watchdog) say(w, 'warn');
      for (const f of r.failed) say(`失败：${f.error}`, 'error');
      process.exitCode = r.failed.length ? 2 : 0;
      say(`完成 ${r.ran.length} 项，失败 ${r.failed.length} 项，退出码 ${process.exitCode}`);
    } finally {
      db.close();
    }
  } catch (e) {
    say((e as Error).message, 'error');
    process.exitCode = e instanceof StoreError ? 1 : 2;
  }
  app.quit();
  return null;
}

/** The whole start-up; returns the state (tests drive it with a mocked electron). */
export async function bootstrap(): Promise<ShellState | null> {
  app.setName(APP_NAME);
  if (process.platform === 'win32') app.setAppUserModelId('cn.procuratorate.caseflowdesk');
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return null;
  }
  app.on('web-contents-created', (_e, contents) => hardenWebContents(contents));
  await app.whenReady();

  const dbPath = defaultStorePath();
  if (process.argv.includes('--run-due')) return runDueHeadless(dbPath);
  let db: Db;
  try {
    db = openStoreWithBackups(dbPath);
  } catch (e) {
    const msg = e instanceof StoreError ? e.message : `无法打开案件库 ${dbPath}：${(e as Error).message}`;
    dialog.showErrorBox('无法打开案件库', msg);
    app.quit();
    return null;
  }
  const picked = new PickedFiles();
  const state: ShellState = {
    ctx: { db, dbPath, actor: osUser(), printPdf: electronPrintPdf },
    exportDir: exportDirDefault(),
    rendererDir: rendererDir(),
    preloadPath: path.join(__dirname, 'preload.js'),
    handlers: HANDLERS,
    names: HANDLER_NAMES,
    mainWindow: null,
    picked,
    uploads: new UploadFolder(picked),
  };
  fs.mkdirSync(state.exportDir, { recursive: true });

  hardenSession(session.defaultSession);
  registerAppProtocol(state.rendererDir);
  registerIpc(state);
  buildMenu(state);
  createMainWindow(state);

  const broadcast = (e: PushEvent) => {
    for (const w of BrowserWindow.getAllWindows())
      if (!w.isDestroyed() && isAppUrl(w.webContents.getURL())) w.webContents.send(CHANNEL_EVENT, e);
  };
  const stopScheduler = startSchedulerIfPresent(
    {
      ...state.ctx,
      exportDir: state.exportDir,
      progress: (p: Progress) => broadcast({ ...p, type: 'progress', requestId: null, source: 'scheduler' }),
    } as AppContext,
    { outDir: state.exportDir, warn: (s) => process.stderr.write(s + '\n'), publish: broadcast },
  );

  app.on('second-instance', () => {
    const w = state.mainWindow;
    if (!w) return;
    if (w.isMinimized()) w.restore();
    w.focus();
  });
  app.on('window-all-closed', () => app.quit());
  let quitting = false;
  app.on('will-quit', (event) => {
    if (quitting) return;
    quitting = true;
    event.preventDefault();
    void stopScheduler().finally(() => {
      try {
        db.close();
      } catch {
        /* already closed */
      }
      state.uploads.dispose();
      app.quit();
    });
  });
  return state;
}

if (process.versions.electron) {
  bootstrap().catch((e: unknown) => {
    dialog.showErrorBox('启动失败', (e as Error)?.stack ?? String(e));
    app.exit(2);
  });
}
