/**
 * Date, week and month pickers in Chinese whatever the language of the OS or the browser (a native
 * <input type="date"> follows the browser's language: "October 2026" on an English system). The field takes
 * what a clerk types ('2026-11-23', '2026-W47', '2026-10') and checks it ('2026-11-31' → 日期不存在);
 * the button opens a calendar with 一…日 and 年/月 in Chinese. Esc closes it.
 */
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { dateProblem, monthProblem } from '../../../core/shared/dates';
import { chinaToday } from '../util';

const WEEKDAYS = ['一', '二', '三', '四', '五', '六', '日'];
const pad = (n: number) => String(n).padStart(2, '0');
const ymd = (y: number, m: number, d: number) => `${y}-${pad(m)}-${pad(d)}`;
const daysIn = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();
/** 0 = Monday … 6 = Sunday. */
const mondayIndex = (y: number, m: number, d: number) => (new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7;

/** ISO week key of a date ('2026-W47') and the Monday–Sunday of a week key. */
export function isoWeekOf(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  const t = new Date(Date.UTC(y, m - 1, d));
  const day = t.getUTCDay() || 7;
  t.setUTCDate(t.getUTCDate() + 4 - day);
  const start = new Date(Date.UTC(t.getUTCFullYear(), 0, 1));
  const w = Math.ceil(((t.getTime() - start.getTime()) / 86400000 + 1) / 7);
  return `${t.getUTCFullYear()}-W${pad(w)}`;
}
export function weekRange(key: string): { from: string; to: string } | null {
  const m = /^(\d{4})-W(\d{2})$/.exec(key);
  if (!m) return null;
  const y = +m[1];
  const jan4 = new Date(Date.UTC(y, 0, 4));
  const monday = new Date(jan4.getTime() - ((jan4.getUTCDay() + 6) % 7) * 86400000 + (+m[2] - 1) * 7 * 86400000);
  const sunday = new Date(monday.getTime() + 6 * 86400000);
  const from = monday.toISOString().slice(0, 10);
  if (isoWeekOf(from) !== key) return null;
  return { from, to: sunday.toISOString().slice(0, 10) };
}
export function weekProblem(s: string): string | null {
  if (!/^\d{4}-W\d{2}$/.test(s.trim())) return `周应写作 年-W周次，例如 2026-W47：${s}`;
  return weekRange(s.trim()) ? null : `这一年没有第 ${+s.slice(6)} 周：${s}`;
}

const cn = (d: string) => `${+d.slice(5, 7)}月${+d.slice(8, 10)}日`;

/** Chinese label of a value: '2026年11月23日', '2026年第47周（11月16日至22日）', '2026年10月'. */
export function pickerLabel(kind: 'date' | 'week' | 'month', v: string): string {
  if (kind === 'date' && !dateProblem(v)) return `${v.slice(0, 4)}年${cn(v)}`;
  if (kind === 'month' && !monthProblem(v)) return `${v.slice(0, 4)}年${+v.slice(5, 7)}月`;
  if (kind === 'week') {
    const r = weekRange(v);
    if (r) return `${v.slice(0, 4)}年第${+v.slice(6)}周（${cn(r.from)}至${cn(r.to)}）`;
  }
  return '';
}

interface Props {
  value: string;
  onChange: (v: string) => void;
  label?: string;
  testId?: string;
  /** Allow clearing (filters). */
  clearable?: boolean;
  width?: number;
  /** The latest date allowed (e.g. today for a data date): later dates are refused with a Chinese sentence. */
  max?: string;
}

function usePopover() {
  const [open, setOpen] = useState(false);
  const ref = useRef<HTMLSpanElement>(null);
  useEffect(() => {
    if (!open) return;
    const onDown = (e: MouseEvent) => {
      if (ref.current && !ref.current.contains(e.target as Node)) setOpen(false);
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        e.stopPropagation();
        setOpen(false);
      }
    };
    document.addEventListener('mousedown', onDown);
    window.addEventListener('keydown', onKey, true);
    return () => {
      document.removeEventListener('mousedown', onDown);
      window.removeEventListener('keydown', onKey, true);
    };
  }, [open]);
  return { open, setOpen, ref };
}

