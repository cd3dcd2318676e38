/**
 * The cases grid's page query (db/queries/cases.ts listCases) takes one of several ways per request (sort the
 * matches, walk a (filter, sort) index, walk a window of the sort index, walk the sort index against the search
 * index's ids or the matches' ids past the window, sort the matches up to the page's last first key, or only those of
 * the one first-key value the page lies in). Whatever the way, a page must hold the same cases in the same order, the
 * total must be the number of matching cases, and the pages together must be exactly the cases the filters select (checked here against a plain
 * filter in JavaScript over every case).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { tmpStore } from '../helpers/tmp';
import { generateCases } from '../../tools/generator';
import {
  listCases,
  listCasesSql,
  writeCaseBundles,
  SORT_COLUMNS,
  type CaseFilters,
  type ListTuning,
  type SortColumn,
} from '../../db/queries/cases';
import type { Db } from '../../db/store';

interface Row {
  id: number;
  case_no: string;
  title: string;
  category: string;
  department: string;
  prosecutor: string;
  received_on: string;
  status: string;
  concluded_on: string | null;
}

let db: Db;
let all: Row[];
const N = 1500;

beforeAll(() => {
  db = tmpStore().db;
  writeCaseBundles(db, generateCases({ cases: N, seed: 7, asOf: '2026-10-31' }), null);
  all = db
    .prepare(
      'SELECT id, case_no, title, category, department, prosecutor, received_on, status, concluded_on FROM cases',
    )
    .all() as Row[];
}, 60_000);

/**
 * Every way listCases can take, by its thresholds (and a page size): sort the matches; walk the sort index or a
 * window of 1,000 rows of it (pages of 50, so the window is tried) or, without the window, against the matches' ids;
 * the default; a title word's walk started where
 * its matches begin in the sort order whenever the counts allow (matchSpan).
 */
const WAYS: [string, ListTuning, number][] = [
  ['sort', { sortMatches: Number.MAX_SAFE_INTEGER }, 250],
  ['walk', { sortMatches: 0, walkRows: 1000, rowOverEntry: 0 }, 50],
  // Matches few enough that their ids are walked against at once, no window.
  ['set walk', { sortMatches: 0, walkRows: 1000, rowOverEntry: Number.MAX_SAFE_INTEGER }, 50],
  ['default', {}, 250],
  ['span', { sortMatches: 0, skipRows: 0 }, 250],
  // More sort keys: the matches up to the page's last first key sorted (no walk bounding the page's first keys).
  ['two-step', { sortMatches: 0, groupRows: 0 }, 250],
];

function matches(f: CaseFilters): Row[] {
  const q = f.q?.trim();
  return all.filter(
    (r) =>
      (!f.category || r.category === f.category) &&
      (!f.status || r.status === f.status) &&
      (!f.department || r.department === f.department) &&
      (!f.prosecutor || r.prosecutor === f.prosecutor) &&
      (!f.receivedFrom || r.received_on >= f.receivedFrom) &&
      (!f.receivedTo || r.received_on <= f.receivedTo) &&
      (!f.concludedFrom || (r.concluded_on != null && r.concluded_on >= f.concludedFrom)) &&
      (!f.concludedTo || (r.concluded_on != null && r.concluded_on <= f.concludedTo)) &&
      (!q || r.case_no.startsWith(q) || r.title.includes(q) || r.prosecutor.startsWith(q)),
  );
}

function pages(f: CaseFilters, sort: { col: SortColumn; dir: 'asc' | 'desc' }[], tuning: ListTuning, size: number) {
  const ids: number[] = [];
  let total = -1;
  for (let offset = 0; offset < N + 1; offset += size) {
    const r = listCases(db, { offset, limit: size, sort, filters: f }, tuning);
    total = r.total;
    ids.push(...r.rows.map((x) => x.id));
    if (r.rows.length < size) break;
  }
  return { ids, total };
}

