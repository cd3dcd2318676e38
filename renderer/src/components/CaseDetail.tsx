/** The detail of one case: facts, persons (names masked until 显示姓名), events, documents, findings, field history. */
import { useState } from 'react';
import { useInvoke } from '../hooks';
import { useNav } from '../nav';
import { daysText, maskName, str, timeText } from '../util';
import { Button, Empty, KV, MessageBar, SeverityBadge, StatusBadge, Tabs } from './ui';
import { ProsecutorLink } from './prosecutor';
import { useEscape } from '../roster';

type Tab = 'info' | 'persons' | 'events' | 'documents' | 'findings' | 'history';

const yes = (b: boolean | null | undefined) => (b === true ? '是' : b === false ? '否' : '—');

export function CaseDetailPanel({ caseNo, onClose }: { caseNo: string; onClose: () => void }) {
  const { data, error, loading } = useInvoke('cases/get', { caseNo }, [caseNo]);
  const [tab, setTab] = useState<Tab>('info');
  const [showNames, setShowNames] = useState(false);
  const nav = useNav();
  const c = data?.case;
  const persons = data?.persons ?? [];
  const events = data?.events ?? [];
  const documents = data?.documents ?? [];
  const findings = data?.findings ?? [];
  const history = data?.history ?? [];
  const name = (n: string | null | undefined) => (showNames ? (n ?? '') : maskName(n));
  useEscape(onClose);

  return (
    <aside className="drawer" aria-label="案件详情" data-testid="case-detail">
      <div className="drawer-head">
        <div style={{ flex: 1 }}>
          <div className="title">{c?.title ?? caseNo}</div>
          <div className="muted small">{caseNo}</div>
        </div>
        <button className="icon-btn" aria-label="关闭详情" onClick={onClose}>
          ×
        </button>
      </div>
      <Tabs<Tab>
        value={tab}
        onChange={setTab}
        tabs={[
          { id: 'info', label: '基本信息' },
          { id: 'persons', label: `嫌疑人 ${persons.length}` },
          { id: 'events', label: `流程 ${events.length}` },
          { id: 'documents', label: `文书 ${documents.length}` },
          { id: 'findings', label: `问题 ${findings.length}` },
          { id: 'history', label: '变更' },
        ]}
      />
      <div className="drawer-body">
        {error && <MessageBar msg={{ kind: 'error', text: error }} />}
        {loading && !data && <div className="muted">加载中…</div>}
        {c && tab === 'info' && (
          <KV
            items={[
              ['案件名称', c.title],
              ['案件类别', c.category],
              ['案由', c.cause],
              ['承办部门', c.department],
              ['承办检察官', <ProsecutorLink key="p" name={c.prosecutor} />],
              ['移送机关', c.agency],
              ['受理日期', c.receivedOn],
              ['适用程序', c.procedure],
              ['重大复杂', yes(c.complex)],
              ['有被害人', yes(c.hasVictim)],
              ['案件状态', c.status],
              ['办结日期', c.concludedOn],
              ['办结方式', c.conclusion],
              ['备注', c.note],
            ]}
          />
        )}
        {tab === 'persons' && (
          <>
            <div className="row">
              <span className="muted small">嫌疑人姓名默认隐去</span>
              <Button small onClick={() => setShowNames((v) => !v)} testId="toggle-names">
                {showNames ? '隐藏姓名' : '显示姓名'}
              </Button>
            </div>
            {persons.length === 0 ? (
              <Empty>无嫌疑人</Empty>
            ) : (
              <div className="table-wrap">
                <table className="simple">
                  <thead>
                    <tr>
                      <th>编号</th>
                      <th>姓名</th>
                      <th>羁押</th>
                      <th>强制措施</th>
                      <th>审查结论</th>
                      <th>结论日期</th>
                      <th>认罪认罚</th>
                    </tr>
                  </thead>
                  <tbody>
                    {persons.map((p) => (
                      <tr key={p.personNo}>
                        <td>{p.personNo}</td>
                        <td data-testid="person-name">{name(p.name)}</td>
                        <td>{p.custody ?? '—'}</td>
                        <td>
                          {p.measure ?? '—'}
                          {p.measureFrom ? <div className="muted small">自 {p.measureFrom}</div> : null}
                        </td>
                        <td>{p.decision ?? '—'}</td>
                        <td>{p.decidedOn ?? '—'}</td>
                        <td>{yes(p.plea)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </>
        )}
        {tab === 'events' &&
          (events.length === 0 ? (
            <Empty>无流程节点</Empty>
          ) : (
            <ul className="timeline">
              {events.map((e, i) => (
                <li key={i}>
                  <span className="date">{e.on}</span>
                  <strong>{e.kind}</strong>
                  {e.personNo ? <span className="muted"> · 嫌疑人 {e.personNo}</span> : null}
                  {e.note ? <div className="muted small">{e.note}</div> : null}
                </li>
              ))}
            </ul>
          ))}
        {tab === 'documents' &&
          (documents.length === 0 ? (
            <Empty>无文书</Empty>
          ) : (
            <table className="simple">
              <thead>
                <tr>
                  <th>文书名称</th>
                  <th>文号</th>
                  <th>签发日期</th>
                  <th>嫌疑人</th>
                </tr>
              </thead>
              <tbody>
                {documents.map((d, i) => (
                  <tr key={i}>
                    <td>{d.name}</td>
                    <td>{d.number}</td>
                    <td>{d.issuedOn}</td>
                    <td>{d.personNo ?? '全部'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ))}
        {tab === 'findings' &&
          (findings.length === 0 ? (
            <Empty>本案没有监控问题</Empty>
          ) : (
            <table className="simple">
              <thead>
                <tr>
                  <th>规则</th>
                  <th>问题</th>
                  <th>严重程度</th>
                  <th>状态</th>
                  <th>期限</th>
                </tr>
              </thead>
              <tbody>
                {findings.map((f) => (
                  <tr key={f.id}>
                    <td title={f.rule_id}>{f.rule_title}</td>
                    <td>
                      <button className="btn-link btn" onClick={() => nav('findings', { id: String(f.id) })}>
                        {f.message}
                      </button>
                    </td>
                    <td>
                      <SeverityBadge v={f.severity} />
                    </td>
                    <td>
                      <StatusBadge v={f.status} />
                    </td>
                    <td className={typeof f.days_left === 'number' && f.days_left < 0 ? 'days-over' : ''}>
                      {typeof f.days_left === 'number' ? daysText(f.days_left) : (f.due_on ?? '—')}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          ))}
        {tab === 'history' &&
          (history.length === 0 ? (
            <Empty>没有字段变更记录</Empty>
          ) : (
            <table className="simple">
              <thead>
                <tr>
                  <th>时间</th>
                  <th>字段</th>
                  <th>原值</th>
                  <th>新值</th>
                </tr>
              </thead>
              <tbody>
                {history.map((h, i) => (
                  <tr key={i}>
                    <td className="small">
                      {h.importedAt ? timeText(h.importedAt) : h.importId ? `导入 #${h.importId}` : ''}
                    </td>
                    <td>{h.field}</td>
                    <td className="muted">{str(h.oldValue) || '—'}</td>
                    <td>{str(h.newValue) || '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ))}
      </div>
    </aside>
  );
}
