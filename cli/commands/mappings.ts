/**
 * `caseflow mappings …` (import-mapping.md "Commands"): saved import mappings (导入模板).
 *   mappings list [--json]                       saved mappings, with the headers they match
 *   mappings suggest FILE [--name N] [--json]    a proposed mapping for FILE, and the headers it could not place
 *   mappings save FILE                           checks a mapping file and saves it under its name
 *   mappings export NAME --out FILE              writes a saved mapping to a file
 *   mappings delete NAME
 * Every subcommand takes --db PATH. A mapping the rules refuse is refused with exit 1, every problem named.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Command } from '../main';
import { CliError, openForCli, parse, printJson, type Io } from '../util';
import type { Db } from '../../db/store';
import { HandlerError } from '../../core/errors';
import {
  deleteMapping,
  fileKind,
  listSavedMappings,
  parseMappingText,
  savedMapping,
  savedMappingFile,
  saveMapping,
  scanFile,
  suggestMapping,
  checkMapping,
  type ResolvedMapping,
} from '../../core/import/mapping';
import { missingRequired } from '../../core/import/mapping/format';

const USAGE = [
  '用法：',
  '  caseflow mappings list [--json]',
  '  caseflow mappings suggest 文件 [--name 模板名称] [--json]',
  '  caseflow mappings save 模板文件',
  '  caseflow mappings export 模板名称 --out 文件',
  '  caseflow mappings delete 模板名称',
].join('\n');

function refusedAsCli<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof HandlerError && e.status !== 500) throw new CliError(e.message);
    throw e;
  }
}

function readMappingFile(file: string): { ok: true; json: unknown } {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new CliError(`无法读取导入模板文件 ${file}：${(e as Error).message}`);
  }
  const parsed = parseMappingText(text, path.basename(file));
  if (!parsed.ok) throw new CliError(parsed.errors.join('\n'));
  return { ok: true, json: parsed.mapping };
}

/** `--mapping NAME|FILE`: a mapping file when the path exists, else a saved mapping's name. */
export function mappingArg(db: Db, arg: string): ResolvedMapping {
  if (fs.existsSync(arg) && fs.statSync(arg).isFile()) {
    const c = checkMapping(readMappingFile(arg).json);
    if (!c.ok) throw new CliError(c.errors.join('\n'));
    return c.resolved;
  }
  try {
    return savedMapping(db, arg);
  } catch (e) {
    if (e instanceof HandlerError && e.status === 404)
      throw new CliError(`没有名为「${arg}」的导入模板，也没有这个文件（caseflow mappings list 查看已保存的模板）`);
    if (e instanceof HandlerError) throw new CliError(e.message);
    throw e;
  }
}

function printList(io: Io, db: Db): void {
  const list = listSavedMappings(db);
  if (!list.length) return io.out('尚未保存导入模板。');
  for (const m of list) {
    io.out(`${m.name}（保存于 ${m.updatedAt}${m.usedAt ? `，最近使用 ${m.usedAt}` : ''}）`);
    for (const s of m.sheets) io.out(`  工作表 ${s.sheet}：${s.headers.join('、')}`);
  }
}

const SUGGEST_OPTIONS = { name: { type: 'string', arg: '模板名称', help: '推荐模板的名称（默认取文件名）' } } as const;
const EXPORT_OPTIONS = { out: { type: 'string', arg: '文件', help: '写出的模板文件（.json）' } } as const;

