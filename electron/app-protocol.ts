/**
 * The app:// protocol: `app://caseflow/<path>` → a file of renderer/dist, with the SPA fallback to
 * index.html, the right content type and the same security headers as browser mode. Pure (Node's
 * fetch Response), so it is tested without Electron; main.ts hands it to protocol.handle.
 */
import fs from 'node:fs';
import { SECURITY_HEADERS } from '../web/http-security';
import { contentTypeOf, resolveUrlPath } from '../web/static-files';
import { APP_HOST, APP_SCHEME } from './ipc-guard';

export type AppFile = { ok: true; file: string } | { ok: false; status: number };

export function appUrlToFile(url: string, rootDir: string): AppFile {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return { ok: false, status: 400 };
  }
  if (u.protocol !== `${APP_SCHEME}:` || u.host !== APP_HOST) return { ok: false, status: 404 };
  // u.pathname keeps percent-encoding; WHATWG parsing already removed plain '..' segments, and
  // resolveUrlPath refuses encoded ones.
  const r = resolveUrlPath(rootDir, u.pathname, { spaFallback: true });
  return r.ok ? r : { ok: false, status: r.status };
}

export async function appProtocolResponse(url: string, rootDir: string): Promise<Response> {
  const r = appUrlToFile(url, rootDir);
  if (!r.ok) {
    const text = r.status === 403 ? '路径不允许' : r.status === 400 ? '请求无效' : '页面不存在';
    return new Response(text, {
      status: r.status,
      headers: { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' },
    });
  }
  const data = await fs.promises.readFile(r.file);
  return new Response(new Uint8Array(data), {
    status: 200,
    headers: { ...SECURITY_HEADERS, 'Content-Type': contentTypeOf(r.file), 'Cache-Control': 'no-cache' },
  });
}
