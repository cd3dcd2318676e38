/** 文号 of the office's letters (the letters migration, letter_numbers): numbers are taken, never released. */
import type { Db } from '../store';

export interface LetterNumberRow {
  id: number;
  year: number;
  seq: number;
  number: string;
  kind: string;
  subject: string;
  issued_on: string;
  created_at: string;
  created_by: string;
}

/**
 * Takes the next number of `year` (call inside the caller's transaction): one past the highest sequence
 * of the year, skipping any number already taken with another prefix's spelling.
 */
export function takeLetterNumber(
  db: Db,
  o: {
    year: number;
    format: (seq: number) => string;
    kind: string;
    subject: string;
    issuedOn: string;
    at: string;
    by: string;
  },
): LetterNumberRow {
  let seq = db
    .prepare('SELECT COALESCE(MAX(seq), 0) + 1 FROM letter_numbers WHERE year = ?')
    .pluck()
    .get(o.year) as number;
  const taken = db.prepare('SELECT 1 FROM letter_numbers WHERE number = ?').pluck();
  while (taken.get(o.format(seq))) seq++;
  const number = o.format(seq);
  const id = Number(
    db
      .prepare(
        `INSERT INTO letter_numbers(year, seq, number, kind, subject, issued_on, created_at, created_by)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(o.year, seq, number, o.kind, o.subject, o.issuedOn, o.at, o.by).lastInsertRowid,
  );
  return db.prepare('SELECT * FROM letter_numbers WHERE id = ?').get(id) as LetterNumberRow;
}

export function letterNumbers(db: Db, kind: string): LetterNumberRow[] {
  return db.prepare('SELECT * FROM letter_numbers WHERE kind = ? ORDER BY year, seq').all(kind) as LetterNumberRow[];
}
