import type { Db } from '../store';

export function insertAuditTrail(
  db: Db,
  r: {
    at: string;
    actor: string;
    action: string;
    target: string | null;
    oldJson: string | null;
    newJson: string | null;
  },
): void {
  db.prepare('INSERT INTO audit_trail(at, actor, action, target, old_json, new_json) VALUES (?, ?, ?, ?, ?, ?)').run(
    r.at,
    r.actor,
    r.action,
    r.target,
    r.oldJson,
    r.newJson,
  );
}

export function listAuditTrail(
  db: Db,
  limit = 200,
): {
  id: number;
  at: string;
  actor: string;
  action: string;
  target: string | null;
  old_json: string | null;
  new_json: string | null;
}[] {
  return db.prepare('SELECT * FROM audit_trail ORDER BY id DESC LIMIT ?').all(limit) as never;
}
