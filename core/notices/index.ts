/**
 * 流程监控通知书 (jobs.md): issued for one or more findings of ONE case, numbered per office and year
 * `{prefix}〔{year}〕{n}号`, reply deadline after noticeReplyDays (calendar or working days), marked
 * 报检察长 when a finding is 严重. Its content is frozen at issue (content_json), so the document
 * exported later says what was issued; what it asks for fits each finding (wording.ts). Issuing sets
 * each finding to 已通知 in the same transaction.
 *
 * A finding is in at most one notice that is not withdrawn: issuing for a finding already in one is
 * refused, naming that notice. A notice can be withdrawn (撤回) with a reason; its number is never
 * reused and its findings are free again. A reply is recorded from the notice or from any of its
 * findings. Status on a date: 已撤回, 已回复, 逾期未回复 (reply deadline passed), 待回复.
 */
import fs from 'node:fs';
import path from 'node:path';
import { todayOf, type AppContext } from '../context';
import { addDays, chinaTimestamp, dateLabel, isIsoDate, diffDays } from '../dates';
import { maskNamesIn } from '../shared/mask';
import { getSettings, noticePrefixOf } from '../settings';
import { noticeNumber } from '../shared/notice-number';
import { recordAction } from '../audit-trail';
import * as q from '../../db/queries/notices';
import type { NoticeStatus } from '../../db/queries/notices';
import { personNamesByCase } from '../../db/queries/metrics';
import { addWorkingDays, ruleInfo } from '../metrics/deps';
import { changeFindingStatus, releaseFromNotice } from '../findings';
import { correctionText, requestKindOf, requirementText, type RequestKind } from './wording';
import { renderDocx } from '../documents/docx';
import { renderHtml } from '../documents/html';
import { batchPrinter } from '../documents/export';
import { noticeDocument } from './document';
import type { OfficialDocument } from '../documents/model';

export class NoticeError extends Error {
  constructor(
    message: string,
    readonly code: 'INVALID' | 'NOT_FOUND' = 'INVALID',
  ) {
    super(message);
    this.name = 'NoticeError';
  }
}

export interface NoticeProblem {
  findingId: number;
  ruleId: string;
  ruleTitle: string;
  area: string;
  severity: string;
  message: string;
  basis: string;
  dueOn: string | null;
  /** What is asked for this problem (wording.ts); absent in notices issued before it existed. */
  request?: RequestKind;
  correction: string;
}

/** What the notice says, frozen at issue. Suspects' names are masked. */
export interface NoticeContent {
  number: string;
  office: string;
  officeShort: string;
  issuedOn: string;
  replyDueOn: string;
  replyDays: number;
  replyWorkingDays: boolean;
  toChief: boolean;
  addressee: { department: string; prosecutor: string };
  case: { caseNo: string; title: string; category: string | null; receivedOn: string | null };
  problems: NoticeProblem[];
  requirement: string;
}

export interface Notice {
  id: number;
  year: number;
  seq: number;
  number: string;
  caseNo: string;
  department: string | null;
  prosecutor: string | null;
  issuedOn: string;
  replyDueOn: string;
  toChief: boolean;
  replyOn: string | null;
  replyText: string | null;
  issuedBy: string;
  createdAt: string;
  withdrawnOn: string | null;
  withdrawnReason: string | null;
  withdrawnBy: string | null;
  /** On the day asked for (default today in China). */
  status: NoticeStatus;
  findingIds: number[];
  content: NoticeContent;
}

export { NOTICE_STATUSES, type NoticeStatus } from '../../db/queries/notices';

/** A notice's status on `asOf` (the same rule as db/queries/notices.ts STATUS_SQL). */
export function noticeStatus(
  n: { withdrawnOn: string | null; replyOn: string | null; replyDueOn: string },
  asOf: string,
): NoticeStatus {
  if (n.withdrawnOn) return '已撤回';
  if (n.replyOn) return '已回复';
  return n.replyDueOn < asOf ? '逾期未回复' : '待回复';
}

