import type { Command } from '../main';
import { CliError, parse, printJson, storePath } from '../util';
import { osUser } from '../../core/context';
import { BackupError, restoreStore } from '../../core/backup';

/** `caseflow restore FILE`: replaces the store with a checked backup, keeping the replaced store. */
export const command: Command = {
  summary: '从备份恢复（保留被替换的库）',
  usage: ['restore 备份文件 [--db 路径] [--json]'],
  description: [
    '校验备份后替换案件库；被替换的库保留为 …before-restore-<时间>.sqlite，可再用它恢复以撤销。',
    '请先关闭桌面程序和浏览器模式。案件库可以尚不存在（把案件库搬到新电脑时）。',
  ],
  store: 'creates',
  examples: ['caseflow restore D:\\备份\\caseflow-20261123.sqlite'],
  async run(args, io) {
    const { values, positionals } = parse(args, {}, true, 'restore');
    if (positionals.length !== 1) throw new CliError('请给出一个备份文件：caseflow restore 备份文件 [--db 案件库]');
    const dbPath = storePath(values);
    try {
      const r = await restoreStore(dbPath, positionals[0], { actor: osUser() });
      if (values.json) printJson(io, { ok: true, ...r });
      else {
        io.out(`已从备份恢复案件库：${r.restored}`);
        io.out(`  备份文件：${r.from}`);
        if (r.revertPoint) io.out(`  被替换的库已保留为：${r.revertPoint}（如需撤销，可再用它恢复）`);
      }
      return 0;
    } catch (e) {
      if (e instanceof BackupError) throw new CliError(e.message);
      throw e;
    }
  },
};
