/**
 * The audit's evaluation of a store, on two threads when the store is large and a core is free: the cases are cut into parts by
 * id, and the main thread and one worker thread (core/rules/evaluate-worker.ts) each take the next part not
 * yet taken, read its case bundles through their own connection (the same as-of view, db/queries/audit.ts)
 * and run every rule over them. The parts' results are merged in part order (evaluate.ts mergeParts), so the
 * detections, warnings and failed rules are exactly those of one pass on one thread, in the same order.
 *
 * Why it is safe to read on another connection: the audit evaluates inside its own IMMEDIATE transaction,
 * which holds the store's write lock from before the first read to the commit, and writes nothing to the
 * case tables; so every connection reads the same cases. A caller that may have written case rows in a
 * transaction of its own passes `parallel: false` (runAudit's default inside a caller's transaction).
 *
 * The main thread never waits for the worker to start: it begins with the first part, and the worker
 * joins when it is ready (a small store is done before it is). A part the worker cannot finish (an error,
 * or no sign of life for STALL_MS) is taken back and evaluated on the main thread. Nothing the worker does
 * can change the store: its connection is read-only, and a kill of the process stops both threads before
 * the audit's transaction commits (the audit is then redone, as after any crash mid-job).
 *
 * Protocol (SharedArrayBuffer of Int32): NEXT (the next part to take, Atomics.add), SIGNAL (bumped and
 * notified by the worker at every step), WORKER_CASES (cases the worker evaluated: progress), then one state
 * per part: FREE → RUNNING (the worker evaluates it) → POSTED (its result is on the port) | FAILED, or TAKEN
 * (the main thread took it back; a later result of the worker for it is ignored).
 */
