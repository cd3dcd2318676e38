/**
 * Worker threads: the second core of an office workstation for work that can be split (the audit evaluates
 * half the cases on it). One way to start a worker whatever form the program runs in:
 *
 *   - from the sources (the CLI through tsx, the tests, `npm run bench`): the entry is `<dir>/<name>.ts`, loaded
 *     in the worker through tsx (a worker does not inherit the loader the main thread registered);
 *   - from the Electron build (scripts/build-electron.js): every module is bundled into dist-electron/main.js, so
 *     `dir` (the caller's __dirname) is dist-electron and the entry is its own bundle `<name>.js` beside it.
 *
 * A worker entry is a module that runs on load in a worker thread (it reads `workerData`).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Worker, type ResourceLimits, type TransferListItem } from 'node:worker_threads';

/** The file a worker named `name` starts from, next to the module in `dir` (its __dirname). */
export function workerEntry(dir: string, name: string): { file: string; typescript: boolean } | null {
  const bundled = path.join(dir, `${name}.js`);
  if (fs.existsSync(bundled)) return { file: bundled, typescript: false };
  const source = path.join(dir, `${name}.ts`);
  if (fs.existsSync(source)) return { file: source, typescript: true };
  return null;
}

/**
 * Starts the worker `name` found next to `dir` (with V8 `resourceLimits` of its own, if given), or returns null
 * when it cannot be started (no entry file, no TypeScript loader): callers then do the work on the main thread.
 * The worker does not keep the process alive.
 */
export function startWorker(
  dir: string,
  name: string,
  workerData: unknown,
  transferList: TransferListItem[] = [],
  resourceLimits?: ResourceLimits,
): Worker | null {
  const entry = workerEntry(dir, name);
  if (!entry) return null;
  try {
    let worker: Worker;
    if (entry.typescript) {
      const tsx = require.resolve('tsx/cjs');
      const code = `require(${JSON.stringify(tsx)}); require(${JSON.stringify(entry.file)});`;
      worker = new Worker(code, { eval: true, workerData, transferList, resourceLimits });
    } else {
      worker = new Worker(entry.file, { workerData, transferList, resourceLimits });
    }
    worker.unref();
    // An error in the worker is reported to the main thread through the protocol of its caller; an
    // 'error' event with no listener would crash the process.
    worker.on('error', () => undefined);
    return worker;
  } catch {
    return null;
  }
}

/** What the system says about its load: cores, the 1-minute average, and (Linux) the tasks runnable right now. */
export interface LoadSample {
  cores: number;
  load1: number;
  /** Runnable tasks at this instant, this thread among them (/proc/loadavg's fourth field); null where unknown. */
  runnable: number | null;
  /**
   * This process's own runnable threads at that instant, this one among them (/proc/self/task); null where unknown.
   * Right after a module loads, V8's compiler and collector threads are often runnable too: they are this job's own
   * work, not another program's, and must not make a free core look busy.
   */
  ownRunnable?: number | null;
}

/** This process's threads in state R (running or runnable), from /proc/self/task/<tid>/stat; null where unknown. */
function ownRunnableThreads(): number | null {
  try {
    let n = 0;
    for (const tid of fs.readdirSync('/proc/self/task')) {
      let stat: string;
      try {
        stat = fs.readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      } catch {
        continue; // the thread ended meanwhile
      }
      // "tid (name) S …": the name may hold spaces and parentheses; the state follows the last ')'.
      if (stat.charAt(stat.lastIndexOf(')') + 2) === 'R') n++;
    }
    return n > 0 ? n : null;
  } catch {
    return null;
  }
}

export function loadSample(): LoadSample {
  let runnable: number | null = null;
  try {
    const n = Number(fs.readFileSync('/proc/loadavg', 'utf8').split(' ')[3]?.split('/')[0]);
    if (Number.isInteger(n) && n > 0) runnable = n;
  } catch {
    // Not Linux: the average alone decides.
  }
  const ownRunnable = runnable == null ? null : ownRunnableThreads();
  return { cores: os.availableParallelism(), load1: os.loadavg()[0], runnable, ownRunnable };
}

/**
 * Whether a second thread can run beside this one, judged from one reading: two cores or more, and less load than
 * cores (Windows reports an average of 0: always free there). The 1-minute average lags by a minute: a job that has
 * just ended (the step before this one, a finished import) still counts in it, so where Linux says what is
 * runnable right now, nothing else runnable beside this process's own threads also means a core is free. A worker
 * costs more CPU in all (its own start and JIT, its connection, the messages), which pays only when a core is free:
 * on a machine whose cores are all busy one thread finishes as soon and leaves the others their share.
 */
export function freeIn(s: LoadSample): boolean {
  if (s.cores < 2) return false;
  if (s.load1 < s.cores - 0.5) return true;
  if (s.runnable == null) return false;
  // Other programs' runnable tasks (this process's own threads aside): a core is free beside this thread when they
  // leave one. The two counts are read one after the other, so the difference is never taken below 0.
  const others = Math.max(0, s.runnable - (s.ownRunnable ?? 1));
  return others <= s.cores - 2;
}

/** Readings coreFree takes at most, and the pause between two (ms). */
export const READINGS = 5;
export const READING_GAP_MS = 2;

const pause = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/**
 * Whether a second thread can run beside this one (freeIn), from up to READINGS readings a few ms apart: free when
 * any says so. One instant alone misled: a kernel thread runnable for a moment (on the bench machine the kernel's
 * memory monitor, kdamond, every few seconds) made a free core look busy, and 6 of 37 imports run back to back read on
 * one thread (27–29 s against 16–18 s). A program that keeps a core busy is runnable in every reading. The further
 * readings cost at most ~10 ms, and only when the first says busy.
 */
export function coreFree(read: () => LoadSample = loadSample, readings = READINGS): boolean {
  for (let i = 0; i < readings; i++) {
    if (i) pause(READING_GAP_MS);
    const s = read();
    if (freeIn(s)) return true;
    if (s.cores < 2 || s.runnable == null) return false; // another reading cannot change the answer
  }
  return false;
}
