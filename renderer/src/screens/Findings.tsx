/** 监控问题: findings and 临期预警 with filters, single and bulk actions, and a finding's history. */
import { useEffect, useMemo, useRef, useState } from 'react';
import { AgGridReact } from 'ag-grid-react';
import type { ColDef, GridApi, SelectionChangedEvent } from 'ag-grid-community';
import { errorText, invoke, type HandlerInput, type HandlerResult } from '../api';
import { gridTheme, localeText } from '../grid';
import { useAction, useInvoke } from '../hooks';
import { hashOf, useNav } from '../nav';
import { Button, Field, KV, MessageBar, Modal, SeverityBadge, StatusBadge, Tabs, FileLink } from '../components/ui';
import { ColumnChooser, GridActions, gridShape, useColumnPrefs, ViewsMenu } from '../components/GridTools';
import { EmptyStore, useCaseCount } from '../components/EmptyStore';
import { useEscape, useRosterOrder } from '../roster';
import { ACTION_NAMES, AREAS, chinaToday, daysText } from '../util';
import { ProsecutorLink, prosecutorColumn } from '../components/prosecutor';
import { FindingNotices, NoticesTab } from './Notices';

type Finding = HandlerResult<'findings/list'>['findings'][number];
type Warning = HandlerResult<'warnings/list'>['warnings'][number];
type IssuedNotice = HandlerResult<'notices/issue'>;
type FindingsQuery = HandlerInput<'findings/list'>;
type FindingStatus = Extract<NonNullable<FindingsQuery['status']>, string>;
type FindingAction = HandlerInput<'findings/update-status'>['action'];

const OPEN_STATUSES: FindingStatus[] = ['待处理', '已提示', '已通知'];
const OPEN = new Set<string>(OPEN_STATUSES);
const STATUSES = ['未整改', '逾期未整改', '待处理', '已提示', '已通知', '已整改', '不予纠正', '全部'];

type Dialog = { kind: FindingAction; ids: number[] } | null;

/** 逾期未整改 (red) while open; 已移送督查 once referred (jobs.md *Escalation*). */
function EscalationBadges({ f }: { f: Finding | undefined }) {
  if (!f) return null;
  return (
    <>
      {f.overdueRectification && (
        <span className="badge overdue-rect" title={`自 ${f.overdueOn} 起逾期未整改`}>
          逾期未整改
        </span>
      )}
      {f.referred && (
        <span className="badge referred" title={`已随${f.referred.month}逾期未整改问题移送清单移送检务督查部门`}>
          已移送督查
        </span>
      )}
    </>
  );
}

function DaysCell({ value }: { value: number | null | undefined }) {
  if (value === null || value === undefined) return <span className="muted">—</span>;
  return <span className={value < 0 ? 'days-over' : value <= 3 ? 'days-soon' : ''}>{daysText(value)}</span>;
}

type FindingsTabId = 'findings' | 'warnings' | 'notices';
const tabOf = (t: string | undefined): FindingsTabId => (t === 'warnings' || t === 'notices' ? t : 'findings');

/** Monday of the ISO week of a civil date (本周新发现). */
function mondayOf(date: string): string {
  const t = new Date(`${date}T00:00:00Z`);
  t.setUTCDate(t.getUTCDate() - ((t.getUTCDay() + 6) % 7));
  return t.toISOString().slice(0, 10);
}

/** The chosen clerk's departments (我的…), or null when the clerk has none (then: every department). */
function useMyDepartments(): string[] | null {
  const ops = useInvoke('operators/list');
  const me = ops.data?.operators.find((o) => o.name === ops.data?.current);
  return me?.departments.length ? me.departments : null;
}

/** Keeps a screen's filters in its address (a reload keeps them) without a new history entry per change. */
function useAddress(params: Record<string, string | undefined>) {
  const key = JSON.stringify(params);
  useEffect(() => {
    const h = hashOf('findings', JSON.parse(key) as Record<string, string | undefined>);
    if (window.location.hash !== h) window.history.replaceState(null, '', h);
  }, [key]);
}

