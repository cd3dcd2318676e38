/**
 * `caseflow notices list|reply NUMBER --on D --text T|withdraw NUMBER --reason T` (cli.md; `--finding ID` for NUMBER): the
 * monitoring notices (流程监控通知书), their replies and withdrawal (jobs.md). NUMBER is the notice's
 * number as printed (青检案管监〔2026〕3号), `〔2026〕3号`, `2026-3`, or the sequence alone (3).
 */
import type { Command } from '../main';
import { CliError, openForCli, parse, printJson, type Io } from '../util';
import { isIsoDate } from '../../core/dates';
import { todayOf } from '../../core/context';
import {
  getNotice,
  listNotices,
  NOTICE_STATUSES,
  NoticeError,
  noticeOfFinding,
  recordReply,
  resolveNotice,
  withdrawNotice,
  type Notice,
  type NoticeStatus,
} from '../../core/notices';

const USAGE = [
  '用法：',
  '  caseflow notices list [--status 待回复|已回复|逾期未回复|已撤回] [--case 部门受案号] [--year 年份] [--as-of 日期] [--json]',
  '  caseflow notices reply 文号|--finding 问题编号 --on 回复日期 --text 回复内容 [--json]',
  '  caseflow notices withdraw 文号|--finding 问题编号 --reason 撤回理由 [--on 撤回日期] [--json]',
  '文号可写完整文号（如 青检案管监〔2026〕3号）、〔2026〕3号、2026-3 或当年序号 3；',
  '--finding 给出监控问题编号时，指该问题所在的、未撤回的通知书。',
].join('\n');

function noticeJson(n: Notice) {
  return {
    id: n.id,
    number: n.number,
    caseNo: n.caseNo,
    department: n.department,
    prosecutor: n.prosecutor,
    issuedOn: n.issuedOn,
    replyDueOn: n.replyDueOn,
    toChief: n.toChief,
    status: n.status,
    replyOn: n.replyOn,
    replyText: n.replyText,
    withdrawnOn: n.withdrawnOn,
    withdrawnReason: n.withdrawnReason,
    findingIds: n.findingIds,
  };
}

function date(v: string | undefined, flag: string): string | undefined {
  if (v == null) return undefined;
  if (!isIsoDate(v)) throw new CliError(`${flag} 应为存在的日期 YYYY-MM-DD：${v}`);
  return v;
}

function printNotice(io: Io, n: Notice, what: string): void {
  io.out(`${n.number}（${n.caseNo}，${n.department ?? ''}${n.prosecutor ?? ''}）${what}，当前状态：${n.status}`);
}

export const command: Command = {
  summary: 'notices',
  async run(args, io) {
    const { values, positionals } = parse(
      args,
      {
        status: { type: 'string' },
        case: { type: 'string' },
        year: { type: 'string' },
        'as-of': { type: 'string' },
        on: { type: 'string' },
        text: { type: 'string' },
        reason: { type: 'string' },
        finding: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      true,
    );
    const [sub, ref, ...extra] = positionals;
    if (values.help) {
      io.out(USAGE);
      return 0;
    }
    if (!sub || !['list', 'reply', 'withdraw'].includes(sub) || extra.length)
      throw new CliError(`${sub ? `未知的子命令：${sub}\n` : ''}${USAGE}`);
    if (sub !== 'list' && !ref === (values.finding == null))
      throw new CliError(`请给出通知书文号或 --finding 问题编号（二者选一）。\n${USAGE}`);
    if (values.finding != null && (sub === 'list' || !/^[1-9]\d*$/.test(values.finding)))
      throw new CliError(
        sub === 'list'
          ? `--finding 只用于 reply 和 withdraw。\n${USAGE}`
          : `--finding 应为监控问题编号：${values.finding}`,
      );
    const on = date(values.on, '--on');
    const asOf = date(values['as-of'], '--as-of');
    if (sub === 'reply') {
      if (!on) throw new CliError('登记回复请用 --on 给出回复日期（YYYY-MM-DD）');
      if (!values.text?.trim()) throw new CliError('登记回复请用 --text 给出回复内容');
    }
    if (sub === 'withdraw' && !values.reason?.trim()) throw new CliError('撤回通知书必须用 --reason 说明理由');
    let status: NoticeStatus | undefined;
    if (values.status != null) {
      if (!(NOTICE_STATUSES as readonly string[]).includes(values.status))
        throw new CliError(`--status 应为 ${NOTICE_STATUSES.join('、')} 之一：${values.status}`);
      status = values.status as NoticeStatus;
    }
    let year: number | undefined;
    if (values.year != null) {
      if (!/^\d{4}$/.test(values.year)) throw new CliError(`--year 应为四位年份：${values.year}`);
      year = +values.year;
    }

    const { db, ctx } = openForCli(values);
    try {
      try {
        if (sub === 'list') {
          const day = asOf ?? todayOf(ctx);
          const r = listNotices(ctx, { status, caseNo: values.case, year, asOf: day, limit: 10000 });
          const notices = r.notices.map((n) => noticeJson(getNotice(ctx, n.id, day)));
          if (values.json) {
            printJson(io, { asOf: day, total: r.total, notices });
            return 0;
          }
          if (!notices.length) io.out('没有符合条件的流程监控通知书。');
          for (const n of notices)
            io.out(
              `${n.number}\t${n.caseNo}\t${n.department ?? ''} ${n.prosecutor ?? ''}\t发出 ${n.issuedOn}\t回复期限 ${n.replyDueOn}\t${n.status}${n.replyOn ? `（${n.replyOn} 回复）` : ''}${n.withdrawnOn ? `（${n.withdrawnOn} 撤回：${n.withdrawnReason}）` : ''}`,
            );
          if (notices.length) io.out(`共 ${r.total} 份（状态按 ${day} 计）。`);
          return 0;
        }
        // From the notice's number, or from any of its findings (jobs.md): the notice in force it is in.
        const id = values.finding != null ? noticeOfFinding(ctx, +values.finding) : resolveNotice(ctx, ref);
        const n =
          sub === 'reply'
            ? recordReply(ctx, id, { on: on!, text: values.text! })
            : withdrawNotice(ctx, id, { reason: values.reason!, on });
        if (values.json) printJson(io, { notice: noticeJson(n) });
        else printNotice(io, n, sub === 'reply' ? `已登记 ${n.replyOn} 的回复` : `已于 ${n.withdrawnOn} 撤回`);
        return 0;
      } catch (e) {
        if (e instanceof NoticeError) throw new CliError(e.message);
        throw e;
      }
    } finally {
      db.close();
    }
  },
};
