/**
 * Custom monitoring rules (custom-rules.md): storing them with every version, rule packs in and out,
 * enabling and disabling, trying rules without writing, and the compiled rules the audit runs.
 *
 * Lifecycle:
 *   - every change (builder, pack, enable, disable, delete) is a new version: who, when, old → new;
 *     saving or importing a rule exactly as it stands changes nothing;
 *   - a rule disabled or deleted raises nothing more: its open findings close as 不予纠正 with the reason
 *     规则已停用 and the acting user (closed_by 'rule', so that the audit raises them again once the rule is
 *     enabled again and still finds them);
 *   - a changed condition applies from the next audit (findings it no longer raises close as 已整改 there).
 */
import fs from 'node:fs';
import path from 'node:path';
import { todayOf, type AppContext } from '../../context';
import type { Db } from '../../../db/store';
import { chinaTimestamp, isIsoDate } from '../../dates';
import { recordAction } from '../../audit-trail';
import { builtInCalendar } from '../../calendar';
import { getSettings } from '../../settings';
import { loadCaseBundles } from '../../../db/queries/audit';
import * as q from '../../../db/queries/custom-rules';
import { waiveOpenFindingsOfRule } from '../../../db/queries/findings';
import { evaluateCases } from '../evaluate';
import type { Rule, RuleEnv } from '../types';
import { BUILT_IN_RULE_IDS } from '../catalogue';
import { compileCustomRule } from './compile';
import { changesZh, describeGroup } from './describe';
import { SUBJECT_LABELS, type Subject } from './fields';
import { checkPack, checkRule, problemDisplay, problemText } from './validate';
import { PACK_FORMAT, type CustomRuleDef, type PackInfo, type RulePack, type RuleProblem } from './types';

export const DISABLED_REASON = '规则已停用';
export const SAMPLE_SIZE = 5;

/** A refused rule or pack: every problem, worded for the CLI (`text`) and for the screen (`display`). */
export class RuleRefusal extends Error {
  readonly problems: (RuleProblem & { text: string; display: string })[];
  constructor(problems: RuleProblem[], lead = '规则被拒绝，未做任何更改') {
    const ps = problems.map((p) => ({ ...p, text: problemText(p), display: problemDisplay(p) }));
    super(`${lead}：\n${ps.map((p) => p.text).join('\n')}`);
    this.name = 'RuleRefusal';
    this.problems = ps;
  }
}

export class RuleNotFound extends Error {
  constructor(id: string) {
    super(`没有这条自定义规则：${id}`);
    this.name = 'RuleNotFound';
  }
}

const CHANGE_LABELS: Record<string, string> = {
  create: '新建',
  update: '修改',
  import: '导入规则包',
  enable: '启用',
  disable: '停用',
  delete: '删除',
};

export function defOfRow(r: q.CustomRuleRow): CustomRuleDef {
  return {
    id: r.id,
    title: r.title,
    area: r.area,
    severity: r.severity,
    basis: r.basis,
    subject: r.subject as Subject,
    when: JSON.parse(r.when_json),
    message: r.message,
    enabled: !!r.enabled,
  };
}

const defJson = (d: CustomRuleDef) => JSON.stringify(d);

export interface CustomRuleView extends CustomRuleDef {
  subjectLabel: string;
  /** The condition in plain Chinese. */
  description: string;
  deleted: boolean;
  version: number;
  pack: PackInfo | null;
  updatedAt: string;
  updatedBy: string;
}

function viewOf(r: q.CustomRuleRow): CustomRuleView {
  const d = defOfRow(r);
  return {
    ...d,
    subjectLabel: SUBJECT_LABELS[d.subject],
    description: describeGroup(d.when),
    deleted: !!r.deleted,
    version: r.version,
    pack: r.pack_name == null ? null : { name: r.pack_name, issuer: r.pack_issuer ?? '', issuedOn: r.pack_issued_on },
    updatedAt: r.updated_at,
    updatedBy: r.updated_by,
  };
}

export function listCustomRules(db: Db, opts: { includeDeleted?: boolean } = {}): CustomRuleView[] {
  return q
    .customRuleRows(db)
    .filter((r) => opts.includeDeleted || !r.deleted)
    .map(viewOf);
}

export interface RuleVersionView {
  version: number;
  at: string;
  actor: string;
  change: string;
  changeLabel: string;
  pack: PackInfo | null;
  /** What changed, old → new, in Chinese. */
  changes: { item: string; from: string | null; to: string }[];
}

