/** 首页: today's audit at a glance, the jobs' state, and two small charts. */
import { useMemo } from 'react';
import { invoke } from '../api';
import { useAction, useInvoke, useOnChanged } from '../hooks';
import { useNav } from '../nav';
import { BarChart, LineChart } from '../components/charts';
import { Button, Empty, MessageBar, ProgressLine, SeverityBadge, StatusBadge } from '../components/ui';
import type { Finding, JobRun } from '../types';
import { chinaToday, daysText, JOB_NAMES, listOf, periodLabel, RUN_STATUS, timeText } from '../util';

type Dict = Record<string, unknown>;

function pickNum(o: unknown, ...paths: string[]): number | null {
  for (const p of paths) {
    let cur: unknown = o;
    for (const k of p.split('.')) cur = cur && typeof cur === 'object' ? (cur as Dict)[k] : undefined;
    if (typeof cur === 'number') return cur;
    if (Array.isArray(cur)) return cur.length;
  }
  return null;
}

function pickObj(o: unknown, ...paths: string[]): Dict | null {
  for (const p of paths) {
    let cur: unknown = o;
    for (const k of p.split('.')) cur = cur && typeof cur === 'object' ? (cur as Dict)[k] : undefined;
    if (cur && typeof cur === 'object' && !Array.isArray(cur)) return cur as Dict;
  }
  return null;
}

function pickArr(o: unknown, ...paths: string[]): unknown[] {
  for (const p of paths) {
    let cur: unknown = o;
    for (const k of p.split('.')) cur = cur && typeof cur === 'object' ? (cur as Dict)[k] : undefined;
    if (Array.isArray(cur)) return cur;
  }
  return [];
}

function auditCounts(r: unknown): string {
  const c = ((r as Dict)?.counts ?? (r as Dict)?.run) as Dict | undefined;
  const src = c && typeof c === 'object' ? ((c.counts as Dict) ?? c) : (r as Dict);
  const parts: string[] = [];
  const n = (k: string) => (typeof src?.[k] === 'number' ? (src[k] as number) : null);
  if (n('cases') !== null) parts.push(`审核案件 ${n('cases')} 件`);
  if (n('new') !== null) parts.push(`新发现问题 ${n('new')} 条`);
  if (n('detected') !== null) parts.push(`现存问题 ${n('detected')} 条`);
  if (n('warnings') !== null) parts.push(`临期预警 ${n('warnings')} 条`);
  if (n('rectified') !== null) parts.push(`已整改 ${n('rectified')} 条`);
  return parts.length ? `：${parts.join('，')}` : '。';
}

