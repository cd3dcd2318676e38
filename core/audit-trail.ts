/**
 * The audit trail of user actions that change data (finding status, notices, referrals, reviews,
 * settings, imports, restores): who (OS user name), when, what, old → new. Call it inside the
 * same transaction as the change, so the trail and the change commit together.
 */
import type { Db } from '../db/store';
import { chinaTimestamp } from './dates';
import { insertAuditTrail } from '../db/queries/audit-trail';

export function recordAction(
  db: Db,
  actor: string,
  action: string,
  target: string | null,
  oldValue: unknown,
  newValue: unknown,
): void {
  insertAuditTrail(db, {
    at: chinaTimestamp(),
    actor,
    action,
    target,
    oldJson: oldValue === undefined ? null : JSON.stringify(oldValue),
    newJson: newValue === undefined ? null : JSON.stringify(newValue),
  });
}