function Field(props: {
  kind: 'date' | 'week' | 'month';
  p: Props;
  check: (s: string) => string | null;
  placeholder: string;
  children: (close: () => void) => ReactNode;
}) {
  const { p, kind } = props;
  const [text, setText] = useState(p.value);
  const [error, setError] = useState<string | null>(null);
  const pop = usePopover();
  useEffect(() => {
    setText(p.value);
    setError(null);
  }, [p.value]);
  const commit = (v: string) => {
    const t = v.trim();
    if (!t && p.clearable) {
      setError(null);
      if (p.value) p.onChange('');
      return;
    }
    const bad = props.check(t);
    setError(bad);
    if (!bad && t !== p.value) p.onChange(t);
  };
  return (
    <span className="picker" ref={pop.ref} data-kind={kind}>
      <input
        type="text"
        className="picker-input"
        value={text}
        placeholder={props.placeholder}
        aria-label={p.label}
        aria-invalid={!!error}
        title={error ?? pickerLabel(kind, p.value)}
        data-testid={p.testId}
        data-picker={kind}
        style={p.width ? { width: p.width } : undefined}
        onChange={(e) => {
          setText(e.target.value);
          const bad = e.target.value.trim() ? props.check(e.target.value.trim()) : null;
          if (!bad) {
            setError(null);
            if (e.target.value.trim() !== p.value && (e.target.value.trim() || p.clearable))
              p.onChange(e.target.value.trim());
          }
        }}
        onBlur={() => commit(text)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') commit(text);
          if (e.key === 'ArrowDown' && e.altKey) pop.setOpen(true);
        }}
      />
      <button
        type="button"
        className="picker-btn"
        aria-label={`选择${kind === 'date' ? '日期' : kind === 'week' ? '周' : '月份'}`}
        onClick={() => pop.setOpen((o) => !o)}
      >
        <svg viewBox="0 0 24 24" width="14" height="14" aria-hidden="true">
          <path d="M4 6h16v14H4zM4 10h16M8 3v5M16 3v5" fill="none" stroke="currentColor" strokeWidth="1.7" />
        </svg>
      </button>
      {error && (
        <span className="picker-error" role="alert">
          {error}
        </span>
      )}
      {pop.open && (
        <div className="picker-pop" role="dialog" aria-label={`选择${p.label ?? ''}`}>
          {props.children(() => pop.setOpen(false))}
        </div>
      )}
    </span>
  );
}

