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
import { isIsoDate } from '../../core/dates';

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

export const command: Command = {
  summary: 'import',
  async run(args, io) {
    const { values, positionals } = parse(
      args,
      {
        'dry-run': { type: 'boolean' },
        mapping: { type: 'string' },
        'taken-on': { type: 'string' },
        'allow-older': { type: 'boolean' },
      },
      true,
    );
    if (positionals.length === 0)
      throw new CliError(
        '用法：caseflow import FILE… [--mapping 模板名称|模板文件] [--taken-on 数据日期] [--allow-older] [--dry-run] [--json] [--db PATH]',
      );
    const takenOn = values['taken-on'];
    if (takenOn != null && !isIsoDate(takenOn))
      throw new CliError(`--taken-on 应为 YYYY-MM-DD 格式的日期（导出数据的那一天）：${takenOn}`);
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
