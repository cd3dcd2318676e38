import fs from 'node:fs';
import path from 'node:path';
import type { Command } from '../main';
import { CliError, parse, printJson, storePath } from '../util';
import { openStore } from '../../db/store';
import { backupStore, BackupError, createBackup } from '../../core/backup';

/** `caseflow backup --out FILE` (or, without --out, a `manual` backup into the backup folder). */
export const command: Command = {
  summary: 'backup',
  async run(args, io) {
    const { values } = parse(args, { out: { type: 'string' } });
    const dbPath = storePath(values);
    if (!fs.existsSync(dbPath)) throw new CliError(`案件库不存在：${dbPath}`);
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
