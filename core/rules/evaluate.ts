/**
 * Runs every rule over every case bundle in one pass. A rule that throws is recorded as failed
 * (with the case it failed on) and its output is discarded for the whole run; the others go on.
 */
import { createHash } from 'node:crypto';
import type { CaseBundle, Detection, Emit, Rule, RuleEnv, WarningOut } from './types';

export interface CaseDetection extends Detection {
  fingerprint: string;
  bundle: CaseBundle;
}
export interface CaseWarning extends WarningOut {
  bundle: CaseBundle;
}

export interface EvaluationResult {
  detections: CaseDetection[];
  warnings: CaseWarning[];
  failedRules: { ruleId: string; error: string }[];
}

export function fingerprintOf(ruleId: string, kind: string, facts: unknown[]): string {
  return createHash('sha1')
    .update(JSON.stringify([ruleId, kind, facts]))
    .digest('hex')
    .slice(0, 20);
}

/** How often the rule loop reports progress: every N cases, not every case (cheap at 1M cases). */
export const PROGRESS_EVERY = 1000;

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
  const active = rules.filter((r) => r.evaluate);
  const failed = new Map<string, string>();
  const detByRule = new Map<string, CaseDetection[]>(active.map((r) => [r.id, []]));
  const warnByRule = new Map<string, CaseWarning[]>(active.map((r) => [r.id, []]));
  // One emitter per rule, pointed at the current case: no allocation per (case × rule).
  let current = undefined as unknown as CaseBundle;
  const emitters = new Map(
    active.map((rule) => {
      const dets = detByRule.get(rule.id)!;
      const warns = warnByRule.get(rule.id)!;
      const emit: Emit = {
        finding: (d) => {
          dets.push({ ...d, ruleId: rule.id, fingerprint: fingerprintOf(rule.id, d.kind, d.facts), bundle: current });
        },
        warning: (w) => {
          warns.push({ ...w, ruleId: rule.id, bundle: current });
        },
      };
      return [rule.id, emit];
    }),
  );
  let done = 0;
  for (const c of cases) {
    current = c;
    for (const rule of active) {
      if (failed.has(rule.id)) continue;
      try {
        rule.evaluate!(c, env, emitters.get(rule.id)!);
      } catch (e) {
        failed.set(rule.id, `案件 ${c.caseNo}：${e instanceof Error ? e.message : String(e)}`);
      }
    }
    if (onProgress && ++done % PROGRESS_EVERY === 0) onProgress(done);
  }
  const detections: CaseDetection[] = [];
  const warnings: CaseWarning[] = [];
  for (const r of active) {
    if (failed.has(r.id)) continue;
    for (const d of detByRule.get(r.id)!) detections.push(d);
    for (const w of warnByRule.get(r.id)!) warnings.push(w);
  }
  return { detections, warnings, failedRules: [...failed].map(([ruleId, error]) => ({ ruleId, error })) };
}
