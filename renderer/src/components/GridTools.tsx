/**
 * What every grid offers (issue 17): columns to show (remembered with their order and widths in the store),
 * export of what is shown (filters, sort, visible columns) to Excel, printing under the office header, and
 * saved views (named filter sets, in the store, with built-ins).
 */
import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { Column, ColumnState, GridApi } from 'ag-grid-community';
import { errorText, invoke, type HandlerInput, type HandlerResult } from '../api';
import { Button, FileLink, MessageBar, type Msg } from './ui';
import { dateTimeText } from '../../../core/shared/dates';

export type GridRequest = HandlerInput<'grids/export'>['request'];
type Table = HandlerResult<'grids/table'>;
type View = HandlerResult<'views/list'>['views'][number];
type ViewGrid = View['grid'];

/** Columns that are not data (AG Grid's selection column). */
const isData = (c: Column) => !!c.getColDef().field || !!c.getColDef().colId;

/** The visible data columns in their order and widths, and the sort, as the export asks for them. */
export function gridShape(api: GridApi | null): {
  columns: { key: string; width: number }[];
  sort: { key: string; dir: 'asc' | 'desc' }[];
} {
  if (!api) return { columns: [], sort: [] };
  const columns = api
    .getAllDisplayedColumns()
    .filter(isData)
    .map((c) => ({ key: c.getColId(), width: Math.round(c.getActualWidth()) }));
  const sort = api
    .getColumnState()
    .filter((s) => s.sort)
    .sort((a, b) => (a.sortIndex ?? 0) - (b.sortIndex ?? 0))
    .map((s) => ({ key: s.colId, dir: s.sort as 'asc' | 'desc' }));
  return { columns, sort };
}

/** The rows a client-side grid shows (filtered, sorted), as the cells it displays. */
export function shownRows(api: GridApi | null): {
  columns: { header: string; width: number }[];
  rows: (string | number | null)[][];
} {
  if (!api) return { columns: [], rows: [] };
  const cols = api.getAllDisplayedColumns().filter(isData);
  const rows: (string | number | null)[][] = [];
  api.forEachNodeAfterFilterAndSort((n) => {
    if (!n.data) return;
    rows.push(
      cols.map((c) => {
        const v = api.getCellValue({ rowNode: n, colKey: c, useFormatter: true });
        return v === null || v === undefined ? null : typeof v === 'number' ? v : String(v);
      }),
    );
  });
  return {
    columns: cols.map((c) => ({
      header: c.getColDef().headerName ?? c.getColId(),
      width: Math.round(c.getActualWidth()),
    })),
    rows,
  };
}

/**
 * Remembers a grid's columns (which are shown, their order and widths) in the store under `columns:<key>`.
 * Spread `events` on the grid and call `ready(api)` from onGridReady.
 */
export function useColumnPrefs(key: string) {
  const apiRef = useRef<GridApi | null>(null);
  const loading = useRef(true);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const save = useCallback(() => {
    if (loading.current || !apiRef.current) return;
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      const api = apiRef.current;
      if (!api || api.isDestroyed()) return;
      const state = api
        .getColumnState()
        .filter((s) => s.colId !== 'ag-Grid-SelectionColumn')
        .map((s) => ({ colId: s.colId, width: s.width ?? undefined, hide: s.hide ?? false }));
      void invoke('prefs/set', { key: `columns:${key}`, value: state }).catch(() => undefined);
    }, 400);
  }, [key]);
  useEffect(() => () => void (timer.current && clearTimeout(timer.current)), []);
  const ready = useCallback(
    (api: GridApi) => {
      apiRef.current = api;
      loading.current = true;
      invoke('prefs/get', { key: `columns:${key}` })
        .then((r) => {
          const state = Array.isArray(r.value) ? (r.value as ColumnState[]) : null;
          if (state && !api.isDestroyed()) api.applyColumnState({ state, applyOrder: true });
        })
        .catch(() => undefined)
        .finally(() => setTimeout(() => (loading.current = false), 50));
    },
    [key],
  );
  const events = useMemo(
    () => ({
      onColumnMoved: save,
      onColumnVisible: save,
      onColumnResized: (e: { finished?: boolean; source?: string }) => {
        if (e.finished && e.source !== 'flex' && e.source !== 'autosizeColumns') save();
      },
    }),
    [save],
  );
  const reset = useCallback(() => {
    const api = apiRef.current;
    if (!api) return;
    api.resetColumnState();
    void invoke('prefs/set', { key: `columns:${key}`, value: null }).catch(() => undefined);
  }, [key]);
  return { ready, events, reset, apiRef };
}

