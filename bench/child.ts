/**
 * One measurement in a fresh process, so its peak RSS is its own. Invoked by bench/run.ts as
 *   node --require tsx/cjs bench/child.ts '<json task>'
 * and prints one JSON line: { ms, maxRssMb, ...details }.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { openStore } from '../db/store';
import type { AppContext } from '../core/context';
import { lastTimed, tasks } from './tasks';

async function main(): Promise<void> {
  const task = JSON.parse(process.argv[2]) as { kind: string; [k: string]: unknown };
  const fn = tasks[task.kind];
  if (!fn) throw new Error(`unknown bench task ${task.kind}`);
  const t0 = performance.now();
  const details = await fn(task);
  const wall = performance.now() - t0;
  const maxRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
  process.stdout.write(
    '\n' + JSON.stringify({ ms: details.ms ?? Math.round(wall), cpuMs: lastTimed.cpuMs, maxRssMb, ...details }) + '\n',
  );
}

export function tmpStoreCopy(src: string): { ctx: AppContext; cleanup: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'caseflow-bench-'));
  const dbPath = path.join(dir, 'store.sqlite');
  fs.copyFileSync(src, dbPath);
  const db = openStore(dbPath);
  return {
    ctx: { db, dbPath, actor: 'bench' },
    cleanup: () => {
      db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

if (require.main === module) {
  main().catch((e) => {
    process.stderr.write(String(e && (e as Error).stack ? (e as Error).stack : e) + '\n');
    process.exit(2);
  });
}
