/**
 * 逾期未整改问题移送清单 of a month (jobs.md *Escalation*): the findings that became 逾期未整改 in the month, as the
 * month's referral package will propose them; before export the user excludes one with a reason (or restores it).
 * Shown in 线索移送 → 月度移送材料.
 */
import { useState } from 'react';
import { invoke, type HandlerResult } from '../api';
import { useAction, useInvoke } from '../hooks';
import { Button, Empty, Field, MessageBar, Modal } from '../components/ui';
import { ProsecutorLink } from '../components/prosecutor';
import { useNav } from '../nav';
import { periodLabel } from '../util';

type Proposal = HandlerResult<'escalation/proposals'>['proposals'][number];

export function OverdueReferrals({ month, onRegenerate }: { month: string; onRegenerate: () => void }) {
  const list = useInvoke('escalation/proposals', { month });
  const act = useAction();
  const nav = useNav();
  const [excluding, setExcluding] = useState<Proposal | null>(null);
  const [reason, setReason] = useState('');
  const rows = list.data?.proposals ?? [];
  const version = list.data?.packageVersion ?? null;
  const referred = rows.filter((r) => !r.excluded).length;
  const changedSinceExport = version != null && rows.some((r) => !r.excluded !== (r.referred?.month === month));

  const exclude = async () => {
    if (!excluding || !reason.trim()) return;
    const r = await act.run(
      'exclude',
      () => invoke('escalation/exclude', { month, findingId: excluding.findingId, reason: reason.trim() }),
      () => `已将问题 #${excluding.findingId} 排除出${periodLabel(month)}移送清单。`,
    );
    if (r) {
      setExcluding(null);
      setReason('');
      void list.reload();
    }
  };
  const restore = async (p: Proposal) => {
    const r = await act.run(
      `restore-${p.findingId}`,
      () => invoke('escalation/restore', { month, findingId: p.findingId }),
      () => `已将问题 #${p.findingId} 重新列入${periodLabel(month)}移送清单。`,
    );
    if (r) void list.reload();
  };

  return (
    <section className="panel" data-testid="overdue-referrals">
      <div className="panel-head">
        逾期未整改问题移送清单
        <span className="note">
          {periodLabel(month)}成为逾期未整改的问题 {rows.length} 个，拟移送 {referred} 个
          {version != null ? `；本月移送材料已生成第${version}版` : ''}
        </span>
      </div>
      <div className="panel-body">
        <p className="muted small" style={{ marginTop: 0 }}>
          发出流程监控通知书后，回复期限已过仍未整改的问题，在其后第一次日审核时认定为逾期未整改，随当月移送材料移送检务督查部门。
          生成移送材料前可以填写理由将某个问题排除出清单。
        </p>
        {changedSinceExport && (
          <MessageBar
            msg={{
              kind: 'info',
              text: '清单已有更改，与已生成的移送材料不一致：请重新生成移送材料（生成新版本，旧版本保留）。',
            }}
          />
        )}
        {changedSinceExport && (
          <div style={{ margin: '6px 0' }}>
            <Button onClick={onRegenerate} testId="package-regenerate">
              重新生成移送材料
            </Button>
          </div>
        )}
        <MessageBar msg={act.msg} onClose={() => act.setMsg(null)} />
        {list.error && <MessageBar msg={{ kind: 'error', text: list.error }} />}
        {rows.length === 0 ? (
          <Empty>{periodLabel(month)}没有成为逾期未整改的问题</Empty>
        ) : (
          <div className="table-wrap" style={{ maxHeight: 420 }}>
            <table className="simple" data-testid="overdue-list">
              <thead>
                <tr>
                  <th>问题</th>
                  <th>部门受案号</th>
                  <th>案件名称</th>
                  <th>承办检察官</th>
                  <th>通知书</th>
                  <th>回复期限</th>
                  <th>逾期认定</th>
                  <th>当前状态</th>
                  <th>移送</th>
                  <th>操作</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((p) => (
                  <tr
                    key={p.findingId}
                    className={p.excluded ? 'proposal-excluded' : undefined}
                    data-finding={p.findingId}
                  >
                    <td>
                      <button
                        className="btn btn-link"
                        onClick={() => nav('findings', { id: String(p.findingId), status: '全部' })}
                      >
                        #{p.findingId} {p.ruleTitle}
                      </button>
                      <span className="badge sev-high" style={{ marginLeft: 4 }}>
                        {p.severity}
                      </span>
                    </td>
                    <td>{p.caseNo}</td>
                    <td>{p.title}</td>
                    <td>
                      <ProsecutorLink name={p.prosecutor} year={month.slice(0, 4)} />
                    </td>
                    <td>{p.notice?.number ?? '—'}</td>
                    <td>{p.notice?.replyDueOn ?? '—'}</td>
                    <td>{p.overdueOn}</td>
                    <td>{p.status}</td>
                    <td className="reason">
                      {p.excluded
                        ? `不予移送：${p.excluded.reason}`
                        : p.referred
                          ? `已移送（第${p.referred.version}版，${p.referred.on}）`
                          : '拟移送'}
                    </td>
                    <td>
                      {p.excluded ? (
                        <Button small busy={act.busy === `restore-${p.findingId}`} onClick={() => restore(p)}>
                          恢复移送
                        </Button>
                      ) : (
                        <Button small kind="danger" onClick={() => setExcluding(p)} testId={`exclude-${p.findingId}`}>
                          不予移送
                        </Button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </div>
      {excluding && (
        <Modal
          title={`不予移送：问题 #${excluding.findingId}`}
          onClose={() => setExcluding(null)}
          footer={
            <>
              <Button onClick={() => setExcluding(null)}>取消</Button>
              <Button
                kind="danger"
                disabled={!reason.trim()}
                busy={act.busy === 'exclude'}
                onClick={exclude}
                testId="exclude-confirm"
              >
                确定不予移送
              </Button>
            </>
          }
        >
          <div className="muted small" style={{ marginBottom: 8 }}>
            {excluding.caseNo} · {excluding.ruleTitle} · {excluding.prosecutor}
          </div>
          <Field label="理由" required>
            <textarea
              rows={3}
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              placeholder="例如：承办检察官已说明客观原因并完成整改"
              data-testid="exclude-reason"
            />
          </Field>
          {!reason.trim() && <div className="muted small">不予移送必须填写理由。</div>}
        </Modal>
      )}
    </section>
  );
}