import { MessageChannel, receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import type { Db } from '../../db/store';
import { caseIdSpan, loadCaseBundles, type BundleColumns, type CaseIdRange } from '../../db/queries/audit';
import { coreFree, startWorker } from '../workers/spawn';
import type { Calendar } from '../calendar';
import type { Settings } from '../settings';
import type { HolidayYear } from '../calendar';
import type { CustomRuleDef } from './custom/types';
import type { CompiledCustomRule } from './custom/compile';
import { RULES } from './registry';
import { evaluatePart, mergeParts, type EvaluationResult, type PartResult } from './evaluate';
import { ruleEnv } from './env';
import type { Rule } from './types';

export const NEXT = 0;
export const SIGNAL = 1;
export const WORKER_CASES = 2;
export const STATES = 3;
export const FREE = 0;
export const RUNNING = 1;
export const POSTED = 2;
export const FAILED = 3;
export const TAKEN = 4;

/** Below this many cases one thread is quicker than starting a worker. */
export const PARALLEL_MIN_CASES = 20_000;
/** A worker silent this long is given up on: its parts are evaluated on the main thread. */
export const STALL_MS = 30_000;

/** A rule as the worker can make it again: a built-in rule by id, a custom rule by its checked definition. */
export type RuleSpec = { builtIn: string } | { custom: CustomRuleDef };

export interface EvaluateWorkerData {
  kind: 'evaluate';
  dbPath: string;
  asOf: string;
  settings: Settings;
  calendar: Record<string, HolidayYear>;
  rules: RuleSpec[];
  columns: BundleColumns;
  parts: CaseIdRange[];
  shared: SharedArrayBuffer;
  port: MessagePort;
}

/** What the worker posts for a part: its result, or the error that stopped it. */
export type PartMessage =
  | { part: number; result: PartResult; missingYears: number[] }
  | { part: number; error: string; missingYears: number[] };

export interface StoreEvaluation {
  db: Db;
  asOf: string;
  rules: readonly Rule[];
  settings: Settings;
  cal: Calendar;
  /** Cases evaluated so far, every PROGRESS_EVERY cases or so. */
  onProgress?: (done: number, total: number) => void;
  /**
   * Work of the caller's that does not depend on the evaluation (the audit reads the findings it will update):
   * run on this thread while the worker starts (~0.1 s in which this thread would evaluate alone), so that it is
   * shared out with the cases instead of following them.
   */
  alongside?: () => void;
  /**
   * false: one thread; true (default): two when the store is large enough and a core is free (coreFree);
   * 'always': two at any size, the main thread starting only once the worker has taken its first part (tests:
   * both threads surely evaluate cases).
   */
  parallel?: boolean | 'always';
  /** Case ids per part (default: about a fortieth of the store, 2,000 to 25,000 ids). */
  partSize?: number;
  /** Where the worker's entry is (default: beside this module; tests of the Electron bundle pass dist-electron). */
  workerDir?: string;
}

const BUILT_IN = new Set<Rule>(RULES);

/** The rules as specs the worker can rebuild, or null when one of them cannot be (a rule made by a test). */
function specsOf(rules: readonly Rule[]): RuleSpec[] | null {
  const specs: RuleSpec[] = [];
  for (const r of rules) {
    const def = (r as Partial<CompiledCustomRule>).custom ? (r as CompiledCustomRule).def : null;
    if (BUILT_IN.has(r)) specs.push({ builtIn: r.id });
    else if (def) specs.push({ custom: def });
    else return null;
  }
  return specs;
}

/**
 * The columns the rules read: the built-in rules never read the columns only custom rules may (db/queries/audit.ts
 * BundleColumns); any other rule (a custom rule, a test's) may read every field of the bundle.
 */
export function columnsFor(rules: readonly Rule[]): BundleColumns {
  return rules.every((r) => BUILT_IN.has(r)) ? 'rules' : 'all';
}

function partsOf(min: number, max: number, size: number): CaseIdRange[] {
  const parts: CaseIdRange[] = [];
  for (let from = min; from <= max; from += size) parts.push({ from, to: Math.min(max, from + size - 1) });
  return parts;
}

/** Every rule over every case of the store as of `asOf`: on one thread or two, the same result. */
/** Every rule over every case of the store as of `asOf`: on one thread or two, the same result. */
export function evaluateStore(input: StoreEvaluation): EvaluationResult & { cases: number; workerCases: number } {
  const { db, asOf, rules, settings, cal, onProgress } = input;
  const env = ruleEnv(asOf, cal, settings);
  const span = caseIdSpan(db, asOf);
  const total = span.count;
  onProgress?.(0, total);
  const specs = specsOf(rules);
  const file = db.memory ? '' : db.name;
  const always = input.parallel === 'always';
  const columns = columnsFor(rules);
  const wanted = always || (input.parallel !== false && total >= PARALLEL_MIN_CASES && coreFree());
  if (!wanted || !specs || !file || span.min == null || span.max == null) {
    input.alongside?.();
    const r = evaluatePart(
      loadCaseBundles(db, asOf, undefined, columns),
      rules,
      env,
      onProgress && ((done) => onProgress(done, total)),
    );
    return { ...mergeParts([r], rules), cases: r.cases, workerCases: 0 };
  }

  // About a fortieth of the store per part (at least 2,000 ids, so that a part's reads are not mostly their start;
  // 'always' keeps forty parts on a small store too, so that both threads take turns).
  const size =
    input.partSize ?? Math.min(25_000, Math.max(always ? 1 : 2_000, Math.ceil((span.max - span.min + 1) / 40)));
  const parts = partsOf(span.min, span.max, size);
  const shared = new SharedArrayBuffer(4 * (STATES + parts.length));
  const sh = new Int32Array(shared);
  const { port1, port2 } = new MessageChannel();
  const data: EvaluateWorkerData = {
    kind: 'evaluate',
    dbPath: file,
    asOf,
    settings,
    calendar: cal.data,
    rules: specs,
    columns,
    parts,
    shared,
    port: port2,
  };
  const worker = startWorker(input.workerDir ?? __dirname, 'evaluate-worker', data, [port2]);
  input.alongside?.();
  const results: (PartResult | undefined)[] = new Array(parts.length);
  let mainCases = 0;
  // (the worker's count may include a part later taken back: never report more than the total)
  const report = () => onProgress?.(Math.min(total, mainCases + Atomics.load(sh, WORKER_CASES)), total);
  const evaluateHere = (k: number) => {
    const base = mainCases;
    const r = evaluatePart(
      loadCaseBundles(db, asOf, parts[k], columns),
      rules,
      env,
      onProgress &&
        ((done) => {
          mainCases = base + done;
          report();
        }),
    );
    results[k] = r;
    mainCases = base + r.cases;
  };
  /** The worker's messages posted so far: its parts' results (a part taken back meanwhile keeps this thread's). */
  const collect = () => {
    for (let m = receiveMessageOnPort(port1); m; m = receiveMessageOnPort(port1)) {
      const msg = m.message as PartMessage;
      for (const y of msg.missingYears) cal.consultedMissingYears.add(y);
      if ('result' in msg && Atomics.load(sh, STATES + msg.part) === POSTED) results[msg.part] = msg.result;
    }
  };
  const takeBack = (k: number) => {
    const state = Atomics.load(sh, STATES + k);
    if (state !== TAKEN && Atomics.compareExchange(sh, STATES + k, state, TAKEN) === state) evaluateHere(k);
  };
  try {
    if (always && worker) {
      // Wait (bounded) until the worker has taken a part, so that both threads evaluate cases.
      const until = Date.now() + STALL_MS;
      while (Atomics.load(sh, NEXT) === 0 && Date.now() < until) Atomics.wait(sh, SIGNAL, Atomics.load(sh, SIGNAL), 50);
    }
    // This thread's share: the next part nobody has taken, until none is left. The worker's results posted meanwhile
    // are taken in between (each is copied into this thread when received: not all of them after the last part).
    for (let k = Atomics.add(sh, NEXT, 1); k < parts.length; k = Atomics.add(sh, NEXT, 1)) {
      evaluateHere(k);
      collect();
    }
    // The worker's parts: collect them as they are posted; take back any it fails on or stops working on.
    let lastSignal = Atomics.load(sh, SIGNAL);
    let lastChange = Date.now();
    for (;;) {
      collect();
      const missing: number[] = [];
      for (let k = 0; k < parts.length; k++) if (!results[k]) missing.push(k);
      if (!missing.length) break;
      for (const k of missing) if (Atomics.load(sh, STATES + k) === FAILED) takeBack(k);
      const signal = Atomics.load(sh, SIGNAL);
      if (signal !== lastSignal) {
        lastSignal = signal;
        lastChange = Date.now();
        report();
      } else if (!worker || Date.now() - lastChange > STALL_MS) {
        for (const k of missing) if (!results[k]) takeBack(k);
        continue;
      }
      Atomics.wait(sh, SIGNAL, signal, 200);
    }
  } finally {
    // Nothing more for the worker to take; it ends by itself, or is stopped here.
    Atomics.store(sh, NEXT, parts.length);
    port1.close();
    if (worker) void worker.terminate();
  }
  const merged = mergeParts(results as PartResult[], rules);
  const cases = results.reduce((n, r) => n + r!.cases, 0);
  return { ...merged, cases, workerCases: cases - mainCases };
}
