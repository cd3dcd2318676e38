/**
 * `caseflow dossier --prosecutor NAME --year Y [--format docx,pdf,xlsx,json] [--out DIR]`: a prosecutor's
 * 个人执法档案 (metrics.md). Without --out it prints cli.md's JSON shape exactly; with --out it writes every asked
 * format there (default: docx, pdf, xlsx). A year not over yet gives the figures so far (stderr says so).
 */
import type { Command } from '../main';
import { CliError, openForCli, parse, printJson } from '../util';
import { chinaTimestamp, isYearKey } from '../../core/dates';
import { todayOf } from '../../core/context';
import { HandlerError } from '../../core/errors';
import { parseFormats, type Format } from '../../core/documents/export';
import { buildDossier, dossierJson } from '../../core/dossier';
import { exportDossier } from '../../core/dossier/export';

export const command: Command = {
  summary: 'dossier',
  async run(args, io) {
    const { values } = parse(args, {
      prosecutor: { type: 'string' },
      year: { type: 'string' },
      format: { type: 'string' },
      out: { type: 'string' },
    });
    if (!values.prosecutor?.trim()) throw new CliError('请用 --prosecutor 指定检察官姓名');
    if (!values.year || !isYearKey(values.year))
      throw new CliError(`--year 应为四位年份（1900 至 2199，如 2026）：${values.year ?? '（未指定）'}`);
    let formats: Format[];
    try {
      formats = parseFormats(
        values.format,
        ['docx', 'pdf', 'xlsx', 'json'],
        values.out ? ['docx', 'pdf', 'xlsx'] : ['json'],
      );
    } catch (e) {
      throw new CliError((e as Error).message);
    }
    if (!values.out && formats.some((f) => f !== 'json'))
      throw new CliError('导出 Word/PDF/Excel 请用 --out 指定输出文件夹');
    const { db, ctx } = openForCli(values);
    const today = todayOf(ctx);
    try {
      try {
        const d = buildDossier(db, values.prosecutor, values.year, today);
        if (!d.complete) io.err(`${values.year}年尚未结束，执法档案为截至今日（${today}）的数据。`);
        if (!values.out) {
          printJson(io, dossierJson(d));
          return 0;
        }
        const files = await exportDossier(ctx, {
          prosecutor: values.prosecutor,
          year: values.year,
          formats,
          outDir: values.out,
          today,
          generatedAt: chinaTimestamp(),
        });
        if (values.json) printJson(io, { prosecutor: d.prosecutor, period: d.period, files });
        else for (const f of files) io.out(f);
        return 0;
      } catch (e) {
        if (e instanceof HandlerError && e.status < 500) throw new CliError(e.message);
        throw e;
      }
    } finally {
      db.close();
    }
  },
};
