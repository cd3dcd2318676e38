/** 案件: every case over the infinite row model (server paging, sorting and filtering), saved views, case detail. */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { AgGridReact } from 'ag-grid-react';
import type { ColDef, GridApi, GridReadyEvent, IDatasource, IGetRowsParams, RowClickedEvent } from 'ag-grid-community';
import { errorText, invoke, type HandlerInput, type HandlerResult } from '../api';
import { gridTheme, localeText } from '../grid';
import { hashOf, useNav } from '../nav';
import { Button, MessageBar } from '../components/ui';
import { CaseDetailPanel } from '../components/CaseDetail';
import { ProsecutorLink } from '../components/prosecutor';
import { ColumnChooser, GridActions, gridShape, useColumnPrefs, ViewsMenu } from '../components/GridTools';
import { DateInput } from '../components/pickers';
import { EmptyStore, useCaseCount } from '../components/EmptyStore';

type CaseRow = HandlerResult<'cases/list'>['rows'][number];
type SortCol = NonNullable<HandlerInput<'cases/list'>['sort']>[number]['col'];
type Filters = NonNullable<HandlerInput<'cases/list'>['filters']>;
interface Facets {
  categories: string[];
  statuses: string[];
  departments: string[];
  prosecutors: string[];
}

/** The filter keys a view or the address carries. */
const FILTER_KEYS = [
  'q',
  'category',
  'status',
  'department',
  'prosecutor',
  'receivedFrom',
  'receivedTo',
  'concludedFrom',
  'concludedTo',
] as const;
const FILTER_LABELS: Record<(typeof FILTER_KEYS)[number], string> = {
  q: '搜索',
  category: '类别',
  status: '状态',
  department: '承办部门',
  prosecutor: '承办检察官',
  receivedFrom: '受理日期自',
  receivedTo: '受理日期至',
  concludedFrom: '办结日期自',
  concludedTo: '办结日期至',
};

function filtersOf(params: Record<string, string>): Filters {
  const f: Record<string, string> = {};
  for (const k of FILTER_KEYS) if (params[k]) f[k] = params[k];
  return f as Filters;
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
  { field: 'receivedOn', headerName: '受理日期', width: 110 },
  { field: 'status', headerName: '状态', width: 80 },
  { field: 'concludedOn', headerName: '办结日期', width: 110 },
  { field: 'conclusion', headerName: '办结方式', width: 110, sortable: false },
  { field: 'agency', headerName: '移送单位', width: 150, sortable: false },
  { field: 'procedure', headerName: '适用程序', width: 100, sortable: false, hide: true },
  { field: 'persons', headerName: '嫌疑人数', width: 90, type: 'rightAligned', sortable: false },
];

export function CasesScreen({ params }: { params: Record<string, string> }) {
  const cases = useCaseCount();
  if (cases === 0)
    return (
      <div className="page">
        <div className="page-head">
          <h1>案件</h1>
        </div>
        <EmptyStore />
      </div>
    );
  return <CasesGrid params={params} />;
}