export function FindingsScreen({ params }: { params: Record<string, string> }) {
  const [tab, setTab] = useState<FindingsTabId>(tabOf(params.tab));
  useEffect(() => setTab(tabOf(params.tab)), [params.tab]);
  const nav = useNav();
  const cases = useCaseCount();
  if (cases === 0)
    return (
      <div className="page">
        <div className="page-head">
          <h1>监控问题</h1>
        </div>
        <EmptyStore />
      </div>
    );
  return (
    <div className="page fill">
      <div className="page-head">
        <h1>监控问题</h1>
        <span className="spacer" />
      </div>
      <Tabs
        value={tab}
        onChange={(t) => nav('findings', t === 'findings' ? {} : { tab: t })}
        tabs={[
          { id: 'findings', label: '监控问题' },
          { id: 'warnings', label: '临期预警' },
          { id: 'notices', label: '通知书' },
        ]}
      />
      {tab === 'findings' ? (
        <FindingsTab params={params} />
      ) : tab === 'warnings' ? (
        <WarningsTab params={params} />
      ) : (
        <NoticesTab params={params} />
      )}
    </div>
  );
}

function FindingsTab({ params }: { params: Record<string, string> }) {
  const [status, setStatus] = useState(params.status ?? '未整改');
  const [ruleId, setRuleId] = useState(params.ruleId ?? '');
  const [area, setArea] = useState(params.area ?? '');
  const [department, setDepartment] = useState(params.department ?? '');
  const [prosecutor, setProsecutor] = useState(params.prosecutor ?? '');
  const [overdueOnly, setOverdueOnly] = useState(params.overdue === '1');
  const [q, setQ] = useState(params.q ?? '');
  const [qDraft, setQDraft] = useState(params.q ?? '');
  const [since, setSince] = useState(params.since ?? '');
  const [reply, setReply] = useState(params.reply ?? '');
  const [mine, setMine] = useState(params.mine === '1');
  const [view, setView] = useState<string | null>(params.view ?? null);
  const [detailId, setDetailId] = useState<number | null>(params.id ? Number(params.id) : null);
  const myDepartments = useMyDepartments();
  const order = useRosterOrder();
  const prefs = useColumnPrefs('findings');
  const [selected, setSelected] = useState<Finding[]>([]);
  const [dialog, setDialog] = useState<Dialog>(null);
  const apiRef = useRef<GridApi<Finding> | null>(null);
  const act = useAction();
  const nav = useNav();

  useEffect(() => {
    setStatus(params.status ?? '未整改');
    setArea(params.area ?? '');
    setOverdueOnly(params.overdue === '1');
    setRuleId(params.ruleId ?? '');
    setDepartment(params.department ?? '');
    setProsecutor(params.prosecutor ?? '');
    setQ(params.q ?? '');
    setQDraft(params.q ?? '');
    setSince(params.since ?? '');
    setReply(params.reply ?? '');
    setMine(params.mine === '1');
    setView(params.view ?? null);
    if (params.id) setDetailId(Number(params.id));
  }, [params]);
  useEffect(() => {
    const t = setTimeout(() => setQ(qDraft.trim()), 250);
    return () => clearTimeout(t);
  }, [qDraft]);

  /** The filters as the screen's parameters: its address, and what a saved view stores. */
  const filterParams = useMemo(
    () => ({
      status: status === '未整改' ? undefined : status,
      ruleId: ruleId || undefined,
      area: area || undefined,
      department: department || undefined,
      prosecutor: prosecutor || undefined,
      overdue: overdueOnly ? '1' : undefined,
      q: q || undefined,
      since: since || undefined,
      reply: reply || undefined,
      mine: mine ? '1' : undefined,
    }),
    [status, ruleId, area, department, prosecutor, overdueOnly, q, since, reply, mine],
  );
  useAddress({ ...filterParams, view: view ?? undefined, id: detailId != null ? String(detailId) : undefined });

  const payload = useMemo(() => {
    const p: FindingsQuery = {};
    if (status === '未整改') p.status = [...OPEN_STATUSES];
    else if (status === '逾期未整改') {
      p.status = [...OPEN_STATUSES];
      p.overdueRectification = true;
    } else if (status !== '全部') p.status = status as FindingStatus;
    if (ruleId) p.ruleId = ruleId;
    if (area) p.area = area;
    if (department) p.department = department;
    if (prosecutor) p.prosecutor = prosecutor;
    if (q) p.q = q;
    const today = chinaToday();
    if (since === 'week') p.firstSeenFrom = mondayOf(today);
    else if (/^\d{4}-\d{2}-\d{2}$/.test(since)) p.firstSeenFrom = since;
    if (reply === 'overdue') p.replyOverdueOn = today;
    if (mine && myDepartments) p.departments = myDepartments;
    return p;
  }, [status, ruleId, area, department, prosecutor, q, since, reply, mine, myDepartments]);
  const list = useInvoke('findings/list', payload);
  const rules = useInvoke('rules/list');
  const ruleList = useMemo(() => rules.data?.rules ?? [], [rules.data]);
  const ruleTitle = useMemo(() => new Map(ruleList.map((r) => [r.id, r.title])), [ruleList]);

  const all = useMemo(() => list.data?.findings ?? [], [list.data]);
  const rows = useMemo(
    () =>
      all.filter(
        (f) =>
          (status === '全部' ||
            (status === '未整改'
              ? OPEN.has(f.status)
              : status === '逾期未整改'
                ? f.overdueRectification
                : f.status === status)) &&
          (!ruleId || f.ruleId === ruleId) &&
          (!area || f.area === area) &&
          (!department || f.department === department) &&
          (!prosecutor || f.prosecutor === prosecutor) &&
          (!overdueOnly || (typeof f.daysLeft === 'number' && f.daysLeft < 0)),
      ),
    [all, status, ruleId, area, department, prosecutor, overdueOnly],
  );
  // In the office's order (the roster), then pinyin.
  const departments = useMemo(
    () =>
      order.departments([...(all.map((f) => f.department).filter(Boolean) as string[]), department].filter(Boolean)),
    [all, order, department],
  );
  const prosecutors = useMemo(
    () =>
      order.prosecutors([...(all.map((f) => f.prosecutor).filter(Boolean) as string[]), prosecutor].filter(Boolean)),
    [all, order, prosecutor],
  );
  const rulesInData = useMemo(() => {
    const ids = new Set(all.map((f) => f.ruleId));
    for (const r of ruleList) ids.add(r.id);
    return [...ids].sort();
  }, [all, ruleList]);

  const cols = useMemo<ColDef<Finding>[]>(
    () => [
      {
        field: 'severity',
        headerName: '严重程度',
        width: 92,
        cellRenderer: (p: { value: string }) => <SeverityBadge v={p.value} />,
      },
      {
        field: 'status',
        headerName: '状态',
        width: 150,
        cellRenderer: (p: { value: string; data?: Finding }) => (
          <span style={{ display: 'inline-flex', gap: 4, whiteSpace: 'nowrap' }}>
            <StatusBadge v={p.value} />
            <EscalationBadges f={p.data} />
          </span>
        ),
      },
      {
        field: 'daysLeft',
        headerName: '剩余/超期',
        width: 104,
        cellRenderer: (p: { value: number | null }) => <DaysCell value={p.value} />,
        comparator: (a, b) => (a ?? 1e9) - (b ?? 1e9),
      },
      {
        field: 'ruleId',
        headerName: '规则',
        width: 190,
        valueFormatter: (p) => `${p.data?.title ?? ruleTitle.get(p.value) ?? p.value}`,
        tooltipValueGetter: (p) => String(p.valueFormatted ?? ''),
      },
      { field: 'message', headerName: '问题', flex: 1, minWidth: 300, tooltipField: 'message' },
      { field: 'caseNo', headerName: '部门受案号', width: 230 },
      { field: 'person', headerName: '嫌疑人', width: 110 },
      { field: 'department', headerName: '承办部门', width: 100 },
      prosecutorColumn<Finding>(nav, { field: 'prosecutor', headerName: '承办检察官', width: 100 }),
      { field: 'dueOn', headerName: '期限', width: 104 },
      { field: 'source', headerName: '来源', width: 80, hide: true },
      { field: 'firstSeen', headerName: '首次发现', width: 104 },
    ],
    [ruleTitle, nav],
  );

  const reload = () => list.reload();
  const conditionsText = [
    `状态：${status}`,
    ruleId && `规则：${ruleTitle.get(ruleId) ?? ruleId}`,
    area && `领域：${area}`,
    department && `承办部门：${department}`,
    prosecutor && `承办检察官：${prosecutor}`,
    overdueOnly && '仅超期',
    q && `搜索：${q}`,
    since === 'week' && '本周新发现',
    reply === 'overdue' && '逾期未回复',
    mine && myDepartments && `部门：${myDepartments.join('、')}`,
  ]
    .filter(Boolean)
    .join('；');

  const [issued, setIssued] = useState<IssuedNotice[]>([]);

  const doAction = async (kind: FindingAction, ids: number[], extra: { note?: string; reason?: string }) => {
    if (kind === 'notice') {
      // One notice per case: group the chosen findings by their case.
      const byCase = new Map<string, number[]>();
      for (const id of ids) {
        const f = all.find((x) => x.id === id);
        const k = f?.caseNo ?? '';
        byCase.set(k, [...(byCase.get(k) ?? []), id]);
      }
      const r = await act.run(
        'notice',
        async () => {
          // Each case's notice on its own: one refused (a finding already in a notice in force, named in the
          // message) does not hide the notices issued for the other cases.
          const out: IssuedNotice[] = [];
          const refused: string[] = [];
          for (const group of byCase.values())
            try {
              out.push(await invoke('notices/issue', { findingIds: group }));
            } catch (e) {
              refused.push(errorText(e));
            }
          if (refused.length) {
            setIssued(out);
            throw new Error(refused.join('；'));
          }
          return out;
        },
        () => null,
      );
      if (r) setIssued(r);
    } else {
      await act.run(
        kind,
        () => invoke('findings/update-status', { ids, action: kind, ...extra }),
        () => `已${ACTION_NAMES[kind]}：${ids.length} 条`,
      );
    }
    setDialog(null);
    apiRef.current?.deselectAll();
    await reload();
  };

  const ids = selected.map((f) => f.id);
  const anyOpen = selected.some((f) => OPEN.has(f.status));
  const anyClosed = selected.some((f) => !OPEN.has(f.status));

  return (
    <>
      <div className="toolbar">
        <select
          aria-label="状态"
          value={status}
          onChange={(e) => setStatus(e.target.value)}
          data-testid="filter-status"
        >
          {STATUSES.map((s) => (
            <option key={s}>{s}</option>
          ))}
        </select>
        <input
          type="search"
          className="search"
          style={{ width: 230 }}
          placeholder="搜索 部门受案号 / 嫌疑人 / 问题 / 检察官"
          aria-label="搜索监控问题"
          data-testid="findings-search"
          value={qDraft}
          onChange={(e) => setQDraft(e.target.value)}
        />
        <select aria-label="规则" value={ruleId} onChange={(e) => setRuleId(e.target.value)} style={{ maxWidth: 220 }}>
          <option value="">全部规则</option>
          {rulesInData.map((r) => (
            <option key={r} value={r} title={r}>
              {ruleTitle.get(r) ?? r}
            </option>
          ))}
        </select>
        <select aria-label="领域" value={area} onChange={(e) => setArea(e.target.value)}>
          <option value="">全部领域</option>
          {AREAS.map((a) => (
            <option key={a}>{a}</option>
          ))}
        </select>
        <select aria-label="承办部门" value={department} onChange={(e) => setDepartment(e.target.value)}>
          <option value="">全部部门</option>
          {departments.map((a) => (
            <option key={a}>{a}</option>
          ))}
        </select>
        <select aria-label="承办检察官" value={prosecutor} onChange={(e) => setProsecutor(e.target.value)}>
          <option value="">全部检察官</option>
          {prosecutors.map((a) => (
            <option key={a}>{a}</option>
          ))}
        </select>
        <label className="row">
          <input type="checkbox" checked={overdueOnly} onChange={(e) => setOverdueOnly(e.target.checked)} />
          仅超期
        </label>
        {(since || reply || mine) && (
          <span className="badge" data-testid="findings-preset">
            {[
              since === 'week' ? '本周新发现' : since ? `${since} 以来发现` : '',
              reply === 'overdue' ? '逾期未回复' : '',
              mine ? (myDepartments ? `我的部门：${myDepartments.join('、')}` : '我的部门（未设置，显示全部）') : '',
            ]
              .filter(Boolean)
              .join(' · ')}
            <button
              className="icon-btn"
              aria-label="清除"
              onClick={() => (setSince(''), setReply(''), setMine(false), setView(null))}
            >
              ×
            </button>
          </span>
        )}
        <span className="spacer" />
        <span className="count" data-testid="findings-count">
          共 {rows.length} 条
        </span>
      </div>
      <div className="toolbar">
        <ViewsMenu
          grids={['findings', 'warnings']}
          active={view}
          current={() => ({ grid: 'findings', params: clean(filterParams) })}
          onApply={(v) => nav('findings', { ...v.params, view: v.name })}
        />
        <span className="spacer" />
        <ColumnChooser api={apiRef.current} onReset={prefs.reset} />
        <GridActions
          title="监控问题"
          conditions={conditionsText}
          testId="findings"
          request={() => {
            const shape = gridShape(apiRef.current);
            return {
              source: 'findings',
              filters: { ...payload, overdueOnly },
              sort: shape.sort,
              columns: shape.columns,
            };
          }}
        />
      </div>
      <div className="toolbar action-bar">
        <span className="muted small" style={{ minWidth: 120 }}>
          {selected.length ? `已选 ${selected.length} 条` : '勾选问题后可批量处理'}
        </span>
        <Button
          disabled={!anyOpen}
          busy={act.busy === 'remind'}
          onClick={() => setDialog({ kind: 'remind', ids })}
          testId="act-remind"
        >
          口头提示
        </Button>
        <Button
          kind="primary"
          disabled={!anyOpen}
          busy={act.busy === 'notice'}
          onClick={() => setDialog({ kind: 'notice', ids })}
          testId="act-notice"
        >
          发通知书
        </Button>
        <Button
          disabled={!anyOpen}
          busy={act.busy === 'rectify'}
          onClick={() => setDialog({ kind: 'rectify', ids })}
          testId="act-rectify"
        >
          整改
        </Button>
        <Button
          kind="danger"
          disabled={!anyOpen}
          busy={act.busy === 'waive'}
          onClick={() => setDialog({ kind: 'waive', ids })}
          testId="act-waive"
        >
          不予纠正
        </Button>
        <Button
          disabled={!anyClosed}
          busy={act.busy === 'reopen'}
          onClick={() => setDialog({ kind: 'reopen', ids })}
          testId="act-reopen"
        >
          重新打开
        </Button>
        <span className="spacer" />
        <span className="legend">
          <span className="days-over">超期</span>
          <span className="days-soon">3日内到期</span>
          <span className="badge overdue-rect">逾期未整改</span>
        </span>
      </div>
      <MessageBar msg={act.msg} onClose={() => act.setMsg(null)} />
      {issued.length > 0 && <IssuedNotices notices={issued} onClose={() => setIssued([])} />}
      {list.error && <MessageBar msg={{ kind: 'error', text: list.error }} />}
      <div className="split">
        <div className="grow" data-testid="findings-grid">
          <AgGridReact<Finding>
            theme={gridTheme}
            suppressColumnVirtualisation
            localeText={localeText}
            columnDefs={cols}
            rowData={rows}
            loading={list.loading && !list.data}
            defaultColDef={{ sortable: true, resizable: true }}
            getRowId={(p) => String(p.data.id)}
            rowSelection={{ mode: 'multiRow', checkboxes: true, headerCheckbox: true, enableClickSelection: false }}
            selectionColumnDef={{ pinned: 'left', width: 44 }}
            onGridReady={(e) => {
              apiRef.current = e.api;
              prefs.ready(e.api);
            }}
            {...prefs.events}
            onSelectionChanged={(e: SelectionChangedEvent<Finding>) => setSelected(e.api.getSelectedRows())}
            onRowClicked={(e) => e.data && setDetailId(e.data.id)}
            getRowClass={(p) => (p.data?.overdueRectification ? 'row-overdue-rect' : undefined)}
            onCellKeyDown={(e) => {
              const k = (e.event as KeyboardEvent | undefined)?.key;
              if (k === 'Enter' && e.data) setDetailId(e.data.id);
            }}
            tooltipShowDelay={400}
          />
        </div>
        {detailId !== null && (
          <FindingDetail
            id={detailId}
            onClose={() => setDetailId(null)}
            onAction={(k) => setDialog({ kind: k, ids: [detailId] })}
            onChanged={() => void reload()}
            version={list.data}
          />
        )}
      </div>
      {dialog && (
        <ActionDialog
          dialog={dialog}
          busy={!!act.busy}
          onCancel={() => setDialog(null)}
          onConfirm={(extra) => doAction(dialog.kind, dialog.ids, extra)}
        />
      )}
    </>
  );
}

