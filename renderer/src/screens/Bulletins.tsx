/** 通报: the weekly notices and monthly bulletins by period: figures, charts, exports, and the lists behind each figure. */
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { baseName, invokeWith, type HandlerInput, type HandlerResult } from '../api';
import { useAction, useInvoke } from '../hooks';
import { useNav } from '../nav';
import { AgGridReact } from 'ag-grid-react';
import { gridTheme, localeText } from '../grid';
import { BarChart, LineChart } from '../components/charts';
import { Button, Empty, MessageBar, Modal, ProgressLine, FileLink } from '../components/ui';
import { COLUMN_NAMES, KIND_NAMES, METRIC_NAMES, MONITORING_METRICS, PROSECUTOR_METRICS } from '../metrics';
import { figure, maskName, periodLabel, str, timeText } from '../util';
import { ProsecutorLink } from '../components/prosecutor';
import { LongPeriods } from './LongPeriods';
import { GridActions } from '../components/GridTools';

type Dict = Record<string, unknown>;
type Kind = HandlerInput<'bulletins/get'>['kind'];
/** bulletins/get: a frozen snapshot's preview (what was issued) or live figures before the job ran. */
type Bulletin = HandlerResult<'bulletins/get'>;
type ProsecutorsData = Extract<Bulletin, { kind: 'prosecutors' }>;
/** The monitoring bulletin's preview, frozen or live (live figures come with kind 'weekly' | 'monitoring'). */
type MonitoringData = Extract<Bulletin, { byArea: unknown }>;
type Figures = ProsecutorsData['totals'];
type Figure = Figures[string] | undefined;
type BulletinRef = HandlerResult<'bulletins/list'>['snapshots'][number];
interface Drill {
  metricId: string;
  prosecutor?: string;
  department?: string;
  label: string;
}

const KIND_ORDER = ['weekly', 'prosecutors', 'monitoring'];
const SPANS = ['month', 'quarter', 'year'];
/** 'quarter' ('2026-Q3'), 'year' ('2026'), else 'month' (months and weeks). */
const spanOf = (period: string) =>
  /^\d{4}-Q[1-4]$/.test(period) ? 'quarter' : /^\d{4}$/.test(period) ? 'year' : 'month';

