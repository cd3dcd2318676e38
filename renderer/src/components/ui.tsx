/** Small building blocks: buttons with busy state, modal dialog, message bar, badges, tabs, empty state. */
import { useEffect, useState, type ReactNode } from 'react';
import { baseName, fileUrl, isDesktop, onProgress, openFile, type ProgressEvent } from '../api';

export function Button(props: {
  children: ReactNode;
  onClick?: () => void | Promise<void>;
  kind?: 'primary' | 'default' | 'danger' | 'link';
  disabled?: boolean;
  busy?: boolean;
  title?: string;
  type?: 'button' | 'submit';
  testId?: string;
  small?: boolean;
}) {
  const { kind = 'default' } = props;
  return (
    <button
      type={props.type ?? 'button'}
      className={`btn btn-${kind}${props.small ? ' btn-sm' : ''}`}
      disabled={props.disabled || props.busy}
      onClick={props.onClick ? () => void props.onClick?.() : undefined}
      title={props.title}
      data-testid={props.testId}
    >
      {props.busy && <span className="spinner" aria-hidden="true" />}
      {props.children}
    </button>
  );
}

export function Modal(props: {
  title: string;
  children: ReactNode;
  onClose: () => void;
  footer?: ReactNode;
  width?: number;
}) {
  useEffect(() => {
    const k = (e: KeyboardEvent) => {
      if (e.key === 'Escape') props.onClose();
    };
    window.addEventListener('keydown', k);
    return () => window.removeEventListener('keydown', k);
  }, [props]);
  return (
    <div className="modal-backdrop" onMouseDown={(e) => e.target === e.currentTarget && props.onClose()}>
      <div
        className="modal"
        role="dialog"
        aria-modal="true"
        aria-label={props.title}
        style={{ width: props.width ?? 480 }}
      >
        <div className="modal-head">
          <span>{props.title}</span>
          <button className="icon-btn" aria-label="关闭" onClick={props.onClose}>
            ×
          </button>
        </div>
        <div className="modal-body">{props.children}</div>
        {props.footer && <div className="modal-foot">{props.footer}</div>}
      </div>
    </div>
  );
}

export type Msg = { kind: 'error' | 'ok' | 'info' | 'warn'; text: string } | null;

export function MessageBar({ msg, onClose }: { msg: Msg; onClose?: () => void }) {
  if (!msg) return null;
  return (
    <div className={`msg msg-${msg.kind}`} role={msg.kind === 'error' || msg.kind === 'warn' ? 'alert' : 'status'}>
      <span>{msg.text}</span>
      {onClose && (
        <button className="icon-btn" aria-label="关闭提示" onClick={onClose}>
          ×
        </button>
      )}
    </div>
  );
}

const SEV_CLASS: Record<string, string> = { 严重: 'sev-high', 较重: 'sev-mid', 轻微: 'sev-low' };
export function SeverityBadge({ v }: { v: string | null | undefined }) {
  if (!v) return null;
  return <span className={`badge ${SEV_CLASS[v] ?? ''}`}>{v}</span>;
}

const STATUS_CLASS: Record<string, string> = {
  待处理: 'st-open',
  已提示: 'st-reminded',
  已通知: 'st-noticed',
  已整改: 'st-done',
  不予纠正: 'st-waived',
};
export function StatusBadge({ v }: { v: string | null | undefined }) {
  if (!v) return null;
  return <span className={`badge ${STATUS_CLASS[v] ?? ''}`}>{v}</span>;
}

export function Tabs<T extends string>(props: {
  tabs: { id: T; label: ReactNode }[];
  value: T;
  onChange: (t: T) => void;
}) {
  return (
    <div className="tabs" role="tablist">
      {props.tabs.map((t) => (
        <button
          key={t.id}
          role="tab"
          aria-selected={props.value === t.id}
          className={props.value === t.id ? 'tab active' : 'tab'}
          onClick={() => props.onChange(t.id)}
        >
          {t.label}
        </button>
      ))}
    </div>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <div className="empty">{children}</div>;
}

export function Field(props: { label: string; children: ReactNode; hint?: ReactNode; required?: boolean }) {
  return (
    <label className="field">
      <span className="field-label">
        {props.label}
        {props.required && <em className="req">*</em>}
      </span>
      {props.children}
      {props.hint && <span className="field-hint">{props.hint}</span>}
    </label>
  );
}

/**
 * While `active`, shows the progress of one request: the events carrying `requestId` (useAction's
 * act.requestId, handed to invokeWith), never another screen's call or the scheduler's.
 */
export function ProgressLine({
  active,
  requestId,
  label,
}: {
  active: boolean;
  requestId: string | null;
  label?: string;
}) {
  const [p, setP] = useState<ProgressEvent | null>(null);
  useEffect(() => {
    setP(null);
    if (!active || !requestId) return;
    return onProgress(requestId, setP);
  }, [active, requestId]);
  if (!active) return null;
  const total = typeof p?.total === 'number' && p.total > 0 ? p.total : null;
  const done = typeof p?.done === 'number' ? p.done : null;
  const ratio = total && done !== null ? Math.min(1, done / total) : null;
  return (
    <div
      className="progress"
      role="progressbar"
      aria-valuenow={ratio !== null ? Math.round(ratio * 100) : undefined}
      aria-valuemin={0}
      aria-valuemax={100}
    >
      <div className="progress-track">
        <div
          className={ratio === null ? 'progress-fill indeterminate' : 'progress-fill'}
          style={ratio !== null ? { width: `${ratio * 100}%` } : undefined}
        />
      </div>
      <span className="progress-text">
        {p?.message || p?.phase || label || '处理中…'}
        {total && done !== null
          ? `（${done.toLocaleString('zh-CN')} / ${total.toLocaleString('zh-CN')}）`
          : done !== null
            ? `（已处理 ${done.toLocaleString('zh-CN')}）`
            : ''}
      </span>
    </div>
  );
}

export function KV({ items, hideEmpty }: { items: [string, ReactNode][]; hideEmpty?: boolean }) {
  const shown = hideEmpty ? items.filter(([, v]) => v !== null && v !== undefined && v !== '') : items;
  return (
    <dl className="kv">
      {shown.map(([k, v]) => (
        <div key={k} className="kv-row">
          <dt>{k}</dt>
          <dd>{v === null || v === undefined || v === '' ? '—' : v}</dd>
        </div>
      ))}
    </dl>
  );
}

/** A written file: a download link in the browser, "open" through the shell in the desktop app. */
export function FileLink({ path, label }: { path: string; label?: ReactNode }) {
  const text = label ?? baseName(path);
  if (isDesktop()) {
    return (
      <button className="btn btn-link" title={path} onClick={() => openFile(path)}>
        {text}
      </button>
    );
  }
  return (
    <a href={fileUrl(path)} download={baseName(path)} title={baseName(path)}>
      {text}
    </a>
  );
}
