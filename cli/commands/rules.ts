/**
 * `caseflow rules …` (cli.md, custom-rules.md "Commands"):
 *   rules list [--json]                                   built-in and custom rules: id, title, area, severity, enabled, version
 *   rules import FILE [--dry-run] [--json]                loads a rule pack, all or nothing (exit 1 when refused)
 *   rules export --out FILE [--ids ID,…] [--json]         writes custom rules as a pack
 *   rules test FILE|--ids ID,… [--date D] [--json]        what the rules would raise as of D, without writing
 *   rules enable|disable ID [--json]
 */
import type { Command } from '../main';
import { CliError, openForCli, parse, printJson, type Io } from '../util';
import { chinaToday, isIsoDate } from '../../core/dates';
import { getSettings } from '../../core/settings';
import { describeRules } from '../../core/rules/catalogue';
import {
  exportRulePack,
  importRulePack,
  readPackFile,
  RuleNotFound,
  RuleRefusal,
  setCustomRuleEnabled,
  storedRuleDefs,
  testCustomRules,
  type PackImportResult,
} from '../../core/rules/custom';
import type { CustomRuleDef } from '../../core/rules/custom/types';

const SUBCOMMANDS = {
  list: { summary: '列出内置规则和自定义规则（编号、名称、领域、严重程度、是否启用、版本）', usage: 'list [--json]' },
  import: {
    summary: '导入规则包（全部成功或全部不写入）',
    usage: 'import 规则包.json [--dry-run] [--json]',
    options: { 'dry-run': { type: 'boolean', help: '只检查，不写入' } },
  },
  export: {
    summary: '把自定义规则导出为规则包',
    usage: 'export --out 规则包.json [--ids 编号,…] [--json]',
    options: {
      out: { type: 'string', arg: '文件', help: '写出的规则包文件，必填' },
      ids: { type: 'string', arg: '编号,…', help: '只导出这些规则（逗号分隔；默认全部自定义规则）' },
    },
  },
  test: {
    summary: '试运行规则：列出截至某日会发现的问题，不写入',
    usage: 'test 规则包.json|--ids 编号,… [--date YYYY-MM-DD] [--json]',
    options: {
      ids: { type: 'string', arg: '编号,…', help: '试运行库中的这些规则（逗号分隔），代替规则包文件' },
      date: { type: 'string', arg: 'YYYY-MM-DD', help: '按哪一天审核（默认：今天）' },
    },
  },
  enable: { summary: '启用一条自定义规则', usage: 'enable 编号 [--json]' },
  disable: { summary: '停用一条自定义规则（其未整改问题关闭为不予纠正）', usage: 'disable 编号 [--json]' },
} as const;

const USAGE = `请给出子命令：${Object.keys(SUBCOMMANDS).join('、')}（caseflow rules --help 查看用法）`;

/** Refusals and unknown rules are exit 1 with the Chinese message. */
function refusedAsCli<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof RuleRefusal || e instanceof RuleNotFound) throw new CliError(e.message);
    throw e;
  }
}

const idList = (s: string | undefined) =>
  (s ?? '')
    .split(/[,，]/)
    .map((x) => x.trim())
    .filter(Boolean);

function printImport(io: Io, r: PackImportResult): void {
  if (!r.ok) {
    for (const p of r.problems) io.err(p.text);
    io.err(`规则包被拒绝：共 ${r.problems.length} 处错误，未做任何更改。`);
    return;
  }
  const what = `新增 ${r.added.length} 条，修改 ${r.changed.length} 条，未变 ${r.unchanged.length} 条`;
  const pack = r.pack
    ? `“${r.pack.name}”${r.pack.issuer ? `（${r.pack.issuer}` : '（'}${r.pack.issuedOn ? ` ${r.pack.issuedOn}` : ''}）`
    : '';
  io.out(r.dryRun ? `检查通过（试导入，未写入）：规则包${pack}，${what}。` : `已导入规则包${pack}：${what}。`);
  if (r.closed) io.out(`停用的规则已关闭 ${r.closed} 个未整改问题（不予纠正：规则已停用）。`);
}

