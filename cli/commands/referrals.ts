/**
 * `caseflow referrals …` (cli.md):
 *   referrals export --month M --out DIR [--zip] [--regenerate]   the month's package for the inspection department
 *   referrals import FILE [--dry-run]                              referrals from the inspection department (all or nothing; exit 1 when refused)
 *   referrals add --date D --doc NO --category C --description T [--case NO] [--department D] [--prosecutor P] [--severity S]
 *   referrals list [--month M]
 *   referrals overdue --month M                                    the month's 逾期未整改问题移送清单 (proposed, excluded, referred)
 *   referrals exclude --month M --finding ID --reason T [--date D] exclude one from that list before export (reason required)
 *   referrals restore --month M --finding ID [--date D]            put an excluded one back
 * Every subcommand takes --db PATH and --json (one JSON document on stdout).
 */
import type { Command } from '../main';
import { CliError, openForCli, parse, printJson, type Io } from '../util';
import { HandlerError } from '../../core/handlers/registry';
import { formatImportError } from '../../core/import/format';
import { excludeFromReferral, referralProposals, restoreToReferral, type Proposal } from '../../core/escalation';
import { todayOf } from '../../core/context';
import { refuseUnfinishedReferralMonth } from '../../core/jobs/not-yet';
import {
  addReferral,
  exportReferralPackage,
  importReferrals,
  listReferrals,
  type ReferralImportResult,
} from '../../core/referrals';

const SUBCOMMANDS = {
  export: {
    summary: '导出某月的线索移送材料（抄送函、通知书、数据检查、评查、目录）',
    usage: 'export --month YYYY-MM --out 文件夹 [--zip] [--regenerate] [--json]',
    options: {
      month: { type: 'string', arg: 'YYYY-MM', help: '哪个月，必填' },
      out: { type: 'string', arg: '文件夹', help: '输出文件夹，必填' },
      zip: { type: 'boolean', help: '同时打成一个 zip 压缩包' },
      regenerate: { type: 'boolean', help: '重新生成新版本（默认重新导出已生成的版本）' },
    },
  },
  import: {
    summary: '导入检务督查部门移送的问题（XLSX，全部成功或全部不写入）',
    usage: 'import 文件.xlsx [--dry-run] [--json]',
    options: { 'dry-run': { type: 'boolean', help: '只检查，不写入' } },
  },
  add: {
    summary: '登记一条检务督查移送（登记为监控问题 REF-INSPECTION）',
    usage:
      'add --date YYYY-MM-DD --doc 督查文号 --category 问题类别 --description 问题描述 [--case 部门受案号] [--department 部门] [--prosecutor 检察官] [--severity 轻微|较重|严重]',
    options: {
      date: { type: 'string', arg: 'YYYY-MM-DD', help: '收文日期，必填' },
      doc: { type: 'string', arg: '文号', help: '督查文号，必填' },
      category: { type: 'string', arg: '类别', help: '问题类别，必填' },
      description: { type: 'string', arg: '描述', help: '问题描述，必填' },
      case: { type: 'string', arg: '部门受案号', help: '涉及的案件' },
      department: { type: 'string', arg: '部门', help: '承办部门（案件不在库中时填写）' },
      prosecutor: { type: 'string', arg: '姓名', help: '承办检察官（案件不在库中时填写）' },
      severity: { type: 'string', arg: '程度', help: '严重程度：轻微、较重、严重' },
    },
  },
  list: {
    summary: '列出检务督查移送',
    usage: 'list [--month YYYY-MM] [--prosecutor 姓名] [--json]',
    options: {
      month: { type: 'string', arg: 'YYYY-MM', help: '只列出该月收文的' },
      prosecutor: { type: 'string', arg: '姓名', help: '只列出该承办检察官的' },
    },
  },
  overdue: {
    summary: '列出某月成为逾期未整改、拟移送检务督查部门的问题（逾期未整改问题移送清单）',
    usage: 'overdue --month YYYY-MM [--json]',
    options: { month: { type: 'string', arg: 'YYYY-MM', help: '哪个月，必填' } },
  },
  exclude: {
    summary: '导出前把一个问题排除出该月的移送清单（须写明理由）',
    usage: 'exclude --month YYYY-MM --finding 问题编号 --reason 理由 [--date YYYY-MM-DD] [--json]',
    options: {
      month: { type: 'string', arg: 'YYYY-MM', help: '哪个月，必填' },
      finding: { type: 'string', arg: '编号', help: '问题编号，必填' },
      reason: { type: 'string', arg: '理由', help: '不予移送的理由，必填' },
      date: { type: 'string', arg: 'YYYY-MM-DD', help: '决定日期（默认今天）' },
    },
  },
  restore: {
    summary: '把排除的问题恢复到该月的移送清单',
    usage: 'restore --month YYYY-MM --finding 问题编号 [--date YYYY-MM-DD] [--json]',
    options: {
      month: { type: 'string', arg: 'YYYY-MM', help: '哪个月，必填' },
      finding: { type: 'string', arg: '编号', help: '问题编号，必填' },
      date: { type: 'string', arg: 'YYYY-MM-DD', help: '决定日期（默认今天）' },
    },
  },
} as const;