export function BulletinsScreen({ params }: { params: Record<string, string> }) {
  const list = useInvoke('bulletins/list');
  // Bulletins and the referral packages (listed with a way to their folder, as main does).
  const items: BulletinRef[] = useMemo(() => list.data?.snapshots ?? [], [list.data]);
  const [sel, setSel] = useState<{ kind: Kind; period: string } | null>(
    params.kind && params.period ? { kind: params.kind as Kind, period: params.period } : null,
  );
  useEffect(() => {
    if (!sel && items.length) {
      // The latest month's (or week's) bulletin first; quarters and years are opened on purpose.
      const monthly = items.filter((b) => spanOf(b.period) === 'month');
      const first = [...(monthly.length ? monthly : items)].sort((a, b) => (b.period > a.period ? 1 : -1))[0];
      setSel({ kind: first.kind, period: first.period });
    }
  }, [items, sel]);
  // Grouped by kind and by the period's length: months and weeks, then quarters, then years.
  const grouped = useMemo(() => {
    const m = new Map<string, { kind: Kind; span: string; items: BulletinRef[] }>();
    for (const b of items) {
      const span = spanOf(b.period);
      const key = `${b.kind}|${span}`;
      const g = m.get(key) ?? { kind: b.kind, span, items: [] };
      if (!g.items.some((x) => x.period === b.period)) g.items.push(b);
      m.set(key, g);
    }
    for (const g of m.values()) g.items.sort((a, b) => (b.period > a.period ? 1 : -1));
    const rank = (g: { kind: string; span: string }) =>
      SPANS.indexOf(g.span) * 100 + (KIND_ORDER.includes(g.kind) ? KIND_ORDER.indexOf(g.kind) : 99);
    return [...m.values()].sort((a, b) => rank(a) - rank(b));
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
          {grouped.map(({ kind, span, items: arr }) => (
            <div key={`${kind}|${span}`}>
              <div className="panel-head" style={{ fontSize: 12.5 }}>
                {KIND_NAMES[kind] ?? kind}
                {span === 'quarter' ? '（季度）' : span === 'year' ? '（年度）' : ''}
              </div>
              <ul className="alert-list" style={{ padding: '0 8px' }}>
                {arr.map((b) => (
                  <li key={b.period}>
                    <button
                      className={
                        sel?.kind === kind && sel.period === b.period ? 'btn btn-link active-link' : 'btn btn-link'
                      }
                      onClick={() => setSel({ kind, period: b.period })}
                      data-testid={`bulletin-${kind}-${b.period}`}
                      style={sel?.kind === kind && sel.period === b.period ? { fontWeight: 600 } : undefined}
                    >
                      {periodLabel(b.period)}
                    </button>
                    {b.version > 1 ? <span className="muted small">第{b.version}版</span> : null}
                  </li>
                ))}
              </ul>
            </div>
          ))}
        </aside>
        <div className="grow" style={{ overflow: 'auto' }}>
          <LongPeriods
            onOpen={(kind, period) => setSel({ kind, period })}
            onFrozen={() => void list.reload()}
            current={sel}
          />
          {sel && (sel.kind as string) === 'referral-package' ? (
            <ReferralPackageLink period={sel.period} />
          ) : sel ? (
            <BulletinView
              key={`${sel.kind}:${sel.period}`}
              kind={sel.kind}
              period={sel.period}
              onExported={() => void list.reload()}
            />
          ) : (
            <Empty>请选择左侧的通报</Empty>
          )}
        </div>
      </div>
    </div>
  );
}

function BulletinView({ kind, period, onExported }: { kind: Kind; period: string; onExported: () => void }) {
  const { data, error, loading } = useInvoke('bulletins/get', { kind, period });
  const act = useAction();
  const [files, setFiles] = useState<{ format: string; path: string }[]>([]);
  const [drill, setDrill] = useState<Drill | null>(null);

  const doExport = async () => {
    const r = await act.run(
      'export',
      (opts) => invokeWith('bulletins/export', { kind, period, formats: ['docx', 'pdf', 'xlsx'] }, opts),
      () => '已导出，可点击下方链接下载。',
    );
    if (!r) return;
    setFiles(r.files.map((x) => ({ format: x.split('.').pop() ?? '', path: x })));
    onExported(); // a quarter's or year's bulletin is frozen by its first export: it joins the list
  };

  const onFig = (metricId: string, label: string, who?: { prosecutor?: string; department?: string }) =>
    setDrill({ metricId, label, ...who });

  return (
    <div style={{ display: 'flex', flexDirection: 'column', gap: 12 }}>
      <section className="panel">
        <div className="panel-head">
          <span style={{ fontSize: 15 }}>{KIND_NAMES[kind] ?? kind}</span>
          <span className="note">
            {periodLabel(period)}
            {data?.start && data.end ? `（${data.start} 至 ${data.end}）` : ''}
          </span>
          <span className="spacer" />
          <ProgressLine active={act.busy === 'export'} requestId={act.requestId} label="正在生成文档…" />
          <Button kind="primary" busy={act.busy === 'export'} onClick={doExport} testId="bulletin-export">
            导出 Word / PDF / Excel
          </Button>
        </div>
        {(act.msg || files.length > 0) && (
          <div className="panel-body" style={{ display: 'flex', flexDirection: 'column', gap: 8 }}>
            <MessageBar msg={act.msg} onClose={() => act.setMsg(null)} />
            {files.length > 0 && (
              <div className="download-list" data-testid="bulletin-files">
                {files.map((f) => (
                  <FileLink
                    key={f.path}
                    path={f.path}
                    label={`下载 ${(f.format || f.path.split('.').pop() || '').toUpperCase()}：${baseName(f.path)}`}
                  />
                ))}
              </div>
            )}
          </div>
        )}
      </section>
      {error && <MessageBar msg={{ kind: 'error', text: error }} />}
      {loading && !data && <div className="muted">加载中…</div>}
      {data &&
        (data.kind === 'prosecutors' ? (
          <ProsecutorsBulletin d={data} onFig={onFig} />
        ) : kind === 'monitoring' && 'byArea' in data ? (
          <MonitoringBulletin d={data} onFig={onFig} />
        ) : (
          <GenericBulletin d={data} onFig={onFig} />
        ))}
      {drill && <DrillDialog kind={kind} period={period} drill={drill} onClose={() => setDrill(null)} />}
    </div>
  );
}

type OnFig = (metricId: string, label: string, who?: { prosecutor?: string; department?: string }) => void;

function FigLink({ id, v, onClick }: { id: string; v: Figure; onClick: () => void }) {
  if (v === null || v === undefined) return <span className="muted">—</span>;
  return (
    <button className="fig-link" onClick={onClick} data-metric={id}>
      {figure(id, v)}
    </button>
  );
}

function FigureCards({
  figs,
  ids,
  onFig,
  prev,
  yoy,
  only,
}: {
  figs: Figures;
  ids: string[];
  onFig: OnFig;
  /** The previous period's figures; null when the store does not cover it (shown as —); undefined: no comparison. */
  prev?: Figures | null;
  /** 去年同期 (同比); null when the store does not cover it (shown as —); undefined: no comparison. */
  yoy?: Figures | null;
  only?: boolean;
}) {
  const shown = ids.filter((id) => id in figs);
  const extra = only ? [] : Object.keys(figs).filter((k) => !ids.includes(k) && METRIC_NAMES[k]);
  return (
    <div className="stat-cards compact" data-testid="bulletin-figures">
      {[...shown, ...extra].map((id) => (
        <div className="stat" key={id}>
          <div className="stat-label">{METRIC_NAMES[id] ?? id}</div>
          <div className="stat-value">
            <FigLink id={id} v={figs[id]} onClick={() => onFig(id, METRIC_NAMES[id] ?? id)} />
          </div>
          {(prev !== undefined || yoy !== undefined) && (
            <div className="stat-sub">
              {prev !== undefined && <>上期 {prev && id in prev ? figure(id, prev[id]) : '—'}</>}
              {prev !== undefined && yoy !== undefined && '\u3000'}
              {yoy !== undefined && <>同比 {yoy && id in yoy ? figure(id, yoy[id]) : '—'}</>}
            </div>
          )}
        </div>
      ))}
    </div>
  );
}

/** A row of the prosecutors' grid: a prosecutor, a department's total ('d') or the office's total ('o'). */
interface ProsecutorGridRow {
  department: string;
  prosecutor: string;
  metrics: Figures;
  _kind: 'p' | 'd' | 'o';
}

function ProsecutorsBulletin({ d, onFig }: { d: ProsecutorsData; onFig: OnFig }) {
  const rows = d.rows;
  const deps = d.departments;
  const office = d.totals;
  const cols = PROSECUTOR_METRICS.filter((m) => rows.some((r) => m in r.metrics) || m in office);
  const bars = rows
    .map((r) => ({ label: r.prosecutor, value: Number(r.metrics.concluded ?? 0) }))
    .filter((b) => b.label);
  return (
    <>
      <section className="panel">
        <div className="panel-head">全院合计</div>
        <div className="panel-body">
          <FigureCards
            figs={office}
            ids={[
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
              'pretrialDetentionRate',
              'findingsNew',
            ]}
            onFig={onFig}
            only
          />
          {'officeLevel' in d &&
            (d.officeLevel ?? []).map((o) => (
              <div className="muted small" key={o.id} data-testid={`office-level-${o.id}`}>
                {o.name}：{o.value == null ? '—' : `${(o.value * 100).toFixed(1)}%`}（本期批准逮捕 {o.numerator} 人 ÷
                本期起诉、不起诉 {o.denominator} 人）。{o.note}。
              </div>
            ))}
        </div>
      </section>
      <section className="panel">
        <div className="panel-head">
          分检察官数据<span className="note">（不排名；点击数字查看对应案件或人员）</span>
          <span className="spacer" />
          <GridActions
            title={`${periodLabel(d.period)}分检察官办案数据`}
            testId="prosecutors"
            request={() => ({
              source: 'rows',
              columns: [
                { header: '承办部门' },
                { header: '员额检察官' },
                ...cols.map((c) => ({ header: (METRIC_NAMES[c] ?? c).slice(0, 40) })),
              ],
              rows: [
                ...rows.map((r) => [r.department, r.prosecutor, ...cols.map((c) => figure(c, r.metrics[c]))]),
                ...deps.map((r) => [r.department, '部门合计', ...cols.map((c) => figure(c, r.metrics[c]))]),
                ...(Object.keys(office).length ? [['全院', '合计', ...cols.map((c) => figure(c, office[c]))]] : []),
              ],
            })}
          />
        </div>
        <div
          data-testid="prosecutor-table"
          style={{ height: Math.min(560, 40 + 31 * (rows.length + deps.length + 1)) }}
        >
          <AgGridReact<ProsecutorGridRow>
            theme={gridTheme}
            localeText={localeText}
            rowData={[
              ...rows.map((r): ProsecutorGridRow => ({ ...r, _kind: 'p' })),
              ...deps.map((r): ProsecutorGridRow => ({ ...r, prosecutor: '部门合计', _kind: 'd' })),
            ]}
            pinnedBottomRowData={
              Object.keys(office).length
                ? [{ department: '全院', prosecutor: '合计', metrics: office, _kind: 'o' }]
                : []
            }
            columnDefs={[
              { field: 'department', headerName: '承办部门', pinned: 'left', width: 110 },
              {
                field: 'prosecutor',
                headerName: '员额检察官',
                pinned: 'left',
                width: 100,
                cellRenderer: (p: { data?: ProsecutorGridRow; value: string }) =>
                  p.data?._kind === 'p' ? <ProsecutorLink name={p.value} year={d.period.slice(0, 4)} /> : p.value,
              },
              ...cols.map((c) => ({
                colId: c,
                headerName: METRIC_NAMES[c] ?? c,
                headerTooltip: METRIC_NAMES[c] ?? c,
                width: /Rate$/.test(c) ? 96 : 80,
                type: 'rightAligned',
                valueGetter: (p: { data?: ProsecutorGridRow }) => p.data?.metrics[c],
                cellRenderer: (p: { data?: ProsecutorGridRow; value: Figure }) => {
                  const r = p.data;
                  const who =
                    r?._kind === 'p'
                      ? { prosecutor: r.prosecutor, department: r.department }
                      : r?._kind === 'd'
                        ? { department: r.department }
                        : {};
                  const label = `${r?._kind === 'o' ? '全院' : r?._kind === 'd' ? r.department : str(r?.prosecutor)} · ${METRIC_NAMES[c] ?? c}`;
                  return <FigLink id={c} v={p.value} onClick={() => onFig(c, label, who)} />;
                },
              })),
            ]}
            defaultColDef={{
              sortable: false,
              resizable: true,
              suppressHeaderMenuButton: true,
              wrapHeaderText: true,
              autoHeaderHeight: true,
            }}
            getRowClass={(p) => (p.data?._kind === 'd' || p.data?._kind === 'o' ? 'total-row' : undefined)}
            suppressCellFocus
          />
        </div>
      </section>
      {bars.length > 0 && (
        <section className="panel">
          <div className="panel-head">各检察官办结案件数</div>
          <div className="panel-body" style={{ maxWidth: 720 }}>
            <BarChart data={bars} width={600} />
          </div>
        </section>
      )}
    </>
  );
}

function MonitoringBulletin({ d, onFig }: { d: MonitoringData; onFig: OnFig }) {
  const figs = d.metrics;
  const sev = d.bySeverity;
  // Frozen snapshots carry the previous period, typical problems, serious open findings and the 12-month trend; live figures don't.
  // A period the store does not cover shows — (metrics.md *Comparison*); a year's bulletin has no 同比 (its yearAgo
  // names no period).
  const shown = (c: { covered?: boolean; metrics: Figures | null }) => (c.covered !== false && c.metrics) || null;
  const prev = 'previous' in d ? shown(d.previous) : undefined;
  const ago = 'yearAgo' in d && d.yearAgo?.period ? shown(d.yearAgo) : undefined;
  const typical = 'typical' in d ? d.typical : [];
  const openSerious = 'openSerious' in d ? d.openSerious : [];
  const trend = 'trend' in d ? d.trend : [];
  return (
    <>
      <section className="panel">
        <div className="panel-head">
          全院监控情况
          <span className="note">
            新发现问题中：严重 {sev['严重'] ?? 0}，较重 {sev['较重'] ?? 0}，轻微 {sev['轻微'] ?? 0}
          </span>
        </div>
        <div className="panel-body">
          <FigureCards figs={figs} ids={MONITORING_METRICS} onFig={onFig} prev={prev} yoy={ago} />
        </div>
      </section>
      <div className="grid-2">
        <section className="panel">
          <div className="panel-head">新发现问题（按领域）</div>
          <div className="panel-body">
            <BarChart data={d.byArea.map((r) => ({ label: r.area, value: r.count }))} />
          </div>
        </section>
        <section className="panel">
          <div className="panel-head">
            {/^\d{4}(-Q[1-4])?$/.test(d.period) ? '本期各月新发现与已整改' : '近12个月新发现与已整改'}
            {trend.length > 0 && trend.length < (/^\d{4}-Q[1-4]$/.test(d.period) ? 3 : 12) && (
              <span className="note">自本库监控数据的第一个月起</span>
            )}
          </div>
          <div className="panel-body">
            <LineChart
              labels={trend.map((t) => t.month.slice(2))}
              series={[
                { name: '新发现', values: trend.map((t) => t.newCount), color: '#c0392b' },
                { name: '已整改', values: trend.map((t) => t.rectified), color: '#2f7d4f' },
              ]}
            />
          </div>
        </section>
      </div>
      {d.byRule.length > 0 && (
        <BreakdownTable
          title="按问题类型"
          rows={d.byRule}
          first={(r) => r.title}
          tip={(r) => r.ruleId}
          onFig={onFig}
          who={() => ({})}
        />
      )}
      <div className="grid-2">
        {d.byDepartment.length > 0 && (
          <BreakdownTable
            title="按部门"
            rows={d.byDepartment}
            first={(r) => r.department}
            onFig={onFig}
            who={(r) => ({ department: r.department })}
          />
        )}
        {d.byProsecutor.length > 0 && (
          <BreakdownTable
            title="按检察官"
            rows={d.byProsecutor}
            first={(r) => r.prosecutor}
            firstCell={(r) => <ProsecutorLink name={r.prosecutor} year={d.period.slice(0, 4)} />}
            onFig={onFig}
            who={(r) => ({ prosecutor: r.prosecutor, department: r.department })}
          />
        )}
      </div>
      {typical.length > 0 && (
        <section className="panel">
          <div className="panel-head">典型问题</div>
          <div className="panel-body">
            {typical.map((t, i) => (
              <div key={i} style={{ marginBottom: 10 }}>
                <div>
                  <strong>
                    {i + 1}. {t.title}
                  </strong>{' '}
                  <span className="muted">
                    （{t.area}，{t.count} 个）
                  </span>
                </div>
                {t.basis ? <div className="muted small">{t.basis}</div> : null}
                <ul className="small" style={{ margin: '4px 0 0', paddingLeft: 20 }}>
                  {t.examples.map((e, j) => (
                    <li key={j}>
                      {e.title}（{e.caseNo}，{e.prosecutor}）：{e.message}
                    </li>
                  ))}
                </ul>
              </div>
            ))}
          </div>
        </section>
      )}
      <ListSection title="未整改的严重问题" rows={openSerious} columns={FINDING_COLUMNS} />
    </>
  );
}

/** The figures a breakdown row may carry: per rule a count of new findings; per department/prosecutor new, rectified, open. */
interface BreakdownRow {
  count?: number;
  findingsNew?: number;
  findingsRectified?: number;
  findingsOpen?: number;
}
const BREAKDOWN_COLS = ['findingsNew', 'count', 'findingsRectified', 'findingsOpen'] as const;

function BreakdownTable<R extends BreakdownRow>({
  title,
  rows,
  first,
  tip,
  onFig,
  who,
  firstCell,
}: {
  title: string;
  rows: R[];
  first: (r: R) => string;
  /** A tooltip on the first cell (a rule's id: shown only when the clerk points at it). */
  tip?: (r: R) => string;
  onFig: OnFig;
  who: (r: R) => { prosecutor?: string; department?: string };
  /** how the first column shows (default: its text) */
  firstCell?: (r: R) => ReactNode;
}) {
  const metricCols = BREAKDOWN_COLS.filter((c) => rows.some((r) => c in r));
  return (
    <section className="panel">
      <div className="panel-head">{title}</div>
      <div className="table-wrap" style={{ maxHeight: 360 }}>
        <table className="simple">
          <thead>
            <tr>
              <th>{title.replace('按', '')}</th>
              {metricCols.map((c) => (
                <th className="num" key={c}>
                  {METRIC_NAMES[c] ?? (c === 'count' ? '新发现问题' : c)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((r, i) => (
              <tr key={i}>
                <td title={tip?.(r)}>{firstCell ? firstCell(r) : first(r)}</td>
                {metricCols.map((c) => {
                  const id = c === 'count' ? 'findingsNew' : c;
                  const w = who(r);
                  return (
                    <td className="num" key={c}>
                      {Object.keys(w).length ? (
                        <FigLink
                          id={id}
                          v={r[c]}
                          onClick={() => onFig(id, `${first(r)} · ${METRIC_NAMES[id] ?? id}`, w)}
                        />
                      ) : (
                        figure(id, r[c])
                      )}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/** 周通报 (frozen or live) and 业务数据专项检查. */
function GenericBulletin({ d, onFig }: { d: Bulletin; onFig: OnFig }) {
  const figs = 'metrics' in d ? d.metrics : {};
  const pfigs = 'prosecutorMetrics' in d ? d.prosecutorMetrics : {};
  const byRule = 'byRule' in d ? d.byRule : [];
  const byDep = 'byDepartment' in d ? d.byDepartment : [];
  const byPros = 'byProsecutor' in d ? d.byProsecutor : [];
  const warn = 'warnings' in d ? d.warnings : undefined;
  return (
    <>
      {Object.keys(figs).length > 0 && (
        <section className="panel">
          <div className="panel-head">本期监控数据</div>
          <div className="panel-body">
            <FigureCards figs={figs} ids={MONITORING_METRICS.filter((m) => m in figs)} onFig={onFig} />
          </div>
        </section>
      )}
      {Object.keys(pfigs).length > 0 && (
        <section className="panel">
          <div className="panel-head">本期办案数据</div>
          <div className="panel-body">
            <FigureCards
              figs={pfigs}
              ids={['received', 'concluded', 'pending', 'lateConcluded', 'concludeRate', 'avgDays']}
              onFig={onFig}
            />
          </div>
        </section>
      )}
      <div className="grid-2">
        {byDep.length > 0 && (
          <BreakdownTable
            title="按部门"
            rows={byDep}
            first={(r) => r.department}
            onFig={onFig}
            who={(r) => ({ department: r.department })}
          />
        )}
        {byPros.length > 0 && (
          <BreakdownTable
            title="按检察官"
            rows={byPros}
            first={(r) => r.prosecutor}
            firstCell={(r) => <ProsecutorLink name={r.prosecutor} year={d.period.slice(0, 4)} />}
            onFig={onFig}
            who={(r) => ({ prosecutor: r.prosecutor, department: r.department })}
          />
        )}
      </div>
      {byRule.length > 0 && (
        <BreakdownTable
          title="按问题类型"
          rows={byRule}
          first={(r) => r.title}
          tip={(r) => r.ruleId}
          onFig={onFig}
          who={() => ({})}
        />
      )}
      {warn && (
        <section className="panel">
          <div className="panel-head">
            临期预警
            {warn.from ? (
              <span className="note">
                （{warn.from} 至 {warn.to} 到期）
              </span>
            ) : null}
            <span className="note">共 {warn.rows.length} 条</span>
          </div>
          <RowsTable rows={warn.rows} columns={WARNING_COLUMNS} max={200} />
        </section>
      )}
      {'byArea' in d && <ListSection title="新发现问题（按问题类别）" rows={d.byArea} columns={AREA_COLUMNS} />}
      {'openByRule' in d && (
        <ListSection title="未整改问题（按问题类型）" rows={d.openByRule} columns={OPEN_BY_RULE_COLUMNS} />
      )}
    </>
  );
}

/**
 * A list's columns, named in Chinese by the screen (never a field key). `tip`: a field shown only as the
 * cell's tooltip (a rule's id beside its title).
 */
interface ListColumn {
  key: string;
  header: string;
  tip?: string;
}
const FINDING_COLUMNS: ListColumn[] = [
  { key: 'ruleTitle', header: '问题类型', tip: 'ruleId' },
  { key: 'severity', header: '严重程度' },
  { key: 'caseNo', header: '部门受案号' },
  { key: 'title', header: '案件名称' },
  { key: 'department', header: '承办部门' },
  { key: 'prosecutor', header: '承办检察官' },
  { key: 'firstSeen', header: '首次发现' },
  { key: 'statusAtEnd', header: '期末状态' },
  { key: 'message', header: '问题说明' },
];
const WARNING_COLUMNS: ListColumn[] = [
  { key: 'dueOn', header: '到期日' },
  { key: 'daysLeft', header: '剩余天数' },
  { key: 'ruleTitle', header: '期限类型', tip: 'ruleId' },
  { key: 'caseNo', header: '部门受案号' },
  { key: 'title', header: '案件名称' },
  { key: 'department', header: '承办部门' },
  { key: 'prosecutor', header: '承办检察官' },
];
const AREA_COLUMNS: ListColumn[] = [
  { key: 'area', header: '问题类别' },
  { key: 'count', header: '新发现问题' },
];
const OPEN_BY_RULE_COLUMNS: ListColumn[] = [
  { key: 'title', header: '问题类型', tip: 'ruleId' },
  { key: 'area', header: '问题类别' },
  { key: 'severity', header: '严重程度' },
  { key: 'count', header: '未整改问题' },
];

/** A list of the bulletin's data as a plain table with Chinese headers (nothing when empty). */
function ListSection({ title, rows, columns }: { title: string; rows: Dict[]; columns: ListColumn[] }) {
  if (rows.length === 0) return null;
  return (
    <section className="panel">
      <div className="panel-head">
        {title}
        <span className="note">共 {rows.length} 条</span>
      </div>
      <RowsTable rows={rows} columns={columns} max={200} />
    </section>
  );
}

function RowsTable({ rows, columns, max = 500 }: { rows: Dict[]; columns: ListColumn[]; max?: number }) {
  if (rows.length === 0) return <Empty>没有记录</Empty>;
  return (
    <div className="table-wrap" style={{ maxHeight: 420 }}>
      <table className="simple" data-testid="rows-table">
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c.key}>{c.header}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.slice(0, max).map((r, i) => (
            <tr key={i}>
              {columns.map((c) => (
                <td key={c.key} title={c.tip ? str(r[c.tip]) : undefined}>
                  {c.key === 'name' || c.key === 'personName'
                    ? maskName(str(r[c.key]))
                    : /At$/.test(c.key)
                      ? timeText(str(r[c.key]))
                      : str(r[c.key])}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      {rows.length > max && (
        <div className="muted small" style={{ padding: 8 }}>
          仅显示前 {max} 条，共 {rows.length} 条；完整清单见导出的 Excel。
        </div>
      )}
    </div>
  );
}

/** The referral package is not a bulletin: it is made and exported under 线索移送 → 月度移送材料. */
function ReferralPackageLink({ period }: { period: string }) {
  const nav = useNav();
  return (
    <section className="panel" data-testid="referral-package-link">
      <div className="panel-head">{periodLabel(period)}线索移送材料</div>
      <div className="panel-body" style={{ display: 'flex', flexDirection: 'column', gap: 10 }}>
        <div>
          线索移送材料（抄送函、通知书、数据检查、评查和目录）是一组文件，不是通报：请在“线索移送 →
          月度移送材料”中查看和导出。
        </div>
        <div>
          <Button kind="primary" onClick={() => nav('referrals', { tab: 'package', month: period })}>
            打开 {periodLabel(period)} 移送材料
          </Button>
        </div>
      </div>
    </section>
  );
}

/** A drill list's cells as shown (names masked), for its export and print. */
function drillCells(rows: DrillResult['rows'], columns: DrillResult['columns']) {
  return {
    source: 'rows' as const,
    columns: columns.map((c) => ({ header: c.header || COLUMN_NAMES[c.key] || METRIC_NAMES[c.key] || c.key })),
    rows: rows.map((r) =>
      columns.map((c) => (c.key === 'name' || c.key === 'personName' ? maskName(str(r[c.key])) : str(r[c.key]))),
    ),
  };
}

function DrillDialog({
  kind,
  period,
  drill,
  onClose,
}: {
  kind: Kind;
  period: string;
  drill: Drill;
  onClose: () => void;
}) {
  const payload = {
    kind,
    period,
    metricId: drill.metricId,
    ...(drill.prosecutor ? { prosecutor: drill.prosecutor } : {}),
    ...(drill.department ? { department: drill.department } : {}),
  };
  const { data, error, loading } = useInvoke('bulletins/drill', payload);
  const rows = data?.rows ?? [];
  const nav = useNav();
  return (
    <Modal
      title={`${periodLabel(period)} · ${drill.label}`}
      onClose={onClose}
      width={920}
      footer={
        <>
          {data && (
            <GridActions
              title={`${periodLabel(period)}${drill.label}`}
              conditions={data.metric.def}
              request={() => drillCells(rows, data.columns)}
              testId="drill"
            />
          )}
          <span style={{ flex: 1 }} />
          <Button onClick={onClose}>关闭</Button>
        </>
      }
    >
      {error && <MessageBar msg={{ kind: 'error', text: error }} />}
      {loading && !data && <div className="muted">加载中…</div>}
      {data !== null && (
        <div data-testid="drill-list">
          <div className="muted small" style={{ marginBottom: 6 }}>
            {data.metric.def} 共 {rows.length} 条{rows.some((r) => r.caseNo) ? '；点击部门受案号查看案件' : ''}
          </div>
          <DrillTable rows={rows} columns={data.columns} onCase={(c) => nav('cases', { caseNo: c, q: c })} />
        </div>
      )}
    </Modal>
  );
}

type DrillResult = HandlerResult<'bulletins/drill'>;

function DrillTable({
  rows,
  columns,
  onCase,
}: {
  rows: DrillResult['rows'];
  columns: DrillResult['columns'];
  onCase: (caseNo: string) => void;
}) {
  const headers = useMemo(() => new Map(columns.map((c) => [c.key, c.header])), [columns]);
  const keys = useMemo(() => columns.map((c) => c.key), [columns]);
  if (rows.length === 0) return <Empty>没有记录</Empty>;
  return (
    <div className="table-wrap" style={{ maxHeight: 460 }}>
      <table className="simple">
        <thead>
          <tr>
            {keys.map((k) => (
              <th key={k}>{headers.get(k) ?? COLUMN_NAMES[k] ?? METRIC_NAMES[k] ?? k}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.slice(0, 1000).map((r, i) => (
            <tr key={i}>
              {keys.map((k) => (
                <td key={k}>
                  {k === 'caseNo' && r[k] ? (
                    <button className="btn btn-link" onClick={() => onCase(str(r[k]))}>
                      {str(r[k])}
                    </button>
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
