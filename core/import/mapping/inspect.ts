/**
 * The import wizard's view of one file under a mapping (import-mapping.md): which mapping (a draft the user
 * is editing, else a saved one the headers match, else the proposal), each worksheet's headers and where they
 * go, the headers it could not place, the required columns still without a source, the values enumeration
 * columns cannot take (with the mapping's or a proposed replacement), and the first 20 rows as they will be
 * read: value-mapped, parsed, each cell with the import's own error when it has one.
 *
 * Everything shown is Chinese (headers, target columns as 「表 · 列」, values); the mapping itself travels
 * as the JSON of its file.
 */
import path from 'node:path';
import type { AppContext } from '../../context';
import type { Db } from '../../../db/store';
import { Collector } from '../collect';
import { cellText, type Cell } from '../values';
import {
  allowedValue,
  allTargets,
  checkMapping,
  missingRequired,
  targetFor,
  type MappingFile,
  type ResolvedMapping,
  type ResolvedSheet,
  type Target,
} from './format';
import { bindHeader, findHeaderRow, sheetMatches, type Binding } from './locate';
import { mappedValue, readMappedSheet } from './read-mapped';
import { matchSavedMapping } from './saved';
import { scanFile, type Scan, type ScannedSheet } from './scan';
import type { SourceRow } from './source';
import { suggestMapping } from './suggest';
import { valueSynonym } from './synonyms';
import { titleDate, type TitleDate } from './title-date';

/** Data rows shown per worksheet. */
export const PREVIEW_ROWS = 20;

export interface TargetInfo {
  /** 「表.列」 in Chinese, e.g. 案件.承办检察官 (how the mapping file names it). */
  id: string;
  sheet: string;
  header: string;
  required: boolean;
  /** The values an enumeration or yes/no column takes; null for text and dates. */
  allowed: string[] | null;
}

export interface SheetView {
  /** The worksheet's name (CSV: the file name). */
  sheet: string;
  /** Index of its entry in mapping.sheets, or null when the mapping does not read it. */
  entry: number | null;
  headerRow: number | null;
  /** The header row's headers in order, each with the target column it goes to (null: not imported) and a value below it. */
  headers: { text: string; target: string | null; sample: string | null }[];
  unplaced: string[];
  /** Required columns of the produced sheets with no source column and no constant. */
  missing: TargetInfo[];
  /** Values a mapped enumeration/yes-no column cannot take, with the replacement the mapping gives (or proposes). */
  odd: {
    target: string;
    header: string;
    allowed: string[];
    values: { value: string; count: number; mappedTo: string | null; suggestion: string | null }[];
  }[];
  preview: {
    columns: { target: string; sheet: string; header: string; required: boolean; source: string | null }[];
    rows: { n: number; skipped: string | null; cells: { text: string; error: string | null }[]; errors: string[] }[];
  } | null;
  /** Data rows below the header row (blank and total rows not counted). */
  rows: number;
  /** Problems that stop this worksheet from being read (no header row, mapped headers missing). */
  problems: string[];
}

export interface Inspection {
  file: string;
  origin: 'draft' | 'saved' | 'proposed';
  mapping: MappingFile;
  /** What keeps the mapping from being used as it is (Chinese sentences naming the mapping and the key). */
  problems: string[];
  sheets: SheetView[];
  targets: TargetInfo[];
  /** The data date a title row states, if any. */
  titleDate: TitleDate | null;
}

export function targetInfo(t: Target): TargetInfo {
  const d = t.def;
  return {
    id: t.id,
    sheet: t.sheet,
    header: d.header,
    required: d.required,
    allowed: d.kind === 'enum' ? [...d.enum!.values] : d.kind === 'bool' ? ['是', '否'] : null,
  };
}

const noProgress = {};

