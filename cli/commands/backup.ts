import path from 'node:path';
import type { Command } from '../main';
import { CliError, parse, printJson, requireStore, storePath } from '../util';
import { openStore } from '../../db/store';
import { backupStore, BackupError, createBackup } from '../../core/backup';

/** `caseflow backup --out FILE` (or, without --out, a `manual` backup into the backup folder). */
const OPTIONS = {
  out: { type: 'string', arg: '文件', help: '备份到该文件（默认：备份文件夹中的“手动”备份）' },
} as const;

export const command: Command = {
  summary: '在线备份案件库',
  usage: ['backup [--out 文件] [--json] [--db 路径]'],
  description: ['用 SQLite 在线备份接口备份（程序运行中也可以），备份后校验完好。'],
  options: OPTIONS,
  examples: ['caseflow backup --out D:\\备份\\caseflow-20261123.sqlite'],
  async run(args, io) {
    const { values } = parse(args, OPTIONS, false, 'backup');
    const dbPath = storePath(values);
    requireStore(dbPath);
    const db = openStore(dbPath, { migrate: false });
    try {
      let r: { file: string; bytes: number; schemaVersion: number };
      try {
        if (values.out) {
          if (path.resolve(values.out) === path.resolve(dbPath)) throw new CliError('备份文件不能是案件库本身。');
          r = await backupStore(db, values.out);
        } else r = await createBackup(db, 'manual');
      } catch (e) {
        if (e instanceof BackupError) throw new CliError(e.message);
        throw e;
      }
      if (values.json) printJson(io, { ok: true, db: path.resolve(dbPath), ...r });
      else
        io.out(
          `已备份案件库（已校验完好）：${r.file}（${(r.bytes / 1048576).toFixed(1)} MB，结构版本 ${r.schemaVersion}）`,
        );
      return 0;
    } finally {
      db.close();
    }
  },
};
