/**
 * The desk around every screen: the first run (office name, short name and the clerk, then the first
 * import), the clerk at the desk (every action is recorded under that name), and the December banner when
 * next year's holiday calendar is not loaded.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { errorText, invoke, uploadFile, type HandlerResult } from '../api';
import { useNav } from '../nav';
import { Button, Field, MessageBar, type Msg } from './ui';

type Setup = HandlerResult<'setup/status'>;

/** Tells the desk that settings, operators or data changed (the sidebar and banners reload). */
export function announceDeskChange(detail: Record<string, unknown> = {}): void {
  window.dispatchEvent(new CustomEvent('caseflow:settings', { detail }));
}

function useDeskEvent(f: () => void) {
  useEffect(() => {
    window.addEventListener('caseflow:settings', f);
    return () => window.removeEventListener('caseflow:settings', f);
  }, [f]);
}

/** The first run: asks for the office and the clerk, then leads to the first import. */
export function FirstRun() {
  const [status, setStatus] = useState<Setup | null>(null);
  const [step, setStep] = useState<'form' | 'done' | null>(null);
  const [f, setF] = useState({ officeName: '', officeShortName: '', operator: '' });
  const [msg, setMsg] = useState<Msg>(null);
  const [busy, setBusy] = useState(false);
  const nav = useNav();
  useEffect(() => {
    invoke('setup/status')
      .then((s) => {
        setStatus(s);
        if (s.needsSetup) {
          setStep('form');
          setF({ officeName: s.officeName, officeShortName: s.officeShortName, operator: s.current ?? '' });
        }
      })
      .catch(() => undefined);
  }, []);
  if (!status || !step) return null;
  const submit = async () => {
    setBusy(true);
    setMsg(null);
    try {
      const s = await invoke('setup/complete', f);
      setStatus(s);
      announceDeskChange({ officeName: s.officeName });
      setStep('done');
    } catch (e) {
      setMsg({ kind: 'error', text: errorText(e) });
    } finally {
      setBusy(false);
    }
  };
  const ready = f.officeName.trim() && f.officeShortName.trim() && f.operator.trim();
  return (
    <div className="modal-backdrop first-run" data-testid="first-run">
      <div className="modal" role="dialog" aria-modal="true" aria-label="首次使用" style={{ width: 520 }}>
        <div className="modal-head">
          <span>欢迎使用案件流程监控台</span>
        </div>
        {step === 'form' ? (
          <form
            className="modal-body"
            onSubmit={(e) => {
              e.preventDefault();
              if (ready) void submit();
            }}
          >
            <div className="muted">
              首次使用，请先填写本院信息和您的姓名。通报、通知书用单位名称；每项操作都记录由谁完成。
            </div>
            <Field label="单位全称" required hint="例如 某某县人民检察院">
              <input
                type="text"
                autoFocus
                value={f.officeName}
                onChange={(e) => setF({ ...f, officeName: e.target.value })}
                data-testid="setup-office"
              />
            </Field>
            <Field label="单位简称" required hint="用于通知书文号，例如 某检 → 某检案管监〔2026〕1号">
              <input
                type="text"
                value={f.officeShortName}
                onChange={(e) => setF({ ...f, officeShortName: e.target.value })}
                data-testid="setup-short"
              />
            </Field>
            <Field label="操作人（您的姓名）" required hint="案件管理部门的工作人员；以后可在 设置 → 操作人 中添加同事">
              <input
                type="text"
                value={f.operator}
                onChange={(e) => setF({ ...f, operator: e.target.value })}
                data-testid="setup-operator"
              />
            </Field>
            <MessageBar msg={msg} />
            <div className="row" style={{ justifyContent: 'flex-end' }}>
              <Button kind="primary" type="submit" disabled={!ready} busy={busy} testId="setup-save">
                保存，下一步
              </Button>
            </div>
          </form>
        ) : (
          <div className="modal-body">
            <div className="msg msg-ok">
              <span>
                已保存：{status.officeName}（{status.officeShortName}），操作人 {status.current}。
              </span>
            </div>
            <div>
              {status.cases === 0
                ? '案件库中尚无案件数据。下一步：从全国检察业务应用系统导出案件数据（XLSX 或 CSV），导入本程序。'
                : `案件库中已有 ${status.cases} 件案件。`}
            </div>
            <div className="row" style={{ justifyContent: 'flex-end' }}>
              <Button onClick={() => setStep(null)}>稍后</Button>
              <Button
                kind="primary"
                testId="setup-import"
                onClick={() => {
                  setStep(null);
                  nav('import');
                }}
              >
                导入案件数据
              </Button>
            </div>
          </div>
        )}
      </div>
    </div>
  );
}

