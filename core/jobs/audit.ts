/**
 * The daily audit (日审核, jobs.md): every rule over every case as of a date, in one transaction
 * recorded as the job run `audit:<asOf>`.
 *
 * The audit sees the office AS IT STOOD ON ITS DATE (the as-of view: db/queries/asof.ts, applied by
 * loadCaseBundles to every bundle): cases received later are absent, later decisions, conclusions, judgments,
 * measures, events and documents have not happened yet. So an audit for the last day of a month run weeks
 * later finds what an audit on that day would have found.
 *
 * Every run keeps what it found in its run (run_findings: each finding with its status, deadline and message
 * as of the run's date; warnings: the run's 临期预警), so a month's inspection and its bulletins read their
 * own audit, whatever ran since.
 *
 * Which audit moves the findings' lifecycle (rules.md): the audit with the latest date so far (normally
 * today's). Re-running the same day is a new version of that day and updates findings in place by identity
 * (ruleId, caseNo, personNo, subjectKey), never duplicating them. Per finding of source 审核 (findings of
 * source 检务督查 are never touched):
 *   detected, unknown          → insert 待处理, first_seen = asOf             (event 'detect')
 *   detected, open             → last_seen = asOf, message/due/fingerprint refreshed
 *   detected, 已整改 by audit   → 待处理 again                                 (event 'auto-reopen')
 *   detected, closed by a user → stays closed while fingerprint = closed_fingerprint (or the audit's date is
 *                                before the user closed it); else 待处理      (event 'auto-reopen')
 *   detected, closed because its custom rule was disabled (closed_by 'rule') → 待处理 again (event 'auto-reopen')
 *   not detected, open         → 已整改, rectified_on = asOf                   (event 'auto-rectify')
 * An audit for a date EARLIER than one already audited (the month's inspection after today's audit, a
 * catch-up, `audit --date` in the past) reports as of its date and changes no status a later audit judged:
 *   detected, unknown          → inserted with first_seen = asOf; 已整改 as of the first later audit that did
 *                                not find it (that audit's date), as if the audits had run in date order
 *   detected, first seen later → first_seen (and the 'detect' entry) move back to asOf
 *   not detected, rectified by a later audit and last seen before asOf → the rectification moves back to asOf
 * so running today's audit before last month's inspection or after it gives the same bulletins.
 * Findings of a rule that failed in this run are left as they were.
 *
 * The office's enabled custom rules (custom-rules.md) are compiled once per run and evaluated in the same
 * pass over the same case bundles, after the built-in rules; their findings go through the same lifecycle.
 */
import type { AppContext } from '../context';
import { todayOf } from '../context';
import { chinaTimestamp, isIsoDate } from '../dates';
import { getSettings } from '../settings';
import { loadCalendar, missingYearsWarning } from '../calendar';
import { RULES } from '../rules/registry';
import { PROGRESS_EVERY } from '../rules/evaluate';
import { evaluateStore } from '../rules/parallel';
import { compileEnabledCustomRules } from '../rules/custom';
import type { Rule } from '../rules/types';
import {
  auditFindingStates,
  auditRunsAfter,
  auditWriters,
  lastEventsAsOf,
  latestAuditAsOf,
  pruneAuditRunRows,
  type AuditFindingState,
  type RunFindingValues,
} from '../../db/queries/findings';
import { runRecorded } from './runs';
import { refuseFutureAudit } from './not-yet';
import { markOverdueRectification } from '../escalation';
import { deadlineWriters } from '../../db/queries/deadlines';

export { DEADLINE_HORIZON_DAYS } from '../rules/env';

export interface AuditCounts {
  cases: number;
  detected: number;
  new: number;
  reopened: number;
  rectified: number;
  warnings: number;
  /** Findings whose first seen moved back to this audit's date (an audit for an earlier date). */
  firstSeenMoved: number;
  /** Findings this run found 逾期未整改 (jobs.md *Escalation*): newly, or earlier than a later audit had. */
  overdue: number;
}

export interface AuditSummary {
  runId: number;
  version: number;
  asOf: string;
  status: 'succeeded' | 'succeeded with errors';
  /** True when this audit moved the findings' lifecycle (its date is the latest audited so far). */
  lifecycle: boolean;
  counts: AuditCounts;
  failedRules: { ruleId: string; error: string }[];
  /** Chinese notes about years counted by weekends only (empty when the calendar covers every year used). */
  calendarWarnings: string[];
}

const OPEN = new Set(['待处理', '已提示', '已通知']);
const USER_CLOSE = new Set(['rectify', 'waive']);
const SYSTEM_ACTOR = '日审核';

/** A finding's (or warning's) identity (rules.md): the same problem of the same case, person and subject. */
function identity(ruleId: string, caseNo: string, personNo: string, subjectKey: string): string {
  return `${ruleId}\u0001${caseNo}\u0001${personNo}\u0001${subjectKey}`;
}

