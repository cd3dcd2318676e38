/**
 * Edits of a mapping draft in the import wizard (the `caseflow-mapping/1` file the wizard builds). Pure and
 * immutable: each edit returns a new draft. The sheets a sheet entry produces follow from the columns and
 * constants it has, so the user never picks them.
 */
import type { HandlerResult } from '../api';

export type Mapping = HandlerResult<'mappings/inspect'>['mapping'];
export type Entry = Mapping['sheets'][number];

const SHEET_ORDER = ['案件', '嫌疑人', '流程节点', '文书', '人员'];

/** The target sheet of a target column id (案件.承办检察官 → 案件). */
export const sheetOf = (id: string) => id.slice(0, id.indexOf('.'));

function withProduces(e: Entry): Entry {
  const used = new Set([...Object.values(e.columns), ...Object.keys(e.constants ?? {})].map(sheetOf));
  return { ...e, produces: SHEET_ORDER.filter((s) => used.has(s)) };
}

function edit(m: Mapping, entry: number, f: (e: Entry) => Entry): Mapping {
  const sheets = m.sheets.map((e, i) => (i === entry ? withProduces(f(structuredClone(e))) : e));
  // an entry left with nothing to read is dropped (its worksheet is then ignored)
  return { ...m, sheets: sheets.filter((e) => Object.keys(e.columns).length > 0) };
}

/** Maps a header of a worksheet to a target column (null: not imported); adds the worksheet's entry when it has none. */
export function withColumn(
  m: Mapping,
  entry: number | null,
  worksheet: string,
  headerRow: number | null,
  header: string,
  target: string | null,
): Mapping {
  if (entry == null) {
    if (!target) return m;
    const e: Entry = withProduces({
      match: { sheet: worksheet, headerRow: headerRow ?? 'auto' },
      produces: [],
      columns: { [header]: target },
    });
    return { ...m, sheets: [...m.sheets, e] };
  }
  return edit(m, entry, (e) => {
    const columns = { ...e.columns };
    if (target) {
      // one source per target: a header taking a target takes it from the header that had it
      for (const [h, t] of Object.entries(columns)) if (t === target) delete columns[h];
      columns[header] = target;
    } else delete columns[header];
    const values = { ...(e.values ?? {}) };
    for (const t of Object.keys(values)) if (!Object.values(columns).includes(t)) delete values[t];
    const constants = { ...(e.constants ?? {}) };
    if (target) delete constants[target];
    return { ...e, columns, values, constants };
  });
}

export function withConstant(m: Mapping, entry: number, target: string, value: string | null): Mapping {
  return edit(m, entry, (e) => {
    const constants = { ...(e.constants ?? {}) };
    if (value) constants[target] = value;
    else delete constants[target];
    return { ...e, constants };
  });
}

export function withValue(m: Mapping, entry: number, target: string, from: string, to: string | null): Mapping {
  return edit(m, entry, (e) => {
    const values = { ...(e.values ?? {}) };
    const map = { ...(values[target] ?? {}) };
    if (to != null) map[from] = to;
    else delete map[from];
    if (Object.keys(map).length) values[target] = map;
    else delete values[target];
    return { ...e, values };
  });
}

export const TOTAL_PATTERN = '^(合计|总计|小计)';

export function withSkip(m: Mapping, entry: number, column: string | null): Mapping {
  return edit(m, entry, (e) => {
    const { skipRows: _old, ...rest } = e;
    return column ? { ...rest, skipRows: { column, pattern: _old?.pattern ?? TOTAL_PATTERN } } : rest;
  });
}

export function withHeaderRow(m: Mapping, entry: number, row: number | 'auto'): Mapping {
  return edit(m, entry, (e) => ({ ...e, match: { ...e.match, headerRow: row } }));
}

export function withName(m: Mapping, name: string): Mapping {
  return { ...m, name };
}
