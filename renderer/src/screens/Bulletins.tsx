/** 通报: the weekly notices and monthly bulletins by period: figures, charts, exports, and the lists behind each figure. */
import { useEffect, useMemo, useState } from 'react';
import { baseName, invoke } from '../api';
import { useAction, useInvoke } from '../hooks';
import { useNav } from '../nav';
import { AgGridReact } from 'ag-grid-react';
import { gridTheme, localeText } from '../grid';
import { BarChart, LineChart } from '../components/charts';
import { Button, Empty, MessageBar, Modal, ProgressLine, FileLink } from '../components/ui';
import { COLUMN_NAMES, KIND_NAMES, METRIC_NAMES, MONITORING_METRICS, PROSECUTOR_METRICS } from '../metrics';
import { figure, listOf, maskName, periodLabel, str, timeText } from '../util';

type Dict = Record<string, unknown>;
interface BulletinRef { kind: string; period: string; version?: number; createdAt?: string; runId?: number }
interface Drill { metricId: string; prosecutor?: string; department?: string; label: string }

const KIND_ORDER = ['weekly', 'prosecutors', 'monitoring'];

const isObj = (x: unknown): x is Dict => !!x && typeof x === 'object' && !Array.isArray(x);

function figuresOf(row: unknown): Dict {
  if (!row || typeof row !== 'object') return {};
  const r = row as Dict;
  const f = (r.figures ?? r.metrics ?? r.values) as Dict | undefined;
  return f && typeof f === 'object' ? f : r;
}

function metricValue(v: unknown): unknown {
  if (v && typeof v === 'object' && 'value' in (v as Dict)) return (v as Dict).value;
  return v;
}

export function BulletinsScreen({ params }: { params: Record<string, string> }) {
  const list = useInvoke<unknown>('bulletins/list');
  const items = listOf<BulletinRef>(list.data, 'bulletins', 'snapshots').filter((b) => KIND_ORDER.includes(b.kind) || b.kind);
  const [sel, setSel] = useState<{ kind: string; period: string } | null>(params.kind && params.period ? { kind: params.kind, period: params.period } : null);
  useEffect(() => {
    if (!sel && items.length) {
      const first = [...items].sort((a, b) => (b.period > a.period ? 1 : -1))[0];
      setSel({ kind: first.kind, period: first.period });
    }
  }, [items, sel]);
  const grouped = useMemo(() => {
    const m = new Map<string, BulletinRef[]>();
    for (const b of items) {
      const arr = m.get(b.kind) ?? [];
      if (!arr.some((x) => x.period === b.period)) arr.push(b);
      m.set(b.kind, arr);
    }
    for (const arr of m.values()) arr.sort((a, b) => (b.period > a.period ? 1 : -1));
    const rank = (k: string) => (KIND_ORDER.includes(k) ? KIND_ORDER.indexOf(k) : 99);
    return [...m.entries()].sort((a, b) => rank(a[0]) - rank(b[0]));
  }, [items]);

  return (
    <div className="page fill">
      <div className="page-head">
        <h1>通报</h1>
        <span className="sub">周通报由每周一的周通报任务生成，两个月度通报由每月1日的月检查任务生成</span>
      </div>
      {list.error && <MessageBar msg={{ kind: 'error', text: list.error }} />}
      <div className="split">
        <aside className="panel" style={{ width: 230, flex: 'none', overflow: 'auto' }}>
          {grouped.length === 0 && <Empty>暂无通报。请在“任务”中运行周通报或月检查。</Empty>}
          {grouped.map(([kind, arr]) => (
            <div key={kind}>
              <div className="panel-head" style={{ fontSize: 12.5 }}>{KIND_NAMES[kind] ?? kind}</div>
              <ul className="alert-list" style={{ padding: '0 8px' }}>
                {arr.map((b) => (
                  <li key={b.period}>
                    <button
                      className={sel?.kind === kind && sel.period === b.period ? 'btn btn-link active-link' : 'btn btn-link'}
                      onClick={() => setSel({ kind, period: b.period })}
                      data-testid={`bulletin-${kind}-${b.period}`}
                      style={sel?.kind === kind && sel.period === b.period ? { fontWeight: 600 } : undefined}
                    >
                      {periodLabel(b.period)}
                    </button>
                    {b.version && b.version > 1 ? <span className="muted small">第{b.version}版</span> : null}
                  </li>
                ))}
              </ul>
            </div>
          ))}
        </aside>
        <div className="grow" style={{ overflow: 'auto' }}>{sel ? <BulletinView key={`${sel.kind}:${sel.period}`} kind={sel.kind} period={sel.period} /> : <Empty>请选择左侧的通报</Empty>}</div>
      </div>
    </div>
  );
}