/** 列: which columns to show (AG Grid Community has no column chooser). */
export function ColumnChooser({ api, onReset }: { api: GridApi | null; onReset: () => void }) {
  const [open, setOpen] = useState(false);
  const [, force] = useState(0);
  const ref = useRef<HTMLSpanElement>(null);
  useEffect(() => {
    if (!open) return;
    const f = (e: MouseEvent) => ref.current && !ref.current.contains(e.target as Node) && setOpen(false);
    const k = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        e.stopPropagation();
        setOpen(false);
      }
    };
    document.addEventListener('mousedown', f);
    window.addEventListener('keydown', k, true);
    return () => {
      document.removeEventListener('mousedown', f);
      window.removeEventListener('keydown', k, true);
    };
  }, [open]);
  const cols = (api?.getColumns() ?? []).filter(isData);
  return (
    <span className="col-chooser" ref={ref}>
      <Button small onClick={() => setOpen((o) => !o)} testId="grid-columns">
        列
      </Button>
      {open && (
        <div className="picker-pop col-pop" role="dialog" aria-label="显示的列">
          {cols.map((c) => (
            <label key={c.getColId()} className="row col-item">
              <input
                type="checkbox"
                checked={c.isVisible()}
                data-col={c.getColId()}
                onChange={(e) => {
                  api?.setColumnsVisible([c.getColId()], e.target.checked);
                  force((n) => n + 1);
                }}
              />
              {c.getColDef().headerName ?? c.getColId()}
            </label>
          ))}
          <div className="muted small">拖动列标题可调整顺序，拖动边线可调整宽度；本机会记住。</div>
          <Button
            small
            kind="link"
            onClick={() => {
              onReset();
              force((n) => n + 1);
            }}
          >
            恢复默认列
          </Button>
        </div>
      )}
    </span>
  );
}

/**
 * 导出 Excel / 打印 of a grid. `request()` builds what the grid shows: a server source with the screen's
 * filters (cases, findings, warnings) or the rows it holds.
 */
export function GridActions(props: {
  title: string;
  conditions?: string;
  request: () => GridRequest;
  testId?: string;
  children?: ReactNode;
}) {
  const [busy, setBusy] = useState<'export' | 'print' | null>(null);
  const [msg, setMsg] = useState<Msg>(null);
  const [file, setFile] = useState<string | null>(null);
  const [table, setTable] = useState<Table | null>(null);
  const exportIt = async () => {
    setBusy('export');
    setMsg(null);
    setFile(null);
    try {
      const r = await invoke('grids/export', {
        title: props.title,
        conditions: props.conditions,
        request: props.request(),
      });
      setFile(r.file);
      setMsg({ kind: 'ok', text: `已导出 ${r.rows} 条：` });
    } catch (e) {
      setMsg({ kind: 'error', text: errorText(e) });
    } finally {
      setBusy(null);
    }
  };
  const printIt = async () => {
    setBusy('print');
    setMsg(null);
    try {
      setTable(
        await invoke('grids/table', { title: props.title, conditions: props.conditions, request: props.request() }),
      );
    } catch (e) {
      setMsg({ kind: 'error', text: errorText(e) });
    } finally {
      setBusy(null);
    }
  };
  return (
    <>
      {props.children}
      <Button small busy={busy === 'export'} onClick={exportIt} testId={`${props.testId ?? 'grid'}-export`}>
        导出 Excel
      </Button>
      <Button small busy={busy === 'print'} onClick={printIt} testId={`${props.testId ?? 'grid'}-print`}>
        打印
      </Button>
      {msg && (
        <span className={`grid-msg ${msg.kind === 'error' ? 'danger-text' : 'ok-text'}`} data-testid="grid-export-msg">
          {msg.text}
          {file && <FileLink path={file} />}
          <button className="icon-btn" aria-label="关闭提示" onClick={() => (setMsg(null), setFile(null))}>
            ×
          </button>
        </span>
      )}
      {table && <PrintView table={table} onClose={() => setTable(null)} />}
    </>
  );
}

