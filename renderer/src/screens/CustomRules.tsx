/**
 * 设置 → 自定义规则 (custom-rules.md): the office's own monitoring rules. The list (area, severity, version,
 * enabled, pack), the builder (form, visual conditions, message with field placeholders) with a live count
 * of what the rule would raise today and five of those (without writing), each rule's history (who, when,
 * old → new), and rule packs in and out.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { RuleGroupType } from 'react-querybuilder';
import { errorText, invoke, uploadFile, type HandlerResult } from '../api';
import { useAction, useInvoke } from '../hooks';
import { Button, Empty, Field, FileLink, MessageBar, Modal, SeverityBadge } from '../components/ui';
import { timeText } from '../util';
import {
  ConditionEditor,
  fromWhen,
  keepVisible,
  toWhen,
  type RuleSchema,
  type Subject,
} from '../rules/ConditionEditor';

type CustomList = HandlerResult<'rules/custom'>;
type CustomRule = CustomList['rules'][number];
type Pack = CustomList['packs'][number];
type TestResult = HandlerResult<'rules/test'>;

const PREVIEW_DELAY_MS = 600;

function packText(p: { name: string; issuer: string; issuedOn: string | null } | null): string {
  if (!p) return '本院自建';
  return [p.name, p.issuer, p.issuedOn].filter(Boolean).join(' · ');
}

export function CustomRulesPanel() {
  const list = useInvoke('rules/custom', {});
  const schema = useInvoke('rules/schema');
  const act = useAction();
  const [editing, setEditing] = useState<{ id: string | null } | null>(null);
  const [history, setHistory] = useState<string | null>(null);
  const [confirm, setConfirm] = useState<{ rule: CustomRule; action: 'disable' | 'delete' } | null>(null);
  const [problems, setProblems] = useState<string[]>([]);
  const [exported, setExported] = useState<string | null>(null);
  const fileRef = useRef<HTMLInputElement>(null);

  const rules = list.data?.rules ?? [];
  const packs = list.data?.packs ?? [];

  const importPack = async (files: FileList | null) => {
    if (!files?.length) return;
    const file = files[0];
    setProblems([]);
    const r = await act.run('import', async () => invoke('rules/import', { file: await uploadFile(file) }));
    if (!r) return;
    if (!r.ok) {
      setProblems(r.problems.map((p) => p.display));
      act.setMsg({ kind: 'error', text: `规则包 ${file.name} 被拒绝：共 ${r.problems.length} 处错误，未做任何更改。` });
      return;
    }
    act.setMsg({
      kind: 'ok',
      text:
        `已导入规则包“${r.pack?.name ?? file.name}”：新增 ${r.added.length} 条，修改 ${r.changed.length} 条，未变 ${r.unchanged.length} 条。` +
        (r.closed ? `停用的规则已关闭 ${r.closed} 个未整改问题。` : '') +
        '下次日审核起生效。',
    });
    void list.reload();
  };

  const exportPack = async () => {
    setExported(null);
    const r = await act.run(
      'export',
      () => invoke('rules/export', {}),
      (x) => `已导出 ${x.rules} 条自定义规则。`,
    );
    if (r) setExported(r.file);
  };

  const toggle = async (r: CustomRule, enable: boolean) => {
    const res = await act.run(
      enable ? 'enable' : 'disable',
      () => invoke(enable ? 'rules/enable' : 'rules/disable', { id: r.id }),
      (x) =>
        enable
          ? `已启用规则 ${r.id}，下次日审核起生效。`
          : `已停用规则 ${r.id}${x.closed ? `，${x.closed} 个未整改问题已关闭（不予纠正：规则已停用）` : ''}。`,
    );
    if (res) void list.reload();
  };

  const remove = async (r: CustomRule) => {
    const res = await act.run(
      'delete',
      () => invoke('rules/delete', { id: r.id }),
      (x) => `已删除规则 ${r.id}${x.closed ? `，${x.closed} 个未整改问题已关闭（不予纠正：规则已停用）` : ''}。`,
    );
    if (res) void list.reload();
  };

  if (editing && schema.data)
    return (
      <RuleEditor
        schema={schema.data}
        id={editing.id}
        existing={rules.map((r) => r.id)}
        onDone={(saved) => {
          setEditing(null);
          if (saved) {
            act.setMsg({ kind: 'ok', text: saved });
            void list.reload();
          }
        }}
      />
    );

  return (
    <div className="page-section" data-testid="custom-rules">
      <MessageBar msg={act.msg} onClose={() => act.setMsg(null)} />
      {problems.length > 0 && (
        <div className="msg msg-error" role="alert" data-testid="pack-problems">
          <ul className="problems" style={{ margin: 0, paddingLeft: 18 }}>
            {problems.map((p, i) => (
              <li key={i}>{p}</li>
            ))}
          </ul>
        </div>
      )}
      {(list.error || schema.error) && <MessageBar msg={{ kind: 'error', text: (list.error || schema.error)! }} />}
      <section className="panel">
        <div className="panel-head">
          自定义规则
          <span className="note">上级院通报的典型问题，可在此写成规则，随日审核一并检查</span>
          <span className="spacer" />
          <input
            ref={fileRef}
            type="file"
            accept=".json,application/json"
            style={{ display: 'none' }}
            data-testid="pack-file"
            onChange={(e) => {
              void importPack(e.target.files);
              e.target.value = '';
            }}
          />
          <Button small onClick={() => fileRef.current?.click()} busy={act.busy === 'import'}>
            导入规则包…
          </Button>
          <Button small onClick={exportPack} busy={act.busy === 'export'} disabled={!rules.length}>
            导出规则包
          </Button>
          <Button
            small
            kind="primary"
            onClick={() => setEditing({ id: null })}
            testId="rule-new"
            disabled={!schema.data}
          >
            新建规则
          </Button>
        </div>
        <div className="panel-body">
          {exported && (
            <p className="small">
              规则包文件：
              <FileLink path={exported} />
            </p>
          )}
          {rules.length === 0 ? (
            <Empty>还没有自定义规则。可新建规则，或导入上级院下发的规则包。</Empty>
          ) : (
            <div className="table-wrap">
              <table className="simple rules-table" data-testid="custom-rule-list">
                <thead>
                  <tr>
                    <th>编号</th>
                    <th>名称</th>
                    <th>领域</th>
                    <th>严重程度</th>
                    <th>对象</th>
                    <th>条件</th>
                    <th>版本</th>
                    <th>状态</th>
                    <th>来源</th>
                    <th />
                  </tr>
                </thead>
                <tbody>
                  {rules.map((r) => (
                    <tr key={r.id} data-rule={r.id}>
                      <td className="mono nw">{r.id}</td>
                      <td className="nw">{r.title}</td>
                      <td className="nw">{r.area}</td>
                      <td className="nw">
                        <SeverityBadge v={r.severity} />
                      </td>
                      <td className="nw">{r.subjectLabel}</td>
                      <td className="rule-desc small">{r.description}</td>
                      <td className="nw">第 {r.version} 版</td>
                      <td>
                        {r.enabled ? <span className="ok-text">启用</span> : <span className="switch-off">停用</span>}
                      </td>
                      <td className="small">{packText(r.pack)}</td>
                      <td style={{ whiteSpace: 'nowrap' }}>
                        <Button kind="link" small onClick={() => setEditing({ id: r.id })}>
                          修改
                        </Button>
                        <Button kind="link" small onClick={() => setHistory(r.id)}>
                          历史
                        </Button>
                        {r.enabled ? (
                          <Button kind="link" small onClick={() => setConfirm({ rule: r, action: 'disable' })}>
                            停用
                          </Button>
                        ) : (
                          <Button kind="link" small onClick={() => toggle(r, true)}>
                            启用
                          </Button>
                        )}
                        <Button kind="link" small onClick={() => setConfirm({ rule: r, action: 'delete' })}>
                          删除
                        </Button>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </div>
      </section>
      {packs.length > 0 && <Packs packs={packs} />}
      {history && <RuleHistory id={history} onClose={() => setHistory(null)} />}
      {confirm && (
        <Modal
          title={confirm.action === 'disable' ? '停用规则' : '删除规则'}
          onClose={() => setConfirm(null)}
          footer={
            <>
              <Button onClick={() => setConfirm(null)}>取消</Button>
              <Button
                kind="danger"
                testId="dialog-confirm"
                onClick={async () => {
                  const c = confirm;
                  setConfirm(null);
                  if (c.action === 'disable') await toggle(c.rule, false);
                  else await remove(c.rule);
                }}
              >
                {confirm.action === 'disable' ? '停用' : '删除'}
              </Button>
            </>
          }
        >
          <p>
            {confirm.action === 'disable' ? '停用' : '删除'}规则“{confirm.rule.title}”（{confirm.rule.id}
            ）后，日审核不再检查这条规则； 它尚未整改的问题将关闭为“不予纠正”，理由为“规则已停用”。
            {confirm.action === 'disable'
              ? '重新启用后，下次日审核会再次发现这些问题。'
              : '已有问题仍保留规则名称，便于查阅。'}
          </p>
        </Modal>
      )}
    </div>
  );
}

function Packs({ packs }: { packs: Pack[] }) {
  return (
    <section className="panel">
      <div className="panel-head">已导入的规则包</div>
      <div className="panel-body">
        <table className="simple">
          <thead>
            <tr>
              <th>名称</th>
              <th>发布单位</th>
              <th>发布日期</th>
              <th className="num">现有规则</th>
              <th>导入时间</th>
              <th>导入人</th>
            </tr>
          </thead>
          <tbody>
            {packs.map((p) => (
              <tr key={p.id}>
                <td>{p.name}</td>
                <td>{p.issuer || '—'}</td>
                <td>{p.issuedOn ?? '—'}</td>
                <td className="num">{p.rules}</td>
                <td>{timeText(p.loadedAt)}</td>
                <td>{p.actor}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function RuleHistory({ id, onClose }: { id: string; onClose: () => void }) {
  const r = useInvoke('rules/get', { id });
  return (
    <Modal title={`规则历史：${r.data?.title ?? id}`} onClose={onClose} width={720}>
      {r.error && <MessageBar msg={{ kind: 'error', text: r.error }} />}
      {r.data && (
        <ul className="timeline" data-testid="rule-history">
          {r.data.history.map((v) => (
            <li key={v.version}>
              <span className="date">{timeText(v.at)}</span>
              <strong>第 {v.version} 版</strong> · {v.changeLabel} · {v.actor}
              {v.pack && <span className="muted small"> · 规则包：{packText(v.pack)}</span>}
              {v.changes.length > 0 && (
                <ul className="rule-changes small">
                  {v.changes.map((c, i) => (
                    <li key={i}>
                      {c.item}：{c.from !== null && <span className="from">{c.from}</span>}
                      {c.from !== null && ' → '}
                      {c.to}
                    </li>
                  ))}
                </ul>
              )}
            </li>
          ))}
        </ul>
      )}
    </Modal>
  );
}

// ---- the builder ----

interface Draft {
  id: string;
  title: string;
  area: string;
  severity: string;
  basis: string;
  subject: Subject;
  /** With placeholders by Chinese name: {姓名}. */
  message: string;
  enabled: boolean;
  query: RuleGroupType;
}