/** 操作人 at the foot of the sidebar: who is working now; choosing another records actions under that name. */
export function OperatorSwitch() {
  const [ops, setOps] = useState<HandlerResult<'operators/list'> | null>(null);
  const load = useCallback(() => {
    invoke('operators/list')
      .then(setOps)
      .catch(() => undefined);
  }, []);
  useEffect(load, [load]);
  useDeskEvent(load);
  if (!ops) return null;
  if (!ops.operators.length) return <div className="operator muted">操作人：未设置</div>;
  return (
    <label className="operator">
      <span>操作人</span>
      <select
        aria-label="当前操作人"
        data-testid="operator-select"
        value={ops.current ?? ''}
        onChange={(e) => {
          void invoke('operators/select', { name: e.target.value }).then((r) => {
            setOps(r);
            announceDeskChange();
          });
        }}
      >
        {ops.operators.map((o) => (
          <option key={o.name}>{o.name}</option>
        ))}
      </select>
    </label>
  );
}

/** From 1 December: next year's holidays are usually published; the banner stays until they are loaded. */
export function HolidayBanner() {
  const [s, setS] = useState<HandlerResult<'calendar/next-year'> | null>(null);
  const [msg, setMsg] = useState<Msg>(null);
  const [busy, setBusy] = useState(false);
  const ref = useRef<HTMLInputElement>(null);
  const load = useCallback(() => {
    invoke('calendar/next-year')
      .then(setS)
      .catch(() => undefined);
  }, []);
  useEffect(load, [load]);
  useDeskEvent(load);
  if (!s || (!s.showBanner && !msg)) return null;
  const pick = async (files: FileList | null) => {
    if (!files?.length) return;
    setBusy(true);
    setMsg(null);
    try {
      const r = await invoke('calendar/load', { file: await uploadFile(files[0]) });
      setMsg({ kind: 'ok', text: `已载入 ${r.years.join('、')} 年节假日安排。` });
      load();
    } catch (e) {
      setMsg({ kind: 'error', text: errorText(e) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <div
      className={`msg ${msg?.kind === 'ok' ? 'msg-ok' : 'msg-info'} banner`}
      role="status"
      data-testid="holiday-banner"
    >
      <span>
        {msg?.kind === 'ok'
          ? msg.text
          : `尚未载入 ${s.nextYear} 年节假日安排：国务院办公厅每年年底公布次年安排，未载入前 ${s.nextYear} 年的期限只按周末计算，可能不准确。请载入节假日文件（格式同程序内置的 holidays-cn.json）。`}
        {msg?.kind === 'error' && <span className="danger-text"> {msg.text}</span>}
      </span>
      {s.showBanner && (
        <>
          <input
            ref={ref}
            type="file"
            accept=".json"
            style={{ display: 'none' }}
            data-testid="holiday-file"
            onChange={(e) => {
              void pick(e.target.files);
              e.target.value = '';
            }}
          />
          <Button small kind="primary" busy={busy} onClick={() => ref.current?.click()} testId="holiday-load">
            载入 {s.nextYear} 年节假日…
          </Button>
        </>
      )}
      {msg?.kind === 'ok' && (
        <button className="icon-btn" aria-label="关闭提示" onClick={() => setMsg(null)}>
          ×
        </button>
      )}
    </div>
  );
}
