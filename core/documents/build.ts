/**
 * Helpers the document builders share (a new kind — the dossier, quarter/year bulletins, the overdue
 * rectification list — is a builder made of these; no renderer changes):
 *   - `Annexes`: numbers the annexes as a builder adds them and names them in the body ("详见附件2");
 *   - `listWithAnnex`: a long list leaves the body — the top rows stay, the whole list becomes an annex
 *     (or, past `ANNEX_MAX_ROWS`, the annex lists the first rows and points to the Excel workbook);
 *   - the parts every bulletin has (masthead, 主送, 落款, 版记) from the office and its distribution.
 */
import { DEFAULT_SETTINGS } from '../settings';
import {
  cnDate,
  type Annex,
  type Block,
  type Colophon,
  type Column,
  type Masthead,
  type OfficialDocument,
  type Signature,
} from './model';

/** Rows a body table shows before the list moves to an annex (lists of findings, with their long texts: 5). */
export const BODY_LIST_ROWS = 10;
export const BODY_FINDING_ROWS = 5;
/** Rows an annex prints; the rest is in the Excel workbook (and the UI). */
export const ANNEX_MAX_ROWS = 100;

/** Who a bulletin is addressed to and copied to (settings, frozen with the snapshot). */
export interface Distribution {
  /** 主送 */
  addressee: string;
  /** 抄送 */
  cc: string;
}
export const DEFAULT_DISTRIBUTION: Distribution = {
  addressee: DEFAULT_SETTINGS.documentAddressee,
  cc: DEFAULT_SETTINGS.documentCc,
};

/** The case management department: the organ of the 落款 and the 印发机关. */
export const department = (office: string): string => `${office}案件管理部门`;

export function bulletinMasthead(name: string, issue: string, office: string, date: string): Masthead {
  return { style: 'bulletin', name, issue, organ: department(office), date };
}

export function signature(office: string, date: string): Signature {
  return { organ: department(office), date };
}

export function colophon(office: string, date: string, cc?: string): Colophon {
  return { cc: cc ? [{ label: '抄送', to: cc }] : [], printer: department(office), printedOn: date };
}

/** A period as written under a title: （2026年11月2日至11月8日）, the year not repeated. */
export function periodLine(start: string, end: string): string {
  const e = start.slice(0, 4) === end.slice(0, 4) ? cnDate(end).replace(/^\d{4}年/, '') : cnDate(end);
  return `（${cnDate(start)}至${e}）`;
}

/** The annexes of one document, numbered in the order added. */
export class Annexes {
  readonly list: Annex[] = [];
  /** Adds an annex; returns how the body names it (附件N). */
  add(a: Annex): string {
    this.list.push(a);
    return `附件${this.list.length}`;
  }
  /**
   * The finished document: a single annex is 附件 with no number (GB/T 9704 7.3.3), so "附件1" in the
   * body's text becomes "附件".
   */
  finish(doc: Omit<OfficialDocument, 'annexes'>): OfficialDocument {
    if (this.list.length !== 1) return { ...doc, annexes: this.list };
    const fix = (s: string) => s.replace(/附件1(?!\d)/g, '附件');
    const body = doc.body.map((b): Block => {
      if (b.t === 'p') return { ...b, text: fix(b.text) };
      if (b.t === 'table') return { ...b, note: b.note && fix(b.note) };
      return b;
    });
    return { ...doc, body, annexes: this.list };
  }
}

export interface ListSpec<R> {
  rows: R[];
  /** The body table (top rows). */
  caption: string;
  columns: Column[];
  cells: (r: R, i: number) => string[];
  /** The annex table (all rows): wider columns on landscape pages. */
  annexTitle: string;
  annexColumns: Column[];
  annexCells: (r: R, i: number) => string[];
  /** Unit of the count: 个, 件, 份, 件次. */
  unit: string;
  /** What the top rows are ("发现最早的{n}个"; {n}: the number shown). */
  topWhat?: string;
  /** Where the full list is in the Excel workbook (sheet name), for lists past ANNEX_MAX_ROWS. */
  excelSheet?: string;
  fontPt?: number;
  /** Rows the body shows (default BODY_LIST_ROWS); 0: the body only names the annex. */
  bodyRows?: number;
}

/**
 * A list in the body: all rows when they fit (≤ BODY_LIST_ROWS), else the top rows and "详见附件N" with the
 * whole list as an annex on landscape pages (up to ANNEX_MAX_ROWS; the rest is in the Excel workbook).
 */
export function listWithAnnex<R>(annexes: Annexes, spec: ListSpec<R>): Block[] {
  const n = spec.rows.length;
  const top = spec.bodyRows ?? BODY_LIST_ROWS;
  if (n <= top)
    return [
      {
        t: 'table',
        caption: spec.caption,
        columns: spec.columns,
        rows: spec.rows.map(spec.cells),
        fontPt: spec.fontPt,
      },
    ];
  const shown = spec.rows.slice(0, ANNEX_MAX_ROWS);
  const ref = annexes.add({
    title: spec.annexTitle,
    landscape: true,
    blocks: [
      {
        t: 'table',
        columns: spec.annexColumns,
        rows: shown.map(spec.annexCells),
        fontPt: 9,
        note:
          n > ANNEX_MAX_ROWS
            ? `共${n}${spec.unit}，本附件列出前${ANNEX_MAX_ROWS}${spec.unit}；完整清单见同期 Excel 表格${spec.excelSheet ? `“${spec.excelSheet}”工作表` : ''}。`
            : undefined,
      },
    ],
  });
  if (top === 0) return [{ t: 'p', text: `清单详见${ref}。` }];
  return [
    {
      t: 'table',
      caption: spec.caption,
      columns: spec.columns,
      rows: spec.rows.slice(0, top).map(spec.cells),
      fontPt: spec.fontPt,
      note: `共${n}${spec.unit}，本表列出${(spec.topWhat ?? `前{n}${spec.unit}`).replace('{n}', String(top))}，全部清单详见${ref}。`,
    },
  ];
}

/** The annex of the figures' definitions (口径说明), printed last. */
export function definitionsAnnex(items: string[]): Annex {
  return { title: '指标口径说明', blocks: [{ t: 'note', items }] };
}

/** Table captions numbered in order of use: tn('各部门问题情况') → 表1\u3000各部门问题情况. */
export function tableNumbers(): (title: string) => string {
  let n = 0;
  return (title) => `表${++n}\u3000${title}`;
}

/** The sentence of a list that only names its annex (listWithAnnex with bodyRows 0): 清单详见附件N。 */
export function annexText(blocks: Block[]): string {
  const b = blocks[0];
  return b && b.t === 'p' ? b.text : '';
}
