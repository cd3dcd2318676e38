/** 案件: every case over the infinite row model (server paging, sorting and filtering), saved views, case detail. */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { AgGridReact } from 'ag-grid-react';
import type {
  ColDef,
  GridApi,
  GridReadyEvent,
  IDatasource,
  IGetRowsParams,
  ColumnState,
  RowClickedEvent,
} from 'ag-grid-community';
import { errorText, invoke, type HandlerInput, type HandlerResult } from '../api';
import { gridTheme, localeText } from '../grid';
import { Button, MessageBar } from '../components/ui';
import { CaseDetailPanel } from '../components/CaseDetail';
import { ProsecutorLink } from '../components/prosecutor';

type CaseRow = HandlerResult<'cases/list'>['rows'][number];
type SortCol = NonNullable<HandlerInput<'cases/list'>['sort']>[number]['col'];

interface Filters {
  category?: string;
  status?: string;
  department?: string;
  prosecutor?: string;
  q?: string;
}
interface SavedView {
  name: string;
  filters: Filters;
  columns?: ColumnState[];
}
interface Facets {
  categories: string[];
  statuses: string[];
  departments: string[];
  prosecutors: string[];
}

const VIEWS_KEY = 'caseflow.caseViews';

function loadViews(): SavedView[] {
  try {
    const v = JSON.parse(localStorage.getItem(VIEWS_KEY) || '[]');
    return Array.isArray(v) ? v : [];
  } catch {
    return [];
  }
}

const COLS: ColDef<CaseRow>[] = [
  { field: 'caseNo', headerName: '部门受案号', width: 250, pinned: 'left', cellClass: 'cell-link' },
  { field: 'title', headerName: '案件名称', width: 240 },
  { field: 'category', headerName: '案件类别', width: 132 },
  { field: 'cause', headerName: '案由', width: 130, sortable: false },
  { field: 'department', headerName: '承办部门', width: 120 },
  {
    field: 'prosecutor',
    headerName: '承办检察官',
    width: 110,
    cellRenderer: (p: { value: string | null }) => <ProsecutorLink name={p.value} />,
  },
  {
    field: 'receivedOn',
    headerName: '受理日期',
    width: 110,
    filter: 'agDateColumnFilter',
    filterParams: { filterOptions: ['equals', 'lessThan', 'greaterThan', 'inRange'], maxNumConditions: 1 },
  },
  { field: 'status', headerName: '状态', width: 80 },
  {
    field: 'concludedOn',
    headerName: '办结日期',
    width: 110,
    filter: 'agDateColumnFilter',
    filterParams: { filterOptions: ['equals', 'lessThan', 'greaterThan', 'inRange'], maxNumConditions: 1 },
  },
  { field: 'conclusion', headerName: '办结方式', width: 110, sortable: false },
  { field: 'agency', headerName: '移送单位', width: 150, sortable: false },
  { field: 'procedure', headerName: '适用程序', width: 100, sortable: false, hide: true },
  { field: 'persons', headerName: '嫌疑人数', width: 90, type: 'rightAligned', sortable: false },
];

/** The date column filters of the grid → the handler's receivedFrom/To, concludedFrom/To (a day before/after for 小于/大于). */
function dateFilters(model: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  const shift = (d: string, n: number) => {
    const t = new Date(`${d}T00:00:00Z`);
    t.setUTCDate(t.getUTCDate() + n);
    return t.toISOString().slice(0, 10);
  };
  for (const [col, prefix] of [
    ['receivedOn', 'received'],
    ['concludedOn', 'concluded'],
  ] as const) {
    const m = model[col] as { type?: string; dateFrom?: string | null; dateTo?: string | null } | undefined;
    const from = m?.dateFrom?.slice(0, 10);
    const to = m?.dateTo?.slice(0, 10);
    if (!m || !from) continue;
    if (m.type === 'equals') Object.assign(out, { [`${prefix}From`]: from, [`${prefix}To`]: from });
    else if (m.type === 'lessThan') out[`${prefix}To`] = shift(from, -1);
    else if (m.type === 'greaterThan') out[`${prefix}From`] = shift(from, 1);
    else if (m.type === 'inRange')
      Object.assign(out, { [`${prefix}From`]: from, ...(to ? { [`${prefix}To`]: to } : {}) });
  }
  return out;
}