function BulletinView({ kind, period }: { kind: string; period: string }) {
  const { data, error, loading } = useInvoke<Dict>('bulletins/get', { kind, period });
  const act = useAction();
  const [files, setFiles] = useState<{ format: string; path: string }[]>([]);
  const [drill, setDrill] = useState<Drill | null>(null);
  const d = ((data?.snapshot ?? data?.data) as Dict) ?? data ?? {};

  const doExport = async () => {
    const r = await act.run('export', () => invoke<unknown>('bulletins/export', { kind, period, formats: ['docx', 'pdf', 'xlsx'] }), () => '已导出，可点击下方链接下载。');
    if (!r) return;
    let out: { format: string; path: string }[] = [];
    const arr = listOf<unknown>(r, 'files', 'paths', 'outputs');
    if (arr.length) out = arr.map((x) => (typeof x === 'string' ? { format: x.split('.').pop() ?? '', path: x } : { format: String((x as Dict).format ?? ''), path: String((x as Dict).path) }));
    else if (r && typeof r === 'object') out = Object.entries(r as Dict).filter(([, v]) => typeof v === 'string' && /\.(docx|pdf|xlsx)$/i.test(v as string)).map(([k, v]) => ({ format: k, path: v as string }));
    setFiles(out);
  };

  const onFig = (metricId: string, label: string, who?: { prosecutor?: string; department?: string }) => setDrill({ metricId, label, ...who });

  return (
    <div style={{ display: 'flex', flexDirection: 'column', gap: 12 }}>
      <section className="panel">
        <div className="panel-head">
          <span style={{ fontSize: 15 }}>{(d.title as string) ?? KIND_NAMES[kind] ?? kind}</span>
          <span className="note">{periodLabel(period)}{d.start && d.end ? `（${str(d.start)} 至 ${str(d.end)}）` : ''}</span>
          <span className="spacer" />
          <ProgressLine active={act.busy === 'export'} label="正在生成文档…" />
          <Button kind="primary" busy={act.busy === 'export'} onClick={doExport} testId="bulletin-export">导出 Word / PDF / Excel</Button>
        </div>
        {(act.msg || files.length > 0) && (
          <div className="panel-body" style={{ display: 'flex', flexDirection: 'column', gap: 8 }}>
            <MessageBar msg={act.msg} onClose={() => act.setMsg(null)} />
            {files.length > 0 && (
              <div className="download-list" data-testid="bulletin-files">
                {files.map((f) => (
                  <FileLink key={f.path} path={f.path} label={`下载 ${(f.format || f.path.split('.').pop() || '').toUpperCase()}：${baseName(f.path)}`} />
                ))}
              </div>
            )}
          </div>
        )}
      </section>
      {error && <MessageBar msg={{ kind: 'error', text: error }} />}
      {loading && !data && <div className="muted">加载中…</div>}
      {data && (kind === 'prosecutors' ? <ProsecutorsBulletin d={d} onFig={onFig} /> : kind === 'monitoring' ? <MonitoringBulletin d={d} onFig={onFig} /> : <GenericBulletin d={d} onFig={onFig} />)}
      {drill && <DrillDialog kind={kind} period={period} drill={drill} onClose={() => setDrill(null)} />}
    </div>
  );
}