export function getCustomRule(db: Db, id: string): (CustomRuleView & { history: RuleVersionView[] }) | null {
  const r = q.customRuleRow(db, id);
  if (!r) return null;
  const history = q.ruleVersions(db, id).map((v) => {
    const before = v.old_json ? (JSON.parse(v.old_json) as CustomRuleDef) : null;
    const after = JSON.parse(v.new_json) as CustomRuleDef;
    return {
      version: v.version,
      at: v.at,
      actor: v.actor,
      change: v.change,
      changeLabel: CHANGE_LABELS[v.change] ?? v.change,
      pack: v.pack_name == null ? null : { name: v.pack_name, issuer: v.pack_issuer ?? '', issuedOn: v.pack_issued_on },
      changes: v.change === 'delete' ? [] : changesZh(before, after),
    };
  });
  return { ...viewOf(r), history };
}

/**
 * Writes one rule's new state as a version, and closes its open findings when it stops raising them.
 * Returns null when nothing changed. Runs inside the caller's transaction.
 */
function writeVersion(
  ctx: AppContext,
  def: CustomRuleDef,
  change: string,
  opts: { deleted?: boolean; packId?: number | null; at: string },
): { version: number; closed: number } | null {
  const { db } = ctx;
  const old = q.customRuleRow(db, def.id);
  const before = old ? defOfRow(old) : null;
  const deleted = !!opts.deleted;
  const packId = opts.packId !== undefined ? opts.packId : (old?.pack_id ?? null);
  if (old && defJson(before!) === defJson(def) && !!old.deleted === deleted) return null;
  const version = (old?.version ?? 0) + 1;
  q.writeCustomRule(db, {
    id: def.id,
    title: def.title,
    area: def.area,
    severity: def.severity,
    basis: def.basis,
    subject: def.subject,
    whenJson: JSON.stringify(def.when),
    message: def.message,
    enabled: def.enabled,
    deleted,
    version,
    packId,
    at: opts.at,
    actor: ctx.actor,
  });
  const oldJson = old && !old.deleted ? defJson(before!) : null;
  q.insertRuleVersion(db, {
    ruleId: def.id,
    version,
    at: opts.at,
    actor: ctx.actor,
    change,
    oldJson,
    newJson: defJson(def),
    packId: opts.packId ?? null,
  });
  recordAction(db, ctx.actor, `rule.${change}`, `rule:${def.id}`, oldJson ? before : null, deleted ? null : def);
  let closed = 0;
  const wasLive = !!old && !old.deleted && before!.enabled;
  const isLive = !deleted && def.enabled;
  if (wasLive && !isLive)
    closed = waiveOpenFindingsOfRule(db, def.id, {
      onDate: todayOf(ctx),
      at: opts.at,
      actor: ctx.actor,
      reason: DISABLED_REASON,
    }).length;
  return { version, closed };
}

/**
 * Saves a rule from the builder: `create` refuses an id already in use; an update needs the rule to
 * exist (and, with `expectedVersion`, to be the version the user edited).
 */
export function saveCustomRule(
  ctx: AppContext,
  raw: unknown,
  opts: { create: boolean; expectedVersion?: number },
): { rule: CustomRuleView; changed: boolean; closed: number } {
  const { rule: def, problems } = checkRule(raw, { builtInIds: BUILT_IN_RULE_IDS });
  if (!def) throw new RuleRefusal(problems);
  return ctx.db.transaction(() => {
    const old = q.customRuleRow(ctx.db, def.id);
    if (opts.create && old && !old.deleted)
      throw new RuleRefusal([{ ruleId: def.id, path: 'id', message: `编号 ${def.id} 已被规则“${old.title}”使用` }]);
    if (!opts.create && (!old || old.deleted)) throw new RuleNotFound(def.id);
    if (!opts.create && opts.expectedVersion !== undefined && old!.version !== opts.expectedVersion)
      throw new RuleRefusal([
        {
          ruleId: def.id,
          path: '',
          message: `规则已被修改（当前为第 ${old!.version} 版，您编辑的是第 ${opts.expectedVersion} 版），请重新打开后再改`,
        },
      ]);
    const w = writeVersion(ctx, def, old ? 'update' : 'create', { at: chinaTimestamp(), packId: old?.pack_id ?? null });
    return { rule: viewOf(q.customRuleRow(ctx.db, def.id)!), changed: !!w, closed: w?.closed ?? 0 };
  })();
}

