/**
 * Runs of text a line must never break inside: dates (2026年11月23日, 2026-11-23), 文号
 * (赤检案管监〔2026〕3号) and 部门受案号 (赤检刑诉受[2026]130732000012号). Both renderers split text with
 * `keepTogether`: the HTML wraps the kept runs in no-break spans, the DOCX uses no-break hyphens and
 * East Asian line-breaking rules (see docx.ts).
 */

const CJK = '\\u4e00-\\u9fff';
const PATTERNS = [
  // 文号 and 部门受案号: a short Chinese prefix, the year in brackets, a number, 号.
  `[${CJK}]{1,8}[〔\\[［(（][12]\\d{3}[〕\\]］)）][${CJK}]{0,4}\\d{1,18}号`,
  // 2026年11月23日, 2026年11月, 11月23日
  '[12]\\d{3}年\\d{1,2}月(?:\\d{1,2}日)?',
  '\\d{1,2}月\\d{1,2}日',
  // 2026-11-23 (also 2026-11-23 09:00)
  '[12]\\d{3}-\\d{2}-\\d{2}(?: \\d{2}:\\d{2}(?::\\d{2})?)?',
  // 2026-11, 2026-W47
  '[12]\\d{3}-(?:W\\d{2}|\\d{2})(?![\\d-])',
  // 66.7%, 12.5个百分点 stay whole through the shared rule for numbers
  '\\d+(?:\\.\\d+)?%',
  // （严重） after a problem type
  '（(?:严重|较重|轻微)）',
];
const RE = new RegExp(PATTERNS.join('|'), 'g');

export interface Segment {
  text: string;
  /** true: never break a line inside this run */
  keep: boolean;
}

export function keepTogether(text: string): Segment[] {
  const out: Segment[] = [];
  let last = 0;
  for (const m of text.matchAll(RE)) {
    if (m.index! > last) out.push({ text: text.slice(last, m.index), keep: false });
    out.push({ text: m[0], keep: true });
    last = m.index! + m[0].length;
  }
  if (last < text.length) out.push({ text: text.slice(last), keep: false });
  return out;
}
