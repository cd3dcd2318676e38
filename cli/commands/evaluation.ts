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

const OPTIONS = {
  year: { type: 'string', arg: 'YYYY', help: '年度，必填（年度结束后才能生成）' },
  out: { type: 'string', arg: '文件夹', help: '输出文件夹，必填' },
} as const;

export const command: Command = {
  summary: '年度员额检察官业绩考评数据工作簿（--year 年度 --out 文件夹）',
  usage: ['evaluation --year YYYY --out 文件夹'],
  description: [
    '每名员额检察官一行、列出个人执法档案的全年数据，每项数据一张工作表列出背后的案件和问题；只呈现数据，设置了部门内排名时才排名。',
  ],
  options: OPTIONS,
  examples: ['caseflow evaluation --year 2026 --out 业绩考评'],
  async run(args, io) {
    const { values } = parse(args, OPTIONS, false, 'evaluation');
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
