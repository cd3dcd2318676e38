/**
 * The path guard (architecture.md, "Mechanisms that must exist once"): every handler that touches
 * the file system asks here whether a path is allowed, and so do the doors' own file routes
 * (browser mode's /api/file, Electron's openPath). A path is allowed only
 *
 *   - inside a folder the user chose: the export folder (the door's, ctx.exportDir), the import
 *     folder (settings.importFolder) or the backup folder (the store's, core/backup backupDirOf); or
 *   - as a file or folder the user picked in this session, named by its token (picked-files.ts).
 *
 * Everything else is refused before it is opened, created or read: the refusal names the path the
 * caller gave, never anything from the file. `..` and symlinks are resolved before the check (a
 * symlink inside a chosen folder that points out of it is refused). Windows forms are refused on
 * every platform so the rules do not depend on the machine: device paths (`\\?\`, `\\.\`),
 * alternate data streams and drive-relative paths (a `:` anywhere but after a drive letter),
 * reserved device names (`NUL`, `CON`, `COM1.txt`, …) and segments ending in a dot or a space
 * (which Windows silently strips); on POSIX a backslash or a drive letter is refused too.
 *
 * The CLI door is the user's own shell: the arguments of `caseflow …` are paths the user typed, so
 * the CLI hands handlers a context with `access.userShell` and the guard resolves those paths without
 * confining them (it still refuses NUL bytes and malformed input). Every other door (Electron IPC,
 * browser mode) and any context without `access` is confined: a door that forgets is safe.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '../../db/store';
import { appDataDir } from '../paths';
import { getSettings } from '../settings';
import { backupDirOf } from '../backup/backup';
import { isPickedToken, type PickedFiles } from './picked-files';
import { HandlerError } from '../errors';

export type FolderKind = 'export' | 'import' | 'backup';

export const FOLDER_NAMES: Record<FolderKind, string> = {
  export: '导出文件夹',
  import: '导入文件夹',
  backup: '备份文件夹',
};

/** How a door lets its handlers reach files (AppContext.access). */
export interface PathAccess {
  /** The CLI: paths are the user's own arguments, resolved but not confined. */
  userShell?: boolean;
  /** The door's session of picked files and uploads. */
  picked?: PickedFiles;
}

/**
 * What the guard needs of a handler's context (AppContext has all of it; named here so that
 * core/security does not import core/context, which imports PathAccess from here).
 */
export interface GuardContext {
  db: Db;
  exportDir?: string;
  access?: PathAccess;
}
type AppContext = GuardContext;

/** A path the guard refused: a Chinese message and the status the doors answer with (a HandlerError like any refusal). */
export class PathRefused extends HandlerError {
  constructor(message: string, status: 400 | 403 | 404 = 403) {
    super(message, status);
    this.name = 'PathRefused';
  }
}

type PathApi = typeof path.posix;

const MAX_PATH_CHARS = 4096;
const RESERVED_DEVICE = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³]|conin\$|conout\$)(\.[^.]*)*$/i;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

/**
 * What is wrong with a path as written, before it is resolved (pure; `api` is path.win32 or
 * path.posix so the Windows rules are tested on any machine), or null when nothing is.
 */
export function lexicalProblem(candidate: unknown, api: PathApi = path): string | null {
  if (typeof candidate !== 'string' || candidate === '') return '路径为空';
  if (candidate.length > MAX_PATH_CHARS) return '路径过长';
  if (CONTROL.test(candidate)) return '路径含有控制字符';
  const win = api.sep === '\\';
  if (/^[\\/]{2}[?.](?:[\\/]|$)/.test(candidate)) return '不接受 Windows 设备路径';
  if (!win && candidate.includes('\\')) return '路径格式无效（含有反斜杠）';
  const segments = candidate.split(win ? /[\\/]+/ : /\/+/);
  for (const [i, s] of segments.entries()) {
    if (s === '' || s === '.' || s === '..') continue;
    const driveLetter = i === 0 && win && /^[a-zA-Z]:$/.test(s);
    if (driveLetter) continue;
    if (s.includes(':')) return '路径格式无效（含有冒号：驱动器相对路径或备用数据流）';
    if (RESERVED_DEVICE.test(s)) return `路径含有 Windows 保留的设备名「${s}」`;
    if (/[. ]$/.test(s)) return '路径格式无效（文件或文件夹名以点或空格结尾）';
  }
  // "C:foo" (drive-relative) has a colon in its first segment with more after it.
  if (win && /^[a-zA-Z]:[^\\/]/.test(candidate)) return '路径格式无效（驱动器相对路径）';
  return null;
}