type OnFig = (metricId: string, label: string, who?: { prosecutor?: string; department?: string }) => void;

function FigLink({ id, v, onClick }: { id: string; v: unknown; onClick: () => void }) {
  const val = metricValue(v);
  if (val === null || val === undefined) return <span className="muted">—</span>;
  return (
    <button className="fig-link" onClick={onClick} data-metric={id}>
      {figure(id, val)}
    </button>
  );
}

function FigureCards({ figs, ids, onFig, prev, only }: { figs: Dict; ids: string[]; onFig: OnFig; prev?: Dict; only?: boolean }) {
  const shown = ids.filter((id) => id in figs);
  const extra = only ? [] : Object.keys(figs).filter((k) => !ids.includes(k) && (typeof figs[k] === 'number' || figs[k] === null) && METRIC_NAMES[k]);
  return (
    <div className="stat-cards compact" data-testid="bulletin-figures">
      {[...shown, ...extra].map((id) => (
        <div className="stat" key={id}>
          <div className="stat-label">{METRIC_NAMES[id] ?? id}</div>
          <div className="stat-value">
            <FigLink id={id} v={figs[id]} onClick={() => onFig(id, METRIC_NAMES[id] ?? id)} />
          </div>
          {prev && id in prev && <div className="stat-sub">上期 {figure(id, metricValue(prev[id]))}</div>}
        </div>
      ))}
    </div>
  );
}

function ProsecutorsBulletin({ d, onFig }: { d: Dict; onFig: OnFig }) {
  const rows = listOf<Dict>(d, 'prosecutors', 'rows');
  const deps = listOf<Dict>(d, 'departments');
  const office = figuresOf(isObj(d.totals) ? d.totals : isObj(d.office) ? d.office : d.total);
  const cols = PROSECUTOR_METRICS.filter((m) => rows.some((r) => m in figuresOf(r)) || m in office);
  const bars = rows.map((r) => ({ label: String(r.prosecutor ?? r.name ?? ''), value: Number(metricValue(figuresOf(r).concluded) ?? 0) })).filter((b) => b.label);
  return (
    <>
      <section className="panel">
        <div className="panel-head">全院合计</div>
        <div className="panel-body"><FigureCards figs={office} ids={['carriedOver', 'received', 'concluded', 'pending', 'concludeRate', 'avgDays', 'lateConcluded', 'nonArrestRate', 'nonProsRate', 'pleaRate', 'pretrialDetentionRate', 'findingsNew']} onFig={onFig} only /></div>
      </section>
      <section className="panel">
        <div className="panel-head">分检察官数据<span className="note">（不排名；点击数字查看对应案件或人员）</span></div>
        <div data-testid="prosecutor-table" style={{ height: Math.min(560, 40 + 31 * (rows.length + deps.length + 1)) }}>
          <AgGridReact<Dict>
            theme={gridTheme}
            localeText={localeText}
            rowData={[...rows.map((r) => ({ ...r, _kind: 'p' })), ...deps.map((r) => ({ ...r, prosecutor: '部门合计', _kind: 'd' }))]}
            pinnedBottomRowData={Object.keys(office).length ? [{ department: '全院', prosecutor: '合计', metrics: office, _kind: 'o' }] : []}
            columnDefs={[
              { field: 'department', headerName: '承办部门', pinned: 'left', width: 110 },
              { field: 'prosecutor', headerName: '员额检察官', pinned: 'left', width: 100 },
              ...cols.map((c) => ({
                colId: c,
                headerName: METRIC_NAMES[c] ?? c,
                headerTooltip: METRIC_NAMES[c] ?? c,
                width: /Rate$/.test(c) ? 96 : 80,
                type: 'rightAligned',
                valueGetter: (p: { data?: Dict }) => metricValue(figuresOf(p.data)[c]),
                cellRenderer: (p: { data?: Dict; value: unknown }) => {
                  const r = p.data ?? {};
                  const who = r._kind === 'p' ? { prosecutor: str(r.prosecutor), department: str(r.department) } : r._kind === 'd' ? { department: str(r.department) } : {};
                  const label = `${r._kind === 'o' ? '全院' : r._kind === 'd' ? str(r.department) : str(r.prosecutor)} · ${METRIC_NAMES[c] ?? c}`;
                  return <FigLink id={c} v={p.value} onClick={() => onFig(c, label, who)} />;
                },
              })),
            ]}
            defaultColDef={{ sortable: false, resizable: true, suppressHeaderMenuButton: true, wrapHeaderText: true, autoHeaderHeight: true }}
            getRowClass={(p) => (p.data?._kind === 'd' || p.data?._kind === 'o' ? 'total-row' : undefined)}
            suppressCellFocus
          />
        </div>
      </section>
      {bars.length > 0 && (
        <section className="panel">
          <div className="panel-head">各检察官办结案件数</div>
          <div className="panel-body" style={{ maxWidth: 720 }}><BarChart data={bars} width={600} /></div>
        </section>
      )}
    </>
  );
}