const EMPTY_QUERY: RuleGroupType = { combinator: 'and', rules: [] };

/** {person.name} ⇄ {姓名}: the clerk reads and writes field names in Chinese (labels are unique). */
function messageToLabels(schema: RuleSchema, m: string): string {
  const byKey = new Map(schema.fields.map((f) => [f.key, f.label]));
  return m.replace(/\{([a-z]+\.[A-Za-z]+)\}/g, (all, k: string) => (byKey.has(k) ? `{${byKey.get(k)}}` : all));
}
function messageToKeys(schema: RuleSchema, m: string): string {
  const byLabel = new Map(schema.fields.map((f) => [f.label, f.key]));
  return m.replace(/\{([^{}]+)\}/g, (all, l: string) => (byLabel.has(l) ? `{${byLabel.get(l)}}` : all));
}
function unknownPlaceholders(schema: RuleSchema, m: string): string[] {
  const labels = new Set(schema.fields.map((f) => f.label));
  return [...m.matchAll(/\{([^{}]+)\}/g)].map((x) => x[1]).filter((l) => !labels.has(l));
}

function payloadOf(schema: RuleSchema, d: Draft, preview = false) {
  return {
    // The live count is about the condition and the message: the form's other facts are checked on save.
    id: preview ? 'X-PREVIEW' : d.id.trim(),
    title: preview ? d.title.trim() || '（未命名）' : d.title,
    area: d.area,
    severity: d.severity,
    basis: d.basis,
    subject: d.subject,
    when: toWhen(d.query),
    message: preview
      ? messageToKeys(schema, d.message).trim() || '（未填写问题描述）'
      : messageToKeys(schema, d.message),
    enabled: d.enabled,
  };
}

