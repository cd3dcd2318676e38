/**
 * `caseflow folders [--backup DIR | --backup-default] [--import DIR | --no-import]`: the folders the
 * user chose for this store (the path guard's roots, core/security/path-guard.ts). Without options it
 * lists them. The CLI is the user's own shell, so a folder typed here is the user's choice; the
 * desktop app chooses them with the OS folder dialog, and browser mode cannot choose them at all.
 */
import fs from 'node:fs';
import type { Command } from '../main';
import { CliError, openForCli, parse, printJson } from '../util';
import { invokeHandler, HandlerError } from '../../core/handlers/registry';
import { HANDLERS } from '../../core/handlers/index';
import { backupDirOf } from '../../core/backup';
import { getSettings, type Settings } from '../../core/settings';

const USAGE =
  '用法：caseflow folders [--backup 文件夹 | --backup-default] [--import 文件夹 | --no-import] [--db 案件库]';

export const command: Command = {
  summary: 'folders',
  async run(args, io) {
    const { values } = parse(args, {
      backup: { type: 'string' },
      'backup-default': { type: 'boolean' },
      import: { type: 'string' },
      'no-import': { type: 'boolean' },
    });
    if (values.backup !== undefined && values['backup-default'])
      throw new CliError(`--backup 与 --backup-default 不能同时使用。${USAGE}`);
    if (values.import !== undefined && values['no-import'])
      throw new CliError(`--import 与 --no-import 不能同时使用。${USAGE}`);
    const patch: Partial<Pick<Settings, 'backupFolder' | 'importFolder'>> = {};
    for (const [key, dir] of [
      ['backupFolder', values.backup],
      ['importFolder', values.import],
    ] as const) {
      if (dir === undefined) continue;
      if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new CliError(`文件夹不存在：${dir}`);
      patch[key] = dir;
    }
    if (values['backup-default']) patch.backupFolder = null;
    if (values['no-import']) patch.importFolder = null;
    const { db, ctx } = openForCli(values);
    try {
      if (Object.keys(patch).length) {
        try {
          await invokeHandler(HANDLERS, ctx, 'settings/update', patch);
        } catch (e) {
          if (e instanceof HandlerError) throw new CliError(e.message);
          throw e;
        }
      }
      const s = getSettings(db);
      const result = {
        db: ctx.dbPath,
        backupFolder: backupDirOf(db),
        backupFolderChosen: s.backupFolder,
        importFolder: s.importFolder,
      };
      if (values.json) printJson(io, result);
      else {
        io.out(`案件库：${result.db}`);
        io.out(`备份文件夹：${result.backupFolder}${s.backupFolder ? '' : '（默认：案件库旁的 backups 文件夹）'}`);
        io.out(`导入文件夹：${s.importFolder ?? '（未选择）'}`);
      }
      return 0;
    } finally {
      db.close();
    }
  },
};
