/**
 * The mapping file (导入模板, import-mapping.md "File shape", `caseflow-mapping/1`) and its static checks.
 *
 *   checkMapping(json) → { mapping, resolved } | { errors }   every problem at once, each naming the mapping and the key
 *
 * A resolved mapping holds, per sheet entry, the target column definitions of import-format.md
 * (core/import/columns.ts), the value maps keyed by normalised source value, and the constants as cells,
 * so the reader (read-mapped.ts) does no name lookups per row.
 */
import { SHEETS, type SheetName } from '../../domain';
import { SHEET_COLUMNS, columnFor, sheetFor, type ColumnDef } from '../columns';
import { cellText, normalizeEnumText, parseBool, parseDate, parseEnum } from '../values';

export const MAPPING_FORMAT = 'caseflow-mapping/1';

/** A mapping as written in its JSON file. */
export interface MappingFile {
  format: typeof MAPPING_FORMAT;
  name: string;
  sheets: MappingSheet[];
}

export interface MappingSheet {
  match: { sheet: string | number; headerRow: number | 'auto' };
  produces: string[];
  /** source header → `sheet.header` of import-format.md (Chinese header or English key). */
  columns: Record<string, string>;
  /** target column → source value → the value import-format.md allows. */
  values?: Record<string, Record<string, string>>;
  /** target column → one value for the whole sheet. */
  constants?: Record<string, string>;
  skipRows?: { column: string; pattern: string };
}

/** One target column: `案件.承办检察官`. */
export interface Target {
  sheet: SheetName;
  def: ColumnDef;
  /** `sheet.header` in Chinese: the id the UI and messages use. */
  id: string;
}

export interface ResolvedColumn {
  /** The source header as the mapping writes it, and its comparable form. */
  source: string;
  key: string;
  target: Target;
}

export interface ResolvedSheet {
  index: number;
  match: MappingSheet['match'];
  produces: SheetName[];
  columns: ResolvedColumn[];
  /** target id → (source value, raw and normalised) → allowed value ('' = empty). */
  values: Map<string, Map<string, string>>;
  /** target id → the constant's text. */
  constants: Map<string, { target: Target; value: string }>;
  skip: { column: string; key: string; re: RegExp } | null;
}

export interface ResolvedMapping {
  name: string;
  file: MappingFile;
  sheets: ResolvedSheet[];
}

/** Header text → comparable form (spaces gone, full-width → half-width, brackets unified). */
export const headerKey = (h: string): string => normalizeEnumText(h);

/** `sheet.header` (Chinese or English on either side) → the target column, or undefined. */
export function targetFor(id: string): Target | undefined {
  const dot = id.indexOf('.');
  if (dot <= 0) return undefined;
  const sheet = sheetFor(id.slice(0, dot));
  if (!sheet) return undefined;
  const def = columnFor(sheet, id.slice(dot + 1));
  return def ? { sheet, def, id: `${sheet}.${def.header}` } : undefined;
}

/** Every target column of import-format.md, in the spec's order. */
export function allTargets(): Target[] {
  return (Object.keys(SHEETS) as SheetName[]).flatMap((sheet) =>
    SHEET_COLUMNS[sheet].map((def) => ({ sheet, def, id: `${sheet}.${def.header}` })),
  );
}

/** The value a target column takes from `text`, or a reason it cannot (values and constants are checked with it). */
export function allowedValue(t: Target, text: string): { ok: true; value: string } | { ok: false; message: string } {
  if (text === '') return { ok: true, value: '' };
  const d = t.def;
  if (d.kind === 'enum') {
    const p = parseEnum(text, d.enum!);
    return p.ok ? { ok: true, value: p.value ?? '' } : { ok: false, message: `「${text}」${p.message}` };
  }
  if (d.kind === 'bool') {
    const p = parseBool(text);
    return p.ok
      ? { ok: true, value: p.value == null ? '' : p.value ? '是' : '否' }
      : { ok: false, message: `「${text}」${p.message}` };
  }
  if (d.kind === 'date') {
    const p = parseDate(text);
    return p.ok ? { ok: true, value: p.value } : { ok: false, message: `「${text}」${p.message}` };
  }
  return { ok: true, value: text };
}