const DIALOG_TITLE: Record<string, string> = {
  remind: '口头提示',
  notice: '发出流程监控通知书',
  rectify: '确认已整改',
  waive: '不予纠正',
  reopen: '重新打开',
};

function ActionDialog({
  dialog,
  busy,
  onCancel,
  onConfirm,
}: {
  dialog: NonNullable<Dialog>;
  busy: boolean;
  onCancel: () => void;
  onConfirm: (extra: { note?: string; reason?: string }) => void;
}) {
  const [text, setText] = useState('');
  const needReason = dialog.kind === 'waive';
  const label = dialog.kind === 'remind' ? '提示内容（记录在案）' : needReason ? '不予纠正的理由' : '备注';
  const confirm = () => {
    if (needReason && !text.trim()) return;
    onConfirm(needReason ? { reason: text.trim() } : text.trim() ? { note: text.trim() } : {});
  };
  return (
    <Modal
      title={DIALOG_TITLE[dialog.kind]}
      onClose={onCancel}
      footer={
        <>
          <Button onClick={onCancel}>取消</Button>
          <Button
            kind="primary"
            onClick={confirm}
            busy={busy}
            disabled={needReason && !text.trim()}
            testId="dialog-confirm"
          >
            确定
          </Button>
        </>
      }
    >
      <div>
        共 {dialog.ids.length} 条监控问题。
        {dialog.kind === 'notice' && '将按案件编号生成流程监控通知书，严重问题同时报检察长。'}
      </div>
      {dialog.kind !== 'notice' && (
        <Field label={label} required={needReason}>
          <textarea
            value={text}
            onChange={(e) => setText(e.target.value)}
            autoFocus
            data-testid="dialog-text"
            placeholder={needReason ? '必填' : '可不填'}
          />
        </Field>
      )}
      {needReason && !text.trim() && <div className="muted small">不予纠正必须填写理由。</div>}
    </Modal>
  );
}