describe('cases/list: every way gives the same pages', () => {
  const sample = () => all[Math.floor(all.length / 2)];
  const filters = (): [string, CaseFilters][] => {
    const s = sample();
    const word = s.title.replace(/^.*?某+/, '').slice(0, 3);
    return [
      ['none', {}],
      ['category', { category: s.category }],
      ['status', { status: '办结' }],
      ['status in progress', { status: '在办' }],
      ['department', { department: s.department }],
      ['prosecutor', { prosecutor: s.prosecutor }],
      ['department + prosecutor + status', { department: s.department, prosecutor: s.prosecutor, status: '办结' }],
      ['received in a range', { receivedFrom: '2026-01-01', receivedTo: '2026-06-30' }],
      ['concluded before', { concludedTo: '2026-03-31' }],
      ['q: case number prefix', { q: s.case_no.slice(0, 8) }],
      ['q: title word (search index)', { q: word }],
      ['q: two characters of a title', { q: word.slice(0, 2) }],
      ['q: prosecutor', { q: s.prosecutor }],
      ['q: a whole case number', { q: s.case_no }],
      ['q: nothing matches', { q: '不存在的案件' }],
      ['q with a filter', { q: word, status: '办结' }],
    ];
  };
  const sorts: [string, { col: SortColumn; dir: 'asc' | 'desc' }[]][] = [['default', []]];
  for (const col of Object.keys(SORT_COLUMNS) as SortColumn[])
    for (const dir of ['asc', 'desc'] as const) sorts.push([`${col} ${dir}`, [{ col, dir }]]);
  sorts.push([
    'prosecutor asc, receivedOn desc',
    [
      { col: 'prosecutor', dir: 'asc' },
      { col: 'receivedOn', dir: 'desc' },
    ],
  ]);
  // A first key with missing values (办结日期: NULL first ascending, last descending) and second keys outside its index.
  sorts.push([
    'concludedOn asc, title desc',
    [
      { col: 'concludedOn', dir: 'asc' },
      { col: 'title', dir: 'desc' },
    ],
  ]);
  sorts.push([
    'concludedOn desc, caseNo asc',
    [
      { col: 'concludedOn', dir: 'desc' },
      { col: 'caseNo', dir: 'asc' },
    ],
  ]);

  it('totals, pages and order agree across ways, and the pages hold exactly the matching cases', () => {
    let checked = 0;
    for (const [fn, f] of filters()) {
      const want = matches(f)
        .map((r) => r.id)
        .sort((a, b) => a - b);
      if (fn !== 'q: nothing matches' && fn !== 'department + prosecutor + status')
        expect(want.length, fn).toBeGreaterThan(0);
      for (const [sn, sort] of sorts) {
        const byWay = WAYS.map(([, t, size]) => pages(f, sort, t, size));
        for (let i = 0; i < WAYS.length; i++) {
          const label = `${fn} | ${sn} | ${WAYS[i][0]}`;
          expect(byWay[i].total, label).toBe(want.length);
          expect(
            [...byWay[i].ids].sort((a, b) => a - b),
            label,
          ).toEqual(want);
          expect(byWay[i].ids, label).toEqual(byWay[0].ids);
        }
        // The first sort key is in order across the pages.
        if (sort.length) {
          const col = SORT_COLUMNS[sort[0].col] as keyof Row;
          const byId = new Map(all.map((r) => [r.id, r]));
          const vals = byWay[0].ids.map((id) => byId.get(id)![col] as string | null);
          const cmp = (a: string | null, b: string | null) =>
            a === b ? 0 : a == null ? -1 : b == null ? 1 : a < b ? -1 : 1;
          for (let k = 1; k < vals.length; k++)
            expect(cmp(vals[k - 1], vals[k]) * (sort[0].dir === 'asc' ? 1 : -1), `${fn} | ${sn}`).toBeLessThanOrEqual(
              0,
            );
        }
        checked++;
      }
    }
    expect(checked).toBe(filters().length * sorts.length);
  }, 120_000);

  it('a title word of three characters or more is found through the search index, like a plain contains', () => {
    const s = sample();
    const word = s.title.replace(/^.*?某+/, '').slice(0, 3);
    const r = listCases(db, { offset: 0, limit: 500, filters: { q: word } });
    expect(r.total).toBe(
      all.filter((x) => x.title.includes(word) || x.case_no.startsWith(word) || x.prosecutor.startsWith(word)).length,
    );
    expect(r.rows.every((x) => x.title.includes(word))).toBe(true);
    // Quotes and LIKE's wildcards are plain characters.
    expect(listCases(db, { offset: 0, limit: 10, filters: { q: '"盗窃' } }).total).toBe(0);
    expect(listCases(db, { offset: 0, limit: 10, filters: { q: '100%_' } }).total).toBe(0);
  });

  it('1–2 characters of a title bunched far along the sort order: the walk goes on past the window, exact', () => {
    // The pieces of two characters whose matches are furthest along 部门受案号's order, relative to how many there are.
    const byCaseNo = [...all].sort((a, b) => (a.case_no < b.case_no ? -1 : a.case_no > b.case_no ? 1 : 0));
    const limit = 5;
    const pieces = new Set(all.flatMap((r) => [...r.title].slice(0, -1).map((c, i) => c + [...r.title][i + 1])));
    // A window that ends at the page's last match holds fewer than a page; the estimate tries it for the pages whose
    // end is within half of it at the matches' average density: those pages take the walk past the window.
    let best: { piece: string; window: number; walked: number } | undefined;
    for (const piece of pieces) {
      if (/[A-Za-z%_]/.test(piece)) continue;
      const at = byCaseNo.reduce<number[]>((a, r, i) => (r.title.includes(piece) ? [...a, i] : a), []);
      if (at.length < 3 * limit || at.length > N / 2) continue;
      const window = at[limit - 1];
      const walked = Math.floor((window * at.length) / (2 * N));
      if (!best || walked > best.walked) best = { piece, window, walked };
    }
    expect(best!.walked, 'a piece bunched far along 部门受案号').toBeGreaterThanOrEqual(3 * limit);
    const { piece, window } = best!;
    const want = byCaseNo.filter((r) => r.title.includes(piece)).map((r) => r.id);
    for (const [dir, ids] of [
      ['asc', want],
      ['desc', [...want].reverse()],
    ] as const) {
      const got: number[] = [];
      for (let offset = 0; offset < ids.length; offset += limit) {
        const r = listCases(
          db,
          { offset, limit, sort: [{ col: 'caseNo', dir }], filters: { q: piece } },
          { sortMatches: 0, walkRows: window },
        );
        expect(r.total, `${piece} ${dir}`).toBe(ids.length);
        got.push(...r.rows.map((x) => x.id));
      }
      expect(got, `${piece} ${dir}`).toEqual(ids);
    }
  });

  it('matches in a run far along 部门受案号: a first window without one goes on past the whole window, exact', () => {
    // 部门受案号 sorts by kind of case, year, sequence: a month's cases lie in runs. Here the month's 120 cases are the
    // last 120 by 部门受案号, far past the first windows tried (twice the page's expected end).
    const { db: store } = tmpStore();
    const bundles = [...generateCases({ cases: 600, seed: 3, asOf: '2026-10-31' })].sort((a, b) =>
      a.case!.caseNo < b.case!.caseNo ? -1 : 1,
    );
    bundles.forEach((bd, i) => (bd.case!.receivedOn = i >= 480 ? '2026-10-15' : `2026-0${1 + (i % 9)}-10`));
    writeCaseBundles(store, bundles, null);
    const want = store
      .prepare("SELECT id FROM cases WHERE received_on >= '2026-10-01' ORDER BY case_no")
      .pluck()
      .all() as number[];
    expect(want.length).toBe(120);
    const filters = { receivedFrom: '2026-10-01', receivedTo: '2026-10-31' };
    for (const walkRows of [200, 400, 1000])
      for (const [dir, ids] of [
        ['asc', want],
        ['desc', [...want].reverse()],
      ] as const) {
        const got: number[] = [];
        for (let offset = 0; offset < ids.length; offset += 5) {
          const sort = [{ col: 'caseNo' as const, dir }];
          const r = listCases(store, { offset, limit: 5, sort, filters }, { sortMatches: 0, walkRows });
          expect(r.total).toBe(ids.length);
          got.push(...r.rows.map((x) => x.id));
        }
        expect(got, `${dir} ${walkRows}`).toEqual(ids);
      }
  });

  it('1–2 characters with ASCII letters match whatever their case (as LIKE did), others exactly', () => {
    const id = all[0].id;
    const title = all[0].title;
    try {
      db.prepare('UPDATE cases SET title = ? WHERE id = ?').run('Ab某盗窃案', id);
      expect(listCases(db, { offset: 0, limit: 10, filters: { q: 'aB' } }).rows.map((r) => r.id)).toEqual([id]);
      expect(listCases(db, { offset: 0, limit: 10, filters: { q: 'b某' } }).rows.map((r) => r.id)).toEqual([id]);
      expect(listCases(db, { offset: 0, limit: 10, filters: { q: '%' } }).total).toBe(0);
    } finally {
      db.prepare('UPDATE cases SET title = ? WHERE id = ?').run(title, id);
    }
  });
});

