/**
 * What an import will do to the store, before it does it: the checks that need the store (orphan
 * child rows, decisions against a stored case's category), then per case added / changed /
 * unchanged with the history rows, and the roster changes. The result is a list of write bundles
 * holding only what differs, so re-importing the same file writes nothing.
 */
import { DECISIONS_BY_CATEGORY, type Category, type SheetName } from '../domain';
import type { Db } from '../../db/store';
import {
  countCases,
  documentsOfCase,
  eventsOfCase,
  getCaseByNo,
  hasAnyCase,
  personsOfCase,
  type CaseBundle,
  type CaseRow,
  type DataDateConfirm,
  type DataKind,
  type HistoryEntry,
} from '../../db/queries/cases';
import { allStaff } from '../../db/queries/imports';
import { SHEET_COLUMNS, type ColumnDef } from './columns';
import type { Collector } from './collect';

type ChildKind = 'persons' | 'events' | 'documents';
const CHILD_SHEETS: [ChildKind, SheetName][] = [
  ['persons', '嫌疑人'],
  ['events', '流程节点'],
  ['documents', '文书'],
];

/** camelCase key → the db column (events.on is on_date: `on` is an SQL keyword). */
const dbCol = (key: string): string => (key === 'on' ? 'on_date' : key.replace(/[A-Z]/g, (c) => '_' + c.toLowerCase()));

/** Readable text of a value for comparison and history: booleans 是/否, empty null. */
function show(def: ColumnDef, v: unknown): string | null {
  if (v == null) return null;
  if (def.kind === 'bool') return v === true || v === 1 ? '是' : '否';
  return String(v);
}

const fieldsOf = (sheet: SheetName) =>
  SHEET_COLUMNS[sheet].filter((c) => c.key !== 'caseNo').map((def) => ({ def, col: dbCol(def.key) }));
const FIELDS = {
  案件: fieldsOf('案件'),
  嫌疑人: fieldsOf('嫌疑人'),
  流程节点: fieldsOf('流程节点'),
  文书: fieldsOf('文书'),
};

type Obj = Record<string, unknown>;
const importedRow = (sheet: keyof typeof FIELDS, r: Obj) => FIELDS[sheet].map((f) => show(f.def, r[f.def.key]));
const storedRow = (sheet: keyof typeof FIELDS, r: Obj) => FIELDS[sheet].map((f) => show(f.def, r[f.col]));
const key = (vals: (string | null)[]) => vals.map((v) => v ?? '\u0000').join('\u0001');

// ---- checks against the store ----------------------------------------------------------

/** Looks every bundle's case up in the store; reports orphan child rows and decisions the case's category does not allow. */
export function resolveStore(db: Db, col: Collector): Map<string, CaseRow> {
  const stored = new Map<string, CaseRow>();
  // A first load into an empty store (the office's first import): no case can be found, so none is looked up
  // (100,000 lookups that find nothing are ~0.1 s after the last row is read, on the import's critical path).
  const empty = !hasAnyCase(db);
  for (const b of col.bundles.values()) {
    const row = empty ? undefined : getCaseByNo(db, b.caseNo);
    if (row) stored.set(b.caseNo, row);
    if (!row && !b.caseAt) {
      for (const [kind] of CHILD_SHEETS) {
        for (const r of b[kind] ?? [])
          col.rowError(
            r._src,
            r._row,
            'caseNo',
            b.caseNo,
            `部门受案号「${b.caseNo}」既不在本次导入的案件表中，也不在案件库中`,
          );
      }
      continue;
    }
    const category = (b.case?.category ?? row?.category) as Category | undefined;
    if (!category || !b.persons) continue;
    const allowed = DECISIONS_BY_CATEGORY[category] ?? [];
    for (const p of b.persons) {
      if (p.decision != null && !allowed.includes(p.decision)) {
        col.rowError(
          p._src,
          p._row,
          'decision',
          p.decision,
          allowed.length
            ? `审查结论「${p.decision}」不适用于案件类别「${category}」；允许的值：${allowed.join('、')}`
            : `案件类别「${category}」的嫌疑人不应有审查结论（只有审查逮捕、审查起诉案件有）`,
        );
      }
    }
  }
  return stored;
}

// ---- the change plan -----------------------------------------------------------------------

export interface StaffWrite {
  name: string;
  department: string;
  role: string;
  active: boolean;
  autoAdded: boolean;
}

