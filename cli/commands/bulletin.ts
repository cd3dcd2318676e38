/**
 * `caseflow bulletin --month M|--quarter 2026-Q3|--year 2026 --kind prosecutors|monitoring [--format …] [--out DIR]`:
 * exports one bulletin. A month's comes from the month's inspection (run first when the month has none); a
 * quarter's or year's is frozen the first time it is asked for (`--regenerate` freezes a new version) and refused
 * while the period is not over. `--format json` without `--out` prints exactly the cli.md shape on stdout (a
 * quarter's or year's with "period" in place of "month").
 */
import type { Command } from '../main';
import { CliError, openForCli, parse, printJson } from '../util';
import { isMonthKey, isQuarterKey, isYearKey } from '../../core/dates';
import { todayOf } from '../../core/context';
import { HandlerError } from '../../core/errors';
import { refuseUnfinishedMonth } from '../../core/jobs/not-yet';
import { runMonthlyInspection } from '../../core/jobs/inspection';
import { loadSnapshot } from '../../core/jobs/notice';
import { freezePeriodBulletins, loadPeriodSnapshot } from '../../core/jobs/period-bulletin';
import { batchPrinter, exportSnapshot, parseFormats, type Format } from '../../core/documents/export';
import { jsonOf } from '../../core/documents/bulletins';
import type { Snapshot } from '../../core/metrics/snapshots';

const OPTIONS = {
  month: { type: 'string', arg: 'YYYY-MM', help: '哪个月（--month、--quarter、--year 三者选一）' },
  quarter: { type: 'string', arg: 'YYYY-Qn', help: '哪个季度，如 2026-Q3（季度通报，季度结束后才能生成）' },
  year: { type: 'string', arg: 'YYYY', help: '哪一年，如 2026（年度通报，年度结束后才能生成）' },
  kind: {
    type: 'string',
    arg: '种类',
    help: 'prosecutors《员额检察官办案数据通报》或 monitoring《流程监控通报》，必填',
  },
  out: { type: 'string', arg: '文件夹', help: '写入该文件夹（默认不写文件，在标准输出打印 JSON）' },
  format: { type: 'string', arg: '格式', help: '逗号分隔：docx、pdf、xlsx、json（有 --out 时默认 docx,pdf,xlsx）' },
  version: { type: 'string', arg: '版本号', help: '导出第几版（默认最新版）' },
  regenerate: { type: 'boolean', help: '季度、年度：按案件库现状重新生成一版（旧版保留）' },
} as const;

export const command: Command = {
  summary: '导出一份通报（月度 --month、季度 --quarter、年度 --year）',
  usage: [
    'bulletin --month YYYY-MM --kind prosecutors|monitoring [--format …] [--out 文件夹] [--version N] [--db 路径]',
    'bulletin --quarter YYYY-Qn|--year YYYY --kind prosecutors|monitoring [--format …] [--out 文件夹] [--version N] [--regenerate]',
  ],
  description: [
    '该月还没有运行月检查时先运行月检查。不带 --out 时打印 cli.md 规定的 JSON。',
    '季度、年度通报按同一口径对整个期间计算（比率按期间的分子分母重新计算），第一次导出时定稿，期间结束后才能生成；JSON 以 "period" 代替 "month"。',
  ],
  options: OPTIONS,
  examples: [
    'caseflow bulletin --month 2026-10 --kind monitoring --out 通报',
    'caseflow bulletin --month 2026-10 --kind prosecutors',
    'caseflow bulletin --quarter 2026-Q3 --kind prosecutors --out 通报',
  ],
  async run(args, io) {
    const { values } = parse(args, OPTIONS, false, 'bulletin');
    const given = (['month', 'quarter', 'year'] as const).filter((k) => values[k] != null);
    if (given.length !== 1)
      throw new CliError('请用 --month YYYY-MM、--quarter YYYY-Qn 或 --year YYYY 中的一个指定期间');
    if (values.month != null && !isMonthKey(values.month)) throw new CliError(`--month 应为 YYYY-MM：${values.month}`);
    if (values.quarter != null && !isQuarterKey(values.quarter))
      throw new CliError(`--quarter 应为 YYYY-Qn（n 为 1 至 4，如 2026-Q3）：${values.quarter}`);
    if (values.year != null && !isYearKey(values.year))
      throw new CliError(`--year 应为四位年份（1900 至 2199，如 2026）：${values.year}`);
    if (values.kind !== 'prosecutors' && values.kind !== 'monitoring')
      throw new CliError('--kind 应为 prosecutors（员额检察官办案数据通报）或 monitoring（流程监控通报）');
    const kind = values.kind;
    const period = (values.month ?? values.quarter ?? values.year)!;
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
      // Even a bulletin already frozen (a store from before the refusal) is not handed out for a month not over.
      if (values.month) refuseUnfinishedMonth(values.month, todayOf(ctx), '月检查，也没有该月的月度通报');
      ctx.progress = (p) => io.err(p.phase);
      let snap: Snapshot | null;
      if (values.month) {
        snap = loadSnapshot(ctx, kind, period, version);
        if (!snap) {
          if (version != null) throw new CliError(`${period} 没有第${version}版通报`);
          io.err(`${period} 尚未运行月检查，现在运行……`);
          await runMonthlyInspection(ctx, { month: period });
          snap = loadSnapshot(ctx, kind, period)!;
        }
      } else {
        try {
          const v =
            version ??
            freezePeriodBulletins(ctx, { period, today: todayOf(ctx), regenerate: !!values.regenerate }).version;
          snap = loadPeriodSnapshot(ctx, kind, period, v);
        } catch (e) {
          if (e instanceof HandlerError && e.status < 500) throw new CliError(e.message);
          throw e;
        }
        if (!snap) throw new CliError(`${period} 没有第${version}版通报`);
      }
      if (!values.out) {
        printJson(io, jsonOf(snap));
        return 0;
      }
      const printer = batchPrinter(ctx);
      let files: string[];
      try {
        files = await exportSnapshot(snap, formats, values.out, printer);
      } finally {
        await printer.close();
      }
      if (values.json)
        printJson(io, {
          ...(values.month ? { month: period } : { period }),
          kind,
          version: snap.version,
          files,
        });
      else for (const f of files) io.out(f);
      return 0;
    } finally {
      db.close();
    }
  },
};