describe("cases/list: two characters of a title through the search index and the titles' last two characters", () => {
  it('finds them anywhere in a title (followed by a character or at its end, a title of just them), exact', () => {
    const { db: store } = tmpStore();
    const bundles = [...generateCases({ cases: 300, seed: 11, asOf: '2026-10-31' })];
    // Titles where 诈骗 is only at the end, is the whole title, is followed by a punctuation mark, or twice.
    const titles = ['张某某诈骗', '诈骗', '李某诈骗、盗窃案', '王某诈骗案（诈骗）', '赵某“诈骗”案', '孙某诈骗𠀀案'];
    titles.forEach((t, i) => (bundles[i * 7].case!.title = t));
    writeCaseBundles(store, bundles, null);
    const rows = () => store.prepare('SELECT id, title FROM cases').all() as { id: number; title: string }[];
    const check = (piece: string) => {
      const want = rows()
        .filter((r) => r.title.includes(piece))
        .map((r) => r.id)
        .sort((a, b) => a - b);
      for (const sort of [[], [{ col: 'caseNo' as const, dir: 'desc' as const }]]) {
        const r = listCases(store, { offset: 0, limit: 1000, sort, filters: { q: piece } });
        expect(r.total, piece).toBe(want.length);
        expect(
          r.rows.map((x) => x.id).sort((a, b) => a - b),
          piece,
        ).toEqual(want);
      }
      return want.length;
    };
    // The quick search reads neither every title nor the case rows for it: the search index and cases_title_tail.
    const { countSql } = listCasesSql(store, { filters: { q: '诈骗' } });
    expect(countSql).toMatch(/case_search MATCH/);
    expect(countSql).toMatch(/substr\(title, -2\)/);
    expect(check('诈骗')).toBeGreaterThanOrEqual(4);
    expect(check('某诈')).toBeGreaterThanOrEqual(3);
    // Quotes in a title (the trigrams are quoted in the search index's query).
    expect(check('“诈')).toBe(1);
    expect(check('骗”')).toBe(1);
    for (const piece of new Set(
      rows().flatMap((r) => [...r.title].slice(0, -1).map((c, i) => c + [...r.title][i + 1])),
    ))
      check(piece);
    // The import rewrites a title: the two characters follow it (the search index and the tail index both move).
    const i = bundles.findIndex((bd) => bd.case!.title === '张某某诈骗');
    bundles[i].case!.title = '张某某盗窃';
    writeCaseBundles(store, [bundles[i]], null);
    expect(check('诈骗')).toBeGreaterThanOrEqual(3);
    expect(check('盗窃')).toBeGreaterThan(0);
  });
});

