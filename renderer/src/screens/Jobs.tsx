/** 任务: the three jobs' history, run now, regenerate a period. */
import { useState } from 'react';
import { invokeWith, type HandlerResult, type InvokeOptions } from '../api';
import { useAction, useInvoke, useOnChanged } from '../hooks';
import { METRIC_NAMES } from '../metrics';
import { useNav } from '../nav';
import { Button, Empty, Field, MessageBar, ProgressLine, FileLink } from '../components/ui';
import { DateInput, MonthInput, WeekInput } from '../components/pickers';
import { chinaToday, JOB_NAMES, periodLabel, prevMonth, prevWeek, RUN_STATUS, timeText } from '../util';

/** What 立即审核 / 生成周通报 / 运行月检查 return. */
type JobOutcome = HandlerResult<'audit/run'> | HandlerResult<'jobs/run-notice'> | HandlerResult<'jobs/run-inspection'>;

const STATUS_CLASS: Record<string, string> = {
  succeeded: 'st-done',
  failed: 'st-open',
  interrupted: 'st-open',
  running: 'st-noticed',
  'succeeded with errors': 'st-reminded',
};

function countsText(c: Record<string, unknown>): string {
  const names: Record<string, string> = {
    findings: '问题',
    new: '新问题',
    detected: '现存问题',
    newFindings: '新问题',
    warnings: '预警',
    rectified: '整改',
    reopened: '重开',
    cases: '案件',
    rules: '规则',
    notices: '通知书',
    files: '文件',
    prosecutors: '检察官',
    casesMonitored: '监控案件',
    reviews: '评查',
  };
  // Only counts with a Chinese name: a key the screen cannot name is not shown.
  return Object.entries(c)
    .filter(([k, v]) => (typeof v === 'number' || typeof v === 'string') && (names[k] ?? METRIC_NAMES[k]))
    .slice(0, 6)
    .map(([k, v]) => `${names[k] ?? METRIC_NAMES[k]} ${v}`)
    .join('，');
}

