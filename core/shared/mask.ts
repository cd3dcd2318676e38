/**
 * (core/shared/: pure code the renderer may import too.)
 * Masking of suspects' names for everything that leaves the office or shows in a list:
 * the surname stays, every other character becomes 某 (张三 → 张某, 张三丰 → 张某某).
 * Two-character compound surnames (欧阳, 司马, …) are kept whole.
 */
const COMPOUND_SURNAMES = new Set([
  '欧阳',
  '司马',
  '上官',
  '诸葛',
  '东方',
  '皇甫',
  '尉迟',
  '公孙',
  '慕容',
  '长孙',
  '宇文',
  '司徒',
  '夏侯',
  '轩辕',
  '令狐',
  '钟离',
  '端木',
  '独孤',
  '南宫',
  '西门',
]);

export function maskName(name: string | null | undefined): string {
  if (!name) return '';
  const chars = [...name.trim()];
  if (chars.length === 0) return '';
  if (chars.length <= 4 && chars.slice(1).every((c) => c === '某')) return name; // already masked
  // Non-Chinese names (e.g. transliterated foreign names): keep the first letter only.
  if (!/[\u4e00-\u9fff]/.test(chars[0])) return chars[0] + '某某';
  const surnameLen = chars.length > 2 && COMPOUND_SURNAMES.has(chars.slice(0, 2).join('')) ? 2 : 1;
  const rest = Math.max(chars.length - surnameLen, 1);
  return chars.slice(0, surnameLen).join('') + '某'.repeat(rest);
}

/** Replace every occurrence of the given full names inside a text by their masked forms. */
export function maskNamesIn(text: string, names: Iterable<string>): string {
  let out = text;
  const sorted = [...new Set(names)].filter((n) => n.length >= 2).sort((a, b) => b.length - a.length);
  for (const n of sorted) out = out.split(n).join(maskName(n));
  return out;
}
