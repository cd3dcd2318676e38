/**
 * The other areas' modules this area uses, in one place: the rule registry (titles, areas, legal
 * basis) and the calendar. (The findings status API is not here: metrics only read findings, and
 * an import of core/findings would close the cycle metrics → findings → notices → documents → metrics.)
 */
import type { Db } from '../../db/store';
import { ruleById } from '../rules/registry';
import { loadCalendar } from '../calendar';

export interface RuleInfo {
  id: string;
  title: string;
  area: string;
  severity: string | null;
  basis: string;
}

const AREA_BY_PREFIX: Record<string, string> = {
  DL: '办案期限',
  CM: '强制措施',
  RT: '诉讼权利保障',
  DOC: '法律文书',
  DQ: '案卡填录',
  REF: '督查移送',
};

export function ruleInfo(ruleId: string): RuleInfo {
  const r = ruleById(ruleId);
  return {
    id: ruleId,
    title: r?.title ?? ruleId,
    area: r?.area ?? AREA_BY_PREFIX[ruleId.split('-')[0]] ?? '其他',
    severity: r?.severity ?? null,
    basis: r?.basis ?? '',
  };
}

export function addWorkingDays(db: Db, from: string, n: number): string {
  return loadCalendar(db).addWorkingDays(from, n);
}
