import type { Command } from '../main';
import { CliError, parse, printJson } from '../util';
import { demoSummary, runDemo } from '../../tools/demo';

/** `caseflow demo [--out DIR] [--cases N] [--seed S] [--no-pdf]` */
export const command: Command = {
  summary: 'demo',
  async run(args, io) {
    const { values } = parse(args, {
      out: { type: 'string' },
      cases: { type: 'string' },
      seed: { type: 'string' },
      'no-pdf': { type: 'boolean' },
    });
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