function toNotice(r: q.NoticeRow, findingIds: number[], asOf: string): Notice {
  return {
    id: r.id,
    year: r.year,
    seq: r.seq,
    number: r.number,
    caseNo: r.case_no,
    department: r.department,
    prosecutor: r.prosecutor,
    issuedOn: r.issued_on,
    replyDueOn: r.reply_due_on,
    toChief: !!r.to_chief,
    replyOn: r.reply_on,
    replyText: r.reply_text,
    issuedBy: r.issued_by,
    createdAt: r.created_at,
    withdrawnOn: r.withdrawn_on,
    withdrawnReason: r.withdrawn_reason,
    withdrawnBy: r.withdrawn_by,
    status: noticeStatus({ withdrawnOn: r.withdrawn_on, replyOn: r.reply_on, replyDueOn: r.reply_due_on }, asOf),
    findingIds,
    content: contentOf(r),
  };
}

/** The frozen content; a row written without one (older data, tests) gets a minimal content from its columns. */
function contentOf(r: q.NoticeRow): NoticeContent {
  let c: Partial<NoticeContent> = {};
  try {
    c = JSON.parse(r.content_json) as Partial<NoticeContent>;
  } catch {
    /* keep empty */
  }
  return {
    number: r.number,
    office: '',
    officeShort: '',
    issuedOn: r.issued_on,
    replyDueOn: r.reply_due_on,
    replyDays: 0,
    replyWorkingDays: false,
    toChief: !!r.to_chief,
    requirement: `请于${dateLabel(r.reply_due_on)}前将核查和整改情况书面回复案件管理部门。`,
    problems: [],
    ...c,
    addressee: { department: r.department ?? '', prosecutor: r.prosecutor ?? '', ...c.addressee },
    case: { caseNo: r.case_no, title: '', category: null, receivedOn: null, ...c.case },
  };
}

export function getNotice(ctx: AppContext, id: number, asOf: string = todayOf(ctx)): Notice {
  const r = q.getNoticeRow(ctx.db, id);
  if (!r) throw new NoticeError(`通知书 ${id} 不存在`, 'NOT_FOUND');
  return toNotice(r, q.findingIdsOf(ctx.db, id), asOf);
}

/**
 * A notice by what a user types: its full number (青检案管监〔2026〕3号), `〔2026〕3号`, `2026-3`, or the
 * sequence alone (3: the latest year that has a notice 3), or `#id`. Refused in Chinese when none or
 * several match.
 */
export function resolveNotice(ctx: AppContext, ref: string): number {
  const t = ref.trim();
  const byNumber = q.noticeIdByNumber(ctx.db, t);
  if (byNumber != null) return byNumber;
  const id = /^#(\d+)$/.exec(t);
  if (id) {
    if (!q.getNoticeRow(ctx.db, +id[1])) throw new NoticeError(`通知书 #${id[1]} 不存在`, 'NOT_FOUND');
    return +id[1];
  }
  const m = /^(?:.*〔(\d{4})〕(\d+)号|(\d{4})[-－/](\d+)|(\d+)号?)$/.exec(t);
  if (!m)
    throw new NoticeError(
      `通知书文号“${ref}”无法识别：请写完整文号（如 青检案管监〔2026〕3号）、〔2026〕3号、2026-3 或序号 3`,
      'NOT_FOUND',
    );
  const year = m[1] ?? m[3] ?? null;
  const seq = +(m[2] ?? m[4] ?? m[5]);
  const found = q.noticeIdsByYearSeq(ctx.db, year == null ? null : +year, seq);
  if (found.length === 0) throw new NoticeError(`没有文号为“${ref}”的流程监控通知书`, 'NOT_FOUND');
  return found[0].id;
}

