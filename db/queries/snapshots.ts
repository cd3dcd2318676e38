/** Frozen results of the notice and inspection runs (003 `snapshots`). */
import type { Db } from '../store';

export interface SnapshotRow {
  id: number;
  run_id: number;
  kind: string;
  period: string;
  version: number;
  data_json: string;
  created_at: string;
}

export function insertSnapshot(
  db: Db,
  s: { runId: number; kind: string; period: string; version: number; data: unknown; createdAt: string },
): number {
  return Number(
    db
      .prepare('INSERT INTO snapshots(run_id, kind, period, version, data_json, created_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(s.runId, s.kind, s.period, s.version, JSON.stringify(s.data), s.createdAt).lastInsertRowid,
  );
}

/** One snapshot: the given version, or the latest. */
export function getSnapshot(db: Db, kind: string, period: string, version?: number): SnapshotRow | undefined {
  if (version != null)
    return db
      .prepare('SELECT * FROM snapshots WHERE kind = ? AND period = ? AND version = ?')
      .get(kind, period, version) as SnapshotRow | undefined;
  return db
    .prepare('SELECT * FROM snapshots WHERE kind = ? AND period = ? ORDER BY version DESC LIMIT 1')
    .get(kind, period) as SnapshotRow | undefined;
}

export function snapshotsOfRun(db: Db, runId: number): SnapshotRow[] {
  return db.prepare('SELECT * FROM snapshots WHERE run_id = ? ORDER BY id').all(runId) as SnapshotRow[];
}

/** Every snapshot without its data (the bulletins list), newest period first. */
export function listSnapshots(db: Db, opts: { kind?: string; period?: string } = {}): Omit<SnapshotRow, 'data_json'>[] {
  return db
    .prepare(
      `SELECT id, run_id, kind, period, version, created_at FROM snapshots
    WHERE (@kind IS NULL OR kind = @kind) AND (@period IS NULL OR period = @period) ORDER BY period DESC, kind, version DESC`,
    )
    .all({ kind: opts.kind ?? null, period: opts.period ?? null }) as Omit<SnapshotRow, 'data_json'>[];
}
