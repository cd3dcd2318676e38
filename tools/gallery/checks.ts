/**
 * What a program can see in a printed document (poppler's pdftotext, pdfinfo, pdffonts; the HTML the PDF
 * was printed from; Chromium's choice of fonts), each check returning problems in Chinese:
 *   - no page holds only the 落款 or only the 版记 (or both and nothing else);
 *   - no Latin word in the text but Excel, Word and PDF (no rule ids, field keys, English);
 *   - no line break inside a date, a 文号 or a 部门受案号;
 *   - page counts within the kind's bounds (body pages and all pages);
 *   - every font embedded; every table header Chinese;
 *   - the title set in the 小标宋 role's font and the body in the 仿宋 role's, different faces.
 */
import { execFileSync } from 'node:child_process';
import type { Page } from 'playwright-core';
import { FONTS, type FontRoleName, type OfficialDocument } from '../../core/documents/model';
import { renderHtml } from '../../core/documents/html';
import { keepTogether } from '../../core/documents/text';
import type { KindSpec } from './kinds';

export interface Problem {
  file: string;
  page?: number;
  message: string;
}

/** Latin words a document may say. */
export const ALLOWED_LATIN = new Set(['Excel', 'Word', 'PDF']);

const unescape = (s: string) =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');

export interface PdfWord {
  text: string;
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}
export interface PdfPage {
  /** Lines of text as poppler groups them (a paragraph's line, or cells side by side). */
  lines: string[];
  /** Every word with its box (a CJK run without spaces is one word). */
  words: PdfWord[];
}

/** The pages of a PDF as lines and words (pdftotext -bbox-layout). */
export function pdfPages(file: string): PdfPage[] {
  const xml = execFileSync('pdftotext', ['-bbox-layout', file, '-'], { encoding: 'utf8', maxBuffer: 256 << 20 });
  const num = (attrs: string, k: string) => +(new RegExp(`${k}="([\\d.]+)"`).exec(attrs)?.[1] ?? 0);
  return xml
    .split(/<page [^>]*>/)
    .slice(1)
    .map((pageXml) => {
      const lines = [...pageXml.matchAll(/<line [^>]*>([\s\S]*?)<\/line>/g)].map((l) =>
        [...l[1].matchAll(/<word [^>]*>([^<]*)<\/word>/g)].map((w) => unescape(w[1])).join(' '),
      );
      const words = [...pageXml.matchAll(/<word ([^>]*)>([^<]*)<\/word>/g)].map((w) => ({
        text: unescape(w[2]),
        x0: num(w[1], 'xMin'),
        y0: num(w[1], 'yMin'),
        x1: num(w[1], 'xMax'),
        y1: num(w[1], 'yMax'),
      }));
      return { lines, words };
    });
}

/** The word that continues `a` on the next line of its paragraph or cell: just below it, overlapping it. */
function nextLine(a: PdfWord, words: PdfWord[]): PdfWord | undefined {
  const h = a.y1 - a.y0;
  let best: PdfWord | undefined;
  for (const b of words) {
    if (b === a || b.y0 <= a.y0 + h * 0.5 || b.y0 - a.y1 > h * 0.6) continue;
    if (Math.min(a.x1, b.x1) - Math.max(a.x0, b.x0) <= 0) continue;
    if (!best || b.y0 < best.y0 || (b.y0 === best.y0 && b.x0 < best.x0)) best = b;
  }
  return best;
}

export function pdfPageCount(file: string): number {
  const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
  return +(/^Pages:\s+(\d+)/m.exec(info)?.[1] ?? 0);
}

export interface PdfFont {
  name: string;
  type: string;
  embedded: boolean;
}
export function pdfFonts(file: string): PdfFont[] {
  const out = execFileSync('pdffonts', [file], { encoding: 'utf8' });
  return out
    .split('\n')
    .slice(2)
    .filter((l) => l.trim())
    .map((l) => {
      const m = /^(\S+)\s+(.+?)\s{2,}(\S+)\s+(yes|no)\s+(yes|no)\s+(yes|no)\s+\d+\s+\d+\s*$/.exec(l);
      return m ? { name: m[1], type: m[2], embedded: m[4] === 'yes' } : { name: l, type: '?', embedded: false };
    });
}

const PAGE_NUMBER = /^—\s*\d+\s*—$/;
/** Lines of the 落款, 附注 and 版记 (and 附件说明): a page of only these is a page the body left behind. */
const CLOSING = [
  /^\S*(人民检察院|案件管理部门?|案件管理部)$/,
  /^\d{4}年\d{1,2}月\d{1,2}日(印发)?$/,
  /^（[^）]*）$/,
  /^(抄送|抄报)：/,
  /印发$/,
  /^附件：/,
  /^\d+\.\s/,
];
const isClosing = (l: string) => CLOSING.some((re) => re.test(l.replace(/\s+/g, ' ').trim()));

