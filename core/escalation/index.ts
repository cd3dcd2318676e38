/**
 * Escalation to the inspection department (督查移送, jobs.md *Escalation*):
 *
 *   notice issued ──reply deadline passes──▶ next audit: 逾期未整改 (as of that audit's date, red in the UI)
 *        ──month M over──▶ M's referral package proposes it (逾期未整改问题移送清单)
 *        ──user may exclude it with a reason (or restore it) before export──▶
 *        ──package version frozen──▶ 已移送督查 (with the package) in the finding's history; the dossier counts it.
 *
 * Nothing here reads the wall clock for a date that matters: the audit hands in its as-of date, the
 * package its production date; `at` timestamps only record when a row was written.
 * Escalation never changes a finding's status: its history lives in escalation_events, beside the
 * status history (finding_events) the figures read.
 */
import type { AppContext } from '../context';
import type { Db } from '../../db/store';
import { chinaTimestamp, dateLabel, isIsoDate, isMonthKey, monthLabel, monthPeriod } from '../dates';
import { HandlerError } from '../errors';
import { recordAction } from '../audit-trail';
import { maskNamesIn } from '../shared/mask';
import { ruleCatalogue } from '../rules/catalogue';
import * as q from '../../db/queries/escalation';
import { personNamesByCase } from '../../db/queries/metrics';

export const OVERDUE_ACTOR = '日审核';

/** Chinese names of the escalation history's actions (the finding's history shows them beside status changes). */
export const ESCALATION_ACTIONS: Record<string, string> = {
  overdue: '逾期未整改',
  'overdue-cleared': '解除逾期未整改',
  exclude: '不予移送',
  restore: '恢复移送',
  refer: '已移送督查',
  unrefer: '撤回移送',
};

/**
 * The audit's step (jobs.md): every finding the audit as of `asOf` reports still open (after its lifecycle: a
 * finding it found rectified is not), under a notice issued by `asOf` whose reply deadline is before `asOf`,
 * becomes 逾期未整改 as of `asOf`. An audit for an earlier date (a month's inspection run after today's audit)
 * finds it earlier than a later audit did: its date moves back, as first seen does (rules.md), so the order in
 * which the audits ran does not change which month's package proposes it. Set-wise: one query, then one update
 * and one history row per finding. Call inside the audit's transaction, after its run_findings are written.
 */
export function markOverdueRectification(
  db: Db,
  run: { asOf: string; runId: number; at: string; lifecycle: boolean },
): number {
  const found = q.overdueCandidates(db, run.asOf, run.runId, run.lifecycle);
  for (const c of found) {
    q.setOverdue(db, c.findingId, run.asOf, c.noticeId);
    const due = `流程监控通知书${c.number}要求于${dateLabel(c.replyDueOn)}前回复整改情况，期限已过，问题仍未整改`;
    q.insertEscalationEvent(db, {
      finding_id: c.findingId,
      action: 'overdue',
      on_date: run.asOf,
      at: run.at,
      actor: OVERDUE_ACTOR,
      month: run.asOf.slice(0, 7),
      version: null,
      notice_id: c.noticeId,
      note: c.overdueOn
        ? `${due}（逾期未整改日期由 ${c.overdueOn} 前移至 ${run.asOf}：${run.asOf} 的审核已认定）`
        : due,
      run_id: run.runId,
    });
  }
  return found.length;
}

// ---- the month's referral proposals ---------------------------------------------------------

export interface Proposal {
  findingId: number;
  ruleId: string;
  ruleTitle: string;
  area: string;
  severity: string;
  status: string;
  caseNo: string;
  /** 案件名称, suspects' names masked */
  title: string;
  /** the finding's message, suspects' names masked */
  message: string;
  department: string;
  prosecutor: string;
  firstSeen: string;
  rectifiedOn: string | null;
  overdueOn: string;
  notice: { id: number; number: string; issuedOn: string; replyDueOn: string; replyOn: string | null } | null;
  excluded: { reason: string; by: string; at: string } | null;
  referred: { month: string; version: number; on: string } | null;
}

function checkMonth(month: string): void {
  if (!isMonthKey(month)) throw new HandlerError(`月份“${month}”无效，应为 YYYY-MM`, 400);
}

/** The findings that became 逾期未整改 in month M, each with its notice, its exclusion and its referral (names masked). */
export function referralProposals(db: Db, month: string): Proposal[] {
  checkMonth(month);
  const p = monthPeriod(month);
  const rows = q.proposalsBetween(db, month, p.start, p.end);
  const names = personNamesByCase(
    db,
    rows.map((r) => r.caseId).filter((x): x is number => x != null),
  );
  const rules = ruleCatalogue(db);
  return rows.map((r) => {
    const nm = r.caseId != null ? (names.get(r.caseId) ?? []) : [];
    const rule = rules.info(r.ruleId);
    return {
      findingId: r.findingId,
      ruleId: r.ruleId,
      ruleTitle: rule.title,
      area: rule.area,
      severity: r.severity,
      status: r.status,
      caseNo: r.caseNo,
      title: maskNamesIn(r.title, nm),
      message: maskNamesIn(r.message, nm),
      department: r.department,
      prosecutor: r.prosecutor,
      firstSeen: r.firstSeen,
      rectifiedOn: r.rectifiedOn,
      overdueOn: r.overdueOn,
      notice:
        r.noticeId != null && r.noticeNumber != null
          ? {
              id: r.noticeId,
              number: r.noticeNumber,
              issuedOn: r.issuedOn!,
              replyDueOn: r.replyDueOn!,
              replyOn: r.replyOn,
            }
          : null,
      excluded: r.excludedReason != null ? { reason: r.excludedReason, by: r.excludedBy!, at: r.excludedAt! } : null,
      referred:
        r.referredMonth != null
          ? { month: r.referredMonth, version: r.referredVersion ?? 1, on: r.referredOn ?? '' }
          : null,
    };
  });
}