export interface Plan {
  writes: CaseBundle[];
  added: number;
  changed: number;
  unchanged: number;
  staff: StaffWrite[];
  staffAdded: string[];
  /** Cases in the store before this import. */
  storedCases: number;
  /**
   * Cases whose changes were not applied because the store holds data of theirs from a later data date
   * (an older export never overwrites newer data), with that later date. Empty with `allowOlder`.
   */
  skippedOlder: { caseNo: string; takenOn: string }[];
  /** Stored cases whose rows of some kinds this import confirms unchanged: their data date moves up to the import's. */
  confirms: DataDateConfirm[];
}

/** What decides a case's data dates: the import's data date, and whether older data may overwrite newer. */
export interface DataDateOptions {
  takenOn: string | null;
  allowOlder?: boolean;
}

/** The stored data date of each kind of a case's rows. */
function storedDates(row: CaseRow): Record<DataKind, string | null> {
  return {
    case: row.taken_on,
    persons: row.persons_taken_on,
    events: row.events_taken_on,
    documents: row.documents_taken_on,
  };
}

export function planChanges(
  db: Db,
  col: Collector,
  stored: Map<string, CaseRow>,
  progress?: (done: number, total: number) => void,
  dates: DataDateOptions = { takenOn: null },
): Plan {
  const plan: Plan = {
    writes: [],
    added: 0,
    changed: 0,
    unchanged: 0,
    staff: [],
    staffAdded: [],
    storedCases: countCases(db),
    skippedOlder: [],
    confirms: [],
  };
  const total = col.bundles.size;
  let done = 0;
  for (const b of col.bundles.values()) {
    if (progress && ++done % 5000 === 0) progress(done, total);
    const row = stored.get(b.caseNo);
    if (!row) {
      if (!b.case) continue; // cannot happen after resolveStore without errors
      plan.added++;
      // A child sheet present in the import is the case's snapshot of that kind even without rows for it (none):
      // written as such, so the data date covers it.
      const kind = <K extends ChildKind>(k: K, sheet: SheetName) => b[k] ?? (col.present.has(sheet) ? [] : undefined);
      plan.writes.push({
        caseNo: b.caseNo,
        case: b.case,
        isNew: true,
        persons: kind('persons', '嫌疑人'),
        events: kind('events', '流程节点'),
        documents: kind('documents', '文书'),
        history: [{ field: '案件', old: null, new: '新增' }],
      });
      continue;
    }
    const w: CaseBundle = { caseNo: b.caseNo, caseId: row.id, history: [] };
    // The kinds of rows this import holds for the case (its data date covers them, changed or not).
    const present: DataKind[] = b.case ? ['case'] : [];
    for (const [kind, sheet] of CHILD_SHEETS) if (col.present.has(sheet) && (b.case || b[kind])) present.push(kind);
    if (b.case) {
      const imp = importedRow('案件', b.case as unknown as Obj);
      const old = storedRow('案件', row as unknown as Obj);
      FIELDS.案件.forEach((f, i) => {
        if (imp[i] !== old[i]) w.history!.push({ field: f.def.header, old: old[i], new: imp[i] });
      });
      if (w.history!.length) w.case = b.case;
    }
    for (const [kind, sheet] of CHILD_SHEETS) {
      // A case in 案件: every child sheet present is its snapshot (absent rows = none). Otherwise only sheets with its rows.
      if (!col.present.has(sheet) || (!b.case && !b[kind])) continue;
      const rows = (b[kind] ?? []) as unknown as Obj[];
      const entries =
        kind === 'persons'
          ? diffPersons(db, row.id, rows)
          : diffList(db, kind, sheet as '流程节点' | '文书', row.id, rows);
      if (entries) {
        w.history!.push(...entries);
        if (kind === 'persons') w.persons = b.persons ?? [];
        else if (kind === 'events') w.events = b.events ?? [];
        else w.documents = b.documents ?? [];
      }
    }
    const rewritten: DataKind[] = [];
    if (w.case) rewritten.push('case');
    for (const [kind] of CHILD_SHEETS) if (w[kind]) rewritten.push(kind);
    const was = storedDates(row);
    if (rewritten.length && dates.takenOn && !dates.allowOlder) {
      // An older export never overwrites newer data (import-mapping.md "The data date"): the whole case is left as stored.
      const newer = rewritten
        .map((k) => was[k])
        .filter((d): d is string => d != null && d > dates.takenOn!)
        .sort();
      if (newer.length) {
        plan.skippedOlder.push({ caseNo: b.caseNo, takenOn: newer[newer.length - 1] });
        continue;
      }
    }
    const confirmed = present.filter((k) => !rewritten.includes(k));
    if (dates.takenOn && confirmed.some((k) => was[k] == null || was[k]! < dates.takenOn!))
      plan.confirms.push({ caseId: row.id, kinds: confirmed });
    if (w.history!.length) {
      plan.changed++;
      plan.writes.push(w);
    } else plan.unchanged++;
  }
  planStaff(db, col, plan);
  return plan;
}

