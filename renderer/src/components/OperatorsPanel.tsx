/** 设置 → 操作人: the department's clerks, the one at this desk, and the departments each follows (我的临期). */
import { useCallback, useEffect, useState } from 'react';
import { errorText, invoke, type HandlerResult } from '../api';
import { Button, Empty, Field, MessageBar, type Msg } from './ui';
import { announceDeskChange } from './Desk';

type Ops = HandlerResult<'operators/list'>;

export function OperatorsPanel() {
  const [ops, setOps] = useState<Ops | null>(null);
  const [departments, setDepartments] = useState<string[]>([]);
  const [name, setName] = useState('');
  const [picked, setPicked] = useState<string[]>([]);
  const [msg, setMsg] = useState<Msg>(null);
  const load = useCallback(() => {
    invoke('operators/list')
      .then(setOps)
      .catch((e) => setMsg({ kind: 'error', text: errorText(e) }));
  }, []);
  useEffect(() => {
    load();
    invoke('cases/facets')
      .then((f) => setDepartments(f.departments.filter(Boolean)))
      .catch(() => undefined);
  }, [load]);
  const act = async (f: () => Promise<Ops>, ok: string) => {
    try {
      setOps(await f());
      setMsg({ kind: 'ok', text: ok });
      announceDeskChange();
    } catch (e) {
      setMsg({ kind: 'error', text: errorText(e) });
    }
  };
  const add = async () => {
    const n = name.trim();
    await act(() => invoke('operators/save', { name: n, departments: picked }), `已保存操作人 ${n}。`);
    setName('');
    setPicked([]);
  };
  return (
    <section className="panel" data-testid="operators">
      <div className="panel-head">
        操作人<span className="note">案件管理部门的工作人员；每项操作都记录当前操作人（未设置时为本机登录名）</span>
      </div>
      <div className="panel-body" style={{ display: 'flex', flexDirection: 'column', gap: 10 }}>
        <MessageBar msg={msg} onClose={() => setMsg(null)} />
        {ops && ops.operators.length === 0 && <Empty>尚未设置操作人</Empty>}
        {ops && ops.operators.length > 0 && (
          <table className="simple">
            <thead>
              <tr>
                <th>姓名</th>
                <th>负责部门（“我的临期”只看这些部门）</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {ops.operators.map((o) => (
                <tr key={o.name}>
                  <td>
                    {o.name} {o.name === ops.current && <span className="badge st-done">当前</span>}
                  </td>
                  <td>{o.departments.length ? o.departments.join('、') : <span className="muted">全部部门</span>}</td>
                  <td className="row">
                    {o.name !== ops.current && (
                      <Button
                        small
                        onClick={() =>
                          act(() => invoke('operators/select', { name: o.name }), `当前操作人：${o.name}。`)
                        }
                      >
                        设为当前
                      </Button>
                    )}
                    <Button
                      small
                      kind="danger"
                      onClick={() =>
                        act(() => invoke('operators/remove', { name: o.name }), `已删除操作人 ${o.name}。`)
                      }
                    >
                      删除
                    </Button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <div className="row" style={{ alignItems: 'flex-end' }}>
          <Field label="姓名">
            <input
              type="text"
              value={name}
              onChange={(e) => setName(e.target.value)}
              style={{ width: 140 }}
              data-testid="operator-name"
            />
          </Field>
          {departments.length > 0 && (
            <div className="field">
              <span className="field-label">负责部门（可不选）</span>
              <span className="row">
                {departments.map((d) => (
                  <label key={d} className="row small" style={{ gap: 3 }}>
                    <input
                      type="checkbox"
                      checked={picked.includes(d)}
                      onChange={(e) => setPicked(e.target.checked ? [...picked, d] : picked.filter((x) => x !== d))}
                    />
                    {d}
                  </label>
                ))}
              </span>
            </div>
          )}
          <Button kind="primary" disabled={!name.trim()} onClick={add} testId="operator-add">
            添加 / 更新
          </Button>
        </div>
      </div>
    </section>
  );
}
