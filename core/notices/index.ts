/**
 * 流程监控通知书 (jobs.md): issued for one or more findings of ONE case, numbered per office and year
 * `{prefix}〔{year}〕{n}号`, reply deadline after noticeReplyDays (calendar or working days), marked
 * 报检察长 when a finding is 严重. Its content is frozen at issue (content_json), so the document
 * exported later says what was issued. Issuing sets each finding to 已通知 in the same transaction.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { AppContext } from '../context';
import { addDays, chinaTimestamp, chinaToday, dateLabel, isIsoDate, diffDays } from '../dates';
import { maskNamesIn } from '../shared/mask';
import { getSettings, noticePrefixOf } from '../settings';
import { recordAction } from '../audit-trail';
import * as q from '../../db/queries/notices';
import { personNamesByCase } from '../../db/queries/metrics';
import { addWorkingDays, ruleInfo } from '../metrics/deps';
import { changeFindingStatus } from '../findings';
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
  findingIds: number[];
  content: NoticeContent;
}

const CORRECTION: Record<string, string> = {
  办案期限: '立即核查案件办理期限，依法及时作出处理决定；已超出期限的，书面说明超期原因并提出防止再次发生的措施。',
  强制措施: '立即核查强制措施的期限和状态，依法变更、解除或者续行强制措施，并在统一业务应用系统中如实填录。',
  诉讼权利保障: '立即依法履行告知、通知义务，补正相关记录；无法补正的，书面说明情况。',
  法律文书: '补制或者更正相关法律文书，规范文号和日期，并在统一业务应用系统中补录。',
  案卡填录: '核实并更正统一业务应用系统中的案卡信息，确保与案件实际情况一致。',
  督查移送: '对照检务督查部门移送的问题逐项核查整改。',
};

function toNotice(r: q.NoticeRow, findingIds: number[]): Notice {
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

export function getNotice(ctx: AppContext, id: number): Notice {
  const r = q.getNoticeRow(ctx.db, id);
  if (!r) throw new NoticeError(`通知书 ${id} 不存在`, 'NOT_FOUND');
  return toNotice(r, q.findingIdsOf(ctx.db, id));
}

export function listNotices(ctx: AppContext, filter: q.NoticeFilter = {}) {
  const { rows, total } = q.listNoticeRows(ctx.db, filter);
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
      findings: r.findings,
    })),
  };
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
  const issuedOn = input.issuedOn ?? chinaToday();
  if (!isIsoDate(issuedOn)) throw new NoticeError(`发出日期格式应为 YYYY-MM-DD：${issuedOn}`);
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
      const settings = getSettings(db);
      const year = +issuedOn.slice(0, 4);
      const prefix = noticePrefixOf(settings);
      let seq = q.nextSeq(db, year);
      let number = `${prefix}〔${year}〕${seq}号`;
      while (q.numberTaken(db, number)) number = `${prefix}〔${year}〕${++seq}号`;
      const first = rows[0];
      const names = q.personNamesOfCase(db, first.case_id);
      const mask = (t: string) => maskNamesIn(t, names);
      const due = replyDueOn(ctx, issuedOn);
      const toChief = rows.some((r) => r.severity === '严重');
      const department = first.department ?? '';
      const prosecutor = first.prosecutor ?? '';
      const problems: NoticeProblem[] = rows.map((r) => {
        const info = ruleInfo(db, r.rule_id);
        return {
          findingId: r.id,
          ruleId: r.rule_id,
          ruleTitle: info.title,
          area: info.area,
          severity: r.severity,
          message: mask(r.message),
          basis: info.basis,
          dueOn: r.due_on,
          correction: CORRECTION[info.area] ?? '请逐项核查并依法整改。',
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
        requirement: `请于${due.slice(0, 4)}年${+due.slice(5, 7)}月${+due.slice(8)}日前将核查和整改情况书面回复案件管理部门。`,
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
  return getNotice(ctx, id);
}

export function recordReply(ctx: AppContext, noticeId: number, reply: { on: string; text: string }): Notice {
  const { db } = ctx;
  if (!isIsoDate(reply.on)) throw new NoticeError(`回复日期格式应为 YYYY-MM-DD：${reply.on}`);
  const text = reply.text?.trim();
  if (!text) throw new NoticeError('请填写回复内容');
  db.transaction(() => {
    const r = q.getNoticeRow(db, noticeId);
    if (!r) throw new NoticeError(`通知书 ${noticeId} 不存在`, 'NOT_FOUND');
    if (diffDays(reply.on, r.issued_on) < 0)
      throw new NoticeError(`回复日期 ${reply.on} 早于通知书发出日期 ${r.issued_on}`);
    q.setReply(db, noticeId, reply.on, text);
    recordAction(
      db,
      ctx.actor,
      'notice.reply',
      `notice:${noticeId}`,
      { replyOn: r.reply_on, replyText: r.reply_text },
      { replyOn: reply.on, replyText: text },
    );
  })();
  return getNotice(ctx, noticeId);
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
