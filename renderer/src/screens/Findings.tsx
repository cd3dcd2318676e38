/** 监控问题: findings and 临期预警 with filters, single and bulk actions, and a finding's history. */
import { useEffect, useMemo, useRef, useState } from 'react';
import { AgGridReact } from 'ag-grid-react';
import type { ColDef, GridApi, SelectionChangedEvent } from 'ag-grid-community';
import { errorText, invoke, type HandlerInput, type HandlerResult } from '../api';
import { gridTheme, localeText } from '../grid';
import { useAction, useInvoke } from '../hooks';
import { useNav } from '../nav';
import { Button, Field, KV, MessageBar, Modal, SeverityBadge, StatusBadge, Tabs, FileLink } from '../components/ui';
import { ACTION_NAMES, AREAS, daysText } from '../util';
import { FindingNotices, NoticesTab } from './Notices';

type Finding = HandlerResult<'findings/list'>['findings'][number];
type Warning = HandlerResult<'warnings/list'>['warnings'][number];
type IssuedNotice = HandlerResult<'notices/issue'>;
type FindingsQuery = HandlerInput<'findings/list'>;
type FindingStatus = Extract<NonNullable<FindingsQuery['status']>, string>;
type FindingAction = HandlerInput<'findings/update-status'>['action'];

const OPEN_STATUSES: FindingStatus[] = ['待处理', '已提示', '已通知'];
const OPEN = new Set<string>(OPEN_STATUSES);
const STATUSES = ['未整改', '待处理', '已提示', '已通知', '已整改', '不予纠正', '全部'];

type Dialog = { kind: FindingAction; ids: number[] } | null;

function DaysCell({ value }: { value: number | null | undefined }) {
  if (value === null || value === undefined) return <span className="muted">—</span>;
  return <span className={value < 0 ? 'days-over' : value <= 3 ? 'days-soon' : ''}>{daysText(value)}</span>;
}

type FindingsTabId = 'findings' | 'warnings' | 'notices';
const tabOf = (t: string | undefined): FindingsTabId => (t === 'warnings' || t === 'notices' ? t : 'findings');