/** The print view: the office header, the title, the data date and the table; 打印 prints only this sheet. */
export function PrintView({ table, onClose }: { table: Table; onClose: () => void }) {
  useEffect(() => {
    // Capture phase: Esc closes the preview only, not a dialog under it.
    const k = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        e.preventDefault();
        e.stopPropagation();
        onClose();
      }
    };
    window.addEventListener('keydown', k, true);
    document.body.classList.add('printing');
    return () => {
      window.removeEventListener('keydown', k, true);
      document.body.classList.remove('printing');
    };
  }, [onClose]);
  const widthSum = table.columns.reduce((a, c) => a + c.width, 0) || 1;
  return (
    <div className="print-overlay" role="dialog" aria-label="打印预览" data-testid="print-view">
      <div className="print-bar no-print">
        <strong>打印预览</strong>
        <span className="muted small">
          {table.truncated
            ? `共 ${table.total} 条，打印前 ${table.rows.length} 条（全部请导出 Excel）`
            : `共 ${table.total} 条`}
        </span>
        <span className="spacer" />
        <Button kind="primary" onClick={() => window.print()} testId="print-now">
          打印
        </Button>
        <Button onClick={onClose}>关闭</Button>
      </div>
      <div className="print-sheet">
        <div className="print-office">{table.office}</div>
        <h1 className="print-title">{table.title}</h1>
        <div className="print-meta">
          <span>{table.dataDate}</span>
          {table.conditions && <span>条件：{table.conditions}</span>}
          <span>共 {table.total} 条</span>
          <span>打印时间 {dateTimeText(table.exportedAt)}</span>
          <span>操作人 {table.operator}</span>
        </div>
        <table className="print-table">
          <colgroup>
            {table.columns.map((c, i) => (
              <col key={i} style={{ width: `${((100 * c.width) / widthSum).toFixed(2)}%` }} />
            ))}
          </colgroup>
          <thead>
            <tr>
              {table.columns.map((c, i) => (
                <th key={i}>{c.header}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {table.rows.map((r, i) => (
              <tr key={i}>
                {r.map((v, j) => (
                  <td key={j}>{v ?? ''}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

/**
 * Saved views of one screen's grids: built-ins first, then the office's own; choosing one applies its
 * parameters; the current filters can be saved under a name (kept in the store).
 */
export function ViewsMenu(props: {
  grids: ViewGrid[];
  /** The grid and parameters to save as a view now. */
  current: () => { grid: ViewGrid; params: Record<string, string> };
  onApply: (v: View) => void;
  /** The name of the view in use (shown selected). */
  active?: string | null;
}) {
  const [views, setViews] = useState<View[]>([]);
  const [naming, setNaming] = useState(false);
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const grids = props.grids.join(',');
  const load = useCallback(async () => {
    const r = await invoke('views/list', {});
    const want = new Set(grids.split(','));
    setViews(r.views.filter((v) => want.has(v.grid)));
  }, [grids]);
  useEffect(() => {
    void load().catch(() => undefined);
  }, [load]);
  const active = views.find((v) => v.name === props.active);
  const save = async () => {
    const cur = props.current();
    try {
      await invoke('views/save', { grid: cur.grid, name: name.trim(), params: cur.params });
      setNaming(false);
      setName('');
      setError(null);
      await load();
      props.onApply({ grid: cur.grid, name: name.trim(), params: cur.params, builtin: false });
    } catch (e) {
      setError(errorText(e));
    }
  };
  const remove = async () => {
    if (!active || active.builtin) return;
    try {
      await invoke('views/delete', { grid: active.grid, name: active.name });
      await load();
    } catch (e) {
      setError(errorText(e));
    }
  };
  return (
    <span className="views-menu row">
      <select
        aria-label="视图"
        data-testid="views-select"
        value={active ? `${active.grid}\u0000${active.name}` : ''}
        onChange={(e) => {
          const [g, n] = e.target.value.split('\u0000');
          const v = views.find((x) => x.grid === g && x.name === n);
          if (v) props.onApply(v);
        }}
      >
        <option value="">视图…</option>
        <optgroup label="内置视图">
          {views
            .filter((v) => v.builtin)
            .map((v) => (
              <option key={v.name} value={`${v.grid}\u0000${v.name}`} title={v.note}>
                {v.name}
              </option>
            ))}
        </optgroup>
        {views.some((v) => !v.builtin) && (
          <optgroup label="已保存的视图">
            {views
              .filter((v) => !v.builtin)
              .map((v) => (
                <option key={`${v.grid}:${v.name}`} value={`${v.grid}\u0000${v.name}`}>
                  {v.name}
                </option>
              ))}
          </optgroup>
        )}
      </select>
      {naming ? (
        <>
          <input
            type="text"
            aria-label="视图名称"
            placeholder="视图名称"
            value={name}
            autoFocus
            style={{ width: 120 }}
            onChange={(e) => setName(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && name.trim()) void save();
              if (e.key === 'Escape') {
                e.stopPropagation();
                setNaming(false);
              }
            }}
          />
          <Button small kind="primary" disabled={!name.trim()} onClick={save} testId="view-save-confirm">
            保存
          </Button>
          <Button small onClick={() => setNaming(false)}>
            取消
          </Button>
        </>
      ) : (
        <Button small onClick={() => setNaming(true)} testId="view-save">
          保存为视图
        </Button>
      )}
      {active && !active.builtin && (
        <Button small kind="link" onClick={remove} testId="view-delete">
          删除此视图
        </Button>
      )}
      {active?.note && <span className="muted small">{active.note}</span>}
      {error && <MessageBar msg={{ kind: 'error', text: error }} onClose={() => setError(null)} />}
    </span>
  );
}
