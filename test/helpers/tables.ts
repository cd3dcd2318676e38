/**
 * The store's data tables for the tests that dump or hash "every table": ordinary tables only (a virtual
 * table such as the search index and its shadow tables hold derived data, and some have no rowid), each with
 * an ORDER BY that works for it (rowid, or the primary key of a WITHOUT ROWID table).
 */
import type Database from 'better-sqlite3';

export function dataTables(db: Database.Database): { name: string; order: string }[] {
  const rows = db
    .prepare(
      "SELECT name, wr FROM pragma_table_list WHERE schema = 'main' AND type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
    )
    .all() as { name: string; wr: number }[];
  return rows.map((r) => {
    if (!r.wr) return { name: r.name, order: 'rowid' };
    const pk = (
      db.prepare('SELECT name, pk FROM pragma_table_info(?) WHERE pk > 0 ORDER BY pk').all(r.name) as {
        name: string;
      }[]
    ).map((c) => `"${c.name}"`);
    return { name: r.name, order: pk.join(', ') };
  });
}
