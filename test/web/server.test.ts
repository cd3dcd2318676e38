import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { tmpDir, tmpStore } from '../helpers/tmp';
import { startWebServer, type WebServer } from '../../web/server';
import { CSP } from '../../web/http-security';
import { defineHandler, HandlerError, type HandlerMap } from '../../core/handlers/registry';
import { HANDLERS } from '../../core/handlers/index';
import { raw, json, type RawResponse } from './http';

const CHINESE = /[\u4e00-\u9fff]/;

function makeStatic(): string {
  const dir = tmpDir('caseflow-static-');
  fs.writeFileSync(
    path.join(dir, 'index.html'),
    '<!doctype html><html><body><div id="root">案件流程监控台</div><script type="module" src="./assets/app.js"></script></body></html>',
  );
  fs.mkdirSync(path.join(dir, 'assets'));
  fs.writeFileSync(path.join(dir, 'assets', 'app.js'), 'console.log(1)');
  fs.writeFileSync(path.join(dir, 'assets', 'app.css'), 'body{}');
  return dir;
}

describe('browser-mode server', () => {
  let web: WebServer;
  let port: number;
  let T: string;
  let exportDir: string;
  const store = tmpStore();
  const seen: RawResponse[] = [];
  const get = async (p: string, headers: Record<string, string> = {}, host?: string) => {
    const r = await raw(port, { path: p, headers, host });
    seen.push(r);
    return r;
  };
  const post = async (p: string, body: unknown, headers: Record<string, string> = {}) => {
    const r = await raw(port, {
      method: 'POST',
      path: p,
      headers: { 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    seen.push(r);
    return r;
  };
  const auth = () => ({ 'x-caseflow-token': T });

  beforeAll(async () => {
    exportDir = tmpDir('caseflow-export-');
    web = await startWebServer({ ctx: store.ctx, port: 0, staticDir: makeStatic(), exportDir, log: () => undefined });
    port = web.port;
    T = web.token;
  });
  afterAll(async () => {
    await web.close();
    store.db.close();
  });

  it('listens on 127.0.0.1 only, on the port in its URL, with a 256-bit token', async () => {
    const addr = web.server.address() as { address: string; family: string; port: number };
    expect(addr.address).toBe('127.0.0.1');
    expect(web.url).toBe(`http://127.0.0.1:${port}/?token=${T}`);
    expect(Buffer.from(T, 'base64url')).toHaveLength(32);
    // Not reachable on the machine's other addresses.
    const other = Object.values(os.networkInterfaces())
      .flat()
      .find((i) => i && i.family === 'IPv4' && !i.internal);
    if (other) {
      const err = await new Promise<Error | null>((resolve) => {
        const req = http.request({ host: other.address, port, path: '/', timeout: 2000 }, () => resolve(null));
        req.on('error', (e) => resolve(e));
        req.on('timeout', () => {
          req.destroy(new Error('timeout'));
        });
        req.end();
      });
      expect(err).not.toBeNull();
    }
  });

  it('refuses requests without the token: 401 for the API, 403 for pages', async () => {
    const api = await post('/api/invoke/settings/get', {});
    expect(api.status).toBe(401);
    expect(json(api).ok).toBe(false);
    expect(json(api).error).toMatch(CHINESE);
    const page = await get('/');
    expect(page.status).toBe(403);
    expect(page.body).toContain('访问被拒绝');
    expect(page.body).not.toContain('案件流程监控台</div>');
    expect((await get('/assets/app.js')).status).toBe(403);
    expect((await get('/api/events')).status).toBe(401);
    expect((await get(`/api/file?path=${encodeURIComponent(path.join(exportDir, 'x'))}`)).status).toBe(401);
  });

  it('refuses a wrong token in the header, the cookie and the query', async () => {
    const wrong = T.slice(0, -1) + (T.endsWith('A') ? 'B' : 'A');
    expect((await post('/api/invoke/settings/get', {}, { 'x-caseflow-token': wrong })).status).toBe(401);
    expect((await post('/api/invoke/settings/get', {}, { cookie: `caseflow_token=${wrong}` })).status).toBe(401);
    expect((await post('/api/invoke/settings/get', {}, { 'x-caseflow-token': '' })).status).toBe(401);
    expect((await get(`/?token=${wrong}`)).status).toBe(403);
    // The query token is not accepted on a POST.
    expect((await raw(port, { method: 'POST', path: `/api/invoke/settings/get?token=${T}`, body: '{}' })).status).toBe(
      401,
    );
  });

  it('refuses a foreign Host (DNS rebinding) even with the token', async () => {
    for (const host of [
      'evil.example:' + port,
      `attacker.localhost:${port}`,
      `127.0.0.1:${port + 1}`,
      '127.0.0.1',
      `0.0.0.0:${port}`,
    ]) {
      const r = await get('/api/events', auth(), host);
      expect(r.status, host).toBe(403);
    }
    const r = await raw(port, {
      method: 'POST',
      path: '/api/invoke/settings/get',
      headers: auth(),
      host: `rebind.example:${port}`,
      body: '{}',
    });
    expect(r.status).toBe(403);
    expect((await get(`/?token=${T}`, {}, `evil.example:${port}`)).status).toBe(403);
    // Both allowed names work.
    expect(
      (
        await raw(port, {
          method: 'POST',
          path: '/api/invoke/settings/get',
          headers: auth(),
          host: `localhost:${port}`,
          body: '{}',
        })
      ).status,
    ).toBe(200);
  });

  it('refuses a foreign Origin even with the token', async () => {
    for (const origin of [
      'http://evil.example',
      `http://127.0.0.1:${port + 1}`,
      'null',
      `https://127.0.0.1:${port}`,
      `http://127.0.0.1:${port}.evil.example`,
    ]) {
      const r = await post('/api/invoke/settings/get', {}, { ...auth(), origin });
      expect(r.status, origin).toBe(403);
    }
    expect((await post('/api/invoke/settings/get', {}, { ...auth(), origin: `http://127.0.0.1:${port}` })).status).toBe(
      200,
    );
    expect((await post('/api/invoke/settings/get', {}, { ...auth(), origin: `http://localhost:${port}` })).status).toBe(
      200,
    );
  });

  it('takes the token from the page URL once, sets an HttpOnly SameSite=Strict cookie, then serves the page and its assets', async () => {
    const page = await get(`/?token=${T}`);
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.body).toContain('案件流程监控台');
    const cookie = String(page.headers['set-cookie']);
    expect(cookie).toContain(`caseflow_token=${T}`);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    const c = { cookie: `caseflow_token=${T}` };
    const js = await get('/assets/app.js', c);
    expect(js.status).toBe(200);
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect((await get('/assets/app.css', c)).headers['content-type']).toBe('text/css; charset=utf-8');
    // SPA fallback for client routes; a missing asset is a 404, not the page.
    const route = await get('/findings/17', c);
    expect(route.status).toBe(200);
    expect(route.body).toContain('id="root"');
    expect((await get('/assets/missing.js', c)).status).toBe(404);
    // The cookie also opens the API (same-origin fetches, EventSource, downloads).
    expect((await post('/api/invoke/settings/get', {}, c)).status).toBe(200);
  });

  it('invokes real handlers: settings/get, app/info, settings/update (with the audit trail), jobs/list, dashboard/summary', async () => {
    const s = await post('/api/invoke/settings/get', {}, auth());
    expect(s.status).toBe(200);
    expect(s.headers['cache-control']).toBe('no-store');
    expect((json(s).result as { officeName: string }).officeName).toBe('某县人民检察院');

    const info = json(await post('/api/invoke/app/info', undefined as unknown as string, auth()));
    const r = info.result as {
      version: string;
      dbPath: string;
      schemaVersion: number;
      handlerNames: string[];
      exportDir: string;
    };
    expect(r.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(r.dbPath).toBe(store.dbPath);
    expect(r.schemaVersion).toBeGreaterThan(0);
    expect(r.handlerNames).toEqual(
      expect.arrayContaining(['settings/get', 'settings/update', 'jobs/list', 'dashboard/summary', 'app/info']),
    );
    expect(r.exportDir).toBe(path.resolve(exportDir));

    const u = await post(
      '/api/invoke/settings/update',
      { officeName: '某市某区人民检察院', noticeReplyDays: 15 },
      auth(),
    );
    expect(u.status).toBe(200);
    expect((json(u).result as { officeName: string; noticeReplyDays: number }).noticeReplyDays).toBe(15);
    const trail = store.db.prepare("SELECT * FROM audit_trail WHERE action = 'settings.update'").all() as {
      old_json: string;
      new_json: string;
      actor: string;
    }[];
    expect(trail).toHaveLength(1);
    expect(JSON.parse(trail[0].old_json)).toEqual({ officeName: '某县人民检察院', noticeReplyDays: 10 });
    expect(JSON.parse(trail[0].new_json)).toEqual({ officeName: '某市某区人民检察院', noticeReplyDays: 15 });
    expect(trail[0].actor).toBe('tester');

    expect(json(await post('/api/invoke/jobs/list', {}, auth())).result).toEqual({ runs: [] });
    const d = json(await post('/api/invoke/dashboard/summary', { asOf: '2026-11-23' }, auth()));
    expect(d.ok).toBe(true);
    expect((d.result as { asOf: string }).asOf).toBe('2026-11-23');
  });

  it('answers an unknown handler with 404 and a bad payload with 400, in Chinese, without stacks', async () => {
    const unknown = await post('/api/invoke/cases/drop-all', {}, auth());
    expect(unknown.status).toBe(404);
    expect(json(unknown).error).toBe('未知的请求：cases/drop-all');
    expect((await post('/api/invoke/__proto__', {}, auth())).status).toBe(404);
    expect((await post('/api/invoke/constructor', {}, auth())).status).toBe(404);

    const bad = await post('/api/invoke/settings/update', { noticeReplyDays: 'ten' }, auth());
    expect(bad.status).toBe(400);
    const err = json(bad).error!;
    expect(err).toBe(
      '无法完成“修改设置”：提交的参数无效（回复期限（天）的格式不对）。请检查后重试；如果问题反复出现，请把这条提示告诉系统管理员。',
    );
    expect(err).not.toMatch(/settings\/update|noticeReplyDays|[A-Za-z]{4,}/);
    expect(err).toMatch(CHINESE);
    expect(err).not.toMatch(/\bat .*\.ts/);
    const extra = await post('/api/invoke/settings/update', { dropTables: true }, auth());
    expect(extra.status).toBe(400);
    const date = await post('/api/invoke/dashboard/summary', { asOf: '2026-13-45' }, auth());
    expect(date.status).toBe(400);
    expect(json(date).error).toContain('日期不存在：没有 13 月（2026-13-45）');
    const format = await post('/api/invoke/dashboard/summary', { asOf: '2026/1/2' }, auth());
    expect(json(format).error).toContain('日期应为 YYYY-MM-DD 格式的日期，例如 2026-11-23：2026/1/2');

    const notJson = await post('/api/invoke/settings/get', '{oops', auth());
    expect(notJson.status).toBe(400);
    expect(json(notJson).error).toBe('请求内容不是有效的 JSON');
    expect((await get('/api/invoke/settings/get', auth())).status).toBe(405);
    expect((await get('/api/nothing', auth())).status).toBe(404);
  });

  it('serves /api/file only from the export folder and refuses traversal there and in static paths', async () => {
    const file = path.join(exportDir, '周通报 2026-W47.docx');
    fs.writeFileSync(file, 'DOCX');
    const ok = await get(`/api/file?path=${encodeURIComponent(file)}`, auth());
    expect(ok.status).toBe(200);
    expect(ok.body).toBe('DOCX');
    expect(ok.headers['content-disposition']).toContain(
      `filename*=UTF-8''${encodeURIComponent('周通报 2026-W47.docx')}`,
    );
    expect(ok.headers['content-type']).toContain('wordprocessingml');
    // Relative to the export folder works too.
    expect((await get(`/api/file?path=${encodeURIComponent('周通报 2026-W47.docx')}`, auth())).status).toBe(200);

    const outside = path.join(tmpDir(), 'secret.txt');
    fs.writeFileSync(outside, 'SECRET');
    fs.symlinkSync(outside, path.join(exportDir, 'link.txt'));
    for (const p of [
      outside,
      '/etc/passwd',
      '../../../../etc/passwd',
      `${exportDir}/../${path.basename(exportDir)}/../x`,
      path.join(exportDir, 'link.txt'),
      store.dbPath,
    ]) {
      const r = await get(`/api/file?path=${encodeURIComponent(p)}`, auth());
      expect(r.status, p).toBeGreaterThanOrEqual(400);
      expect(r.body).not.toContain('SECRET');
      expect(r.body).not.toContain('root:');
    }
    expect((await get(`/api/file?path=${encodeURIComponent('../../../../etc/passwd')}`, auth())).status).toBe(403);
    expect((await get('/api/file', auth())).status).toBe(400);

    for (const p of [
      '/../../../../etc/passwd',
      '/%2e%2e/%2e%2e/%2e%2e/etc/passwd',
      '/assets/..%2f..%2f..%2fetc%2fpasswd',
      '/..\\..\\etc\\passwd',
      '/assets/%00.js',
      '/C:/Windows/win.ini',
    ]) {
      const r = await get(p, auth());
      expect(r.status, p).toBeGreaterThanOrEqual(400);
      expect(r.body).not.toContain('root:');
    }
    expect((await get('/%2e%2e/%2e%2e/%2e%2e/etc/passwd', auth())).status).toBe(403);
  });

  it('keeps an upload outside the export folder and answers a token (never its path) that import/preview takes', async () => {
    const data = Buffer.from('案件编号,案由\n001,盗窃\n', 'utf8');
    const r = await raw(port, {
      method: 'POST',
      path: '/api/upload',
      headers: {
        ...auth(),
        'content-type': 'application/octet-stream',
        'x-file-name': encodeURIComponent('../../案件 数据.csv'),
      },
      body: data,
    });
    expect(r.status).toBe(200);
    const body = json(r) as { ok: boolean; result: { file: string; name: string; size: number } };
    expect(body.result.name).toBe('案件 数据.csv');
    expect(body.result.size).toBe(data.length);
    expect(body.result.file).toMatch(/^picked:[\w-]{20,}$/);
    expect(r.body).not.toContain(web.uploadDir);
    // Stored in the private upload folder, outside the served export folder.
    const stored = web.picked.get(body.result.file)!.path;
    expect(stored.startsWith(web.uploadDir + path.sep)).toBe(true);
    expect(path.relative(exportDir, web.uploadDir).startsWith('..')).toBe(true);
    expect(fs.readFileSync(stored)).toEqual(data);
    expect((await get(`/api/file?path=${encodeURIComponent(stored)}`, auth())).status).toBe(403);
    // The token is what the import handlers take.
    const preview = await post('/api/invoke/import/preview', { files: [body.result.file] }, auth());
    expect(preview.status).toBe(200);
    expect((json(preview).result as { errors: { file: string }[] }).errors[0].file).toBe('案件 数据.csv');
    expect((await raw(port, { method: 'POST', path: '/api/upload', headers: auth(), body: 'x' })).status).toBe(400);
    expect(
      (await raw(port, { method: 'POST', path: '/api/upload', headers: { 'x-file-name': 'a.csv' }, body: 'x' })).status,
    ).toBe(401);
  });

  it('puts the CSP and the other security headers on every response', async () => {
    seen.push(await get('/', {}, `evil.example:${port}`));
    expect(seen.length).toBeGreaterThan(30);
    const statuses = new Set(seen.map((r) => r.status));
    for (const s of [200, 400, 401, 403, 404, 405]) expect(statuses.has(s), String(s)).toBe(true);
    for (const r of seen) {
      // A download from the export folder carries a stricter policy of its own (no document, no script).
      if (/attachment/.test(String(r.headers['content-disposition'])))
        expect(r.headers['content-security-policy']).toBe("default-src 'none'; sandbox");
      else expect(r.headers['content-security-policy']).toBe(CSP);
      expect(r.headers['x-content-type-options']).toBe('nosniff');
      expect(r.headers['referrer-policy']).toBe('no-referrer');
    }
    expect(CSP).toBe(
      "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'",
    );
  });
});

describe('browser-mode server: events, errors and limits', () => {
  const store = tmpStore();
  const handlers: HandlerMap = {
    ...HANDLERS,
    'test/progress': defineHandler({
      name: 'test/progress',
      title: '测试',
      input: z.object({ n: z.number().int() }),
      run(ctx, p) {
        for (let i = 1; i <= p.n; i++) ctx.progress?.({ phase: '导入', done: i, total: p.n });
        return { done: p.n };
      },
    }),
    'test/boom': defineHandler({
      name: 'test/boom',
      title: '测试',
      input: z.object({}),
      run() {
        throw new Error('磁盘已满\n    at secret (/home/x/core/a.ts:1:1)');
      },
    }),
    'test/conflict': defineHandler({
      name: 'test/conflict',
      title: '测试',
      input: z.object({}),
      run() {
        throw new HandlerError('该问题已被他人处理', 409);
      },
    }),
  };
  let web: WebServer;
  beforeAll(async () => {
    web = await startWebServer({
      ctx: store.ctx,
      staticDir: tmpDir(),
      exportDir: tmpDir(),
      handlers,
      maxJsonBytes: 1024,
      log: () => undefined,
    });
  });
  afterAll(async () => {
    await web.close();
    store.db.close();
  });

  /** Opens /api/events; `events` fills as frames arrive; `until(pred)` waits for the events seen so far to satisfy pred. */
  async function eventStream() {
    const events: Record<string, unknown>[] = [];
    const req = http.request({
      host: '127.0.0.1',
      port: web.port,
      path: `/api/events?token=${web.token}`,
      headers: { host: `127.0.0.1:${web.port}` },
    });
    const opened = new Promise<http.IncomingMessage>((resolve) => req.on('response', resolve));
    req.end();
    const res = await opened;
    let buf = '';
    const waiters: { pred: () => boolean; resolve: () => void }[] = [];
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
        if (data) events.push(JSON.parse(data) as Record<string, unknown>);
      }
      for (const w of [...waiters]) if (w.pred()) w.resolve();
    });
    const until = (pred: () => boolean) =>
      new Promise<void>((resolve) => (pred() ? resolve() : waiters.push({ pred, resolve })));
    return { events, until, close: () => req.destroy() };
  }

  it("tags each request's progress with the id its page sent, so a page tells its own progress from others'", async () => {
    const s = await eventStream();
    const call = (n: number, requestId?: string) =>
      raw(web.port, {
        method: 'POST',
        path: '/api/invoke/test/progress',
        headers: { 'x-caseflow-token': web.token, ...(requestId ? { 'x-caseflow-request': requestId } : {}) },
        body: JSON.stringify({ n }),
      });
    const [a, b, c, bad] = await Promise.all([
      call(3, 'r1-aaaaaaaa'),
      call(5, 'r2-bbbbbbbb'),
      call(2),
      call(1, 'no spaces allowed'),
    ]);
    for (const r of [a, b, c, bad]) expect(r.status).toBe(200);
    await s.until(() => s.events.filter((e) => e.type === 'progress').length === 11);
    const prog = s.events.filter((e) => e.type === 'progress');
    const byId = new Map<unknown, unknown[]>();
    for (const e of prog) byId.set(e.requestId, [...(byId.get(e.requestId) ?? []), e.done]);
    expect(byId.get('r1-aaaaaaaa')).toEqual([1, 2, 3]);
    expect(byId.get('r2-bbbbbbbb')).toEqual([1, 2, 3, 4, 5]);
    // The calls without a (valid) id got ids of their own, never another call's.
    const others = [...byId].filter(([id]) => id !== 'r1-aaaaaaaa' && id !== 'r2-bbbbbbbb');
    expect(others.map(([, d]) => d).sort((x, y) => (x as number[]).length - (y as number[]).length)).toEqual([
      [1],
      [1, 2],
    ]);
    for (const [id] of others) expect(id).toMatch(/^[0-9a-f-]{36}$/);
    s.close();
  });

  it('pushes handler progress to /api/events as server-sent events', async () => {
    const events: Record<string, unknown>[] = [];
    const req = http.request({
      host: '127.0.0.1',
      port: web.port,
      path: `/api/events?token=${web.token}`,
      headers: { host: `127.0.0.1:${web.port}` },
    });
    const opened = new Promise<http.IncomingMessage>((resolve) => req.on('response', resolve));
    req.end();
    const res = await opened;
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/event-stream');
    expect(res.headers['content-security-policy']).toBe(CSP);
    let buf = '';
    const got3 = new Promise<void>((resolve) => {
      res.on('data', (c: Buffer) => {
        buf += c.toString('utf8');
        let i;
        while ((i = buf.indexOf('\n\n')) >= 0) {
          const frame = buf.slice(0, i);
          buf = buf.slice(i + 2);
          const data = frame
            .split('\n')
            .filter((l) => l.startsWith('data: '))
            .map((l) => l.slice(6))
            .join('\n');
          if (data) events.push(JSON.parse(data) as Record<string, unknown>);
          if (events.filter((e) => e.type === 'progress').length === 3) resolve();
        }
      });
    });
    const r = await raw(web.port, {
      method: 'POST',
      path: '/api/invoke/test/progress',
      headers: { 'x-caseflow-token': web.token, 'x-caseflow-request': 'r7-progress' },
      body: '{"n":3}',
    });
    expect(json(r).result).toEqual({ done: 3 });
    await got3;
    const prog = events.filter((e) => e.type === 'progress');
    expect(prog.map((e) => e.done)).toEqual([1, 2, 3]);
    expect(prog[0]).toMatchObject({
      type: 'progress',
      handler: 'test/progress',
      requestId: 'r7-progress',
      phase: '导入',
      total: 3,
    });
    web.publish({ type: 'job', phase: 'log', message: '今日日审核已完成' });
    await new Promise((r2) => setTimeout(r2, 50));
    expect(events.some((e) => e.type === 'job')).toBe(true);
    req.destroy();
  });

  it('maps handler errors to their status and internal errors to 500 without the stack', async () => {
    const h = { 'x-caseflow-token': web.token };
    const boom = await raw(web.port, { method: 'POST', path: '/api/invoke/test/boom', headers: h, body: '{}' });
    expect(boom.status).toBe(500);
    expect(json(boom).error).toBe('内部错误：磁盘已满');
    expect(boom.body).not.toContain('a.ts');
    const conflict = await raw(web.port, { method: 'POST', path: '/api/invoke/test/conflict', headers: h, body: '{}' });
    expect(conflict.status).toBe(409);
    expect(json(conflict).error).toBe('该问题已被他人处理');
  });

  it('refuses a JSON body over the limit with 413', async () => {
    const r = await raw(web.port, {
      method: 'POST',
      path: '/api/invoke/settings/get',
      headers: { 'x-caseflow-token': web.token },
      body: JSON.stringify({ pad: 'x'.repeat(5000) }),
    });
    expect(r.status).toBe(413);
    expect(json(r).error).toMatch(CHINESE);
  });

  it('says the UI is not built when renderer/dist is empty', async () => {
    const r = await raw(web.port, { path: `/?token=${web.token}` });
    expect(r.status).toBe(503);
    expect(r.body).toContain('npm run build:renderer');
  });
});