describe("cases/list: a title word's matches far along the first sort key's order (the walk starts where they begin)", () => {
  // 800 cases. Three words, each in its own cases: 甲乙丙 only in 综合业务部 (the last 承办部门 in the index's order),
  // 丁戊己 only in 第一检察部 (the first), 庚辛壬 in 第三检察部 for its first 70 cases (the ones a sample reads) and in
  // two cases added last, one of 第一检察部 and one of 综合业务部 (a sample that misleads both ways). 子丑寅 in 100
  // cases spread over 第三、第二、第五检察部 (the values a sample reads are then the larger part) and in one case of
  // 第一 and one of 综合业务部 added last. The other cases are spread over 第一、第二、第五、第四检察部, so that the
  // values before the words' are the larger part.
  const N = 800;
  let store: Db;
  let bundles: ReturnType<typeof generateCases> extends Iterable<infer B> ? B[] : never;
  beforeAll(() => {
    store = tmpStore().db;
    bundles = [...generateCases({ cases: N, seed: 5, asOf: '2026-10-31' })];
    const others = ['第一检察部', '第二检察部', '第五检察部', '第四检察部'];
    bundles.forEach((bd, i) => {
      const c = bd.case!;
      const set = (word: string, department: string) => {
        c.title = `张某${word}案`;
        c.department = department;
      };
      if (i < 80) set('甲乙丙', '综合业务部');
      else if (i < 160) set('丁戊己', '第一检察部');
      else if (i < 230) set('庚辛壬', '第三检察部');
      else if (i < 330) set('子丑寅', ['第三检察部', '第二检察部', '第五检察部'][i % 3]);
      else if (i === N - 4) set('子丑寅', '第一检察部');
      else if (i === N - 3) set('子丑寅', '综合业务部');
      else if (i === N - 2) set('庚辛壬', '第一检察部');
      else if (i === N - 1) set('庚辛壬', '综合业务部');
      else c.department = others[i % others.length];
    });
    writeCaseBundles(store, bundles, null);
  }, 60_000);

  /** The page as the plain ORDER BY gives it (the grid's ties: the serving index's columns, then the id). */
  const plain = (word: string, order: string, offset: number, limit: number) =>
    store
      .prepare(`SELECT id FROM cases WHERE instr(title, ?) > 0 ORDER BY ${order} LIMIT ? OFFSET ?`)
      .pluck()
      .all(word, limit, offset) as number[];
  const check = (word: string, sort: { col: SortColumn; dir: 'asc' | 'desc' }[], order: string) => {
    const total = store.prepare('SELECT count(*) FROM cases WHERE instr(title, ?) > 0').pluck().get(word) as number;
    expect(total, word).toBeGreaterThan(64);
    // The walk from where the matches begin (few matches are otherwise sorted: sortMatches 0), the walk from the
    // index's start, the default.
    for (const tuning of [{ sortMatches: 0, skipRows: 0 }, { sortMatches: 0 }, {}])
      for (const limit of [30, 100])
        for (let offset = 0; offset <= total + limit; offset += limit) {
          const label = `${word} ${JSON.stringify(sort)} ${offset}+${limit} ${JSON.stringify(tuning)}`;
          const r = listCases(store, { offset, limit, sort, filters: { q: word } }, tuning);
          expect(r.total, label).toBe(total);
          expect(
            r.rows.map((x) => x.id),
            label,
          ).toEqual(plain(word, order, offset, limit));
        }
  };
  const byDepartment = (dir: 'ASC' | 'DESC') => `department ${dir}, prosecutor ${dir}, status ${dir}, id ${dir}`;

  it('all matches in the last value, ascending, and in the first, descending: the same pages as the plain query', () => {
    check('甲乙丙', [{ col: 'department', dir: 'asc' }], byDepartment('ASC'));
    check('丁戊己', [{ col: 'department', dir: 'desc' }], byDepartment('DESC'));
    // The other direction of each (there the matches come first), and a second sort key after the first.
    check('甲乙丙', [{ col: 'department', dir: 'desc' }], byDepartment('DESC'));
    check('丁戊己', [{ col: 'department', dir: 'asc' }], byDepartment('ASC'));
    for (const word of ['甲乙丙', '丁戊己'])
      check(
        word,
        [
          { col: 'department', dir: 'asc' },
          { col: 'receivedOn', dir: 'desc' },
        ],
        'department ASC, received_on DESC, id ASC',
      );
  });

  it('a sample that misleads (a match before the sampled first value, either way) still gives the exact pages', () => {
    check('庚辛壬', [{ col: 'department', dir: 'asc' }], byDepartment('ASC'));
    check('庚辛壬', [{ col: 'department', dir: 'desc' }], byDepartment('DESC'));
    // The first case each way is one of the two added last (ids N − 1 and N), which a sample of 64 does not read.
    expect(plain('庚辛壬', byDepartment('ASC'), 0, 1)).toEqual([N - 1]);
    expect(plain('庚辛壬', byDepartment('DESC'), 0, 1)).toEqual([N]);
  });

  it('matches spread over several values, the sample misleading: proved by the cases before them, exact pages', () => {
    // The sampled values hold more cases than those before them either way, so the proof counts the matches before
    // them (none would give the span from there on): here one, in 第一检察部 ascending, 综合业务部 descending.
    const count = (where: string) => store.prepare(`SELECT count(*) FROM cases WHERE ${where}`).pluck().get() as number;
    expect(count("department = '第一检察部'")).toBeLessThanOrEqual(
      count("department IN ('第三检察部', '第二检察部', '第五检察部')"),
    );
    expect(count("department IN ('综合业务部', '第四检察部')")).toBeLessThanOrEqual(
      count("department IN ('第三检察部', '第二检察部', '第五检察部')"),
    );
    check('子丑寅', [{ col: 'department', dir: 'asc' }], byDepartment('ASC'));
    check('子丑寅', [{ col: 'department', dir: 'desc' }], byDepartment('DESC'));
    expect(plain('子丑寅', byDepartment('ASC'), 0, 1)).toEqual([N - 3]);
    expect(plain('子丑寅', byDepartment('DESC'), 0, 1)).toEqual([N - 2]);
    // Without the two added last, the proof holds: the same pages from where the spread matches begin.
    const hidden = [bundles[N - 4], bundles[N - 3]].map((bd) => ({ ...bd.case! }));
    try {
      writeCaseBundles(
        store,
        hidden.map((c) => ({ case: { ...c, title: '张某另一案' } })),
        null,
      );
      check('子丑寅', [{ col: 'department', dir: 'asc' }], byDepartment('ASC'));
      check('子丑寅', [{ col: 'department', dir: 'desc' }], byDepartment('DESC'));
    } finally {
      writeCaseBundles(
        store,
        hidden.map((c) => ({ case: c })),
        null,
      );
    }
  });

  it('the store changing moves the matches: a case of the word put before them is on the first page', () => {
    const asc = [{ col: 'department' as const, dir: 'asc' as const }];
    check('甲乙丙', asc, byDepartment('ASC'));
    const moved = bundles[300];
    const was = { ...moved.case! };
    try {
      writeCaseBundles(store, [{ case: { ...was, title: '李某甲乙丙案', department: '第一检察部' } }], null);
      check('甲乙丙', asc, byDepartment('ASC'));
      const first = listCases(
        store,
        { offset: 0, limit: 1, sort: asc, filters: { q: '甲乙丙' } },
        {
          sortMatches: 0,
          skipRows: 0,
        },
      );
      expect(first.rows[0].caseNo).toBe(was.caseNo);
    } finally {
      writeCaseBundles(store, [{ case: was }], null);
    }
  });
});