export function FindingsScreen({ params }: { params: Record<string, string> }) {
  const [tab, setTab] = useState<FindingsTabId>(tabOf(params.tab));
  useEffect(() => setTab(tabOf(params.tab)), [params.tab]);
  const nav = useNav();
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
        <WarningsTab within={params.within} />
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
  const [detailId, setDetailId] = useState<number | null>(params.id ? Number(params.id) : null);
  const [selected, setSelected] = useState<Finding[]>([]);
  const [dialog, setDialog] = useState<Dialog>(null);
  const apiRef = useRef<GridApi<Finding> | null>(null);
  const act = useAction();

  useEffect(() => {
    setStatus(params.status ?? '未整改');
    setArea(params.area ?? '');
    setOverdueOnly(params.overdue === '1');
    setRuleId(params.ruleId ?? '');
    setDepartment(params.department ?? '');
    setProsecutor(params.prosecutor ?? '');
    if (params.id) setDetailId(Number(params.id));
  }, [params]);

  const payload = useMemo(() => {
    const p: FindingsQuery = {};
    if (status === '未整改') p.status = [...OPEN_STATUSES];
    else if (status !== '全部') p.status = status as FindingStatus;
    if (ruleId) p.ruleId = ruleId;
    if (area) p.area = area;
    if (department) p.department = department;
    if (prosecutor) p.prosecutor = prosecutor;
    return p;
  }, [status, ruleId, area, department, prosecutor]);
  const list = useInvoke('findings/list', payload);
  const rules = useInvoke('rules/list');
  const ruleList = useMemo(() => rules.data?.rules ?? [], [rules.data]);
  const ruleTitle = useMemo(() => new Map(ruleList.map((r) => [r.id, r.title])), [ruleList]);

  const all = useMemo(() => list.data?.findings ?? [], [list.data]);
  const rows = useMemo(
    () =>
      all.filter(
        (f) =>
          (status === '全部' || (status === '未整改' ? OPEN.has(f.status) : f.status === status)) &&
          (!ruleId || f.ruleId === ruleId) &&
          (!area || f.area === area) &&
          (!department || f.department === department) &&
          (!prosecutor || f.prosecutor === prosecutor) &&
          (!overdueOnly || (typeof f.daysLeft === 'number' && f.daysLeft < 0)),
      ),
    [all, status, ruleId, area, department, prosecutor, overdueOnly],
  );
  const departments = useMemo(
    () => [...new Set(all.map((f) => f.department).filter(Boolean) as string[])].sort(),
    [all],
  );
  const prosecutors = useMemo(
    () =>
      [...new Set(all.map((f) => f.prosecutor).filter(Boolean) as string[])].sort((a, b) =>
        a.localeCompare(b, 'zh-CN'),
      ),
    [all],
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
        width: 86,
        cellRenderer: (p: { value: string }) => <StatusBadge v={p.value} />,
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
      { field: 'department', headerName: '承办部门', width: 100 },
      { field: 'prosecutor', headerName: '承办检察官', width: 100 },
      { field: 'dueOn', headerName: '期限', width: 104 },
      { field: 'source', headerName: '来源', width: 80, hide: true },
      { field: 'firstSeen', headerName: '首次发现', width: 104 },
    ],
    [ruleTitle],
  );

  const reload = () => list.reload();

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
        <span className="spacer" />
        <span className="count" data-testid="findings-count">
          共 {rows.length} 条
        </span>
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
        </span>
      </div>
      <MessageBar msg={act.msg} onClose={() => act.setMsg(null)} />
      {issued.length > 0 && <IssuedNotices notices={issued} onClose={() => setIssued([])} />}
      {list.error && <MessageBar msg={{ kind: 'error', text: list.error }} />}
      <div className="split">
        <div className="grow" data-testid="findings-grid">
          <AgGridReact<Finding>
            theme={gridTheme}
            localeText={localeText}
            columnDefs={cols}
            rowData={rows}
            loading={list.loading && !list.data}
            defaultColDef={{ sortable: true, resizable: true }}
            getRowId={(p) => String(p.data.id)}
            rowSelection={{ mode: 'multiRow', checkboxes: true, headerCheckbox: true, enableClickSelection: false }}
            selectionColumnDef={{ pinned: 'left', width: 44 }}
            onGridReady={(e) => (apiRef.current = e.api)}
            onSelectionChanged={(e: SelectionChangedEvent<Finding>) => setSelected(e.api.getSelectedRows())}
            onRowClicked={(e) => e.data && setDetailId(e.data.id)}
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
                ['嫌疑人', f.personNo ? `编号 ${f.personNo}` : null],
                ['承办部门', f.department],
                ['承办检察官', f.prosecutor],
                ['期限', f.dueOn],
                ['首次发现', f.firstSeen],
                ['最近发现', f.lastSeen],
                ['来源', f.source],
                ['整改日期', f.rectifiedOn],
                ['不予纠正理由', f.waiveReason],
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

function WarningsTab({ within }: { within?: string }) {
  const nav = useNav();
  const [win, setWin] = useState(within ?? '');
  useEffect(() => setWin(within ?? ''), [within]);
  const list = useInvoke('warnings/list');
  const all = useMemo(() => list.data?.warnings ?? [], [list.data]);
  const rows = useMemo(() => (win ? all.filter((w) => w.daysLeft <= Number(win)) : all), [all, win]);
  const cols = useMemo<ColDef<Warning>[]>(
    () => [
      {
        field: 'daysLeft',
        headerName: '剩余天数',
        width: 104,
        sort: 'asc',
        cellRenderer: (p: { value: number }) => <DaysCell value={p.value} />,
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
      { field: 'personNo', headerName: '嫌疑人编号', width: 96 },
      { field: 'department', headerName: '承办部门', width: 110 },
      { field: 'prosecutor', headerName: '承办检察官', width: 100 },
    ],
    [nav],
  );
  return (
    <>
      <div className="toolbar">
        <select aria-label="到期范围" value={win} onChange={(e) => setWin(e.target.value)}>
          <option value="">全部预警</option>
          <option value="3">3日内到期</option>
          <option value="7">7日内到期</option>
        </select>
        <span className="count">共 {rows.length} 条</span>
        <span className="spacer" />
        <span className="muted small">预警期限届满仍未办理的，下次审核转为监控问题</span>
      </div>
      {list.error && <MessageBar msg={{ kind: 'error', text: list.error }} />}
      <div className="grow" data-testid="warnings-grid">
        <AgGridReact<Warning>
          theme={gridTheme}
          localeText={localeText}
          columnDefs={cols}
          rowData={rows}
          defaultColDef={{ sortable: true, resizable: true }}
          loading={list.loading && !list.data}
        />
      </div>
    </>
  );
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
