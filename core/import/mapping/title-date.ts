/**
 * The data date a file states in its title rows (import-mapping.md "The data date": the wizard proposes
 * "a date it reads from the file's title row such as 统计截至2025年10月10日"). Recognised: 统计截至 / 截至 /
 * 截止 / 截止日期 / 数据日期 / 统计日期 / 导出日期 / 导出时间 followed by a date, and a period
 * 「2025年1月1日至2025年10月10日」 (its last day).
 */
import type { IsoDate } from '../../dates';
import { cellText, parseDate, type Cell } from '../values';

const DATE = String.raw`\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|\d{4}[-/.]\d{1,2}[-/.]\d{1,2}`;
const LABELLED = new RegExp(
  String.raw`(?:统计截至|数据截至|截至|截止日期|截止时间|截止|数据日期|统计日期|统计截止日期|导出日期|导出时间)\s*[:：]?\s*(${DATE})`,
);
const PERIOD = new RegExp(String.raw`(?:${DATE})\s*(?:至|到|—|～|~|-)\s*(${DATE})`);

export interface TitleDate {
  date: IsoDate;
  /** The title text it was read from, e.g. 统计截至2025年10月10日. */
  text: string;
}

/** The date one cell's text states, or null. */
export function dateInTitle(text: string): IsoDate | null {
  const s = text.normalize('NFKC');
  const m = LABELLED.exec(s) ?? PERIOD.exec(s);
  if (!m) return null;
  const p = parseDate(m[1].replace(/\s+/g, ''));
  return p.ok ? p.value : null;
}

/** The first date stated in the cells of the rows above a header row. */
export function titleDate(rows: { cells: Cell[] }[]): TitleDate | null {
  for (const r of rows) {
    for (const c of r.cells) {
      const t = cellText(c);
      if (t.length < 8) continue;
      const date = dateInTitle(t);
      if (date) return { date, text: t.length > 60 ? `${t.slice(0, 60)}…` : t };
    }
  }
  return null;
}
