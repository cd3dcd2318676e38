/**
 * Mapping a URL path to a file inside one folder (the renderer's dist, the export folder), refusing
 * anything that would leave it: `..` segments (raw or percent-encoded), NUL bytes, absolute paths,
 * drive letters, backslashes, and symlinks pointing outside (the containment itself is the path
 * guard's, core/security/path-guard.ts). Used by browser mode and by Electron's app:// protocol. Plain Node.
 */
import path from 'node:path';
import { isInside, resolveInside } from '../core/security/path-guard';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.txt': 'text/plain; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.pdf': 'application/pdf',
  '.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  '.zip': 'application/zip',
  '.sqlite': 'application/octet-stream',
};

export function contentTypeOf(file: string): string {
  return TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/** True when `child` is `root` or inside it (the path guard's test). */
export { isInside };

export type Resolved = { ok: true; file: string } | { ok: false; status: 400 | 403 | 404; reason: string };

/**
 * A URL path (still percent-encoded, without query) → a file under `root`.
 * `spaFallback`: a path with no file extension that matches no file serves index.html.
 */
export function resolveUrlPath(root: string, urlPath: string, opts: { spaFallback?: boolean } = {}): Resolved {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return { ok: false, status: 400, reason: '路径编码无效' };
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return { ok: false, status: 403, reason: '路径不允许' };
  const segments = decoded.split('/');
  if (segments.some((s) => s === '..' || /^[a-zA-Z]:/.test(s))) return { ok: false, status: 403, reason: '路径不允许' };
  const rel = segments.filter((s) => s !== '' && s !== '.').join('/');
  const file = rel === '' ? 'index.html' : rel;
  const checked = fileUnder(root, file);
  if (checked.ok) return checked;
  if (checked.status === 404 && opts.spaFallback && path.extname(rel) === '') return fileUnder(root, 'index.html');
  return checked;
}

/**
 * A path (absolute, or relative to root) → the real file under `root`, or a refusal: the path
 * guard's check (core/security/path-guard.ts), symlinks resolved on both sides.
 */
export function fileUnder(root: string, candidate: string): Resolved {
  if (typeof candidate !== 'string' || candidate === '' || candidate.includes('\0'))
    return { ok: false, status: 400, reason: '路径无效' };
  const r = resolveInside([root], candidate, { expect: 'file' });
  if (r.ok) return { ok: true, file: r.path };
  return { ok: false, status: r.status, reason: r.status === 403 ? '只能访问指定文件夹内的文件' : r.reason };
}

/** A user-supplied file name → a safe base name (core/security/uploads.ts). */
export { safeFileName } from '../core/security/uploads';
