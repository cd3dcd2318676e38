import type { Command } from '../main';
import { CliError, openForCli, parse, printJson } from '../util';
import { changeFindingStatus, FindingError, getFinding, STATUS_ACTIONS, type StatusAction } from '../../core/findings';
import { findingJson } from '../../core/findings/doors';
import { issueNoticeFor } from '../../core/notices';

export const command: Command = {
  summary: 'finding',
  async run(args, io) {
    const { values, positionals } = parse(
      args,
      { note: { type: 'string' }, reason: { type: 'string' }, date: { type: 'string' } },
      true,
    );
    const [idText, action] = positionals;
    const id = Number(idText);
    if (!idText || !Number.isInteger(id) || id <= 0)
      throw new CliError('用法：caseflow finding ID remind|notice|rectify|waive|reopen [--note 说明] [--reason 理由]');
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