const USAGE = `请给出子命令：${Object.keys(SUBCOMMANDS).join('、')}（caseflow referrals --help 查看用法）`;

async function refusedAsCli<T>(f: () => T | Promise<T>): Promise<T> {
  try {
    return await f();
  } catch (e) {
    if (e instanceof HandlerError && e.status !== 500) throw new CliError(e.message);
    throw e;
  }
}

function printProposal(io: Io, p: Proposal): void {
  const state = p.excluded
    ? `不予移送（${p.excluded.reason}）`
    : p.referred
      ? `已移送督查（${p.referred.month}第${p.referred.version}版，${p.referred.on}）`
      : '待移送';
  io.out(
    `#${p.findingId} ${p.overdueOn} ${p.department} ${p.prosecutor} ${p.caseNo} ${p.ruleTitle}【${p.severity}】${p.notice ? `通知书${p.notice.number}，回复期限${p.notice.replyDueOn}` : ''}：${state}`,
  );
}

function printImport(io: Io, r: ReferralImportResult): void {
  if (!r.ok) {
    for (const e of r.errors) io.err(formatImportError(e));
    io.err(`导入被拒绝：共 ${r.errors.length} 处错误，未写入任何数据。`);
    return;
  }
  io.out(
    r.dryRun
      ? `检查通过（试导入，未写入）：${r.rows} 条移送记录。`
      : `已导入 ${r.added} 条检务督查移送，均已登记为监控问题（REF-INSPECTION）。`,
  );
  for (const w of r.warnings) io.out(`警告：${w}`);
}