export function HomeScreen() {
  const nav = useNav();
  const sum = useInvoke<Dict>('dashboard/summary');
  const jobs = useInvoke<unknown>('jobs/list', { limit: 30 });
  const act = useAction();
  useOnChanged(() => {
    if (act.busy) return;
    void sum.reload();
    void jobs.reload();
  });
  const s = sum.data;
  const lastRuns = pickArr(s, 'jobs.last') as JobRun[];
  const runs = lastRuns.length ? [...lastRuns, ...listOf<JobRun>(jobs.data, 'runs')] : listOf<JobRun>(jobs.data, 'runs');

  const sev = pickObj(s, 'findings.newToday.bySeverity', 'newFindings.bySeverity', 'newBySeverity', 'audit.newBySeverity', 'findings.newBySeverity', 'newFindings') ?? {};
  const newTotal = pickNum(s, 'findings.newToday.total', 'newFindings.total', 'newFindingsTotal', 'audit.newFindings', 'findings.new', 'newFindings') ?? Object.values(sev).reduce<number>((a, v) => a + (Number(v) || 0), 0);
  const due3 = pickNum(s, 'warnings.within3', 'warnings.due3', 'warningsDue3', 'warnings.in3Days', 'dueIn3');
  const due7 = pickNum(s, 'warnings.within7', 'warnings.due7', 'warningsDue7', 'warnings.in7Days', 'dueIn7');
  const overdue = pickNum(s, 'findings.overdue', 'overdue', 'findings.overdue', 'overdueFindings', 'audit.overdue');
  const open = pickNum(s, 'findings.open.total', 'openFindings', 'findings.open', 'open', 'audit.open');
  const asOf = (s?.asOf as string) ?? (pickObj(s, 'audit', 'lastAudit')?.asOf as string) ?? null;
  const alerts = pickArr(s, 'jobs.due.messages', 'alerts', 'jobAlerts', 'jobs.alerts', 'overdueJobs', 'problems').map((a) =>
    typeof a === 'string' ? a : String((a as Dict).message ?? (a as Dict).text ?? (a as Dict).label ?? JSON.stringify(a)),
  );
  const openSev = pickObj(s, 'findings.open.bySeverity') ?? {};
  const dueItems = pickArr(s, 'jobs.due.items') as Dict[];
  // Counted by the server (dashboard/summary), so the home screen never loads the findings themselves.
  const byArea = useMemo(
    () => (pickArr(s, 'findings.byArea') as { area: string; count: number }[]).map((a) => ({ label: a.area, value: a.count, color: '#4f7fb8' })),
    [s],
  );
  const trend = pickArr(s, 'charts.trend', 'trend', 'charts.monthly', 'monthly') as Dict[];

  const urgent = pickArr(s, 'findings.urgent') as Finding[];
  const lastByJob = useMemo(() => {
    const m = new Map<string, JobRun>();
    for (const r of runs) if (!m.has(r.job)) m.set(r.job, r);
    return m;
  }, [runs]);
  const failed = listOf<JobRun>(jobs.data, 'runs')
    .filter((r) => r.status === 'failed' || r.status === 'interrupted')
    .slice(0, 3);

  const runAudit = () =>
    act.run(
      'audit',
      () => invoke<Dict>('audit/run', { asOf: chinaToday() }),
      (r) => `审核完成${auditCounts(r)}`,
    ).then(async () => {
      await Promise.all([sum.reload(), jobs.reload()]);
    });

  return (
    <div className="page">
      <div className="page-head">
        <h1>首页</h1>
        <span className="sub">{asOf ? `审核基准日 ${asOf}` : `今天 ${chinaToday()}`}</span>
        <span className="spacer" />
        <ProgressLine active={act.busy === 'audit'} label="正在审核…" />
        <Button kind="primary" onClick={runAudit} busy={act.busy === 'audit'} testId="run-audit">立即审核</Button>
      </div>
      <MessageBar msg={act.msg} onClose={() => act.setMsg(null)} />
      {sum.error && <MessageBar msg={{ kind: 'error', text: sum.error }} />}

      <div className="stat-cards">
        <button className="stat" onClick={() => nav('findings', { status: '待处理' })} data-testid="stat-new">
          <div className="stat-label">今日新发现问题</div>
          <div className="stat-value">{newTotal ?? '—'}</div>
          <div className="sev-line">
            <span className="badge sev-high">严重 {Number(sev['严重'] ?? 0)}</span>
            <span className="badge sev-mid">较重 {Number(sev['较重'] ?? 0)}</span>
            <span className="badge sev-low">轻微 {Number(sev['轻微'] ?? 0)}</span>
          </div>
        </button>
        <button className="stat warn" onClick={() => nav('findings', { tab: 'warnings', within: '3' })}>
          <div className="stat-label">3日内到期预警</div>
          <div className="stat-value">{due3 ?? '—'}</div>
          <div className="stat-sub">临期案件，请提醒承办检察官</div>
        </button>
        <button className="stat" onClick={() => nav('findings', { tab: 'warnings', within: '7' })}>
          <div className="stat-label">7日内到期预警</div>
          <div className="stat-value">{due7 ?? '—'}</div>
          <div className="stat-sub">含3日内</div>
        </button>
        <button className="stat alert" onClick={() => nav('findings', { overdue: '1' })}>
          <div className="stat-label">超期问题</div>
          <div className="stat-value">{overdue ?? '—'}</div>
          <div className="stat-sub">{open !== null ? `未整改问题共 ${open} 条（严重 ${Number(openSev['严重'] ?? 0)}）` : '已过期限仍未整改'}</div>
        </button>
      </div>

      <div className="grid-2">
        <section className="panel">
          <div className="panel-head">
            任务状态<span className="spacer" />
            <Button kind="link" onClick={() => nav('jobs')}>查看全部</Button>
          </div>
          <div className="panel-body">
            {alerts.length === 0 && dueItems.length > 0 && (
              <div className="msg msg-info" style={{ marginBottom: 8 }}>
                <span>待运行：{dueItems.map((d) => String(d.label ?? `${JOB_NAMES[String(d.job)] ?? d.job} ${periodLabel(String(d.period))}`)).join('；')}</span>
                <Button small onClick={() => nav('jobs')}>去运行</Button>
              </div>
            )}
            {alerts.length > 0 && (
              <ul className="alert-list" data-testid="job-alerts">
                {alerts.map((a, i) => (
                  <li key={i}>
                    <span className="dot dot-red" />
                    <span className="danger-text" style={{ flex: 1 }}>{a}</span>
                    {i === 0 && <Button small onClick={() => nav('jobs')}>去运行</Button>}
                  </li>
                ))}
              </ul>
            )}
            <ul className="alert-list">
              {(['audit', 'notice', 'inspection'] as const).map((j) => {
                const r = lastByJob.get(j);
                const dot = !r ? 'dot-grey' : r.status === 'succeeded' ? 'dot-green' : r.status === 'running' || r.status === 'succeeded with errors' ? 'dot-amber' : 'dot-red';
                return (
                  <li key={j}>
                    <span className={`dot ${dot}`} />
                    <strong style={{ width: 56 }}>{JOB_NAMES[j]}</strong>
                    {r ? (
                      <span>
                        {periodLabel(r.period)} · {RUN_STATUS[r.status] ?? r.status} <span className="muted">· {timeText(r.finishedAt ?? r.startedAt)}</span>
                        {r.error && <span className="danger-text"> · {r.error}</span>}
                      </span>
                    ) : (
                      <span className="muted">尚未运行</span>
                    )}
                  </li>
                );
              })}
              {failed.map((r) => (
                <li key={'f' + r.id}>
                  <span className="dot dot-red" />
                  <span className="danger-text">
                    {JOB_NAMES[r.job] ?? r.job} {periodLabel(r.period)} {RUN_STATUS[r.status] ?? r.status}
                    {r.error ? `：${r.error}` : ''}
                  </span>
                </li>
              ))}
            </ul>
          </div>
        </section>
        <section className="panel">
          <div className="panel-head">
            未整改问题（按领域）<span className="spacer" />
            <span className="note">点击查看</span>
          </div>
          <div className="panel-body">
            {byArea.length ? <BarChart data={byArea} onBarClick={(b) => nav('findings', { area: b.label })} /> : <Empty>暂无未整改问题</Empty>}
            {byArea.length > 0 && (
              <>
                <div className="section-title" style={{ marginTop: 14 }}>按严重程度</div>
                <BarChart
                  data={[
                    { label: '严重', value: Number(openSev['严重'] ?? 0), color: '#c0392b' },
                    { label: '较重', value: Number(openSev['较重'] ?? 0), color: '#d69e2e' },
                    { label: '轻微', value: Number(openSev['轻微'] ?? 0), color: '#7f93ad' },
                  ]}
                />
              </>
            )}
          </div>
        </section>
      </div>
      <section className="panel">
        <div className="panel-head">
          需优先处理的问题<span className="note">未整改，按严重程度和超期天数排列</span><span className="spacer" />
          <Button kind="link" onClick={() => nav('findings')}>全部监控问题</Button>
        </div>
        {urgent.length === 0 ? (
          <Empty>暂无未整改问题</Empty>
        ) : (
          <table className="simple fixed" data-testid="urgent-findings">
            <thead>
              <tr><th style={{ width: 78 }}>严重程度</th><th style={{ width: 100 }}>剩余/超期</th><th>问题</th><th style={{ width: 250 }}>部门受案号</th><th style={{ width: 96 }}>承办检察官</th><th style={{ width: 78 }}>状态</th></tr>
            </thead>
            <tbody>
              {urgent.map((f) => (
                <tr key={f.id} className="clickable-row" onClick={() => nav('findings', { id: String(f.id) })}>
                  <td><SeverityBadge v={f.severity} /></td>
                  <td className={typeof f.daysLeft === 'number' && f.daysLeft < 0 ? 'days-over' : ''}>{daysText(f.daysLeft)}</td>
                  <td className="ellipsis" title={f.message}>{f.title ?? f.ruleId}<span className="muted small" style={{ marginLeft: 10 }}>{f.message}</span></td>
                  <td className="ellipsis small">{f.caseNo}</td>
                  <td>{f.prosecutor}</td>
                  <td><StatusBadge v={f.status} /></td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      {trend.length > 0 && (
        <section className="panel">
          <div className="panel-head">近12个月新发现与已整改问题</div>
          <div className="panel-body">
            <LineChart
              width={760}
              labels={trend.map((t) => String(t.period ?? t.month ?? t.label ?? '').slice(2))}
              series={[
                { name: '新发现', values: trend.map((t) => Number(t.new ?? t.findingsNew ?? t.found ?? 0)), color: '#c0392b' },
                { name: '已整改', values: trend.map((t) => Number(t.rectified ?? t.findingsRectified ?? 0)), color: '#2f7d4f' },
              ]}
            />
          </div>
        </section>
      )}
    </div>
  );
}
