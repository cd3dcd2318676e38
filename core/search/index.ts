/**
 * Search everywhere (issue 17; `caseflow search`, the Ctrl+K box): cases by 部门受案号 (any part), 案件名称,
 * a suspect's name or the prosecutor, grouped by what matched. Every group is an index lookup with a limit,
 * so a query costs the same at a thousand cases and at a million:
 *   ≥ 3 characters  FTS5 trigram (case_search) over 部门受案号, 案件名称 and suspects' names (a piece found in
 *                   most recent cases, such as a year, is taken from the latest 20,000 cases directly)
 *   1–2 characters  the name grams (case_name_grams: 2-character pieces and surnames), and 案件名称 among the
 *                   latest 100,000 cases (a trigram index cannot answer them; a 1–2 character piece of a case
 *                   number says nothing)
 *   prosecutors     the roster's few hundred names (matched in memory), then their cases through an index
 * A case that matches several ways is shown once, under the first of: 部门受案号, 嫌疑人, 承办检察官, 案件名称.
 */
import type { Db } from '../../db/store';
import * as q from '../../db/queries/search';
import { caseFacets } from '../../db/queries/cases';
import { maskName } from '../shared/mask';

export const SEARCH_FIELDS = ['caseNo', 'suspect', 'prosecutor', 'title'] as const;
export type SearchField = (typeof SEARCH_FIELDS)[number];
export const FIELD_LABELS: Record<SearchField, string> = {
  caseNo: '部门受案号',
  suspect: '嫌疑人',
  prosecutor: '承办检察官',
  title: '案件名称',
};

export interface SearchHit {
  caseNo: string;
  title: string;
  prosecutor: string;
  status: string;
  department: string;
  category: string;
  receivedOn: string;
  /** What matched: 'caseNo' | 'suspect' | 'prosecutor' | 'title'. */
  matched: SearchField;
  /** The suspect that matched (masked name and number), for `matched: 'suspect'`. */
  suspect?: { personNo: string; name: string };
}

export interface ProsecutorHit {
  name: string;
  department: string;
  cases: number;
}

export interface SearchResult {
  query: string;
  cases: SearchHit[];
  /** Per group: hits shown and whether there are more than were asked for. */
  groups: Record<SearchField, { count: number; more: boolean }>;
  prosecutors: ProsecutorHit[];
  /** A Chinese hint when the query is too short for a field (e.g. case numbers need three characters). */
  note: string | null;
}

/** What the user typed, as the index stores it: full-width forms folded (１２３ → 123), spaces collapsed. */
export function normalizeQuery(text: string): string {
  return text.normalize('NFKC').replace(/\s+/g, ' ').trim();
}

/** The case-number form of a query (core/domain.ts normalizeCaseNo: no spaces, 〔〕 → []). */
function caseNoForm(text: string): string {
  return text
    .replace(/\s+/g, '')
    .replace(/[〔［【]/g, '[')
    .replace(/[〕］】]/g, ']');
}

export interface SearchOptions {
  /** Hits per group (default 10). */
  perGroup?: number;
  /** Total cases returned (default: every group's hits). */
  limit?: number;
}

export function searchCases(db: Db, text: string, opts: SearchOptions = {}): SearchResult {
  const query = normalizeQuery(text);
  const perGroup = Math.max(1, Math.min(opts.perGroup ?? 10, 500));
  const empty = Object.fromEntries(SEARCH_FIELDS.map((f) => [f, { count: 0, more: false }])) as SearchResult['groups'];
  const result: SearchResult = { query, cases: [], groups: empty, prosecutors: [], note: null };
  if (!query) return result;
  const len = [...query].length;
  const want = perGroup + 1; // one more, to know whether there are more
  const ids: Record<SearchField, number[]> = { caseNo: [], suspect: [], prosecutor: [], title: [] };

  if (len >= 3) {
    // A piece in most case numbers or titles ('2026', '盗窃案') is found among the latest cases at once; the
    // trigram index answers the rarer ones (it would merge doclists of a million entries for the common ones).
    const common = (column: 'case_no' | 'title', text: string) => {
      const recent = q.casesWithPieceRecent(db, column, text, want, 20_000);
      return recent.length >= want ? recent : q.casesWithText(db, column, text, want);
    };
    const no = caseNoForm(query);
    if ([...no].length >= 3) ids.caseNo = common('case_no', no);
    ids.suspect = q.casesWithText(db, 'persons', query, want);
    ids.title = common('title', query);
  } else {
    result.note =
      '部门受案号请至少输入 3 个字符；1–2 个字按嫌疑人姓名（姓或名中的两个字）、案件名称开头和承办检察官查找。';
    if (!/\s/.test(query)) ids.suspect = q.casesWithNameGram(db, query, want);
    ids.title = q.casesWithPieceRecent(db, 'title', query, want);
  }

  // Prosecutors: the roster is small; match in memory, then their latest cases.
  const names = caseFacets(db).prosecutors.filter((p) => (len === 1 ? p.startsWith(query) : p.includes(query)));
  for (const name of names.slice(0, 20)) {
    const cases = q.countCasesOfProsecutor(db, name);
    result.prosecutors.push({ name, department: '', cases });
  }
  const perProsecutor = names.length ? Math.max(1, Math.ceil(want / Math.min(names.length, 5))) : 0;
  for (const name of names.slice(0, 5)) ids.prosecutor.push(...q.casesOfProsecutor(db, name, perProsecutor));

  // One place per case, in field order; rows read once for all groups.
  const seen = new Set<number>();
  const chosen: { id: number; field: SearchField }[] = [];
  for (const field of SEARCH_FIELDS) {
    const list = ids[field].filter((id) => !seen.has(id));
    result.groups[field] = { count: Math.min(list.length, perGroup), more: ids[field].length >= want };
    for (const id of list.slice(0, perGroup)) {
      seen.add(id);
      chosen.push({ id, field });
    }
  }
  const rows = new Map(
    q
      .casesByIds(
        db,
        chosen.map((c) => c.id),
      )
      .map((r) => [r.id, r]),
  );
  const depts = new Map<string, string>();
  for (const r of rows.values()) if (!depts.has(r.prosecutor)) depts.set(r.prosecutor, r.department);
  for (const p of result.prosecutors) p.department = depts.get(p.name) ?? '';
  const suspectIds = chosen.filter((c) => c.field === 'suspect').map((c) => c.id);
  const suspects = new Map<number, { personNo: string; name: string }>();
  for (const p of q.suspectsOfCases(db, suspectIds)) {
    if (suspects.has(p.caseId)) continue;
    if (len <= 2 ? gramsOf(p.name).includes(query) : p.name.includes(query))
      suspects.set(p.caseId, { personNo: p.personNo, name: maskName(p.name) });
  }
  for (const c of chosen) {
    const r = rows.get(c.id);
    if (!r) continue;
    result.cases.push({
      caseNo: r.caseNo,
      title: r.title,
      prosecutor: r.prosecutor,
      status: r.status,
      department: r.department,
      category: r.category,
      receivedOn: r.receivedOn,
      matched: c.field,
      ...(c.field === 'suspect' && suspects.has(c.id) ? { suspect: suspects.get(c.id)! } : {}),
    });
  }
  if (opts.limit != null) result.cases = result.cases.slice(0, opts.limit);
  return result;
}

/** The grams a name is indexed under (migration case-search): its first character and every 2-character piece. */
export function gramsOf(name: string): string[] {
  const ch = [...name];
  const out = ch.length ? [ch[0]] : [];
  for (let i = 0; i + 1 < ch.length && i < 19; i++) out.push(ch[i] + ch[i + 1]);
  return out;
}
