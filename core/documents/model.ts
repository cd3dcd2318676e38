/**
 * The document model (architecture.md, "mechanisms that must exist once"): every document the product
 * writes — the weekly notice, both monthly bulletins, the 流程监控通知书, the referral package's 抄送函
 * and its enclosures, and the kinds still to come — is one `OfficialDocument` with the parts of an
 * official document (GB/T 9704-2012) in their fixed order:
 *
 *   版头 masthead → 附件标识 label → 标题 title (+ subtitle) → 主送 addressee → 正文 body blocks →
 *   附件说明 (the annexes' titles) → 落款 signature → 附注 postscript → 附件 annexes (each on new pages) →
 *   版记 colophon (抄送/抄报, 印发机关和印发日期), with page numbers `— n —` (odd right, even left).
 *
 * A kind is a builder (a pure function of its frozen data → OfficialDocument). ONE DOCX renderer
 * (docx.ts) and ONE HTML renderer (html.ts, printed to PDF by Chromium) turn any model into pages, so
 * Word and PDF carry the same parts in the same order and a layout fix is made once, in a renderer.
 */

export interface Column {
  header: string;
  /** Relative width; the renderers share the text block in proportion. */
  width: number;
  align?: 'left' | 'center' | 'right';
}

export type RowKind = undefined | 'subtotal' | 'total';

/** Body and annex content. Headings carry their own ordinal (一、 / （一）) in `text`. */
export type Block =
  /** First-level heading 一、… (黑体). */
  | { t: 'h1'; text: string }
  /** Second-level heading （一）… (楷体). */
  | { t: 'h2'; text: string }
  /** A paragraph: first line indented two characters; `lead` is a run-in heading in 楷体 (例一：…). */
  | { t: 'p'; text: string; lead?: string; noIndent?: boolean }
  | {
      t: 'table';
      /** 表1\u3000… (ideographic space) above the table (黑体). */
      caption?: string;
      columns: Column[];
      rows: string[][];
      rowKinds?: RowKind[];
      /** Table text size in pt (default 五号 10.5). */
      fontPt?: number;
      /** A line under the table (e.g. "共200个，本表列出前10个，详见附件1"). */
      note?: string;
    }
  /** A chart as SVG (HTML/PDF); the DOCX renderer rasterizes it (renderDocx's `rasterize`, else resvg). */
  | { t: 'chart'; caption: string; svg: string; widthMm: number; heightMm: number }
  /** Small print (四号/小四), e.g. the definitions of the figures: an optional title and one line per item. */
  | { t: 'note'; title?: string; items: string[] };

/** 版头. `bulletin` is the 简报 style of the 通报 (name, 期号, issuing department and date over a red rule);
 * `document` is the 文件 style (issuing organ in red, 发文字号 under it, red rule). */
export type Masthead =
  | { style: 'bulletin'; name: string; issue: string; organ: string; date: string }
  | { style: 'document'; organ: string; docNo?: string };

/** An annex (附件): listed in 附件说明 by number and title; printed after the 落款 on new pages when it has
 * blocks, or sent as its own file when it has none (`count` then says how many, e.g. 4份). */
export interface Annex {
  title: string;
  count?: string;
  blocks?: Block[];
  /** Wide tables: the annex's pages are A4 landscape (横排表格). */
  landscape?: boolean;
}

/** 落款: the issuing organ and the date (成文日期, Arabic numerals). */
export interface Signature {
  organ: string;
  /** YYYY-MM-DD */
  date: string;
}

/** 版记: 抄送 (or 抄报) lines, then 印发机关 and 印发日期, between rules at the end of the last page. */
export interface Colophon {
  cc?: { label: '抄送' | '抄报'; to: string }[];
  printer: string;
  /** YYYY-MM-DD */
  printedOn: string;
}

export interface OfficialDocument {
  /** The builder's kind id ('weekly', 'monitoring', 'notice', …): metadata and the gallery's key. */
  kind: string;
  /** 标题 (also the file's title metadata). */
  title: string;
  /** The office, written in the metadata. */
  office: string;
  /** Production time, frozen with the data: the zip dates come from it (byte-stable re-export). */
  generatedAt: string;
  masthead?: Masthead;
  /** 附件标识 of an enclosure sent as its own file ("附件2"), top left above the title. */
  label?: string;
  /** A line under the title, e.g. the period （2026年11月2日至11月8日）. */
  subtitle?: string;
  /** 主送, without the colon. */
  addressee?: string;
  body: Block[];
  annexes?: Annex[];
  signature?: Signature;
  /** 附注: lines after the 落款, e.g. the reply deadline of a notice. */
  postscript?: string[];
  colophon?: Colophon;
}

