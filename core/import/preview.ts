/**
 * What the preview shows besides the counts (import-mapping.md "The preview"): the cases that would be
 * added, and for changed cases the fields that change, old → new, read from the change plan's history
 * entries (plan.ts writes them in Chinese: `案件状态`, `嫌疑人[1].羁押状态`, `嫌疑人[2]`, `流程节点`).
 */
import type { HistoryEntry } from '../../db/queries/cases';
import type { Plan } from './plan';

/** How many cases the preview lists (added, and changed with their fields); the counts cover all. */
export const PREVIEW_CASES = 200;

export interface FieldChange {
  sheet: string;
  column: string;
  /** The suspect the change concerns (sheet 嫌疑人), by 嫌疑人编号. */
  personNo?: string;
  old: string | null;
  new: string | null;
}

export interface CaseChange {
  caseNo: string;
  fields: FieldChange[];
}

export interface Preview {
  /** Up to PREVIEW_CASES case numbers that would be added. */
  addedCases: string[];
  /** Up to PREVIEW_CASES changed cases with their field-level changes. */
  changes: CaseChange[];
}

const PERSON = /^嫌疑人\[(.+?)\](?:\.(.+))?$/;

export function fieldChange(h: HistoryEntry): FieldChange {
  const m = PERSON.exec(h.field);
  if (m) {
    if (m[2]) return { sheet: '嫌疑人', personNo: m[1], column: m[2], old: h.old, new: h.new };
    // a suspect added or removed: their 嫌疑人编号 appears or disappears
    return {
      sheet: '嫌疑人',
      personNo: m[1],
      column: '嫌疑人编号',
      old: h.new === '新增' ? null : m[1],
      new: h.new === '删除' ? null : m[1],
    };
  }
  if (h.field === '流程节点' || h.field === '文书') return { sheet: h.field, column: '条目', old: h.old, new: h.new };
  return { sheet: '案件', column: h.field, old: h.old, new: h.new };
}

export function previewOf(plan: Pick<Plan, 'writes'>): Preview {
  const addedCases: string[] = [];
  const changes: CaseChange[] = [];
  for (const w of plan.writes) {
    if (w.isNew) {
      if (addedCases.length < PREVIEW_CASES) addedCases.push(w.caseNo ?? w.case!.caseNo);
    } else if (changes.length < PREVIEW_CASES && w.history?.length) {
      changes.push({ caseNo: w.caseNo ?? w.case!.caseNo, fields: w.history.map(fieldChange) });
    }
    if (addedCases.length >= PREVIEW_CASES && changes.length >= PREVIEW_CASES) break;
  }
  return { addedCases, changes };
}
