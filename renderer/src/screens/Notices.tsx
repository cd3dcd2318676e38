/**
 * 流程监控通知书 where the work is (issue 17): the 监控问题 → 通知书 tab (every notice with its status
 * 待回复 / 已回复 / 逾期未回复 / 已撤回) and the notices section of a finding's detail panel. From
 * either: record the written reply, withdraw (撤回, with a reason), open the document (DOCX and PDF).
 */
import { useEffect, useMemo, useState } from 'react';
import { AgGridReact } from 'ag-grid-react';
import type { ColDef } from 'ag-grid-community';
import { invoke, type HandlerResult } from '../api';
import { gridTheme, localeText } from '../grid';
import { useAction, useInvoke } from '../hooks';
import { useNav } from '../nav';
import { Button, Empty, Field, FileLink, KV, MessageBar, Modal } from '../components/ui';
import { chinaToday } from '../util';

type NoticeRow = HandlerResult<'notices/list'>['notices'][number];
type Notice = HandlerResult<'notices/get'>;
type NoticeStatus = NoticeRow['status'];

const STATUSES: NoticeStatus[] = ['待回复', '逾期未回复', '已回复', '已撤回'];
const STATUS_CLASS: Record<NoticeStatus, string> = {
  待回复: 'st-noticed',
  逾期未回复: 'sev-high',
  已回复: 'st-done',
  已撤回: 'st-waived',
};

export function NoticeStatusBadge({ v }: { v: NoticeStatus }) {
  return (
    <span className={`badge ${STATUS_CLASS[v] ?? ''}`} data-testid="notice-status">
      {v}
    </span>
  );
}

/** The notices tab of 监控问题: a grid with a status filter and the selected notice's panel. */
export function NoticesTab({ params }: { params: Record<string, string> }) {
  const nav = useNav();
  const [status, setStatus] = useState<string>(params.status ?? '');
  const [selected, setSelected] = useState<number | null>(params.notice ? Number(params.notice) : null);
  useEffect(() => {
    if (params.notice) setSelected(Number(params.notice));
  }, [params.notice]);
  const list = useInvoke('notices/list', { limit: 10000, ...(status ? { status: status as NoticeStatus } : {}) });
  const rows = useMemo(() => list.data?.notices ?? [], [list.data]);
  const cols = useMemo<ColDef<NoticeRow>[]>(
    () => [
      { field: 'number', headerName: '文号', width: 220 },
      {
        field: 'status',
        headerName: '状态',
        width: 108,
        cellRenderer: (p: { value: NoticeStatus }) => <NoticeStatusBadge v={p.value} />,
      },
      { field: 'issuedOn', headerName: '发出日期', width: 108 },
      {
        field: 'replyDueOn',
        headerName: '回复期限',
        width: 108,
        cellClass: (p) => (p.data?.status === '逾期未回复' ? 'days-over' : ''),
      },
      { field: 'replyOn', headerName: '回复日期', width: 108 },
      { field: 'caseNo', headerName: '部门受案号', width: 230 },
      { field: 'title', headerName: '案件名称', flex: 1, minWidth: 160, tooltipField: 'title' },
      { field: 'department', headerName: '承办部门', width: 104 },
      { field: 'prosecutor', headerName: '承办检察官', width: 100 },
      { field: 'findings', headerName: '问题数', width: 80, type: 'rightAligned' },
      {
        field: 'toChief',
        headerName: '报检察长',
        width: 92,
        valueFormatter: (p) => (p.value ? '是' : ''),
      },
    ],
    [],
  );
  const counts = useMemo(() => {
    const c: Record<string, number> = {};
    for (const r of rows) c[r.status] = (c[r.status] ?? 0) + 1;
    return c;
  }, [rows]);
  return (
    <>
      <div className="toolbar">
        <select
          aria-label="通知书状态"
          value={status}
          onChange={(e) => setStatus(e.target.value)}
          data-testid="notice-filter-status"
        >
          <option value="">全部状态</option>
          {STATUSES.map((s) => (
            <option key={s}>{s}</option>
          ))}
        </select>
        <span className="count" data-testid="notices-count">
          共 {list.data?.total ?? 0} 份
        </span>
        {!status && (
          <span className="muted small">
            {STATUSES.filter((s) => counts[s])
              .map((s) => `${s} ${counts[s]}`)
              .join('，')}
          </span>
        )}
        <span className="spacer" />
        <span className="muted small">通知书在“监控问题”中勾选问题后发出；点击一行登记回复、撤回或打开文书</span>
      </div>
      {list.error && <MessageBar msg={{ kind: 'error', text: list.error }} />}
      <div className="split">
        <div className="grow" data-testid="notices-grid">
          {rows.length === 0 && !list.loading ? (
            <Empty>{status ? `没有${status}的通知书` : '尚未发出流程监控通知书'}</Empty>
          ) : (
            <AgGridReact<NoticeRow>
              theme={gridTheme}
              localeText={localeText}
              columnDefs={cols}
              rowData={rows}
              loading={list.loading && !list.data}
              defaultColDef={{ sortable: true, resizable: true }}
              getRowId={(p) => String(p.data.id)}
              onRowClicked={(e) => e.data && setSelected(e.data.id)}
              tooltipShowDelay={400}
            />
          )}
        </div>
        {selected !== null && (
          <NoticePanel
            id={selected}
            version={list.data}
            onClose={() => {
              setSelected(null);
              if (params.notice) nav('findings', { tab: 'notices' });
            }}
            onChanged={() => void list.reload()}
          />
        )}
      </div>
    </>
  );
}

