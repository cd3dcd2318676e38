/**
 * Cell values → typed values, as import-format.md "Values" defines them. Each parser returns the
 * value or a Chinese reason; the caller attaches file/sheet/row/column. Hot path (millions of cells):
 * exact matches are tried before any Unicode normalisation.
 */
import { daysInMonth, isValidYmd, ymd, type IsoDate } from '../dates';

/** What a reader hands over for one cell. Excel date cells arrive as Dates holding the UTC wall clock. */
export type Cell = string | number | boolean | Date | null | undefined;

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };
const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const bad = (message: string): Parsed<never> => ({ ok: false, message });

// ASCII whitespace, full-width space (U+3000), NBSP, BOM.
const EDGE_SPACE = /^[\s\u3000\u00a0\ufeff]+|[\s\u3000\u00a0\ufeff]+$/g;

function isSpace(code: number): boolean {
  // Whitespace only: a control character at the edge (a trailing NUL) is kept, and refused by textProblem.
  return code === 32 || (code >= 9 && code <= 13) || code === 0x3000 || code === 0xa0 || code === 0xfeff;
}

/** Trimmed text of a cell ('' = empty). Dates print as their UTC wall-clock date. */
export function cellText(c: Cell): string {
  if (c == null) return '';
  if (typeof c === 'string') {
    if (c.length === 0) return c;
    // Most cells need no trimming: skip the regex then.
    if (!isSpace(c.charCodeAt(0)) && !isSpace(c.charCodeAt(c.length - 1))) return c;
    return c.replace(EDGE_SPACE, '');
  }
  if (typeof c === 'number') return Number.isFinite(c) ? String(c) : '';
  if (typeof c === 'boolean') return c ? 'true' : 'false';
  if (Number.isNaN(c.getTime())) return '';
  return c.toISOString().slice(0, 10);
}

export function isEmpty(c: Cell): boolean {
  return cellText(c) === '';
}

// ---- characters and lengths ----------------------------------------------------

// Control characters no cell may hold: C0 except tab, LF and CR; DEL; C1; the non-characters; U+FFFD (a
// decoding failure upstream). And in one-line values also tab, LF, CR and the invisible format characters
// (soft hyphen, zero-width and direction marks, word joiners, BOM): each would make 部门受案号 or a name
// a different value that looks the same.
// eslint-disable-next-line no-control-regex
const BAD_ANYWHERE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\ufffd\ufffe\uffff]/;
const BAD_ONE_LINE =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u001f\u007f-\u009f\u00ad\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufeff\ufffd\ufffe\uffff]/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
/** The characters above, or any surrogate (paired ones are fine, but rare enough to check the slow way). */
// eslint-disable-next-line no-control-regex
const SUSPECT_ANYWHERE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\ud800-\udfff\ufffd\ufffe\uffff]/;
const SUSPECT_ONE_LINE =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u001f\u007f-\u009f\u00ad\u200b-\u200f\u2028-\u202e\u2060-\u2064\ud800-\udfff\ufeff\ufffd\ufffe\uffff]/;
const INVISIBLE = /[\u00ad\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufeff]/;

const hex = (c: string) => 'U+' + c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');

/** Length in characters as a user counts them (code points, not UTF-16 units). */
function charCount(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0xd800 || c > 0xdbff) n++;
  }
  return n;
}

/**
 * What is wrong with a cell's text for a column (Chinese), or null. `multiline`: line breaks allowed
 * (备注); `max`: the column's length limit in characters. Cheap when nothing is wrong (one regex test).
 */
