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

const OPTIONS = {
  backup: { type: 'string', arg: '文件夹', help: '把备份写到这个文件夹（须已存在）' },
  'backup-default': { type: 'boolean', help: '备份改回默认位置：案件库旁的 backups 文件夹' },
  import: { type: 'string', arg: '文件夹', help: '选择导入文件夹（程序只从这里和用户选择的文件读取导入数据）' },
  'no-import': { type: 'boolean', help: '取消已选择的导入文件夹' },
} as const;

export const command: Command = {
  summary: '查看或设置备份文件夹、导入文件夹',
  usage: ['folders [--backup 文件夹 | --backup-default] [--import 文件夹 | --no-import] [--json] [--db 路径]'],
  description: [
    '不带选项时列出本案件库的备份文件夹和导入文件夹。',
    '这些是用户为本案件库选择的文件夹：桌面程序用系统的选择文件夹对话框设置，浏览器模式不能设置。',
  ],
  options: OPTIONS,
  examples: ['caseflow folders', 'caseflow folders --backup D:\\案件库备份'],
  async run(args, io) {
    const { values } = parse(args, OPTIONS, false, 'folders');
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
