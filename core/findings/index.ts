/**
 * The findings lifecycle (jobs.md "Findings"): reading findings and warnings, and the one API for
 * user status changes. The audit's own transitions (detect, auto-rectify, auto-reopen) live in
 * core/jobs/audit.ts.
 *
 *   待处理 ──remind──▶ 已提示 ──notice──▶ 已通知
 *     │  └──────────notice────────────────▲
 *     ├─ rectify ─▶ 已整改   (by hand: stays closed while the facts stay the same)
 *     └─ waive ───▶ 不予纠正 (reason required; same)
 *   已整改 / 不予纠正 ──reopen──▶ 待处理
 */
import type { AppContext } from '../context';
import { todayOf } from '../context';
import type { Db } from '../../db/store';
import { chinaTimestamp, diffDays, isIsoDate } from '../dates';
import { recordAction } from '../audit-trail';
import { ruleCatalogue, type RuleCatalogue } from '../rules/catalogue';
import { maskName } from '../shared/mask';
import * as q from '../../db/queries/findings';
import { escalationHistory } from '../escalation';

export const FINDING_STATUSES = ['待处理', '已提示', '已通知', '已整改', '不予纠正'] as const;
export type FindingStatus = (typeof FINDING_STATUSES)[number];
export const OPEN_STATUSES: FindingStatus[] = ['待处理', '已提示', '已通知'];
export const STATUS_ACTIONS = ['remind', 'notice', 'rectify', 'waive', 'reopen'] as const;
export type StatusAction = (typeof STATUS_ACTIONS)[number];

export class FindingError extends Error {
  constructor(
    message: string,
    readonly code: 'NOT_FOUND' | 'INVALID' = 'INVALID',
  ) {
    super(message);
    this.name = 'FindingError';
  }
}

export interface FindingView {
  id: number;
  ruleId: string;
  title: string;
  area: string;
  severity: string;
  basis: string;
  source: string;
  status: string;
  kind: string | null;
  caseNo: string;
  personNo: string | null;
  /** The suspect as shown: masked name and number, '张某某（1号）' (null for a finding about no person). */
  person: string | null;
  subjectKey: string;
  dueOn: string | null;
  daysLeft: number | null;
  department: string | null;
  prosecutor: string | null;
  firstSeen: string;
  lastSeen: string;
  rectifiedOn: string | null;
  statusOn: string;
  noticeId: number | null;
  waiveReason: string | null;
  message: string;
  suggestion: string;
  /** 逾期未整改 since this audit date (jobs.md *Escalation*); kept after the finding closes, as a record */
  overdueOn: string | null;
  /** open and 逾期未整改: shown red */
  overdueRectification: boolean;
  /** 已移送督查: the referral package (month, version) and its date */
  referred: { month: string; version: number; on: string } | null;
}

const SUGGESTION: Record<string, string> = {
  轻微: '口头提示',
  较重: '发出流程监控通知书',
  严重: '发出流程监控通知书并报检察长',
};

export function toView(r: q.FindingRow, rules: RuleCatalogue): FindingView {
  const rule = rules.info(r.rule_id);
  return {
    id: r.id,
    ruleId: r.rule_id,
    title: rule.title,
    area: rule.area,
    severity: r.severity,
    basis: rule.basis,
    source: r.source,
    status: r.status,
    kind: r.kind,
    caseNo: r.case_no,
    personNo: r.person_no === '' ? null : r.person_no,
    person: r.person_no === '' ? null : personLabel(r.person_name ?? null, r.person_no),
    subjectKey: r.subject_key,
    dueOn: r.due_on,
    daysLeft: r.days_left,
    department: r.department,
    prosecutor: r.prosecutor,
    firstSeen: r.first_seen,
    lastSeen: r.last_seen,
    rectifiedOn: r.rectified_on,
    statusOn: r.status_on,
    noticeId: r.notice_id,
    waiveReason: r.waive_reason,
    message: r.message,
    suggestion: SUGGESTION[r.severity] ?? '',
    overdueOn: r.overdue_on ?? null,
    overdueRectification: r.overdue_on != null && (OPEN_STATUSES as string[]).includes(r.status),
    referred:
      r.referred_month != null
        ? { month: r.referred_month, version: r.referred_version ?? 1, on: r.referred_on ?? '' }
        : null,
  };
}

