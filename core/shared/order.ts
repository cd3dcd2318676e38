/**
 * (core/shared/: pure code the renderer may import too.) Lists of departments and prosecutors in the office's
 * own order: as the roster (人员 sheet) lists them, then the rest by pinyin. Names with a Chinese ordinal
 * (第一检察部, 第十二检察部) compare by its value, so an office without a roster still reads 第一、第二、第三.
 */
const collator = new Intl.Collator('zh-CN', { numeric: true });
const DIGITS: Record<string, number> = { 零: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/** 一 → 1, 十二 → 12, 二十 → 20, 二十三 → 23 (up to 99); NaN when not a numeral. */
export function chineseNumber(s: string): number {
  if (!s) return NaN;
  if (/^\d+$/.test(s)) return +s;
  const i = s.indexOf('十');
  if (i < 0) return s.length === 1 && s in DIGITS ? DIGITS[s] : NaN;
  const tens = i === 0 ? 1 : DIGITS[s.slice(0, i)];
  const ones = i === s.length - 1 ? 0 : DIGITS[s.slice(i + 1)];
  return tens === undefined || ones === undefined ? NaN : tens * 10 + ones;
}

function ordinal(s: string): number {
  const m = /^第([零一二两三四五六七八九十\d]+)/.exec(s);
  return m ? chineseNumber(m[1]) : NaN;
}

/** Pinyin order, with 第N… by N. */
export function compareNames(a: string, b: string): number {
  const na = ordinal(a);
  const nb = ordinal(b);
  if (!Number.isNaN(na) && !Number.isNaN(nb) && na !== nb) return na - nb;
  return collator.compare(a, b);
}

/** `values` in the roster's order first (the order of `roster`), then the others by `compareNames`. */
export function inRosterOrder(values: Iterable<string>, roster: readonly string[]): string[] {
  const pos = new Map<string, number>();
  roster.forEach((r, i) => {
    if (!pos.has(r)) pos.set(r, i);
  });
  return [...new Set(values)].sort((a, b) => {
    const pa = pos.get(a);
    const pb = pos.get(b);
    if (pa !== undefined && pb !== undefined) return pa - pb;
    if (pa !== undefined) return -1;
    if (pb !== undefined) return 1;
    return compareNames(a, b);
  });
}

/** The departments of a roster in the order they first appear. */
export function rosterDepartments(staff: readonly { department: string }[]): string[] {
  return [...new Set(staff.map((s) => s.department).filter(Boolean))];
}
