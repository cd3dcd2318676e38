/** The real `caseflow` binary, spawned (bin/caseflow.js through tsx). */
import path from 'node:path';
import { execFile } from 'node:child_process';

const BIN = path.resolve(__dirname, '../../bin/caseflow.js');

export interface CliRun {
  code: number;
  out: string;
  err: string;
}

export function caseflow(argv: string[]): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...argv],
      { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, maxBuffer: 64 << 20 },
      (e, out, err) => resolve({ code: e ? (typeof e.code === 'number' ? e.code : 2) : 0, out, err }),
    );
  });
}

/** Runs a command that must succeed and prints one JSON document (give `--json` or `--format json`). */
export async function caseflowJson<T = unknown>(argv: string[]): Promise<T> {
  const r = await caseflow(argv);
  if (r.code !== 0) throw new Error(`caseflow ${argv.join(' ')} → ${r.code}\n${r.err}`);
  return JSON.parse(r.out) as T;
}
