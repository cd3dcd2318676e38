/**
 * Files and folders the user picked in this session, by token. A door that shows the user a picker
 * (Electron's open dialog) or receives an upload (browser mode's /api/upload, Electron's drop) records
 * the real path here and hands the page an opaque token (`picked:…`); handlers take the token where
 * they take a path, and the path guard (path-guard.ts) turns it back into the path. The page never
 * names a path outside the chosen folders itself, so a page that was tricked into asking cannot.
 *
 * A token names exactly one file (or folder) and lives as long as the door's session (the app or
 * `caseflow serve` process); a new pick gives a new token. Memory-only: nothing is written to disk.
 */
import crypto from 'node:crypto';
import path from 'node:path';

export const PICKED_PREFIX = 'picked:';

export type PickedKind = 'file' | 'folder';

export interface PickedEntry {
  path: string;
  kind: PickedKind;
  /** The name shown to the user (the picked file's own name; an upload's original name). */
  name: string;
}

/** True for strings shaped like a token (they never reach the file system as paths). */
export function isPickedToken(s: unknown): boolean {
  return typeof s === 'string' && s.startsWith(PICKED_PREFIX);
}

export class PickedFiles {
  private readonly byToken = new Map<string, PickedEntry>();

  /** @param max the most tokens kept; the oldest are forgotten first (a long session of uploads). */
  constructor(private readonly max = 10_000) {}

  /** Records a path the user picked (or an upload the door stored) and returns its new token. */
  add(file: string, kind: PickedKind = 'file', name = path.basename(file)): string {
    const token = PICKED_PREFIX + crypto.randomBytes(18).toString('base64url');
    this.byToken.set(token, { path: path.resolve(file), kind, name });
    while (this.byToken.size > this.max) this.byToken.delete(this.byToken.keys().next().value as string);
    return token;
  }

  get(token: string): PickedEntry | undefined {
    return this.byToken.get(token);
  }

  get size(): number {
    return this.byToken.size;
  }
}