export const command: Command = {
  summary: '自定义监控规则：list|import|export|test|enable|disable',
  usage: Object.values(SUBCOMMANDS).map((x) => `rules ${x.usage}`),
  description: ['自定义监控规则与规则包（custom-rules.md）：每日审核与内置规则一并运行。'],
  subcommands: SUBCOMMANDS,
  examples: ['caseflow rules import 市院规则包.json --dry-run', 'caseflow rules test --ids C-001 --date 2026-11-23'],
  run(args, io) {
    const [sub, ...rest] = args;
    if (sub === 'list') {
      const { values } = parse(rest, {}, false, 'rules list');
      const { db } = openForCli(values);
      try {
        const rules = describeRules(db, getSettings(db).warningWindows).filter((r) => !r.deleted);
        if (values.json) {
          printJson(io, {
            rules: rules.map((r) => ({
              id: r.id,
              title: r.title,
              area: r.area,
              severity: r.severity,
              enabled: r.enabled,
              version: r.version,
              custom: r.custom,
            })),
          });
          return 0;
        }
        for (const r of rules)
          io.out(
            `${r.id.padEnd(22)} ${r.custom ? '自定义' : '内置  '} ${r.enabled ? '启用' : '停用'} ${r.version ? `第${r.version}版` : '    '} [${r.area}][${r.severity}] ${r.title}`,
          );
        return 0;
      } finally {
        db.close();
      }
    }
    if (sub === 'import') {
      const { values, positionals } = parse(rest, SUBCOMMANDS.import.options, true, 'rules import');
      if (positionals.length !== 1)
        throw new CliError(
          '需要一个规则包文件：caseflow rules import 规则包.json（caseflow rules import --help 查看说明）',
        );
      const { db, ctx } = openForCli(values);
      try {
        const r = importRulePack(ctx, positionals[0], { dryRun: !!values['dry-run'] });
        if (values.json) printJson(io, r);
        else printImport(io, r);
        return r.ok ? 0 : 1;
      } finally {
        db.close();
      }
    }
    if (sub === 'export') {
      const { values } = parse(rest, SUBCOMMANDS.export.options, false, 'rules export');
      if (!values.out) throw new CliError('需要 --out：caseflow rules export --out 规则包.json');
      const { db, ctx } = openForCli(values);
      try {
        const r = refusedAsCli(() => exportRulePack(ctx, values.out!, { ids: idList(values.ids) }));
        if (values.json) printJson(io, r);
        else io.out(`已导出 ${r.rules} 条自定义规则：${r.file}`);
        return 0;
      } finally {
        db.close();
      }
    }
    if (sub === 'test') {
      const { values, positionals } = parse(rest, SUBCOMMANDS.test.options, true, 'rules test');
      const ids = idList(values.ids);
      if ((positionals.length === 1) === ids.length > 0 || positionals.length > 1)
        throw new CliError(
          '需要一个规则包文件，或 --ids（二者选一）：caseflow rules test 规则包.json 或 caseflow rules test --ids 编号',
        );
      const asOf = values.date ?? chinaToday();
      if (!isIsoDate(asOf)) throw new CliError(`--date 应为 YYYY-MM-DD：${asOf}`);
      let defs: CustomRuleDef[] | undefined;
      if (positionals.length) {
        const { pack, problems } = readPackFile(positionals[0]);
        if (!pack) throw new CliError(new RuleRefusal(problems, '规则包被拒绝').message);
        defs = pack.rules;
      }
      const { db } = openForCli(values);
      try {
        const r = refusedAsCli(() => testCustomRules(db, defs ?? storedRuleDefs(db, ids), asOf));
        if (values.json) {
          printJson(io, {
            asOf: r.asOf,
            rules: r.rules.map((x) => ({ id: x.id, findings: x.findings, samples: x.samples })),
          });
          return 0;
        }
        io.out(`试运行（截至 ${r.asOf}，未写入）：`);
        for (const x of r.rules) {
          io.out(`${x.id} ${x.title}：${x.error ? `运行出错：${x.error}` : `${x.findings} 个问题`}`);
          for (const s of x.samples) io.out(`    ${s.caseNo}${s.personNo ? ` 嫌疑人${s.personNo}` : ''}：${s.message}`);
        }
        return 0;
      } finally {
        db.close();
      }
    }
    if (sub === 'enable' || sub === 'disable') {
      const { values, positionals } = parse(rest, {}, true, `rules ${sub}`);
      if (positionals.length !== 1) throw new CliError(`需要规则编号：caseflow rules ${sub} 编号`);
      const { ctx, db } = openForCli(values);
      try {
        const r = refusedAsCli(() => setCustomRuleEnabled(ctx, positionals[0], sub === 'enable'));
        if (values.json)
          printJson(io, {
            id: r.rule.id,
            enabled: r.rule.enabled,
            version: r.rule.version,
            changed: r.changed,
            closed: r.closed,
          });
        else if (!r.changed) io.out(`规则 ${r.rule.id} 已经是${r.rule.enabled ? '启用' : '停用'}状态，未做更改。`);
        else
          io.out(
            `已${r.rule.enabled ? '启用' : '停用'}规则 ${r.rule.id}（第 ${r.rule.version} 版）${r.closed ? `，关闭 ${r.closed} 个未整改问题（不予纠正：规则已停用）` : ''}。`,
          );
        return 0;
      } finally {
        db.close();
      }
    }
    throw new CliError(USAGE);
  },
};
