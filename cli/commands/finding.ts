import type { Command } from '../main';
import { CliError, openForCli, parse, printJson } from '../util';
import { dateProblem } from '../../core/dates';
import { changeFindingStatus, FindingError, getFinding, STATUS_ACTIONS, type StatusAction } from '../../core/findings';
import { findingJson } from '../../core/findings/doors';
import { issueNoticeFor } from '../../core/notices';

const OPTIONS = {
  note: { type: 'string', arg: '说明', help: '处理说明（口头提示的内容、整改情况等），记入处理记录' },
  reason: { type: 'string', arg: '理由', help: '不予纠正的理由（waive 必填）' },
  date: { type: 'string', arg: 'YYYY-MM-DD', help: '处理日期（默认：今天，中国时间）' },
} as const;

export const command: Command = {
  summary: '处理一个监控问题：remind|notice|rectify|waive|reopen',
  usage: ['finding 编号 remind|notice|rectify|waive|reopen [--note 说明] [--reason 理由] [--date YYYY-MM-DD] [--json]'],
  description: [
    'remind 口头提示；notice 发出流程监控通知书（打印通知书文号）；rectify 确认已整改；waive 不予纠正（须 --reason）；reopen 重新打开。',
    '编号是 caseflow findings 列出的 #编号。',
  ],
  options: OPTIONS,
  examples: [
    'caseflow finding 17 remind --note "已电话提示"',
    'caseflow finding 17 waive --reason "系统录入延迟，实际已按期告知"',
  ],
  async run(args, io) {
    const { values, positionals } = parse(args, OPTIONS, true, 'finding');
    if (values.date) {
      const bad = dateProblem(values.date, '--date ');
      if (bad) throw new CliError(bad);
    }
    const [idText, action] = positionals;
    const id = Number(idText);
    if (!idText || !Number.isInteger(id) || id <= 0)
      throw new CliError(
        '请给出监控问题编号和处理方式：caseflow finding 编号 remind|notice|rectify|waive|reopen（caseflow finding --help 查看说明）',
      );
    if (!action || !(STATUS_ACTIONS as readonly string[]).includes(action))
      throw new CliError(`处理方式应为 ${STATUS_ACTIONS.join('|')}：${action ?? '（未给出）'}`);
    if (action === 'waive' && !values.reason?.trim()) throw new CliError('不予纠正（waive）必须用 --reason 说明理由');
    const { db, ctx } = openForCli(values);
    try {
      if (!getFinding(db, id)) throw new CliError(`监控问题 ${id} 不存在`);
      let notice: Record<string, unknown> | null = null;
      try {
        if (action === 'notice') {
          notice = issueNoticeFor(ctx, [id], values.date) as unknown as Record<string, unknown>;
        } else {
          changeFindingStatus(ctx, id, {
            action: action as StatusAction,
            note: values.note,
            reason: values.reason,
            onDate: values.date,
          });
        }
      } catch (e) {
        if (e instanceof FindingError) throw new CliError(e.message);
        if (e instanceof Error && e.name === 'NoticeError') throw new CliError(e.message);
        throw e;
      }
      const f = getFinding(db, id)!;
      if (values.json)
        printJson(io, {
          finding: findingJson(f),
          ...(notice ? { notice: { id: notice.id ?? null, number: notice.number ?? null } } : {}),
        });
      else if (notice?.number)
        io.out(String(notice.number)); // cli.md: `notice` prints the notice's number
      else io.out(`监控问题 #${id} 现为“${f.status}”`);
      return 0;
    } finally {
      db.close();
    }
  },
};
