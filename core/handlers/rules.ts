/**
 * Handlers of the 'rules/…' area: the rule list (built-in and custom), and the custom-rule builder of
 * 设置 → 自定义规则 (custom-rules.md): the allow-list for the condition editor, save, try (live count,
 * without writing), enable/disable/delete, history, rule packs in and out.
 */
import path from 'node:path';
import { z } from 'zod';
import { defineHandler, handlerList, HandlerError, type HandlerDef } from './registry';
import { exportDirOf } from './bulletins';
import { fileToRead } from '../security/path-guard';
import { isIsoDate } from '../dates';
import { todayOf } from '../context';
import { getSettings } from '../settings';
import { describeRules } from '../rules/catalogue';
import {
  CUSTOM_RULE_AREAS,
  CUSTOM_RULE_SEVERITIES,
  FIELD_COMPARE_OPERATORS,
  FIELDS,
  OPERATORS_BY_TYPE,
  operatorLabel,
  SUBJECT_LABELS,
  SUBJECTS,
  TYPE_LABELS,
  visibleTo,
  type FieldType,
} from '../rules/custom/fields';
import {
  checkDraft,
  deleteCustomRule,
  exportRulePack,
  getCustomRule,
  importRulePack,
  listCustomRules,
  listPacks,
  RuleNotFound,
  RuleRefusal,
  saveCustomRule,
  setCustomRuleEnabled,
  storedRuleDefs,
  testCustomRules,
} from '../rules/custom';

const isoDate = z.string().refine(isIsoDate, '日期应为 YYYY-MM-DD');
const ruleId = z.string().min(1).max(60);

/** Refusals as the doors show them: the screen's wording (file, rule, the part in Chinese, why). */
function refused<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof RuleRefusal) throw new HandlerError(e.problems.map((p) => p.display).join('\n'), 400);
    if (e instanceof RuleNotFound) throw new HandlerError(e.message, 404);
    throw e;
  }
}

/** The allow-list for the builder: fields by subject with Chinese labels, operators per type, choices. */
function schema() {
  const types = Object.keys(OPERATORS_BY_TYPE) as FieldType[];
  return {
    subjects: SUBJECTS.map((s) => ({ id: s, label: SUBJECT_LABELS[s] })),
    areas: [...CUSTOM_RULE_AREAS],
    severities: [...CUSTOM_RULE_SEVERITIES],
    fields: FIELDS.map((f) => ({
      key: f.key,
      sheet: f.sheet,
      sheetLabel: SUBJECT_LABELS[f.sheet],
      label: f.label,
      type: f.type,
      typeLabel: TYPE_LABELS[f.type],
      values: f.values ? [...f.values] : null,
      suggestions: f.suggestions ? [...f.suggestions] : null,
      derived: !!f.derived,
      hint: f.hint ?? null,
      subjects: SUBJECTS.filter((s) => visibleTo(f, s)),
    })),
    operators: Object.fromEntries(
      types.map((t) => [t, OPERATORS_BY_TYPE[t].map((op) => ({ name: op, label: operatorLabel(op, t) }))]),
    ) as Record<FieldType, { name: string; label: string }[]>,
    fieldCompareOperators: [...FIELD_COMPARE_OPERATORS] as string[],
  };
}

/** The typed tuple (names, payloads, results kept: core/shared/api.ts reads it). */
export const rulesHandlers = [
  defineHandler({
    name: 'rules/list',
    title: '列出监控规则',
    input: z.object({}).passthrough(),
    run: (ctx) => ({ rules: describeRules(ctx.db, getSettings(ctx.db).warningWindows) }),
  }),
  defineHandler({
    name: 'rules/schema',
    title: '查看自定义规则可用的字段和运算符',
    input: z.object({}),
    run: () => schema(),
  }),
  defineHandler({
    name: 'rules/custom',
    title: '列出自定义规则和规则包',
    input: z.object({ includeDeleted: z.boolean().optional() }),
    run: (ctx, p) => ({
      rules: listCustomRules(ctx.db, { includeDeleted: p.includeDeleted }),
      packs: listPacks(ctx.db),
    }),
  }),
  defineHandler({
    name: 'rules/get',
    title: '查看自定义规则及其历史',
    input: z.object({ id: ruleId }),
    run: (ctx, p) => {
      const r = getCustomRule(ctx.db, p.id);
      if (!r) throw new HandlerError(`没有这条自定义规则：${p.id}`, 404);
      return r;
    },
  }),
  defineHandler({
    name: 'rules/save',
    title: '保存自定义规则',
    mutates: true,
    input: z.object({
      rule: z.record(z.string(), z.unknown()),
      create: z.boolean(),
      expectedVersion: z.number().int().positive().optional(),
    }),
    run: (ctx, p) =>
      refused(() => saveCustomRule(ctx, p.rule, { create: p.create, expectedVersion: p.expectedVersion })),
  }),
  defineHandler({
    name: 'rules/test',
    title: '试运行自定义规则（不写入）',
    input: z
      .object({
        rule: z.record(z.string(), z.unknown()).optional(),
        ids: z.array(ruleId).min(1).max(200).optional(),
        asOf: isoDate.optional(),
      })
      .refine((p) => !!p.rule !== !!p.ids, '应给出一条规则（rule）或规则编号（ids）之一'),
    run: (ctx, p) => {
      const asOf = p.asOf ?? todayOf(ctx);
      if (p.rule) {
        // A draft from the builder: problems are part of the answer (the screen shows them as the user types).
        try {
          const def = checkDraft(p.rule);
          return { ok: true as const, problems: [], ...testCustomRules(ctx.db, [def], asOf) };
        } catch (e) {
          if (e instanceof RuleRefusal)
            return { ok: false as const, asOf, rules: [], problems: e.problems.map((x) => x.display) };
          throw e;
        }
      }
      return refused(() => ({
        ok: true as const,
        problems: [] as string[],
        ...testCustomRules(ctx.db, storedRuleDefs(ctx.db, p.ids!), asOf),
      }));
    },
  }),
  defineHandler({
    name: 'rules/enable',
    title: '启用自定义规则',
    mutates: true,
    input: z.object({ id: ruleId }),
    run: (ctx, p) => refused(() => setCustomRuleEnabled(ctx, p.id, true)),
  }),
  defineHandler({
    name: 'rules/disable',
    title: '停用自定义规则',
    mutates: true,
    input: z.object({ id: ruleId }),
    run: (ctx, p) => refused(() => setCustomRuleEnabled(ctx, p.id, false)),
  }),
  defineHandler({
    name: 'rules/delete',
    title: '删除自定义规则',
    mutates: true,
    input: z.object({ id: ruleId }),
    run: (ctx, p) => refused(() => deleteCustomRule(ctx, p.id)),
  }),
  defineHandler({
    name: 'rules/import',
    title: '导入规则包',
    mutates: true,
    input: z.object({ file: z.string().min(1), dryRun: z.boolean().optional() }),
    run: (ctx, p) =>
      importRulePack(ctx, fileToRead(ctx, p.file, { folders: ['import'], what: '规则包文件' }), { dryRun: p.dryRun }),
  }),
  defineHandler({
    name: 'rules/export',
    title: '导出规则包',
    input: z.object({ ids: z.array(ruleId).min(1).optional() }),
    run: (ctx, p) =>
      refused(() =>
        exportRulePack(ctx, path.join(exportDirOf(ctx), '规则包', `自定义监控规则-${todayOf(ctx)}.json`), {
          ids: p.ids,
        }),
      ),
  }),
] as const;

export const handlers: HandlerDef[] = handlerList(rulesHandlers);
