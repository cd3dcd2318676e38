/**
 * Where the doors keep files the user hands over as bytes (browser mode's /api/upload, a file
 * dropped on the Electron window): a private folder (0700) in the OS temp folder, never inside a
 * folder the app serves or exports to, one sub-folder per upload so names never collide, removed
 * when the session ends. Each stored file is recorded in the session's PickedFiles, and the page
 * gets its token (picked-files.ts), never the path.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PickedFiles } from './picked-files';

// eslint-disable-next-line no-control-regex
const UNSAFE_FILE_CHARS = /[\u0000-\u001f\u007f<>:"|?*]/g;

/** A user-supplied file name → a safe base name (no folders, no control or reserved characters). */
export function safeFileName(name: string): string {
  const base = String(name).split(/[\\/]/).pop() ?? '';
  const cleaned = base
    .replace(UNSAFE_FILE_CHARS, '_')
    .replace(/^\.+/, '')
    .replace(/[. ]+$/, '')
    .trim()
    .slice(0, 180);
  return cleaned || 'upload.bin';
}

export class UploadFolder {
  readonly dir: string;
  private seq = 0;

  constructor(
    readonly picked: PickedFiles,
    root: string = os.tmpdir(),
  ) {
    this.dir = fs.mkdtempSync(path.join(root, 'caseflow-uploads-'));
    fs.chmodSync(this.dir, 0o700);
  }

  /** A fresh path for an upload named `name` (its own sub-folder, created now). */
  newFile(name: string): { file: string; folder: string } {
    this.seq += 1;
    const folder = path.join(this.dir, String(this.seq));
    fs.mkdirSync(folder, { mode: 0o700 });
    return { file: path.join(folder, safeFileName(name)), folder };
  }

  /** Stores bytes at once (Electron's drop); returns what the page gets. */
  saveBuffer(name: string, data: Uint8Array): { file: string; name: string; size: number } {
    const { file } = this.newFile(name);
    fs.writeFileSync(file, data, { flag: 'wx', mode: 0o600 });
    return this.register(file, data.byteLength);
  }

  /** Records a stored upload in the session; `file` in the answer is its token. */
  register(file: string, size: number): { file: string; name: string; size: number } {
    const name = path.basename(file);
    return { file: this.picked.add(file, 'file', name), name, size };
  }

  dispose(): void {
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
