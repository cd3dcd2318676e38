/**
 * Browser mode (`caseflow serve`): the desktop UI over HTTP on 127.0.0.1 only, for machines where the
 * Electron shell is not installed. node:http only. Protocol: docs/DEVELOPING.md "Browser-mode protocol".
 *
 * Security model (every request, in this order):
 *   1. Host must be 127.0.0.1:PORT or localhost:PORT (DNS rebinding), else 403;
 *   2. a present Origin must be http://127.0.0.1:PORT or http://localhost:PORT (CSRF), else 403;
 *   3. the per-launch token (32 random bytes) must come in the X-CaseFlow-Token header, the
 *      HttpOnly SameSite=Strict cookie set on the first page load, or `?token=` on a GET;
 *      compared in constant time; else 401 (API) or 403 (pages);
 *   4. every response carries the same strict CSP as the Electron window, nosniff, no-referrer.
 * Handlers run in this process, validated by their zod schemas; their progress goes out as
 * server-sent events (core/shared/push-events.ts) carrying the id the page sent in X-CaseFlow-Request.
 * Files are served only from the renderer's dist and the export folder (through
 * the path guard); of the export folder only PDFs and images are ever shown inline, everything else
 * is a download (an uploaded or exported .html/.js/.svg never runs on this origin). Uploads go to a
 * private temporary folder outside the export folder, and the page gets a token for each (the
 * handlers take tokens, core/security/picked-files.ts), never a path.
 */
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { z } from 'zod';
import type { AppContext, Progress } from '../core/context';
import { isRequestId, type PushEvent } from '../core/shared/push-events';
import { HandlerError, invokeHandler, type HandlerMap } from '../core/handlers/registry';
import { HANDLERS, HANDLER_NAMES } from '../core/handlers/index';
import {
  CSP,
  SECURITY_HEADERS,
  REQUEST_HEADER,
  TOKEN_COOKIE,
  TOKEN_HEADER,
  hostAllowed,
  newToken,
  originAllowed,
  readCookie,
  tokensEqual,
} from './http-security';
import { contentTypeOf, resolveUrlPath } from './static-files';
import { resolveInside } from '../core/security/path-guard';
import { PickedFiles } from '../core/security/picked-files';
import { UploadFolder } from '../core/security/uploads';

// Validation messages of the handlers' schemas in Chinese (zod 4 built-in locale).
z.config(z.locales.zhCN());

export { CSP };

export interface WebServerOptions {
  /** The store and actor every handler gets (or a factory, called once at start). */
  ctx?: AppContext;
  ctxFactory?: () => AppContext;
  /** 0 (default) = a free port. */
  port?: number;
  /** renderer/dist */
  staticDir: string;
  /** Where handlers write files; /api/file serves only from here. */
  exportDir: string;
  /** Where uploads are kept (default: a fresh private folder in the OS temp folder); never inside exportDir. */
  uploadRoot?: string;
  /** Defaults to the full registry (core/handlers/index.ts). */
  handlers?: HandlerMap;
  handlerNames?: readonly string[];
  /** Fixed token (tests); default a fresh random one. */
  token?: string;
  maxJsonBytes?: number;
  maxUploadBytes?: number;
  /** Internal errors (with stacks) go here, never to the client. Default stderr. */
  log?: (line: string) => void;
  /**
   * The store's quick_check still running in the background (core/workers/store-check.ts): null when the store is
   * sound, else the message about its damage. Until it is done, handlers that change data wait for it; once it
   * has found damage, every handler is refused with that message. Absent: the store was checked before.
   */
  storeCheck?: Promise<string | null>;
}

export type { PushEvent };

export interface WebServer {
  url: string;
  port: number;
  token: string;
  server: http.Server;
  uploadDir: string;
  exportDir: string;
  /** The files uploaded in this session, by token. */
  picked: PickedFiles;
  /** Sends a server-sent event to every open /api/events stream. */
  publish(event: PushEvent): void;
  close(): Promise<void>;
}

const MB = 1024 * 1024;
/** Open /api/events streams at once (each browser tab holds one). */
const MAX_EVENT_STREAMS = 32;

class HttpFail extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function forbiddenPage(message: string): string {
  return (
    `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>访问被拒绝</title></head>` +
    `<body style="font-family:sans-serif;margin:3em"><h1>访问被拒绝</h1><p>${escapeHtml(message)}</p>` +
    `<p>请使用 <code>caseflow serve</code> 启动时打印的完整地址（含 token）打开本页面。</p></body></html>`
  );
}

