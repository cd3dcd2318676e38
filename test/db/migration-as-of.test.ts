/**
 * Migration as-of (007-as-of.ts): rows imported before it get a data date: the China date of the import that last wrote
 * their case, or the day they were written when no import wrote them; a kind of rows the case never had stays
 * without one. The per-run findings table arrives empty.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../db/store';
import { tmpDir } from '../helpers/tmp';
import { version } from '../../db/migrations/007-as-of';

describe('migration as-of: data dates of rows imported before it', () => {
  it('gives old rows the date of the import that last wrote their case', () => {
    const file = path.join(tmpDir(), 'before.sqlite');
    const db = openStore(file, { targetVersion: version - 1 });
    db.exec(`
      INSERT INTO import_batches (id, files_json, content_hash, started_at, finished_at, actor)
        VALUES (1, '[]', 'h1', '2026-03-10T09:00:00+08:00', '2026-03-10T09:01:00+08:00', 'a'),
               (2, '[]', 'h2', '2026-03-20T23:30:00+08:00', '2026-03-20T23:31:00+08:00', 'a');
      INSERT INTO cases (id, case_no, title, category, department, prosecutor, received_on, status, first_import_id, last_import_id, updated_at)
        VALUES (1, 'A', 'a', '审查起诉', 'd', 'p', '2026-03-01', '在办', 1, 2, '2026-03-20T23:30:05+08:00'),
               (2, 'B', 'b', '审查起诉', 'd', 'p', '2026-03-01', '在办', NULL, NULL, '2026-04-01T10:00:00+08:00');
      INSERT INTO persons (case_id, person_no, name, custody) VALUES (1, '1', '张三', '在押');
      INSERT INTO events (case_id, seq, kind, on_date) VALUES (1, 1, '归档', '2026-03-05');
      INSERT INTO documents (case_id, seq, name, number, issued_on) VALUES (2, 1, '起诉书', 'x', '2026-03-05');
    `);
    db.close();

    const after = openStore(file, { targetVersion: version });
    expect(after.prepare('SELECT id, taken_on FROM import_batches ORDER BY id').all()).toEqual([
      { id: 1, taken_on: '2026-03-10' },
      { id: 2, taken_on: '2026-03-20' },
    ]);
    expect(
      after
        .prepare(
          'SELECT case_no, taken_on, persons_taken_on, events_taken_on, documents_taken_on FROM cases ORDER BY id',
        )
        .all(),
    ).toEqual([
      {
        case_no: 'A',
        taken_on: '2026-03-20',
        persons_taken_on: '2026-03-20',
        events_taken_on: '2026-03-20',
        documents_taken_on: null,
      },
      {
        case_no: 'B',
        taken_on: '2026-04-01',
        persons_taken_on: null,
        events_taken_on: null,
        documents_taken_on: '2026-04-01',
      },
    ]);
    expect(after.prepare('SELECT count(*) FROM run_findings').pluck().get()).toBe(0);
    after.close();
  });
});