export function setCustomRuleEnabled(
  ctx: AppContext,
  id: string,
  enabled: boolean,
): { rule: CustomRuleView; changed: boolean; closed: number } {
  return ctx.db.transaction(() => {
    const old = q.customRuleRow(ctx.db, id);
    if (!old || old.deleted) throw new RuleNotFound(id);
    const def = { ...defOfRow(old), enabled };
    const w = writeVersion(ctx, def, enabled ? 'enable' : 'disable', { at: chinaTimestamp() });
    return { rule: viewOf(q.customRuleRow(ctx.db, id)!), changed: !!w, closed: w?.closed ?? 0 };
  })();
}

/** Deletes a rule: it raises nothing more and leaves the list; it stays in the catalogue for its findings. */
export function deleteCustomRule(ctx: AppContext, id: string): { closed: number } {
  return ctx.db.transaction(() => {
    const old = q.customRuleRow(ctx.db, id);
    if (!old || old.deleted) throw new RuleNotFound(id);
    const w = writeVersion(ctx, defOfRow(old), 'delete', { deleted: true, at: chinaTimestamp() });
    return { closed: w?.closed ?? 0 };
  })();
}

// ---- rule packs ----

export interface PackImportResult {
  ok: boolean;
  dryRun: boolean;
  file: string;
  pack: PackInfo | null;
  added: string[];
  changed: string[];
  unchanged: string[];
  /** Open findings closed because the pack disabled their rule. */
  closed: number;
  problems: (RuleProblem & { text: string; display: string })[];
}

/** Reads and checks a pack file; refusal problems name the file (its base name). */
export function readPackFile(file: string): { pack: RulePack | null; problems: RuleProblem[] } {
  const name = path.basename(file);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return {
      pack: null,
      problems: [
        {
          file: name,
          ruleId: null,
          path: '',
          message: code === 'ENOENT' ? '文件不存在' : '无法读取文件（没有读取权限，或不是普通文件）',
        },
      ],
    };
  }
  return checkPack(text, name, { builtInIds: BUILT_IN_RULE_IDS });
}

/** Loads a pack all or nothing: a refused file changes nothing; a dry run checks and reports only. */
export function importRulePack(ctx: AppContext, file: string, opts: { dryRun?: boolean } = {}): PackImportResult {
  const name = path.basename(file);
  const { pack, problems } = readPackFile(file);
  const base = { dryRun: !!opts.dryRun, file: name, added: [], changed: [], unchanged: [], closed: 0 };
  if (!pack) {
    const refusal = new RuleRefusal(problems);
    return { ...base, ok: false, pack: null, problems: refusal.problems };
  }
  const { db } = ctx;
  const classify = () => {
    const added: string[] = [];
    const changed: string[] = [];
    const unchanged: string[] = [];
    for (const r of pack.rules) {
      const old = q.customRuleRow(db, r.id);
      if (!old || old.deleted) added.push(r.id);
      else if (defJson(defOfRow(old)) === defJson(r)) unchanged.push(r.id);
      else changed.push(r.id);
    }
    return { added, changed, unchanged };
  };
  if (opts.dryRun) return { ...base, ...classify(), ok: true, pack: pack.pack, problems: [] };
  return db.transaction(() => {
    const c = classify();
    const at = chinaTimestamp();
    let closed = 0;
    if (c.added.length || c.changed.length) {
      const packId = q.insertPack(db, { ...pack.pack, fileName: name, at, actor: ctx.actor });
      for (const r of pack.rules) {
        if (c.unchanged.includes(r.id)) continue;
        closed += writeVersion(ctx, r, 'import', { packId, at })?.closed ?? 0;
      }
    }
    return { ...base, ...c, closed, ok: true, pack: pack.pack, problems: [] };
  })();
}

/** Writes custom rules (all that are not deleted, or the ids given) as a pack file. */
export function exportRulePack(
  ctx: AppContext,
  out: string,
  opts: { ids?: string[]; pack?: Partial<PackInfo> } = {},
): { file: string; rules: number } {
  const all = listCustomRules(ctx.db);
  let rules = all;
  if (opts.ids?.length) {
    const missing = opts.ids.filter((id) => !all.some((r) => r.id === id));
    if (missing.length) throw new RuleNotFound(missing.join('、'));
    rules = opts.ids.map((id) => all.find((r) => r.id === id)!);
  }
  if (!rules.length) throw new RuleRefusal([{ ruleId: null, path: '', message: '没有可导出的自定义规则' }], '无法导出');
  const settings = getSettings(ctx.db);
  const today = todayOf(ctx);
  const pack: RulePack = {
    format: PACK_FORMAT,
    pack: {
      name: opts.pack?.name || `${settings.officeName}自定义监控规则`,
      issuer: opts.pack?.issuer ?? settings.officeName,
      issuedOn: opts.pack?.issuedOn ?? today,
    },
    rules: rules.map((r) => ({
      id: r.id,
      title: r.title,
      area: r.area,
      severity: r.severity,
      basis: r.basis,
      subject: r.subject,
      when: r.when,
      message: r.message,
      enabled: r.enabled,
    })),
  };
  fs.mkdirSync(path.dirname(path.resolve(out)), { recursive: true });
  const tmp = `${out}.tmp-${process.pid}`;
  fs.writeFileSync(tmp, JSON.stringify(pack, null, 2) + '\n', 'utf8');
  fs.renameSync(tmp, out);
  return { file: path.resolve(out), rules: rules.length };
}