export function checkPdf(file: string, spec: KindSpec, label = file): Problem[] {
  const problems: Problem[] = [];
  const pages = pdfPages(file);
  const add = (message: string, page?: number) => problems.push({ file: label, page, message });
  if (pages.length === 0) add('PDF 没有页面');

  // Pages before the first annex (a page whose first line is 附件 or 附件N).
  const firstAnnex = pages.findIndex((p, i) => i > 0 && /^附件\d*$/.test((p.lines[0] ?? '').trim()));
  const bodyPages = firstAnnex < 0 ? pages.length : firstAnnex;
  if (bodyPages > spec.maxBodyPages) add(`正文${bodyPages}页，超过${spec.maxBodyPages}页`);
  if (pages.length > spec.maxPages) add(`共${pages.length}页，超过${spec.maxPages}页`);

  pages.forEach((p, i) => {
    const n = i + 1;
    const content = p.lines.map((l) => l.trim()).filter((l) => l && !PAGE_NUMBER.test(l));
    if (content.length === 0) add('空白页', n);
    else if (i > 0 && content.every(isClosing)) add(`本页只有落款或版记：${content.join(' / ')}`, n);
    if (!p.lines.some((l) => PAGE_NUMBER.test(l.trim()))) add('缺少页码“— n —”', n);
    // A kept run (date, 文号, 部门受案号) broken at the end of a line of its paragraph or cell.
    for (const w of p.words) {
      const b = nextLine(w, p.words);
      if (!b) continue;
      const a = w.text,
        c = b.text;
      let at = 0;
      for (const g of keepTogether(a + c)) {
        // Not broken when the next line's part is a whole run by itself (a value under a header, a date under a date).
        const rest = g.text.slice(a.length - at);
        const whole = keepTogether(rest).length === 1 && keepTogether(rest)[0].keep;
        if (g.keep && at < a.length && at + g.text.length > a.length && !whole)
          add(`“${g.text}”在行末断开（${a.slice(-8)} / ${c.slice(0, 8)}）`, n);
        at += g.text.length;
      }
    }
  });
  const text = pages.map((p) => p.lines.join('\n')).join('\n');
  const latin = [...new Set([...text.matchAll(/[A-Za-z]+/g)].map((m) => m[0]).filter((w) => !ALLOWED_LATIN.has(w)))];
  if (latin.length) add(`文字中有英文或代码：${latin.slice(0, 12).join('、')}`);
  if (spec.signature && !/案件管理部门?\s*\n?\s*\d{4}年\d{1,2}月\d{1,2}日/.test(text)) add('没有落款（署名和日期）');
  if (spec.colophon) {
    const last = pages[pages.length - 1]?.lines.join('\n') ?? '';
    if (!/印发/.test(last)) add('最后一页没有版记（印发机关和印发日期）');
  }
  const fonts = pdfFonts(file);
  const bare = fonts.filter((f) => !f.embedded);
  if (bare.length) add(`字体未嵌入：${bare.map((f) => f.name).join('、')}`);
  return problems;
}

/** Every table header of the document's HTML is Chinese (no Latin letters, no field keys). */
export function checkHeaders(doc: OfficialDocument, label: string): Problem[] {
  const html = renderHtml(doc);
  const problems: Problem[] = [];
  for (const m of html.matchAll(/<th>([\s\S]*?)<\/th>/g)) {
    const t = m[1].replace(/<[^>]+>/g, '');
    if (/[A-Za-z]/.test(t) || !/[\u4e00-\u9fff]/.test(t))
      problems.push({ file: label, message: `表头不是中文：“${t}”` });
  }
  return problems;
}

export interface FontUse {
  role: FontRoleName;
  selector: string;
  /** PostScript names of the faces Chromium drew the element's text with. */
  faces: string[];
}

/** The faces Chromium uses for each role's element of a document (CDP CSS.getPlatformFontsForNode). */
export async function fontsByRole(page: Page, html: string): Promise<FontUse[]> {
  await page.setContent(html, { waitUntil: 'load' });
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('DOM.enable');
    await cdp.send('CSS.enable');
    const { root } = await cdp.send('DOM.getDocument', { depth: -1 });
    const roles: [FontRoleName, string][] = [
      ['title', 'h1.title'],
      ['body', '.body > p'],
      ['h1', 'h2.h1'],
      ['h2', 'h3.h2'],
    ];
    const out: FontUse[] = [];
    for (const [role, selector] of roles) {
      const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector });
      if (!nodeId) continue;
      const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId });
      // Most glyphs first: the role's face, then any face that drew a few characters it lacks.
      const faces = fonts
        .filter((f) => f.glyphCount > 0)
        .sort((a, b) => b.glyphCount - a.glyphCount)
        .map((f) => f.postScriptName || f.familyName);
      out.push({ role, selector, faces });
    }
    return out;
  } finally {
    await cdp.detach();
  }
}

/** The face of a role is one of its office fonts or its fallback (bold where the role says so). */
export function faceFitsRole(role: FontRoleName, face: string): boolean {
  const r = FONTS[role];
  const squash = (s: string) => s.replace(/[\s_-]/g, '').toLowerCase();
  const f = squash(face);
  if (r.office.some((o) => f.includes(squash(o)))) return true;
  const fallback = r.fallback.some((o) => f.startsWith(squash(o)));
  if (!fallback) return false;
  return r.bold ? /bold|black|heavy/.test(f) : !/bold|black|heavy|light/.test(f);
}

export function checkFonts(uses: FontUse[], label: string): Problem[] {
  const problems: Problem[] = [];
  for (const u of uses) {
    if (u.faces.length === 0) problems.push({ file: label, message: `${u.selector}没有使用任何字体` });
    const main = u.faces[0];
    if (main && !faceFitsRole(u.role, main))
      problems.push({ file: label, message: `${u.selector}的字体“${main}”不是${FONT_ROLE_NAMES[u.role]}或其替代字体` });
  }
  const title = uses.find((u) => u.role === 'title')?.faces[0];
  const body = uses.find((u) => u.role === 'body')?.faces[0];
  if (title && body && title === body) problems.push({ file: label, message: `标题和正文使用同一字体“${title}”` });
  return problems;
}

export const FONT_ROLE_NAMES: Record<FontRoleName, string> = {
  title: '小标宋',
  body: '仿宋',
  h1: '黑体',
  h2: '楷体',
  number: '宋体',
};