function breakdown(d: Dict, key: string): Dict[] {
  const b = (d.breakdowns as Dict | undefined)?.[key] ?? d[key];
  if (Array.isArray(b)) return b as Dict[];
  if (b && typeof b === 'object') return Object.entries(b as Dict).map(([k, v]) => ({ key: k, ...(typeof v === 'object' && v ? (v as Dict) : { count: v }) }));
  return [];
}

function MonitoringBulletin({ d, onFig }: { d: Dict; onFig: OnFig }) {
  const figs = figuresOf(isObj(d.metrics) ? d.metrics : isObj(d.figures) ? d.figures : d);
  const sev = (figs.bySeverity ?? d.bySeverity) as Dict | undefined;
  const prev = d.previous as { periodLabel?: string; metrics?: Dict } | undefined;
  const typical = listOf<Dict>(d.typical);
  const byArea = breakdown(d, 'byArea');
  const byRule = breakdown(d, 'byRule');
  const byDep = breakdown(d, 'byDepartment');
  const byPros = breakdown(d, 'byProsecutor');
  const trend = listOf<Dict>(d.trend ?? (d.charts as Dict | undefined)?.trend);
  const label = (r: Dict) => String(r.area ?? r.title ?? r.ruleTitle ?? r.department ?? r.prosecutor ?? r.key ?? r.ruleId ?? '');
  const count = (r: Dict) => Number(r.findingsNew ?? r.count ?? r.value ?? 0);
  return (
    <>
      <section className="panel">
        <div className="panel-head">全院监控情况{sev ? <span className="note">新发现问题中：严重 {str(sev['严重'] ?? 0)}，较重 {str(sev['较重'] ?? 0)}，轻微 {str(sev['轻微'] ?? 0)}</span> : null}</div>
        <div className="panel-body"><FigureCards figs={figs} ids={MONITORING_METRICS} onFig={onFig} prev={prev?.metrics} /></div>
      </section>
      <div className="grid-2">
        <section className="panel">
          <div className="panel-head">新发现问题（按领域）</div>
          <div className="panel-body"><BarChart data={byArea.map((r) => ({ label: label(r), value: count(r) }))} /></div>
        </section>
        <section className="panel">
          <div className="panel-head">近12个月新发现与已整改</div>
          <div className="panel-body">
            <LineChart
              labels={trend.map((t) => String(t.period ?? t.month ?? '').slice(2))}
              series={[
                { name: '新发现', values: trend.map((t) => Number(t.newCount ?? t.findingsNew ?? t.new ?? 0)), color: '#c0392b' },
                { name: '已整改', values: trend.map((t) => Number(t.findingsRectified ?? t.rectified ?? 0)), color: '#2f7d4f' },
              ]}
            />
          </div>
        </section>
      </div>
      {byRule.length > 0 && <BreakdownTable title="按规则" rows={byRule} first={(r) => `${str(r.ruleId ?? r.key)} ${str(r.title ?? r.ruleTitle ?? '')}`} onFig={onFig} who={() => ({})} />}
      <div className="grid-2">
        {byDep.length > 0 && <BreakdownTable title="按部门" rows={byDep} first={(r) => str(r.department ?? r.key)} onFig={onFig} who={(r) => ({ department: str(r.department ?? r.key) })} />}
        {byPros.length > 0 && <BreakdownTable title="按检察官" rows={byPros} first={(r) => str(r.prosecutor ?? r.key)} onFig={onFig} who={(r) => ({ prosecutor: str(r.prosecutor ?? r.key), department: r.department as string | undefined })} />}
      </div>
      {typical.length > 0 && (
        <section className="panel">
          <div className="panel-head">典型问题</div>
          <div className="panel-body">
            {typical.map((t, i) => (
              <div key={i} style={{ marginBottom: 10 }}>
                <div><strong>{i + 1}. {str(t.title)}</strong> <span className="muted">（{str(t.area)}，{str(t.count)} 个）</span></div>
                {t.basis ? <div className="muted small">{str(t.basis)}</div> : null}
                <ul className="small" style={{ margin: '4px 0 0', paddingLeft: 20 }}>
                  {listOf<Dict>(t.examples).map((e, j) => (
                    <li key={j}>{str(e.title)}（{str(e.caseNo)}，{str(e.prosecutor)}）：{str(e.message)}</li>
                  ))}
                </ul>
              </div>
            ))}
          </div>
        </section>
      )}
      <GenericLists d={d} skip={['byArea', 'byRule', 'byDepartment', 'byProsecutor', 'trend', 'typical']} />
    </>
  );
}

