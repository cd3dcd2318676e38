/** Small pure helpers of the renderer: formatting, masking, periods. (Handler results are typed: core/shared/api.ts.) */

export { maskName } from '../../core/shared/mask';

export function num(n: unknown): string {
  if (n === null || n === undefined || n === '') return '—';
  if (typeof n === 'number') return Number.isFinite(n) ? n.toLocaleString('zh-CN') : '—';
  return String(n);
}

export function pct(n: unknown): string {
  if (typeof n !== 'number' || !Number.isFinite(n)) return '—';
  return `${(n * 100).toFixed(1)}%`;
}

/** A value of a bulletin figure: rates (0..1 fractions) as percentages, counts as integers. */
export function figure(id: string, v: number | null | undefined): string {
  if (v === null || v === undefined) return '—';
  if (/Rate$/.test(id)) return pct(v);
  if (id === 'avgDays') return v.toFixed(1);
  return num(v);
}

export function daysText(d: number | null | undefined): string {
  if (d === null || d === undefined) return '—';
  if (d < 0) return `超期 ${-d} 天`;
  if (d === 0) return '今日到期';
  return `剩 ${d} 天`;
}

export function str(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'boolean') return v ? '是' : '否';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

export const JOB_NAMES: Record<string, string> = {
  audit: '日审核',
  notice: '周通报',
  inspection: '月检查',
  bulletin: '季度/年度通报',
  referrals: '线索移送材料',
};

export const RUN_STATUS: Record<string, string> = {
  running: '运行中',
  succeeded: '成功',
  'succeeded with errors': '部分成功',
  failed: '失败',
  interrupted: '中断',
};

export const AREAS = ['办案期限', '强制措施', '诉讼权利保障', '法律文书', '案卡填录', '督查移送'];

export const ACTION_NAMES: Record<string, string> = {
  detect: '发现',
  remind: '口头提示',
  notice: '发通知书',
  rectify: '整改',
  waive: '不予纠正',
  reopen: '重新打开',
  'auto-rectify': '复查已整改',
  'auto-reopen': '复查再次发现',
  overdue: '逾期未整改',
  'overdue-cleared': '解除逾期未整改',
  exclude: '不予移送',
  restore: '恢复移送',
  refer: '移送督查',
  unrefer: '撤回移送',
  'notice-withdrawn': '通知书撤回',
};

/** Today's civil date in China time (display defaults only; jobs take dates as arguments). */
export function chinaToday(): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(new Date());
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

export function prevMonth(today = chinaToday()): string {
  const [y, m] = today.split('-').map(Number);
  const d = new Date(Date.UTC(y, m - 2, 1));
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
}

/** ISO week of a civil date, e.g. 2026-W47. */
export function isoWeek(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  const t = new Date(Date.UTC(y, m - 1, d));
  const day = t.getUTCDay() || 7;
  t.setUTCDate(t.getUTCDate() + 4 - day);
  const yearStart = new Date(Date.UTC(t.getUTCFullYear(), 0, 1));
  const week = Math.ceil(((t.getTime() - yearStart.getTime()) / 86400000 + 1) / 7);
  return `${t.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
}

export function prevWeek(today = chinaToday()): string {
  const [y, m, d] = today.split('-').map(Number);
  const t = new Date(Date.UTC(y, m - 1, d - 7));
  return isoWeek(t.toISOString().slice(0, 10));
}

export function periodLabel(period: string): string {
  let m = /^(\d{4})-W(\d{2})$/.exec(period);
  if (m) return `${m[1]}年第${Number(m[2])}周`;
  m = /^(\d{4})-(\d{2})$/.exec(period);
  if (m) return `${m[1]}年${Number(m[2])}月`;
  m = /^(\d{4})-Q([1-4])$/.exec(period);
  if (m) return `${m[1]}年第${'一二三四'[Number(m[2]) - 1]}季度`;
  if (/^\d{4}$/.test(period)) return `${period}年度`;
  return period;
}

export function timeText(ts: string | null | undefined): string {
  if (!ts) return '—';
  return ts
    .replace('T', ' ')
    .replace(/(\.\d+)?(Z|[+-]\d{2}:?\d{2})?$/, '')
    .slice(0, 16);
}

/** Joins a folder and a file name with the folder's own separator (Windows or POSIX). */
export function joinPath(dir: string, name: string): string {
  const sep = dir.includes('\\') && !dir.includes('/') ? '\\' : '/';
  return dir.endsWith(sep) ? dir + name : dir + sep + name;
}