function RuleEditor(props: {
  schema: RuleSchema;
  id: string | null;
  existing: string[];
  onDone: (savedMessage: string | null) => void;
}) {
  const { schema } = props;
  const [loaded, setLoaded] = useState<{ data?: HandlerResult<'rules/get'>; error?: string }>({});
  const [d, setD] = useState<Draft | null>(null);
  const [version, setVersion] = useState<number | undefined>(undefined);
  const [note, setNote] = useState<string | null>(null);
  const act = useAction();
  const msgRef = useRef<HTMLTextAreaElement>(null);

  useEffect(() => {
    if (props.id === null) return;
    invoke('rules/get', { id: props.id })
      .then((data) => setLoaded({ data }))
      .catch((e: unknown) => setLoaded({ error: errorText(e) }));
  }, [props.id]);

  useEffect(() => {
    if (props.id === null)
      setD({
        id: 'X-',
        title: '',
        area: schema.areas[schema.areas.length - 1],
        severity: schema.severities[0],
        basis: '',
        subject: 'case',
        message: '',
        enabled: true,
        query: EMPTY_QUERY,
      });
    else if (loaded.data) {
      const r = loaded.data;
      setVersion(r.version);
      setD({
        id: r.id,
        title: r.title,
        area: r.area,
        severity: r.severity,
        basis: r.basis,
        subject: r.subject,
        message: messageToLabels(schema, r.message),
        enabled: r.enabled,
        query: fromWhen(r.when),
      });
    }
  }, [props.id, loaded.data, schema]);

  const preview = useLivePreview(schema, d);
  const upd = <K extends keyof Draft>(k: K, v: Draft[K]) => setD((x) => (x ? { ...x, [k]: v } : x));
  const subject = d?.subject;
  const visibleFields = useMemo(
    () => (subject ? schema.fields.filter((f) => f.subjects.includes(subject)) : []),
    [schema, subject],
  );

  if (props.id !== null && loaded.error) return <MessageBar msg={{ kind: 'error', text: loaded.error }} />;
  if (!d) return <Empty>正在读取规则…</Empty>;

  const changeSubject = (s: Subject) => {
    const visible = new Set(schema.fields.filter((f) => f.subjects.includes(s)).map((f) => f.key));
    const { query, dropped } = keepVisible(d.query, visible);
    setNote(
      dropped
        ? `对象改为“${schema.subjects.find((x) => x.id === s)?.label}”后，有 ${dropped} 个条件用到的字段不再可用，已移除。`
        : null,
    );
    setD({ ...d, subject: s, query });
  };

  const insertField = (label: string) => {
    const el = msgRef.current;
    const token = `{${label}}`;
    const at = el ? el.selectionStart : d.message.length;
    const end = el ? el.selectionEnd : d.message.length;
    const next = d.message.slice(0, at) + token + d.message.slice(end);
    upd('message', next);
    requestAnimationFrame(() => {
      if (!el) return;
      el.focus();
      el.setSelectionRange(at + token.length, at + token.length);
    });
  };

  const save = async () => {
    const r = await act.run('save', () =>
      invoke('rules/save', { rule: payloadOf(schema, d), create: props.id === null, expectedVersion: version }),
    );
    if (r)
      props.onDone(
        r.changed
          ? `已保存规则 ${r.rule.id}（第 ${r.rule.version} 版），下次日审核起${r.rule.enabled ? '生效' : '保持停用'}。`
          : `规则 ${r.rule.id} 没有改动。`,
      );
  };

  const unknown = unknownPlaceholders(schema, d.message);
  const grouped = schema.subjects
    .map((s) => ({ label: s.label, fields: visibleFields.filter((f) => f.sheet === s.id) }))
    .filter((g) => g.fields.length);

  return (
    <div className="rule-editor" data-testid="rule-editor">
      <div className="page-section" style={{ display: 'flex', flexDirection: 'column', gap: 12 }}>
        <section className="panel">
          <div className="panel-head">
            {props.id === null ? '新建自定义规则' : `修改规则 ${props.id}（第 ${version ?? ''} 版）`}
            <span className="spacer" />
            <Button onClick={() => props.onDone(null)}>取消</Button>
            <Button kind="primary" onClick={save} busy={act.busy === 'save'} testId="rule-save">
              保存规则
            </Button>
          </div>
          <div className="panel-body">
            <MessageBar msg={act.msg} onClose={() => act.setMsg(null)} />
            <div className="form-grid">
              <Field label="规则编号" required hint="以 X- 开头，大写字母、数字和连字符，例如 X-PLEA-NO-SENTENCING">
                <input
                  type="text"
                  value={d.id}
                  disabled={props.id !== null}
                  data-testid="rule-id"
                  onChange={(e) => upd('id', e.target.value.toUpperCase().replace(/\s/g, ''))}
                />
              </Field>
              <Field label="规则名称" required hint="不超过 40 个字，在监控问题列表中显示">
                <input
                  type="text"
                  value={d.title}
                  maxLength={40}
                  data-testid="rule-title"
                  onChange={(e) => upd('title', e.target.value)}
                />
              </Field>
              <Field label="问题领域" required>
                <select value={d.area} data-testid="rule-area" onChange={(e) => upd('area', e.target.value)}>
                  {schema.areas.map((a) => (
                    <option key={a}>{a}</option>
                  ))}
                </select>
              </Field>
              <Field label="严重程度" required>
                <select
                  value={d.severity}
                  data-testid="rule-severity"
                  onChange={(e) => upd('severity', e.target.value)}
                >
                  {schema.severities.map((s) => (
                    <option key={s}>{s}</option>
                  ))}
                </select>
              </Field>
              <Field label="检查对象" required hint="每个符合条件的对象发现一个问题">
                <select
                  value={d.subject}
                  data-testid="rule-subject"
                  onChange={(e) => changeSubject(e.target.value as Subject)}
                >
                  {schema.subjects.map((s) => (
                    <option key={s.id} value={s.id}>
                      {s.label}
                    </option>
                  ))}
                </select>
              </Field>
              <Field label="状态">
                <select value={d.enabled ? '1' : '0'} onChange={(e) => upd('enabled', e.target.value === '1')}>
                  <option value="1">启用</option>
                  <option value="0">停用</option>
                </select>
              </Field>
              <div className="wide">
                <Field label="法律依据" hint="随每个问题显示，可以为空">
                  <input
                    type="text"
                    value={d.basis}
                    data-testid="rule-basis"
                    onChange={(e) => upd('basis', e.target.value)}
                  />
                </Field>
              </div>
              <div className="wide">
                <Field
                  label="问题描述"
                  required
                  hint="发现问题时显示给承办检察官；{ } 中的字段会换成该案件（该嫌疑人）的实际内容，嫌疑人姓名自动隐去名字"
                >
                  <div className="message-row">
                    <textarea
                      ref={msgRef}
                      value={d.message}
                      data-testid="rule-message"
                      onChange={(e) => upd('message', e.target.value)}
                      placeholder="例如：{姓名}认罪认罚并已起诉，未填写量刑建议"
                    />
                    <select
                      aria-label="插入字段"
                      value=""
                      data-testid="rule-insert-field"
                      onChange={(e) => e.target.value && insertField(e.target.value)}
                    >
                      <option value="">插入字段…</option>
                      {grouped.map((g) => (
                        <optgroup key={g.label} label={g.label}>
                          {g.fields.map((f) => (
                            <option key={f.key} value={f.label}>
                              {f.label}
                            </option>
                          ))}
                        </optgroup>
                      ))}
                    </select>
                  </div>
                </Field>
                {unknown.length > 0 && (
                  <p className="warn-text small">
                    {unknown.map((u) => `{${u}}`).join('、')} 不是可用的字段名，将按原文显示。
                  </p>
                )}
              </div>
            </div>
          </div>
        </section>
        <section className="panel">
          <div className="panel-head">
            条件<span className="note">全部条件成立时（按组合方式）即发现一个问题</span>
          </div>
          <div className="panel-body">
            {note && <MessageBar msg={{ kind: 'info', text: note }} onClose={() => setNote(null)} />}
            <ConditionEditor schema={schema} subject={d.subject} query={d.query} onChange={(q) => upd('query', q)} />
          </div>
        </section>
      </div>
      <Preview preview={preview} />
    </div>
  );
}

