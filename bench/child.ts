/**
 * One measurement in a fresh process, so its peak RSS is its own. Invoked by bench/run.ts as
 *   node --require tsx/cjs bench/child.ts '<json task>'
 * and prints one JSON line: { ms, maxRssMb, ...details }.
 */
import { performance } from 'node:perf_hooks';
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
    '\n' +
      JSON.stringify({
        ms: details.ms ?? Math.round(wall),
        cpuMs: lastTimed.cpuMs,
        mainThreadCpuMs: lastTimed.mainThreadCpuMs,
        maxRssMb,
        ...(lastTimed.cores ? { cores: lastTimed.cores } : {}),
        ...details,
      }) +
      '\n',
  );
}

if (require.main === module) {
  main().catch((e) => {
    process.stderr.write(String(e && (e as Error).stack ? (e as Error).stack : e) + '\n');
    process.exit(2);
  });
}
