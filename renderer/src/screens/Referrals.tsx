/** 线索移送: case quality reviews, referrals from the inspection department (form + XLSX import), the monthly package. */
import { useRef, useState } from 'react';
import { baseName, invoke, invokeWith, uploadFile, type HandlerInput, type HandlerResult } from '../api';
import { useAction, useInvoke } from '../hooks';
import { Button, Empty, Field, MessageBar, Modal, ProgressLine, Tabs, FileLink } from '../components/ui';
import { DateInput, MonthInput } from '../components/pickers';
import { chinaToday, joinPath, periodLabel, prevMonth, str } from '../util';
import { OverdueReferrals } from './OverdueReferrals';
import { ProsecutorLink } from '../components/prosecutor';

type Tab = 'reviews' | 'referrals' | 'package';

export function ReferralsScreen({ params = {} }: { params?: Record<string, string> }) {
  const [tab, setTab] = useState<Tab>(params.tab === 'package' || params.tab === 'referrals' ? params.tab : 'reviews');
  return (
    <div className="page">
      <div className="page-head">
        <h1>线索移送</h1>
        <span className="sub">与检务督查部门之间的案件质量评查、督查移送和月度移送材料</span>
      </div>
      <Tabs<Tab>
        value={tab}
        onChange={setTab}
        tabs={[
          { id: 'reviews', label: '案件质量评查' },
          { id: 'referrals', label: '督查移送（收到）' },
          { id: 'package', label: '月度移送材料' },
        ]}
      />
      {tab === 'reviews' && <Reviews />}
      {tab === 'referrals' && <Incoming />}
      {tab === 'package' && <Package initialMonth={params.month} />}
    </div>
  );
}