/** Persons keyed by 嫌疑人编号: field-level history (`嫌疑人[1].羁押状态`), added and removed persons. Null = no change. */
function diffPersons(db: Db, caseId: number, rows: Obj[]): HistoryEntry[] | null {
  const old = new Map(personsOfCase(db, caseId).map((p) => [p.person_no, storedRow('嫌疑人', p as unknown as Obj)]));
  const out: HistoryEntry[] = [];
  const seen = new Set<string>();
  for (const r of rows) {
    const no = r.personNo as string;
    seen.add(no);
    const imp = importedRow('嫌疑人', r);
    const prev = old.get(no);
    if (!prev) {
      out.push({ field: `嫌疑人[${no}]`, old: null, new: '新增' });
      continue;
    }
    FIELDS.嫌疑人.forEach((f, i) => {
      if (imp[i] !== prev[i]) out.push({ field: `嫌疑人[${no}].${f.def.header}`, old: prev[i], new: imp[i] });
    });
  }
  for (const no of old.keys()) if (!seen.has(no)) out.push({ field: `嫌疑人[${no}]`, old: '存在', new: '删除' });
  return out.length ? out : null;
}

/** Events/documents as a multiset (order in the export does not matter): one summary line, e.g. 流程节点 5条 → 6条（新增：…）. */
function diffList(
  db: Db,
  kind: 'events' | 'documents',
  sheet: '流程节点' | '文书',
  caseId: number,
  rows: Obj[],
): HistoryEntry[] | null {
  const oldRows = (kind === 'events' ? eventsOfCase(db, caseId) : documentsOfCase(db, caseId)) as unknown as Obj[];
  const oldKeys = oldRows.map((r) => storedRow(sheet, r));
  const newKeys = rows.map((r) => importedRow(sheet, r));
  const count = new Map<string, number>();
  for (const k of oldKeys) count.set(key(k), (count.get(key(k)) ?? 0) + 1);
  const addedItems: (string | null)[][] = [];
  for (const k of newKeys) {
    const n = count.get(key(k)) ?? 0;
    if (n > 0) count.set(key(k), n - 1);
    else addedItems.push(k);
  }
  // What is left in the counts was in the store but not in the import.
  const removedItems: (string | null)[][] = [];
  for (const k of oldKeys) {
    const n = count.get(key(k)) ?? 0;
    if (n > 0) {
      removedItems.push(k);
      count.set(key(k), n - 1);
    }
  }
  if (!addedItems.length && !removedItems.length) return null;
  // A short description: kind/name and date of up to three items each way.
  const label = (k: (string | null)[]) => (sheet === '流程节点' ? `${k[0]} ${k[1]}` : `${k[0]} ${k[2]}`);
  const some = (items: (string | null)[][]) =>
    items.slice(0, 3).map(label).join('、') + (items.length > 3 ? ` 等${items.length}条` : '');
  const detail = [
    addedItems.length ? `新增：${some(addedItems)}` : '',
    removedItems.length ? `删除：${some(removedItems)}` : '',
  ]
    .filter(Boolean)
    .join('；');
  return [{ field: sheet, old: `${oldKeys.length}条`, new: `${newKeys.length}条（${detail}）` }];
}

/** Roster rows that differ from the store, then prosecutors named in 案件 but on no roster (added as 员额检察官). */
function planStaff(db: Db, col: Collector, plan: Plan): void {
  const roster = new Map(allStaff(db).map((s) => [s.name, s]));
  const named = new Set<string>();
  for (const s of col.staff) {
    named.add(s.name);
    const old = roster.get(s.name);
    if (!old || old.department !== s.department || old.role !== s.role || !!old.active !== s.active) {
      plan.staff.push({ name: s.name, department: s.department, role: s.role, active: s.active, autoAdded: false });
    }
  }
  for (const b of col.bundles.values()) {
    const c = b.case;
    if (!c || roster.has(c.prosecutor) || named.has(c.prosecutor)) continue;
    named.add(c.prosecutor);
    plan.staff.push({
      name: c.prosecutor,
      department: c.department,
      role: '员额检察官',
      active: true,
      autoAdded: true,
    });
    plan.staffAdded.push(`${c.prosecutor}（${c.department}）`);
  }
}