/** A suspect as lists show him: masked name and number (张某某（1号）), or the number alone when unnamed. */
export function personLabel(name: string | null, personNo: string): string {
  return name ? `${maskName(name)}（${personNo}号）` : `${personNo}号嫌疑人`;
}

export interface FindingFilter {
  status?: string | string[];
  ruleId?: string;
  area?: string;
  department?: string;
  /** Any of these departments (我的…: the chosen clerk's departments). */
  departments?: string[];
  prosecutor?: string;
  caseNo?: string;
  overdueRectification?: boolean;
  /** Text search over 部门受案号, 问题, 规则, 承办部门/检察官 and suspects' names. */
  q?: string;
  /** First seen on or after this date. */
  firstSeenFrom?: string;
  /** Past its deadline as of this date. */
  overdueOn?: string;
  /** In a notice whose reply is overdue on this date (逾期未回复). */
  replyOverdueOn?: string;
  limit?: number;
  offset?: number;
}

export function listFindings(db: Db, filter: FindingFilter = {}): { findings: FindingView[]; total: number } {
  let ruleIds: string[] | undefined;
  if (filter.ruleId) ruleIds = [filter.ruleId];
  if (filter.area) {
    const ofArea = ruleCatalogue(db).idsOfArea(filter.area);
    ruleIds = ruleIds ? ruleIds.filter((id) => ofArea.includes(id)) : ofArea;
  }
  const statuses = filter.status == null ? undefined : Array.isArray(filter.status) ? filter.status : [filter.status];
  const text = filter.q?.trim();
  const catalogue = ruleCatalogue(db);
  const { rows, total } = q.queryFindings(db, {
    statuses,
    ruleIds,
    department: filter.department,
    departments: filter.departments,
    prosecutor: filter.prosecutor,
    caseNo: filter.caseNo,
    overdueRectification: filter.overdueRectification,
    text,
    // Rule titles live in the catalogue (built-in and custom rules), not in the store's findings.
    textRuleIds: text
      ? catalogue.entries.filter((r) => r.title.includes(text) || r.id === text.toUpperCase()).map((r) => r.id)
      : undefined,
    firstSeenFrom: filter.firstSeenFrom,
    overdueOn: filter.overdueOn,
    replyOverdueOn: filter.replyOverdueOn,
    limit: filter.limit,
    offset: filter.offset,
  });
  return { findings: rows.map((r) => toView(r, catalogue)), total };
}

export interface FindingHistoryEntry {
  action: string;
  onDate: string;
  at: string;
  actor: string;
  from: string | null;
  to: string;
  note: string | null;
  runId: number | null;
  /** 'status': a status change (finding_events); 'escalation': 逾期未整改, 移送督查 … (escalation_events), `to` is its label */
  kind: 'status' | 'escalation';
}

export function getFinding(db: Db, id: number): (FindingView & { history: FindingHistoryEntry[] }) | null {
  const r = q.getFindingRow(db, id);
  if (!r) return null;
  const status: FindingHistoryEntry[] = q.findingEvents(db, id).map((e) => ({
    action: e.action,
    onDate: e.on_date,
    at: e.at,
    actor: e.actor,
    from: e.from_status,
    to: e.to_status,
    note: e.note,
    runId: e.run_id,
    kind: 'status',
  }));
  const escalation: FindingHistoryEntry[] = escalationHistory(db, id).map((e) => ({
    action: e.action,
    onDate: e.onDate,
    at: e.at,
    actor: e.actor,
    from: null,
    to: e.label,
    note: e.note,
    runId: e.runId,
    kind: 'escalation',
  }));
  escalation.sort((a, b) => a.onDate.localeCompare(b.onDate) || a.at.localeCompare(b.at));
  // One timeline: the status history in the order written (its dates need not rise: a disabled rule's waiver is dated
  // today, an audit's reopening its as-of date), each escalation entry before the first status entry dated after it.
  const history: FindingHistoryEntry[] = [];
  let j = 0;
  for (const s of status) {
    while (j < escalation.length && escalation[j].onDate < s.onDate) history.push(escalation[j++]);
    history.push(s);
  }
  history.push(...escalation.slice(j));
  return { ...toView(r, ruleCatalogue(db)), history };
}

