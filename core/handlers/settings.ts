/** Handlers of the 'settings/…' area. */
import { defineHandler, handlerList, type HandlerDef } from './registry';
import { z } from 'zod';
import { getSettings, updateSettings, SettingsSchema, type Settings } from '../settings';
import { recordAction } from '../audit-trail';
import { chosenFolderSetting } from '../security/path-guard';

const get = defineHandler({
  name: 'settings/get',
  title: '读取设置',
  input: z.object({}),
  run(ctx) {
    return getSettings(ctx.db);
  },
});

function pick(s: Settings, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(keys.map((k) => [k, (s as Record<string, unknown>)[k]]));
}

const update = defineHandler({
  name: 'settings/update',
  title: '修改设置',
  mutates: true,
  input: SettingsSchema.partial().strict(),
  fields: {
    officeName: '单位全称',
    officeShortName: '单位简称',
    noticePrefix: '通知书文号前缀',
    noticeReplyDays: '回复期限（天）',
    noticeReplyWorkingDays: '回复期限计算方式',
    warningWindows: '临期预警天数',
    documentGraceDays: '文书宽限天数',
    staleDays: '长期未结天数',
    otherLimitsMonths: '其他案件办理期限',
    rankWithinDepartment: '部门内排名',
    backupFolder: '备份文件夹',
    backupRetention: '备份保留份数',
    daily: '每日备份份数',
    weekly: '每周备份份数',
    monthly: '每月备份份数',
    operators: '操作人',
    currentOperator: '当前操作人',
  },
  run(ctx, patch) {
    const keys = Object.keys(patch);
    return ctx.db.transaction(() => {
      // Per-rule records merge over the current values: changing one rule's window keeps the others.
      const current = getSettings(ctx.db);
      const merged: Partial<Settings> = { ...(patch as Partial<Settings>) };
      if (patch.warningWindows) merged.warningWindows = { ...current.warningWindows, ...patch.warningWindows };
      if (patch.otherLimitsMonths)
        merged.otherLimitsMonths = { ...current.otherLimitsMonths, ...patch.otherLimitsMonths };
      // Folder settings widen what handlers may touch: only a picked folder (or the CLI user's own) is accepted.
      if (patch.backupFolder !== undefined)
        merged.backupFolder = chosenFolderSetting(ctx, patch.backupFolder, current.backupFolder, '备份文件夹');
      if (patch.importFolder !== undefined)
        merged.importFolder = chosenFolderSetting(ctx, patch.importFolder, current.importFolder, '导入文件夹');
      const { before, after } = updateSettings(ctx.db, merged);
      if (keys.length) recordAction(ctx.db, ctx.actor, 'settings.update', null, pick(before, keys), pick(after, keys));
      return after;
    })();
  },
});

/** The typed tuple (names, payloads, results kept: core/shared/api.ts reads it). */
export const settingsHandlers = [get, update] as const;

export const handlers: HandlerDef[] = handlerList(settingsHandlers);
