/** 首页: today's audit at a glance, the jobs' state, and two small charts. */
import { useMemo } from 'react';
import { invokeWith, type HandlerResult } from '../api';
import { useAction, useInvoke, useOnChanged } from '../hooks';
import { useNav } from '../nav';
import { BarChart } from '../components/charts';
import { Button, Empty, MessageBar, ProgressLine, SeverityBadge, StatusBadge } from '../components/ui';
import { EmptyStore, useCaseCount } from '../components/EmptyStore';
import { chinaToday, daysText, JOB_NAMES, periodLabel, RUN_STATUS, timeText } from '../util';
import { ProsecutorLink } from '../components/prosecutor';

type JobRun = HandlerResult<'jobs/list'>['runs'][number];

function auditCounts(r: HandlerResult<'audit/run'>): string {
  const c = r.counts;
  return `：审核案件 ${c.cases} 件，新发现问题 ${c.new} 条，现存问题 ${c.detected} 条，临期预警 ${c.warnings} 条，已整改 ${c.rectified} 条`;
}

export function HomeScreen() {
  const nav = useNav();
  const sum = useInvoke('dashboard/summary');
  const jobs = useInvoke('jobs/list', { limit: 30 });
  const act = useAction();
  useOnChanged(() => {
    if (act.busy) return;
    void sum.reload();
    void jobs.reload();
  });
  const s = sum.data;
  const runList = jobs.data?.runs ?? [];
  const runs: JobRun[] = [...(s?.jobs.last ?? []), ...runList];

  const sev = s?.findings.newToday.bySeverity ?? {};
  const newTotal = s?.findings.newToday.total ?? 0;
  const due3 = s?.warnings.within3 ?? null;
  const due7 = s?.warnings.within7 ?? null;
  const overdue = s?.findings.overdue ?? null;
  const open = s?.findings.open.total ?? null;
  const asOf = s?.asOf ?? null;
  const alerts = s?.jobs.due.messages ?? [];
  const openSev = s?.findings.open.bySeverity ?? {};
  const dueItems = s?.jobs.due.items ?? [];
  // Counted by the server (dashboard/summary), so the home screen never loads the findings themselves.
  const byArea = useMemo(
    () => (s?.findings.byArea ?? []).map((a) => ({ label: a.area, value: a.count, color: '#4f7fb8' })),
    [s],
  );

  const urgent = s?.findings.urgent ?? [];
  const lastByJob = useMemo(() => {
    const m = new Map<string, JobRun>();
    for (const r of runs) if (!m.has(r.job)) m.set(r.job, r);
    return m;
  }, [runs]);
  const failed = runList.filter((r) => r.status === 'failed' || r.status === 'interrupted').slice(0, 3);

  const cases = useCaseCount();
  const runAudit = () =>
    act
      .run(
        'audit',
        (opts) => invokeWith('audit/run', { asOf: chinaToday() }, opts),
        (r) => (r.warning ? null : `审核完成${auditCounts(r)}`),
      )
      .then(async (r) => {
        // An audit over 0 cases is a warning, not a success.
        if (r?.warning) act.setMsg({ kind: 'warn', text: `警告：${r.warning}` });
        await Promise.all([sum.reload(), jobs.reload()]);
      });

  return (
    <div className="page">
      <div className="page-head">
        <h1>首页</h1>
        <span className="sub">{asOf ? `审核基准日 ${asOf}` : `今天 ${chinaToday()}`}</span>
        <span className="spacer" />
        <ProgressLine active={act.busy === 'audit'} requestId={act.requestId} label="正在审核…" />
        <Button kind="primary" onClick={runAudit} busy={act.busy === 'audit'} testId="run-audit">
          立即审核
        </Button>
      </div>
      <MessageBar msg={act.msg} onClose={() => act.setMsg(null)} />
      {sum.error && <MessageBar msg={{ kind: 'error', text: sum.error }} />}

      {cases === 0 && <EmptyStore />}
      {cases !== 0 && (
        <div className="stat-cards">
          <button className="stat" onClick={() => nav('findings', { status: '待处理' })} data-testid="stat-new">
            <div className="stat-label">今日新发现问题</div>
            <div className="stat-value">{newTotal ?? '—'}</div>
            <div className="sev-line">
              <span className="badge sev-high">严重 {sev['严重'] ?? 0}</span>
              <span className="badge sev-mid">较重 {sev['较重'] ?? 0}</span>
              <span className="badge sev-low">轻微 {sev['轻微'] ?? 0}</span>
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
            <div className="stat-sub">
              {open !== null ? `未整改问题共 ${open} 条（严重 ${openSev['严重'] ?? 0}）` : '已过期限仍未整改'}
            </div>
          </button>
        </div>
      )}

      <div className="grid-2">
        <section className="panel">
          <div className="panel-head">
            任务状态
            <span className="spacer" />
            <Button kind="link" onClick={() => nav('jobs')}>
              查看全部
            </Button>
          </div>
          <div className="panel-body">
            {alerts.length === 0 && dueItems.length > 0 && (
              <div className="msg msg-info" style={{ marginBottom: 8 }}>
                <span>待运行：{dueItems.map((d) => d.label).join('；')}</span>
                <Button small onClick={() => nav('jobs')}>
                  去运行
                </Button>
              </div>
            )}
            {alerts.length > 0 && (
              <ul className="alert-list" data-testid="job-alerts">
                {alerts.map((a, i) => (
                  <li key={i}>
                    <span className="dot dot-red" />
                    <span className="danger-text" style={{ flex: 1 }}>
                      {a}
                    </span>
                    {i === 0 && (
                      <Button small onClick={() => nav('jobs')}>
                        去运行
                      </Button>
                    )}
                  </li>
                ))}
              </ul>
            )}
            <ul className="alert-list">
              {(['audit', 'notice', 'inspection'] as const).map((j) => {
                const r = lastByJob.get(j);
                const dot = !r
                  ? 'dot-grey'
                  : r.warning
                    ? 'dot-amber'
                    : r.status === 'succeeded'
                      ? 'dot-green'
                      : r.status === 'running' || r.status === 'succeeded with errors'
                        ? 'dot-amber'
                        : 'dot-red';
                return (
                  <li key={j}>
                    <span className={`dot ${dot}`} />
                    <strong style={{ width: 56 }}>{JOB_NAMES[j]}</strong>
                    {r ? (
                      <span>
                        {periodLabel(r.period)} · {r.warning ? '警告' : (RUN_STATUS[r.status] ?? r.status)}{' '}
                        <span className="muted">· {timeText(r.finishedAt ?? r.startedAt)}</span>
                        {r.error && <span className="danger-text"> · {r.error}</span>}
                        {r.warning && <span className="warn-text"> · {r.warning}</span>}
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
            未整改问题（按领域）
            <span className="spacer" />
            <span className="note">点击查看</span>
          </div>
          <div className="panel-body">
            {byArea.length ? (
              <BarChart data={byArea} onBarClick={(b) => nav('findings', { area: b.label })} />
            ) : (
              <Empty>{cases === 0 ? '尚无案件数据' : s?.warnings.runAsOf ? '暂无未整改问题' : '尚未运行日审核'}</Empty>
            )}
            {byArea.length > 0 && (
              <>
                <div className="section-title" style={{ marginTop: 14 }}>
                  按严重程度
                </div>
                <BarChart
                  data={[
                    { label: '严重', value: openSev['严重'] ?? 0, color: '#c0392b' },
                    { label: '较重', value: openSev['较重'] ?? 0, color: '#d69e2e' },
                    { label: '轻微', value: openSev['轻微'] ?? 0, color: '#7f93ad' },
                  ]}
                />
              </>
            )}
          </div>
        </section>
      </div>
      <section className="panel">
        <div className="panel-head">
          需优先处理的问题<span className="note">未整改，按严重程度和超期天数排列</span>
          <span className="spacer" />
          <Button kind="link" onClick={() => nav('findings')}>
            全部监控问题
          </Button>
        </div>
        {urgent.length === 0 ? (
          <Empty>{cases === 0 ? '尚无案件数据' : s?.warnings.runAsOf ? '暂无未整改问题' : '尚未运行日审核'}</Empty>
        ) : (
          <table className="simple fixed" data-testid="urgent-findings">
            <thead>
              <tr>
                <th style={{ width: 78 }}>严重程度</th>
                <th style={{ width: 100 }}>剩余/超期</th>
                <th>问题</th>
                <th style={{ width: 250 }}>部门受案号</th>
                <th style={{ width: 96 }}>承办检察官</th>
                <th style={{ width: 78 }}>状态</th>
              </tr>
            </thead>
            <tbody>
              {urgent.map((f) => (
                <tr key={f.id} className="clickable-row" onClick={() => nav('findings', { id: String(f.id) })}>
                  <td>
                    <SeverityBadge v={f.severity} />
                  </td>
                  <td className={typeof f.daysLeft === 'number' && f.daysLeft < 0 ? 'days-over' : ''}>
                    {daysText(f.daysLeft)}
                  </td>
                  <td className="ellipsis" title={f.message}>
                    {f.title}
                    <span className="muted small" style={{ marginLeft: 10 }}>
                      {f.message}
                    </span>
                  </td>
                  <td className="ellipsis small">{f.caseNo}</td>
                  <td>
                    <ProsecutorLink name={f.prosecutor} />
                  </td>
                  <td>
                    <StatusBadge v={f.status} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}