/** One notice: what it says, its reply or withdrawal, its findings, and the actions. */
function NoticePanel({
  id,
  version,
  onClose,
  onChanged,
}: {
  id: number;
  version: unknown;
  onClose: () => void;
  onChanged: () => void;
}) {
  const nav = useNav();
  const { data: n, error, reload } = useInvoke('notices/get', { id }, [id, version]);
  return (
    <aside className="drawer" aria-label="通知书详情" data-testid="notice-detail">
      <div className="drawer-head">
        <div style={{ flex: 1 }}>
          <div className="title">{n?.number ?? `通知书 #${id}`}</div>
          {n && (
            <div className="row" style={{ marginTop: 4 }}>
              <NoticeStatusBadge v={n.status} />
              {n.toChief && <span className="badge sev-high">报检察长</span>}
            </div>
          )}
        </div>
        <button className="icon-btn" aria-label="关闭详情" onClick={onClose}>
          ×
        </button>
      </div>
      <div className="drawer-body">
        {error && <MessageBar msg={{ kind: 'error', text: error }} />}
        {n && (
          <>
            <NoticeActions
              notice={n}
              onChanged={() => {
                void reload();
                onChanged();
              }}
            />
            <KV
              hideEmpty
              items={[
                ['部门受案号', n.caseNo],
                ['案件名称', n.content.case.title || null],
                ['承办', `${n.department ?? ''} ${n.prosecutor ?? ''}`.trim() || null],
                ['发出日期', n.issuedOn],
                ['回复期限', n.replyDueOn],
                ['回复日期', n.replyOn],
                ['回复内容', n.replyText],
                ['撤回日期', n.withdrawnOn],
                ['撤回理由', n.withdrawnReason],
                ['签发人', n.issuedBy],
              ]}
            />
            <div>
              <div className="section-title">通知书所列问题（{n.content.problems.length || n.findingIds.length}）</div>
              <ul className="timeline" data-testid="notice-problems">
                {(n.content.problems.length
                  ? n.content.problems
                  : n.findingIds.map((f) => ({
                      findingId: f,
                      ruleTitle: `问题 #${f}`,
                      message: '',
                      correction: '',
                      severity: '',
                    }))
                ).map((p) => (
                  <li key={p.findingId}>
                    <button className="btn btn-link" onClick={() => nav('findings', { id: String(p.findingId) })}>
                      {p.ruleTitle}
                      {p.severity ? `（${p.severity}）` : ''}
                    </button>
                    {p.message && <div className="small">{p.message}</div>}
                    {p.correction && <div className="small muted">要求：{p.correction}</div>}
                  </li>
                ))}
              </ul>
              {n.content.requirement && <div className="small muted">{n.content.requirement}</div>}
            </div>
          </>
        )}
      </div>
    </aside>
  );
}

/**
 * The actions on a notice: 登记回复 (while it waits for one), 撤回 (unless withdrawn), 打开文书. From a
 * finding's panel `findingId` is given and the reply is recorded through the finding (jobs.md).
 */
