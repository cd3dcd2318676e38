/**
 * What the machine's cores did while a measured task ran (Linux; null elsewhere): each thread of this process —
 * its CPU time and its time runnable but waiting for a core (the scheduler's /proc/self/task/<tid>/schedstat) —
 * and the CPU other programs used meanwhile (the machine's busy time in /proc/stat less this process's own).
 *
 * Why: the import runs on two threads and the XLSX parse alone on one, so on a 2-core machine the import feels
 * every other program's load and the parse alone hardly any. These figures say, run by run, how long the import's
 * parse thread (its critical path) waited for a core and how busy the rest of the machine was (bench/README.md).
 *
 * Threads that end before the task does (the parse thread) are read every POLL_MS; the last reading counts.
 */
import fs from 'node:fs';

const POLL_MS = 200;

export interface ThreadShare {
  /** This thread is the process's main thread. */
  main: boolean;
  cpuMs: number;
  /** Runnable but not running: waiting for a core. */
  waitMs: number;
}

export interface CoreShare {
  /** This process's threads, the most CPU first (threads that used under 50 ms left out). */
  threads: ThreadShare[];
  /** CPU time other programs used on the machine while the task ran. */
  othersCpuMs: number;
}

/** Machine-wide busy time in ms (every state but idle and iowait), or null when /proc/stat cannot be read. */
function machineBusyMs(): number | null {
  try {
    const f = fs.readFileSync('/proc/stat', 'utf8').split('\n', 1)[0].trim().split(/\s+/).slice(1).map(Number);
    const [user, nice, system, , , irq, softirq, steal] = f;
    return ((user + nice + system + irq + softirq + (steal || 0)) * 1000) / 100; // USER_HZ is 100 on Linux
  } catch {
    return null;
  }
}

function readThreads(into: Map<number, [number, number]>): void {
  let tids: string[];
  try {
    tids = fs.readdirSync('/proc/self/task');
  } catch {
    return;
  }
  for (const t of tids) {
    try {
      const [run, wait] = fs.readFileSync(`/proc/self/task/${t}/schedstat`, 'utf8').trim().split(/\s+/).map(Number);
      into.set(Number(t), [run, wait]);
    } catch {
      // the thread ended between the listing and the read
    }
  }
}

/** Starts watching; `stop()` returns what the cores did since (deltas), or null where /proc is not there. */
export function watchCores(): { stop(): CoreShare | null } {
  const busy0 = machineBusyMs();
  const cpu0 = process.cpuUsage();
  const before = new Map<number, [number, number]>();
  readThreads(before);
  const last = new Map<number, [number, number]>();
  const timer = setInterval(() => readThreads(last), POLL_MS);
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
      readThreads(last);
      const busy1 = machineBusyMs();
      if (busy0 == null || busy1 == null || !last.size) return null;
      const own = process.cpuUsage(cpu0);
      const threads: ThreadShare[] = [];
      for (const [tid, [run, wait]] of last) {
        const [run0, wait0] = before.get(tid) ?? [0, 0];
        const cpuMs = Math.round((run - run0) / 1e6);
        if (cpuMs >= 50) threads.push({ main: tid === process.pid, cpuMs, waitMs: Math.round((wait - wait0) / 1e6) });
      }
      threads.sort((a, b) => b.cpuMs - a.cpuMs);
      return {
        threads,
        othersCpuMs: Math.max(0, Math.round(busy1 - busy0 - (own.user + own.system) / 1000)),
      };
    },
  };
}
