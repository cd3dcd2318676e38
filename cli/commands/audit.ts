import type { Command } from '../main';
import { CliError, openForCli, parse, printJson } from '../util';
import { chinaToday, dateProblem } from '../../core/dates';
import { runAudit } from '../../core/jobs/audit';
import { runWarning } from '../../core/jobs/empty-store';
import { auditRunReport, OPEN_STATUSES } from '../../core/findings';
import { findingJson, warningJson } from '../../core/findings/doors';
import { ruleInfo } from '../../core/rules/catalogue';

const OPTIONS = {
  date: { type: 'string', arg: 'YYYY-MM-DD', help: '审核基准日（默认：今天，中国时间）' },
} as const;

export const command: Command = {
  summary: '运行日审核，列出未整改问题和临期预警',
  usage: ['audit [--date YYYY-MM-DD] [--json] [--db 路径]'],
  description: [
    '按全部监控规则审核截至该日的全部案件（一个事务），记为任务运行“日审核”，然后列出未整改问题和临期预警。',
    '案件库中没有案件时照常记录，但给出警告（审核了 0 件案件不是“全部合格”）。',
  ],
  options: OPTIONS,
  examples: ['caseflow audit', 'caseflow audit --date 2026-11-23 --json'],
  run(args, io) {
    const { values } = parse(args, OPTIONS, false, 'audit');
    const asOf = values.date ?? chinaToday();
    const bad = dateProblem(asOf, '--date ');
    if (bad) throw new CliError(bad);
    const { db, ctx } = openForCli(values);
    try {
      ctx.progress = (p) => io.err(`${p.phase}${p.total != null ? `（${p.total}）` : ''}`);
      const summary = runAudit(ctx, { asOf });
      for (const w of summary.calendarWarnings) io.err(`提示：${w}`);
      const empty = runWarning('audit', { ...summary.counts });
      if (empty) io.err(`警告：${empty}`);
      for (const f of summary.failedRules) io.err(`规则「${ruleInfo(db, f.ruleId).title}」运行失败：${f.error}`);
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
            `  #${f.id} [${f.severity}][${f.status}] ${f.title} ${f.caseNo}${f.personNo ? ` 嫌疑人${f.personNo}` : ''} ${f.prosecutor ?? ''} ${left}\n      ${f.message}`,
          );
        }
      }
      if (warnings.length) {
        io.out(`\n临期预警（${warnings.length}）：`);
        for (const w of warnings)
          io.out(
            `  ${w.dueOn} 余${w.daysLeft}日 ${ruleInfo(db, w.ruleId).title} ${w.caseNo} ${w.prosecutor ?? ''}：${w.message}`,
          );
      }
      return 0;
    } finally {
      db.close();
    }
  },
};
