import type { Command } from '../main';
import { CliError, openForCli, parse, printJson } from '../util';
import { FINDING_STATUSES, listFindings } from '../../core/findings';
import { findingJson } from '../../core/findings/doors';
import { latestAuditRun } from '../../db/queries/findings';
import { ruleCatalogue } from '../../core/rules/catalogue';

export const command: Command = {
  summary: 'findings',
  run(args, io) {
    const { values } = parse(args, {
      status: { type: 'string' },
      rule: { type: 'string' },
      prosecutor: { type: 'string' },
    });
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
          `#${f.id} [${f.severity}][${f.status}] ${f.ruleId} ${f.title} ${f.caseNo}${f.personNo ? ` 嫌疑人${f.personNo}` : ''} ${f.prosecutor ?? ''} 发现于 ${f.firstSeen}\n    ${f.message}`,
        );
      }
      return 0;
    } finally {
      db.close();
    }
  },
};