function CasesGrid({ params }: { params: Record<string, string> }) {
  const apiRef = useRef<GridApi<CaseRow> | null>(null);
  const [filters, setFilters] = useState<Filters>(() => filtersOf(params));
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
  const [view, setView] = useState<string | null>(params.view ?? null);
  const [selected, setSelected] = useState<string | null>(params.caseNo ?? null);
  const prefs = useColumnPrefs('cases');
  const nav = useNav();

  // A view or a link (search everywhere, a finding) changes the parameters: the filters follow.
  useEffect(() => {
    setFilters(filtersOf(params));
    setQDraft(params.q ?? '');
    setView(params.view ?? null);
    if (params.caseNo) setSelected(params.caseNo);
  }, [params]);

  // The filters live in the address, so a reload keeps them.
  useEffect(() => {
    const h = hashOf('cases', { ...filters, view: view ?? undefined, caseNo: selected ?? undefined });
    if (window.location.hash !== h) window.history.replaceState(null, '', h);
  }, [filters, view, selected]);

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
        invoke('cases/list', {
          offset: p.startRow,
          limit: p.endRow - p.startRow,
          sort: sort.length ? sort : undefined,
          filters: f,
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
    const t = setTimeout(
      () => setFilters((f) => (f.q === (qDraft || undefined) ? f : { ...f, q: qDraft || undefined })),
      300,
    );
    return () => clearTimeout(t);
  }, [qDraft]);

  const onReady = (e: GridReadyEvent<CaseRow>) => {
    apiRef.current = e.api;
    e.api.setGridOption('datasource', datasource);
    prefs.ready(e.api);
  };

  const setF = (k: keyof Filters, v: string) => {
    setView(null);
    setFilters((f) => ({ ...f, [k]: v || undefined }));
  };
  const clearAll = () => {
    setFilters({});
    setQDraft('');
    setView(null);
    apiRef.current?.applyColumnState({ defaultState: { sort: null } });
  };
  const cleanFilters = () =>
    Object.fromEntries(Object.entries(filters).filter(([, v]) => v !== undefined && v !== '')) as Record<
      string,
      string
    >;
  const conditions = FILTER_KEYS.filter((k) => filters[k])
    .map((k) => `${FILTER_LABELS[k]}：${filters[k]}`)
    .join('；');

  return (
    <div className="page fill">
      <div className="page-head">
        <h1>案件</h1>
        <span className="sub" data-testid="cases-total">
          {total !== null ? `共 ${total.toLocaleString('zh-CN')} 件` : ''}
        </span>
        <span className="spacer" />
        <ViewsMenu
          grids={['cases']}
          active={view}
          current={() => ({ grid: 'cases', params: cleanFilters() })}
          onApply={(v) => nav('cases', { ...v.params, view: v.name })}
        />
      </div>
      <div className="toolbar">
        <input
          type="search"
          className="search"
          style={{ width: 300 }}
          placeholder="搜索 部门受案号 / 案件名称 / 承办检察官"
          value={qDraft}
          onChange={(e) => {
            setView(null);
            setQDraft(e.target.value);
          }}
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
        <span className="row small">
          受理
          <DateInput
            value={filters.receivedFrom ?? ''}
            onChange={(v) => setF('receivedFrom', v)}
            clearable
            label="受理日期自"
          />
          至
          <DateInput
            value={filters.receivedTo ?? ''}
            onChange={(v) => setF('receivedTo', v)}
            clearable
            label="受理日期至"
          />
        </span>
        <Button onClick={clearAll}>清除条件</Button>
        <span className="spacer" />
        <ColumnChooser api={apiRef.current} onReset={prefs.reset} />
        <GridActions
          title="案件"
          conditions={conditions}
          testId="cases"
          request={() => {
            const shape = gridShape(apiRef.current);
            return { source: 'cases', filters, sort: shape.sort, columns: shape.columns };
          }}
        />
      </div>
      {error && <MessageBar msg={{ kind: 'error', text: error }} onClose={() => setError(null)} />}
      <div className="split">
        <div className="grow" data-testid="cases-grid">
          <AgGridReact<CaseRow>
            theme={gridTheme}
            suppressColumnVirtualisation
            localeText={localeText}
            columnDefs={COLS}
            defaultColDef={{ sortable: true, resizable: true }}
            rowModelType="infinite"
            cacheBlockSize={100}
            maxBlocksInCache={50}
            blockLoadDebounceMillis={80}
            getRowId={(p) => p.data.caseNo}
            onGridReady={onReady}
            {...prefs.events}
            onRowClicked={(e: RowClickedEvent<CaseRow>) => e.data && setSelected(e.data.caseNo)}
            onCellKeyDown={(e) => {
              const k = (e.event as KeyboardEvent | undefined)?.key;
              if (k === 'Enter' && e.data) setSelected(e.data.caseNo);
            }}
            rowSelection={{ mode: 'singleRow', checkboxes: false, enableClickSelection: true }}
          />
        </div>
        {selected && <CaseDetailPanel caseNo={selected} onClose={() => setSelected(null)} />}
      </div>
    </div>
  );
}