/** GB/T 9704-2012 page: A4 with 天头 37 mm and 订口 28 mm, a 156 × 225 mm text block. */
export const PAGE = { widthMm: 210, heightMm: 297, top: 37, bottom: 35, left: 28, right: 26 } as const;
/** The same text block turned for landscape annex pages (225 × 156 mm). */
export const PAGE_LANDSCAPE = { widthMm: 297, heightMm: 210, top: 28, bottom: 26, left: 37, right: 35 } as const;
export const TEXT_WIDTH_MM = PAGE.widthMm - PAGE.left - PAGE.right; // 156
export const TEXT_HEIGHT_MM = PAGE.heightMm - PAGE.top - PAGE.bottom; // 225

/** 22 lines of 28 characters of 三号 on the text block: the line pitch and the character pitch (pt). */
export const GRID = {
  lines: 22,
  chars: 28,
  /** 225 mm / 22 = 28.95 pt (Word's 579 twips). */
  linePt: 28.95,
  /** 156 mm / 28 = 15.79 pt per character of 16 pt. */
  charPt: (TEXT_WIDTH_MM / 25.4) * (72 / 28),
  /** Tracking of 三号 text so that 28 characters fill a line (a little under 15.79 − 16, so rounding never drops one). */
  trackPt: -0.25,
} as const;

/**
 * Font roles. `office`: the fonts the offices have on Windows, named first; `fallback`: what Debian/Linux
 * has (Noto CJK), used where the office fonts are missing. `bold`: the fallback face is the bold one
 * (a heavy Song reads as 小标宋; a bold Song stands in for 楷体 where no Kai font is installed), so the
 * office font itself is never synthetically emboldened. The DOCX names `office[0]`; Word substitutes.
 */
export interface FontRole {
  office: readonly string[];
  fallback: readonly string[];
  bold: boolean;
  generic: 'serif' | 'sans-serif';
}
export const FONTS = {
  /** 小标宋: title and masthead. */
  title: {
    office: ['方正小标宋简体', '方正小标宋_GBK', 'FZXiaoBiaoSong-B05S', '华文中宋', 'STZhongsong'],
    fallback: ['Noto Serif CJK SC', 'Source Han Serif SC'],
    bold: true,
    generic: 'serif',
  },
  /** 仿宋: body text, tables, 版记. */
  body: {
    office: ['仿宋_GB2312', '仿宋', 'FangSong', 'STFangsong'],
    fallback: ['Noto Serif CJK SC', 'Source Han Serif SC'],
    bold: false,
    generic: 'serif',
  },
  /** 黑体: first-level headings, table headers, 附件 labels. */
  h1: {
    office: ['黑体', 'SimHei', 'STHeiti'],
    fallback: ['Noto Sans CJK SC', 'Source Han Sans SC'],
    bold: false,
    generic: 'sans-serif',
  },
  /** 楷体: second-level headings, run-in leads, subtitles. */
  h2: {
    office: ['楷体_GB2312', '楷体', 'KaiTi', 'STKaiti', 'AR PL UKai CN'],
    fallback: ['Noto Serif CJK SC', 'Source Han Serif SC'],
    bold: true,
    generic: 'serif',
  },
  /** Page numbers: 4号半角宋体. */
  number: {
    office: ['宋体', 'SimSun'],
    fallback: ['Noto Serif CJK SC', 'Source Han Serif SC'],
    bold: false,
    generic: 'serif',
  },
} as const satisfies Record<string, FontRole>;
export type FontRoleName = keyof typeof FONTS;

/** Chinese point sizes: 初号 42, 二号 22pt, 三号 16pt, 四号 14pt, 小四 12pt, 五号 10.5pt, 小五 9pt. */
export const SIZE = { title: 22, body: 16, h: 16, table: 10.5, small: 9, note: 12, number: 14, colophon: 14 } as const;

/** The masthead's organ name: 初号-like, shrunk to fit the text block's width (GB/T: 不大于版心宽度). */
export function mastheadPt(text: string): number {
  const width = (TEXT_WIDTH_MM / 25.4) * 72 * 0.95;
  // The name is set with 0.1 em of tracking between characters.
  return Math.min(36, Math.floor((width / Math.max(1, emWidth(text) * 1.1)) * 2) / 2);
}

