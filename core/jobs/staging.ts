/**
 * A job's documents on disk (jobs.md *A run and its files*): every document of a run is written into
 * a staging folder inside the output folder (`.caseflow-staging-<pid>-<label>`, same file system, so a
 * move is a rename), then moved into place, each file or folder replacing an older copy of the same
 * name. A reader of the output folder never sees a half-written document under its real name; a
 * run killed while writing leaves only a staging folder, which the next staged write into the same
 * folder removes (`cleanStaleStaging`): a folder whose process is gone, or of this process but no
 * longer in use.
 */
import fs from 'node:fs';
import path from 'node:path';
import { faultPoint } from './faults';

export const STAGING_PREFIX = '.caseflow-staging-';
const active = new Set<string>();

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes staging folders in `outDir` left by processes that are gone (or by this one, no longer in use). */
export function cleanStaleStaging(outDir: string): string[] {
  let entries: string[];
  try {
    entries = fs.readdirSync(outDir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const e of entries) {
    if (!e.startsWith(STAGING_PREFIX)) continue;
    const p = path.join(outDir, e);
    const pid = Number(/^\.caseflow-staging-(\d+)-/.exec(e)?.[1]);
    const inUse = Number.isInteger(pid) && (pid === process.pid ? active.has(p) : pidAlive(pid));
    if (inUse) continue;
    fs.rmSync(p, { recursive: true, force: true });
    removed.push(p);
  }
  return removed;
}

/** Moves every top-level entry of `staging` into `outDir` (files replace by rename, folders by remove + rename). */
function moveIntoPlace(staging: string, outDir: string, fault: string): void {
  for (const e of fs.readdirSync(staging).sort()) {
    const from = path.join(staging, e);
    const to = path.join(outDir, e);
    if (fs.statSync(from).isDirectory()) {
      fs.rmSync(to, { recursive: true, force: true });
      fs.renameSync(from, to);
    } else {
      if (fs.existsSync(to) && fs.statSync(to).isDirectory()) fs.rmSync(to, { recursive: true, force: true });
      fs.renameSync(from, to);
    }
    faultPoint(`${fault}:moved`);
  }
}

/**
 * Writes documents through a staging folder: `write(dir)` writes into `dir` and returns the paths it
 * wrote (files or folders, anywhere under `dir`); they are moved into `outDir` and their final paths
 * returned. On an error nothing is moved and the staging folder is removed. `label` names the
 * staging folder (e.g. `inspection-2026-10-r12`); `fault` names the fault points (`faults.ts`).
 */
export async function writeStaged(
  outDir: string,
  label: string,
  write: (dir: string) => Promise<string[]>,
  opts: { fault?: string; beforeMove?: () => void } = {},
): Promise<string[]> {
  const out = path.resolve(outDir);
  fs.mkdirSync(out, { recursive: true });
  cleanStaleStaging(out);
  const staging = path.join(out, `${STAGING_PREFIX}${process.pid}-${label.replace(/[^\w.-]+/g, '_')}`);
  fs.rmSync(staging, { recursive: true, force: true });
  fs.mkdirSync(staging);
  active.add(staging);
  const fault = opts.fault ?? label;
  try {
    const written = await write(staging);
    faultPoint(`${fault}:staged`);
    opts.beforeMove?.();
    moveIntoPlace(staging, out, fault);
    return written.map((p) => path.join(out, path.relative(staging, p)));
  } finally {
    active.delete(staging);
    fs.rmSync(staging, { recursive: true, force: true });
  }
}
