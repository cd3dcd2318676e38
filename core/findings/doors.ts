/** What the doors (CLI, handlers) share: the cli.md JSON shapes. (The `notice` action is issueNoticeFor in core/notices.) */
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
