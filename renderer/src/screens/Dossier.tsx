/**
 * 个人执法档案: one prosecutor's year (metrics.md) — the bulletin figures of the year and of each month, findings on
 * their cases by area and rule, per 100 cases, time to rectify, 按期整改率, notices and replies, escalations to the
 * inspection department, reviews and referrals. Every figure opens the list behind it (dossier/list). Reached from
 * any prosecutor name (components/prosecutor.tsx) or the sidebar.
 */
import { useEffect, useMemo, useState } from 'react';
import { baseName, invokeWith, type HandlerResult } from '../api';
import { useAction, useInvoke } from '../hooks';
import { useNav } from '../nav';
import { Button, Empty, FileLink, MessageBar, Modal, ProgressLine } from '../components/ui';
import { METRIC_NAMES, PROSECUTOR_METRICS } from '../metrics';
import { AREAS, figure, str } from '../util';

type FigureList = HandlerResult<'dossier/list'>;
interface Open {
  figure: string;
  label: string;
  month?: string;
  area?: string;
  ruleId?: string;
}

const CARD_METRICS = [
  'carriedOver',
  'received',
  'concluded',
  'pending',
  'concludeRate',
  'avgDays',
  'lateConcluded',
  'nonArrestRate',
  'nonProsRate',
  'pleaRate',
  'sentencingAdoptRate',
  'pretrialDetentionRate',
];

const one = (v: number | null | undefined) =>
  v === null || v === undefined ? '—' : (Math.round(v * 10) / 10).toFixed(1);
const pct = (v: number | null | undefined) => (v === null || v === undefined ? '—' : `${(v * 100).toFixed(1)}%`);

export function DossierScreen({ params }: { params: Record<string, string> }) {
  const nav = useNav();
  const people = useInvoke('dossier/prosecutors');
  const today = people.data?.today ?? '';
  const thisYear = today.slice(0, 4);
  // The default year is the last one that is over (an annual record); the current one shows the figures so far.
  const defaultYear = thisYear ? String(+thisYear - 1) : '';
  const prosecutor = params.prosecutor ?? '';
  const year = params.year ?? defaultYear;
  const years = useMemo(() => {
    if (!thisYear) return [];
    const out: string[] = [];
    for (let y = +thisYear; y >= +thisYear - 6; y--) out.push(String(y));
    if (year && !out.includes(year)) out.push(year);
    return out;
  }, [thisYear, year]);
  const go = (p: string, y: string) => nav('dossier', { prosecutor: p, year: y });

  return (
    <div className="page" data-testid="dossier-page">
      <div className="page-head">
        <h1>个人执法档案</h1>
        <select
          aria-label="检察官"
          value={prosecutor}
          onChange={(e) => go(e.target.value, year)}
          data-testid="dossier-prosecutor"
        >
          <option value="">选择检察官</option>
          {(people.data?.prosecutors ?? []).map((p) => (
            <option key={p.name} value={p.name}>
              {p.name}（{p.department}
              {p.quota ? '' : '，非员额'}）
            </option>
          ))}
          {prosecutor && !people.data?.prosecutors.some((p) => p.name === prosecutor) && (
            <option value={prosecutor}>{prosecutor}</option>
          )}
        </select>
        <select
          aria-label="年度"
          value={year}
          onChange={(e) => go(prosecutor, e.target.value)}
          data-testid="dossier-year"
        >
          {years.map((y) => (
            <option key={y} value={y}>
              {y}年度
            </option>
          ))}
        </select>
        <span className="sub">本档案仅呈现数据，不作排名；点击任一数字查看背后的案件或问题</span>
      </div>
      {people.error && <MessageBar msg={{ kind: 'error', text: people.error }} />}
      {prosecutor && year ? (
        <DossierView key={`${prosecutor}:${year}`} prosecutor={prosecutor} year={year} />
      ) : (
        <Empty>请选择检察官和年度。也可以在监控问题、案件、通报等页面点击检察官姓名打开其执法档案。</Empty>
      )}
    </div>
  );
}