function FindingDetail({
  id,
  onClose,
  onAction,
  onChanged,
  version,
}: {
  id: number;
  onClose: () => void;
  onAction: (k: FindingAction) => void;
  onChanged: () => void;
  version: unknown;
}) {
  const { data, error } = useInvoke('findings/get', { id }, [id, version]);
  const nav = useNav();
  useEscape(onClose);
  const f = data;
  const history = data?.history ?? [];
  const open = f ? OPEN.has(f.status) : false;
  return (
    <aside className="drawer" aria-label="问题详情" data-testid="finding-detail">
      <div className="drawer-head">
        <div style={{ flex: 1 }}>
          <div className="title">{f?.message ?? `问题 #${id}`}</div>
          {f && (
            <div className="row" style={{ marginTop: 4 }}>
              <SeverityBadge v={f.severity} />
              <StatusBadge v={f.status} />
              <EscalationBadges f={f} />
              <DaysCell value={f.daysLeft} />
            </div>
          )}
        </div>
        <button className="icon-btn" aria-label="关闭详情" onClick={onClose}>
          ×
        </button>
      </div>
      <div className="drawer-body">
        {error && <MessageBar msg={{ kind: 'error', text: error }} />}
        {f?.overdueRectification && (
          <div className="msg msg-error overdue-rect-banner" role="status" data-testid="finding-overdue-rect">
            自 {f.overdueOn} 起逾期未整改：流程监控通知书的回复期限已过，问题仍未整改
            {f.referred ? '，已移送检务督查部门。' : '，将列入当月逾期未整改问题移送清单。'}
          </div>
        )}
        {f && (
          <>
            <div className="row">
              <Button small disabled={!open} onClick={() => onAction('remind')}>
                口头提示
              </Button>
              <Button
                small
                kind="primary"
                disabled={!open || f.noticeId != null}
                title={
                  f.noticeId != null
                    ? '该问题已在一份未撤回的通知书中（见下方“流程监控通知书”）；如需重发，请先撤回'
                    : undefined
                }
                onClick={() => onAction('notice')}
                testId="detail-notice"
              >
                发通知书
              </Button>
              <Button small disabled={!open} onClick={() => onAction('rectify')}>
                整改
              </Button>
              <Button small kind="danger" disabled={!open} onClick={() => onAction('waive')}>
                不予纠正
              </Button>
              <Button small disabled={open} onClick={() => onAction('reopen')}>
                重新打开
              </Button>
            </div>
            <KV
              hideEmpty
              items={[
                ['规则', <span title={f.ruleId}>{f.title}</span>],
                ['领域', f.area],
                ['处理建议', f.suggestion],
                ['类型', f.kind],
                [
                  '部门受案号',
                  f.caseNo ? (
                    <button className="btn btn-link" onClick={() => nav('cases', { caseNo: f.caseNo, q: f.caseNo })}>
                      {f.caseNo}
                    </button>
                  ) : (
                    '—'
                  ),
                ],
                ['嫌疑人', f.person],
                ['承办部门', f.department],
                ['承办检察官', f.prosecutor ? <ProsecutorLink name={f.prosecutor} /> : null],
                ['期限', f.dueOn],
                ['首次发现', f.firstSeen],
                ['最近发现', f.lastSeen],
                ['来源', f.source],
                ['整改日期', f.rectifiedOn],
                ['不予纠正理由', f.waiveReason],
                ['逾期未整改', f.overdueOn ? `${f.overdueOn} 起` : null],
                [
                  '移送督查',
                  f.referred
                    ? `${f.referred.month.slice(0, 4)}年${+f.referred.month.slice(5)}月逾期未整改问题移送清单（第${f.referred.version}版），${f.referred.on}`
                    : null,
                ],
              ]}
            />
            <FindingNotices findingId={id} version={[version, f.status]} onChanged={onChanged} />
            {f.basis && (
              <div>
                <div className="section-title">法律依据</div>
                <div className="muted">{f.basis}</div>
              </div>
            )}
            <div>
              <div className="section-title">处理记录</div>
              {history.length === 0 ? (
                <div className="muted">暂无记录</div>
              ) : (
                <ul className="timeline" data-testid="finding-history">
                  {history.map((h, i) => (
                    <li key={i}>
                      <span className="date">{h.onDate}</span>
                      <strong>{ACTION_NAMES[h.action] ?? h.action}</strong>
                      <span className="muted">
                        {' '}
                        {h.from ? `${h.from} → ` : ''}
                        {h.to} · {h.actor}
                      </span>
                      {h.note && <div className="small">{h.note}</div>}
                    </li>
                  ))}
                </ul>
              )}
            </div>
          </>
        )}
      </div>
    </aside>
  );
}

