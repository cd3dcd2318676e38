/**
 * Every built-in monitoring rule of rules.md, in the spec's order. REF-INSPECTION has no evaluator: the
 * referrals module creates those findings. Looking a rule up by id (built-in or custom) is the catalogue's
 * work (catalogue.ts), never this list's.
 */
import type { Rule } from './types';
import { DEADLINE_RULES } from './deadlines';
import { MEASURE_RULES } from './measures';
import { RIGHTS_RULES } from './rights';
import { DOCUMENT_RULES } from './documents';
import { DATA_QUALITY_RULES } from './data-quality';

export const REF_INSPECTION: Rule = {
  id: 'REF-INSPECTION',
  title: '检务督查移送问题',
  area: '督查移送',
  severity: '较重',
  hasWindow: false,
  basis: '《人民检察院检务督察工作条例》：检务督查部门发现的不规范司法行为线索，移送案件管理部门纳入流程监控。',
};

export const RULES: readonly Rule[] = [
  ...DEADLINE_RULES,
  ...MEASURE_RULES,
  ...RIGHTS_RULES,
  ...DOCUMENT_RULES,
  ...DATA_QUALITY_RULES,
  REF_INSPECTION,
];