function DossierView({ prosecutor, year }: { prosecutor: string; year: string }) {
  const { data: d, error, loading } = useInvoke('dossier/get', { prosecutor, year });
  const [open, setOpen] = useState<Open | null>(null);
  const act = useAction();
  const [files, setFiles] = useState<string[]>([]);
  useEffect(() => setFiles([]), [prosecutor, year]);
  const doExport = async () => {
    const r = await act.run(
      'export',
      (opts) => invokeWith('dossier/export', { prosecutor, year, formats: ['docx', 'pdf', 'xlsx'] }, opts),
      () => '已导出，可点击下方链接打开。',
    );
    if (r) setFiles(r.files);
  };
  if (error) return <MessageBar msg={{ kind: 'error', text: error }} />;
  if (loading && !d) return <div className="muted">加载中…</div>;
  if (!d) return null;
  const fd = d.findings;
  const fig = (figureKey: string, label: string, value: string, extra?: Partial<Open>) => (
    <button
      className="fig-link"
      data-figure={figureKey}
      onClick={() => setOpen({ figure: figureKey, label, ...extra })}
      title={`查看“${label}”背后的清单`}
    >
      {value}
    </button>
  );
  const card = (figureKey: string, label: string, value: string, sub?: string) => (
    <div className="stat" key={figureKey + label}>
      <div className="stat-label">{label}</div>
      <div className="stat-value">{fig(figureKey, label, value)}</div>
      {sub && <div className="stat-sub">{sub}</div>}
    </div>
  );
  return (
    <div style={{ display: 'flex', flexDirection: 'column', gap: 12 }}>
      <section className="panel">
        <div className="panel-head">
          <span style={{ fontSize: 15 }} data-testid="dossier-title">
            {d.prosecutor} · {d.period}年度
          </span>
          <span className="note">
            {d.departments.join('、') || '—'}
            {d.quota ? '' : '（非员额检察官）'}
            {d.complete ? '' : '；年度尚未结束，为截至今日的数据'}
          </span>
          <span className="spacer" />
          <ProgressLine active={act.busy === 'export'} requestId={act.requestId} label="正在生成执法档案…" />
          <Button kind="primary" busy={act.busy === 'export'} onClick={doExport} testId="dossier-export">
            导出 Word / PDF / Excel
          </Button>
        </div>
        {(act.msg || files.length > 0) && (
          <div className="panel-body" style={{ display: 'flex', flexDirection: 'column', gap: 8 }}>
            <MessageBar msg={act.msg} onClose={() => act.setMsg(null)} />
            <div className="download-list" data-testid="dossier-files">
              {files.map((f) => (
                <FileLink key={f} path={f} label={`${(f.split('.').pop() ?? '').toUpperCase()}：${baseName(f)}`} />
              ))}
            </div>
          </div>
        )}
        <div className="panel-body">
          <div className="stat-cards compact" data-testid="dossier-figures">
            {CARD_METRICS.map((id) => card(id, METRIC_NAMES[id] ?? id, figure(id, d.metrics[id])))}
          </div>
        </div>
      </section>

      <section className="panel">
        <div className="panel-head">
          流程监控问题<span className="note">（本年度首次发现的本人承办案件的问题）</span>
        </div>
        <div className="panel-body">
          <div className="stat-cards compact" data-testid="dossier-findings">
            {card('findingsByArea', '新发现问题', String(fd.total), `其中严重 ${fd.serious}`)}
            {card('per100Cases', '每百件案件问题数', one(fd.per100Cases), `旧存＋新收 ${fd.casesHandled} 件`)}
            {card(
              'medianDaysToRectify',
              '整改天数中位数',
              one(fd.medianDaysToRectify),
              `已整改 ${fd.rectifiedCount} 个`,
            )}
            {card(
              'rectifiedOnTimeRate',
              '按期整改率',
              pct(fd.rectifiedOnTimeRate),
              `${fd.onTime.onTime} / ${fd.onTime.known}（通知书回复期限内）`,
            )}
            {card('findingsOverdueRectification', '逾期未整改', String(fd.overdue), '年末仍未整改')}
            {card('escalated', '移送督查', String(fd.escalated), '随逾期未整改问题移送清单')}
          </div>
          <div className="grid-2" style={{ marginTop: 12 }}>
            <table className="simple" data-testid="dossier-by-area">
              <thead>
                <tr>
                  <th>问题领域</th>
                  <th>问题数</th>
                </tr>
              </thead>
              <tbody>
                {AREAS.map((a) => (
                  <tr key={a}>
                    <td>{a}</td>
                    <td>{fig('findingsByArea', `问题领域：${a}`, String(fd.byArea[a] ?? 0), { area: a })}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <table className="simple" data-testid="dossier-by-rule">
              <thead>
                <tr>
                  <th>问题类型</th>
                  <th>问题领域</th>
                  <th>问题数</th>
                </tr>
              </thead>
              <tbody>
                {fd.byRule.length === 0 && (
                  <tr>
                    <td colSpan={3} className="muted">
                      本年度未发现问题
                    </td>
                  </tr>
                )}
                {fd.byRule.map((r) => (
                  <tr key={r.ruleId}>
                    <td>{r.title}</td>
                    <td>{r.area}</td>
                    <td>{fig('findingsByRule', `问题类型：${r.title}`, String(r.count), { ruleId: r.ruleId })}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      </section>

      <div className="grid-2">
        <section className="panel">
          <div className="panel-head">流程监控通知书与回复</div>
          <div className="panel-body">
            <div className="stat-cards compact" data-testid="dossier-notices">
              {card('noticesIssued', '收到通知书', String(d.notices.issued))}
              {card('noticesToChief', '报检察长', String(d.notices.toChief))}
              {card('repliedOnTime', '按期回复', String(d.notices.repliedOnTime))}
            </div>
          </div>
        </section>
        <section className="panel">
          <div className="panel-head">案件质量评查与督查移送</div>
          <div className="panel-body">
            <div className="stat-cards compact" data-testid="dossier-reviews">
              {card(
                'reviews',
                '案件质量评查',
                String(d.reviews.length),
                Object.entries(d.reviewGrades)
                  .filter(([, n]) => n > 0)
                  .map(([g, n]) => `${g} ${n}`)
                  .join('，') || '无',
              )}
              {card('referralsIn', '检务督查部门移送', String(d.referralsIn))}
            </div>
          </div>
        </section>
      </div>

      <section className="panel">
        <div className="panel-head">
          各月数据<span className="note">（点击数字查看当月清单；全年比率按全年分子分母计算，不取各月平均）</span>
        </div>
        <div className="table-wrap" style={{ maxHeight: 520 }}>
          <table className="simple months" data-testid="dossier-months">
            <thead>
              <tr>
                <th>月份</th>
                {PROSECUTOR_METRICS.map((id) => (
                  <th key={id}>{METRIC_NAMES[id] ?? id}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {d.months.map((m) => (
                <tr key={m.month}>
                  <td>{`${+m.month.slice(5)}月`}</td>
                  {PROSECUTOR_METRICS.map((id) => (
                    <td key={id}>
                      {m.metrics[id] === null || m.metrics[id] === undefined
                        ? '—'
                        : fig(id, `${+m.month.slice(5)}月 · ${METRIC_NAMES[id] ?? id}`, figure(id, m.metrics[id]), {
                            month: m.month,
                          })}
                    </td>
                  ))}
                </tr>
              ))}
              <tr className="total-row">
                <td>全年</td>
                {PROSECUTOR_METRICS.map((id) => (
                  <td key={id}>
                    {d.metrics[id] === null || d.metrics[id] === undefined
                      ? '—'
                      : fig(id, `全年 · ${METRIC_NAMES[id] ?? id}`, figure(id, d.metrics[id]))}
                  </td>
                ))}
              </tr>
            </tbody>
          </table>
        </div>
      </section>
      {open && <ListDialog prosecutor={prosecutor} year={year} open={open} onClose={() => setOpen(null)} />}
    </div>
  );
}

function ListDialog({
  prosecutor,
  year,
  open,
  onClose,
}: {
  prosecutor: string;
  year: string;
  open: Open;
  onClose: () => void;
}) {
  const nav = useNav();
  const payload = {
    prosecutor,
    year,
    figure: open.figure,
    ...(open.month ? { month: open.month } : {}),
    ...(open.area ? { area: open.area } : {}),
    ...(open.ruleId ? { ruleId: open.ruleId } : {}),
  };
  const { data, error, loading } = useInvoke('dossier/list', payload);
  return (
    <Modal
      title={`${prosecutor} · ${year}年度 · ${open.label}`}
      onClose={onClose}
      width={980}
      footer={<Button onClick={onClose}>关闭</Button>}
    >
      {error && <MessageBar msg={{ kind: 'error', text: error }} />}
      {loading && !data && <div className="muted">加载中…</div>}
      {data && <ListTable list={data} onCase={(c) => nav('cases', { caseNo: c, q: c })} />}
    </Modal>
  );
}

function ListTable({ list, onCase }: { list: FigureList; onCase: (caseNo: string) => void }) {
  const rows = list.rows;
  return (
    <div data-testid="dossier-list">
      <div className="muted small" style={{ marginBottom: 6 }}>
        {list.note ? `${list.note}。` : ''}共 {rows.length} 条
      </div>
      {rows.length === 0 ? (
        <Empty>没有记录</Empty>
      ) : (
        <div className="table-wrap" style={{ maxHeight: 460 }}>
          <table className="simple">
            <thead>
              <tr>
                {list.columns.map((c) => (
                  <th key={c.key}>{c.header}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.slice(0, 1000).map((r, i) => (
                <tr key={i}>
                  {list.columns.map((c) => (
                    <td key={c.key}>
                      {c.key === 'caseNo' && r[c.key] ? (
                        <button className="btn btn-link" onClick={() => onCase(str(r[c.key]))}>
                          {str(r[c.key])}
                        </button>
                      ) : (
                        str(r[c.key])
                      )}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
          {rows.length > 1000 && <div className="muted small">仅显示前 1000 条；完整清单见导出的 Excel。</div>}
        </div>
      )}
    </div>
  );
}