function Table<R extends { id: number }>({ rows, cols }: { rows: R[]; cols: [keyof R & string, string][] }) {
  if (rows.length === 0) return <Empty>暂无记录</Empty>;
  return (
    <div className="table-wrap" style={{ maxHeight: 420 }}>
      <table className="simple">
        <thead>
          <tr>
            {cols.map(([, h]) => (
              <th key={h}>{h}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id}>
              {cols.map(([k]) => (
                <td key={k}>{k === 'prosecutor' ? <ProsecutorLink name={str(r[k])} /> : str(r[k]) || '—'}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Reviews() {
  const list = useInvoke('reviews/list');
  const act = useAction();
  const empty = {
    caseNo: '',
    reviewedOn: chinaToday(),
    reviewer: '',
    kind: '常规抽查',
    grade: '合格',
    problems: '',
    rectification: '待整改',
  };
  const [f, setF] = useState(empty);
  const set = (k: keyof typeof empty) => (e: { target: { value: string } }) => setF({ ...f, [k]: e.target.value });
  const submit = async () => {
    const r = await act.run(
      'add',
      () => invoke('reviews/add', { ...f, problems: f.problems || undefined }),
      () => '评查记录已保存。',
    );
    if (r !== undefined) {
      setF(empty);
      void list.reload();
    }
  };
  const ok = f.caseNo.trim() && f.reviewer.trim() && f.reviewedOn;
  return (
    <>
      <section className="panel">
        <div className="panel-head">
          登记评查结果<span className="note">基本合格、不合格的评查进入当月移送材料</span>
        </div>
        <div className="panel-body">
          <div className="form-grid">
            <Field label="部门受案号" required>
              <input type="text" value={f.caseNo} onChange={set('caseNo')} />
            </Field>
            <Field label="评查日期" required>
              <DateInput value={f.reviewedOn} onChange={(v) => setF({ ...f, reviewedOn: v })} label="评查日期" />
            </Field>
            <Field label="评查人" required>
              <input type="text" value={f.reviewer} onChange={set('reviewer')} />
            </Field>
            <Field label="评查类型">
              <select value={f.kind} onChange={set('kind')}>
                {['常规抽查', '重点评查', '专项评查'].map((x) => (
                  <option key={x}>{x}</option>
                ))}
              </select>
            </Field>
            <Field label="评查结论">
              <select value={f.grade} onChange={set('grade')}>
                {['优质', '合格', '基本合格', '不合格'].map((x) => (
                  <option key={x}>{x}</option>
                ))}
              </select>
            </Field>
            <Field label="整改情况">
              <select value={f.rectification} onChange={set('rectification')}>
                {['待整改', '整改中', '已整改'].map((x) => (
                  <option key={x}>{x}</option>
                ))}
              </select>
            </Field>
            <div className="wide">
              <Field label="发现的问题">
                <textarea value={f.problems} onChange={set('problems')} />
              </Field>
            </div>
          </div>
          <div className="row" style={{ marginTop: 10 }}>
            <Button kind="primary" disabled={!ok} busy={act.busy === 'add'} onClick={submit}>
              保存
            </Button>
            <MessageBar msg={act.msg} onClose={() => act.setMsg(null)} />
          </div>
        </div>
      </section>
      <section className="panel">
        <div className="panel-head">评查记录</div>
        {list.error && <MessageBar msg={{ kind: 'error', text: list.error }} />}
        <Table
          rows={list.data?.reviews ?? []}
          cols={[
            ['reviewedOn', '评查日期'],
            ['caseNo', '部门受案号'],
            ['caseTitle', '案件名称'],
            ['kind', '评查类型'],
            ['grade', '结论'],
            ['problems', '问题'],
            ['rectification', '整改'],
            ['reviewer', '评查人'],
          ]}
        />
      </section>
    </>
  );
}

function Incoming() {
  const list = useInvoke('referrals/list');
  const act = useAction();
  const fileRef = useRef<HTMLInputElement>(null);
  const empty = {
    receivedOn: chinaToday(),
    docNumber: '',
    department: '',
    prosecutor: '',
    caseNo: '',
    category: '',
    description: '',
    severity: '较重',
  };
  const [f, setF] = useState(empty);
  const set = (k: keyof typeof empty) => (e: { target: { value: string } }) => setF({ ...f, [k]: e.target.value });
  const submit = async () => {
    const payload: HandlerInput<'referrals/add'> = { ...f };
    for (const k of ['department', 'prosecutor', 'caseNo'] as const) if (!f[k].trim()) delete payload[k];
    const r = await act.run(
      'add',
      () => invoke('referrals/add', payload),
      () => '已登记，并生成“检务督查”来源的监控问题。',
    );
    if (r !== undefined) {
      setF(empty);
      void list.reload();
    }
  };
  const importFile = async (fl: FileList | null) => {
    if (!fl?.length) return;
    const file = fl[0];
    await act.run(
      'import',
      async (opts) => {
        const path = await uploadFile(file);
        return invokeWith('referrals/import', { file: path }, opts);
      },
      (r) => `导入完成：${r.added} 条`,
    );
    void list.reload();
  };
  const ok = f.receivedOn && f.docNumber.trim() && f.category.trim() && f.description.trim();
  return (
    <>
      <section className="panel">
        <div className="panel-head">
          登记督查移送
          <span className="spacer" />
          <input
            ref={fileRef}
            type="file"
            accept=".xlsx"
            style={{ display: 'none' }}
            onChange={(e) => {
              void importFile(e.target.files);
              e.target.value = '';
            }}
            data-testid="referral-file"
          />
          <Button busy={act.busy === 'import'} onClick={() => fileRef.current?.click()}>
            从 Excel 导入…
          </Button>
        </div>
        <div className="panel-body">
          <div className="form-grid">
            <Field label="收到日期" required>
              <DateInput value={f.receivedOn} onChange={(v) => setF({ ...f, receivedOn: v })} label="收到日期" />
            </Field>
            <Field label="督查文号" required>
              <input type="text" value={f.docNumber} onChange={set('docNumber')} />
            </Field>
            <Field label="问题类别" required>
              <input type="text" value={f.category} onChange={set('category')} placeholder="如：办案期限" />
            </Field>
            <Field label="严重程度">
              <select value={f.severity} onChange={set('severity')}>
                {['轻微', '较重', '严重'].map((x) => (
                  <option key={x}>{x}</option>
                ))}
              </select>
            </Field>
            <Field label="承办部门" hint="未填部门受案号时必填">
              <input type="text" value={f.department} onChange={set('department')} />
            </Field>
            <Field label="承办检察官">
              <input type="text" value={f.prosecutor} onChange={set('prosecutor')} />
            </Field>
            <Field label="部门受案号" hint="没有具体案件可不填">
              <input type="text" value={f.caseNo} onChange={set('caseNo')} />
            </Field>
            <div className="wide">
              <Field label="问题描述" required>
                <textarea value={f.description} onChange={set('description')} />
              </Field>
            </div>
          </div>
          <div className="row" style={{ marginTop: 10 }}>
            <Button kind="primary" disabled={!ok} busy={act.busy === 'add'} onClick={submit}>
              登记
            </Button>
            <ProgressLine active={act.busy === 'import'} requestId={act.requestId} label="正在导入…" />
          </div>
          <div style={{ marginTop: 8 }}>
            <MessageBar msg={act.msg} onClose={() => act.setMsg(null)} />
          </div>
        </div>
      </section>
      <section className="panel">
        <div className="panel-head">收到的督查移送</div>
        {list.error && <MessageBar msg={{ kind: 'error', text: list.error }} />}
        <Table
          rows={list.data?.referrals ?? []}
          cols={[
            ['receivedOn', '收到日期'],
            ['docNumber', '督查文号'],
            ['category', '类别'],
            ['severity', '严重程度'],
            ['department', '承办部门'],
            ['prosecutor', '承办检察官'],
            ['caseNo', '部门受案号'],
            ['description', '问题描述'],
            ['findingStatus', '问题状态'],
          ]}
        />
      </section>
    </>
  );
}

function Package({ initialMonth }: { initialMonth?: string }) {
  const [month, setMonth] = useState(initialMonth ?? prevMonth());
  const act = useAction();
  const [out, setOut] = useState<HandlerResult<'referrals/export'> | null>(null);
  const info = useInvoke('app/info');
  const run = async (regenerate = false) => {
    const exportDir = info.data?.exportDir ?? '';
    const payload: HandlerInput<'referrals/export'> = { month, zip: true, ...(regenerate ? { regenerate } : {}) };
    if (exportDir) payload.outDir = joinPath(exportDir, '线索移送');
    const r = await act.run(
      'export',
      (opts) => invokeWith('referrals/export', payload, opts),
      () => `${periodLabel(month)}移送材料已生成。`,
    );
    if (r) setOut(r);
  };
  const folder = out?.folder ?? '';
  const files = (out?.files ?? []).map((x) => (folder ? joinPath(folder, x.fileName) : ''));
  if (out?.index && folder) files.unshift(out.index.includes(folder) ? out.index : joinPath(folder, out.index));
  const zip = out?.zip ?? '';
  return (
    <>
      <section className="panel">
        <div className="panel-head">月度移送材料（抄送检务督查部门）</div>
        <div className="panel-body">
          <div className="row">
            <Field label="月份">
              <MonthInput value={month} onChange={setMonth} label="月份" testId="package-month" />
            </Field>
            <div style={{ alignSelf: 'flex-end' }}>
              <Button kind="primary" busy={act.busy === 'export'} onClick={() => run()} testId="package-export">
                生成移送材料
              </Button>
            </div>
            <div style={{ alignSelf: 'flex-end' }}>
              <ProgressLine active={act.busy === 'export'} requestId={act.requestId} label="正在生成…" />
            </div>
          </div>
          <p className="muted small">
            内容：抄送函、当月发出的流程监控通知书、月检查问题汇总（业务数据专项检查）、当月基本合格和不合格的评查记录、
            逾期未整改问题移送清单，以及 Excel 目录。
          </p>
          <MessageBar msg={act.msg} onClose={() => act.setMsg(null)} />
          {(files.length > 0 || zip || folder) && (
            <div className="download-list" style={{ marginTop: 8 }}>
              {zip && <FileLink path={zip} label={`下载压缩包：${baseName(zip)}`} />}
              {files.filter(Boolean).map((p) => (
                <FileLink key={p} path={p} />
              ))}
              {folder && !files.length && <span className="muted">已写入：{folder}</span>}
            </div>
          )}
        </div>
      </section>
      <OverdueReferrals key={`${month}:${out?.version ?? 0}`} month={month} onRegenerate={() => void run(true)} />
      <Notices />
    </>
  );
}

function Notices() {
  const list = useInvoke('notices/list');
  const act = useAction();
  const [files, setFiles] = useState<Record<number, string[]>>({});
  const [reply, setReply] = useState<{ id: number; number: string } | null>(null);
  const [on, setOn] = useState(chinaToday());
  const [text, setText] = useState('');
  const rows = list.data?.notices ?? [];
  const exp = async (id: number) => {
    const r = await act.run(`export-${id}`, () => invoke('notices/export', { id, formats: ['docx', 'pdf'] }));
    if (r) setFiles((f) => ({ ...f, [id]: r.files }));
  };
  const saveReply = async () => {
    if (!reply || !text.trim()) return;
    const r = await act.run(
      'reply',
      () => invoke('notices/reply', { id: reply.id, on, text: text.trim() }),
      () => `已登记 ${reply.number} 的回复。`,
    );
    if (r !== undefined) {
      setReply(null);
      setText('');
      void list.reload();
    }
  };
  return (
    <section className="panel">
      <div className="panel-head">
        已发出的流程监控通知书<span className="note">共 {rows.length} 份</span>
      </div>
      {list.error && <MessageBar msg={{ kind: 'error', text: list.error }} />}
      {act.msg && (
        <div style={{ padding: '8px 12px 0' }}>
          <MessageBar msg={act.msg} onClose={() => act.setMsg(null)} />
        </div>
      )}
      {rows.length === 0 ? (
        <Empty>暂无通知书</Empty>
      ) : (
        <div className="table-wrap" style={{ maxHeight: 420 }}>
          <table className="simple" data-testid="notices">
            <thead>
              <tr>
                <th>文号</th>
                <th>发出日期</th>
                <th>部门受案号</th>
                <th>承办部门</th>
                <th>承办检察官</th>
                <th>回复期限</th>
                <th>回复</th>
                <th>操作</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((n) => {
                const id = n.id;
                const overdue = n.status === '逾期未回复';
                return (
                  <tr key={id}>
                    <td>
                      {n.number}
                      {n.toChief ? (
                        <span className="badge sev-high" style={{ marginLeft: 6 }}>
                          报检察长
                        </span>
                      ) : null}
                    </td>
                    <td>{n.issuedOn}</td>
                    <td className="small">{n.caseNo}</td>
                    <td>{n.department || '—'}</td>
                    <td>
                      <ProsecutorLink name={n.prosecutor} />
                    </td>
                    <td className={overdue ? 'days-over' : ''}>
                      {n.replyDueOn}
                      {overdue ? '（逾期）' : ''}
                    </td>
                    <td>
                      {n.withdrawnOn ? (
                        <span className="muted" title={n.withdrawnReason ?? ''}>
                          {n.withdrawnOn} 已撤回
                        </span>
                      ) : n.replyOn ? (
                        <span title={n.replyText ?? ''}>{n.replyOn} 已回复</span>
                      ) : (
                        <span className="muted">未回复</span>
                      )}
                    </td>
                    <td>
                      <div className="row" style={{ gap: 4 }}>
                        <Button small busy={act.busy === `export-${id}`} onClick={() => exp(id)}>
                          导出
                        </Button>
                        {!n.replyOn && !n.withdrawnOn && (
                          <Button small onClick={() => setReply({ id, number: n.number })}>
                            登记回复
                          </Button>
                        )}
                        {(files[id] ?? []).map((f) => (
                          <FileLink key={f} path={f} label={f.split('.').pop()?.toUpperCase()} />
                        ))}
                      </div>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {reply && (
        <Modal
          title={`登记回复：${reply.number}`}
          onClose={() => setReply(null)}
          footer={
            <>
              <Button onClick={() => setReply(null)}>取消</Button>
              <Button kind="primary" disabled={!text.trim()} busy={act.busy === 'reply'} onClick={saveReply}>
                保存
              </Button>
            </>
          }
        >
          <Field label="回复日期" required>
            <DateInput value={on} onChange={setOn} label="回复日期" />
          </Field>
          <Field label="回复内容" required>
            <textarea value={text} onChange={(e) => setText(e.target.value)} />
          </Field>
        </Modal>
      )}
    </section>
  );
}