export function textProblem(s: string, opts: { multiline: boolean; max: number }): string | null {
  // Nearly every cell has none of these characters and no surrogate at all: one scan says so.
  if (!(opts.multiline ? SUSPECT_ANYWHERE : SUSPECT_ONE_LINE).test(s)) return lengthProblem(s, opts.max);
  const bad = (opts.multiline ? BAD_ANYWHERE : BAD_ONE_LINE).exec(s);
  if (bad) {
    const c = bad[0];
    if (c === '\u0000') return '含有空字符（NUL）：文件可能已损坏或编码不对';
    if (c === '\ufffd')
      return '含有无法识别的字符（�）：文件的编码不对或编码混杂（如 UTF-8 与 GBK 混用），请用 Excel 打开原始文件后另存为「CSV UTF-8」或 .xlsx 再导入';
    if (c === '\n' || c === '\r' || c === '\t') return '含有换行符或制表符：此列的值应在一行之内';
    if (INVISIBLE.test(c))
      return `含有看不见的格式字符（${hex(c)}，如零宽空格）：多为从网页或其他系统复制时带入，请删除后再导入`;
    return `含有不可见的控制字符（${hex(c)}）：文件可能已损坏，请检查该单元格`;
  }
  if (LONE_SURROGATE.test(s)) return '含有无效的字符（不成对的代理项）：文件可能已损坏';
  return lengthProblem(s, opts.max);
}

function lengthProblem(s: string, max: number): string | null {
  if (s.length <= max) return null;
  const n = charCount(s);
  return n > max ? `内容过长：共 ${n} 字，此列最多 ${max} 字` : null;
}

const SHOW_MAX = 60;

/**
 * A cell's text as an error message shows it: control characters as visible symbols (␀ for NUL),
 * invisible characters named, and long values cut (the user must see which cell, not 50 MB of it).
 */
export function shownValue(s: string): string {
  // eslint-disable-next-line no-control-regex
  let out = s.replace(/[\u0000-\u001f]/g, (c) => String.fromCharCode(0x2400 + c.charCodeAt(0)));
  out = out.replace(
    /[\u007f-\u009f\u00ad\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufeff\ufffe\uffff]/g,
    (c) => `⟨${hex(c)}⟩`,
  );
  if (out.length <= SHOW_MAX) return out;
  return `${out.slice(0, SHOW_MAX)}…（共 ${charCount(s)} 字）`;
}

// ---- dates -------------------------------------------------------------------

export const DATE_FORMATS_HINT = '可用格式：2026-03-05、2026/3/5、2026.3.5、2026年3月5日、20260305，或 Excel 日期';
const DATE_MSG = `日期无法识别（${DATE_FORMATS_HINT}）`;
/** Dates a case can plausibly carry: anything outside is a typo or a broken cell, never data. */
export const MIN_YEAR = 1900;
export const MAX_YEAR = 2100;
const RANGE_MSG = `日期超出合理范围（应在 ${MIN_YEAR} 年至 ${MAX_YEAR} 年之间）`;
const SERIAL_60_MSG = 'Excel 日期序号 60 对应 1900-02-29，这一天并不存在（Excel 沿用的历史错误）：请改为正确的日期';

// y-m-d with - / . separators, optional time, optional zone (Z or ±hh:mm). A zone moves the date to China time.
const DATE_RE =
  /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:(?:[ T]+)(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?)?$/i;
const CN_DATE_RE = /^(\d{4})年(\d{1,2})月(\d{1,2})日(?:\s*\d{1,2}[:时].*)?$/;
const COMPACT_RE = /^(\d{4})(\d{2})(\d{2})$/;
const SERIAL_RE = /^\d{1,5}(?:\.\d+)?$/;
// Excel's serials: 1 = 1900-01-01 … 59 = 1900-02-28; 60 is the fictitious 1900-02-29 (Lotus 1-2-3's leap-year
// bug, kept by Excel); from 61 (1900-03-01) on, day n is 1899-12-30 + n.
const EXCEL_EPOCH_UTC = Date.UTC(1899, 11, 30);
const DAY_MS = 86_400_000;
/** The serial of 1970-01-01 (exceljs turns serials into Dates with it, also before 1900-03-01, where it is a day off). */
const UNIX_EPOCH_SERIAL = 25569;

// One shared string (and result object) per distinct date: a million rows hold a few thousand dates.
const ymdCache = new Map<number, Parsed<IsoDate>>();