/** True when `child` is `root` or inside it (both absolute and resolved; case rules of `api`). */
export function isInside(root: string, child: string, api: PathApi = path): boolean {
  const rel = api.relative(root, child);
  return rel === '' || (!rel.startsWith('..') && !api.isAbsolute(rel));
}

function realpath(p: string): string | null {
  try {
    return fs.realpathSync.native(p);
  } catch {
    return null;
  }
}

export type Expect = 'file' | 'folder' | 'file-or-folder';
export type Resolved =
  { ok: true; path: string; root: string; isFolder: boolean } | { ok: false; status: 400 | 403 | 404; reason: string };

/**
 * A path (absolute, or relative to `base` / the first root) → its real path inside one of `roots`,
 * or why not. The candidate is compared with the roots as written and as resolved before anything
 * of it is touched; only then is it resolved through symlinks and compared again.
 * `mayCreate`: a folder that does not exist yet is allowed (its nearest existing ancestor is checked).
 */
export function resolveInside(
  roots: readonly string[],
  candidate: string,
  opts: { expect: Expect; base?: string; mayCreate?: boolean },
): Resolved {
  const problem = lexicalProblem(candidate);
  if (problem) return { ok: false, status: 400, reason: problem };
  const given = roots.filter(Boolean).map((r) => path.resolve(r));
  if (!given.length) return { ok: false, status: 403, reason: '尚未选择这样的文件夹' };
  const abs = path.resolve(opts.base ?? given[0], candidate);
  const reals = given.map((r) => realpath(r));
  const lexicallyIn = given.some((r, i) => isInside(r, abs) || (reals[i] != null && isInside(reals[i]!, abs)));
  if (!lexicallyIn) return { ok: false, status: 403, reason: '不在允许的文件夹内' };
  const within = (p: string) => {
    const k = reals.findIndex((r) => r != null && isInside(r, p));
    return k < 0 ? null : given[k];
  };

  const real = realpath(abs);
  if (real == null) {
    if (!(opts.mayCreate && opts.expect !== 'file')) return { ok: false, status: 404, reason: '文件不存在' };
    // Not there yet: its nearest existing ancestor must be inside a chosen folder.
    let up = path.dirname(abs);
    while (realpath(up) == null && path.dirname(up) !== up) up = path.dirname(up);
    const upReal = realpath(up);
    const root = upReal != null ? within(upReal) : null;
    if (!root) return { ok: false, status: 403, reason: '不在允许的文件夹内（经由链接指向外部）' };
    return { ok: true, path: abs, root, isFolder: true };
  }
  const root = within(real);
  if (!root) return { ok: false, status: 403, reason: '不在允许的文件夹内（经由链接指向外部）' };
  let st: fs.Stats;
  try {
    st = fs.statSync(real);
  } catch {
    return { ok: false, status: 404, reason: '文件不存在' };
  }
  if (opts.expect === 'file' && !st.isFile()) return { ok: false, status: 404, reason: '不是文件' };
  if (opts.expect === 'folder' && !st.isDirectory()) return { ok: false, status: 400, reason: '不是文件夹' };
  if (!st.isFile() && !st.isDirectory()) return { ok: false, status: 400, reason: '不是普通文件或文件夹' };
  return { ok: true, path: real, root, isFolder: st.isDirectory() };
}

// ---- the folders the user chose -----------------------------------------------------------

/** The export folder of a context: the door's (ctx.exportDir), else the app-data `exports` folder. */
export function exportDirOf(ctx: { exportDir?: string }): string {
  return path.resolve(ctx.exportDir ?? path.join(appDataDir(), 'exports'));
}

/** The import folder the user chose in the settings, or null. */
export function importDirOf(ctx: { db: Db }): string | null {
  try {
    const dir = getSettings(ctx.db).importFolder;
    return dir ? path.resolve(dir) : null;
  } catch {
    return null;
  }
}

/** The chosen folders of a context (a folder that is not set is left out). */
export function chosenFolders(ctx: AppContext, kinds: readonly FolderKind[]): { kind: FolderKind; dir: string }[] {
  const out: { kind: FolderKind; dir: string }[] = [];
  for (const kind of kinds) {
    const dir = kind === 'export' ? exportDirOf(ctx) : kind === 'import' ? importDirOf(ctx) : backupDirOf(ctx.db);
    if (dir) out.push({ kind, dir });
  }
  return out;
}

function namesOf(kinds: readonly FolderKind[]): string {
  return kinds.map((k) => FOLDER_NAMES[k]).join('、');
}

/** A path the user typed in their own shell (CLI): resolved, not confined; only malformed input is refused. */
function shellPath(input: string, what: string): string {
  if (!input || input.includes('\0')) throw new PathRefused(`${what}路径无效`, 400);
  return path.resolve(input);
}