export interface WarningView {
  ruleId: string;
  title: string;
  caseNo: string;
  personNo: string | null;
  /** Masked name and number, '张某某（1号）'. */
  person: string | null;
  subjectKey: string;
  dueOn: string;
  daysLeft: number;
  department: string | null;
  prosecutor: string | null;
  message: string;
}

/** The current warnings (临期预警): those of the audit of the latest date, soonest first. */
export function listWarnings(db: Db): { asOf: string | null; warnings: WarningView[] } {
  const run = q.latestAuditRun(db);
  if (!run) return { asOf: null, warnings: [] };
  return { asOf: run.as_of, warnings: warningsOfRun(db, run.id) };
}

/**
 * What one audit run reported as of its date (its run_findings and warnings): the findings with their status,
 * deadline and message on that date (only `statuses` when given), and its warnings. An audit for an earlier
 * date reports here and nowhere else; findings' current state is listFindings.
 */
export function auditRunReport(
  db: Db,
  runId: number,
  statuses?: readonly string[],
): { findings: FindingView[]; warnings: WarningView[] } {
  const rules = ruleCatalogue(db);
  return {
    findings: q.findingsOfRun(db, runId, statuses).map((r) => toView(r, rules)),
    warnings: warningsOfRun(db, runId),
  };
}

function warningsOfRun(db: Db, runId: number): WarningView[] {
  const rules = ruleCatalogue(db);
  return q.warningsOfRun(db, runId).map((w) => ({
    ruleId: w.rule_id,
    title: rules.info(w.rule_id).title,
    caseNo: w.case_no,
    personNo: w.person_no,
    person: w.person_no ? personLabel(w.person_name ?? null, w.person_no) : null,
    subjectKey: w.subject_key,
    dueOn: w.due_on,
    daysLeft: w.days_left,
    department: w.department,
    prosecutor: w.prosecutor,
    message: w.message,
  }));
}

export interface StatusChange {
  action: StatusAction;
  note?: string;
  reason?: string;
  noticeId?: number;
  /** Civil date of the change (default: today in China). */
  onDate?: string;
}

const TARGET: Record<StatusAction, FindingStatus> = {
  remind: '已提示',
  notice: '已通知',
  rectify: '已整改',
  waive: '不予纠正',
  reopen: '待处理',
};
const ALLOWED_FROM: Record<StatusAction, FindingStatus[]> = {
  remind: ['待处理', '已提示'],
  notice: ['待处理', '已提示', '已通知'],
  rectify: ['待处理', '已提示', '已通知'],
  waive: ['待处理', '已提示', '已通知'],
  reopen: ['已整改', '不予纠正'],
};
const ACTION_LABEL: Record<StatusAction, string> = {
  remind: '口头提示',
  notice: '发出流程监控通知书',
  rectify: '确认整改',
  waive: '不予纠正',
  reopen: '重新打开',
};

/**
 * The one API for user status changes: validates the transition, updates the finding, writes its
 * history (finding_events) and the audit trail, all in one transaction. Refusals are Chinese.
 */