/** The view of `file` under `draft` (or the saved mapping it matches, or a proposal). */
export async function inspectFile(
  ctx: Pick<AppContext, 'progress' | 'signal'>,
  db: Db,
  file: string,
  kind: 'xlsx' | 'csv',
  draft?: unknown,
): Promise<Inspection> {
  let scan = await scanFile(ctx, file, kind);
  let origin: Inspection['origin'] = 'draft';
  let mapping: MappingFile;
  if (draft !== undefined) mapping = draft as MappingFile;
  else {
    const saved = await matchSavedMapping(db, file, kind);
    if (saved) {
      origin = 'saved';
      mapping = saved.file;
    } else {
      origin = 'proposed';
      mapping = suggestMapping(scan, file).mapping;
    }
  }
  const checked = checkMapping(mapping, { allowMissing: true });
  const problems = checked.ok ? [] : checked.errors;
  const rm = checked.ok ? checked.resolved : null;
  if (checked.ok) mapping = checked.mapping;
  // distinct values are counted under each entry's own header row
  if (rm) {
    const rows: Record<string, number> = {};
    for (const rs of rm.sheets) {
      const s = scan.sheets.find((x) => sheetMatches(rs.match.sheet, x));
      const h = s && findHeaderRow(rs, s.head);
      if (s && h && h.n !== s.headerRow) rows[s.name] = h.n;
    }
    if (Object.keys(rows).length) scan = await scanFile(ctx, file, kind, rows);
  }
  const sheets = await sheetViews(scan, rm, path.basename(file), mapping);
  const firstEntry = rm?.sheets[0];
  const firstSheet = firstEntry && scan.sheets.find((x) => sheetMatches(firstEntry.match.sheet, x));
  const head = firstSheet ?? scan.sheets[0];
  const headerN = (firstSheet && firstEntry && findHeaderRow(firstEntry, firstSheet.head)?.n) ?? head?.headerRow ?? 1;
  const missingAll = sheets.flatMap((s) =>
    s.missing.map((m) => `「${s.sheet}」：必填列「${m.sheet} · ${m.header}」还没有对应的列或固定值`),
  );
  return {
    file: path.basename(file),
    origin,
    mapping,
    problems: [...problems, ...missingAll, ...sheets.flatMap((s) => s.problems)],
    sheets,
    targets: allTargets().map(targetInfo),
    titleDate: head ? titleDate(head.head.filter((r) => r.n < headerN)) : null,
  };
}

async function sheetViews(
  scan: Scan,
  rm: ResolvedMapping | null,
  file: string,
  mapping: MappingFile,
): Promise<SheetView[]> {
  const used = new Set<number>();
  const out: SheetView[] = [];
  for (const s of scan.sheets) {
    const rs = rm?.sheets.find((x) => !used.has(x.index) && sheetMatches(x.match.sheet, s));
    if (!rs || !rm) {
      out.push({
        sheet: s.name,
        entry: null,
        headerRow: s.headerRow || null,
        headers: headersOf(s, s.headerRow),
        unplaced: [],
        missing: [],
        odd: [],
        preview: null,
        rows: s.rows,
        problems: [],
      });
      continue;
    }
    used.add(rs.index);
    out.push(await sheetView(s, rs, rm, file, mapping));
  }
  return out;
}

/** The headers of row n, each with the first value below it (what the column holds). */
function headersOf(
  s: ScannedSheet,
  n: number,
  targetOf: (i: number) => string | null = () => null,
): SheetView['headers'] {
  const cells = (s.head.find((r) => r.n === n)?.cells ?? []).map((c) => cellText(c));
  return cells.map((text, i) => {
    let sample: string | null = null;
    for (const r of s.head) {
      if (r.n <= n) continue;
      const t = cellText(r.cells[i]);
      if (t) {
        sample = t;
        break;
      }
    }
    return { text, target: targetOf(i), sample };
  });
}