/** A finding's status on the audit's date, from its last history entry on or before that date, given that the audit found it. */
function statusFound(last: { action: string; to: string } | undefined): string {
  if (!last) return '待处理';
  if (OPEN.has(last.to)) return last.to;
  if (USER_CLOSE.has(last.action)) return last.to; // closed by the user by then
  return '待处理'; // rectified by an earlier audit, found again
}

/**
 * `regenerate` is accepted for the job interface; an audit run is always a new version of its day.
 * `rules` replaces the registry's list (tests of rule isolation). `today` (default: the door's, todayOf(ctx))
 * refuses a date that has not come yet. `parallel` (default: on when the audit owns its transaction; the second thread
 * is then used when a core is free) lets a large store be evaluated on two threads (core/rules/parallel.ts); the result
 * is the same either way.
 */
export function runAudit(
  ctx: AppContext,
  opts: { asOf: string; regenerate?: boolean; rules?: readonly Rule[]; today?: string; parallel?: boolean | 'always' },
): AuditSummary {
  const { db } = ctx;
  const asOf = opts.asOf;
  if (!isIsoDate(asOf)) throw new RangeError(`审核日期格式应为 YYYY-MM-DD：${asOf}`);
  refuseFutureAudit(asOf, opts.today ?? todayOf(ctx));
  const settings = getSettings(db);
  const cal = loadCalendar(db);
  const windowOf = (id: string): number | null =>
    Object.prototype.hasOwnProperty.call(settings.warningWindows, id) ? settings.warningWindows[id] : null;
  // The audit's evaluation can read the store on a second thread (core/rules/parallel.ts) when it owns its
  // transaction (a caller's transaction might hold case rows another connection cannot see), and a core is free.
  // Measured on the 2-core bench machine, quiet, after the audit's read was made lean: 2.0–2.3 s at 100k on two
  // threads against 2.6 s on one, 15.0 s against 21.1 s at 1M.
  const parallel = opts.parallel ?? !db.inTransaction;
  // Every run of a day is its own version (regenerate): the run rows record each run.
  const r = runRecorded(
    db,
    'audit',
    asOf,
    asOf,
    ctx.actor,
    (run) => {
      const latest = latestAuditAsOf(db);
      const lifecycle = latest == null || asOf >= latest;
      ctx.progress?.({ phase: '读取案件数据' });
      const custom = compileEnabledCustomRules(db, asOf);
      const rules = [...(opts.rules ?? RULES), ...custom.rules];
      const progress = ctx.progress;
      // The findings this run may update, read while the evaluation's worker starts (evaluateStore `alongside`).
      let existing = new Map<string, AuditFindingState>();
      const evaluated = evaluateStore({
        db,
        asOf,
        rules,
        settings,
        cal,
        parallel,
        onProgress: progress && ((done, total) => progress({ phase: '运行监控规则', done, total })),
        alongside: () => {
          existing = new Map(
            auditFindingStates(db).map((f) => [identity(f.rule_id, f.case_no, f.person_no, f.subject_key), f]),
          );
        },
      });
      const result = { ...evaluated, failedRules: [...evaluated.failedRules, ...custom.failed] };
      const written = { done: 0, total: result.detections.length };
      progress?.({ phase: '更新监控问题', ...written });
      const failed = new Set(result.failedRules.map((f) => f.ruleId));
      const w = auditWriters(db);
      const at = chinaTimestamp();
      // An audit for an earlier date: the audits after it, for "as of the first later audit that did not find it".
      const later = lifecycle ? [] : auditRunsAfter(db, asOf);
      const seen = new Set<string>();
      const reported: RunFindingValues[] = [];
      const counts: AuditCounts = {
        cases: evaluated.cases,
        detected: 0,
        new: 0,
        reopened: 0,
        rectified: 0,
        warnings: 0,
        firstSeenMoved: 0,
        overdue: 0,
      };
      const severity = new Map(rules.map((x) => [x.id, x.severity]));
      const laterNote = (on: string) => `（${on} 的审核补充发现，该日之后已审核至 ${latest}）`;
      for (const d of result.detections) {
        if (progress && ++written.done % PROGRESS_EVERY === 0) progress({ phase: '更新监控问题', ...written });
        const personNo = d.personNo ?? '';
        const key = identity(d.ruleId, d.bundle.caseNo, personNo, d.subjectKey);
        if (seen.has(key)) continue;
        seen.add(key);
        counts.detected++;
        const v = {
          caseId: d.bundle.id,
          severity: severity.get(d.ruleId) ?? '轻微',
          kind: d.kind,
          dueOn: d.dueOn,
          daysLeft: d.daysLeft,
          message: d.message,
          department: d.bundle.department,
          prosecutor: d.bundle.prosecutor,
          asOf,
          fingerprint: d.fingerprint,
        };
        // status '' until the run's history is written (statusFound), except for a finding this run inserts.
        const report = (findingId: number, status = '') =>
          reported.push({
            findingId,
            status,
            kind: d.kind,
            dueOn: d.dueOn,
            daysLeft: d.daysLeft,
            message: d.message,
            department: d.bundle.department,
            prosecutor: d.bundle.prosecutor,
          });
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
            note: lifecycle ? d.kind : `${d.kind}${laterNote(asOf)}`,
            runId: run.runId,
          });
          counts.new++;
          report(id, '待处理');
          // As if the audits had run in date order: the first later audit that judged this rule and did not
          // find the finding rectified it on its date.
          const judge = later.find((x) => !x.failedRules.includes(d.ruleId));
          if (judge) {
            w.rectify(id, judge.asOf);
            w.event({
              findingId: id,
              action: 'auto-rectify',
              onDate: judge.asOf,
              at,
              actor: SYSTEM_ACTOR,
              from: '待处理',
              to: '已整改',
              note: `${judge.asOf} 的审核未发现该问题`,
              runId: run.runId,
            });
          }
          continue;
        }
        report(f.id);
        if (!lifecycle) {
          if (f.first_seen > asOf) {
            w.moveFirstSeen(
              f.id,
              asOf,
              `（首次发现日期由 ${f.first_seen} 前移至 ${asOf}：${asOf} 的审核也发现了该问题）`,
            );
            counts.firstSeenMoved++;
          }
          w.moveLastSeen(f.id, asOf);
          continue;
        }
        w.refresh(f, v);
        if (OPEN.has(f.status)) continue;
        const byAudit = f.status === '已整改' && f.closed_by !== 'user';
        // A user's close is judged against the facts from its own day on: an audit for an earlier date cannot
        // tell whether the facts changed since.
        const factsChanged = f.closed_fingerprint !== d.fingerprint && asOf >= f.status_on;
        const ruleBack = f.closed_by === 'rule';
        if (byAudit || ruleBack || factsChanged) {
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
        if (seen.has(key) || failed.has(f.rule_id)) continue;
        if (!lifecycle) {
          // Gone by this earlier date, and not seen again since: the later audit's rectification moves back here.
          if (
            f.status === '已整改' &&
            f.closed_by === 'audit' &&
            f.rectified_on != null &&
            f.rectified_on > asOf &&
            f.last_seen < asOf
          ) {
            w.moveRectification(
              f.id,
              f.rectified_on,
              asOf,
              `（${asOf} 的审核已未发现该问题，整改日期由 ${f.rectified_on} 前移）`,
            );
          }
          continue;
        }
        if (!OPEN.has(f.status)) continue;
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
      // What this run reports: every finding it found, with its status on the audit's date.
      // A finding this run inserted is 待处理 on the run's date (its 'detect' entry is its last on or before it; a
      // later audit's rectification is dated after it): only findings found again need their history read.
      const lastEvents = reported.some((x) => !x.status) ? lastEventsAsOf(db, asOf) : null;
      const statusOf = (x: RunFindingValues) => x.status || statusFound(lastEvents?.get(x.findingId));
      // An audit that moves the lifecycle has written into each finding exactly what it reports of it.
      if (lifecycle)
        w.runFindingsAsWritten(
          run.runId,
          reported.map((x) => [x.findingId, statusOf(x)]),
        );
      else for (const x of reported) w.runFinding(run.runId, { ...x, status: statusOf(x) });
      const wseen = new Set<string>();
      const dl = deadlineWriters(db);
      for (const x of result.warnings) {
        const key = identity(x.ruleId, x.bundle.caseNo, x.personNo ?? '', x.subjectKey);
        if (wseen.has(key)) continue;
        wseen.add(key);
        const own = windowOf(x.ruleId);
        const inWindow = own != null && x.daysLeft <= own;
        dl.insert(run.runId, {
          ruleId: x.ruleId,
          caseNo: x.bundle.caseNo,
          personNo: x.personNo,
          subjectKey: x.subjectKey,
          dueOn: x.dueOn,
          daysLeft: x.daysLeft,
          inWindow,
          department: x.bundle.department,
          prosecutor: x.bundle.prosecutor,
          message: x.message,
        });
        if (!inWindow) continue;
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
      // 逾期未整改 from what this run reports open on its date (after the lifecycle: a finding it found rectified
      // is not open); an audit for an earlier date may find it earlier than a later audit did.
      counts.overdue = markOverdueRectification(db, { asOf, runId: run.runId, at, lifecycle });
      pruneAuditRunRows(db, run.runId);
      const missing = new Set(cal.consultedMissingYears);
      if (!cal.years.has(+asOf.slice(0, 4))) missing.add(+asOf.slice(0, 4));
      const calendarWarnings = missingYearsWarning(missing);
      return {
        counts: { ...counts, lifecycle, calendarWarnings },
        failedRules: result.failedRules,
        summaryCounts: counts,
        lifecycle,
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
    lifecycle: r.lifecycle,
    counts: r.summaryCounts,
    failedRules: r.failedRules,
    calendarWarnings: r.calendarWarnings,
  };
}