export const command: Command = {
  summary: '导入模板：list 列出，suggest 推荐，save 保存，export 导出，delete 删除',
  usage: [
    'mappings list [--json] [--db 路径]',
    'mappings suggest 文件 [--name 模板名称] [--json] [--db 路径]',
    'mappings save 模板文件 [--db 路径]',
    'mappings export 模板名称 --out 文件 [--db 路径]',
    'mappings delete 模板名称 [--db 路径]',
  ],
  description: [
    '导入模板说明一种导出格式的哪一列是导入格式的哪一列（标题行、合并单元格、固定值、代码对照）。',
    '保存后，导入时表头相符的文件自动按模板读取；import --mapping 也可指定模板名称或模板文件。',
    '模板有误时拒绝保存（退出码 1），并逐条说明问题。',
  ],
  subcommands: {
    list: { summary: '列出已保存的导入模板及其匹配的表头', usage: 'list [--json] [--db 路径]' },
    suggest: {
      summary: '按文件中能识别的表头推荐一个导入模板，并列出未能对应的表头',
      usage: 'suggest 文件 [--name 模板名称] [--json] [--db 路径]',
      options: SUGGEST_OPTIONS,
    },
    save: { summary: '检查并保存一个模板文件（同名则更新）', usage: 'save 模板文件 [--db 路径]' },
    export: {
      summary: '把已保存的模板写到文件',
      usage: 'export 模板名称 --out 文件 [--db 路径]',
      options: EXPORT_OPTIONS,
    },
    delete: { summary: '删除一个已保存的模板', usage: 'delete 模板名称 [--db 路径]' },
  },
  examples: [
    'caseflow mappings suggest 全国系统导出.xlsx > 模板.json',
    'caseflow mappings save 模板.json',
    'caseflow import 全国系统导出.xlsx --mapping 本院导出',
  ],
  async run(args, io) {
    const [sub, ...rest] = args;
    if (sub === 'list') {
      const { values } = parse(rest, {}, false, 'mappings list');
      const { db } = openForCli(values);
      try {
        if (values.json) printJson(io, { mappings: listSavedMappings(db) });
        else printList(io, db);
        return 0;
      } finally {
        db.close();
      }
    }
    if (sub === 'suggest') {
      const { values, positionals } = parse(rest, SUGGEST_OPTIONS, true, 'mappings suggest');
      if (positionals.length !== 1) throw new CliError(USAGE);
      const file = positionals[0];
      if (!fs.existsSync(file) || !fs.statSync(file).isFile()) throw new CliError(`文件不存在：${file}`);
      const k = fileKind(file);
      if ('refusal' in k) throw new CliError(`${path.basename(file)}：${k.refusal}`);
      const s = suggestMapping(await scanFile({}, file, k.kind), file, values.name);
      const c = checkMapping(s.mapping, { allowMissing: true });
      const missing = c.ok
        ? c.resolved.sheets.flatMap((rs) =>
            missingRequired(rs).map((t) => ({ sheet: sheetName(s, rs.index), column: t.id })),
          )
        : [];
      if (values.json) printJson(io, { ...s, missing });
      else {
        io.out(JSON.stringify(s.mapping, null, 2));
        for (const u of s.unplaced) io.err(`工作表 ${u.sheet} 中未能对应的列：${u.headers.join('、')}`);
        for (const m of missing)
          io.err(
            `工作表 ${m.sheet}：必填列「${m.column}」没有对应的列，请在 columns 中指定或在 constants 中给出固定值`,
          );
        if (!s.mapping.sheets.length) io.err('未能识别任何列：请手工编写导入模板');
      }
      return 0;
    }
    if (sub === 'save') {
      const { values, positionals } = parse(rest, {}, true, 'mappings save');
      if (positionals.length !== 1) throw new CliError(USAGE);
      const { json } = readMappingFile(positionals[0]);
      const { db, ctx } = openForCli(values);
      try {
        const r = refusedAsCli(() => saveMapping(db, json, ctx.actor));
        if (values.json) printJson(io, { name: r.name, replaced: r.replaced });
        else io.out(`${r.replaced ? '已更新' : '已保存'}导入模板「${r.name}」`);
        return 0;
      } finally {
        db.close();
      }
    }
    if (sub === 'export') {
      const { values, positionals } = parse(rest, EXPORT_OPTIONS, true, 'mappings export');
      if (positionals.length !== 1 || !values.out) throw new CliError(USAGE);
      const { db } = openForCli(values);
      try {
        const m = refusedAsCli(() => savedMappingFile(db, positionals[0]));
        fs.mkdirSync(path.dirname(path.resolve(values.out)), { recursive: true });
        fs.writeFileSync(values.out, JSON.stringify(m, null, 2) + '\n', 'utf8');
        if (values.json) printJson(io, { name: m.name, path: path.resolve(values.out) });
        else io.out(`已导出导入模板「${m.name}」：${path.resolve(values.out)}`);
        return 0;
      } finally {
        db.close();
      }
    }
    if (sub === 'delete') {
      const { values, positionals } = parse(rest, {}, true, 'mappings delete');
      if (positionals.length !== 1) throw new CliError(USAGE);
      const { db, ctx } = openForCli(values);
      try {
        refusedAsCli(() => deleteMapping(db, positionals[0], ctx.actor));
        if (values.json) printJson(io, { deleted: positionals[0] });
        else io.out(`已删除导入模板「${positionals[0]}」`);
        return 0;
      } finally {
        db.close();
      }
    }
    throw new CliError(sub ? `未知的子命令：${sub}\n${USAGE}` : USAGE);
  },
};

function sheetName(s: { mapping: { sheets: { match: { sheet: string | number } }[] } }, i: number): string {
  const sel = s.mapping.sheets[i].match.sheet;
  return typeof sel === 'number' ? `第 ${sel} 个` : sel;
}
