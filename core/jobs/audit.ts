/**
 * The daily audit (日审核, jobs.md): every rule over every case as of a date, in one transaction
 * recorded as the job run `audit:<asOf>`.
 *
 * Re-running the same day: every run is recorded as a new version of the period `asOf` (the run
 * rows keep each run), and findings are updated in place by identity (ruleId, caseNo, personNo,
 * subjectKey): they are never duplicated. The warnings table holds the latest run's warnings only.
 *
 * Lifecycle per finding of source 审核 (findings of source 检务督查 are never touched):
 *   detected, unknown          → insert 待处理, first_seen = asOf             (event 'detect')
 *   detected, open             → last_seen = asOf, message/due/fingerprint refreshed
 *   detected, 已整改 by audit   → 待处理 again                                 (event 'auto-reopen')
 *   detected, closed by a user → stays closed while fingerprint = closed_fingerprint; else 待处理 (event 'auto-reopen')
 *   detected, closed because its custom rule was disabled (closed_by 'rule') → 待处理 again (event 'auto-reopen')
 *   not detected, open         → 已整改, rectified_on = asOf                   (event 'auto-rectify')
 * Findings of a rule that failed in this run are left as they were.
 *
 * The office's enabled custom rules (custom-rules.md) are compiled once per run and evaluated in the same
 * pass over the same case bundles, after the built-in rules; their findings go through the same lifecycle.
 */
import type { AppContext } from '../context';
import { chinaTimestamp, isIsoDate } from '../dates';
import { getSettings } from '../settings';
import { loadCalendar, missingYearsWarning } from '../calendar';
import { RULES } from '../rules/registry';
import { evaluateCases, PROGRESS_EVERY } from '../rules/evaluate';
import { compileEnabledCustomRules } from '../rules/custom';
import type { Rule, RuleEnv } from '../rules/types';
import { loadCaseBundles } from '../../db/queries/audit';
import { auditFindingStates, auditWriters } from '../../db/queries/findings';
import { runRecorded } from './runs';

export interface AuditCounts {
  cases: number;
  detected: number;
  new: number;
  reopened: number;
  rectified: number;
  warnings: number;
}

export interface AuditSummary {
  runId: number;
  version: number;
  asOf: string;
  status: 'succeeded' | 'succeeded with errors';
  counts: AuditCounts;
  failedRules: { ruleId: string; error: string }[];
  /** Chinese notes about years counted by weekends only (empty when the calendar covers every year used). */
  calendarWarnings: string[];
}

const OPEN = new Set(['待处理', '已提示', '已通知']);
const SYSTEM_ACTOR = '日审核';

/**
 * `regenerate` is accepted for the job interface; an audit run is always a new version of its day.
 * `rules` replaces the registry's list (tests of rule isolation).
 */