export function JobsScreen() {
  const runs = useInvoke('jobs/list', { limit: 200 });
  const act = useAction();
  useOnChanged(() => void runs.reload());
  const [asOf, setAsOf] = useState(chinaToday());
  const [week, setWeek] = useState(prevWeek());
  const [month, setMonth] = useState(prevMonth());
  const [regen, setRegen] = useState(false);
  const [filter, setFilter] = useState('');
  const list = (runs.data?.runs ?? []).filter((r) => !filter || r.job === filter);

  const [files, setFiles] = useState<string[]>([]);
  const [made, setMade] = useState<{ kind: string; period: string } | null>(null);
  const nav = useNav();
  const done = (label: string) => (r: JobOutcome) => {
    if ('created' in r && !r.created) return `${label}：该期已完成，未重复运行（如需重新生成，请勾选“重新生成”）。`;
    if ('warning' in r && r.warning) return null; // shown as a warning below
    const status = 'status' in r ? r.status : 'succeeded';
    const w = 'warnings' in r ? r.warnings : [];
    // An audit for a day before the latest audited one reports as of that day and leaves the findings' state alone.
    const past =
      'lifecycle' in r && !r.lifecycle ? '。已审核过更晚的日期：本次按该日情况报告问题，不改变问题的当前状态' : '';
    return `${label}：${RUN_STATUS[status] ?? status}${r.version > 1 ? `（第${r.version}版）` : ''}${past}${w.length ? `。提示：${w.join('；')}` : ''}`;
  };
  /** `made`: the bulletin a notice/inspection run produced (linked below the buttons). */
  const run = async (
    key: string,
    call: (opts: InvokeOptions) => Promise<JobOutcome>,
    label: string,
    made?: { kind: string; period: string },
  ) => {
    setFiles([]);
    setMade(null);
    const r = await act.run(key, call, done(label));
    if (r && 'warning' in r && r.warning) act.setMsg({ kind: 'warn', text: `${label}：警告：${r.warning}` });
    setFiles(r && 'files' in r ? r.files : []);
    if (r && made) setMade(made);
    await runs.reload();
  };
  // (audit/run takes no `regenerate`: every audit run is a new version of its day.)
  const regenerate = regen ? { regenerate: true } : {};

  return (
    <div className="page">
      <div className="page-head">
        <h1>任务</h1>
        <span className="sub">
          日审核每天一次；周通报每周一生成上周；月检查每月1日生成上月。错过的周期在下次启动时自动补做。
        </span>
      </div>
      <div className="grid-3">
        <section className="panel">
          <div className="panel-head">日审核</div>
          <div className="panel-body" style={{ display: 'flex', flexDirection: 'column', gap: 8 }}>
            <Field label="审核基准日">
              <DateInput value={asOf} onChange={setAsOf} label="审核基准日" testId="job-date" max={chinaToday()} />
            </Field>
            <Button
              kind="primary"
              busy={act.busy === 'audit'}
              disabled={!!act.busy}
              onClick={() => run('audit', (opts) => invokeWith('audit/run', { asOf }, opts), `${asOf} 审核`)}
              testId="job-audit"
            >
              立即审核
            </Button>
          </div>
        </section>
        <section className="panel">
          <div className="panel-head">周通报</div>
          <div className="panel-body" style={{ display: 'flex', flexDirection: 'column', gap: 8 }}>
            <Field label="周次" hint={periodLabel(week)}>
              <WeekInput value={week} onChange={setWeek} label="周次" testId="job-week" />
            </Field>
            <Button
              kind="primary"
              busy={act.busy === 'notice'}
              disabled={!!act.busy || !week}
              onClick={() =>
                run(
                  'notice',
                  (opts) => invokeWith('jobs/run-notice', { week, ...regenerate }, opts),
                  `${periodLabel(week)}周通报`,
                  {
                    kind: 'weekly',
                    period: week,
                  },
                )
              }
              testId="job-notice"
            >
              生成周通报
            </Button>
          </div>
        </section>
        <section className="panel">
          <div className="panel-head">月检查</div>
          <div className="panel-body" style={{ display: 'flex', flexDirection: 'column', gap: 8 }}>
            <Field label="月份" hint="生成两个月度通报和线索移送材料">
              <MonthInput value={month} onChange={setMonth} label="月份" testId="job-month" />
            </Field>
            <Button
              kind="primary"
              busy={act.busy === 'inspection'}
              disabled={!!act.busy || !month}
              onClick={() =>
                run(
                  'inspection',
                  (opts) => invokeWith('jobs/run-inspection', { month, ...regenerate }, opts),
                  `${periodLabel(month)}月检查`,
                  { kind: 'monitoring', period: month },
                )
              }
              testId="job-inspection"
            >
              运行月检查
            </Button>
          </div>
        </section>
      </div>
      <div className="row">
        <label className="row">
          <input type="checkbox" checked={regen} onChange={(e) => setRegen(e.target.checked)} />
          重新生成已完成的周期（生成新版本，旧版本保留）
        </label>
        <span style={{ flex: 1 }} />
        <ProgressLine active={!!act.busy} requestId={act.requestId} label="任务运行中…" />
      </div>
      <MessageBar msg={act.msg} onClose={() => act.setMsg(null)} />
      {made && (
        <div className="row">
          <Button kind="link" onClick={() => nav('bulletins', made)}>
            打开{periodLabel(made.period)}
            {made.kind === 'weekly' ? '周通报' : '月度通报'} →
          </Button>
        </div>
      )}
      {files.length > 0 && (
        <div className="download-list" data-testid="job-files">
          {files.map((f) => (
            <FileLink key={f} path={f} />
          ))}
        </div>
      )}
      <section className="panel">
        <div className="panel-head">
          运行记录
          <span className="spacer" />
          <select aria-label="任务类型" value={filter} onChange={(e) => setFilter(e.target.value)}>
            <option value="">全部任务</option>
            {Object.entries(JOB_NAMES).map(([k, v]) => (
              <option key={k} value={k}>
                {v}
              </option>
            ))}
          </select>
          <Button small onClick={() => runs.reload()}>
            刷新
          </Button>
        </div>
        {runs.error && <MessageBar msg={{ kind: 'error', text: runs.error }} />}
        {list.length === 0 ? (
          <Empty>暂无运行记录</Empty>
        ) : (
          <div className="table-wrap" style={{ maxHeight: 480 }}>
            <table className="simple" data-testid="job-runs">
              <thead>
                <tr>
                  <th>任务</th>
                  <th>周期</th>
                  <th>版本</th>
                  <th>基准日</th>
                  <th>开始</th>
                  <th>结束</th>
                  <th>状态</th>
                  <th>结果</th>
                  <th>操作人</th>
                </tr>
              </thead>
              <tbody>
                {list.map((r) => (
                  <tr key={r.id}>
                    <td>{JOB_NAMES[r.job] ?? r.job}</td>
                    <td>{periodLabel(r.period)}</td>
                    <td>{r.version}</td>
                    <td>{r.asOf}</td>
                    <td>{timeText(r.startedAt)}</td>
                    <td>{timeText(r.finishedAt)}</td>
                    <td>
                      <span className={`badge ${r.warning ? 'st-reminded' : (STATUS_CLASS[r.status] ?? '')}`}>
                        {r.warning ? '警告' : (RUN_STATUS[r.status] ?? r.status)}
                      </span>
                    </td>
                    <td className="small">
                      {countsText(r.counts)}
                      {r.error && <div className="danger-text">{r.error}</div>}
                      {r.warning && <div className="warn-text">{r.warning}</div>}
                      {r.failedRules.length > 0 && (
                        <div className="warn-text" title={r.failedRules.map((x) => x.ruleId).join('、')}>
                          失败规则：{r.failedRules.map((x) => x.title).join('、')}
                        </div>
                      )}
                    </td>
                    <td>{r.actor}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}
