/**
 * The worker thread of the audit's parallel evaluation (core/rules/parallel.ts has the protocol): it opens the
 * store read-only, makes the same rules, calendar and settings as the main thread, and takes parts of the
 * store until none is left, posting each part's result.
 */
import { isMainThread, workerData } from 'node:worker_threads';
import { openStore } from '../../db/store';
import { loadCaseBundles } from '../../db/queries/audit';
import { Calendar } from '../calendar/calendar';
import { RULES } from './registry';
import { compileCustomRule } from './custom/compile';
import { evaluatePart } from './evaluate';
import { ruleEnv } from './env';
import {
  FAILED,
  NEXT,
  POSTED,
  RUNNING,
  FREE,
  SIGNAL,
  STATES,
  WORKER_CASES,
  type EvaluateWorkerData,
  type PartMessage,
} from './parallel';
import type { Rule } from './types';

function run(w: EvaluateWorkerData): void {
  const sh = new Int32Array(w.shared);
  const signal = () => {
    Atomics.add(sh, SIGNAL, 1);
    Atomics.notify(sh, SIGNAL);
  };
  const byId = new Map(RULES.map((r) => [r.id, r]));
  const rules: Rule[] = w.rules.map((s) =>
    'builtIn' in s ? byId.get(s.builtIn)! : compileCustomRule(s.custom, w.asOf),
  );
  const cal = new Calendar(w.calendar);
  const env = ruleEnv(w.asOf, cal, w.settings);
  const db = openStore(w.dbPath, { readonly: true });
  try {
    for (let k = Atomics.add(sh, NEXT, 1); k < w.parts.length; k = Atomics.add(sh, NEXT, 1)) {
      if (Atomics.compareExchange(sh, STATES + k, FREE, RUNNING) !== FREE) continue; // taken back meanwhile
      signal();
      let msg: PartMessage;
      try {
        let reported = 0;
        const result = evaluatePart(loadCaseBundles(db, w.asOf, w.parts[k], w.columns), rules, env, (done) => {
          Atomics.add(sh, WORKER_CASES, done - reported);
          reported = done;
          signal();
        });
        Atomics.add(sh, WORKER_CASES, result.cases - reported);
        msg = { part: k, result, missingYears: [...cal.consultedMissingYears] };
        if (Atomics.compareExchange(sh, STATES + k, RUNNING, POSTED) !== RUNNING) continue; // taken back
      } catch (e) {
        msg = { part: k, error: e instanceof Error ? e.message : String(e), missingYears: [] };
        Atomics.compareExchange(sh, STATES + k, RUNNING, FAILED);
      }
      w.port.postMessage(msg);
      signal();
    }
  } finally {
    db.close();
    w.port.close();
    signal();
  }
}

if (!isMainThread && (workerData as { kind?: string } | null)?.kind === 'evaluate')
  run(workerData as EvaluateWorkerData);
