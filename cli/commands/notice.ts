/** `caseflow notice --week W [--out DIR] [--format docx,pdf,xlsx,json] [--regenerate]`: runs (or re-exports) the weekly notice. */
import type { Command } from '../main';
import { CliError, openForCli, parse, printJson } from '../util';
import { isWeekKey } from '../../core/dates';
import { runWeeklyNotice, loadSnapshot } from '../../core/jobs/notice';
import { parseFormats, type Format } from '../../core/documents/export';
import { jsonOf } from '../../core/documents/bulletins';

export const command: Command = {
  summary: 'notice',
  async run(args, io) {
    const { values } = parse(args, {
      week: { type: 'string' },
      out: { type: 'string' },
      format: { type: 'string' },
      regenerate: { type: 'boolean' },
    });
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
