/**
 * The user's settings (设置), with the spec's defaults. Stored as JSON per key in the `settings` table;
 * a key that was never set reads as its default here, so a new default reaches old stores.
 */
import { z } from 'zod';
import type { Db } from '../db/store';
import { readAllSettings, writeSetting } from '../db/queries/settings';

export const OperatorSchema = z.object({
  name: z.string().trim().min(1, '请填写操作人姓名').max(20, '操作人姓名不超过 20 个字'),
  departments: z.array(z.string()).max(50).default([]),
});
export type Operator = z.infer<typeof OperatorSchema>;

export const SettingsSchema = z.object({
  officeName: z.string().min(1),
  officeShortName: z.string().min(1),
  /** Prefix of monitoring-notice numbers: `{prefix}〔{year}〕{n}号`; default `{officeShortName}检案管监`. */
  noticePrefix: z.string().nullable(),
  /** Prefix of the office's letter numbers (the referral package's 抄送函): default `{officeShortName}检案管函`. */
  letterPrefix: z.string().nullable(),
  /** 主送 of the weekly notice and the bulletins. */
  documentAddressee: z.string().min(1),
  /** 抄送 of the weekly notice and the bulletins (版记); empty: no 抄送 line. */
  documentCc: z.string(),
  noticeReplyDays: z.number().int().min(1).max(90),
  noticeReplyWorkingDays: z.boolean(),
  /** Warning windows (days) per rule id; rules.md gives the defaults. */
  warningWindows: z.record(z.string(), z.number().int().min(0).max(90)),
  /** Days after a decision/event before a missing document is a finding (rules.md: 3). */
  documentGraceDays: z.number().int().min(0).max(60),
  /** DQ-STALE threshold in days (rules.md: 365). */
  staleDays: z.number().int().min(30).max(3650),
  /** DL-OTHER limits per category in months; null = no limit. */
  otherLimitsMonths: z.record(z.string(), z.number().int().min(1).max(60).nullable()),
  /** Bulletins: add a rank column within each department (off by default: 一取消三不再). */
  rankWithinDepartment: z.boolean(),
  /** The backup folder the user chose; null = `backups` beside the store (core/backup backupDirOf). */
  backupFolder: z.string().nullable(),
  /** A folder the user chose for the national system's exports: handlers may read files in it by path (path guard). */
  importFolder: z.string().nullable(),
  backupRetention: z.object({
    daily: z.number().int().min(1),
    weekly: z.number().int().min(0),
    monthly: z.number().int().min(0),
  }),
  /** 操作人: the department's clerks (core/operators.ts); `departments` are the ones a clerk follows (我的临期). */
  operators: z.array(OperatorSchema).max(200),
  /** The clerk working at this desk now: every action is recorded under this name (the OS login only when none). */
  currentOperator: z.string().nullable(),
  /** When the first-run setup was completed (China-time timestamp); null: the first run asks for the office and the clerk. */
  setupCompletedAt: z.string().nullable(),
});
export type Settings = z.infer<typeof SettingsSchema>;

export const DEFAULT_SETTINGS: Settings = {
  officeName: '某县人民检察院',
  officeShortName: '某检',
  noticePrefix: null,
  letterPrefix: null,
  documentAddressee: '本院各业务部门',
  documentCc: '本院检察长、分管副检察长',
  noticeReplyDays: 10,
  noticeReplyWorkingDays: false,
  warningWindows: {
    'DL-ARREST': 2,
    'DL-PROS': 5,
    'DL-SUPP': 5,
    'DL-PROTEST': 3,
    'DL-OTHER': 10,
    'CM-BAIL': 15,
    'CM-RSL': 15,
  },
  documentGraceDays: 3,
  staleDays: 365,
  otherLimitsMonths: { 刑事申诉: 3, 民事生效裁判监督: 3, 行政生效裁判监督: 3, 公益诉讼: null, 其他: null },
  rankWithinDepartment: false,
  backupFolder: null,
  importFolder: null,
  backupRetention: { daily: 7, weekly: 4, monthly: 12 },
  operators: [],
  currentOperator: null,
  setupCompletedAt: null,
};

/** The keys the user (or `caseflow init`) has set, as opposed to defaults (the first run asks for the office). */
export function storedSettingKeys(db: Db): string[] {
  return Object.keys(readAllSettings(db));
}

export function getSettings(db: Db): Settings {
  const stored = readAllSettings(db);
  const merged: Record<string, unknown> = { ...DEFAULT_SETTINGS };
  for (const [k, v] of Object.entries(stored)) {
    if (!(k in DEFAULT_SETTINGS)) continue;
    const def = (DEFAULT_SETTINGS as Record<string, unknown>)[k];
    // Record-valued settings merge over their defaults so a new rule's window has a value.
    merged[k] =
      def && typeof def === 'object' && !Array.isArray(def) && v && typeof v === 'object'
        ? { ...def, ...(v as object) }
        : v;
  }
  return SettingsSchema.parse(merged);
}

/** Validates and stores a partial update; returns the settings before and after (for the audit trail). */
export function updateSettings(db: Db, patch: Partial<Settings>): { before: Settings; after: Settings } {
  const before = getSettings(db);
  const after = SettingsSchema.parse({ ...before, ...patch });
  db.transaction(() => {
    for (const k of Object.keys(patch) as (keyof Settings)[]) writeSetting(db, k, after[k]);
  })();
  return { before, after };
}

/** The notice and 抄送函 number prefixes (jobs.md), shared with the renderer: core/shared/notice-number.ts. */
export { noticePrefixOf, letterPrefixOf } from './shared/notice-number';
