/** Import batches (one row per import that wrote, or tried to and found nothing to change) and the staff roster the import maintains. */
import type { Db } from '../store';

export interface BatchFile {
  name: string;
  sha256: string;
}

export interface BatchRow {
  id: number;
  files_json: string;
  content_hash: string;
  started_at: string;
  finished_at: string | null;
  actor: string;
  cases_added: number;
  cases_changed: number;
  cases_unchanged: number;
  rows_json: string;
  warnings_json: string;
  staff_added_json: string;
  no_op: number;
  taken_on: string | null;
}

export interface Batch {
  id: number;
  files: BatchFile[];
  contentHash: string;
  startedAt: string;
  finishedAt: string | null;
  actor: string;
  cases: { added: number; changed: number; unchanged: number };
  rows: Record<string, number>;
  warnings: string[];
  staffAdded: string[];
  noOp: boolean;
  /** The data date (数据日期): the day the export was taken. */
  takenOn: string | null;
}

export function toBatch(r: BatchRow): Batch {
  return {
    id: r.id,
    files: JSON.parse(r.files_json),
    contentHash: r.content_hash,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    actor: r.actor,
    cases: { added: r.cases_added, changed: r.cases_changed, unchanged: r.cases_unchanged },
    rows: JSON.parse(r.rows_json),
    warnings: JSON.parse(r.warnings_json),
    staffAdded: JSON.parse(r.staff_added_json),
    noOp: !!r.no_op,
    takenOn: r.taken_on ?? null,
  };
}

export function insertBatch(
  db: Db,
  b: { files: BatchFile[]; contentHash: string; startedAt: string; actor: string; takenOn?: string | null },
): number {
  return Number(
    db
      .prepare(
        'INSERT INTO import_batches (files_json, content_hash, started_at, actor, taken_on) VALUES (?, ?, ?, ?, ?)',
      )
      .run(JSON.stringify(b.files), b.contentHash, b.startedAt, b.actor, b.takenOn ?? null).lastInsertRowid,
  );
}

/** The files, content hash and data date of a batch whose row was inserted before they were known (db/queries/load.ts). */
export function fillBatch(
  db: Db,
  id: number,
  b: { files: BatchFile[]; contentHash: string; takenOn: string | null },
): void {
  db.prepare('UPDATE import_batches SET files_json = ?, content_hash = ?, taken_on = ? WHERE id = ?').run(
    JSON.stringify(b.files),
    b.contentHash,
    b.takenOn,
    id,
  );
}

export function finishBatch(
  db: Db,
  id: number,
  f: {
    finishedAt: string;
    cases: { added: number; changed: number; unchanged: number };
    rows: Record<string, number>;
    warnings: string[];
    staffAdded: string[];
    noOp: boolean;
  },
): void {
  db.prepare(
    `UPDATE import_batches SET finished_at = ?, cases_added = ?, cases_changed = ?, cases_unchanged = ?, rows_json = ?,
              warnings_json = ?, staff_added_json = ?, no_op = ? WHERE id = ?`,
  ).run(
    f.finishedAt,
    f.cases.added,
    f.cases.changed,
    f.cases.unchanged,
    JSON.stringify(f.rows),
    JSON.stringify(f.warnings),
    JSON.stringify(f.staffAdded),
    f.noOp ? 1 : 0,
    id,
  );
}

/** The earliest finished batch with this content hash (the "already imported" note of a no-op). */
export function batchByHash(db: Db, contentHash: string): BatchRow | undefined {
  return db
    .prepare('SELECT * FROM import_batches WHERE content_hash = ? AND finished_at IS NOT NULL ORDER BY id LIMIT 1')
    .get(contentHash) as BatchRow | undefined;
}

export function listBatches(db: Db, limit = 50): Batch[] {
  return (db.prepare('SELECT * FROM import_batches ORDER BY id DESC LIMIT ?').all(limit) as BatchRow[]).map(toBatch);
}

// ---- staff roster ------------------------------------------------------------------

export interface StaffRow {
  id: number;
  name: string;
  department: string;
  role: string;
  active: number;
  auto_added_import_id: number | null;
}

export function allStaff(db: Db): StaffRow[] {
  return db.prepare('SELECT * FROM staff ORDER BY name').all() as StaffRow[];
}

/** The roster in the office's order: as its 人员 sheet listed it (then prosecutors an import added). */
export function staffInRosterOrder(db: Db): StaffRow[] {
  return db.prepare('SELECT * FROM staff ORDER BY id').all() as StaffRow[];
}

/** Inserts or updates roster rows by name; `autoAddedImportId` marks prosecutors the import added. */
export function upsertStaff(
  db: Db,
  rows: { name: string; department: string; role: string; active: boolean; autoAddedImportId?: number | null }[],
): void {
  const st = db.prepare(`INSERT INTO staff (name, department, role, active, auto_added_import_id) VALUES (?, ?, ?, ?, ?)
    ON CONFLICT(name) DO UPDATE SET department = excluded.department, role = excluded.role, active = excluded.active`);
  for (const r of rows) st.run(r.name, r.department, r.role, r.active ? 1 : 0, r.autoAddedImportId ?? null);
}

/** When the latest import that changed something finished (China-time timestamp), or null. */
export function lastImportFinishedAt(db: Db): string | null {
  return (
    (db
      .prepare('SELECT finished_at FROM import_batches WHERE finished_at IS NOT NULL ORDER BY id DESC LIMIT 1')
      .pluck()
      .get() as string | undefined) ?? null
  );
}