/** A text's width in ems, a little generous: CJK and full-width characters 1, digits 0.55, the rest ½. */
export function emWidth(text: string): number {
  let w = 0;
  for (const ch of text)
    w += /[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f〔〕]/.test(ch) ? 1 : /\d/.test(ch) ? 0.55 : 0.5;
  return w;
}

/** Where a long title may break: builders put it between words (GB/T 9704: 回行时词意完整). */
export const TITLE_BREAK = '\u200b';

/**
 * A title's lines: one when it fits the text block at `pt`, else split at the TITLE_BREAK that balances the
 * lines best (both renderers break it there). A title without a hint is one string the renderer wraps.
 */
export function titleLines(title: string, pt: number = SIZE.title, widthMm: number = TEXT_WIDTH_MM): string[] {
  const plain = title.split(TITLE_BREAK).join('');
  const width = (widthMm / 25.4) * 72;
  if (emWidth(plain) * pt <= width || !title.includes(TITLE_BREAK)) return [plain];
  const parts = title.split(TITLE_BREAK);
  let best: string[] = [plain];
  let score = Infinity;
  for (let i = 1; i < parts.length; i++) {
    const a = parts.slice(0, i).join(''),
      b = parts.slice(i).join('');
    const wa = emWidth(a) * pt,
      wb = emWidth(b) * pt;
    if (wa > width || wb > width) continue;
    const d = Math.abs(wa - wb);
    if (d < score) [score, best] = [d, [a, b]];
  }
  return best;
}

/** A title without its break hints (metadata, file names, references in text). */
export const plainTitle = (title: string): string => title.split(TITLE_BREAK).join('');

/** A civil date as written in official documents: 2026年12月1日 (Arabic numerals, no leading zeros). */
export function cnDate(iso: string): string {
  return `${+iso.slice(0, 4)}年${+iso.slice(5, 7)}月${+iso.slice(8, 10)}日`;
}

/** Chinese ordinal for headings: 一、二、… */
export function cnOrdinal(n: number): string {
  const d = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];
  if (n <= 10) return d[n];
  if (n < 20) return `十${d[n - 10]}`;
  return `${d[Math.floor(n / 10)]}十${n % 10 ? d[n % 10] : ''}`;
}

/** The 附件说明 lines: `附件：1. 标题` and the following numbers aligned under the first title. */
export function annexLines(annexes: Annex[]): string[] {
  if (annexes.length === 0) return [];
  const name = (a: Annex) => `${a.title}${a.count ? `（${a.count}）` : ''}`;
  if (annexes.length === 1) return [`附件：${name(annexes[0])}`];
  return annexes.map((a, i) => `${i === 0 ? '附件：' : ''}${i + 1}. ${name(a)}`);
}

/**
 * How many of the body's last blocks stand with the 落款 (both renderers keep them on its page): the last
 * paragraph (not too long to move); a one-line closing (特此通报。) takes the paragraph before it along;
 * headings just before them come too. 0 when the body ends with a table or chart (the renderers then keep
 * the 落款 with the table's last rows).
 */
export function closingTailLength(body: Block[]): number {
  const isP = (b: Block | undefined, max: number) =>
    !!b && ((b.t === 'p' && b.text.length <= max) || (b.t === 'note' && b.items.length <= 6));
  let i = body.length - 1;
  if (!isP(body[i], 600)) return 0;
  if (body[i].t === 'p' && (body[i] as { text: string }).text.length <= 28 && isP(body[i - 1], 120)) i--;
  while (i > 0 && (body[i - 1].t === 'h1' || body[i - 1].t === 'h2')) i--;
  return body.length - i;
}

/** The annexes printed in this document (those with blocks), with their 附件N numbers. */
export function printedAnnexes(doc: OfficialDocument): { n: number; annex: Annex }[] {
  const list = doc.annexes ?? [];
  return list
    .map((annex, i) => ({ n: i + 1, annex }))
    .filter((x) => x.annex.blocks && x.annex.blocks.length > 0)
    .map((x) => ({ n: list.length > 1 ? x.n : 0, annex: x.annex }));
}

/** The 附件 label of annex n (a single annex is just 附件). */
export function annexLabel(n: number): string {
  return n ? `附件${n}` : '附件';
}
