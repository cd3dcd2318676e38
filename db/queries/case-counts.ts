/**
 * The number of cases of each value of the grid's one-value filters and of all cases (migration case-counts), so
 * the grid's total for such a filter is one lookup instead of a count of an index range. Every writer of cases
 * keeps it exact in its own transaction: writeCaseBundles (cases.ts) by the changes it makes (the counted columns of
 * a case it replaces are read first) or, after a bulk load, by recounting; the first load (load.ts) by recounting.
 * A new writer of cases must do one or the other (test/db/case-counts.test.ts checks the writers).
 *
 *   hasCaseCounts(db)                 false on a store older than the migration (counts are then made by counting)
 *   recountCases(db)                  every count anew: 30 ms at 100k cases, 0.3 s at 1M (4 s with the indexes on disk)
 *   CountChanges                      +1/−1 per case written, applied at the end
 */
import type { Db } from '../store';

/** The grid's one-value filters (db/queries/cases.ts whereOf): their columns. */
export const COUNTED_COLUMNS = ['category', 'status', 'department', 'prosecutor'] as const;
export type CountedColumn = (typeof COUNTED_COLUMNS)[number];
export type CountedValues = Record<CountedColumn, string>;

export function hasCaseCounts(db: Db): boolean {
  return !!db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'case_counts'").get();
}

export function recountCases(db: Db): void {
  db.exec(`DELETE FROM case_counts;
           INSERT INTO case_counts SELECT '', '', count(*) FROM cases;
           ${COUNTED_COLUMNS.map((c) => `INSERT INTO case_counts SELECT '${c}', ${c}, count(*) FROM cases GROUP BY ${c};`).join('\n')}`);
}

/** Changes of the counts gathered while cases are written, applied once at the end (inside the same transaction). */
export class CountChanges {
  private readonly delta = new Map<string, number>();
  private add(col: string, value: string, by: number) {
    const k = `${col}\u0000${value}`;
    this.delta.set(k, (this.delta.get(k) ?? 0) + by);
  }
  /** A case row written: `before` its counted values when it replaced a case (undefined: a new case). */
  written(before: CountedValues | undefined, after: CountedValues): void {
    if (!before) this.add('', '', 1);
    for (const c of COUNTED_COLUMNS) {
      if (before?.[c] === after[c]) continue;
      if (before) this.add(c, before[c], -1);
      this.add(c, after[c], 1);
    }
  }
  apply(db: Db): void {
    const up = db.prepare(
      'INSERT INTO case_counts (col, value, n) VALUES (?, ?, ?) ON CONFLICT (col, value) DO UPDATE SET n = n + excluded.n',
    );
    let dropped = false;
    for (const [k, by] of this.delta) {
      if (by === 0) continue;
      const [col, value] = k.split('\u0000');
      up.run(col, value, by);
      dropped ||= by < 0;
    }
    if (dropped) db.exec("DELETE FROM case_counts WHERE n = 0 AND col <> ''");
    this.delta.clear();
  }
}
