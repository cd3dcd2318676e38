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

const OPTIONS = {
  prosecutor: { type: 'string', arg: '姓名', help: '检察官姓名，必填' },
  year: { type: 'string', arg: 'YYYY', help: '年度，必填（年度未结束时为截至今日的数据）' },
  format: { type: 'string', arg: '格式', help: '逗号分隔：docx、pdf、xlsx、json（有 --out 时默认 docx,pdf,xlsx）' },
  out: { type: 'string', arg: '文件夹', help: '写入该文件夹（默认不写文件，在标准输出打印 JSON）' },
} as const;

export const command: Command = {
  summary: '检察官个人执法档案（--prosecutor 姓名 --year 年度）',
  usage: ['dossier --prosecutor 姓名 --year YYYY [--format docx,pdf,xlsx,json] [--out 文件夹]'],
  description: [
    '一名检察官一年的办案数据（全年和各月）、流程监控发现的问题及整改、通知书与回复、逾期未整改移送督查、案件质量评查和检务督查移送。',
    '不带 --out 时打印 cli.md 规定的 JSON；带 --out 时写入 Word、PDF、Excel。',
  ],
  options: OPTIONS,
  examples: [
    'caseflow dossier --prosecutor 李明 --year 2026',
    'caseflow dossier --prosecutor 李明 --year 2026 --out 档案',
  ],
  async run(args, io) {
    const { values } = parse(args, OPTIONS, false, 'dossier');
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
