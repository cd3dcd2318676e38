/**
 * `caseflow search TEXT [--limit N] [--json]` (cli.md): cases by 部门受案号 (any part), 案件名称, a suspect's
 * name or the prosecutor. `--json`: `{ "cases": [ { "caseNo", "title", "prosecutor", "status", "matched" } ] }`
 * with `matched` one of caseNo | suspect | prosecutor | title (plus the matched suspect, masked).
 */
import type { Command } from '../main';
import { CliError, openForCli, parse, printJson } from '../util';
import { FIELD_LABELS, searchCases } from '../../core/search';

const OPTIONS = {
  limit: { type: 'string', arg: '条数', help: '最多列出多少件案件（默认 50，上限 500）' },
} as const;

export const command: Command = {
  summary: '按部门受案号、案件名称、嫌疑人姓名或承办检察官搜索案件',
  usage: ['search 搜索内容 [--limit N] [--json] [--db 路径]'],
  description: [
    '部门受案号可输入任意一段（至少 3 个字符）；嫌疑人姓名可输入 2 个字（如 许江）或 1 个字（姓）；也按案件名称和承办检察官查找。',
    '每件案件列出一次，并注明按哪一项找到（部门受案号、嫌疑人、承办检察官、案件名称）。嫌疑人姓名按规定隐去名字。',
  ],
  options: OPTIONS,
  examples: ['caseflow search 许江', 'caseflow search "[2026]0012" --json'],
  run(args, io) {
    const { values, positionals } = parse(args, OPTIONS, true, 'search');
    const text = positionals.join(' ').trim();
    if (!text) throw new CliError('请给出要搜索的内容：caseflow search 搜索内容（例如 caseflow search 许江）');
    const limit = values.limit === undefined ? 50 : Number(values.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 500)
      throw new CliError(`--limit 应为 1–500 的整数：${values.limit}`);
    const { db } = openForCli(values);
    try {
      const r = searchCases(db, text, { perGroup: limit, limit });
      if (values.json) {
        printJson(io, {
          query: r.query,
          cases: r.cases.map((c) => ({
            caseNo: c.caseNo,
            title: c.title,
            prosecutor: c.prosecutor,
            status: c.status,
            matched: c.matched,
            ...(c.suspect ? { suspect: c.suspect } : {}),
          })),
        });
        return 0;
      }
      if (!r.cases.length) {
        io.out(`没有找到与“${r.query}”相符的案件。`);
        if (r.note) io.out(r.note);
        return 0;
      }
      io.out(`与“${r.query}”相符的案件 ${r.cases.length} 件：`);
      for (const c of r.cases) {
        const how = c.suspect ? `嫌疑人 ${c.suspect.name}（${c.suspect.personNo}号）` : FIELD_LABELS[c.matched];
        io.out(`  ${c.caseNo}  ${c.title}  ${c.prosecutor}  ${c.status}  〔按${how}〕`);
      }
      return 0;
    } finally {
      db.close();
    }
  },
};
