// Browser mode in a real Chromium (playwright-core + /usr/bin/chromium): the token flow, the CSP,
// server-sent events, and a hostile page on another origin that cannot reach the API.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { tmpDir, tmpStore } from '../helpers/tmp';
import { startWebServer, type WebServer } from '../../web/server';

const CHROMIUM = process.env.CASEFLOW_CHROMIUM || '/usr/bin/chromium';
const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const RENDERER_DIST = path.resolve(__dirname, '..', '..', 'renderer', 'dist');

// A minimal client doing what renderer/src/api.ts does: token from the URL into sessionStorage,
// header on every fetch, EventSource with the cookie.
const CLIENT_JS = `
const u = new URL(location.href);
const t = u.searchParams.get('token');
if (t) { sessionStorage.setItem('caseflow.token', t); history.replaceState(null, '', u.pathname); }
const token = sessionStorage.getItem('caseflow.token');
const out = (k, v) => { const d = document.createElement('div'); d.id = k; d.textContent = typeof v === 'string' ? v : JSON.stringify(v); document.body.appendChild(d); };
(async () => {
  const es = new EventSource('./api/events');
  es.onmessage = (m) => out('event', JSON.parse(m.data));
  await new Promise((r) => { es.onopen = r; });
  const r = await fetch('./api/invoke/settings/get', { method: 'POST', headers: { 'X-CaseFlow-Token': token, 'Content-Type': 'application/json' }, body: '{}' });
  out('settings', await r.json());
  const u2 = await fetch('./api/invoke/settings/update', { method: 'POST', headers: { 'X-CaseFlow-Token': token, 'Content-Type': 'application/json' }, body: JSON.stringify({ officeShortName: '某区检' }) });
  out('update', u2.status);
})();
`;

describe('browser mode in Chromium', () => {
  let browser: Browser;
  let web: WebServer;
  const store = tmpStore();
  const dist = tmpDir();
  let hostile: http.Server;
  let hostilePort = 0;

  beforeAll(async () => {
    fs.writeFileSync(
      path.join(dist, 'index.html'),
      '<!doctype html><html><head><meta charset="utf-8"><title>案件流程监控台</title><script src="./client.js" type="module"></script></head><body><script>document.title = "inline ran";</script></body></html>',
    );
    fs.writeFileSync(path.join(dist, 'client.js'), CLIENT_JS);
    web = await startWebServer({ ctx: store.ctx, staticDir: dist, exportDir: tmpDir(), log: () => undefined });
    hostile = http.createServer((req, res) => {
      res.setHeader('Content-Type', 'text/html; charset=utf-8');
      res.end(`<!doctype html><body><script>
        const target = 'http://127.0.0.1:${web.port}';
        const results = {};
        Promise.allSettled([
          fetch(target + '/api/invoke/settings/update', { method: 'POST', credentials: 'include', mode: 'no-cors', headers: { 'Content-Type': 'text/plain' }, body: '{"officeName":"被篡改"}' }),
          fetch(target + '/api/invoke/settings/get', { method: 'POST', credentials: 'include', body: '{}' }).then((r) => r.text()),
        ]).then((r) => { document.body.dataset.done = JSON.stringify(r.map((x) => x.status + ':' + (x.value && typeof x.value === 'string' ? x.value : ''))); });
      </script></body>`);
    });
    await new Promise<void>((r) => hostile.listen(0, '127.0.0.1', () => r()));
    hostilePort = (hostile.address() as { port: number }).port;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  });
  afterAll(async () => {
    await browser?.close();
    await web.close();
    await new Promise((r) => hostile.close(r));
    store.db.close();
  });

  it('opens from the printed URL, runs its script under the CSP (inline script blocked), invokes handlers and receives events', async () => {
    const page = await browser.newPage();
    const console: string[] = [];
    page.on('console', (m) => console.push(m.text()));
    const resp = await page.goto(web.url);
    expect(resp!.status()).toBe(200);
    await page.waitForSelector('#update', { timeout: 20_000 });
    expect(JSON.parse((await page.textContent('#settings')) ?? '{}')).toMatchObject({
      ok: true,
      result: { officeName: '某县人民检察院' },
    });
    expect(await page.textContent('#update')).toBe('200');
    await page.waitForSelector('#event', { timeout: 10_000 });
    expect(JSON.parse((await page.textContent('#event')) ?? '{}')).toEqual({
      type: 'changed',
      handler: 'settings/update',
    });
    expect(await page.title()).toBe('案件流程监控台');
    expect(console.join('\n')).toMatch(/Content Security Policy/);
    expect(page.url()).not.toContain('token=');
    const cookies = await page.context().cookies();
    expect(cookies.find((c) => c.name === 'caseflow_token')).toMatchObject({ httpOnly: true, sameSite: 'Strict' });
    await page.close();
  });

  it('a page on another origin cannot change or read anything, even after the user opened the app', async () => {
    const ctx = await browser.newContext();
    const app = await ctx.newPage();
    await app.goto(web.url);
    const before = store.db.prepare("SELECT value FROM settings WHERE key = 'officeName'").get();
    const page = await ctx.newPage();
    await page.goto(`http://127.0.0.1:${hostilePort}/`);
    await page.waitForFunction(() => document.body.dataset.done, undefined, { timeout: 20_000 });
    const done = JSON.parse((await page.evaluate(() => document.body.dataset.done)) as string) as string[];
    expect(done[1]).toBe('rejected:');
    expect(store.db.prepare("SELECT value FROM settings WHERE key = 'officeName'").get()).toEqual(before);
    await ctx.close();
  });

  it.runIf(fs.existsSync(path.join(RENDERER_DIST, 'index.html')))(
    'serves the real renderer build without CSP violations',
    async () => {
      const real = await startWebServer({
        ctx: store.ctx,
        staticDir: RENDERER_DIST,
        exportDir: tmpDir(),
        log: () => undefined,
      });
      try {
        const page = await browser.newPage();
        const problems: string[] = [];
        page.on('console', (m) => {
          if (/Content Security Policy|Refused to/.test(m.text())) problems.push(m.text());
        });
        page.on('pageerror', (e) => problems.push(String(e)));
        const invoked: number[] = [];
        page.on('response', (r) => {
          if (r.url().includes('/api/invoke/')) invoked.push(r.status());
        });
        await page.goto(real.url);
        await page.waitForFunction(() => (document.getElementById('root')?.childElementCount ?? 0) > 0, undefined, {
          timeout: 20_000,
        });
        await page.waitForTimeout(500);
        expect(problems).toEqual([]);
        expect(invoked.length).toBeGreaterThan(0);
        expect(invoked.every((s) => s !== 401 && s !== 403)).toBe(true);
        await page.close();
      } finally {
        await real.close();
      }
    },
  );
});