export function CasesScreen({ params }: { params: Record<string, string> }) {
  const apiRef = useRef<GridApi<CaseRow> | null>(null);
  const [filters, setFilters] = useState<Filters>(() => ({
    q: params.q,
    prosecutor: params.prosecutor,
    department: params.department,
  }));
  const filtersRef = useRef(filters);
  filtersRef.current = filters;
  const [qDraft, setQDraft] = useState(params.q ?? '');
  const [total, setTotal] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [facets, setFacets] = useState<Facets>({
    categories: [],
    statuses: ['在办', '办结'],
    departments: [],
    prosecutors: [],
  });
  const [views, setViews] = useState<SavedView[]>(loadViews);
  const [viewName, setViewName] = useState('');
  const [selected, setSelected] = useState<string | null>(params.caseNo ?? null);

  useEffect(() => {
    invoke('cases/facets')
      .then((f) =>
        setFacets((old) => ({
          categories: f.categories.filter(Boolean),
          statuses: old.statuses,
          departments: f.departments.filter(Boolean),
          prosecutors: f.prosecutors.filter(Boolean),
        })),
      )
      .catch(() => undefined);
  }, []);

  const datasource = useMemo<IDatasource>(
    () => ({
      getRows(p: IGetRowsParams) {
        const f = filtersRef.current;
        const sort = p.sortModel.map((s) => ({ col: s.colId as SortCol, dir: s.sort }));
        const cleaned = Object.fromEntries(Object.entries(f).filter(([, v]) => v !== undefined && v !== ''));
        const dates = dateFilters(p.filterModel as Record<string, unknown>);
        invoke('cases/list', {
          offset: p.startRow,
          limit: p.endRow - p.startRow,
          sort: sort.length ? sort : undefined,
          filters: { ...cleaned, ...dates },
        })
          .then((r) => {
            setTotal(r.total);
            setError(null);
            p.successCallback(r.rows, r.total);
          })
          .catch((e) => {
            setError(errorText(e));
            p.failCallback();
          });
      },
    }),
    [],
  );

  const refresh = useCallback(() => {
    apiRef.current?.purgeInfiniteCache();
  }, []);

  useEffect(() => {
    refresh();
  }, [filters, refresh]);

  useEffect(() => {
    const t = setTimeout(() => setFilters((f) => (f.q === qDraft ? f : { ...f, q: qDraft || undefined })), 300);
    return () => clearTimeout(t);
  }, [qDraft]);

  const onReady = (e: GridReadyEvent<CaseRow>) => {
    apiRef.current = e.api;
    e.api.setGridOption('datasource', datasource);
  };

  const setF = (k: keyof Filters, v: string) => setFilters((f) => ({ ...f, [k]: v || undefined }));

  const saveView = () => {
    const name = viewName.trim();
    if (!name) return;
    const v: SavedView = { name, filters, columns: apiRef.current?.getColumnState() };
    const next = [...views.filter((x) => x.name !== name), v];
    setViews(next);
    localStorage.setItem(VIEWS_KEY, JSON.stringify(next));
    setViewName('');
  };
  const applyView = (name: string) => {
    const v = views.find((x) => x.name === name);
    if (!v) return;
    setFilters(v.filters);
    setQDraft(v.filters.q ?? '');
    if (v.columns) apiRef.current?.applyColumnState({ state: v.columns, applyOrder: true });
  };
  const deleteView = (name: string) => {
    const next = views.filter((x) => x.name !== name);
    setViews(next);
    localStorage.setItem(VIEWS_KEY, JSON.stringify(next));
  };
  const clearAll = () => {
    setFilters({});
    setQDraft('');
    apiRef.current?.setFilterModel(null);
    apiRef.current?.applyColumnState({ defaultState: { sort: null } });
  };

  return (
    <div className="page fill">
      <div className="page-head">
        <h1>案件</h1>
        <span className="sub" data-testid="cases-total">
          {total !== null ? `共 ${total.toLocaleString('zh-CN')} 件` : ''}
        </span>
        <span className="spacer" />
        <select aria-label="已保存视图" value="" onChange={(e) => applyView(e.target.value)}>
          <option value="">已保存视图…</option>
          {views.map((v) => (
            <option key={v.name} value={v.name}>
              {v.name}
            </option>
          ))}
        </select>
        <input
          type="text"
          placeholder="视图名称"
          value={viewName}
          onChange={(e) => setViewName(e.target.value)}
          style={{ width: 110 }}
          aria-label="视图名称"
        />
        <Button onClick={saveView} disabled={!viewName.trim()}>
          保存视图
        </Button>
        {views.length > 0 && (
          <select aria-label="删除视图" value="" onChange={(e) => e.target.value && deleteView(e.target.value)}>
            <option value="">删除视图…</option>
            {views.map((v) => (
              <option key={v.name} value={v.name}>
                {v.name}
              </option>
            ))}
          </select>
        )}
      </div>
      <div className="toolbar">
        <input
          type="search"
          className="search"
          style={{ width: 320 }}
          placeholder="搜索 部门受案号 / 案件名称 / 承办检察官"
          value={qDraft}
          onChange={(e) => setQDraft(e.target.value)}
          aria-label="快速搜索"
          data-testid="case-search"
        />
        <select aria-label="案件类别" value={filters.category ?? ''} onChange={(e) => setF('category', e.target.value)}>
          <option value="">全部类别</option>
          {facets.categories.map((c) => (
            <option key={c}>{c}</option>
          ))}
        </select>
        <select aria-label="状态" value={filters.status ?? ''} onChange={(e) => setF('status', e.target.value)}>
          <option value="">全部状态</option>
          {facets.statuses.map((c) => (
            <option key={c}>{c}</option>
          ))}
        </select>
        <select
          aria-label="承办部门"
          value={filters.department ?? ''}
          onChange={(e) => setF('department', e.target.value)}
        >
          <option value="">全部部门</option>
          {facets.departments.map((c) => (
            <option key={c}>{c}</option>
          ))}
        </select>
        <select
          aria-label="承办检察官"
          value={filters.prosecutor ?? ''}
          onChange={(e) => setF('prosecutor', e.target.value)}
        >
          <option value="">全部检察官</option>
          {facets.prosecutors.map((c) => (
            <option key={c}>{c}</option>
          ))}
        </select>
        <Button onClick={clearAll}>清除条件</Button>
      </div>
      {error && <MessageBar msg={{ kind: 'error', text: error }} onClose={() => setError(null)} />}
      <div className="split">
        <div className="grow" data-testid="cases-grid">
          <AgGridReact<CaseRow>
            theme={gridTheme}
            localeText={localeText}
            columnDefs={COLS}
            defaultColDef={{
              sortable: true,
              resizable: true,
              filterParams: { maxNumConditions: 1, buttons: ['reset', 'apply'], closeOnApply: true },
            }}
            rowModelType="infinite"
            cacheBlockSize={100}
            maxBlocksInCache={50}
            blockLoadDebounceMillis={80}
            getRowId={(p) => p.data.caseNo}
            onGridReady={onReady}
            onRowClicked={(e: RowClickedEvent<CaseRow>) => e.data && setSelected(e.data.caseNo)}
            rowSelection={{ mode: 'singleRow', checkboxes: false, enableClickSelection: true }}
            suppressCellFocus
          />
        </div>
        {selected && <CaseDetailPanel caseNo={selected} onClose={() => setSelected(null)} />}
      </div>
    </div>
  );
}
