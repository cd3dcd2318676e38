/**
 * What the doors (CLI, handlers) share: the cli.md JSON shapes, and the lazily loaded notices
 * module (core/notices, written by another area) for the `notice` action.
 */
import path from 'node:path';
import type { AppContext } from '../context';
import { loadOptional } from '../jobs/optional';
import type { FindingView, WarningView } from './index';

/** cli.md's finding object, exactly. */
export function findingJson(f: FindingView) {
  return {
    id: f.id, ruleId: f.ruleId, caseNo: f.caseNo, personNo: f.personNo, severity: f.severity, status: f.status, dueOn: f.dueOn, daysLeft: f.daysLeft,
    department: f.department, prosecutor: f.prosecutor, firstSeen: f.firstSeen, lastSeen: f.lastSeen, message: f.message,
  };
}

/** cli.md's warning object, exactly. */
export function warningJson(w: WarningView) {
  return { ruleId: w.ruleId, caseNo: w.caseNo, personNo: w.personNo, dueOn: w.dueOn, daysLeft: w.daysLeft, department: w.department, prosecutor: w.prosecutor };
}

export class NoticeModuleMissing extends Error {
  constructor() {
    super('流程监控通知书模块尚未安装，暂不能发出通知书');
    this.name = 'NoticeModuleMissing';
  }
}

export interface IssuedNotice { id?: number; number?: string; [k: string]: unknown }
type IssueNotice = (ctx: AppContext, input: { findingIds: number[]; issuedOn?: string }) => IssuedNotice | Promise<IssuedNotice>;

/** core/notices/index.ts `issueNotice`, loaded only when needed; a Chinese error when that module is not there. */
export async function issueNoticeFor(ctx: AppContext, findingIds: number[], issuedOn?: string): Promise<IssuedNotice> {
  const mod = await loadOptional<{ issueNotice?: IssueNotice }>(path.join(__dirname, '../notices/index'));
  if (!mod || typeof mod.issueNotice !== 'function') throw new NoticeModuleMissing();
  return await mod.issueNotice(ctx, { findingIds, ...(issuedOn ? { issuedOn } : {}) });
}
