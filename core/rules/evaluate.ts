/**
 * Runs every rule over every case bundle in one pass. A rule that throws is recorded as failed
 * (with the case it failed on) and its output is discarded for the whole run; the others go on.
 *
 * The cases may be evaluated in parts (core/rules/parallel.ts: parts of the store on two threads):
 * `evaluatePart` evaluates one part, `mergeParts` puts the parts' results together, in part order, into
 * exactly what one pass over all the cases gives (the same detections and warnings in the same order,
 * the same failed rules with the same first failing case).
 */
import crypto from 'node:crypto';
import type { CaseBundle, Detection, Emit, Rule, RuleEnv, WarningOut } from './types';

/** What a finding or warning keeps of its case (the writer needs no more; a part's results cross threads). */
export type CaseRef = Pick<CaseBundle, 'id' | 'caseNo' | 'department' | 'prosecutor'>;

export interface CaseDetection extends Detection {
  fingerprint: string;
  bundle: CaseRef;
}
export interface CaseWarning extends WarningOut {
  bundle: CaseRef;
}

export interface EvaluationResult {
  detections: CaseDetection[];
  warnings: CaseWarning[];
  failedRules: { ruleId: string; error: string }[];
}

/** One part's output, per rule id (plain data: it can be posted from a worker thread). */
export interface PartResult {
  detections: Record<string, CaseDetection[]>;
  warnings: Record<string, CaseWarning[]>;
  /** Rules that threw in this part, with the first case they failed on. */
  failed: Record<string, string>;
  cases: number;
}

/** One-shot hashing (crypto.hash, Node ≥ 20.12) where there is one: the same digest without a Hash object per finding. */
const sha1Hex: (s: string) => string =
  typeof (crypto as { hash?: unknown }).hash === 'function'
    ? (s) => crypto.hash('sha1', s, 'hex')
    : (s) => crypto.createHash('sha1').update(s).digest('hex');

export function fingerprintOf(ruleId: string, kind: string, facts: unknown[]): string {
  return sha1Hex(JSON.stringify([ruleId, kind, facts])).slice(0, 20);
}

/** How often the rule loop reports progress: every N cases, not every case (cheap at 1M cases). */
export const PROGRESS_EVERY = 1000;

/** Evaluates `rules` over one part of the cases. `onProgress(done)` every PROGRESS_EVERY cases of the part. */
export function evaluatePart(
  cases: Iterable<CaseBundle>,
  rules: readonly Rule[],
  env: RuleEnv,
  onProgress?: (done: number) => void,
): PartResult {
  const active = rules.filter((r) => r.evaluate);
  const failed: Record<string, string> = {};
  const detections: Record<string, CaseDetection[]> = {};
  const warnings: Record<string, CaseWarning[]> = {};
  // One emitter per rule, pointed at the current case: no allocation per (case × rule); the case's
  // reference is made when the case first emits.
  let current = undefined as unknown as CaseBundle;
  let ref: CaseRef | null = null;
  const refOf = (): CaseRef =>
    (ref ??= {
      id: current.id,
      caseNo: current.caseNo,
      department: current.department,
      prosecutor: current.prosecutor,
    });
  const emitters = active.map((rule) => {
    const dets: CaseDetection[] = (detections[rule.id] = []);
    const warns: CaseWarning[] = (warnings[rule.id] = []);
    const id = rule.id;
    const emit: Emit = {
      finding: (d) => {
        dets.push({
          personNo: d.personNo,
          subjectKey: d.subjectKey,
          kind: d.kind,
          dueOn: d.dueOn,
          daysLeft: d.daysLeft,
          message: d.message,
          facts: d.facts,
          ruleId: id,
          fingerprint: fingerprintOf(id, d.kind, d.facts),
          bundle: refOf(),
        });
      },
      warning: (w) => {
        warns.push({
          personNo: w.personNo,
          subjectKey: w.subjectKey,
          dueOn: w.dueOn,
          daysLeft: w.daysLeft,
          message: w.message,
          ruleId: id,
          bundle: refOf(),
        });
      },
    };
    return emit;
  });
  // The rules still running (a rule that throws leaves the list: the rest of the pass is without it).
  let running = active.map((rule, i) => ({ rule, evaluate: rule.evaluate!, emit: emitters[i] }));
  let n = running.length;
  let done = 0;
  for (const c of cases) {
    current = c;
    ref = null;
    for (let i = 0; i < n; i++) {
      const r = running[i];
      try {
        r.evaluate(c, env, r.emit);
      } catch (e) {
        failed[r.rule.id] = `案件 ${c.caseNo}：${e instanceof Error ? e.message : String(e)}`;
        running = running.filter((x) => x !== r);
        n = running.length;
        i--;
      }
    }
    done++;
    if (onProgress && done % PROGRESS_EVERY === 0) onProgress(done);
  }
  return { detections, warnings, failed, cases: done };
}

/**
 * The parts' results, in part order, as one pass over all their cases: per rule (in `rules` order) the
 * detections and warnings of every part in turn; a rule that failed in any part is failed, with the error
 * of the first part it failed in (its first failing case), and none of its output is kept.
 */
export function mergeParts(parts: readonly PartResult[], rules: readonly Rule[]): EvaluationResult {
  const active = rules.filter((r) => r.evaluate);
  const failed = new Map<string, string>();
  for (const r of active) {
    const first = parts.find((p) => p.failed[r.id] !== undefined);
    if (first) failed.set(r.id, first.failed[r.id]);
  }
  const detections: CaseDetection[] = [];
  const warnings: CaseWarning[] = [];
  for (const r of active) {
    if (failed.has(r.id)) continue;
    for (const p of parts) for (const d of p.detections[r.id] ?? []) detections.push(d);
    for (const p of parts) for (const w of p.warnings[r.id] ?? []) warnings.push(w);
  }
  return { detections, warnings, failedRules: [...failed].map(([ruleId, error]) => ({ ruleId, error })) };
}

/**
 * `cases` may be a stream (db/queries/audit.ts): it is iterated once, one case at a time.
 * `onProgress(done)` is called every PROGRESS_EVERY cases with the number of cases evaluated.
 */
export function evaluateCases(
  cases: Iterable<CaseBundle>,
  rules: readonly Rule[],
  env: RuleEnv,
  onProgress?: (done: number) => void,
): EvaluationResult {
  return mergeParts([evaluatePart(cases, rules, env, onProgress)], rules);
}
