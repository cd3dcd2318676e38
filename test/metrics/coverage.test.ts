/**
 * metrics.md *Comparison*: a bulletin shows 上期 and 同比 only for a period the store covers — imported data reaching
 * back to its start (the earliest data date), or the monthly inspection having run; a quarter or a year when each of
 * its months is (core/metrics/coverage.ts, which test/metrics/figures-sense.test.ts checks for months and weeks).
 */
import { describe, expect, it } from 'vitest';
import { tmpStore } from '../helpers/tmp';
import { covers } from '../../core/metrics/coverage';
import { buildMonitoringSnapshot, yearAgoKey } from '../../core/metrics/snapshots';
import { finishBatch, insertBatch } from '../../db/queries/imports';
import { finishRunRow, insertRun } from '../../db/queries/job-runs';

const META = {
  version: 1,
  asOf: '2027-03-31',
  generatedAt: '2027-04-01T09:00:00+08:00',
  office: '青城县人民检察院',
  officeShort: '青检',
  rankWithinDepartment: false,
};

describe('which periods the store covers', () => {
  it('quarters and years: from the earliest data date, or when each month is covered (its inspection ran)', () => {
    const { db } = tmpStore();
    // Nothing imported, nothing run: nothing covered.
    expect(covers(db, '2020-01')).toBe(false);
    expect(covers(db, '2020-Q1')).toBe(false);

    const id = insertBatch(db, {
      files: [],
      contentHash: 'h',
      startedAt: '2026-10-20T09:00:00+08:00',
      actor: 't',
      takenOn: '2026-10-05',
    });
    finishBatch(db, id, {
      finishedAt: '2026-10-20T09:01:00+08:00',
      cases: { added: 1, changed: 0, unchanged: 0 },
      rows: {},
      warnings: [],
      staffAdded: [],
      noOp: false,
    });
    expect(covers(db, '2026-10')).toBe(false); // data from the 5th: not from the month's start
    expect(covers(db, '2026-11')).toBe(true);
    expect(covers(db, '2026-W45')).toBe(true);
    expect(covers(db, '2026-W40')).toBe(false);
    expect(covers(db, '2026-Q4')).toBe(false);
    expect(covers(db, '2027-Q1')).toBe(true);
    expect(covers(db, '2026')).toBe(false);
    expect(covers(db, '2025-10')).toBe(false);
    // A quarter's trend is its own months from the first covered one; a year's 同比 is none.
    expect(buildMonitoringSnapshot(db, '2026-Q4', META).trend.map((t) => t.month)).toEqual(['2026-11', '2026-12']);

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
    expect(covers(db, '2026-10')).toBe(false); // still running
    finishRunRow(db, run, { status: 'succeeded', finishedAt: 'y' });
    expect(covers(db, '2026-10')).toBe(true);
    expect(covers(db, '2026-Q4')).toBe(true);
    expect(covers(db, '2026')).toBe(false);
    const q4 = buildMonitoringSnapshot(db, '2026-Q4', META);
    expect(q4.trend.map((t) => t.month)).toEqual(['2026-10', '2026-11', '2026-12']);
    expect(q4.previous).toMatchObject({ period: '2026-Q3', covered: false, metrics: null });
    expect(q4.yearAgo).toMatchObject({ period: '2025-Q4', covered: false, metrics: null });
    const y = buildMonitoringSnapshot(db, '2027', META);
    expect(y.previous).toMatchObject({ period: '2026', covered: false, metrics: null });
    expect(y.yearAgo).toMatchObject({ period: '', covered: false });
    expect(buildMonitoringSnapshot(db, '2027-Q1', META).previous).toMatchObject({ period: '2026-Q4', covered: true });
  });

  it('同比 is the same month, week or quarter a year before; a year has none (its 上期 is the year before)', () => {
    expect(yearAgoKey('2026-10')).toBe('2025-10');
    expect(yearAgoKey('2026-Q3')).toBe('2025-Q3');
    expect(yearAgoKey('2026')).toBeNull();
    expect(yearAgoKey('2026-W45')).toBe('2025-W45');
  });
});