export function runAudit(
  ctx: AppContext,
  opts: { asOf: string; regenerate?: boolean; rules?: readonly Rule[] },
): AuditSummary {
  const { db } = ctx;
  const asOf = opts.asOf;
  if (!isIsoDate(asOf)) throw new RangeError(`审核日期格式应为 YYYY-MM-DD：${asOf}`);
  const settings = getSettings(db);
  const cal = loadCalendar(db);
  const env: RuleEnv = {
    asOf,
    cal,
    settings,
    window: (id) =>
      Object.prototype.hasOwnProperty.call(settings.warningWindows, id) ? settings.warningWindows[id] : null,
  };
  // Every run of a day is its own version (regenerate): the run rows record each run.
  const r = runRecorded(
    db,
    'audit',
    asOf,
    asOf,
    ctx.actor,
    (run) => {
      ctx.progress?.({ phase: '读取案件数据' });
      const cases = loadCaseBundles(db);
      const custom = compileEnabledCustomRules(db, asOf);
      const rules = [...(opts.rules ?? RULES), ...custom.rules];
      const progress = ctx.progress;
      progress?.({ phase: '运行监控规则', done: 0, total: cases.length });
      const evaluated = evaluateCases(
        cases,
        rules,
        env,
        progress && ((done) => progress({ phase: '运行监控规则', done, total: cases.length })),
      );
      const result = { ...evaluated, failedRules: [...evaluated.failedRules, ...custom.failed] };
      const written = { done: 0, total: result.detections.length };
      progress?.({ phase: '更新监控问题', ...written });
      const failed = new Set(result.failedRules.map((f) => f.ruleId));
      const w = auditWriters(db);
      const at = chinaTimestamp();
      const existing = new Map(
        auditFindingStates(db).map((f) => [
          `${f.rule_id}\u0001${f.case_no}\u0001${f.person_no}\u0001${f.subject_key}`,
          f,
        ]),
      );
      const seen = new Set<string>();
      const counts: AuditCounts = { cases: cases.length, detected: 0, new: 0, reopened: 0, rectified: 0, warnings: 0 };
      const severity = new Map(rules.map((x) => [x.id, x.severity]));
      for (const d of result.detections) {
        if (progress && ++written.done % PROGRESS_EVERY === 0) progress({ phase: '更新监控问题', ...written });
        const personNo = d.personNo ?? '';
        const key = `${d.ruleId}\u0001${d.bundle.caseNo}\u0001${personNo}\u0001${d.subjectKey}`;
        if (seen.has(key)) continue;
        seen.add(key);
        counts.detected++;
        const v = {
          caseId: d.bundle.id,
          severity: severity.get(d.ruleId)!,
          kind: d.kind,
          dueOn: d.dueOn,
          daysLeft: d.daysLeft,
          message: d.message,
          department: d.bundle.department,
          prosecutor: d.bundle.prosecutor,
          asOf,
          fingerprint: d.fingerprint,
        };
        const f = existing.get(key);
        if (!f) {
          const id = w.insert(d.ruleId, d.bundle.caseNo, personNo, d.subjectKey, v);
          w.event({
            findingId: id,
            action: 'detect',
            onDate: asOf,
            at,
            actor: SYSTEM_ACTOR,
            from: null,
            to: '待处理',
            note: d.kind,
            runId: run.runId,
          });
          counts.new++;
          continue;
        }
        w.refresh(f.id, v);
        if (OPEN.has(f.status)) continue;
        const byAudit = f.status === '已整改' && f.closed_by !== 'user';
        const ruleBack = f.closed_by === 'rule';
        if (byAudit || ruleBack || f.closed_fingerprint !== d.fingerprint) {
          w.reopen(f.id, asOf);
          w.event({
            findingId: f.id,
            action: 'auto-reopen',
            onDate: asOf,
            at,
            actor: SYSTEM_ACTOR,
            from: f.status,
            to: '待处理',
            note: byAudit
              ? '审核再次发现该问题'
              : ruleBack
                ? '规则已重新启用，审核再次发现该问题'
                : '相关案件事实已变化，问题仍然存在',
            runId: run.runId,
          });
          counts.reopened++;
        }
      }
      for (const [key, f] of existing) {
        if (seen.has(key) || !OPEN.has(f.status) || failed.has(f.rule_id)) continue;
        w.rectify(f.id, asOf);
        w.event({
          findingId: f.id,
          action: 'auto-rectify',
          onDate: asOf,
          at,
          actor: SYSTEM_ACTOR,
          from: f.status,
          to: '已整改',
          note: '审核未再发现该问题',
          runId: run.runId,
        });
        counts.rectified++;
      }
      const wseen = new Set<string>();
      for (const x of result.warnings) {
        const key = `${x.ruleId}\u0001${x.bundle.caseNo}\u0001${x.personNo ?? ''}\u0001${x.subjectKey}`;
        if (wseen.has(key)) continue;
        wseen.add(key);
        w.warning(run.runId, {
          ruleId: x.ruleId,
          caseNo: x.bundle.caseNo,
          personNo: x.personNo,
          subjectKey: x.subjectKey,
          dueOn: x.dueOn,
          daysLeft: x.daysLeft,
          department: x.bundle.department,
          prosecutor: x.bundle.prosecutor,
          message: x.message,
        });
        counts.warnings++;
      }
      w.dropOtherWarnings(run.runId);
      const missing = new Set(cal.consultedMissingYears);
      if (!cal.years.has(+asOf.slice(0, 4))) missing.add(+asOf.slice(0, 4));
      const calendarWarnings = missingYearsWarning(missing);
      return {
        counts: { ...counts, calendarWarnings },
        failedRules: result.failedRules,
        summaryCounts: counts,
        calendarWarnings,
      };
    },
    { regenerate: true },
  );
  return {
    runId: r.runId,
    version: r.version,
    asOf,
    status: r.failedRules.length ? 'succeeded with errors' : 'succeeded',
    counts: r.summaryCounts,
    failedRules: r.failedRules,
    calendarWarnings: r.calendarWarnings,
  };
}