function MonthDays(props: {
  initial: string;
  selected: (d: string) => boolean;
  onPick: (d: string) => void;
  weekRows?: boolean;
}) {
  const today = chinaToday();
  const base = props.initial && !dateProblem(props.initial) ? props.initial : today;
  const [y, setY] = useState(+base.slice(0, 4));
  const [m, setM] = useState(+base.slice(5, 7));
  const move = (n: number) => {
    const t = y * 12 + (m - 1) + n;
    setY(Math.floor(t / 12));
    setM((t % 12) + 1);
  };
  const first = mondayIndex(y, m, 1);
  const cells: (string | null)[] = [...Array(first).fill(null)];
  for (let d = 1; d <= daysIn(y, m); d++) cells.push(ymd(y, m, d));
  while (cells.length % 7) cells.push(null);
  const rows: (string | null)[][] = [];
  for (let i = 0; i < cells.length; i += 7) rows.push(cells.slice(i, i + 7));
  return (
    <div className="cal">
      <div className="cal-head">
        <button type="button" className="icon-btn" aria-label="上一年" onClick={() => move(-12)}>
          «
        </button>
        <button type="button" className="icon-btn" aria-label="上个月" onClick={() => move(-1)}>
          ‹
        </button>
        <span className="cal-title">
          {y}年{m}月
        </span>
        <button type="button" className="icon-btn" aria-label="下个月" onClick={() => move(1)}>
          ›
        </button>
        <button type="button" className="icon-btn" aria-label="下一年" onClick={() => move(12)}>
          »
        </button>
      </div>
      <table className="cal-grid">
        <thead>
          <tr>
            {props.weekRows && <th className="cal-wk">周</th>}
            {WEEKDAYS.map((w) => (
              <th key={w}>{w}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => {
            const any = r.find((x) => x) as string;
            return (
              <tr key={i} className={props.weekRows && props.selected(any) ? 'cal-row-selected' : undefined}>
                {props.weekRows && <td className="cal-wk">{+isoWeekOf(any).slice(6)}</td>}
                {r.map((d, j) => (
                  <td key={j}>
                    {d && (
                      <button
                        type="button"
                        className={[
                          'cal-day',
                          d === today ? 'today' : '',
                          !props.weekRows && props.selected(d) ? 'selected' : '',
                          j >= 5 ? 'weekend' : '',
                        ].join(' ')}
                        data-date={d}
                        onClick={() => props.onPick(d)}
                      >
                        {+d.slice(8)}
                      </button>
                    )}
                  </td>
                ))}
              </tr>
            );
          })}
        </tbody>
      </table>
      <div className="cal-foot">
        <button type="button" className="btn btn-link" onClick={() => props.onPick(today)}>
          今天
        </button>
      </div>
    </div>
  );
}

export function DateInput(p: Props) {
  const check = (s: string) =>
    dateProblem(s) ?? (p.max && s > p.max ? `不能晚于 ${p.max}（${pickerLabel('date', p.max)}）：${s}` : null);
  return (
    <Field kind="date" p={p} check={check} placeholder="年-月-日">
      {(close) => (
        <MonthDays
          initial={p.value}
          selected={(d) => d === p.value}
          onPick={(d) => {
            p.onChange(d);
            close();
          }}
        />
      )}
    </Field>
  );
}

export function WeekInput(p: Props) {
  const r = weekRange(p.value);
  return (
    <Field kind="week" p={p} check={weekProblem} placeholder="2026-W47">
      {(close) => (
        <MonthDays
          initial={r?.from ?? ''}
          weekRows
          selected={(d) => isoWeekOf(d) === p.value}
          onPick={(d) => {
            p.onChange(isoWeekOf(d));
            close();
          }}
        />
      )}
    </Field>
  );
}

export function MonthInput(p: Props) {
  return (
    <Field kind="month" p={p} check={(s) => monthProblem(s)} placeholder="年-月">
      {(close) => <MonthGrid value={p.value} onPick={(v) => (p.onChange(v), close())} />}
    </Field>
  );
}

function MonthGrid({ value, onPick }: { value: string; onPick: (v: string) => void }) {
  const [y, setY] = useState(+(value && !monthProblem(value) ? value : chinaToday()).slice(0, 4));
  return (
    <div className="cal">
      <div className="cal-head">
        <button type="button" className="icon-btn" aria-label="上一年" onClick={() => setY(y - 1)}>
          ‹
        </button>
        <span className="cal-title">{y}年</span>
        <button type="button" className="icon-btn" aria-label="下一年" onClick={() => setY(y + 1)}>
          ›
        </button>
      </div>
      <div className="cal-months">
        {Array.from({ length: 12 }, (_, i) => {
          const v = `${y}-${pad(i + 1)}`;
          return (
            <button
              type="button"
              key={v}
              className={`cal-day${v === value ? ' selected' : ''}`}
              data-month={v}
              onClick={() => onPick(v)}
            >
              {i + 1}月
            </button>
          );
        })}
      </div>
    </div>
  );
}
