import type { Command } from '../main';
import { CliError, openForCli, parse, printJson } from '../util';
import { FINDING_STATUSES, listFindings } from '../../core/findings';
import { findingJson } from '../../core/findings/doors';
import { latestAuditRun } from '../../db/queries/findings';
import { ruleCatalogue } from '../../core/rules/catalogue';

const OPTIONS = {
  status: { type: 'string', arg: '状态', help: '只列出该状态：待处理、已提示、已通知、已整改、不予纠正（默认：全部）' },
  rule: { type: 'string', arg: '规则编号', help: '只列出该规则的问题，例如 DL-PROS（规则编号见 rules.md）' },
  prosecutor: { type: 'string', arg: '姓名', help: '只列出该承办检察官的问题' },
} as const;

export const command: Command = {
  summary: '列出监控问题',
  usage: ['findings [--status 状态] [--rule 规则编号] [--prosecutor 姓名] [--json] [--db 路径]'],
  options: OPTIONS,
  examples: ['caseflow findings --status 待处理', 'caseflow findings --prosecutor 王芳 --json'],
  run(args, io) {
    const { values } = parse(args, OPTIONS, false, 'findings');
    if (values.status && !(FINDING_STATUSES as readonly string[]).includes(values.status)) {
      throw new CliError(`--status 应为 ${FINDING_STATUSES.join('、')} 之一：${values.status}`);
    }
    const { db } = openForCli(values);
    try {
      if (values.rule && !ruleCatalogue(db).get(values.rule)) throw new CliError(`没有这条规则：${values.rule}`);
      const { findings } = listFindings(db, {
        status: values.status,
        ruleId: values.rule,
        prosecutor: values.prosecutor,
      });
      if (values.json) {
        printJson(io, { asOf: latestAuditRun(db)?.as_of ?? null, findings: findings.map(findingJson) });
        return 0;
      }
      if (!findings.length) io.out('没有符合条件的监控问题。');
      for (const f of findings) {
        io.out(
          `#${f.id} [${f.severity}][${f.status}] ${f.title} ${f.caseNo}${f.personNo ? ` 嫌疑人${f.personNo}` : ''} ${f.prosecutor ?? ''} 发现于 ${f.firstSeen}\n    ${f.message}`,
        );
      }
      return 0;
    } finally {
      db.close();
    }
  },
};