export function listNotices(ctx: AppContext, filter: Omit<q.NoticeFilter, 'asOf'> & { asOf?: string } = {}) {
  const asOf = filter.asOf ?? todayOf(ctx);
  const { rows, total } = q.listNoticeRows(ctx.db, { ...filter, asOf });
  const names = personNamesByCase(
    ctx.db,
    rows.map((r) => r.case_id).filter((x): x is number => x != null),
  );
  return {
    total,
    notices: rows.map((r) => ({
      id: r.id,
      number: r.number,
      year: r.year,
      seq: r.seq,
      caseNo: r.case_no,
      title: r.title ? maskNamesIn(r.title, names.get(r.case_id ?? -1) ?? []) : null,
      department: r.department,
      prosecutor: r.prosecutor,
      issuedOn: r.issued_on,
      replyDueOn: r.reply_due_on,
      toChief: !!r.to_chief,
      replyOn: r.reply_on,
      replyText: r.reply_text,
      issuedBy: r.issued_by,
      withdrawnOn: r.withdrawn_on,
      withdrawnReason: r.withdrawn_reason,
      status: r.status,
      findings: r.findings,
    })),
  };
}

/** A notice is issued, answered or withdrawn on a day that has come (today by the door's clock, todayOf). */
function refuseFutureDay(ctx: AppContext, day: string, what: string): void {
  const today = todayOf(ctx);
  if (day > today) throw new NoticeError(`${what} ${day} 晚于今天（${today}），请填写已经到来的日期`);
}

/** The reply deadline: issuedOn + N calendar days, or N working days (holiday calendar) when so set. */
export function replyDueOn(ctx: AppContext, issuedOn: string): string {
  const s = getSettings(ctx.db);
  return s.noticeReplyWorkingDays
    ? addWorkingDays(ctx.db, issuedOn, s.noticeReplyDays)
    : addDays(issuedOn, s.noticeReplyDays);
}

export function issueNotice(ctx: AppContext, input: { findingIds: number[]; issuedOn?: string }): Notice {
  const { db } = ctx;
  const ids = [...new Set(input.findingIds)].filter((x) => Number.isInteger(x));
  if (ids.length === 0) throw new NoticeError('请选择至少一个监控问题');
  const issuedOn = input.issuedOn ?? todayOf(ctx);
  if (!isIsoDate(issuedOn)) throw new NoticeError(`发出日期格式应为 YYYY-MM-DD：${issuedOn}`);
  refuseFutureDay(ctx, issuedOn, '发出日期');
  const id = db
    .transaction(() => {
      const rows = q.findingsForNotice(db, ids);
      const missing = ids.filter((i) => !rows.some((r) => r.id === i));
      if (missing.length) throw new NoticeError(`监控问题不存在：${missing.join('、')}`, 'NOT_FOUND');
      const cases = [...new Set(rows.map((r) => r.case_no))];
      if (cases.length > 1)
        throw new NoticeError(
          `一份流程监控通知书只能针对一个案件，所选问题分属 ${cases.length} 个案件（${cases.join('、')}），请按案件分别发出`,
        );
      if (!cases[0]) throw new NoticeError('所选问题未关联案件，不能发出流程监控通知书');
      const closed = rows.filter((r) => r.status === '已整改' || r.status === '不予纠正');
      if (closed.length)
        throw new NoticeError(
          `监控问题 ${closed.map((r) => r.id).join('、')} 已${closed[0].status}，不能再发通知书（如需处理请先重新打开）`,
        );
      // One notice in force per finding (jobs.md): refused with that notice's number.
      const held = q.activeNoticesOf(db, ids);
      if (held.length) {
        const numbers = [...new Set(held.map((h) => h.number))];
        throw new NoticeError(
          `监控问题 ${[...new Set(held.map((h) => h.finding_id))].join('、')} 已在流程监控通知书 ${numbers.join('、')} 中（${held[0].issued_on} 发出，未撤回），不能再发通知书；如需重发，请先撤回 ${numbers.join('、')}`,
        );
      }
      const settings = getSettings(db);
      const year = +issuedOn.slice(0, 4);
      const prefix = noticePrefixOf(settings);
      let seq = q.nextSeq(db, year);
      let number = noticeNumber(prefix, year, seq);
      while (q.numberTaken(db, number)) number = noticeNumber(prefix, year, ++seq);
      const first = rows[0];
      const names = q.personNamesOfCase(db, first.case_id);
      const mask = (t: string) => maskNamesIn(t, names);
      const due = replyDueOn(ctx, issuedOn);
      const toChief = rows.some((r) => r.severity === '严重');
      const department = first.department ?? '';
      const prosecutor = first.prosecutor ?? '';
      const problems: NoticeProblem[] = rows.map((r) => {
        const info = ruleInfo(db, r.rule_id);
        const request = requestKindOf({ kind: r.kind, area: info.area, ruleId: r.rule_id });
        return {
          findingId: r.id,
          ruleId: r.rule_id,
          ruleTitle: info.title,
          area: info.area,
          severity: r.severity,
          message: mask(r.message),
          basis: info.basis,
          dueOn: r.due_on,
          request,
          correction: correctionText(request, { area: info.area, kind: r.kind }),
        };
      });
      const content: NoticeContent = {
        number,
        office: settings.officeName,
        officeShort: settings.officeShortName,
        issuedOn,
        replyDueOn: due,
        replyDays: settings.noticeReplyDays,
        replyWorkingDays: settings.noticeReplyWorkingDays,
        toChief,
        addressee: { department, prosecutor },
        case: {
          caseNo: first.case_no,
          title: mask(first.title ?? ''),
          category: first.category,
          receivedOn: first.received_on,
        },
        problems,
        requirement: requirementText(
          problems.map((p) => p.request!),
          dateLabel(due),
        ),
      };
      const noticeId = q.insertNotice(db, {
        year,
        seq,
        number,
        case_no: first.case_no,
        department,
        prosecutor,
        issued_on: issuedOn,
        reply_due_on: due,
        to_chief: toChief ? 1 : 0,
        content_json: JSON.stringify(content),
        issued_by: ctx.actor,
        created_at: chinaTimestamp(),
      });
      q.linkFindings(db, noticeId, ids);
      for (const fid of ids) changeFindingStatus(ctx, fid, { action: 'notice', noticeId, onDate: issuedOn });
      recordAction(db, ctx.actor, 'notice.issue', `notice:${noticeId}`, null, {
        number,
        caseNo: first.case_no,
        findingIds: ids,
        issuedOn,
        replyDueOn: due,
        toChief,
      });
      return noticeId;
    })
    .immediate();
  return getNotice(ctx, id, issuedOn);
}

