/**
 * metrics.md *Comparison*: a bulletin shows 上期 and 同比 only for a period the store covers — imported data reaching
 * back to its start (the earliest data date), or the monthly inspection having run for each of its months.
 */
import { describe, expect, it } from 'vitest';
import { tmpStore } from '../helpers/tmp';
import { periodCovered, yearAgoPeriodKey } from '../../core/metrics';
import { finishBatch, insertBatch } from '../../db/queries/imports';
import { finishRunRow, insertRun } from '../../db/queries/job-runs';

describe('which periods the store covers', () => {
  it('from the earliest data date, or months whose inspection ran; nothing imported says nothing (covered)', () => {
    const { db } = tmpStore();
    expect(periodCovered(db, '2020-01')).toBe(true);

    const id = insertBatch(db, {
      files: [],
      contentHash: 'h',
      startedAt: '2026-10-20T09:00:00+08:00',
      actor: 't',
      takenOn: '2026-10-05',
    });
    // An import that never finished covers nothing.
    expect(periodCovered(db, '2020-01')).toBe(true);
    finishBatch(db, id, {
      finishedAt: '2026-10-20T09:01:00+08:00',
      cases: { added: 1, changed: 0, unchanged: 0 },
      rows: {},
      warnings: [],
      staffAdded: [],
      noOp: false,
    });
    expect(periodCovered(db, '2026-10')).toBe(false); // data from the 5th: not from the month's start
    expect(periodCovered(db, '2026-11')).toBe(true);
    expect(periodCovered(db, '2026-W45')).toBe(true);
    expect(periodCovered(db, '2026-W40')).toBe(false);
    expect(periodCovered(db, '2026-Q4')).toBe(false);
    expect(periodCovered(db, '2027-Q1')).toBe(true);
    expect(periodCovered(db, '2026')).toBe(false);
    expect(periodCovered(db, '2025-10')).toBe(false);

    // October's inspection ran: October is covered and so the quarter (November and December have data from their
    // first day); the year still lacks January to September.
    const run = insertRun(db, {
      job: 'inspection',
      period: '2026-10',
      version: 1,
      asOf: '2026-10-31',
      startedAt: 'x',
      actor: 't',
      pid: 1,
    });
    expect(periodCovered(db, '2026-10')).toBe(false); // still running
    finishRunRow(db, run, { status: 'succeeded', finishedAt: 'y' });
    expect(periodCovered(db, '2026-10')).toBe(true);
    expect(periodCovered(db, '2026-Q4')).toBe(true);
    expect(periodCovered(db, '2026')).toBe(false);
  });

  it('同比 is the same month or quarter a year before; a year has none (its 上期 is the year before)', () => {
    expect(yearAgoPeriodKey('2026-10')).toBe('2025-10');
    expect(yearAgoPeriodKey('2026-Q3')).toBe('2025-Q3');
    expect(yearAgoPeriodKey('2026')).toBeNull();
    expect(yearAgoPeriodKey('2026-W45')).toBeNull();
  });
});