function WarningsTab({ params }: { params: Record<string, string> }) {
  const nav = useNav();
  const [win, setWin] = useState(params.within ?? '');
  const [mine, setMine] = useState(params.mine === '1');
  const [q, setQ] = useState(params.q ?? '');
  const [view, setView] = useState<string | null>(params.view ?? null);
  useEffect(() => {
    setWin(params.within ?? '');
    setMine(params.mine === '1');
    setQ(params.q ?? '');
    setView(params.view ?? null);
  }, [params]);
  const myDepartments = useMyDepartments();
  const filterParams = useMemo(
    () => ({ tab: 'warnings', within: win || undefined, mine: mine ? '1' : undefined, q: q.trim() || undefined }),
    [win, mine, q],
  );
  useAddress({ ...filterParams, view: view ?? undefined });
  const apiRef = useRef<GridApi<Warning> | null>(null);
  const prefs = useColumnPrefs('warnings');
  const list = useInvoke('warnings/list');
  const all = useMemo(() => list.data?.warnings ?? [], [list.data]);
  const text = q.trim();
  const rows = useMemo(
    () =>
      all.filter(
        (w) =>
          (!win || w.daysLeft <= Number(win)) &&
          (!mine || !myDepartments || myDepartments.includes(w.department ?? '')) &&
          (!text ||
            [w.caseNo, w.message, w.prosecutor, w.department, w.title, w.person].some((x) => (x ?? '').includes(text))),
      ),
    [all, win, mine, myDepartments, text],
  );
  const cols = useMemo<ColDef<Warning>[]>(
    () => [
      {
        field: 'daysLeft',
        headerName: '剩余天数',
        width: 104,
        sort: 'asc',
        cellRenderer: (p: { value: number }) => <DaysCell value={p.value} />,
        valueFormatter: (p) => daysText(p.value),
      },
      { field: 'dueOn', headerName: '期限届满', width: 110 },
      { field: 'ruleId', headerName: '规则', width: 160, valueFormatter: (p) => `${p.data?.title ?? p.value}` },
      { field: 'message', headerName: '提示', flex: 1, minWidth: 220, tooltipField: 'message' },
      {
        field: 'caseNo',
        headerName: '部门受案号',
        width: 240,
        cellClass: 'cell-link',
        onCellClicked: (e) => e.value && nav('cases', { caseNo: String(e.value), q: String(e.value) }),
      },
      { field: 'person', headerName: '嫌疑人', width: 110 },
      { field: 'department', headerName: '承办部门', width: 110 },
      { field: 'prosecutor', headerName: '承办检察官', width: 100 },
    ],
    [nav],
  );
  const conditions = [
    win && `${win}日内到期`,
    mine && (myDepartments ? `部门：${myDepartments.join('、')}` : '我的部门（未设置，全部部门）'),
    text && `搜索：${text}`,
  ]
    .filter(Boolean)
    .join('；');
  return (
    <>
      <div className="toolbar">
        <input
          type="search"
          className="search"
          style={{ width: 220 }}
          placeholder="搜索 部门受案号 / 嫌疑人 / 检察官"
          aria-label="搜索临期预警"
          value={q}
          onChange={(e) => setQ(e.target.value)}
        />
        <select aria-label="到期范围" value={win} onChange={(e) => setWin(e.target.value)}>
          <option value="">全部预警</option>
          <option value="3">3日内到期</option>
          <option value="7">7日内到期</option>
        </select>
        <label className="row">
          <input type="checkbox" checked={mine} onChange={(e) => setMine(e.target.checked)} />
          我的部门{mine && !myDepartments ? '（当前操作人未设置负责部门：显示全部）' : ''}
        </label>
        <span className="count" data-testid="warnings-count">
          共 {rows.length} 条
        </span>
        <span className="spacer" />
        <span className="muted small">预警期限届满仍未办理的，下次审核转为监控问题</span>
      </div>
      <div className="toolbar">
        <ViewsMenu
          grids={['findings', 'warnings']}
          active={view}
          current={() => ({ grid: 'warnings', params: clean(filterParams) })}
          onApply={(v) => nav('findings', { ...v.params, view: v.name })}
        />
        <span className="spacer" />
        <ColumnChooser api={apiRef.current} onReset={prefs.reset} />
        <GridActions
          title="临期预警"
          conditions={conditions}
          testId="warnings"
          request={() => {
            const shape = gridShape(apiRef.current);
            return {
              source: 'warnings',
              filters: {
                within: win ? Number(win) : undefined,
                departments: mine && myDepartments ? myDepartments : undefined,
                q: text || undefined,
              },
              sort: shape.sort,
              columns: shape.columns,
            };
          }}
        />
      </div>
      {list.error && <MessageBar msg={{ kind: 'error', text: list.error }} />}
      <div className="grow" data-testid="warnings-grid">
        <AgGridReact<Warning>
          theme={gridTheme}
          suppressColumnVirtualisation
          localeText={localeText}
          columnDefs={cols}
          rowData={rows}
          defaultColDef={{ sortable: true, resizable: true }}
          loading={list.loading && !list.data}
          onGridReady={(e) => {
            apiRef.current = e.api;
            prefs.ready(e.api);
          }}
          {...prefs.events}
          onCellKeyDown={(e) => {
            const k = (e.event as KeyboardEvent | undefined)?.key;
            if (k === 'Enter' && e.data) nav('cases', { caseNo: e.data.caseNo, q: e.data.caseNo });
          }}
        />
      </div>
    </>
  );
}

