/**
 * Handlers of the 'cases/…' area: the grid's page of cases (infinite row model), one case with
 * everything about it, and the filter choices. Names come back in full: the UI masks them.
 */
import { z } from 'zod';
import { defineHandler, handlerList, HandlerError, type HandlerDef } from './registry';
import {
  camelRow,
  caseFacets,
  documentsOfCase,
  eventsOfCase,
  findingsOfCase,
  getCaseByNo,
  historyOfCase,
  listCases,
  personsOfCase,
  SORT_COLUMNS,
  type CaseRow,
  type DocumentRow,
  type EventRow,
  type HistoryRow,
  type PersonRow,
  type SortColumn,
} from '../../db/queries/cases';
import type { FindingRow } from '../../db/queries/findings';
import { normalizeCaseNo } from '../domain';
import { isoDate } from '../schemas';
import { ruleInfo } from '../metrics/deps';
import { staffInRosterOrder } from '../../db/queries/imports';
import { inRosterOrder, rosterDepartments } from '../shared/order';

/** The type of camelRow(row): camelCase keys, events' on_date → on, 0/1 flag columns → booleans. */
type CamelKey<K extends string> = K extends 'on_date'
  ? 'on'
  : K extends `${infer H}_${infer T}`
    ? `${H}${CamelKey<Capitalize<T>>}`
    : K;
type BoolCol = 'complex' | 'has_victim' | 'has_counsel' | 'plea' | 'appealed' | 'sentencing_adopted';
export type CamelRow<R> = {
  [K in keyof R & string as CamelKey<K>]: K extends BoolCol ? (null extends R[K] ? boolean | null : boolean) : R[K];
};

const date = isoDate;
const sortCol = z.enum(Object.keys(SORT_COLUMNS) as [SortColumn, ...SortColumn[]]);

export const listInput = z.object({
  offset: z.number().int().min(0).default(0),
  limit: z.number().int().min(1).max(500).default(100),
  sort: z
    .array(z.object({ col: sortCol, dir: z.enum(['asc', 'desc']).default('asc') }))
    .max(3)
    .optional(),
  filters: z
    .object({
      category: z.string().optional(),
      status: z.string().optional(),
      department: z.string().optional(),
      prosecutor: z.string().optional(),
      receivedFrom: date.optional(),
      receivedTo: date.optional(),
      concludedFrom: date.optional(),
      concludedTo: date.optional(),
      q: z.string().max(100).optional(),
    })
    .optional(),
});

/** The typed tuple (names, payloads, results kept: core/shared/api.ts reads it). */
export const casesHandlers = [
  defineHandler({
    name: 'staff/list',
    title: '人员名册',
    input: z.object({}),
    // In the office's order (the roster as imported), which every list of departments and prosecutors follows.
    run: (ctx) =>
      staffInRosterOrder(ctx.db).map((r) => ({
        name: r.name,
        department: r.department,
        role: r.role,
        active: !!r.active,
        autoAdded: r.auto_added_import_id != null,
      })),
  }),
  defineHandler({
    name: 'cases/list',
    title: '案件列表',
    input: listInput,
    run: (ctx, p) => listCases(ctx.db, p),
  }),
  defineHandler({
    name: 'cases/get',
    title: '案件详情',
    input: z.object({ caseNo: z.string().min(1) }),
    run: (ctx, p) => {
      const caseNo = normalizeCaseNo(p.caseNo);
      const c = getCaseByNo(ctx.db, caseNo);
      if (!c) throw new HandlerError(`案件不存在：${p.caseNo}`, 404);
      return {
        case: camelRow(c) as CamelRow<CaseRow>,
        persons: personsOfCase(ctx.db, c.id).map(camelRow) as CamelRow<PersonRow>[],
        events: eventsOfCase(ctx.db, c.id).map(camelRow) as CamelRow<EventRow>[],
        documents: documentsOfCase(ctx.db, c.id).map(camelRow) as CamelRow<DocumentRow>[],
        history: historyOfCase(ctx.db, c.id).map(camelRow) as CamelRow<HistoryRow>[],
        // The findings table's rows as stored (snake_case): SELECT * FROM findings.
        findings: (findingsOfCase(ctx.db, c.case_no) as unknown as FindingRow[]).map((f) => ({
          ...f,
          // The rule's title for the screen; the id stays in the row for a tooltip.
          rule_title: ruleInfo(ctx.db, f.rule_id).title,
        })),
      };
    },
  }),
  defineHandler({
    name: 'cases/facets',
    title: '案件筛选项',
    input: z.object({}),
    run: (ctx) => {
      const f = caseFacets(ctx.db);
      const staff = staffInRosterOrder(ctx.db);
      return {
        ...f,
        departments: inRosterOrder(f.departments, rosterDepartments(staff)),
        prosecutors: inRosterOrder(
          f.prosecutors,
          staff.map((s) => s.name),
        ),
      };
    },
  }),
] as const;

export const handlers: HandlerDef[] = handlerList(casesHandlers);
