/**
 * `caseflow bulletin --month M --kind prosecutors|monitoring [--format …] [--out DIR]`: exports one
 * monthly bulletin from the month's inspection (run first when the month has none). `--format json`
 * without `--out` prints exactly the cli.md shape on stdout.
 */
import type { Command } from '../main';
import { CliError, openForCli, parse, printJson } from '../util';
import { chinaToday, isMonthKey } from '../../core/dates';
import { refuseUnfinishedMonth } from '../../core/jobs/not-yet';
import { runMonthlyInspection } from '../../core/jobs/inspection';
import { loadSnapshot } from '../../core/jobs/notice';
import { batchPrinter, exportSnapshot, parseFormats, type Format } from '../../core/documents/export';
import { jsonOf } from '../../core/documents/bulletins';

const OPTIONS = {
  month: { type: 'string', arg: 'YYYY-MM', help: '哪个月，必填' },
  kind: {
    type: 'string',
    arg: '种类',
    help: 'prosecutors《员额检察官办案数据通报》或 monitoring《流程监控通报》，必填',
  },
  out: { type: 'string', arg: '文件夹', help: '写入该文件夹（默认不写文件，在标准输出打印 JSON）' },
  format: { type: 'string', arg: '格式', help: '逗号分隔：docx、pdf、xlsx、json（有 --out 时默认 docx,pdf,xlsx）' },
  version: { type: 'string', arg: '版本号', help: '导出第几版（默认最新版）' },
} as const;

export const command: Command = {
  summary: '导出一份月度通报',
  usage: [
    'bulletin --month YYYY-MM --kind prosecutors|monitoring [--format …] [--out 文件夹] [--version N] [--db 路径]',
  ],
  description: ['该月还没有运行月检查时先运行月检查。不带 --out 时打印 cli.md 规定的 JSON。'],
  options: OPTIONS,
  examples: [
    'caseflow bulletin --month 2026-10 --kind monitoring --out 通报',
    'caseflow bulletin --month 2026-10 --kind prosecutors',
  ],
  async run(args, io) {
    const { values } = parse(args, OPTIONS, false, 'bulletin');
    if (!values.month || !isMonthKey(values.month))
      throw new CliError(`--month 应为 YYYY-MM：${values.month ?? '（未指定）'}`);
    // Even a bulletin already frozen (a store from before the refusal) is not handed out for a month not over.
    refuseUnfinishedMonth(values.month, chinaToday(), '月检查，也没有该月的月度通报');
    if (values.kind !== 'prosecutors' && values.kind !== 'monitoring')
      throw new CliError('--kind 应为 prosecutors（员额检察官办案数据通报）或 monitoring（流程监控通报）');
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
    const version = values.version ? Number(values.version) : undefined;
    const { db, ctx } = openForCli(values);
    try {
      ctx.progress = (p) => io.err(p.phase);
      let snap = loadSnapshot(ctx, values.kind, values.month, version);
      if (!snap) {
        if (version != null) throw new CliError(`${values.month} 没有第${version}版通报`);
        io.err(`${values.month} 尚未运行月检查，现在运行……`);
        await runMonthlyInspection(ctx, { month: values.month });
        snap = loadSnapshot(ctx, values.kind, values.month)!;
      }
      if (!values.out) {
        printJson(io, jsonOf(snap));
        return 0;
      }
      const printer = batchPrinter(ctx);
      let files: string[];
      try {
        files = await exportSnapshot(snap, formats, values.out, printer.print);
      } finally {
        await printer.close();
      }
      if (values.json) printJson(io, { month: values.month, kind: values.kind, version: snap.version, files });
      else for (const f of files) io.out(f);
      return 0;
    } finally {
      db.close();
    }
  },
};
