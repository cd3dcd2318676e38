/**
 * 导入向导: a file no saved mapping (导入模板) reads. Shows the mapping the app proposes from the headers it
 * recognises, the first 20 rows as the import will read them, and lets the user map the other headers
 * (drop-downs of the target columns in Chinese, required ones marked), give the odd values an allowed value,
 * fill missing columns with one value, skip total rows, and save the mapping under a name. Every change
 * asks the server again (mappings/inspect), so what is shown is what the import will do.
 */
import { Fragment, useEffect, useMemo, useRef, useState } from 'react';
import { errorText, invoke, type HandlerResult } from '../api';
import { Button, MessageBar, Tabs, type Msg } from '../components/ui';
import { num } from '../util';
import {
  TOTAL_PATTERN,
  withColumn,
  withConstant,
  withHeaderRow,
  withName,
  withSkip,
  withValue,
  type Mapping,
} from './draft';

type Inspection = HandlerResult<'mappings/inspect'>;
type SheetView = Inspection['sheets'][number];
type Target = Inspection['targets'][number];

/** A target column as the user reads it: 案件 · 承办检察官. */
export const targetLabel = (t: Pick<Target, 'sheet' | 'header'>) => `${t.sheet} · ${t.header}`;

function TargetSelect(props: {
  value: string | null;
  targets: Target[];
  label: string;
  onChange: (id: string | null) => void;
}) {
  const groups = useMemo(() => {
    const g = new Map<string, Target[]>();
    for (const t of props.targets) g.set(t.sheet, [...(g.get(t.sheet) ?? []), t]);
    return [...g];
  }, [props.targets]);
  return (
    <select
      aria-label={props.label}
      value={props.value ?? ''}
      onChange={(e) => props.onChange(e.target.value || null)}
      className={props.value ? '' : 'unmapped'}
    >
      <option value="">（不导入）</option>
      {groups.map(([sheet, list]) => (
        <optgroup key={sheet} label={`${sheet}表`}>
          {list.map((t) => (
            <option key={t.id} value={t.id}>
              {targetLabel(t)}
              {t.required ? '（必填）' : ''}
            </option>
          ))}
        </optgroup>
      ))}
    </select>
  );
}

/** One value for a column the export lacks: a drop-down for enumerations, else text. */
function ConstantInput(props: { target: Target; value: string; onChange: (v: string) => void }) {
  const label = `「${targetLabel(props.target)}」统一填写`;
  if (props.target.allowed)
    return (
      <select aria-label={label} value={props.value} onChange={(e) => props.onChange(e.target.value)}>
        <option value="">（请选择）</option>
        {props.target.allowed.map((v) => (
          <option key={v}>{v}</option>
        ))}
      </select>
    );
  return (
    <input
      type="text"
      aria-label={label}
      defaultValue={props.value}
      placeholder="整列统一的值"
      onBlur={(e) => props.onChange(e.target.value.trim())}
      onKeyDown={(e) => e.key === 'Enter' && (e.target as HTMLInputElement).blur()}
    />
  );
}

