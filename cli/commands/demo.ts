import type { Command } from '../main';
import { CliError, parse, printJson } from '../util';
import { demoSummary, runDemo } from '../../tools/demo';

/** `caseflow demo [--out DIR] [--cases N] [--seed S] [--no-pdf]` */
const OPTIONS = {
  out: { type: 'string', arg: '文件夹', help: '演示案件库和全部文书写入该文件夹（默认 ./demo-output）' },
  cases: { type: 'string', arg: '件数', help: '合成案件数（1–200000，默认 1500）' },
  seed: { type: 'string', arg: '整数', help: '随机种子（相同种子生成相同数据）' },
  'no-pdf': { type: 'boolean', help: '不生成 PDF（没有 Chromium 的机器）' },
} as const;

export const command: Command = {
  summary: '生成演示数据并运行一个月的任务',
  usage: ['demo [--out 文件夹] [--cases N] [--seed S] [--no-pdf] [--json]'],
  description: [
    '在 --out 文件夹中新建演示案件库（不使用 --db），逐日导入一个月的合成数据并运行日审核、周通报、月检查。',
  ],
  options: OPTIONS,
  store: 'none',
  examples: ['caseflow demo --out ./demo-output'],
  async run(args, io) {
    const { values } = parse(args, OPTIONS, false, 'demo');
    const cases = values.cases != null ? Number(values.cases) : undefined;
    if (cases != null && (!Number.isInteger(cases) || cases < 1 || cases > 200_000))
      throw new CliError(`--cases 应为 1–200000 的整数：${values.cases}`);
    const seed = values.seed != null ? Number(values.seed) : undefined;
    if (seed != null && !Number.isInteger(seed)) throw new CliError(`--seed 应为整数：${values.seed}`);
    const r = await runDemo({
      outDir: values.out ?? './demo-output',
      cases,
      seed,
      pdf: !values['no-pdf'],
      log: (s) => io.err(s),
    });
    if (values.json) printJson(io, r);
    else for (const l of demoSummary(r)) io.out(l);
    return r.failed.length ? 2 : 0;
  },
};