interface PreviewState {
  busy: boolean;
  result: TestResult | null;
  error: string | null;
}

/** Asks 'rules/test' (nothing is written) a moment after the user stops editing; older answers are dropped. */
function useLivePreview(schema: RuleSchema, d: Draft | null): PreviewState {
  const [state, setState] = useState<PreviewState>({ busy: false, result: null, error: null });
  const seq = useRef(0);
  const key = d ? JSON.stringify(payloadOf(schema, d, true)) : '';
  const run = useCallback(async (payload: string, my: number) => {
    try {
      const r = await invoke('rules/test', { rule: JSON.parse(payload) as Record<string, unknown> });
      if (my === seq.current) setState({ busy: false, result: r, error: null });
    } catch (e) {
      if (my === seq.current) setState({ busy: false, result: null, error: errorText(e) });
    }
  }, []);
  useEffect(() => {
    if (!key) return;
    const my = ++seq.current;
    setState((s) => ({ ...s, busy: true }));
    const t = setTimeout(() => void run(key, my), PREVIEW_DELAY_MS);
    return () => clearTimeout(t);
  }, [key, run]);
  return state;
}

function Preview({ preview }: { preview: PreviewState }) {
  const r = preview.result;
  const rule = r?.ok ? r.rules[0] : null;
  return (
    <section className="panel rule-preview" data-testid="rule-preview" aria-busy={preview.busy}>
      <div className="panel-head">
        按今天的数据试运行<span className="note">不写入任何数据</span>
        <span className="spacer" />
        {preview.busy && <span className="spinner" aria-hidden="true" />}
      </div>
      <div className="panel-body">
        {preview.error && <MessageBar msg={{ kind: 'error', text: preview.error }} />}
        {r && !r.ok && (
          <>
            <p className="muted small">规则还不完整，补齐后即显示结果：</p>
            <ul className="problems" data-testid="preview-problems">
              {r.problems.map((p, i) => (
                <li key={i}>{p.replace(/^规则 X-PREVIEW，/, '')}</li>
              ))}
            </ul>
          </>
        )}
        {rule && (
          <>
            <div>
              将发现{' '}
              <span className={rule.findings ? 'count' : 'count zero'} data-testid="preview-count">
                {rule.error ? '—' : rule.findings}
              </span>{' '}
              个问题<span className="muted small">（截至 {r!.asOf}）</span>
            </div>
            {rule.error && <MessageBar msg={{ kind: 'error', text: `试运行出错：${rule.error}` }} />}
            {rule.samples.length > 0 && (
              <div data-testid="preview-samples">
                <div className="section-title">示例（前 {rule.samples.length} 个）</div>
                {rule.samples.map((s, i) => (
                  <div key={i} className="sample">
                    <div className="small muted">
                      {s.caseNo}
                      {s.personNo ? ` 嫌疑人${s.personNo}` : ''}
                    </div>
                    <div>{s.message}</div>
                  </div>
                ))}
              </div>
            )}
          </>
        )}
      </div>
    </section>
  );
}
