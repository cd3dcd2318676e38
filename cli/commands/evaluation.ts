/**
 * `caseflow evaluation --year Y --out DIR`: the annual evaluation workbook (业绩考评数据, metrics.md): one row per
 * 员额检察官 with the dossier's figures for the year, one sheet per figure with the cases and findings behind it.
 * Refused while the year is not over.
 */
import type { Command } from '../main';
import { CliError, openForCli, parse, printJson } from '../util';
import { chinaTimestamp, isYearKey } from '../../core/dates';
import { todayOf } from '../../core/context';
import { HandlerError } from '../../core/errors';
import { exportEvaluation } from '../../core/dossier/export';

export const command: Command = {
  summary: 'evaluation',
  async run(args, io) {
    const { values } = parse(args, { year: { type: 'string' }, out: { type: 'string' } });
    if (!values.year || !isYearKey(values.year))
      throw new CliError(`--year 应为四位年份（1900 至 2199，如 2026）：${values.year ?? '（未指定）'}`);
    if (!values.out) throw new CliError('请用 --out 指定输出文件夹');
    const { db, ctx } = openForCli(values);
    try {
      const r = await exportEvaluation(ctx, {
        year: values.year,
        outDir: values.out,
        today: todayOf(ctx),
        generatedAt: chinaTimestamp(),
      }).catch((e: unknown) => {
        if (e instanceof HandlerError && e.status < 500) throw new CliError(e.message);
        throw e;
      });
      if (values.json) printJson(io, { year: values.year, ...r });
      else {
        io.out(r.file);
        io.err(`${values.year}年度业绩考评数据：${r.prosecutors} 名员额检察官，${r.sheets} 张工作表。`);
      }
      return 0;
    } finally {
      db.close();
    }
  },
};