// ---- the engine's entry points ----

/** The enabled custom rules, compiled for an audit as of D; a stored rule that no longer compiles is reported. */
export function compileEnabledCustomRules(
  db: Db,
  asOf: string,
): { rules: Rule[]; failed: { ruleId: string; error: string }[] } {
  const rules: Rule[] = [];
  const failed: { ruleId: string; error: string }[] = [];
  for (const r of q.customRuleRows(db)) {
    if (!r.enabled || r.deleted) continue;
    try {
      // A stored rule is checked again: the allow-list is the only way into the compiler.
      const { rule, problems } = checkRule(defOfRow(r), { builtInIds: BUILT_IN_RULE_IDS });
      if (!rule) throw new Error(problems.map(problemText).join('；'));
      rules.push(compileCustomRule(rule, asOf));
    } catch (e) {
      failed.push({ ruleId: r.id, error: `无法编译：${(e as Error).message}` });
    }
  }
  return { rules, failed };
}

export interface RuleTestResult {
  asOf: string;
  rules: {
    id: string;
    title: string;
    findings: number;
    samples: { caseNo: string; personNo: string | null; message: string }[];
    error?: string;
  }[];
}

/**
 * What rules would raise as of D, without writing anything (custom-rules.md "Try before enabling"):
 * the same compile, the same case bundles and the same finding identity as the audit.
 */
export function testCustomRules(db: Db, defs: CustomRuleDef[], asOf: string): RuleTestResult {
  if (!isIsoDate(asOf)) throw new RuleRefusal([{ ruleId: null, path: '', message: `日期应为 YYYY-MM-DD：${asOf}` }]);
  const compiled = defs.map((d) => compileCustomRule(d, asOf));
  const settings = getSettings(db);
  const env: RuleEnv = { asOf, cal: builtInCalendar(), settings, window: () => null };
  // The office as it stood on D: the same as-of view the audit reads.
  const res = evaluateCases(loadCaseBundles(db, asOf), compiled, env);
  const out = new Map(
    defs.map((d) => [
      d.id,
      { id: d.id, title: d.title, findings: 0, samples: [] as RuleTestResult['rules'][number]['samples'] },
    ]),
  );
  const seen = new Set<string>();
  for (const d of res.detections) {
    const key = `${d.ruleId}\u0001${d.bundle.caseNo}\u0001${d.personNo ?? ''}\u0001${d.subjectKey}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const r = out.get(d.ruleId)!;
    r.findings++;
    if (r.samples.length < SAMPLE_SIZE)
      r.samples.push({ caseNo: d.bundle.caseNo, personNo: d.personNo, message: d.message });
  }
  const failed = new Map(res.failedRules.map((f) => [f.ruleId, f.error]));
  return {
    asOf,
    rules: [...out.values()].map((r) =>
      failed.has(r.id) ? { ...r, findings: 0, samples: [], error: failed.get(r.id) } : r,
    ),
  };
}

/** Stored rules by id (any state but deleted), for `rules test --ids`. */
export function storedRuleDefs(db: Db, ids: string[]): CustomRuleDef[] {
  return ids.map((id) => {
    const r = q.customRuleRow(db, id);
    if (!r || r.deleted) throw new RuleNotFound(id);
    return defOfRow(r);
  });
}

/** Checks a rule from the builder without saving it, for the live count. */
export function checkDraft(raw: unknown): CustomRuleDef {
  const { rule, problems } = checkRule(raw, { builtInIds: BUILT_IN_RULE_IDS });
  if (!rule) throw new RuleRefusal(problems);
  return rule;
}

export function listPacks(db: Db) {
  return q.packRows(db).map((p) => ({
    id: p.id,
    name: p.name,
    issuer: p.issuer,
    issuedOn: p.issued_on,
    fileName: p.file_name,
    loadedAt: p.loaded_at,
    actor: p.actor,
    rules: p.rules,
  }));
}