function checked(y: number, m: number, d: number): Parsed<IsoDate> {
  const k = y * 10000 + m * 100 + d;
  let r = ymdCache.get(k);
  if (!r) {
    const shaped = m >= 1 && m <= 12 && d >= 1 && d <= 31;
    r =
      shaped && (y < MIN_YEAR || y > MAX_YEAR)
        ? bad(RANGE_MSG)
        : isValidYmd(y, m, d)
          ? ok(ymd(y, m, d))
          : shaped && d > daysInMonth(y, m)
            ? bad(`日期不存在：${y}年${m}月只有${daysInMonth(y, m)}天`)
            : bad(DATE_MSG);
    if (ymdCache.size < 100_000) ymdCache.set(k, r);
  }
  return r;
}

/** An Excel serial day number (the fraction is the time of day) → its date. */
export function fromSerial(n: number): Parsed<IsoDate> {
  if (!Number.isFinite(n) || n < 1) return bad(DATE_MSG);
  const day = Math.floor(n);
  if (day === 60) return bad(SERIAL_60_MSG);
  if (day > 2958465) return bad(RANGE_MSG); // past 9999-12-31: no date at all
  const dt = new Date(EXCEL_EPOCH_UTC + (day < 60 ? day + 1 : day) * DAY_MS);
  return checked(dt.getUTCFullYear(), dt.getUTCMonth() + 1, dt.getUTCDate());
}

// Dates repeat a lot (a few thousand distinct values over a million rows): cache the string forms.
const dateCache = new Map<string, Parsed<IsoDate>>();
/** Dates of date cells by their time value: a workbook holds a few thousand days in ~700,000 date cells at 100k cases. */
const timeCache = new Map<number, Parsed<IsoDate>>();

export function parseDate(c: Cell): Parsed<IsoDate> {
  if (c instanceof Date) {
    // Excel stores wall-clock time; exceljs hands it over as that wall clock in UTC: read it with getUTC*.
    const t = c.getTime();
    const hit = timeCache.get(t);
    if (hit) return hit;
    if (Number.isNaN(t)) return bad(DATE_MSG);
    // Before 1900-03-01 exceljs's conversion is a day off and turns serial 60 into 1900-02-28: go back to the serial.
    if (t < Date.UTC(1900, 2, 1)) return fromSerial(Math.floor(t / DAY_MS) + UNIX_EPOCH_SERIAL);
    const r = checked(c.getUTCFullYear(), c.getUTCMonth() + 1, c.getUTCDate());
    if (timeCache.size < 100_000) timeCache.set(t, r);
    return r;
  }
  if (typeof c === 'number') {
    if (Number.isInteger(c) && c >= 19000101 && c <= 21001231)
      return checked(Math.floor(c / 10000), Math.floor(c / 100) % 100, c % 100);
    return fromSerial(c);
  }
  const s = cellText(c);
  const hit = dateCache.get(s);
  if (hit) return hit;
  const r = parseDateText(s);
  if (dateCache.size < 100_000) dateCache.set(s, r);
  return r;
}

function parseDateText(raw: string): Parsed<IsoDate> {
  // Full-width digits and punctuation (２０２６／３／５) become ASCII.
  const s = /^[\x20-\x7e]*$/.test(raw)
    ? raw
    : raw
        .normalize('NFKC')
        .replace(/\u3000/g, ' ')
        .trim();
  let m = DATE_RE.exec(s);
  if (m) {
    const y = +m[1],
      mo = +m[2],
      d = +m[3];
    // A time that is no time (25:00, 12:61) makes the whole value no date.
    if (m[4] !== undefined && (+m[4] > 23 || +m[5] > 59 || +(m[6] ?? 0) > 59)) return bad(DATE_MSG);
    if (m[7] && m[4] !== undefined) {
      // A date-time with a zone: its date in China time (UTC+8).
      if (!isValidYmd(y, mo, d)) return bad(DATE_MSG);
      const zone =
        m[7].toUpperCase() === 'Z' ? 0 : (m[7][0] === '-' ? -1 : 1) * (+m[7].slice(1, 3) * 60 + +m[7].slice(-2));
      const utc = Date.UTC(y, mo - 1, d, +m[4], +m[5], +(m[6] ?? 0)) - zone * 60_000;
      const china = new Date(utc + 8 * 3_600_000);
      return checked(china.getUTCFullYear(), china.getUTCMonth() + 1, china.getUTCDate());
    }
    return checked(y, mo, d);
  }
  m = CN_DATE_RE.exec(s);
  if (m) return checked(+m[1], +m[2], +m[3]);
  m = COMPACT_RE.exec(s);
  if (m) return checked(+m[1], +m[2], +m[3]);
  if (SERIAL_RE.test(s)) return fromSerial(+s);
  return bad(DATE_MSG);
}

