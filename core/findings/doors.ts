/** What the doors (CLI, handlers) share: the cli.md JSON shapes and the `notice` action. */
import type { AppContext } from '../context';
import { issueNotice, type Notice } from '../notices';
import type { FindingView, WarningView } from './index';

/** cli.md's finding object, exactly. */
export function findingJson(f: FindingView) {
  return {
    id: f.id,
    ruleId: f.ruleId,
    caseNo: f.caseNo,
    personNo: f.personNo,
    severity: f.severity,
    status: f.status,
    dueOn: f.dueOn,
    daysLeft: f.daysLeft,
    department: f.department,
    prosecutor: f.prosecutor,
    firstSeen: f.firstSeen,
    lastSeen: f.lastSeen,
    message: f.message,
  };
}

/** cli.md's warning object, exactly. */
export function warningJson(w: WarningView) {
  return {
    ruleId: w.ruleId,
    caseNo: w.caseNo,
    personNo: w.personNo,
    dueOn: w.dueOn,
    daysLeft: w.daysLeft,
    department: w.department,
    prosecutor: w.prosecutor,
  };
}

/** Issues the numbered monitoring notice for findings (all of one case): the `notice` action of the doors. */
export function issueNoticeFor(ctx: AppContext, findingIds: number[], issuedOn?: string): Notice {
  return issueNotice(ctx, { findingIds, ...(issuedOn ? { issuedOn } : {}) });
}
