/**
 * The one rule catalogue: every rule a finding can name — the built-in rules of rules.md (registry.ts)
 * and the office's custom rules, enabled, disabled or deleted (a finding of a rule deleted since still
 * shows its title, area and basis). Titles, areas, severities and bases for findings, notices, bulletins
 * (`byRule`, `byArea`), metrics, documents, the referral package, the dashboard, the UI's rule names and
 * `rules/list` all come from here, never from the registry alone.
 *
 * The catalogue is cached per connection and rebuilt when a custom rule changed (every change writes a
 * version row, so the newest version id is the cache key): one tiny indexed read per request.
 */
import type { Db } from '../../db/store';
import { customRuleRows, customRulesStamp } from '../../db/queries/custom-rules';
import { RULES } from './registry';
import type { Subject } from './custom/fields';

export interface RuleEntry {
  id: string;
  title: string;
  area: string;
  severity: string | null;
  basis: string;
  /** Has a warning window (built-in deadline rules). */
  hasWindow: boolean;
  /** Evaluated by the audit (REF-INSPECTION is not: referrals create its findings). */
  evaluated: boolean;
  custom: boolean;
  enabled: boolean;
  deleted: boolean;
  /** Custom rules: the current version number. */
  version: number | null;
  subject: Subject | null;
  pack: { name: string; issuer: string; issuedOn: string | null } | null;
}

export interface RuleInfo {
  id: string;
  title: string;
  area: string;
  severity: string | null;
  basis: string;
}

export interface RuleCatalogue {
  /** Built-in rules in the spec's order, then custom rules by id. */
  readonly entries: readonly RuleEntry[];
  get(id: string): RuleEntry | undefined;
  /** Title, area, severity and basis of any rule id; an id the store does not know reads as itself. */
  info(id: string): RuleInfo;
  idsOfArea(area: string): string[];
}

/** For a rule id no catalogue knows (a store written by a later version): the area by the id's prefix. */
const AREA_BY_PREFIX: Record<string, string> = {
  DL: '办案期限',
  CM: '强制措施',
  RT: '诉讼权利保障',
  DOC: '法律文书',
  DQ: '案卡填录',
  REF: '督查移送',
};

const BUILT_IN: RuleEntry[] = RULES.map((r) => ({
  id: r.id,
  title: r.title,
  area: r.area,
  severity: r.severity,
  basis: r.basis,
  hasWindow: r.hasWindow,
  evaluated: !!r.evaluate,
  custom: false,
  enabled: true,
  deleted: false,
  version: null,
  subject: null,
  pack: null,
}));

export const BUILT_IN_RULE_IDS: ReadonlySet<string> = new Set(RULES.map((r) => r.id));

function build(db: Db): RuleCatalogue {
  const custom: RuleEntry[] = customRuleRows(db).map((r) => ({
    id: r.id,
    title: r.title,
    area: r.area,
    severity: r.severity,
    basis: r.basis,
    hasWindow: false,
    evaluated: true,
    custom: true,
    enabled: !!r.enabled && !r.deleted,
    deleted: !!r.deleted,
    version: r.version,
    subject: r.subject as Subject,
    pack: r.pack_name == null ? null : { name: r.pack_name, issuer: r.pack_issuer ?? '', issuedOn: r.pack_issued_on },
  }));
  const entries = [...BUILT_IN, ...custom];
  const byId = new Map(entries.map((e) => [e.id, e]));
  return {
    entries,
    get: (id) => byId.get(id),
    info(id) {
      const e = byId.get(id);
      if (e) return { id, title: e.title, area: e.area, severity: e.severity, basis: e.basis };
      return { id, title: id, area: AREA_BY_PREFIX[id.split('-')[0]] ?? '其他', severity: null, basis: '' };
    },
    idsOfArea: (area) => entries.filter((e) => e.area === area).map((e) => e.id),
  };
}

const cache = new WeakMap<Db, { stamp: number; catalogue: RuleCatalogue }>();

export function ruleCatalogue(db: Db): RuleCatalogue {
  const stamp = customRulesStamp(db);
  const hit = cache.get(db);
  if (hit && hit.stamp === stamp) return hit.catalogue;
  const catalogue = build(db);
  cache.set(db, { stamp, catalogue });
  return catalogue;
}

/** Shorthand for one lookup. */
export function ruleInfo(db: Db, id: string): RuleInfo {
  return ruleCatalogue(db).info(id);
}

/** Plain-JSON descriptors for 'rules/list' and `caseflow rules list`: built-in and custom rules. */
export function describeRules(db: Db, windows: Record<string, number>) {
  return ruleCatalogue(db).entries.map((r) => ({
    id: r.id,
    title: r.title,
    area: r.area,
    severity: r.severity ?? '',
    basis: r.basis,
    window: r.hasWindow ? (windows[r.id] ?? null) : null,
    evaluated: r.evaluated,
    custom: r.custom,
    enabled: r.enabled,
    deleted: r.deleted,
    version: r.version,
  }));
}
