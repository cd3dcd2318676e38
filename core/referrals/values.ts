/**
 * The vocabulary of reviews and referrals, and the cell parsing of the referrals workbook
 * (the same value rules as import-format.md: dates in the listed forms, trimmed text).
 */
import type { IsoDate } from '../dates';
import { cellText, parseDate, DATE_FORMATS_HINT, type Cell } from '../import/values';

export const REVIEW_KINDS = ['常规抽查', '重点评查', '专项评查'] as const;
export const REVIEW_GRADES = ['优质', '合格', '基本合格', '不合格'] as const;
export const RECTIFICATION_STATES = ['待整改', '整改中', '已整改'] as const;
/** Grades whose reviews go into the monthly referral package. */
export const PACKAGE_GRADES = ['基本合格', '不合格'] as const;
export const SEVERITIES = ['轻微', '较重', '严重'] as const;
export const DEFAULT_REFERRAL_SEVERITY = '较重';

export const REFERRAL_RULE_ID = 'REF-INSPECTION';
export const REFERRAL_SOURCE = '检务督查';

/** Trims both widths of space; '' becomes null. */
export function cleanText(v: unknown): string | null {
  if (v == null) return null;
  const s = String(v).replace(/^[\s\u3000]+|[\s\u3000]+$/g, '');
  return s === '' ? null : s;
}

/** Normalises full-width brackets/spaces the way import-format.md does for enumerations. */
export function normEnum(s: string): string {
  return s
    .replace(/[\s\u3000]+/g, '')
    .replace(/（/g, '(')
    .replace(/）/g, ')');
}

/**
 * A civil date from a cell value or form text, by the case import's value rules (import-format.md:
 * the listed text forms, Excel date cells and serials). Returns null for anything else.
 */
export function parseCivilDate(v: unknown): IsoDate | null {
  if (v == null) return null;
  const cell: Cell =
    v instanceof Date || typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean' ? v : String(v);
  if (cellText(cell) === '') return null;
  const r = parseDate(cell);
  return r.ok ? r.value : null;
}

export { DATE_FORMATS_HINT };