function SheetPanel(props: { view: SheetView; mapping: Mapping; targets: Target[]; onChange: (m: Mapping) => void }) {
  const { view, mapping, targets } = props;
  const byId = useMemo(() => new Map(targets.map((t) => [t.id, t])), [targets]);
  const entry = view.entry;
  const e = entry != null ? mapping.sheets[entry] : null;
  const headerRow = e?.match.headerRow ?? 'auto';
  const headers = view.headers.filter((h) => h.text);
  const constants = Object.entries(e?.constants ?? {});
  return (
    <div className="wizard-sheet">
      <div className="row">
        <span>表头所在行：</span>
        <label className="row">
          <input
            type="checkbox"
            checked={headerRow === 'auto'}
            disabled={entry == null}
            onChange={(ev) =>
              entry != null &&
              props.onChange(withHeaderRow(mapping, entry, ev.target.checked ? 'auto' : (view.headerRow ?? 1)))
            }
          />
          自动识别
        </label>
        <input
          type="number"
          min={1}
          max={200}
          aria-label="表头所在行"
          style={{ width: 70 }}
          value={view.headerRow ?? ''}
          disabled={entry == null || headerRow === 'auto'}
          onChange={(ev) =>
            entry != null && ev.target.value && props.onChange(withHeaderRow(mapping, entry, +ev.target.value))
          }
        />
        <span className="muted small">（与 Excel 的行号一致；上方的标题行和空行不导入）</span>
        <span className="spacer" style={{ flex: 1 }} />
        <span className="muted small">数据 {num(view.rows)} 行</span>
      </div>

      <div className="section-title">列的对应</div>
      <div className="table-wrap" style={{ maxHeight: 320 }}>
        <table className="simple fixed" data-testid="mapping-columns">
          <thead>
            <tr>
              <th style={{ width: '26%' }}>文件中的列</th>
              <th style={{ width: '34%' }}>导入为</th>
              <th>示例值</th>
            </tr>
          </thead>
          <tbody>
            {headers.map((h) => {
              const t = h.target ? byId.get(h.target) : undefined;
              return (
                <tr key={h.text}>
                  <td>{h.text}</td>
                  <td>
                    <TargetSelect
                      label={`「${h.text}」导入为`}
                      value={h.target}
                      targets={targets}
                      onChange={(id) =>
                        props.onChange(withColumn(mapping, entry, view.sheet, view.headerRow, h.text, id))
                      }
                    />
                  </td>
                  <td className="muted small ellipsis" title={h.sample ?? undefined}>
                    {h.sample ?? '（空）'}
                    {!t && e?.skipRows?.column === h.text ? '（用于识别合计行）' : ''}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>

      {entry != null && (view.missing.length > 0 || constants.length > 0) && (
        <>
          <div className="section-title">文件中没有的列（整列统一填写）</div>
          <table className="simple" data-testid="mapping-constants">
            <tbody>
              {view.missing.map((m) => (
                <tr key={m.id}>
                  <td style={{ width: '30%' }}>
                    <span className="danger-text">{targetLabel(m)}（必填）</span>
                  </td>
                  <td>
                    <ConstantInput
                      target={m}
                      value=""
                      onChange={(v) => v && props.onChange(withConstant(mapping, entry, m.id, v))}
                    />
                  </td>
                </tr>
              ))}
              {constants.map(([id, v]) => {
                const t = byId.get(id);
                if (!t) return null;
                return (
                  <tr key={id}>
                    <td style={{ width: '30%' }}>{targetLabel(t)}</td>
                    <td className="row">
                      <ConstantInput
                        target={t}
                        value={v}
                        onChange={(nv) => props.onChange(withConstant(mapping, entry, id, nv || null))}
                      />
                      <Button kind="link" small onClick={() => props.onChange(withConstant(mapping, entry, id, null))}>
                        移除
                      </Button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <AddConstant
            targets={targets.filter(
              (t) =>
                e &&
                !Object.values(e.columns).includes(t.id) &&
                !(e.constants ?? {})[t.id] &&
                e.produces.includes(t.sheet),
            )}
            onAdd={(id, v) => props.onChange(withConstant(mapping, entry, id, v))}
          />
        </>
      )}

      {entry != null && view.odd.length > 0 && (
        <>
          <div className="section-title">需要转换的值</div>
          <div className="muted small">
            以下值不是导入格式允许的值，请为每个值选择对应的值（未选择的行导入时会报错）。
          </div>
          <table className="simple" data-testid="mapping-values">
            <thead>
              <tr>
                <th>列</th>
                <th>文件中的值</th>
                <th className="num">行数</th>
                <th>转换为</th>
              </tr>
            </thead>
            <tbody>
              {view.odd.map((o) =>
                o.values.map((v, i) => {
                  const t = byId.get(o.target);
                  return (
                    <tr key={`${o.target}|${v.value}`}>
                      <td>{i === 0 ? `${o.header} → ${t ? targetLabel(t) : ''}` : ''}</td>
                      <td>{v.value}</td>
                      <td className="num">{num(v.count)}</td>
                      <td>
                        <select
                          aria-label={`「${v.value}」转换为`}
                          value={v.mappedTo ?? ''}
                          className={v.mappedTo == null ? 'unmapped' : ''}
                          onChange={(ev) =>
                            props.onChange(withValue(mapping, entry, o.target, v.value, ev.target.value || null))
                          }
                        >
                          <option value="">（不转换）</option>
                          {o.allowed.map((a) => (
                            <option key={a} value={a}>
                              {a}
                            </option>
                          ))}
                        </select>
                        {v.mappedTo == null && v.suggestion && (
                          <Button
                            kind="link"
                            small
                            onClick={() => props.onChange(withValue(mapping, entry, o.target, v.value, v.suggestion))}
                          >
                            建议：{v.suggestion}
                          </Button>
                        )}
                      </td>
                    </tr>
                  );
                }),
              )}
            </tbody>
          </table>
        </>
      )}

      {entry != null && (
        <div className="row" style={{ marginTop: 8 }}>
          <label className="row">
            <input
              type="checkbox"
              checked={!!e?.skipRows}
              onChange={(ev) =>
                props.onChange(
                  withSkip(
                    mapping,
                    entry,
                    ev.target.checked ? (Object.keys(e?.columns ?? {})[0] ?? headers[0]?.text ?? null) : null,
                  ),
                )
              }
            />
            跳过合计行：
          </label>
          {e?.skipRows && (
            <>
              <select
                aria-label="合计行所在的列"
                value={e.skipRows.column}
                onChange={(ev) => props.onChange(withSkip(mapping, entry, ev.target.value))}
              >
                {headers.map((h) => (
                  <option key={h.text}>{h.text}</option>
                ))}
              </select>
              <span className="muted small">
                {e.skipRows.pattern === TOTAL_PATTERN
                  ? '以「合计」「总计」「小计」开头的行不导入'
                  : '按模板中的规则跳过'}
              </span>
            </>
          )}
        </div>
      )}

      {view.problems.length > 0 && (
        <ul className="small danger-text">
          {view.problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      )}
      {view.preview && <PreviewRows preview={view.preview} />}
    </div>
  );
}

function AddConstant(props: { targets: Target[]; onAdd: (id: string, value: string) => void }) {
  const [id, setId] = useState('');
  const [v, setV] = useState('');
  const t = props.targets.find((x) => x.id === id);
  if (!props.targets.length) return null;
  return (
    <div className="row small" style={{ marginTop: 6 }}>
      <span className="muted">其他列统一填写：</span>
      <select aria-label="统一填写的列" value={id} onChange={(e) => setId(e.target.value)}>
        <option value="">（选择列）</option>
        {props.targets.map((x) => (
          <option key={x.id} value={x.id}>
            {targetLabel(x)}
          </option>
        ))}
      </select>
      {t &&
        (t.allowed ? (
          <select aria-label="统一填写的值" value={v} onChange={(e) => setV(e.target.value)}>
            <option value="">（请选择）</option>
            {t.allowed.map((a) => (
              <option key={a}>{a}</option>
            ))}
          </select>
        ) : (
          <input type="text" aria-label="统一填写的值" value={v} onChange={(e) => setV(e.target.value)} />
        ))}
      <Button
        small
        disabled={!t || !v.trim()}
        onClick={() => {
          props.onAdd(id, v.trim());
          setId('');
          setV('');
        }}
      >
        添加
      </Button>
    </div>
  );
}

function PreviewRows({ preview }: { preview: NonNullable<SheetView['preview']> }) {
  return (
    <>
      <div className="section-title">前 {preview.rows.length} 行按此模板读取的结果</div>
      <div className="table-wrap" style={{ maxHeight: 420 }}>
        <table className="simple mapping-preview" data-testid="mapping-preview">
          <thead>
            <tr>
              <th className="num">行</th>
              {preview.columns.map((c) => (
                <th key={c.target} title={c.source ? `来自「${c.source}」` : '统一填写'}>
                  {c.sheet} · {c.header}
                  {c.required ? <em className="req">*</em> : null}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {preview.rows.map((r) => (
              <Fragment key={r.n}>
                <tr className={r.skipped ? 'skipped' : ''}>
                  <td className="num">{r.n}</td>
                  {r.skipped ? (
                    <td colSpan={preview.columns.length} className="muted">
                      跳过：{r.skipped}
                    </td>
                  ) : (
                    r.cells.map((c, i) => (
                      <td key={i} className={c.error ? 'cell-error' : ''} title={c.error ?? undefined}>
                        {c.text}
                      </td>
                    ))
                  )}
                </tr>
                {r.errors.length > 0 && (
                  <tr>
                    <td />
                    <td colSpan={preview.columns.length} className="danger-text small">
                      {r.errors.join('；')}
                    </td>
                  </tr>
                )}
              </Fragment>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

export interface WizardResult {
  mapping: Mapping;
  /** The name it was saved under, or null (used for this import only). */
  saved: string | null;
  titleDate: Inspection['titleDate'];
}

/** The wizard for one file (`file`: what the handlers take for it; `name`: what the user knows it as). */
export function MappingWizard(props: {
  file: string;
  name: string;
  /** The mapping to start from (one used once before); else a saved mapping the headers match, else the proposal. */
  initial?: Mapping;
  onDone: (r: WizardResult) => void;
  onCancel: () => void;
}) {
  const [view, setView] = useState<Inspection | null>(null);
  const [draft, setDraft] = useState<Mapping | null>(null);
  const [tab, setTab] = useState('');
  const [msg, setMsg] = useState<Msg>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const seq = useRef(0);

  const inspect = async (mapping?: Mapping) => {
    const my = ++seq.current;
    setBusy('inspect');
    try {
      const r = await invoke('mappings/inspect', { file: props.file, ...(mapping ? { mapping } : {}) });
      if (my !== seq.current) return;
      setView(r);
      if (!mapping) setDraft(r.mapping);
      setTab((t) => t || r.sheets.find((s) => s.entry != null)?.sheet || r.sheets[0]?.sheet || '');
    } catch (e) {
      if (my === seq.current) setMsg({ kind: 'error', text: errorText(e) });
    } finally {
      if (my === seq.current) setBusy(null);
    }
  };

  useEffect(() => {
    if (props.initial) setDraft(props.initial);
    void inspect(props.initial);
  }, [props.file, props.initial]);

  const change = (m: Mapping) => {
    setDraft(m);
    void inspect(m);
  };

  if (!view || !draft)
    return (
      <section className="panel" data-testid="mapping-wizard">
        <div className="panel-head">导入向导：{props.name}</div>
        <div className="panel-body muted">{busy ? '正在读取文件…' : ''}</div>
        <MessageBar msg={msg} onClose={() => setMsg(null)} />
      </section>
    );

  const sheet = view.sheets.find((s) => s.sheet === tab) ?? view.sheets[0];
  const ready = view.problems.length === 0 && draft.sheets.length > 0;
  const save = async (keep: boolean) => {
    const mapping = withName(draft, draft.name.trim());
    if (!keep) return props.onDone({ mapping, saved: null, titleDate: view.titleDate });
    setBusy('save');
    try {
      const r = await invoke('mappings/save', { mapping });
      props.onDone({ mapping, saved: r.name, titleDate: view.titleDate });
    } catch (e) {
      setMsg({ kind: 'error', text: errorText(e) });
    } finally {
      setBusy(null);
    }
  };

  return (
    <section className="panel" data-testid="mapping-wizard">
      <div className="panel-head">
        导入向导：{props.name}
        <span className="spacer" />
        <span className="note">
          {view.origin === 'proposed'
            ? '没有与此文件表头相符的导入模板，已根据能识别的列名推荐了对应关系，请核对'
            : view.origin === 'saved'
              ? `已按导入模板「${view.mapping.name}」读取`
              : '已按修改后的对应关系读取'}
        </span>
      </div>
      <div className="panel-body">
        {view.sheets.length > 1 && (
          <Tabs
            tabs={view.sheets.map((s) => ({
              id: s.sheet,
              label: `${s.sheet}${s.entry == null ? '（不导入）' : ''}`,
            }))}
            value={sheet.sheet}
            onChange={setTab}
          />
        )}
        <SheetPanel view={sheet} mapping={draft} targets={view.targets} onChange={change} />
        {view.problems.length > 0 && (
          <div className="msg msg-info" style={{ marginTop: 10 }} data-testid="mapping-problems">
            <span>
              保存前还需处理：
              {view.problems.map((p) => (
                <span key={p} style={{ display: 'block' }}>
                  {p}
                </span>
              ))}
            </span>
          </div>
        )}
        <MessageBar msg={msg} onClose={() => setMsg(null)} />
        <div className="row" style={{ marginTop: 12 }}>
          <label className="row">
            模板名称
            <input
              type="text"
              aria-label="模板名称"
              style={{ width: 320 }}
              value={draft.name}
              onChange={(ev) => setDraft(withName(draft, ev.target.value))}
            />
          </label>
          <span className="spacer" style={{ flex: 1 }} />
          {busy === 'inspect' && <span className="muted small">正在按新的对应关系读取…</span>}
          <Button onClick={props.onCancel}>取消</Button>
          <Button disabled={!ready || !!busy} onClick={() => save(false)} testId="mapping-once">
            仅本次使用
          </Button>
          <Button
            kind="primary"
            disabled={!ready || !draft.name.trim() || !!busy}
            busy={busy === 'save'}
            onClick={() => save(true)}
            testId="mapping-save"
          >
            保存模板并继续
          </Button>
        </div>
        <div className="muted small" style={{ marginTop: 6 }}>
          保存后，表头相同的文件导入时会自动使用此模板。
        </div>
      </div>
    </section>
  );
}
