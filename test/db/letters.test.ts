/**
 * The letters migration (letter_numbers) and the letter numbers it keeps: per year, one past the highest, skipping
 * a number already taken, never released.
 */
import { describe, expect, it } from 'vitest';
import { takeLetterNumber, letterNumbers } from '../../db/queries/letters';
import { tmpStore } from '../helpers/tmp';

const take = (db: Parameters<typeof takeLetterNumber>[0], year: number, subject: string, prefix = '赤检案管函') =>
  takeLetterNumber(db, {
    year,
    format: (n) => `${prefix}〔${year}〕${n}号`,
    kind: 'referral-cover',
    subject,
    issuedOn: `${year}-12-01`,
    at: `${year}-12-01T09:00:00+08:00`,
    by: '案管员',
  }).number;

describe('letter numbers (letters migration)', () => {
  it('numbers per year from 1, never twice, a changed prefix continuing the sequence', () => {
    const { db } = tmpStore();
    expect(take(db, 2026, 'a')).toBe('赤检案管函〔2026〕1号');
    expect(take(db, 2026, 'b')).toBe('赤检案管函〔2026〕2号');
    expect(take(db, 2027, 'c')).toBe('赤检案管函〔2027〕1号');
    // a new prefix keeps the year's sequence (a number is the office's, whatever its prefix)
    expect(take(db, 2026, 'd', '赤检函')).toBe('赤检函〔2026〕3号');
    expect(letterNumbers(db, 'referral-cover').map((r) => r.subject)).toEqual(['a', 'b', 'd', 'c']);
    // the same number can never be stored twice
    expect(() =>
      db
        .prepare(
          `INSERT INTO letter_numbers(year, seq, number, kind, subject, issued_on, created_at, created_by)
           VALUES (2026, 9, '赤检案管函〔2026〕1号', 'x', 'x', '2026-12-01', 'x', 'x')`,
        )
        .run(),
    ).toThrow(/UNIQUE/);
  });
});
