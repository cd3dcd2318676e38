/** Shared by the import tests: a dump of every table (to prove a refused import wrote nothing), and a store with a context. */
import type { Db } from '../../db/store';
import { tmpStore } from '../helpers/tmp';

export function dumpStore(db: Db): Record<string, unknown[]> {
  const tables = db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    .pluck()
    .all() as string[];
  return Object.fromEntries(tables.map((t) => [t, db.prepare(`SELECT * FROM "${t}" ORDER BY rowid`).all()]));
}

export function store() {
  return tmpStore();
}
