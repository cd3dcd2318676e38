/** The holiday calendar rows (one per year) of the store. */
import type { Db } from '../store';

export interface HolidayCalendarRow {
  year: number;
  data_json: string;
  source: string;
  loaded_at: string;
}

export function listCalendarRows(db: Db): HolidayCalendarRow[] {
  return db
    .prepare('SELECT year, data_json, source, loaded_at FROM holiday_calendars ORDER BY year')
    .all() as HolidayCalendarRow[];
}

export function countCalendarRows(db: Db): number {
  return (db.prepare('SELECT count(*) AS n FROM holiday_calendars').get() as { n: number }).n;
}

export function upsertCalendarYear(
  db: Db,
  r: { year: number; dataJson: string; source: string; loadedAt: string },
): void {
  db.prepare(
    `INSERT INTO holiday_calendars(year, data_json, source, loaded_at) VALUES (?, ?, ?, ?)
     ON CONFLICT(year) DO UPDATE SET data_json = excluded.data_json, source = excluded.source, loaded_at = excluded.loaded_at`,
  ).run(r.year, r.dataJson, r.source, r.loadedAt);
}