export function changeFindingStatus(ctx: AppContext, id: number, change: StatusChange): FindingView {
  const { db } = ctx;
  if (!(STATUS_ACTIONS as readonly string[]).includes(change.action))
    throw new FindingError(`未知的处理方式：${change.action}`);
  if (change.onDate != null && !isIsoDate(change.onDate))
    throw new FindingError(`日期格式应为 YYYY-MM-DD：${change.onDate}`);
  const onDate = change.onDate ?? todayOf(ctx);
  return db.transaction(() => {
    const r = q.getFindingRow(db, id);
    if (!r) throw new FindingError(`监控问题 ${id} 不存在`, 'NOT_FOUND');
    const from = r.status as FindingStatus;
    const to = TARGET[change.action];
    if (!ALLOWED_FROM[change.action].includes(from)) {
      throw new FindingError(
        `监控问题 ${id} 当前状态为“${from}”，不能${ACTION_LABEL[change.action]}` +
          (change.action === 'reopen'
            ? '（只有已整改或不予纠正的问题可以重新打开）'
            : change.action === 'remind' && from === '已通知'
              ? '（已发出通知书）'
              : '（问题已关闭，如需处理请先重新打开）'),
      );
    }
    const reason = change.reason?.trim();
    if (change.action === 'waive' && !reason) throw new FindingError('不予纠正必须填写理由');
    if (change.action === 'rectify' && diffDays(onDate, r.first_seen) < 0)
      throw new FindingError(`整改日期 ${onDate} 早于问题发现日期 ${r.first_seen}`);
    const closing = change.action === 'rectify' || change.action === 'waive';
    q.updateFindingStatus(db, id, {
      status: to,
      statusOn: onDate,
      rectifiedOn: change.action === 'rectify' ? onDate : null,
      closedBy: closing ? 'user' : null,
      closedFingerprint: closing ? r.fingerprint : null,
      noticeId: change.action === 'notice' ? (change.noticeId ?? null) : null,
      waiveReason: change.action === 'waive' ? reason : change.action === 'reopen' ? null : r.waive_reason,
    });
    const note =
      [
        change.note?.trim(),
        change.action === 'waive' ? `理由：${reason}` : null,
        change.noticeId != null ? `通知书 ${change.noticeId}` : null,
      ]
        .filter(Boolean)
        .join('；') || null;
    q.insertFindingEvent(db, {
      findingId: id,
      action: change.action,
      onDate,
      at: chinaTimestamp(),
      actor: ctx.actor,
      from,
      to,
      note,
    });
    recordAction(
      db,
      ctx.actor,
      `finding.${change.action}`,
      `finding:${id}`,
      { status: from },
      { status: to, note, onDate, noticeId: change.noticeId ?? null },
    );
    return toView(q.getFindingRow(db, id)!, ruleCatalogue(db));
  })();
}

/**
 * A finding leaves a notice that was withdrawn (撤回, jobs.md). When it is still in another notice in
 * force (stores from before one-notice-per-finding), it stays 已通知 under that one. Otherwise a finding
 * still 已通知 goes back to the status it had before the notice (待处理 or 已提示, from its history),
 * with an event 'notice-withdrawn'; a finding closed meanwhile keeps its status. Either way it is free
 * for a new notice. Call inside the withdrawal's transaction.
 */
export function releaseFromNotice(
  ctx: AppContext,
  id: number,
  noticeId: number,
  opts: { onDate: string; note: string; stillIn: number | null },
): void {
  const { db } = ctx;
  const r = q.getFindingRow(db, id);
  if (!r) return;
  if (opts.stillIn != null) {
    if (r.notice_id === noticeId) q.setFindingNotice(db, id, opts.stillIn);
    return;
  }
  if (r.status !== '已通知') {
    if (r.notice_id === noticeId) q.clearFindingNotice(db, id, r.status, r.status_on);
    return;
  }
  const noticed = q
    .findingEvents(db, id)
    .filter((e) => e.action === 'notice')
    .pop();
  const back: FindingStatus =
    noticed?.from_status === '待处理' || noticed?.from_status === '已提示' ? noticed.from_status : '待处理';
  q.clearFindingNotice(db, id, back, opts.onDate);
  q.insertFindingEvent(db, {
    findingId: id,
    action: 'notice-withdrawn',
    onDate: opts.onDate,
    at: chinaTimestamp(),
    actor: ctx.actor,
    from: r.status,
    to: back,
    note: opts.note,
  });
  recordAction(
    db,
    ctx.actor,
    'finding.notice-withdrawn',
    `finding:${id}`,
    { status: r.status, noticeId },
    { status: back, note: opts.note },
  );
}