/** The notice in force a finding is in (for a reply recorded from the finding), or a Chinese refusal. */
export function noticeOfFinding(ctx: AppContext, findingId: number): number {
  const held = q.activeNoticesOf(ctx.db, [findingId]);
  if (held.length) return held[held.length - 1].notice_id;
  const ever = q.noticeIdsOfFinding(ctx.db, findingId);
  throw new NoticeError(
    ever.length
      ? `监控问题 ${findingId} 所在的流程监控通知书已撤回，没有可登记回复的通知书`
      : `监控问题 ${findingId} 尚未发出流程监控通知书，无需登记回复`,
    ever.length ? 'INVALID' : 'NOT_FOUND',
  );
}

/** Records the written reply to a notice (from the notice, or `{ findingId }` from any of its findings). */
export function recordReply(
  ctx: AppContext,
  target: number | { findingId: number },
  reply: { on: string; text: string },
): Notice {
  const { db } = ctx;
  if (!isIsoDate(reply.on)) throw new NoticeError(`回复日期格式应为 YYYY-MM-DD：${reply.on}`);
  refuseFutureDay(ctx, reply.on, '回复日期');
  const text = reply.text?.trim();
  if (!text) throw new NoticeError('请填写回复内容');
  const noticeId = typeof target === 'number' ? target : noticeOfFinding(ctx, target.findingId);
  db.transaction(() => {
    const r = q.getNoticeRow(db, noticeId);
    if (!r) throw new NoticeError(`通知书 ${noticeId} 不存在`, 'NOT_FOUND');
    if (r.withdrawn_on) throw new NoticeError(`通知书 ${r.number} 已于 ${r.withdrawn_on} 撤回，不能登记回复`);
    if (diffDays(reply.on, r.issued_on) < 0)
      throw new NoticeError(`回复日期 ${reply.on} 早于通知书发出日期 ${r.issued_on}`);
    q.setReply(db, noticeId, reply.on, text);
    recordAction(
      db,
      ctx.actor,
      'notice.reply',
      `notice:${noticeId}`,
      { replyOn: r.reply_on, replyText: r.reply_text },
      { replyOn: reply.on, replyText: text, ...(typeof target === 'number' ? {} : { fromFinding: target.findingId }) },
    );
  })();
  return getNotice(ctx, noticeId);
}

