/**
 * Browser end-to-end harness: a temporary store, the browser-mode server in this process
 * (web/server.ts startWebServer), and one headless Chromium (playwright-core + the system browser).
 * The renderer must already be built (npm test builds it; `ensureRendererBuilt()` builds it when missing).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { openStore, type Db } from '../../db/store';
import type { AppContext } from '../../core/context';
import { completeSetup } from '../../core/operators';

export const ROOT = path.resolve(__dirname, '..', '..');
export const DIST = path.join(ROOT, 'renderer', 'dist');
/**
 * Where a test run writes its screenshots: an ignored folder, so `npm test` never leaves the working tree
 * dirty. `npm run screenshots` copies them into the tracked gallery (GALLERY) on purpose.
 */
export const SHOTS = path.join(ROOT, '.tmp', 'screenshots');
export const GALLERY = path.join(__dirname, '__screenshots__');

export const CHROMIUM_ARGS = [
  '--lang=zh-CN',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

function newestMtime(dir: string): number {
  let t = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newestMtime(p) : fs.statSync(p).mtimeMs);
  }
  return t;
}

/** Builds renderer/dist when it is missing or older than a source file of the renderer. */
export function ensureRendererBuilt(): void {
  const index = path.join(DIST, 'index.html');
  const src = path.join(ROOT, 'renderer', 'src');
  const pub = path.join(ROOT, 'renderer', 'public');
  const newest = Math.max(
    newestMtime(src),
    fs.existsSync(pub) ? newestMtime(pub) : 0,
    fs.statSync(path.join(ROOT, 'renderer', 'index.html')).mtimeMs,
  );
  if (fs.existsSync(index) && fs.statSync(index).mtimeMs >= newest) return;
  const r = spawnSync(
    path.join(ROOT, 'node_modules', '.bin', 'vite'),
    ['build', '--config', 'renderer/vite.config.ts', '--logLevel', 'warn'],
    { cwd: ROOT, stdio: 'inherit' },
  );
  if (r.status !== 0) throw new Error('renderer build failed');
}

/** Waits until a module file exists and exports `name` (colleagues write them in parallel). */
export async function waitForExport<T>(rel: string, name: string, timeoutMs = 5_000): Promise<T | null> {
  const file = path.join(ROOT, rel);
  const until = Date.now() + timeoutMs;
  for (;;) {
    if (fs.existsSync(file)) {
      try {
        const mod = (await import(/* @vite-ignore */ file)) as Record<string, unknown>;
        if (mod[name]) return mod[name] as T;
      } catch {
        /* still being written */
      }
    }
    if (Date.now() > until) return null;
    await new Promise((r) => setTimeout(r, 250));
  }
}

export interface Harness {
  dir: string;
  dbPath: string;
  outDir: string;
  db: Db;
  url: string;
  origin: string;
  port: number;
  token: string;
  browser: Browser;
  context: BrowserContext;
  page: Page;
  /** Page errors and console errors seen so far. */
  errors: string[];
  shot(name: string): Promise<string>;
  close(): Promise<void>;
}

interface WebServerLike {
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}
type StartWebServer = (opts: {
  ctx: AppContext;
  staticDir: string;
  exportDir: string;
  log?: (s: string) => void;
}) => Promise<WebServerLike>;

export interface HarnessOptions {
  /**
   * Complete the first run (office name, short name and a clerk) before the page opens: default true, so a
   * test of other screens is not met by the first-run dialog. False: the store as a new install has it.
   */
  setup?: boolean;
  /** The door's clock (ctx.now) for handlers that ask what day it is (the December banner). */
  now?: Date;
}

export async function startHarness(opts: HarnessOptions = {}): Promise<Harness> {
  ensureRendererBuilt();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'caseflow-e2e-'));
  const dbPath = path.join(dir, 'store.sqlite');
  const outDir = path.join(dir, 'out');
  fs.mkdirSync(outDir, { recursive: true });
  fs.mkdirSync(SHOTS, { recursive: true });
  const db = openStore(dbPath);
  if (opts.setup !== false)
    completeSetup(db, { officeName: '赤城县人民检察院', officeShortName: '赤检', operator: '王芳' });

  // (Native date pickers follow the OS locale: on an English test machine they read "October 2026".
  // Setting LC_ALL to a zh_CN locale that is not installed breaks non-ASCII file names in setInputFiles.)
  const browser = await chromium.launch({
    executablePath: process.env.CASEFLOW_CHROMIUM || '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
  });
  // PDFs are printed by the same browser (the Electron app uses printToPDF; the CLI a Chromium of its own).
  const printPdf = async (html: string): Promise<Buffer> => {
    const p = await browser.newPage();
    try {
      await p.setContent(html, { waitUntil: 'load' });
      return await p.pdf({ preferCSSPageSize: true, printBackground: true });
    } finally {
      await p.close();
    }
  };
  const ctx: AppContext = {
    db,
    dbPath,
    actor: 'e2e',
    printPdf,
    ...(opts.now ? { now: () => opts.now as Date } : {}),
  };

  const startWebServer = await waitForExport<StartWebServer>('web/server.ts', 'startWebServer', 60_000);
  if (!startWebServer) throw new Error('web/server.ts startWebServer is not available');
  const serverLog: string[] = [];
  const server = await startWebServer({ ctx, staticDir: DIST, exportDir: outDir, log: (s) => serverLog.push(s) });

  const context = await browser.newContext({
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    viewport: { width: 1440, height: 900 },
    acceptDownloads: true,
  });
  // The door's clock and the page's are one in the app (one machine): a faked day is the page's day too, so a test
  // of a given day passes on any day it runs (the page's own `today` is the real one otherwise: past midnight in
  // China the renderer would ask for tomorrow's audit).
  if (opts.now) await context.clock.setFixedTime(opts.now);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });

  const origin = `http://127.0.0.1:${server.port}`;
  return {
    dir,
    dbPath,
    outDir,
    db,
    url: server.url,
    origin,
    port: server.port,
    token: server.token,
    browser,
    context,
    page,
    errors,
    async shot(name) {
      const file = path.join(SHOTS, `${name}.png`);
      await page.screenshot({ path: file, fullPage: false });
      return file;
    },
    async close() {
      if (serverLog.length) process.stderr.write(`[server log]\n${serverLog.join('\n')}\n`);
      await context.close().catch(() => undefined);
      await browser.close().catch(() => undefined);
      await server.close().catch(() => undefined);
      db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
