/** `caseflow generate`: a deterministic synthetic office as an XLSX workbook and/or CSV files (tests, demo, benchmark). */
import fs from 'node:fs';
import path from 'node:path';
import type { Command } from '../main';
import { CliError, parse, printJson } from '../util';
import { chinaToday, dateProblem } from '../../core/dates';
import { writeCsv, writeWorkbook, type GenOptions, type Planted } from '../../tools/generator';

const ENCODINGS = ['utf8', 'utf8-bom', 'gbk'] as const;

function intOf(name: string, v: string | undefined, def: number, min: number): number {
  if (v == null) return def;
  if (!/^\d+$/.test(v) || +v < min) throw new CliError(`--${name} 应为不小于 ${min} 的整数：${v}`);
  return +v;
}

const OPTIONS = {
  cases: { type: 'string', arg: '件数', help: '案件数（默认 1500）' },
  seed: { type: 'string', arg: '整数', help: '随机种子（默认 1；相同种子生成相同数据）' },
  'as-of': { type: 'string', arg: 'YYYY-MM-DD', help: '数据截至哪一天（默认今天）' },
  out: { type: 'string', arg: '文件.xlsx', help: '写出 XLSX 工作簿' },
  csv: { type: 'string', arg: '文件夹', help: '写出每张表一个 CSV 文件' },
  encoding: { type: 'string', arg: '编码', help: 'CSV 编码：utf8（默认）、utf8-bom、gbk' },
  planted: { type: 'string', arg: '文件.json', help: '写出预置问题清单（每个问题的规则编号和案件）' },
  office: { type: 'string', arg: '单位全称', help: '合成单位的全称' },
  short: { type: 'string', arg: '简称', help: '合成单位的简称（部门受案号前缀）' },
  'county-code': { type: 'string', arg: '6位数字', help: '行政区划代码' },
  'problem-rate': { type: 'string', arg: '0–1', help: '带预置问题的案件比例（默认约 0.08）' },
} as const;

export const command: Command = {
  summary: '生成合成案件数据工作簿（测试与基准用）',
  usage: [
    'generate --out 文件.xlsx [--cases N] [--seed S] [--as-of YYYY-MM-DD] [--planted 文件.json]',
    'generate --csv 文件夹 [--encoding utf8|utf8-bom|gbk] [--cases N] [--seed S]',
  ],
  description: ['生成一个县级院的确定性合成数据（不使用案件库）；约 8% 的案件各带一个预置问题，清单按规则编号列出。'],
  options: OPTIONS,
  store: 'none',
  examples: ['caseflow generate --cases 3000 --seed 7 --out 合成数据.xlsx --planted 预置问题.json'],
  async run(args, io) {
    const { values } = parse(args, OPTIONS, false, 'generate');
    const asOf = values['as-of'] ?? chinaToday();
    const bad = dateProblem(asOf, '--as-of ');
    if (bad) throw new CliError(bad);
    if (!values.out && !values.csv) throw new CliError('请用 --out FILE.xlsx 或 --csv DIR 指定输出位置');
    const encoding = (values.encoding ?? 'utf8') as (typeof ENCODINGS)[number];
    if (!ENCODINGS.includes(encoding))
      throw new CliError(`--encoding 只能是 ${ENCODINGS.join('、')}：${values.encoding}`);
    let problemRate: number | undefined;
    if (values['problem-rate'] != null) {
      problemRate = Number(values['problem-rate']);
      if (!(problemRate >= 0 && problemRate <= 1))
        throw new CliError(`--problem-rate 应在 0 到 1 之间：${values['problem-rate']}`);
    }
    if (values['county-code'] != null && !/^\d{6}$/.test(values['county-code']))
      throw new CliError(`--county-code 应为 6 位数字：${values['county-code']}`);
    const opts: GenOptions = {
      cases: intOf('cases', values.cases, 1500, 0),
      seed: intOf('seed', values.seed, 1, 0),
      asOf,
      officeName: values.office,
      officeShortName: values.short,
      countyCode: values['county-code'],
      problemRate,
    };
    const started = Date.now();
    let planted: Planted[] = [];
    let rows: Record<string, number> = {};
    let cases = 0;
    let out: string | null = null;
    let csvFiles: string[] | null = null;
    if (values.out) {
      out = path.resolve(values.out);
      io.err(`正在生成 ${opts.cases} 件案件并写入 ${out} …`);
      const r = await writeWorkbook(opts, out);
      ({ planted, rows, cases } = r);
    }
    if (values.csv) {
      const dir = path.resolve(values.csv);
      io.err(`正在写入 CSV（${encoding}）到 ${dir} …`);
      const r = await writeCsv(opts, dir, encoding);
      csvFiles = r.files;
      if (!values.out) ({ planted, rows, cases } = r);
    }
    let plantedFile: string | null = null;
    if (values.planted) {
      plantedFile = path.resolve(values.planted);
      fs.mkdirSync(path.dirname(plantedFile), { recursive: true });
      fs.writeFileSync(plantedFile, JSON.stringify({ asOf, seed: opts.seed, cases, planted }, null, 2));
    }
    const byRule: Record<string, number> = {};
    for (const p of planted) byRule[p.ruleId] = (byRule[p.ruleId] ?? 0) + 1;
    const seconds = (Date.now() - started) / 1000;
    if (values.json) {
      printJson(io, {
        ok: true,
        asOf,
        seed: opts.seed,
        cases,
        rows,
        planted: planted.length,
        plantedByRule: byRule,
        out,
        csv: csvFiles,
        plantedFile,
        seconds,
      });
    } else {
      io.out(`已生成 ${cases} 件案件（截至 ${asOf}，种子 ${opts.seed}），用时 ${seconds.toFixed(1)} 秒`);
      io.out(
        `  ${Object.entries(rows)
          .map(([k, v]) => `${k} ${v} 行`)
          .join('，')}`,
      );
      io.out(`  预置问题 ${planted.length} 个，涉及 ${Object.keys(byRule).length} 条规则`);
      if (out) io.out(`  工作簿：${out}`);
      if (csvFiles) io.out(`  CSV：${csvFiles.join('，')}`);
      if (plantedFile) io.out(`  预置问题清单：${plantedFile}`);
    }
    return 0;
  },
};
