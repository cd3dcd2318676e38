/**
 * `caseflow import FILE… [--mapping NAME|FILE] [--taken-on D] [--allow-older] [--dry-run] [--json] [--db PATH]`
 * (cli.md, import-mapping.md): one all-or-nothing import. A file is read through the mapping given (a saved
 * mapping's name or a mapping file), else through a saved mapping whose headers it holds, else in the product's
 * own layout. `--taken-on`: the data date (the day the export was taken; default the date a mapped file's title
 * row states, else today in China time); `--allow-older`: apply cases whose stored data came from a later data date.
 * Exit 0 imported (or nothing to change), 1 refused (every error printed, one per line), 2 internal.
 */
import type { Command } from '../main';
import { CliError, openForCli, parse, printJson } from '../util';
import { formatImportError, runImport } from '../../core/import';
import type { ImportResult } from '../../core/import';
import type { Io } from '../util';
import { dateProblem } from '../../core/dates';
import { mappingArg } from './mappings';

/** The field changes of the preview, one line per case (a dry run without --json). */
function printChanges(io: Io, r: ImportResult): void {
  if (r.addedCases.length)
    io.out(
      `将新增的案件：${r.addedCases.slice(0, 20).join('、')}${r.cases.added > 20 ? ` 等 ${r.cases.added} 件` : ''}`,
    );
  for (const c of r.changes.slice(0, 50)) {
    const fields = c.fields.map((f) => {
      const where = f.sheet === '案件' ? f.column : `${f.sheet}${f.personNo ? ` ${f.personNo}` : ''} ${f.column}`;
      return `${where}：${f.old ?? '（空）'} → ${f.new ?? '（空）'}`;
    });
    io.out(`变更 ${c.caseNo}：${fields.join('；')}`);
  }
  if (r.cases.changed > 50) io.out(`……共变更 ${r.cases.changed} 件（--json 列出前 ${r.changes.length} 件的全部变更）`);
}

function printHuman(io: Io, r: ImportResult): void {
  for (const m of r.mappings)
    io.out(`文件 ${m.file} 按导入模板「${m.name}」读取${m.matched ? '（按表头自动匹配）' : ''}`);
  if (!r.ok) {
    for (const e of r.errors) io.err(formatImportError(e));
    io.err(r.message);
    return;
  }
  io.out(r.message);
  const rows = Object.entries(r.rows)
    .map(([k, n]) => `${k} ${n} 行`)
    .join('，');
  if (rows) io.out(`读取：${rows}`);
  if (r.staffAdded.length)
    io.out(
      `${r.dryRun ? '将加入' : '已加入'}人员名册（承办检察官不在名册中，按员额检察官加入）：${r.staffAdded.join('、')}`,
    );
  for (const w of r.warnings) io.out(`警告：${w}`);
  if (r.dryRun) printChanges(io, r);
}

const OPTIONS = {
  mapping: {
    type: 'string',
    arg: '模板名称|模板文件',
    help: '按这个导入模板读取（默认：表头与某个已保存模板相符时自动使用它；caseflow mappings --help）',
  },
  'taken-on': {
    type: 'string',
    arg: 'YYYY-MM-DD',
    help: '数据日期：从全国检察业务应用系统导出这批数据的那一天（默认：按模板读取的文件标题行写明的日期，否则今天，中国时间）',
  },
  'allow-older': {
    type: 'boolean',
    help: '库中已有更晚数据日期的案件也用本批较早的数据覆盖（默认拒绝，以免旧数据覆盖新数据）',
  },
  'dry-run': { type: 'boolean', help: '试导入：只检查并报告将新增、变更的案件和全部错误，不写入' },
} as const;

export const command: Command = {
  summary: '导入案件数据（XLSX/CSV），全部成功或全部不写入',
  usage: [
    'import 文件… [--mapping 模板名称|模板文件] [--taken-on YYYY-MM-DD] [--allow-older] [--dry-run] [--json] [--db 路径]',
  ],
  description: [
    '一次导入一个或多个工作簿（工作表：案件、嫌疑人、流程节点、文书、人员）或 CSV 文件（UTF-8 或 GBK）。',
    '任何一处错误都不写入任何数据，每处错误写明文件、工作表、行、列和值；再次导入相同内容不作任何更改。',
  ],
  options: OPTIONS,
  examples: [
    'caseflow import 案件数据.xlsx --taken-on 2026-11-23',
    'caseflow import 案件.csv 嫌疑人.csv --dry-run',
    'caseflow import 全国系统导出.xlsx --mapping 本院导出',
  ],
  exitCodes: ['0 已导入（或无需更改）', '1 导入被拒绝（逐条列出错误，未写入）', '2 内部错误'],
  async run(args, io) {
    const { values, positionals } = parse(args, OPTIONS, true, 'import');
    if (positionals.length === 0)
      throw new CliError(
        '请给出要导入的文件：caseflow import 文件… [--mapping 模板] [--taken-on 数据日期]（caseflow import --help 查看说明）',
      );
    const takenOn = values['taken-on'];
    if (takenOn != null) {
      const bad = dateProblem(takenOn, '--taken-on（导出数据的那一天）');
      if (bad) throw new CliError(bad);
    }
    const { db, ctx } = openForCli(values);
    try {
      const mapping = values.mapping ? mappingArg(db, values.mapping) : undefined;
      let lastPhase = '';
      // Progress goes to stderr (stdout carries the one JSON document with --json), and only to a terminal.
      if (process.stderr.isTTY) {
        ctx.progress = (p) => {
          if (p.phase !== lastPhase) io.err(`${p.phase}…`);
          lastPhase = p.phase;
        };
      }
      const result = await runImport(ctx, positionals, {
        dryRun: !!values['dry-run'],
        mapping,
        ...(takenOn ? { takenOn } : {}),
        allowOlder: !!values['allow-older'],
      });
      if (values.json) printJson(io, result);
      else printHuman(io, result);
      return result.ok ? 0 : 1;
    } finally {
      db.close();
    }
  },
};
