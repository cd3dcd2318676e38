/**
 * (core/shared/: pure code the renderer may import too.) Checking what a user typed as a date, week or
 * month, with a Chinese sentence that says what is wrong, and Chinese date-times for display.
 */

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

function daysIn(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/**
 * Null for a valid 'YYYY-MM-DD'; else why not, in Chinese: '2026-11-31' → '日期不存在：2026年11月只有30天'.
 * `label` names the field ('--date', '受理日期'…).
 */
export function dateProblem(s: string, label = '日期'): string | null {
  const name = label.trim();
  const m = DATE_RE.exec(s.trim());
  if (!m) return `${name}应为 YYYY-MM-DD 格式的日期，例如 2026-11-23：${s}`;
  // '日期不存在' reads alone for a plain date; an option or a field is named first ('--date 日期不存在：…').
  const what = name === '日期' ? '日期不存在' : `${name} 日期不存在`;
  const y = +m[1],
    mo = +m[2],
    d = +m[3];
  if (y < 1900 || y > 2199) return `${name}的年份超出范围（1900–2199）：${s}`;
  if (mo < 1 || mo > 12) return `${what}：没有 ${mo} 月（${s}）`;
  if (d < 1) return `${what}：${s}`;
  const dim = daysIn(y, mo);
  if (d > dim) return `${what}：${y}年${mo}月只有${dim}天（${s}）`;
  return null;
}

/** Null for a valid 'YYYY-MM'; else why not. */
export function monthProblem(s: string, label = '月份'): string | null {
  const m = /^(\d{4})-(\d{2})$/.exec(s.trim());
  if (!m) return `${label}应为 YYYY-MM 格式，例如 2026-10：${s}`;
  if (+m[2] < 1 || +m[2] > 12) return `月份不存在：没有 ${+m[2]} 月（${s}）`;
  return null;
}

/**
 * A stored timestamp as Chinese date and time: '2026-11-23T08:05:09+08:00' → '2026年11月23日 08:05'.
 * Timestamps are stored in China time with their offset; an instant in another zone is shown in China time.
 */
export function dateTimeText(ts: string | null | undefined): string {
  if (!ts) return '';
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::\d{2}(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.exec(
    ts.trim(),
  );
  if (!m) return ts;
  let [y, mo, d, hh, mm] = [+m[1], +m[2], +m[3], m[4], m[5]];
  if (hh !== undefined && m[6] && m[6] !== '+08:00' && m[6] !== '+0800') {
    const zone = m[6] === 'Z' ? 0 : (m[6][0] === '-' ? -1 : 1) * (+m[6].slice(1, 3) * 60 + +m[6].slice(-2));
    const t = new Date(Date.UTC(y, mo - 1, d, +hh, +mm) - zone * 60_000 + 8 * 3_600_000);
    [y, mo, d] = [t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate()];
    hh = String(t.getUTCHours()).padStart(2, '0');
    mm = String(t.getUTCMinutes()).padStart(2, '0');
  }
  return `${y}年${mo}月${d}日${hh !== undefined ? ` ${hh}:${mm}` : ''}`;
}