/** Of the export folder, only PDFs and images are shown inline; everything else downloads. */
const INLINE_TYPES: Record<string, string> = {
  '.pdf': 'application/pdf',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
};
/** Downloads keep their type when it is a document type; anything else (.html, .js, .svg, …) is plain bytes. */
const DOWNLOAD_TYPES = new Set([
  '.pdf',
  '.docx',
  '.xlsx',
  '.zip',
  '.csv',
  '.json',
  '.png',
  '.jpg',
  '.jpeg',
  '.gif',
  '.webp',
]);

export function filePresentation(file: string, wantInline: boolean): { inline: boolean; type: string } {
  const ext = path.extname(file).toLowerCase();
  const inline = wantInline && ext in INLINE_TYPES;
  if (inline) return { inline, type: INLINE_TYPES[ext] };
  return { inline: false, type: DOWNLOAD_TYPES.has(ext) ? contentTypeOf(file) : 'application/octet-stream' };
}

function isInsideDir(root: string, child: string): boolean {
  const rel = path.relative(fs.realpathSync(root), fs.realpathSync(child));
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

export async function startWebServer(opts: WebServerOptions): Promise<WebServer> {
  const baseCtx = opts.ctx ?? opts.ctxFactory?.();
  if (!baseCtx) throw new Error('startWebServer: ctx or ctxFactory is required');
  const handlers = opts.handlers ?? HANDLERS;
  const names = opts.handlerNames ?? (opts.handlers ? Object.keys(opts.handlers) : HANDLER_NAMES);
  const allowed = new Set(names);
  const token = opts.token ?? newToken();
  const staticDir = path.resolve(opts.staticDir);
  const exportDir = path.resolve(opts.exportDir);
  fs.mkdirSync(exportDir, { recursive: true });
  // Uploads: a private folder outside the served export folder, removed when the server stops.
  const picked = new PickedFiles();
  const uploads = new UploadFolder(picked, opts.uploadRoot);
  const uploadDir = uploads.dir;
  if (isInsideDir(exportDir, uploadDir)) {
    uploads.dispose();
    throw new Error('startWebServer: uploadRoot must be outside exportDir');
  }
  const maxJson = opts.maxJsonBytes ?? 5 * MB;
  const maxUpload = opts.maxUploadBytes ?? 512 * MB;
  const log = opts.log ?? ((s: string) => process.stderr.write(s.endsWith('\n') ? s : s + '\n'));
  let port = 0;

  // The background check of the store: its verdict once known (undefined while it runs).
  let damage: string | null | undefined = opts.storeCheck ? undefined : null;
  const checked = opts.storeCheck?.then(
    (m) => (damage = m),
    (e: unknown) => (damage = `无法检查案件库的完整性：${(e as Error)?.message ?? String(e)}`),
  );

  const sseClients = new Set<http.ServerResponse>();
  function publish(event: PushEvent): void {
    const frame = `data: ${JSON.stringify(event)}\n\n`;
    for (const res of sseClients) res.write(frame);
  }
  const ping = setInterval(() => {
    for (const res of sseClients) res.write(': ping\n\n');
  }, 20_000);
  ping.unref();

  function baseHeaders(res: http.ServerResponse): void {
    for (const [k, v] of Object.entries(SECURITY_HEADERS)) res.setHeader(k, v);
  }

  function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
    const text = JSON.stringify(body);
    res.writeHead(status, {
      'Content-Type': 'application/json; charset=utf-8',
      'Cache-Control': 'no-store',
      'Content-Length': Buffer.byteLength(text),
    });
    res.end(text);
  }

  function sendPage(res: http.ServerResponse, status: number, message: string): void {
    const html = forbiddenPage(message);
    res.writeHead(status, {
      'Content-Type': 'text/html; charset=utf-8',
      'Cache-Control': 'no-store',
      'Content-Length': Buffer.byteLength(html),
    });
    res.end(html);
  }

  function refuse(res: http.ServerResponse, isApi: boolean, status: number, message: string): void {
    if (status === 413) res.setHeader('Connection', 'close');
    if (isApi) sendJson(res, status, { ok: false, error: message });
    else sendPage(res, status, message);
  }

  function readBody(req: http.IncomingMessage, limit: number): Promise<Buffer> {
    return new Promise((resolve, reject) => {
      const declared = Number(req.headers['content-length']);
      if (Number.isFinite(declared) && declared > limit) {
        reject(new HttpFail(413, `请求内容过大（上限 ${Math.round(limit / MB)} MB）`));
        req.resume();
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      req.on('data', (c: Buffer) => {
        size += c.length;
        if (size > limit) {
          // Stop keeping it; the 413 goes out with Connection: close.
          req.removeAllListeners('data');
          req.resume();
          reject(new HttpFail(413, `请求内容过大（上限 ${Math.round(limit / MB)} MB）`));
          return;
        }
        chunks.push(c);
      });
      req.on('end', () => resolve(Buffer.concat(chunks)));
      req.on('error', reject);
    });
  }

  async function handleInvoke(req: http.IncomingMessage, res: http.ServerResponse, name: string): Promise<void> {
    if (req.method !== 'POST') throw new HttpFail(405, '只接受 POST 请求');
    if (!allowed.has(name)) throw new HttpFail(404, `未知的请求：${name}`);
    const body = await readBody(req, maxJson);
    let payload: unknown = {};
    if (body.length > 0) {
      try {
        payload = JSON.parse(body.toString('utf8'));
      } catch {
        throw new HttpFail(400, '请求内容不是有效的 JSON');
      }
    }
    // The page's id for this call (its progress line listens for it); a call without one gets its own.
    const sent = req.headers[REQUEST_HEADER];
    const requestId = isRequestId(sent) ? sent : crypto.randomUUID();
    const ctx: AppContext & { exportDir: string } = {
      ...baseCtx!,
      exportDir,
      // Confined to the chosen folders and this session's uploads, whatever the base context allowed (the CLI's is the user's shell).
      access: { picked },
      progress: (p: Progress) => publish({ ...p, type: 'progress', handler: name, requestId }),
    };
    // Reads are answered while the store's check runs (the first screen need not wait for it); writes wait for it.
    if (damage === undefined && handlers[name]?.mutates) await checked;
    if (damage) throw new HandlerError(damage, 409);
    const result = await invokeHandler(handlers, ctx, name, payload);
    sendJson(res, 200, { ok: true, result: result === undefined ? null : result });
    if (handlers[name]?.mutates) publish({ type: 'changed', handler: name });
  }

  function handleEvents(req: http.IncomingMessage, res: http.ServerResponse): void {
    if (req.method !== 'GET') throw new HttpFail(405, '只接受 GET 请求');
    if (sseClients.size >= MAX_EVENT_STREAMS) throw new HttpFail(503, '打开的页面过多：请关闭多余的标签页后重试');
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    });
    res.write('retry: 3000\n: connected\n\n');
    sseClients.add(res);
    const done = () => sseClients.delete(res);
    req.on('close', done);
    res.on('close', done);
  }

  function handleFile(req: http.IncomingMessage, res: http.ServerResponse, query: URLSearchParams): void {
    if (req.method !== 'GET' && req.method !== 'HEAD') throw new HttpFail(405, '只接受 GET 请求');
    const p = query.get('path');
    if (!p) throw new HttpFail(400, '缺少参数 path');
    const r = resolveInside([exportDir], p, { expect: 'file' });
    if (!r.ok) throw new HttpFail(r.status, r.status === 403 ? '只能下载导出文件夹中的文件' : r.reason);
    const st = fs.statSync(r.path);
    const { inline, type } = filePresentation(r.path, query.get('inline') === '1');
    const base = path.basename(r.path);
    res.writeHead(200, {
      'Content-Type': type,
      'Content-Length': st.size,
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
      // A download is never a document of this origin: no script, no plugins, even if a browser renders it.
      ...(inline ? {} : { 'Content-Security-Policy': "default-src 'none'; sandbox" }),
      'Content-Disposition': `${inline ? 'inline' : 'attachment'}; filename="${base.replace(/[^\x20-\x7e]|["\\]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(base)}`,
    });
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    fs.createReadStream(r.path).pipe(res);
  }

  async function handleUpload(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    if (req.method !== 'POST') throw new HttpFail(405, '只接受 POST 请求');
    const rawName = req.headers['x-file-name'];
    if (typeof rawName !== 'string' || !rawName) throw new HttpFail(400, '缺少文件名（X-File-Name）');
    let name: string;
    try {
      name = decodeURIComponent(rawName);
    } catch {
      name = rawName;
    }
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > maxUpload)
      throw new HttpFail(413, `文件过大（上限 ${Math.round(maxUpload / MB)} MB）`);
    const { file, folder: dir } = uploads.newFile(name);
    const size = await new Promise<number>((resolve, reject) => {
      const out = fs.createWriteStream(file, { flags: 'wx' });
      let n = 0;
      let failed = false;
      const fail = (e: Error) => {
        if (failed) return;
        failed = true;
        out.destroy();
        fs.rmSync(dir, { recursive: true, force: true });
        reject(e);
      };
      req.on('data', (c: Buffer) => {
        n += c.length;
        if (n > maxUpload) {
          fail(new HttpFail(413, `文件过大（上限 ${Math.round(maxUpload / MB)} MB）`));
          req.unpipe(out);
          req.resume();
        }
      });
      req.on('error', fail);
      out.on('error', fail);
      out.on('finish', () => {
        if (!failed) resolve(n);
      });
      req.pipe(out);
    });
    // The page gets a token for the file, not its path: handlers accept it as "a file the user picked".
    sendJson(res, 200, { ok: true, result: uploads.register(file, size) });
  }

  function handleStatic(req: http.IncomingMessage, res: http.ServerResponse, pathname: string): void {
    if (req.method !== 'GET' && req.method !== 'HEAD') throw new HttpFail(405, '只接受 GET 请求');
    const r = resolveUrlPath(staticDir, pathname, { spaFallback: true });
    if (!r.ok) {
      if (r.status === 404 && !fs.existsSync(path.join(staticDir, 'index.html'))) {
        throw new HttpFail(503, '界面尚未构建：请先运行 npm run build:renderer（或 npm run web）。');
      }
      throw new HttpFail(r.status, r.status === 403 ? '路径不允许' : '页面不存在');
    }
    const type = contentTypeOf(r.file);
    const st = fs.statSync(r.file);
    res.writeHead(200, {
      'Content-Type': type,
      'Content-Length': st.size,
      'Cache-Control': type.startsWith('text/html') ? 'no-store' : 'no-cache',
    });
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    fs.createReadStream(r.file).pipe(res);
  }

  async function route(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    baseHeaders(res);
    const rawUrl = req.url ?? '/';
    const q = rawUrl.indexOf('?');
    const pathname = q >= 0 ? rawUrl.slice(0, q) : rawUrl;
    const query = new URLSearchParams(q >= 0 ? rawUrl.slice(q + 1) : '');
    const isApi = pathname === '/api' || pathname.startsWith('/api/');
    try {
      if (!hostAllowed(req.headers.host, port))
        throw new HttpFail(403, '主机名不被允许：只接受 127.0.0.1 或 localhost');
      const origin = req.headers.origin;
      if (!originAllowed(typeof origin === 'string' ? origin : undefined, port))
        throw new HttpFail(403, '来源（Origin）不被允许');
      if (!pathname.startsWith('/')) throw new HttpFail(400, '请求地址无效');

      const header = req.headers[TOKEN_HEADER];
      const fromHeader = typeof header === 'string' ? header : undefined;
      const fromCookie = readCookie(req.headers.cookie, TOKEN_COOKIE);
      const fromQuery = req.method === 'GET' || req.method === 'HEAD' ? (query.get('token') ?? undefined) : undefined;
      const valid = [fromHeader, fromCookie, fromQuery].some((t) => t !== undefined && tokensEqual(t, token));
      if (!valid) throw new HttpFail(isApi ? 401 : 403, '缺少或错误的访问令牌');
      if (!isApi && fromQuery !== undefined && tokensEqual(fromQuery, token) && !tokensEqual(fromCookie, token)) {
        res.setHeader('Set-Cookie', `${TOKEN_COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`);
      }

      if (pathname.startsWith('/api/invoke/')) {
        let name: string;
        try {
          name = decodeURIComponent(pathname.slice('/api/invoke/'.length));
        } catch {
          throw new HttpFail(400, '请求名称编码无效');
        }
        await handleInvoke(req, res, name);
      } else if (pathname === '/api/events') {
        handleEvents(req, res);
      } else if (pathname === '/api/file') {
        handleFile(req, res, query);
      } else if (pathname === '/api/upload') {
        await handleUpload(req, res);
      } else if (isApi) {
        throw new HttpFail(404, '接口不存在');
      } else {
        handleStatic(req, res, pathname);
      }
    } catch (e) {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      if (e instanceof HttpFail) return refuse(res, isApi, e.status, e.message);
      if (e instanceof HandlerError) {
        if (e.status === 500) log(`处理请求 ${pathname} 出错：${e.stack ?? e.message}`);
        return refuse(res, isApi, e.status, e.message);
      }
      log(`处理请求 ${pathname} 时发生内部错误：${(e as Error)?.stack ?? String(e)}`);
      const msg = e instanceof Error && e.message ? e.message.split('\n')[0] : String(e);
      return refuse(res, isApi, 500, `内部错误：${msg}`);
    }
  }

  const server = http.createServer((req, res) => {
    route(req, res).catch((e) => {
      log(`内部错误：${(e as Error)?.stack ?? String(e)}`);
      if (!res.headersSent) sendJson(res, 500, { ok: false, error: '内部错误' });
      else res.destroy();
    });
  });
  server.on('clientError', (_err, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    else socket.destroy();
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as { port: number }).port;

  let closed = false;
  async function close(): Promise<void> {
    if (closed) return;
    closed = true;
    clearInterval(ping);
    for (const res of sseClients) res.end();
    sseClients.clear();
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
    uploads.dispose();
  }

  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    server,
    uploadDir,
    exportDir,
    picked,
    publish,
    close,
  };
}
