import type { Command } from '../main';
import { CliError, openForCli, parse, printJson } from '../util';
import { chinaToday, isIsoDate } from '../../core/dates';
import { runAudit } from '../../core/jobs/audit';
import { auditRunReport, OPEN_STATUSES } from '../../core/findings';
import { findingJson, warningJson } from '../../core/findings/doors';

export const command: Command = {
  summary: 'audit',
  run(args, io) {
    const { values } = parse(args, { date: { type: 'string' } });
    const asOf = values.date ?? chinaToday();
    if (!isIsoDate(asOf)) throw new CliError(`--date 应为 YYYY-MM-DD 格式的日期：${asOf}`);
    const { db, ctx } = openForCli(values);
    try {
      ctx.progress = (p) => io.err(`${p.phase}${p.total != null ? `（${p.total}）` : ''}`);
      const summary = runAudit(ctx, { asOf });
      for (const w of summary.calendarWarnings) io.err(`提示：${w}`);
      for (const f of summary.failedRules) io.err(`规则 ${f.ruleId} 运行失败：${f.error}`);
      if (!summary.lifecycle)
        io.err(
          `提示：已审核过更晚的日期，本次按 ${asOf} 当日的情况报告问题和预警，不改变监控问题的当前状态（首次发现日期可前移）。`,
        );
      // What this audit found as of its date (its own run), not the store's current state.
      const { findings, warnings } = auditRunReport(db, summary.runId, OPEN_STATUSES);
      if (values.json) {
        printJson(io, { asOf, findings: findings.map(findingJson), warnings: warnings.map(warningJson) });
        return 0;
      }
      const c = summary.counts;
      io.out(
        `日审核（截至 ${asOf}）完成：审核案件 ${c.cases} 件，发现问题 ${c.detected} 个（新发现 ${c.new}，重新打开 ${c.reopened}，自动整改 ${c.rectified}），临期预警 ${c.warnings} 个。`,
      );
      if (findings.length) {
        io.out(`\n未整改问题（${findings.length}）：`);
        for (const f of findings) {
          const left = f.daysLeft == null ? '' : f.daysLeft < 0 ? `超期${-f.daysLeft}日` : `余${f.daysLeft}日`;
          io.out(
            `  #${f.id} [${f.severity}][${f.status}] ${f.ruleId} ${f.title} ${f.caseNo}${f.personNo ? ` 嫌疑人${f.personNo}` : ''} ${f.prosecutor ?? ''} ${left}\n      ${f.message}`,
          );
        }
      }
      if (warnings.length) {
        io.out(`\n临期预警（${warnings.length}）：`);
        for (const w of warnings)
          io.out(`  ${w.dueOn} 余${w.daysLeft}日 ${w.ruleId} ${w.caseNo} ${w.prosecutor ?? ''}：${w.message}`);
      }
      return 0;
    } finally {
      db.close();
    }
  },
};
