/**
 * The content model every document is built in once: the DOCX writer (docx.ts) and the HTML
 * template printed to PDF (html.ts) both render it, so Word and PDF say exactly the same thing.
 */

export interface Column {
  header: string;
  width: number;
  align?: 'left' | 'center' | 'right';
}

export type Block =
  /** 版头: the issuing body's name in red over a red rule (通报), with the issue line. */
  | { t: 'masthead'; name: string; issue?: string; left?: string; right?: string }
  | { t: 'title'; text: string }
  | { t: 'subtitle'; text: string }
  /** 发文字号 line of a notice, right-aligned. */
  | { t: 'docno'; text: string }
  /** 主送: the addressee line, flush left. */
  | { t: 'addressee'; text: string }
  | { t: 'h1'; text: string }
  | { t: 'h2'; text: string }
  | { t: 'p'; text: string; noIndent?: boolean; bold?: string }
  | {
      t: 'table';
      caption?: string;
      columns: Column[];
      rows: string[][];
      rowKinds?: (undefined | 'subtotal' | 'total')[];
      fontPt?: number;
      note?: string;
    }
  | { t: 'chart'; caption: string; svg: string; png: Buffer; widthMm: number; heightMm: number }
  | { t: 'note'; title: string; items: string[] }
  | { t: 'signature'; lines: string[] }
  | { t: 'pagebreak' };

export interface DocModel {
  /** Document title (metadata and the HTML <title>). */
  title: string;
  /** Office name, written in the metadata. */
  office: string;
  /** Generation time, stored in the snapshot: the document's dates come from it (byte-stable re-export). */
  generatedAt: string;
  blocks: Block[];
}

/** GB/T 9704 page: A4 with these margins (mm). */
export const PAGE = { widthMm: 210, heightMm: 297, top: 37, bottom: 35, left: 28, right: 26 } as const;

/** Font stacks: the official fonts offices have on Windows first, then what Debian/Linux has. */
export const FONTS = {
  title: [
    '方正小标宋简体',
    '方正小标宋_GBK',
    '小标宋',
    'FZXiaoBiaoSong-B05S',
    'Noto Serif CJK SC',
    'Source Han Serif SC',
    'SimSun',
    'serif',
  ],
  body: ['仿宋_GB2312', '仿宋', 'FangSong', 'STFangsong', 'Noto Serif CJK SC', 'Source Han Serif SC', 'serif'],
  h1: ['黑体', 'SimHei', 'Noto Sans CJK SC', 'Source Han Sans SC', 'sans-serif'],
  h2: ['楷体_GB2312', '楷体', 'KaiTi', 'STKaiti', 'Noto Serif CJK SC', 'serif'],
  number: ['宋体', 'SimSun', 'Noto Serif CJK SC', 'serif'],
} as const;

/** Chinese point sizes: 二号 22pt, 三号 16pt, 四号 14pt, 小四 12pt, 五号 10.5pt, 小五 9pt. */
export const SIZE = { title: 22, body: 16, h: 16, table: 10.5, small: 9, number: 14 } as const;

/** Chinese ordinal for headings: 一、二、… */
export function cnOrdinal(n: number): string {
  const d = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];
  if (n <= 10) return d[n];
  if (n < 20) return `十${d[n - 10]}`;
  return `${d[Math.floor(n / 10)]}十${n % 10 ? d[n % 10] : ''}`;
}
