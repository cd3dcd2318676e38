/**
 * `caseflow notices list|reply NUMBER --on D --text T|withdraw NUMBER --reason T` (cli.md; `--finding ID` for NUMBER): the
 * monitoring notices (流程监控通知书), their replies and withdrawal (jobs.md). NUMBER is the notice's
 * number as printed (青检案管监〔2026〕3号), `〔2026〕3号`, `2026-3`, or the sequence alone (3).
 */
import type { Command } from '../main';
import { CliError, openForCli, parse, printJson, type Io, type OptionSpecs } from '../util';
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

const REF_HELP = '文号可写完整文号（如 青检案管监〔2026〕3号）、〔2026〕3号、2026-3 或当年序号 3';

const SUBCOMMANDS = {
  list: {
    summary: '列出流程监控通知书及其状态',
    usage:
      'list [--status 待回复|已回复|逾期未回复|已撤回] [--case 部门受案号] [--year 年份] [--as-of YYYY-MM-DD] [--json]',
    options: {
      status: { type: 'string', arg: '状态', help: '只列出该状态的：待回复、已回复、逾期未回复、已撤回' },
      case: { type: 'string', arg: '部门受案号', help: '只列出该案件的' },
      year: { type: 'string', arg: 'YYYY', help: '只列出该年发出的' },
      'as-of': { type: 'string', arg: 'YYYY-MM-DD', help: '按哪一天计算状态（默认今天）' },
    },
  },
  reply: {
    summary: '登记通知书的书面回复（从通知书或其所列任一问题）',
    usage: 'reply 文号|--finding 问题编号 --on YYYY-MM-DD --text 回复内容 [--json]',
    options: {
      finding: { type: 'string', arg: '问题编号', help: '不写文号时：该监控问题所在的、未撤回的通知书' },
      on: { type: 'string', arg: 'YYYY-MM-DD', help: '回复日期，必填；不得早于发出日期、晚于今天' },
      text: { type: 'string', arg: '内容', help: '回复内容，必填' },
    },
  },
  withdraw: {
    summary: '撤回通知书（文号不再使用，所列问题可重新处理）',
    usage: 'withdraw 文号|--finding 问题编号 --reason 撤回理由 [--on YYYY-MM-DD] [--json]',
    options: {
      finding: { type: 'string', arg: '问题编号', help: '不写文号时：该监控问题所在的、未撤回的通知书' },
      reason: { type: 'string', arg: '理由', help: '撤回理由，必填' },
      on: { type: 'string', arg: 'YYYY-MM-DD', help: '撤回日期（默认今天）' },
    },
  },
} as const;

const USAGE = `请给出子命令：list、reply、withdraw（caseflow notices --help 查看用法）`;

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
  summary: '流程监控通知书：list 列出，reply 登记回复，withdraw 撤回',
  usage: Object.values(SUBCOMMANDS).map((x) => `notices ${x.usage}`),
  description: [`${REF_HELP}。`],
  subcommands: SUBCOMMANDS,
  examples: [
    'caseflow notices list --status 逾期未回复',
    'caseflow notices reply 〔2026〕3号 --on 2026-11-20 --text 已作出起诉决定',
    'caseflow notices withdraw 3 --reason 承办检察官填写有误',
  ],
  async run(args, io) {
    const [sub, ...rest] = args;
    if (!sub || !Object.prototype.hasOwnProperty.call(SUBCOMMANDS, sub))
      throw new CliError(`${sub ? `未知的子命令：${sub}；` : ''}${USAGE}`);
    const spec = SUBCOMMANDS[sub as keyof typeof SUBCOMMANDS];
    const parsed = parse(rest, spec.options as OptionSpecs, true, `notices ${sub}`);
    const { positionals } = parsed;
    const values = parsed.values as Record<string, string | boolean | undefined>;
    const str = (k: string) => (typeof values[k] === 'string' ? (values[k] as string) : undefined);
    const [ref, ...extra] = positionals;
    if (extra.length || (sub === 'list' && ref))
      throw new CliError(`多余的参数：${(sub === 'list' ? positionals : extra).join(' ')}`);
    const finding = str('finding');
    if (sub !== 'list' && !ref === (finding == null))
      throw new CliError(`请给出通知书文号或 --finding 问题编号（二者选一）：caseflow notices ${spec.usage}`);
    if (finding != null && !/^[1-9]\d*$/.test(finding)) throw new CliError(`--finding 应为监控问题编号：${finding}`);
    const on = date(str('on'), '--on');
    const asOf = date(str('as-of'), '--as-of');
    if (sub === 'reply') {
      if (!on) throw new CliError('登记回复请用 --on 给出回复日期（YYYY-MM-DD）');
      if (!str('text')?.trim()) throw new CliError('登记回复请用 --text 给出回复内容');
    }
    if (sub === 'withdraw' && !str('reason')?.trim()) throw new CliError('撤回通知书必须用 --reason 说明理由');
    let status: NoticeStatus | undefined;
    const statusText = str('status');
    if (statusText != null) {
      if (!(NOTICE_STATUSES as readonly string[]).includes(statusText))
        throw new CliError(`--status 应为 ${NOTICE_STATUSES.join('、')} 之一：${statusText}`);
      status = statusText as NoticeStatus;
    }
    let year: number | undefined;
    const yearText = str('year');
    if (yearText != null) {
      if (!/^\d{4}$/.test(yearText)) throw new CliError(`--year 应为四位年份：${yearText}`);
      year = +yearText;
    }

    const { db, ctx } = openForCli(values);
    try {
      try {
        if (sub === 'list') {
          const day = asOf ?? todayOf(ctx);
          const r = listNotices(ctx, { status, caseNo: str('case'), year, asOf: day, limit: 10000 });
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
        const id = finding != null ? noticeOfFinding(ctx, +finding) : resolveNotice(ctx, ref);
        const n =
          sub === 'reply'
            ? recordReply(ctx, id, { on: on!, text: str('text')! })
            : withdrawNotice(ctx, id, { reason: str('reason')!, on });
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
