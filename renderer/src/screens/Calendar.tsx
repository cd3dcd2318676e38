/**
 * 期限日历: a month of deadlines per day, coloured by the days left — 超期 (open findings whose deadline fell
 * that day), 临期预警 and the later deadlines the latest daily audit computed — filtered by department and
 * prosecutor; a day opens its list (exportable and printable like every grid).
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { HandlerResult } from '../api';
import { useInvoke } from '../hooks';
import { hashOf, useNav } from '../nav';
import { Button, Empty, MessageBar } from '../components/ui';
import { MonthInput } from '../components/pickers';
import { GridActions } from '../components/GridTools';
import { useEscape } from '../roster';
import { chinaToday, daysText } from '../util';

type Item = HandlerResult<'deadlines/day'>['items'][number];
type Day = HandlerResult<'deadlines/month'>['days'][number];

const WEEKDAYS = ['一', '二', '三', '四', '五', '六', '日'];
const pad = (n: number) => String(n).padStart(2, '0');

function shiftMonth(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number);
  const t = y * 12 + (m - 1) + n;
  return `${Math.floor(t / 12)}-${pad((t % 12) + 1)}`;
}

export function CalendarScreen({ params }: { params: Record<string, string> }) {
  const today = chinaToday();
  const [month, setMonth] = useState(params.month ?? today.slice(0, 7));
  const [department, setDepartment] = useState(params.department ?? '');
  const [prosecutor, setProsecutor] = useState(params.prosecutor ?? '');
  const [day, setDay] = useState<string | null>(params.day ?? null);
  const nav = useNav();

  // The filters live in the address, so a reload keeps them.
  useEffect(() => {
    const h = hashOf('calendar', { month, department, prosecutor, day: day ?? undefined });
    if (window.location.hash !== h) window.history.replaceState(null, '', h);
  }, [month, department, prosecutor, day]);

  const filter = { department: department || undefined, prosecutor: prosecutor || undefined };
  const m = useInvoke('deadlines/month', { month, ...filter });
  const facets = useInvoke('cases/facets');
  const byDate = useMemo(() => new Map((m.data?.days ?? []).map((d) => [d.date, d])), [m.data]);

  const [y, mo] = month.split('-').map(Number);
  const first = (new Date(Date.UTC(y, mo - 1, 1)).getUTCDay() + 6) % 7;
  const count = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  const cells: (string | null)[] = [...Array(first).fill(null)];
  for (let d = 1; d <= count; d++) cells.push(`${month}-${pad(d)}`);
  while (cells.length % 7) cells.push(null);

  const onKey = (e: React.KeyboardEvent) => {
    const cur = day ?? (month === today.slice(0, 7) ? today : `${month}-01`);
    const step = { ArrowLeft: -1, ArrowRight: 1, ArrowUp: -7, ArrowDown: 7 }[e.key];
    if (step) {
      e.preventDefault();
      const t = new Date(`${cur}T00:00:00Z`);
      t.setUTCDate(t.getUTCDate() + step);
      const next = t.toISOString().slice(0, 10);
      setDay(next);
      if (next.slice(0, 7) !== month) setMonth(next.slice(0, 7));
    }
  };

  return (
    <div className="page fill">
      <div className="page-head">
        <h1>期限日历</h1>
        <span className="sub" data-testid="calendar-basis">
          {m.data?.auditAsOf
            ? `依据 ${m.data.auditAsOf} 的日审核；今天 ${today}`
            : '尚未运行日审核：运行后显示各案件的期限'}
        </span>
      </div>
      <div className="toolbar">
        <Button small onClick={() => setMonth(shiftMonth(month, -1))}>
          ‹ 上月
        </Button>
        <MonthInput value={month} onChange={(v) => v && setMonth(v)} label="月份" testId="calendar-month" />
        <Button small onClick={() => setMonth(shiftMonth(month, 1))}>
          下月 ›
        </Button>
        <Button small onClick={() => (setMonth(today.slice(0, 7)), setDay(today))}>
          今天
        </Button>
        <select aria-label="承办部门" value={department} onChange={(e) => setDepartment(e.target.value)}>
          <option value="">全部部门</option>
          {(facets.data?.departments ?? []).map((d) => (
            <option key={d}>{d}</option>
          ))}
        </select>
        <select aria-label="承办检察官" value={prosecutor} onChange={(e) => setProsecutor(e.target.value)}>
          <option value="">全部检察官</option>
          {(facets.data?.prosecutors ?? []).map((d) => (
            <option key={d}>{d}</option>
          ))}
        </select>
        <span className="spacer" />
        <span className="legend">
          <span className="cal-legend band-overdue">超期</span>
          <span className="cal-legend band-soon">3日内</span>
          <span className="cal-legend band-week">7日内</span>
          <span className="cal-legend band-later">7日后</span>
        </span>
      </div>
      {m.error && <MessageBar msg={{ kind: 'error', text: m.error }} />}
      <div className="split">
        <div className="grow">
          <div
            className="month"
            role="grid"
            aria-label={`${y}年${mo}月期限`}
            tabIndex={0}
            onKeyDown={onKey}
            data-testid="calendar-grid"
          >
            {WEEKDAYS.map((w) => (
              <div key={w} className="month-head" role="columnheader">
                星期{w}
              </div>
            ))}
            {cells.map((d, i) =>
              d ? (
                <DayCell
                  key={d}
                  date={d}
                  info={byDate.get(d)}
                  today={today}
                  selected={d === day}
                  onPick={() => setDay(d)}
                />
              ) : (
                <div key={`x${i}`} className="month-cell blank" />
              ),
            )}
          </div>
        </div>
        {day && (
          <DayList
            date={day}
            department={department}
            prosecutor={prosecutor}
            onClose={() => setDay(null)}
            onOpen={(it) =>
              it.findingId != null
                ? nav('findings', { id: String(it.findingId), status: '全部' })
                : nav('cases', { caseNo: it.caseNo, q: it.caseNo })
            }
          />
        )}
      </div>
    </div>
  );
}

function DayCell(props: { date: string; info?: Day; today: string; selected: boolean; onPick: () => void }) {
  const { info } = props;
  const upcoming = info ? info.deadlines - info.warnings : 0;
  return (
    <button
      type="button"
      role="gridcell"
      aria-selected={props.selected}
      className={[
        'month-cell',
        info ? `band-${info.band}` : '',
        props.date === props.today ? 'today' : '',
        props.selected ? 'selected' : '',
      ].join(' ')}
      data-date={props.date}
      data-testid="calendar-day"
      onClick={props.onPick}
    >
      <span className="month-day">{+props.date.slice(8)}</span>
      {info?.overdue ? <span className="month-count c-overdue">超期 {info.overdue}</span> : null}
      {info?.warnings ? <span className="month-count c-soon">临期 {info.warnings}</span> : null}
      {upcoming > 0 ? <span className="month-count c-later">到期 {upcoming}</span> : null}
    </button>
  );
}

function DayList(props: {
  date: string;
  department: string;
  prosecutor: string;
  onClose: () => void;
  onOpen: (it: Item) => void;
}) {
  const list = useInvoke('deadlines/day', {
    from: props.date,
    department: props.department || undefined,
    prosecutor: props.prosecutor || undefined,
  });
  const items = list.data?.items ?? [];
  const close = useCallback(() => props.onClose(), [props]);
  useEscape(close);
  const title = `${props.date.slice(0, 4)}年${+props.date.slice(5, 7)}月${+props.date.slice(8)}日到期事项`;
  const request = () => ({
    source: 'rows' as const,
    columns: [
      { header: '类型' },
      { header: '剩余/超期' },
      { header: '规则' },
      { header: '部门受案号', width: 230 },
      { header: '嫌疑人' },
      { header: '承办部门' },
      { header: '承办检察官' },
      { header: '提示', width: 380 },
    ],
    rows: items.map((it) => [
      it.kind,
      daysText(it.daysLeft),
      it.ruleTitle,
      it.caseNo,
      it.person ?? '',
      it.department,
      it.prosecutor,
      it.message,
    ]),
  });
  return (
    <aside className="drawer" aria-label="当日到期事项" data-testid="calendar-day-list">
      <div className="drawer-head">
        <div style={{ flex: 1 }}>
          <div className="title">{title}</div>
          <div className="muted small">共 {items.length} 项 · 点击一项打开案件或监控问题</div>
        </div>
        <button className="icon-btn" aria-label="关闭详情" onClick={props.onClose}>
          ×
        </button>
      </div>
      <div className="drawer-body">
        <div className="row">
          <GridActions
            title={title}
            conditions={[props.department, props.prosecutor].filter(Boolean).join('；')}
            request={request}
            testId="day"
          />
        </div>
        {list.error && <MessageBar msg={{ kind: 'error', text: list.error }} />}
        {list.data && items.length === 0 && <Empty>当天没有到期事项</Empty>}
        {items.length > 0 && (
          <table className="simple">
            <tbody>
              {items.map((it, i) => (
                <tr
                  key={i}
                  className="clickable-row"
                  tabIndex={0}
                  onClick={() => props.onOpen(it)}
                  onKeyDown={(e) => e.key === 'Enter' && props.onOpen(it)}
                >
                  <td style={{ width: 64 }}>
                    <span className={`badge kind-${it.kind}`}>{it.kind}</span>
                  </td>
                  <td>
                    <div>
                      <strong>{it.ruleTitle}</strong>{' '}
                      <span className={it.daysLeft < 0 ? 'days-over' : it.daysLeft <= 3 ? 'days-soon' : ''}>
                        {daysText(it.daysLeft)}
                      </span>
                    </div>
                    <div className="small">
                      {it.caseNo}
                      {it.person ? ` · 嫌疑人 ${it.person}` : ''}
                    </div>
                    <div className="muted small wrap">
                      {it.department} · {it.prosecutor} · {it.message}
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
    </aside>
  );
}