/** Child sheets may take their 部门受案号 from another produced sheet's (wide layout): which column feeds it. */
export function caseNoSource(
  rs: Pick<ResolvedSheet, 'columns' | 'produces'>,
  sheet: SheetName,
): ResolvedColumn | undefined {
  const own = rs.columns.find((c) => c.target.sheet === sheet && c.target.def.key === 'caseNo');
  if (own) return own;
  for (const s of rs.produces) {
    if (s === sheet || s === '人员') continue;
    const c = rs.columns.find((x) => x.target.sheet === s && x.target.def.key === 'caseNo');
    if (c) return c;
  }
  return undefined;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Checks a parsed JSON value against `caseflow-mapping/1` and resolves it. Every problem is reported, each
 * as `导入模板「name」 key：reason` (the key as a path into the file, e.g. sheets[1].columns「受案号」).
 */
export interface CheckOptions {
  /** Resolve a draft whose produced sheets still lack required columns (the wizard, while the user maps). */
  allowMissing?: boolean;
}

export function checkMapping(
  json: unknown,
  opts: CheckOptions = {},
): { ok: true; mapping: MappingFile; resolved: ResolvedMapping } | { ok: false; errors: string[] } {
  const errors: string[] = [];
  const name = isObject(json) && typeof json.name === 'string' && json.name.trim() ? json.name.trim() : '';
  const who = `导入模板「${name || '（未命名）'}」`;
  const err = (key: string, msg: string) => errors.push(`${who} ${key}：${msg}`);
  if (!isObject(json)) return { ok: false, errors: ['导入模板文件不是 JSON 对象（应以 { 开头）'] };
  if (json.format !== MAPPING_FORMAT)
    err('format', `应为「${MAPPING_FORMAT}」${json.format === undefined ? '' : `，而不是「${String(json.format)}」`}`);
  if (!name) err('name', '缺少模板名称');
  else if (name.length > 100) err('name', '模板名称过长（最多 100 个字）');
  if (!Array.isArray(json.sheets) || json.sheets.length === 0) {
    err('sheets', '应列出至少一个工作表的设置');
    return { ok: false, errors };
  }
  const sheets: ResolvedSheet[] = [];
  json.sheets.forEach((raw: unknown, i: number) => {
    const at = `sheets[${i + 1}]`;
    const rs = checkSheet(raw, i, (key, msg) => err(`${at}${key}`, msg), opts);
    if (rs) sheets.push(rs);
  });
  if (errors.length) return { ok: false, errors };
  const mapping = normalised(json as unknown as MappingFile, name);
  return { ok: true, mapping, resolved: { name, file: mapping, sheets } };
}

/** A mapping as stored and exported: the checked file with its name trimmed and optional keys only when used. */
function normalised(m: MappingFile, name: string): MappingFile {
  return {
    format: MAPPING_FORMAT,
    name,
    sheets: m.sheets.map((s) => ({
      match: { sheet: s.match.sheet, headerRow: s.match.headerRow },
      produces: [...s.produces],
      columns: { ...s.columns },
      ...(s.values && Object.keys(s.values).length ? { values: structuredClone(s.values) } : {}),
      ...(s.constants && Object.keys(s.constants).length
        ? { constants: Object.fromEntries(Object.entries(s.constants).map(([k, v]) => [k, String(v)])) }
        : {}),
      ...(s.skipRows ? { skipRows: { column: s.skipRows.column, pattern: s.skipRows.pattern } } : {}),
    })),
  };
}

function checkSheet(
  raw: unknown,
  index: number,
  err: (key: string, msg: string) => void,
  opts: CheckOptions,
): ResolvedSheet | null {
  const before = { n: 0 };
  const e = (key: string, msg: string) => {
    before.n++;
    err(key, msg);
  };
  if (!isObject(raw)) {
    e('', '应为一个对象（match、produces、columns …）');
    return null;
  }
  // match
  const match = raw.match;
  let sheetSel: string | number = '';
  let headerRow: number | 'auto' = 'auto';
  if (!isObject(match)) e('.match', '缺少 match（sheet 和 headerRow）');
  else {
    if (typeof match.sheet === 'number' && Number.isInteger(match.sheet) && match.sheet >= 1) sheetSel = match.sheet;
    else if (typeof match.sheet === 'string' && match.sheet.trim()) sheetSel = match.sheet.trim();
    else e('.match.sheet', '应为工作表名称、从 1 起的工作表序号，或 CSV 文件名（* 表示任意）');
    if (match.headerRow === 'auto') headerRow = 'auto';
    else if (typeof match.headerRow === 'number' && Number.isInteger(match.headerRow) && match.headerRow >= 1)
      headerRow = match.headerRow;
    else e('.match.headerRow', '应为表头所在的行号（从 1 起，与 Excel 一致）或 "auto"');
  }
  // produces
  const produces: SheetName[] = [];
  if (!Array.isArray(raw.produces) || raw.produces.length === 0)
    e('.produces', `应列出每行数据生成的表（${Object.keys(SHEETS).join('、')}）`);
  else {
    for (const p of raw.produces) {
      const s = typeof p === 'string' ? sheetFor(p) : undefined;
      if (!s) e('.produces', `「${String(p)}」不是可导入的表；可用：${Object.keys(SHEETS).join('、')}`);
      else if (produces.includes(s)) e('.produces', `「${s}」重复`);
      else produces.push(s);
    }
  }
  // columns
  const columns: ResolvedColumn[] = [];
  const bySource = new Map<string, string>();
  const byTarget = new Map<string, string>();
  if (!isObject(raw.columns) || Object.keys(raw.columns).length === 0)
    e('.columns', '应列出至少一个「原表头: 表.列」的对应');
  else {
    for (const [source, to] of Object.entries(raw.columns)) {
      const key = headerKey(source);
      const at = `.columns「${source}」`;
      if (!key) {
        e(at, '原表头不能为空');
        continue;
      }
      if (typeof to !== 'string') {
        e(at, '目标列应写成「表.列」，如「案件.承办检察官」');
        continue;
      }
      const target = targetFor(to);
      if (!target) {
        e(at, unknownTarget(to));
        continue;
      }
      if (produces.length && !produces.includes(target.sheet))
        e(at, `目标列「${target.id}」所在的表「${target.sheet}」不在 produces 中`);
      if (bySource.has(key)) e(at, `与「${bySource.get(key)}」是同一个原表头`);
      bySource.set(key, source);
      if (byTarget.has(target.id)) e(at, `与「${byTarget.get(target.id)}」都对应「${target.id}」，只能保留一个`);
      byTarget.set(target.id, source);
      columns.push({ source, key, target });
    }
  }
  // values
  const values = new Map<string, Map<string, string>>();
  if (raw.values !== undefined) {
    if (!isObject(raw.values)) e('.values', '应为「表.列: { 原值: 新值 }」');
    else
      for (const [to, map] of Object.entries(raw.values)) {
        const at = `.values「${to}」`;
        const target = targetFor(to);
        if (!target) {
          e(at, unknownTarget(to));
          continue;
        }
        if (!isObject(map)) {
          e(at, '应为「{ 原值: 新值 }」');
          continue;
        }
        const m = new Map<string, string>();
        for (const [from, v] of Object.entries(map)) {
          const text = typeof v === 'string' ? cellText(v) : typeof v === 'number' ? String(v) : null;
          if (text == null) {
            e(`${at}「${from}」`, '新值应为文字');
            continue;
          }
          const a = allowedValue(target, text);
          if (!a.ok) {
            e(`${at}「${from}」`, `「${target.id}」${a.message.replace(/^「.*?」/, `不能取值「${text}」：`)}`);
            continue;
          }
          m.set(cellText(from), a.value);
          m.set(headerKey(from), a.value);
        }
        values.set(target.id, m);
      }
  }
  // constants
  const constants = new Map<string, { target: Target; value: string }>();
  if (raw.constants !== undefined) {
    if (!isObject(raw.constants)) e('.constants', '应为「表.列: 值」');
    else
      for (const [to, v] of Object.entries(raw.constants)) {
        const at = `.constants「${to}」`;
        const target = targetFor(to);
        if (!target) {
          e(at, unknownTarget(to));
          continue;
        }
        if (produces.length && !produces.includes(target.sheet))
          e(at, `目标列「${target.id}」所在的表「${target.sheet}」不在 produces 中`);
        if (byTarget.has(target.id))
          e(at, `「${target.id}」已由原表头「${byTarget.get(target.id)}」提供，不能再设固定值`);
        const text =
          typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? cellText(String(v)) : null;
        if (text == null || text === '') {
          e(at, '固定值不能为空');
          continue;
        }
        const a = allowedValue(target, text);
        if (!a.ok) {
          e(at, `「${target.id}」${a.message.replace(/^「.*?」/, `不能取值「${text}」：`)}`);
          continue;
        }
        constants.set(target.id, { target, value: a.value });
      }
  }
  // skipRows
  let skip: ResolvedSheet['skip'] = null;
  if (raw.skipRows !== undefined) {
    const s = raw.skipRows;
    if (!isObject(s) || typeof s.column !== 'string' || !s.column.trim() || typeof s.pattern !== 'string' || !s.pattern)
      e('.skipRows', '应为 { "column": 原表头, "pattern": 正则表达式 }');
    else {
      try {
        skip = { column: s.column, key: headerKey(s.column), re: new RegExp(s.pattern) };
      } catch (x) {
        e('.skipRows.pattern', `不是有效的正则表达式（${(x as Error).message}）`);
      }
    }
  }
  if (before.n) return null;
  const rs: ResolvedSheet = {
    index,
    match: { sheet: sheetSel, headerRow },
    produces,
    columns,
    values,
    constants,
    skip,
  };
  // every required column of every produced sheet has a source or a constant
  if (!opts.allowMissing)
    for (const m of missingRequired(rs))
      e(
        '.produces',
        `「${m.sheet}」表的必填列「${m.def.header}」没有来源：请在 columns 中对应一个原表头，或在 constants 中给出固定值`,
      );
  if (before.n) return null;
  return rs;
}

/** Required columns of the produced sheets that neither a source column nor a constant gives. */
export function missingRequired(rs: ResolvedSheet): Target[] {
  const out: Target[] = [];
  for (const sheet of rs.produces) {
    for (const def of SHEET_COLUMNS[sheet]) {
      if (!def.required) continue;
      const id = `${sheet}.${def.header}`;
      if (rs.columns.some((c) => c.target.id === id) || rs.constants.has(id)) continue;
      if (def.key === 'caseNo' && caseNoSource(rs, sheet)) continue;
      out.push({ sheet, def, id });
    }
  }
  return out;
}

function unknownTarget(to: string): string {
  const dot = to.indexOf('.');
  const sheet = dot > 0 ? sheetFor(to.slice(0, dot)) : undefined;
  if (!sheet)
    return `目标列「${to}」不存在：应写成「表.列」，表为 ${Object.keys(SHEETS).join('、')} 之一，如「案件.承办检察官」`;
  return `目标列「${to}」不存在：「${sheet}」表的列有 ${SHEET_COLUMNS[sheet].map((c) => c.header).join('、')}`;
}

/** Parses mapping JSON text (a file's content); a syntax error is a refusal naming the file. */
export function parseMappingText(
  text: string,
  label: string,
): { ok: true; mapping: MappingFile; resolved: ResolvedMapping } | { ok: false; errors: string[] } {
  let json: unknown;
  try {
    json = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (e) {
    return { ok: false, errors: [`导入模板文件 ${label} 不是有效的 JSON：${(e as Error).message}`] };
  }
  return checkMapping(json);
}

/** The source headers a sheet entry needs in the file (its columns and the skip column). */
export function neededHeaders(rs: ResolvedSheet): string[] {
  return rs.columns.map((c) => c.source);
}