// ---- yes/no ------------------------------------------------------------------

const YES = new Set(['是', 'y', 'yes', '1', 'true', '√']);
const NO = new Set(['否', 'n', 'no', '0', 'false', '×']);
const BOOL_MSG = '应为 是/否（也接受 Y/N、1/0、true/false）';

/** Yes/no; empty → null (the caller applies the column's default). */
export function parseBool(c: Cell): Parsed<boolean | null> {
  if (typeof c === 'boolean') return ok(c);
  if (typeof c === 'number') return c === 1 ? ok(true) : c === 0 ? ok(false) : bad(BOOL_MSG);
  const s = cellText(c);
  if (s === '') return ok(null);
  const k = s.normalize('NFKC').toLowerCase().trim();
  if (YES.has(k)) return ok(true);
  if (NO.has(k)) return ok(false);
  return bad(BOOL_MSG);
}

// ---- enumerations ------------------------------------------------------------

/** Brackets to half-width, spaces (both widths) removed, full-width letters/digits to ASCII. */
export function normalizeEnumText(s: string): string {
  return s
    .normalize('NFKC')
    .replace(/[\s\u3000]+/g, '')
    .replace(/[〔［【]/g, '[')
    .replace(/[〕］】]/g, ']');
}

export interface EnumSet {
  values: readonly string[];
  exact: Map<string, string>;
  normalized: Map<string, string>;
  message: string;
}

export function enumSet(values: readonly string[]): EnumSet {
  return {
    values,
    exact: new Map(values.map((v) => [v, v])),
    normalized: new Map(values.map((v) => [normalizeEnumText(v), v])),
    message: `不是允许的值；允许的值：${values.join('、')}`,
  };
}

/** The canonical value (the shared constant string, so a million rows hold one copy) or an error naming the allowed values. Empty → null. */
export function parseEnum(c: Cell, set: EnumSet): Parsed<string | null> {
  const s = cellText(c);
  if (s === '') return ok(null);
  const exact = set.exact.get(s);
  if (exact !== undefined) return ok(exact);
  const hit = set.normalized.get(normalizeEnumText(s));
  return hit !== undefined ? ok(hit) : bad(set.message);
}

/**
 * A string that owns its characters. The XML parser's text is built from slices of 64 KB chunks,
 * and V8 keeps a whole chunk alive for as long as any slice of it lives: holding a million cell
 * strings kept most of the workbook's XML in memory (750 MB for 100k cases). Concatenating then
 * slicing flattens the string into a fresh one of its own length. Short strings (< 13) are copies already.
 */
export function ownString(s: string): string {
  return s.length < 13 ? s : (' ' + s).slice(1);
}

/** Text with edges trimmed, owning its characters (it is kept until the write); empty → null. */
export function parseText(c: Cell): string | null {
  const s = cellText(c);
  return s === '' ? null : ownString(s);
}

// Columns such as 承办部门, 承办检察官, 文书名称 repeat a few hundred values over a million rows: share one copy.
const pool = new Map<string, string>();
const POOL_MAX = 200_000;

/** Forgets the shared strings and dates of the last import (called when an import ends). */
export function resetValueCaches(): void {
  pool.clear();
  dateCache.clear();
  ymdCache.clear();
}

/** parseText for a column of few distinct values: equal strings become one string. */
export function parseSharedText(c: Cell): string | null {
  const s = cellText(c);
  if (s === '') return null;
  const hit = pool.get(s);
  if (hit !== undefined) return hit;
  const own = ownString(s);
  if (pool.size < POOL_MAX) pool.set(own, own);
  return own;
}
