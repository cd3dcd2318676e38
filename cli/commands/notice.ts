/** `caseflow notice --week W [--out DIR] [--format docx,pdf,xlsx,json] [--regenerate]`: runs (or re-exports) the weekly notice. */
import type { Command } from '../main';
import { CliError, openForCli, parse, printJson } from '../util';
import { isWeekKey } from '../../core/dates';
import { runWeeklyNotice, loadSnapshot } from '../../core/jobs/notice';
import { parseFormats, type Format } from '../../core/documents/export';
import { jsonOf } from '../../core/documents/bulletins';

const OPTIONS = {
  week: { type: 'string', arg: 'YYYY-Www', help: '哪一周（ISO 周，例如 2026-W47），必填' },
  out: { type: 'string', arg: '文件夹', help: '把通报写入该文件夹（默认不写文件；只用 --format json 时打印 JSON）' },
  format: { type: 'string', arg: '格式', help: '逗号分隔：docx、pdf、xlsx、json（有 --out 时默认 docx,pdf）' },
  regenerate: { type: 'boolean', help: '重新生成一个新版本（旧版本保留）；默认重新导出已生成的版本' },
} as const;

export const command: Command = {
  summary: '生成（或重新导出）周通报',
  usage: ['notice --week YYYY-Www [--out 文件夹] [--format docx,pdf,xlsx,json] [--regenerate] [--json] [--db 路径]'],
  description: ['该周已生成过时重新导出同一份（数字不随之后的导入变化），要新版本请加 --regenerate。'],
  options: OPTIONS,
  examples: ['caseflow notice --week 2026-W47 --out 周通报', 'caseflow notice --week 2026-W47 --format json'],
  async run(args, io) {
    const { values } = parse(args, OPTIONS, false, 'notice');
    if (!values.week || !isWeekKey(values.week))
      throw new CliError(`--week 应为 ISO 周，例如 2026-W47：${values.week ?? '（未指定）'}`);
    let formats: Format[];
    try {
      formats = parseFormats(values.format, ['docx', 'pdf', 'xlsx', 'json'], values.out ? ['docx', 'pdf'] : []);
    } catch (e) {
      throw new CliError((e as Error).message);
    }
    const { db, ctx } = openForCli(values);
    try {
      ctx.progress = (p) => io.err(p.phase);
      const toStdout = !values.out && formats.length === 1 && formats[0] === 'json';
      if (!values.out && formats.some((f) => f !== 'json'))
        throw new CliError('导出 Word/PDF 请用 --out 指定输出文件夹');
      const r = await runWeeklyNotice(ctx, {
        week: values.week,
        regenerate: !!values.regenerate,
        outDir: values.out,
        formats,
      });
      if (toStdout) {
        printJson(io, jsonOf(loadSnapshot(ctx, 'weekly', values.week, r.version)!));
        return 0;
      }
      if (values.json) {
        printJson(io, r);
        return 0;
      }
      io.out(
        `${values.week} 周通报${r.created ? '已生成' : '已存在（未重新生成；需要新版本请加 --regenerate）'}：第${r.version}版，截至 ${r.asOf}。`,
      );
      for (const f of r.files) io.out(`  ${f}`);
      return 0;
    } finally {
      db.close();
    }
  },
};
