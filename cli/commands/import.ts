/**
 * `caseflow import FILE… [--taken-on D] [--allow-older] [--dry-run] [--json] [--db PATH]` (cli.md,
 * import-mapping.md): one all-or-nothing import. `--taken-on`: the data date (the day the export was taken,
 * default today in China time); `--allow-older`: apply cases whose stored data came from a later data date.
 * Exit 0 imported (or nothing to change), 1 refused (every error printed, one per line), 2 internal.
 */
import type { Command } from '../main';
import { CliError, openForCli, parse, printJson } from '../util';
import { formatImportError, runImport } from '../../core/import';
import type { ImportResult } from '../../core/import';
import type { Io } from '../util';
import { isIsoDate } from '../../core/dates';

function printHuman(io: Io, r: ImportResult): void {
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
}

export const command: Command = {
  summary: 'import',
  async run(args, io) {
    const { values, positionals } = parse(
      args,
      { 'dry-run': { type: 'boolean' }, 'taken-on': { type: 'string' }, 'allow-older': { type: 'boolean' } },
      true,
    );
    if (positionals.length === 0)
      throw new CliError(
        '用法：caseflow import FILE… [--taken-on 数据日期] [--allow-older] [--dry-run] [--json] [--db PATH]',
      );
    const takenOn = values['taken-on'];
    if (takenOn != null && !isIsoDate(takenOn))
      throw new CliError(`--taken-on 应为 YYYY-MM-DD 格式的日期（导出数据的那一天）：${takenOn}`);
    const { db, ctx } = openForCli(values);
    try {
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
