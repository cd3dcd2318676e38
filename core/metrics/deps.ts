/**
 * The other areas' modules this area uses, in one place: the rule registry (titles, areas, legal
 * basis), the findings status API, the calendar, the audit and the referral package.
 */
import path from 'node:path';
import type { AppContext } from '../context';
import { loadOptional } from '../jobs/optional';
import type { Db } from '../../db/store';
import { ruleById } from '../rules/registry';
import { loadCalendar } from '../calendar';
import { changeFindingStatus } from '../findings';
import type { AuditSummary } from '../jobs/audit';
import type { PackageResult } from '../referrals';

export interface RuleInfo { id: string; title: string; area: string; severity: string | null; basis: string }

const AREA_BY_PREFIX: Record<string, string> = { DL: '办案期限', CM: '强制措施', RT: '诉讼权利保障', DOC: '法律文书', DQ: '案卡填录', REF: '督查移送' };

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

// The audit and the referral package are loaded when called: core/referrals imports core/metrics
// (compareZh) and core/documents, so a static import here would make a load-time cycle.
async function load<T>(rel: string): Promise<T> {
  const mod = await loadOptional<T>(path.join(__dirname, rel));
  if (!mod) throw new Error(`模块 ${rel} 未安装`);
  return mod;
}

export async function auditAsOf(ctx: AppContext, asOf: string): Promise<AuditSummary> {
  const { runAudit } = await load<typeof import('../jobs/audit')>('../jobs/audit');
  return runAudit(ctx, { asOf });
}

export async function referralPackage(ctx: AppContext, month: string, outDir: string, runId?: number): Promise<PackageResult> {
  const { exportReferralPackage } = await load<typeof import('../referrals')>('../referrals/index');
  return exportReferralPackage(ctx, { month, outDir, runId });
}