/** A user action's civil date (default: today in China, as for status changes). */
function checkDate(d: string | undefined): void {
  if (d != null && !isIsoDate(d)) throw new HandlerError(`日期格式应为 YYYY-MM-DD：${d}`, 400);
}

function proposalOf(db: Db, month: string, findingId: number): Proposal {
  const p = referralProposals(db, month).find((x) => x.findingId === findingId);
  if (!p)
    throw new HandlerError(
      `监控问题 ${findingId} 不在${monthLabel(month)}逾期未整改问题移送清单中（只有当月成为逾期未整改的问题才会提请移送）`,
      404,
    );
  return p;
}

/** Excludes a proposed finding from month M's referral with a reason (takes effect in the next package version). */
export function excludeFromReferral(
  ctx: AppContext,
  input: { month: string; findingId: number; reason: string; onDate?: string },
): Proposal {
  checkMonth(input.month);
  checkDate(input.onDate);
  const reason = input.reason?.trim();
  if (!reason) throw new HandlerError('不予移送必须填写理由', 400);
  const { db } = ctx;
  return db
    .transaction(() => {
      const before = proposalOf(db, input.month, input.findingId);
      const at = chinaTimestamp();
      q.putExclusion(db, { month: input.month, findingId: input.findingId, reason, actor: ctx.actor, at });
      q.insertEscalationEvent(db, {
        finding_id: input.findingId,
        action: 'exclude',
        on_date: input.onDate ?? at.slice(0, 10),
        at,
        actor: ctx.actor,
        month: input.month,
        version: null,
        notice_id: null,
        note: `不列入${monthLabel(input.month)}逾期未整改问题移送清单；理由：${reason}`,
        run_id: null,
      });
      recordAction(
        db,
        ctx.actor,
        'escalation.exclude',
        `finding:${input.findingId}`,
        before.excluded ? { reason: before.excluded.reason } : null,
        { month: input.month, reason },
      );
      return proposalOf(db, input.month, input.findingId);
    })
    .immediate();
}

/** Puts an excluded finding back on month M's referral list. */
export function restoreToReferral(
  ctx: AppContext,
  input: { month: string; findingId: number; onDate?: string },
): Proposal {
  checkMonth(input.month);
  checkDate(input.onDate);
  const { db } = ctx;
  return db
    .transaction(() => {
      const before = proposalOf(db, input.month, input.findingId);
      if (!before.excluded) throw new HandlerError(`监控问题 ${input.findingId} 未被排除，无需恢复`, 409);
      const at = chinaTimestamp();
      q.deleteExclusion(db, input.month, input.findingId);
      q.insertEscalationEvent(db, {
        finding_id: input.findingId,
        action: 'restore',
        on_date: input.onDate ?? at.slice(0, 10),
        at,
        actor: ctx.actor,
        month: input.month,
        version: null,
        notice_id: null,
        note: `重新列入${monthLabel(input.month)}逾期未整改问题移送清单`,
        run_id: null,
      });
      recordAction(
        db,
        ctx.actor,
        'escalation.restore',
        `finding:${input.findingId}`,
        { reason: before.excluded.reason },
        { month: input.month },
      );
      return proposalOf(db, input.month, input.findingId);
    })
    .immediate();
}

/**
 * A package version of month M was frozen: its referred findings become 已移送督查 (with that package) and
 * findings an earlier version referred that this one excludes are withdrawn from referral (撤回移送).
 * Call inside the freezing transaction. `on` is the package's production date.
 */
export function recordReferral(
  db: Db,
  r: {
    month: string;
    version: number;
    on: string;
    actor: string;
    referred: number[];
    excluded: { findingId: number; reason: string }[];
  },
): void {
  const at = chinaTimestamp();
  const already = new Map(q.referredInMonth(db, r.month).map((x) => [x.findingId, x.version]));
  const label = `${monthLabel(r.month)}逾期未整改问题移送清单（第${r.version}版）`;
  for (const id of r.referred) {
    if (already.has(id)) continue;
    q.setReferred(db, id, { month: r.month, version: r.version, on: r.on });
    q.insertEscalationEvent(db, {
      finding_id: id,
      action: 'refer',
      on_date: r.on,
      at,
      actor: r.actor,
      month: r.month,
      version: r.version,
      notice_id: null,
      note: `随${label}移送检务督查部门`,
      run_id: null,
    });
  }
  for (const x of r.excluded) {
    if (!already.has(x.findingId)) continue;
    q.setReferred(db, x.findingId, null);
    q.insertEscalationEvent(db, {
      finding_id: x.findingId,
      action: 'unrefer',
      on_date: r.on,
      at,
      actor: r.actor,
      month: r.month,
      version: r.version,
      notice_id: null,
      note: `${label}不再移送；理由：${x.reason}`,
      run_id: null,
    });
  }
}

export interface EscalationHistoryEntry {
  action: string;
  onDate: string;
  at: string;
  actor: string;
  /** what the finding became in escalation terms (逾期未整改, 已移送督查, …) */
  label: string;
  note: string | null;
  month: string | null;
  version: number | null;
  runId: number | null;
}

/** A finding's escalation history, oldest first. */
export function escalationHistory(db: Db, findingId: number): EscalationHistoryEntry[] {
  return q.escalationEvents(db, findingId).map((e) => ({
    action: e.action,
    onDate: e.on_date,
    at: e.at,
    actor: e.actor,
    label: ESCALATION_ACTIONS[e.action] ?? e.action,
    note: e.note,
    month: e.month,
    version: e.version,
    runId: e.run_id,
  }));
}
