/**
 * Handlers of the 'cases/…' area: the grid's page of cases (infinite row model), one case with
 * everything about it, and the filter choices. Names come back in full: the UI masks them.
 */
import { z } from 'zod';
import { defineHandler, HandlerError, type HandlerDef } from './registry';
import {
  camelRow, caseFacets, documentsOfCase, eventsOfCase, findingsOfCase, getCaseByNo, historyOfCase, listCases, personsOfCase, SORT_COLUMNS,
  type SortColumn,
} from '../../db/queries/cases';
import { normalizeCaseNo } from '../domain';
import { allStaff } from '../../db/queries/imports';

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD');
const sortCol = z.enum(Object.keys(SORT_COLUMNS) as [SortColumn, ...SortColumn[]]);

export const listInput = z.object({
  offset: z.number().int().min(0).default(0),
  limit: z.number().int().min(1).max(500).default(100),
  sort: z.array(z.object({ col: sortCol, dir: z.enum(['asc', 'desc']).default('asc') })).max(3).optional(),
  filters: z.object({
    category: z.string().optional(), status: z.string().optional(), department: z.string().optional(), prosecutor: z.string().optional(),
    receivedFrom: date.optional(), receivedTo: date.optional(), concludedFrom: date.optional(), concludedTo: date.optional(),
    q: z.string().max(100).optional(),
  }).optional(),
});

export const handlers: HandlerDef[] = [
  defineHandler({
    name: 'staff/list',
    title: '人员名册',
    input: z.object({}),
    run: (ctx) => allStaff(ctx.db).map((r) => ({ name: r.name, department: r.department, role: r.role, active: !!r.active, autoAdded: r.auto_added_import_id != null })),
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
        case: camelRow(c),
        persons: personsOfCase(ctx.db, c.id).map(camelRow),
        events: eventsOfCase(ctx.db, c.id).map(camelRow),
        documents: documentsOfCase(ctx.db, c.id).map(camelRow),
        history: historyOfCase(ctx.db, c.id).map(camelRow),
        findings: findingsOfCase(ctx.db, c.case_no),
      };
    },
  }),
  defineHandler({
    name: 'cases/facets',
    title: '案件筛选项',
    input: z.object({}),
    run: (ctx) => caseFacets(ctx.db),
  }),
] as HandlerDef[];