function pickedEntry(ctx: AppContext, token: string, kind: 'file' | 'folder') {
  const e = ctx.access?.picked?.get(token);
  if (!e) throw new PathRefused('所选的文件已失效（程序重新启动后需要重新选择），请重新选择。', 403);
  if (e.kind !== kind)
    throw new PathRefused(kind === 'file' ? '这里需要选择文件，而不是文件夹。' : '这里需要选择文件夹。', 400);
  return e;
}

/**
 * A file a handler may read: a picked file's token, a path inside one of `folders`, or (CLI) the
 * user's own argument. Returns the real path; throws PathRefused without opening the file otherwise.
 */
export function fileToRead(
  ctx: AppContext,
  input: string,
  opts: { folders: readonly FolderKind[]; what: string },
): string {
  if (isPickedToken(input)) {
    const e = pickedEntry(ctx, input, 'file');
    const r = resolveInside([path.dirname(e.path)], e.path, { expect: 'file' });
    if (!r.ok) throw new PathRefused(`${opts.what}「${e.name}」已不存在或无法读取，请重新选择。`, 404);
    return r.path;
  }
  if (ctx.access?.userShell) return shellPath(input, opts.what);
  const folders = chosenFolders(ctx, opts.folders);
  const r = resolveInside(
    folders.map((f) => f.dir),
    input,
    { expect: 'file' },
  );
  if (r.ok) return r.path;
  if (r.status === 404) throw new PathRefused(`${opts.what}不存在：${input}`, 404);
  throw new PathRefused(
    `不能读取 ${String(input).slice(0, 300)}：${opts.what}只能是本次选择或上传的文件，或${namesOf(opts.folders)}中的文件（${r.reason}）。`,
    r.status === 400 ? 400 : 403,
  );
}

/**
 * A folder a handler may write into (created when missing): a picked folder's token, a folder
 * inside one of `folders` (default: the export folder; a relative path is taken inside the first),
 * or (CLI) the user's own argument. `input` undefined = `fallback` (default the export folder).
 */
export function folderToWrite(
  ctx: AppContext,
  input: string | undefined,
  opts: { folders?: readonly FolderKind[]; fallback?: string } = {},
): string {
  const kinds = opts.folders ?? ['export'];
  if (input !== undefined && isPickedToken(input)) {
    const e = pickedEntry(ctx, input, 'folder');
    fs.mkdirSync(e.path, { recursive: true });
    return e.path;
  }
  if (input !== undefined && ctx.access?.userShell) {
    const dir = shellPath(input, '输出文件夹');
    fs.mkdirSync(dir, { recursive: true });
    return dir;
  }
  const folders = chosenFolders(ctx, kinds);
  const candidate = input ?? opts.fallback ?? folders[0]?.dir ?? exportDirOf(ctx);
  const roots = folders.map((f) => f.dir);
  // The chosen folders themselves may be created (the door made them its export folder).
  for (const r of roots) fs.mkdirSync(r, { recursive: true });
  const r = resolveInside(roots, candidate, { expect: 'folder', mayCreate: true });
  if (!r.ok)
    throw new PathRefused(
      `不能写入 ${String(candidate).slice(0, 300)}：只能写入${namesOf(kinds)}或其中的文件夹（${r.reason}）。`,
      r.status === 404 ? 403 : r.status,
    );
  fs.mkdirSync(r.path, { recursive: true });
  // Created now: check once more through its real path (a link could have appeared meanwhile).
  const again = resolveInside(roots, r.path, { expect: 'folder' });
  if (!again.ok) throw new PathRefused(`不能写入 ${candidate}：${again.reason}`, 403);
  return again.path;
}

/**
 * A folder setting (backup folder, import folder) as the user changes it: null (the default), the
 * folder it already is, a picked folder's token, or (CLI) the user's own argument. A folder typed
 * into a request is refused: a chosen folder widens what every other request may touch, so only the
 * user's picker or shell may choose it.
 */
export function chosenFolderSetting(
  ctx: AppContext,
  input: string | null,
  current: string | null,
  label: string,
): string | null {
  if (input == null || input === '') return null;
  if (isPickedToken(input)) return pickedEntry(ctx, input, 'folder').path;
  if (ctx.access?.userShell) return shellPath(input, label);
  const problem = lexicalProblem(input);
  if (problem) throw new PathRefused(`${label}路径无效：${problem}`, 400);
  if (current != null && path.resolve(input) === path.resolve(current)) return current;
  throw new PathRefused(
    `${label}只能用「选择文件夹」按钮选择（桌面程序），或在命令行中用 caseflow folders 设置：${input.slice(0, 300)}`,
    403,
  );
}