/**
 * Withdraws (撤回) a notice with a reason: the number stays taken, the notice no longer counts as issued
 * or overdue, and its findings are free for a new notice (findings/releaseFromNotice). One transaction.
 */
export function withdrawNotice(ctx: AppContext, noticeId: number, w: { reason: string; on?: string }): Notice {
  const { db } = ctx;
  const reason = w.reason?.trim();
  if (!reason) throw new NoticeError('撤回通知书必须填写理由');
  const on = w.on ?? todayOf(ctx);
  if (!isIsoDate(on)) throw new NoticeError(`撤回日期格式应为 YYYY-MM-DD：${on}`);
  refuseFutureDay(ctx, on, '撤回日期');
  db.transaction(() => {
    const r = q.getNoticeRow(db, noticeId);
    if (!r) throw new NoticeError(`通知书 ${noticeId} 不存在`, 'NOT_FOUND');
    if (r.withdrawn_on) throw new NoticeError(`通知书 ${r.number} 已于 ${r.withdrawn_on} 撤回`);
    if (diffDays(on, r.issued_on) < 0) throw new NoticeError(`撤回日期 ${on} 早于通知书发出日期 ${r.issued_on}`);
    q.setWithdrawn(db, noticeId, on, reason, ctx.actor);
    const ids = q.findingIdsOf(db, noticeId);
    const stillIn = new Map(q.activeNoticesOf(db, ids).map((h) => [h.finding_id, h.notice_id]));
    for (const fid of ids)
      releaseFromNotice(ctx, fid, noticeId, {
        onDate: on,
        note: `通知书 ${r.number} 撤回：${reason}`,
        stillIn: stillIn.get(fid) ?? null,
      });
    recordAction(db, ctx.actor, 'notice.withdraw', `notice:${noticeId}`, null, {
      number: r.number,
      withdrawnOn: on,
      reason,
    });
  }).immediate();
  return getNotice(ctx, noticeId, on);
}

export function noticeFileBase(n: { number: string }): string {
  return `流程监控通知书_${n.number}`.replace(/[\\/:*?"<>|]/g, '_');
}

/** The notice's document (a notice frozen without the office's name takes today's setting). */
export function noticeDocumentOf(ctx: AppContext, n: Notice): OfficialDocument {
  return noticeDocument(
    n.content.office ? n : { ...n, content: { ...n.content, office: getSettings(ctx.db).officeName } },
  );
}

/** Writes the notice as DOCX and/or PDF into outDir; returns the paths. */
export async function exportNotice(
  ctx: AppContext,
  noticeId: number,
  outDir: string,
  formats: string[] = ['docx', 'pdf'],
): Promise<string[]> {
  const n = getNotice(ctx, noticeId);
  const model = noticeDocumentOf(ctx, n);
  fs.mkdirSync(outDir, { recursive: true });
  const out: string[] = [];
  const base = path.join(outDir, noticeFileBase(n));
  if (formats.includes('docx')) {
    fs.writeFileSync(`${base}.docx`, await renderDocx(model));
    out.push(`${base}.docx`);
  }
  if (formats.includes('pdf')) {
    const printer = batchPrinter(ctx);
    try {
      fs.writeFileSync(`${base}.pdf`, await printer.print(renderHtml(model)));
    } finally {
      await printer.close();
    }
    out.push(`${base}.pdf`);
  }
  if (formats.includes('json')) {
    fs.writeFileSync(`${base}.json`, JSON.stringify(n, null, 2) + '\n');
    out.push(`${base}.json`);
  }
  return out;
}

/** Issues the numbered monitoring notice for findings (all of one case): the `notice` action of the doors. */
export function issueNoticeFor(ctx: AppContext, findingIds: number[], issuedOn?: string): Notice {
  return issueNotice(ctx, { findingIds, ...(issuedOn ? { issuedOn } : {}) });
}
