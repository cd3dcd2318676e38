/**
 * "Nothing a user sees is English": a checker for the messages of a refusal. A message may quote the
 * user's own data (the file name, sheet name, column header and value it is about) and name the few
 * things a Chinese office calls by their Latin names (Excel, WPS, CSV, UTF-8, GBK, .xlsx, U+0000 …);
 * once those are stripped, no Latin word of two or more letters may remain.
 */
import { SHEET_COLUMNS } from '../../core/import/columns';

/** Latin names a Chinese user knows by their Latin name (product, format and encoding names, accepted spellings). */
const ALLOWED = [
  /\bExcel\b/g,
  /\bWPS\b/g,
  /\bCSV\b/g,
  /\bUTF-(8|16|32)\b/g,
  /\bGB18030\b/g,
  /\bGBK\b/g,
  /\bNUL\b/g,
  /\bBOM\b/g,
  /\.xlsx\b/g,
  /\.xls\b/g,
  /\.csv\b/g,
  /\*\.xlsx\b/g,
  /\bxl\/workbook\.xml\b/g,
  /\bYYYY-MM-DD\b/g,
  /\bY\/N\b/g,
  /\btrue\/false\b/g,
  /\bU\+[0-9A-F]{4,6}\b/g,
  /\b[A-Z]{1,3}\d+\b/g, // a cell reference (AB12)
];

/** The English column keys the import accepts as headers (import-format.md): a header name, not prose. */
const KEYS = [...new Set(Object.values(SHEET_COLUMNS).flatMap((cols) => cols.map((c) => c.key)))].sort(
  (a, b) => b.length - a.length,
);

export interface Located {
  file?: string;
  sheet?: string;
  column?: string;
  value?: string;
  message: string;
}

/** The Latin words a message has of its own (empty = the message is Chinese). */
export function latinWords(e: Located, alsoAllow: string[] = []): string[] {
  let m = e.message;
  // The data the message is about, longest first (a value may contain the file name).
  const quoted = [e.value, e.file, e.sheet, e.column, ...alsoAllow].filter((x): x is string => !!x);
  for (const q of quoted.sort((a, b) => b.length - a.length)) m = m.split(q).join(' ');
  for (const re of ALLOWED) m = m.replace(re, ' ');
  for (const k of KEYS) m = m.replace(new RegExp(`\\b${k}\\b`, 'g'), ' ');
  return m.match(/[A-Za-z]{2,}/g) ?? [];
}

export function isChinese(e: Located, alsoAllow: string[] = []): boolean {
  return latinWords(e, alsoAllow).length === 0 && /[\u4e00-\u9fff]/.test(e.message);
}