/** Parameters without empty values (what a view stores). */
function clean(p: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(p).filter(([, v]) => v !== undefined && v !== '')) as Record<string, string>;
}

function IssuedNotices({ notices, onClose }: { notices: IssuedNotice[]; onClose: () => void }) {
  const act = useAction();
  const [files, setFiles] = useState<string[]>([]);
  const exportAll = async () => {
    const r = await act.run('export', async () => {
      const out: string[] = [];
      for (const n of notices)
        out.push(...(await invoke('notices/export', { id: n.id, formats: ['docx', 'pdf'] })).files);
      return out;
    });
    if (r) setFiles(r);
  };
  return (
    <div className="msg msg-info" data-testid="issued-notices">
      <span>
        已发出流程监控通知书：
        {notices
          .map(
            (n) =>
              `${n.number}（${n.caseNo}${n.replyDueOn ? `，${n.replyDueOn} 前回复` : ''}${n.toChief ? '，已报检察长' : ''}）`,
          )
          .join('；')}
        {files.length > 0 && (
          <span className="download-list" style={{ display: 'inline-flex', marginLeft: 10 }}>
            {files.map((f) => (
              <FileLink key={f} path={f} />
            ))}
          </span>
        )}
        {act.msg?.kind === 'error' && <span className="danger-text"> {act.msg.text}</span>}
      </span>
      <Button small busy={act.busy === 'export'} onClick={exportAll} testId="notice-export">
        导出 Word / PDF
      </Button>
      <button className="icon-btn" aria-label="关闭" onClick={onClose}>
        ×
      </button>
    </div>
  );
}
