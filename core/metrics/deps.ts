/**
 * The other areas' modules this area uses, in one place: the rule registry (titles, areas, legal
 * basis), the findings status API, the calendar, the audit and the referral package.
 */
import type { AppContext } from '../context';
import type { Db } from '../../db/store';
import { ruleById } from '../rules/registry';
import { loadCalendar } from '../calendar';
import { changeFindingStatus } from '../findings';

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

export function markNoticed(ctx: AppContext, findingId: number, noticeId: number, onDate: string): void {
  changeFindingStatus(ctx, findingId, { action: 'notice', noticeId, onDate });
}

export function addWorkingDays(db: Db, from: string, n: number): string {
  return loadCalendar(db).addWorkingDays(from, n);
}