function BreakdownTable({ title, rows, first, onFig, who }: { title: string; rows: Dict[]; first: (r: Dict) => string; onFig: OnFig; who: (r: Dict) => { prosecutor?: string; department?: string } }) {
  const metricCols = ['findingsNew', 'count', 'findingsRectified', 'rectified', 'findingsOpen', 'open'].filter((c) => rows.some((r) => c in r));
  return (
    <section className="panel">
      <div className="panel-head">{title}</div>
      <div className="table-wrap" style={{ maxHeight: 360 }}>
        <table className="simple">
          <thead>
            <tr><th>{title.replace('按', '')}</th>{metricCols.map((c) => <th className="num" key={c}>{METRIC_NAMES[c] ?? (c === 'count' ? '新发现问题' : c === 'rectified' ? '已整改' : c === 'open' ? '未整改' : c)}</th>)}</tr>
          </thead>
          <tbody>
            {rows.map((r, i) => (
              <tr key={i}>
                <td>{first(r)}</td>
                {metricCols.map((c) => {
                  const id = c === 'count' ? 'findingsNew' : c === 'rectified' ? 'findingsRectified' : c === 'open' ? 'findingsOpen' : c;
                  const w = who(r);
                  return <td className="num" key={c}>{Object.keys(w).length ? <FigLink id={id} v={r[c]} onClick={() => onFig(id, `${first(r)} · ${METRIC_NAMES[id] ?? id}`, w)} /> : figure(id, r[c])}</td>;
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function GenericBulletin({ d, onFig }: { d: Dict; onFig: OnFig }) {
  const figs = figuresOf(isObj(d.metrics) ? d.metrics : isObj(d.figures) ? d.figures : d);
  const pfigs = (d.prosecutorMetrics as Dict | undefined) ?? {};
  const byRule = breakdown(d, 'byRule');
  const byDep = breakdown(d, 'byDepartment');
  const byPros = breakdown(d, 'byProsecutor');
  const warn = d.warnings as { rows?: Dict[]; from?: string; to?: string } | undefined;
  return (
    <>
      {Object.keys(figs).length > 0 && (
        <section className="panel">
          <div className="panel-head">本期监控数据</div>
          <div className="panel-body"><FigureCards figs={figs} ids={MONITORING_METRICS.filter((m) => m in figs)} onFig={onFig} /></div>
        </section>
      )}
      {Object.keys(pfigs).length > 0 && (
        <section className="panel">
          <div className="panel-head">本期办案数据</div>
          <div className="panel-body"><FigureCards figs={pfigs} ids={['received', 'concluded', 'pending', 'lateConcluded', 'concludeRate', 'avgDays']} onFig={onFig} /></div>
        </section>
      )}
      <div className="grid-2">
        {byDep.length > 0 && <BreakdownTable title="按部门" rows={byDep} first={(r) => str(r.department ?? r.key)} onFig={onFig} who={(r) => ({ department: str(r.department ?? r.key) })} />}
        {byPros.length > 0 && <BreakdownTable title="按检察官" rows={byPros} first={(r) => str(r.prosecutor ?? r.key)} onFig={onFig} who={(r) => ({ prosecutor: str(r.prosecutor ?? r.key), department: r.department as string | undefined })} />}
      </div>
      {byRule.length > 0 && <BreakdownTable title="按规则" rows={byRule} first={(r) => `${str(r.title ?? r.ruleId)}`} onFig={onFig} who={() => ({})} />}
      {warn && Array.isArray(warn.rows) && (
        <section className="panel">
          <div className="panel-head">临期预警{warn.from ? <span className="note">（{str(warn.from)} 至 {str(warn.to)} 到期）</span> : null}<span className="note">共 {warn.rows.length} 条</span></div>
          <RowsTable rows={warn.rows} max={200} />
        </section>
      )}
      <GenericLists d={d} skip={['byRule', 'byDepartment', 'byProsecutor', 'warnings']} />
    </>
  );
}

const LIST_TITLES: Record<string, string> = {
  newFindings: '本周新发现问题',
  newByDepartment: '新发现问题（按部门）',
  newByProsecutor: '新发现问题（按检察官）',
  rectified: '本期已整改问题',
  rectifiedFindings: '本期已整改问题',
  openFindings: '期末未整改问题（按发现时间）',
  open: '期末未整改问题（按发现时间）',
  warnings: '未来7日到期预警',
  warningsNext: '未来7日到期预警',
  lateConcluded: '超期办结案件',
  repliesOverdue: '逾期未回复的通知书',
  overdueNotices: '逾期未回复的通知书',
  typicalProblems: '典型问题',
  seriousOpen: '未整改的严重问题',
};

/** Every other array in the bulletin's data, as a plain table with Chinese headers. */
function GenericLists({ d, skip }: { d: Dict; skip: string[] }) {
  const lists = Object.entries(d).filter(([k, v]) => Array.isArray(v) && !skip.includes(k) && (v as unknown[]).length > 0 && typeof (v as unknown[])[0] === 'object' && !['prosecutors', 'departments', 'rows', 'lists', 'trend'].includes(k));
  const sections = (d.sections as Dict | undefined) ?? {};
  const more = Object.entries(sections).filter(([, v]) => Array.isArray(v));
  return (
    <>
      {[...lists, ...more].map(([k, v]) => (
        <section className="panel" key={k}>
          <div className="panel-head">{LIST_TITLES[k] ?? k}<span className="note">共 {(v as unknown[]).length} 条</span></div>
          <RowsTable rows={v as Dict[]} max={200} />
        </section>
      ))}
    </>
  );
}

function RowsTable({ rows, max = 500 }: { rows: Dict[]; max?: number }) {
  const keys = useMemo(() => {
    const ks: string[] = [];
    for (const r of rows.slice(0, 50)) for (const k of Object.keys(r)) if (!ks.includes(k) && (typeof r[k] !== 'object' || r[k] === null)) ks.push(k);
    return ks.filter((k) => (k !== 'name' || !ks.includes('maskedName')) && k !== 'base' && k !== 'flags');
  }, [rows]);
  if (rows.length === 0) return <Empty>没有记录</Empty>;
  return (
    <div className="table-wrap" style={{ maxHeight: 420 }}>
      <table className="simple" data-testid="rows-table">
        <thead>
          <tr>{keys.map((k) => <th key={k}>{COLUMN_NAMES[k] ?? METRIC_NAMES[k] ?? k}</th>)}</tr>
        </thead>
        <tbody>
          {rows.slice(0, max).map((r, i) => (
            <tr key={i}>
              {keys.map((k) => (
                <td key={k}>{k === 'name' || k === 'personName' ? maskName(str(r[k])) : /At$/.test(k) ? timeText(str(r[k])) : str(r[k])}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      {rows.length > max && <div className="muted small" style={{ padding: 8 }}>仅显示前 {max} 条，共 {rows.length} 条；完整清单见导出的 Excel。</div>}
    </div>
  );
}

function DrillDialog({ kind, period, drill, onClose }: { kind: string; period: string; drill: Drill; onClose: () => void }) {
  const payload = { kind, period, metricId: drill.metricId, ...(drill.prosecutor ? { prosecutor: drill.prosecutor } : {}), ...(drill.department ? { department: drill.department } : {}) };
  const { data, error, loading } = useInvoke<unknown>('bulletins/drill', payload);
  const rows = listOf<Dict>(data, 'rows', 'cases', 'persons', 'findings', 'items');
  const nav = useNav();
  const total = (data as Dict | null)?.total;
  return (
    <Modal title={`${periodLabel(period)} · ${drill.label}`} onClose={onClose} width={920} footer={<Button onClick={onClose}>关闭</Button>}>
      {error && <MessageBar msg={{ kind: 'error', text: error }} />}
      {loading && !data && <div className="muted">加载中…</div>}
      {data !== null && (
        <div data-testid="drill-list">
          <div className="muted small" style={{ marginBottom: 6 }}>
            {str(((data as Dict | null)?.metric as Dict | undefined)?.def ?? '')} 共 {typeof total === 'number' ? total : rows.length} 条{rows.some((r) => r.caseNo) ? '；点击部门受案号查看案件' : ''}
          </div>
          <DrillTable rows={rows} columns={listOf<{ key: string; header: string }>((data as Dict | null)?.columns)} onCase={(c) => nav('cases', { caseNo: c, q: c })} />
        </div>
      )}
    </Modal>
  );
}

function DrillTable({ rows, columns, onCase }: { rows: Dict[]; columns: { key: string; header: string }[]; onCase: (caseNo: string) => void }) {
  const headers = useMemo(() => new Map(columns.map((c) => [c.key, c.header])), [columns]);
  const keys = useMemo(() => {
    if (columns.length) return columns.map((c) => c.key);
    const ks: string[] = [];
    for (const r of rows.slice(0, 50)) for (const k of Object.keys(r)) if (!ks.includes(k) && (typeof r[k] !== 'object' || r[k] === null)) ks.push(k);
    return ks.filter((k) => k !== 'base' && k !== 'flags');
  }, [rows, columns]);
  if (rows.length === 0) return <Empty>没有记录</Empty>;
  return (
    <div className="table-wrap" style={{ maxHeight: 460 }}>
      <table className="simple">
        <thead>
          <tr>{keys.map((k) => <th key={k}>{headers.get(k) ?? COLUMN_NAMES[k] ?? METRIC_NAMES[k] ?? k}</th>)}</tr>
        </thead>
        <tbody>
          {rows.slice(0, 1000).map((r, i) => (
            <tr key={i}>
              {keys.map((k) => (
                <td key={k}>
                  {k === 'caseNo' && r[k] ? (
                    <button className="btn btn-link" onClick={() => onCase(str(r[k]))}>{str(r[k])}</button>
                  ) : k === 'name' || k === 'personName' ? (
                    maskName(str(r[k]))
                  ) : (
                    str(r[k])
                  )}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