export function NoticeActions({
  notice,
  findingId,
  onChanged,
}: {
  notice: Pick<Notice, 'id' | 'number' | 'status' | 'issuedOn'>;
  findingId?: number;
  onChanged: () => void;
}) {
  const act = useAction();
  const [dialog, setDialog] = useState<'reply' | 'withdraw' | null>(null);
  const [on, setOn] = useState(chinaToday());
  const [text, setText] = useState('');
  const [files, setFiles] = useState<string[]>([]);
  const withdrawn = notice.status === '已撤回';
  const open = () => {
    setOn(chinaToday());
    setText('');
  };
  const save = async () => {
    if (!dialog || !text.trim()) return;
    const r =
      dialog === 'reply'
        ? await act.run(
            'reply',
            () =>
              invoke('notices/reply', {
                ...(findingId != null ? { findingId } : { id: notice.id }),
                on,
                text: text.trim(),
              }),
            () => `已登记 ${notice.number} 的回复。`,
          )
        : await act.run(
            'withdraw',
            () => invoke('notices/withdraw', { id: notice.id, reason: text.trim(), on }),
            () => `已撤回 ${notice.number}，所列问题可重新处理。`,
          );
    if (r !== undefined) {
      setDialog(null);
      onChanged();
    }
  };
  const exportDoc = async () => {
    const r = await act.run('export', () => invoke('notices/export', { id: notice.id, formats: ['docx', 'pdf'] }));
    if (r) setFiles(r.files);
  };
  return (
    <div>
      <div className="row" style={{ gap: 6, flexWrap: 'wrap' }}>
        {(notice.status === '待回复' || notice.status === '逾期未回复') && (
          <Button
            small
            kind="primary"
            onClick={() => {
              open();
              setDialog('reply');
            }}
            testId="notice-reply"
          >
            登记回复
          </Button>
        )}
        {notice.status === '已回复' && (
          <Button
            small
            onClick={() => {
              open();
              setDialog('reply');
            }}
            testId="notice-reply"
          >
            修改回复
          </Button>
        )}
        {!withdrawn && (
          <Button
            small
            kind="danger"
            onClick={() => {
              open();
              setDialog('withdraw');
            }}
            testId="notice-withdraw"
          >
            撤回
          </Button>
        )}
        <Button small busy={act.busy === 'export'} onClick={exportDoc} testId="notice-open">
          打开文书
        </Button>
        {files.length > 0 && (
          <span className="download-list" data-testid="notice-files">
            {files.map((f) => (
              <FileLink key={f} path={f} label={f.split('.').pop()?.toUpperCase()} />
            ))}
          </span>
        )}
      </div>
      {act.msg && (
        <div style={{ marginTop: 6 }}>
          <MessageBar msg={act.msg} onClose={() => act.setMsg(null)} />
        </div>
      )}
      {dialog && (
        <Modal
          title={`${dialog === 'reply' ? '登记回复' : '撤回通知书'}：${notice.number}`}
          onClose={() => setDialog(null)}
          footer={
            <>
              <Button onClick={() => setDialog(null)}>取消</Button>
              <Button
                kind={dialog === 'withdraw' ? 'danger' : 'primary'}
                disabled={!text.trim() || !on}
                busy={!!act.busy}
                onClick={save}
                testId="notice-dialog-confirm"
              >
                {dialog === 'reply' ? '保存回复' : '确认撤回'}
              </Button>
            </>
          }
        >
          {dialog === 'withdraw' && (
            <div className="small muted">
              撤回后文号不再使用，通知书不再计入发出数和逾期未回复数；所列问题恢复为发出前的状态，可重新发出通知书。
            </div>
          )}
          <Field label={dialog === 'reply' ? '回复日期' : '撤回日期'} required>
            <input
              type="date"
              value={on}
              min={notice.issuedOn}
              max={chinaToday()}
              onChange={(e) => setOn(e.target.value)}
              data-testid="notice-dialog-date"
            />
          </Field>
          <Field label={dialog === 'reply' ? '回复内容' : '撤回理由'} required>
            <textarea
              value={text}
              onChange={(e) => setText(e.target.value)}
              autoFocus
              placeholder="必填"
              data-testid="notice-dialog-text"
            />
          </Field>
        </Modal>
      )}
    </div>
  );
}

/** A finding's notices (in force first), each with its status and actions: the section of the finding panel. */
export function FindingNotices({
  findingId,
  version,
  onChanged,
}: {
  findingId: number;
  version: unknown;
  onChanged: () => void;
}) {
  const nav = useNav();
  const { data, reload } = useInvoke('notices/list', { findingId }, [findingId, version]);
  const rows = data?.notices ?? [];
  if (!rows.length) return null;
  return (
    <div data-testid="finding-notices">
      <div className="section-title">流程监控通知书</div>
      {[...rows]
        .sort((a, b) => Number(a.status === '已撤回') - Number(b.status === '已撤回'))
        .map((n) => (
          <div key={n.id} className="notice-card" style={{ marginBottom: 8 }}>
            <div className="row" style={{ gap: 6 }}>
              <button
                className="btn btn-link"
                onClick={() => nav('findings', { tab: 'notices', notice: String(n.id) })}
              >
                {n.number}
              </button>
              <NoticeStatusBadge v={n.status} />
              <span className="muted small">
                {n.issuedOn} 发出，{n.replyDueOn} 前回复
                {n.replyOn ? `；${n.replyOn} 已回复` : ''}
                {n.withdrawnOn ? `；${n.withdrawnOn} 撤回：${n.withdrawnReason ?? ''}` : ''}
              </span>
            </div>
            {n.replyText && <div className="small">回复：{n.replyText}</div>}
            <NoticeActions
              notice={n}
              findingId={n.status === '已撤回' ? undefined : findingId}
              onChanged={() => {
                void reload();
                onChanged();
              }}
            />
          </div>
        ))}
    </div>
  );
}