export const command: Command = {
  summary: '线索移送：export 导出月度移送材料，import 导入督查移送，overdue/exclude/restore 逾期未整改问题移送清单',
  usage: Object.values(SUBCOMMANDS).map((s) => `referrals ${s.usage}`),
  subcommands: SUBCOMMANDS,
  examples: [
    'caseflow referrals export --month 2026-10 --out 移送材料 --zip',
    'caseflow referrals import 督查移送.xlsx',
    'caseflow referrals exclude --month 2026-10 --finding 17 --reason 承办检察官已说明客观原因',
  ],
  async run(args, io) {
    const [sub, ...rest] = args;
    if (sub === 'export') {
      const { values } = parse(rest, SUBCOMMANDS.export.options, false, 'referrals export');
      if (!values.month || !values.out)
        throw new CliError('需要 --month 和 --out：caseflow referrals export --month YYYY-MM --out 文件夹');
      const { db, ctx } = openForCli(values);
      try {
        // A month not over is refused (exit 1) with the day it can be exported (rules.md).
        refuseUnfinishedReferralMonth(values.month, todayOf(ctx));
        const r = await refusedAsCli(() =>
          exportReferralPackage(ctx, {
            month: values.month!,
            outDir: values.out!,
            zip: !!values.zip,
            regenerate: !!values.regenerate,
          }),
        );
        for (const w of r.warnings) io.err(`警告：${w}`);
        if (values.json) printJson(io, r);
        else {
          io.out(
            `${r.frozeNew ? '已生成' : '已重新导出'} ${r.month} 线索移送材料（第 ${r.version} 版，${r.producedBy} 生成于 ${r.producedAt}）：${r.folder}`,
          );
          io.out(
            `通知书 ${r.counts.notices} 份，评查（基本合格、不合格）${r.counts.reviews} 件，新发现问题 ${r.counts.findingsNew} 个，督查移送 ${r.counts.referralsIn} 个；共 ${r.files.length + 1} 个文件`,
          );
          if (r.zip) io.out(`压缩包：${r.zip}`);
        }
        return 0;
      } finally {
        db.close();
      }
    }
    if (sub === 'import') {
      const { values, positionals } = parse(rest, SUBCOMMANDS.import.options, true, 'referrals import');
      if (positionals.length !== 1)
        throw new CliError('请给出一个 XLSX 文件：caseflow referrals import 文件.xlsx [--dry-run]');
      const { db, ctx } = openForCli(values);
      try {
        const r = await importReferrals(ctx, positionals[0], { dryRun: !!values['dry-run'] });
        if (values.json) printJson(io, r);
        else printImport(io, r);
        return r.ok ? 0 : 1;
      } finally {
        db.close();
      }
    }
    if (sub === 'add') {
      const { values } = parse(rest, SUBCOMMANDS.add.options, false, 'referrals add');
      const { db, ctx } = openForCli(values);
      try {
        const r = await refusedAsCli(() =>
          addReferral(ctx, {
            receivedOn: values.date ?? '',
            docNumber: values.doc ?? '',
            category: values.category ?? '',
            description: values.description ?? '',
            caseNo: values.case,
            department: values.department,
            prosecutor: values.prosecutor,
            severity: values.severity,
          }),
        );
        for (const w of r.warnings) io.err(`警告：${w}`);
        if (values.json) printJson(io, r);
        else io.out(`已登记检务督查移送 #${r.id}（${r.docNumber}），监控问题 #${r.findingId}`);
        return 0;
      } finally {
        db.close();
      }
    }
    if (sub === 'list') {
      const { values } = parse(rest, SUBCOMMANDS.list.options, false, 'referrals list');
      const { db, ctx } = openForCli(values);
      try {
        const list = await refusedAsCli(() =>
          listReferrals(ctx, { month: values.month, prosecutor: values.prosecutor }),
        );
        if (values.json) printJson(io, { referrals: list });
        else {
          if (list.length === 0) io.out('没有检务督查移送记录');
          for (const r of list)
            io.out(
              `#${r.id} ${r.receivedOn} ${r.docNumber} ${r.department} ${r.prosecutor} ${r.caseNo ?? '（无案号）'} ${r.category}【${r.severity}】${r.findingStatus ?? ''}：${r.description}`,
            );
        }
        return 0;
      } finally {
        db.close();
      }
    }
    if (sub === 'overdue' || sub === 'exclude' || sub === 'restore') {
      const { values } = parse(
        rest,
        { ...SUBCOMMANDS.exclude.options, ...SUBCOMMANDS.restore.options },
        false,
        `referrals ${sub}`,
      );
      if (!values.month) throw new CliError(`需要 --month（caseflow referrals ${sub} --help 查看用法）`);
      const findingId = Number(values.finding);
      if (sub !== 'overdue' && !(Number.isInteger(findingId) && findingId > 0))
        throw new CliError(`需要 --finding 问题编号（正整数）（caseflow referrals ${sub} --help 查看用法）`);
      const { db, ctx } = openForCli(values);
      try {
        if (sub === 'overdue') {
          const list = await refusedAsCli(() => referralProposals(db, values.month!));
          if (values.json) printJson(io, { month: values.month, proposals: list });
          else {
            if (list.length === 0) io.out(`${values.month} 没有成为逾期未整改的问题`);
            for (const p of list) printProposal(io, p);
          }
          return 0;
        }
        const p = await refusedAsCli(() =>
          sub === 'exclude'
            ? excludeFromReferral(ctx, {
                month: values.month!,
                findingId,
                reason: values.reason ?? '',
                onDate: values.date,
              })
            : restoreToReferral(ctx, { month: values.month!, findingId, onDate: values.date }),
        );
        if (values.json) printJson(io, p);
        else printProposal(io, p);
        return 0;
      } finally {
        db.close();
      }
    }
    throw new CliError(USAGE);
  },
};
