import type { Command } from '../main';
import { parse, printJson, storePath } from '../util';
import { openStore, schemaVersion } from '../../db/store';
import { updateSettings } from '../../core/settings';

const OPTIONS = {
  office: { type: 'string', arg: '单位全称', help: '单位全称，例如 某某县人民检察院（写入设置）' },
  short: { type: 'string', arg: '简称', help: '单位简称，例如 某检（通知书文号用）' },
} as const;

export const command: Command = {
  summary: '创建空的案件库（或升级已有的库）',
  usage: ['init [--office 单位全称] [--short 简称] [--db 路径]'],
  description: [
    '在 --db 指定的位置（默认为本机桌面程序的案件库）创建空的案件库；库已存在时只运行升级（升级前自动备份）。',
    '这是唯一会新建案件库的命令（此外 serve 不带 --db 时会像桌面程序一样创建默认案件库，restore 可恢复到新位置）。',
  ],
  options: OPTIONS,
  store: 'creates',
  examples: ['caseflow init --office 某某县人民检察院 --short 某检', 'caseflow init --db D:\\案件库\\caseflow.sqlite'],
  run(args, io) {
    const { values } = parse(args, OPTIONS, false, 'init');
    const file = storePath(values);
    const db = openStore(file);
    try {
      const patch: Record<string, string> = {};
      if (values.office) patch.officeName = values.office;
      if (values.short) patch.officeShortName = values.short;
      if (Object.keys(patch).length) updateSettings(db, patch);
      const result = { ok: true, db: file, schemaVersion: schemaVersion(db) };
      if (values.json) printJson(io, result);
      else io.out(`案件库已就绪：${file}（结构版本 ${result.schemaVersion}）`);
      return 0;
    } finally {
      db.close();
    }
  },
};
