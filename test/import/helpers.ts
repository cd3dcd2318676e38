/** Shared by the import tests: a dump of every table (to prove a refused import wrote nothing), and a store with a context. */
import type { Db } from '../../db/store';
import { tmpStore } from '../helpers/tmp';
import { dataTables } from '../helpers/tables';

export function dumpStore(db: Db): Record<string, unknown[]> {
  return Object.fromEntries(
    dataTables(db).map((t) => [t.name, db.prepare(`SELECT * FROM "${t.name}" ORDER BY ${t.order}`).all()]),
  );
}

export function store() {
  return tmpStore();
}
