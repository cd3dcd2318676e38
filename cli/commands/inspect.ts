/** `caseflow inspect --month M [--out DIR] [--format docx,pdf,xlsx,json] [--regenerate]`: runs (or re-exports) the monthly inspection. */
import type { Command } from '../main';
import { CliError, openForCli, parse, printJson } from '../util';
import { isMonthKey } from '../../core/dates';
import { runMonthlyInspection } from '../../core/jobs/inspection';
import { loadSnapshot } from '../../core/jobs/notice';
import { parseFormats, type Format } from '../../core/documents/export';
import { jsonOf } from '../../core/documents/bulletins';

const OPTIONS = {
  month: { type: 'string', arg: 'YYYY-MM', help: '哪个月，必填' },
  out: { type: 'string', arg: '文件夹', help: '把两份通报、数据检查和线索移送材料写入该文件夹' },
  format: { type: 'string', arg: '格式', help: '逗号分隔：docx、pdf、xlsx、json（有 --out 时默认 docx,pdf,xlsx）' },
  regenerate: { type: 'boolean', help: '重新运行，生成新版本（旧版本保留）' },
} as const;

export const command: Command = {
  summary: '运行（或重新导出）月检查：两份月度通报和线索移送材料',
  usage: ['inspect --month YYYY-MM [--out 文件夹] [--format docx,pdf,xlsx,json] [--regenerate] [--json] [--db 路径]'],
  description: ['按该月最后一天运行审核，生成《员额检察官办案数据通报》《流程监控通报》、数据检查结果和线索移送材料。'],
  options: OPTIONS,
  examples: ['caseflow inspect --month 2026-10 --out 月检查'],
  async run(args, io) {
    const { values } = parse(args, OPTIONS, false, 'inspect');
    if (!values.month || !isMonthKey(values.month))
      throw new CliError(`--month 应为 YYYY-MM：${values.month ?? '（未指定）'}`);
    let formats: Format[];
    try {
      formats = parseFormats(values.format, ['docx', 'pdf', 'xlsx', 'json'], values.out ? ['docx', 'pdf', 'xlsx'] : []);
    } catch (e) {
      throw new CliError((e as Error).message);
    }
    if (!values.out && formats.some((f) => f !== 'json'))
      throw new CliError('导出 Word/PDF/Excel 请用 --out 指定输出文件夹');
    const { db, ctx } = openForCli(values);
    try {
      ctx.progress = (p) => io.err(p.phase);
      const toStdout = !values.out && formats.length === 1 && formats[0] === 'json';
      const r = await runMonthlyInspection(ctx, {
        month: values.month,
        regenerate: !!values.regenerate,
        outDir: values.out,
        formats,
      });
      for (const w of r.warnings) io.err(`提示：${w}`);
      if (toStdout) {
        const get = (k: string) => jsonOf(loadSnapshot(ctx, k, values.month!, r.version)!);
        printJson(io, {
          month: values.month,
          version: r.version,
          prosecutors: get('prosecutors'),
          monitoring: get('monitoring'),
          dataCheck: get('data-check'),
        });
        return 0;
      }
      if (values.json) {
        printJson(io, r);
        return 0;
      }
      io.out(
        `${values.month} 月检查${r.created ? '已完成' : '已存在（未重新运行；需要新版本请加 --regenerate）'}：第${r.version}版，截至 ${r.asOf}。`,
      );
      for (const f of r.files) io.out(`  ${f}`);
      return 0;
    } finally {
      db.close();
    }
  },
};