async function sheetView(
  s: ScannedSheet,
  rs: ResolvedSheet,
  rm: ResolvedMapping,
  file: string,
  mapping: MappingFile,
): Promise<SheetView> {
  const view: SheetView = {
    sheet: s.name,
    entry: rs.index,
    headerRow: null,
    headers: [],
    unplaced: [],
    missing: missingRequired(rs).map(targetInfo),
    odd: [],
    preview: null,
    rows: s.rows,
    problems: [],
  };
  const header = findHeaderRow(rs, s.head);
  if (!header) {
    view.problems.push(
      rs.match.headerRow === 'auto'
        ? `「${s.name}」：在前 20 行中找不到表头行（至少含 3 个已对应的列名），请指定表头所在的行`
        : `「${s.name}」：第 ${rs.match.headerRow} 行不是表头行（该行为空）`,
    );
    view.headers = headersOf(s, s.headerRow);
    return view;
  }
  view.headerRow = header.n;
  const b = bindHeader(rs, header.cells);
  const targetOf = new Map(rs.columns.map((c, i) => [b.index[i], c.target.id]));
  view.headers = headersOf(s, header.n, (i) => targetOf.get(i) ?? null);
  view.unplaced = b.unlisted;
  for (const m of b.missing)
    view.problems.push(`「${s.name}」：表头行（第 ${header.n} 行）中没有导入模板列出的「${m}」`);
  if (rs.skip && b.skipIndex < 0)
    view.problems.push(`「${s.name}」：表头行中没有跳过规则所用的列「${rs.skip.column}」`);

  // values the mapped enumeration and yes/no columns cannot take
  const entry = mapping.sheets[rs.index];
  rs.columns.forEach((c, i) => {
    const t = c.target;
    if ((t.def.kind !== 'enum' && t.def.kind !== 'bool') || b.index[i] < 0) return;
    const given =
      entry.values?.[t.id] ??
      entry.values?.[Object.keys(entry.values ?? {}).find((k) => targetFor(k)?.id === t.id) ?? ''];
    const values: SheetView['odd'][number]['values'] = [];
    for (const [value, count] of s.distinct[b.index[i]] ?? []) {
      if (allowedValue(t, value).ok && !(given && value in given)) continue;
      values.push({
        value,
        count,
        mappedTo: given?.[value] ?? null,
        suggestion: valueSynonym(t.def.key, value) ?? null,
      });
    }
    if (values.length) view.odd.push({ target: t.id, header: c.source, allowed: targetInfo(t).allowed ?? [], values });
  });

  if (view.problems.length) return view;
  view.preview = await previewRows(s, rs, rm, file, header, b);
  return view;
}

/** The first data rows as the import will read them, with the import's own errors (from a throwaway collector). */
async function previewRows(
  s: ScannedSheet,
  rs: ResolvedSheet,
  rm: ResolvedMapping,
  file: string,
  header: SourceRow,
  b: Binding,
): Promise<NonNullable<SheetView['preview']>> {
  const data = s.head.filter((r) => r.n > header.n && r.cells.some((c) => cellText(c) !== '')).slice(0, PREVIEW_ROWS);
  const col = new Collector();
  const last = data.length ? data[data.length - 1].n : header.n;
  await readMappedSheet(
    noProgress,
    col,
    file,
    s.name,
    (async function* () {
      for (const r of s.head) if (r.n <= last) yield r;
    })(),
    rm,
    rs,
    { n: 0 },
  );
  const index = b.index;
  const skipIndex = b.skipIndex;
  // the columns in target order: each produced sheet's mapped columns, then its constants
  const columns: NonNullable<SheetView['preview']>['columns'] = [];
  const getters: ((cells: Cell[]) => Cell)[] = [];
  const targets: Target[] = [];
  for (const sheet of rs.produces) {
    rs.columns.forEach((c, i) => {
      if (c.target.sheet !== sheet) return;
      const vm = rs.values.get(c.target.id);
      const copy = vm ? new Map(vm) : null;
      const si = index[i];
      columns.push({
        target: c.target.id,
        sheet,
        header: c.target.def.header,
        required: c.target.def.required,
        source: c.source,
      });
      getters.push((cells) => (copy ? mappedValue(copy, cells[si]) : cells[si]));
      targets.push(c.target);
    });
    for (const { target, value } of rs.constants.values()) {
      if (target.sheet !== sheet) continue;
      columns.push({
        target: target.id,
        sheet,
        header: target.def.header,
        required: target.def.required,
        source: null,
      });
      getters.push(() => value);
      targets.push(target);
    }
  }
  const rows = data.map((r) => {
    if (skipIndex >= 0 && rs.skip!.re.test(cellText(r.cells[skipIndex])))
      return {
        n: r.n,
        skipped: `「${rs.skip!.column}」为「${cellText(r.cells[skipIndex])}」，按跳过规则不导入`,
        cells: [],
        errors: [],
      };
    const errs = col.errors.filter((e) => e.row === r.n);
    const cells = getters.map((get, k) => {
      const text = cellText(get(r.cells));
      const a = allowedValue(targets[k], text);
      const own = errs.find(
        (e) => e.column === columns[k].source || (columns[k].source == null && e.column.startsWith(columns[k].header)),
      );
      return { text: a.ok ? a.value : text, error: own ? own.message : a.ok ? null : a.message };
    });
    const placed = new Set(columns.map((c) => c.source));
    const errors = errs
      .filter((e) => !placed.has(e.column))
      .map((e) => (e.column ? `「${e.column}」${e.message}` : e.message));
    return { n: r.n, skipped: null, cells, errors };
  });
  return { columns, rows };
}
