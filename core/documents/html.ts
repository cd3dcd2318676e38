/**
 * The HTML renderer: any OfficialDocument → one HTML page that Chromium prints to PDF (Electron's
 * printToPDF in the app, playwright-core in the CLI and tests). The same parts in the same order as the
 * DOCX renderer (docx.ts); the CSS does the GB/T 9704 page:
 *   - A4, 天头 37 mm, 订口 28 mm: a 156 × 225 mm text block of 22 lines × 28 characters of 三号;
 *   - page numbers `— n —` in 4号宋体 7 mm under the text block, odd pages right, even pages left (空一字);
 *   - office fonts named first, Noto CJK after them (the fallbacks of 小标宋 and 楷体 are the bold face);
 *   - no line break inside a date, a 文号 or a 部门受案号 (text.ts);
 *   - table headers repeat on every page; annexes start on a new page, wide ones on landscape pages;
 *   - the 落款 is kept with the last lines of the body, the 版记 with what precedes it: neither stands alone.
 * No script, no remote content: the page is static.
 */
import {
  FONTS,
  GRID,
  PAGE,
  PAGE_LANDSCAPE,
  SIZE,
  TEXT_WIDTH_MM,
  annexLabel,
  annexLines,
  closingTailLength,
  cnDate,
  emWidth,
  mastheadPt,
  plainTitle,
  printedAnnexes,
  titleLines,
  type Block,
  type FontRole,
  type FontRoleName,
  type OfficialDocument,
} from './model';
import { keepTogether } from './text';

export function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/**
 * Escaped text with the runs that must not break wrapped in no-break spans; in a table cell (`fit`), a run
 * wider than the cell is left breakable rather than overflowing the cell's border.
 */
function txt(s: string, fit?: { widthPt: number; pt: number }): string {
  return keepTogether(s)
    .map((g) =>
      g.keep && (!fit || emWidth(g.text) * fit.pt <= fit.widthPt)
        ? `<span class="nb">${esc(g.text)}</span>`
        : esc(g.text),
    )
    .join('');
}

const quote = (f: string): string => (/^[a-z-]+$/.test(f) ? f : `'${f}'`);
/** The bold fallback face of a role, as its own family (so the office font is never faux-bolded). */
const boldAlias = (role: FontRoleName): string => `CF ${role} fallback`;
function stack(role: FontRoleName): string {
  const r: FontRole = FONTS[role];
  return [...r.office, ...(r.bold ? [boldAlias(role)] : []), ...r.fallback, r.generic].map(quote).join(', ');
}
function fontFaces(): string {
  return (Object.keys(FONTS) as FontRoleName[])
    .filter((role) => FONTS[role].bold)
    .map((role) => {
      const src = FONTS[role].fallback
        .flatMap((f) => [`local('${f} Bold')`, `local('${f.replace(/ /g, '').replace(/CJKSC$/, 'CJKsc')}-Bold')`])
        .join(', ');
      return `@font-face { font-family: '${boldAlias(role)}'; src: ${src}; }`;
    })
    .join('\n');
}

const LINE = `${GRID.linePt}pt`;
const LANDSCAPE_WIDTH_MM = PAGE_LANDSCAPE.widthMm - PAGE_LANDSCAPE.left - PAGE_LANDSCAPE.right;
/** One character of the 28-character grid (16 pt less the tracking that fits 28 in 156 mm). */
const TRACK = GRID.trackPt;
const CH = `${GRID.charPt.toFixed(3)}pt`;
const pageNumber = (side: 'left' | 'right') =>
  `@bottom-${side} { content: "— " counter(page) " —"; font-family: ${stack('number')}; font-size: ${SIZE.number}pt; ` +
  `vertical-align: top; padding-top: 7mm; padding-${side}: ${SIZE.number}pt; }`;

export const CSS = `
${fontFaces()}
@page { size: A4; margin: ${PAGE.top}mm ${PAGE.right}mm ${PAGE.bottom}mm ${PAGE.left}mm; }
@page :right { ${pageNumber('right')} }
@page :left { ${pageNumber('left')} }
@page wide { size: A4 landscape; margin: ${PAGE_LANDSCAPE.top}mm ${PAGE_LANDSCAPE.right}mm ${PAGE_LANDSCAPE.bottom}mm ${PAGE_LANDSCAPE.left}mm; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0; font-family: ${stack('body')}; font-size: ${SIZE.body}pt; line-height: ${LINE}; letter-spacing: ${TRACK}pt;
  color: #000; text-align: justify; orphans: 2; widows: 2; }
.nb { white-space: nowrap; }
.masthead { text-align: center; }
.masthead .name { font-family: ${stack('title')}; color: #e60012; line-height: 1.25; letter-spacing: 0.1em; }
.masthead .issue { line-height: ${LINE}; margin-top: 6pt; }
.masthead .line { display: flex; justify-content: space-between; line-height: ${LINE}; }
.masthead .docno { line-height: ${LINE}; margin-top: ${LINE}; }
.masthead .rule { border-bottom: 1pt solid #e60012; margin: 4mm 0 0; }
.label { font-family: ${stack('h1')}; text-align: left; }
h1.title { font-family: ${stack('title')}; font-weight: normal; font-size: ${SIZE.title}pt; line-height: 36pt;
  text-align: center; margin: ${LINE} 0 0; letter-spacing: 0; text-wrap: balance; }
.masthead + h1.title { margin-top: ${LINE}; }
.label + h1.title { margin-top: ${LINE}; }
.subtitle { font-family: ${stack('h2')}; text-align: center; }
.addressee { margin-top: ${LINE}; text-indent: 0; }
h1.title + .body, .subtitle + .body { margin-top: ${LINE}; }
.body > *:first-child { margin-top: 0; }
h2.h1 { font-family: ${stack('h1')}; font-weight: normal; font-size: ${SIZE.h}pt; line-height: ${LINE}; margin: 0;
  text-indent: calc(2 * ${CH}); break-after: avoid; }
h3.h2 { font-family: ${stack('h2')}; font-weight: normal; font-size: ${SIZE.h}pt; line-height: ${LINE}; margin: 0;
  text-indent: calc(2 * ${CH}); break-after: avoid; }
p { margin: 0; text-indent: calc(2 * ${CH}); }
p.noindent { text-indent: 0; }
p.ragged { text-align: left; }
p .lead { font-family: ${stack('h2')}; }
.tablewrap { margin: 4pt 0 ${LINE}; letter-spacing: 0; }
.caption { font-family: ${stack('h1')}; font-size: ${SIZE.note}pt; line-height: 20pt; text-align: center; margin: 0 0 3pt; break-after: avoid; }
table { border-collapse: collapse; width: 100%; table-layout: fixed; font-size: ${SIZE.table}pt; line-height: 1.35; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
th, td { border: 0.75pt solid #000; padding: 2pt 3pt; text-align: center; vertical-align: middle; overflow-wrap: anywhere; }
th { font-family: ${stack('h1')}; font-weight: normal; background: #ececec; }
td.left { text-align: left; } td.right { text-align: right; }
tr.subtotal td { font-family: ${stack('h1')}; }
tr.total td { font-family: ${stack('h1')}; background: #f4f4f4; }
.tnote { font-size: ${SIZE.small + 1.5}pt; line-height: 16pt; text-indent: 0; margin-top: 3pt; text-align: left; }
figure { margin: 4pt auto ${LINE}; text-align: center; break-inside: avoid; letter-spacing: 0; }
figure svg { max-width: 100%; height: auto; }
figcaption { font-family: ${stack('h2')}; font-size: ${SIZE.note}pt; line-height: 18pt; }
.note { font-size: ${SIZE.note}pt; line-height: 20pt; letter-spacing: 0; }
.note .nt { font-family: ${stack('h1')}; }
.note p { text-indent: 0; padding-left: 1em; text-indent: -1em; }
.mono { display: inline-block; width: 100%; vertical-align: top; text-align: justify; }
.keep-before { break-before: avoid; }
.annexlist { margin-top: ${LINE}; }
.annexlist div { padding-left: calc(6.5 * ${CH}); }
.annexlist .first { text-indent: calc(-4.5 * ${CH}); }
.annexlist .more { text-indent: calc(-1.5 * ${CH}); }
.signature { margin-top: ${LINE}; text-align: right; padding-right: calc(2 * ${CH}); }
.signature .box { display: inline-block; text-align: left; }
.signature .date { padding-left: calc(2 * ${CH}); }
.postscript p { text-indent: calc(2 * ${CH}); }
.annex { break-before: page; }
.annex.wide { page: wide; }
.annex > .body { margin-top: ${LINE}; }
.colophon { margin-top: calc(2 * ${LINE}); font-size: ${SIZE.colophon}pt;
  line-height: 1.9; letter-spacing: 0; border-top: 1pt solid #000; border-bottom: 1pt solid #000; }
.colophon > div { padding: 0 ${SIZE.colophon}pt; }
.colophon > div + div { border-top: 0.7pt solid #000; }
.colophon .cc { padding-left: calc(${SIZE.colophon}pt + 3em); text-indent: -3em; }
.colophon .printed { display: flex; justify-content: space-between; }
`;

function block(b: Block, widthMm = TEXT_WIDTH_MM): string {
  switch (b.t) {
    case 'h1':
      return `<h2 class="h1">${txt(b.text)}</h2>`;
    case 'h2':
      return `<h3 class="h2">${txt(b.text)}</h3>`;
    case 'p': {
      // A long unbreakable run (a 部门受案号) that wraps would stretch the line before it: such a paragraph
      // is set flush left (its full lines still end at the margin: CJK fills the 28-character grid).
      const ragged = keepTogether(b.text).some((g) => g.keep && emWidth(g.text) >= 8);
      const cls = [b.noIndent ? 'noindent' : '', ragged ? 'ragged' : ''].filter(Boolean).join(' ');
      return `<p${cls ? ` class="${cls}"` : ''}>${b.lead ? `<span class="lead">${txt(b.lead)}</span>` : ''}${txt(b.text)}</p>`;
    }
    case 'table': {
      const total = b.columns.reduce((s, c) => s + c.width, 0);
      const cols = b.columns.map((c) => `<col style="width:${((c.width / total) * 100).toFixed(2)}%">`).join('');
      const head = `<tr>${b.columns.map((c) => `<th>${txt(c.header)}</th>`).join('')}</tr>`;
      const pt = b.fontPt ?? SIZE.table;
      // Each column's text width in pt (less the cell's padding), for the no-break runs.
      const fit = b.columns.map((c) => ({ widthPt: ((widthMm * c.width) / total) * (72 / 25.4) - 7, pt }));
      const rows = (b.rows.length ? b.rows : [b.columns.map((_, i) => (i === 0 ? '（无）' : ''))])
        .map((r, ri) => {
          const kind = b.rowKinds?.[ri];
          const cells = r.map((t, i) => {
            const align = b.columns[i].align;
            return `<td${align && align !== 'center' ? ` class="${align}"` : ''}>${txt(t, fit[i])}</td>`;
          });
          return `<tr${kind ? ` class="${kind}"` : ''}>${cells.join('')}</tr>`;
        })
        .join('');
      const style = pt !== SIZE.table ? ` style="font-size:${pt}pt"` : '';
      const caption = b.caption ? `<div class="caption">${txt(b.caption)}</div>` : '';
      const note = b.note ? `<p class="tnote">${txt(b.note)}</p>` : '';
      return `<div class="tablewrap">${caption}<table${style}><colgroup>${cols}</colgroup><thead>${head}</thead><tbody>${rows}</tbody></table>${note}</div>`;
    }
    case 'chart':
      return `<figure style="width:${b.widthMm}mm">${b.svg.replace(/^<\?xml[^>]*>/, '')}<figcaption>${txt(b.caption)}</figcaption></figure>`;
    case 'note':
      return `<div class="note">${b.title ? `<div class="nt">${txt(b.title)}</div>` : ''}${b.items.map((t) => `<p>${txt(t)}</p>`).join('')}</div>`;
  }
}

function masthead(doc: OfficialDocument): string {
  const m = doc.masthead;
  if (!m) return '';
  if (m.style === 'bulletin')
    return (
      `<header class="masthead"><div class="name" style="font-size:${mastheadPt(m.name)}pt">${esc(m.name)}</div>` +
      `<div class="issue">${txt(m.issue)}</div>` +
      `<div class="line"><span>${txt(m.organ)}</span><span>${txt(cnDate(m.date))}</span></div><div class="rule"></div></header>`
    );
  return (
    `<header class="masthead"><div class="name" style="font-size:${mastheadPt(m.organ)}pt">${esc(m.organ)}</div>` +
    `${m.docNo ? `<div class="docno">${txt(m.docNo)}</div>` : ''}<div class="rule"></div></header>`
  );
}

/**
 * The closing group: the body's last paragraph (with a heading just before it), 附件说明, 落款, 附注 and —
 * when no annex follows — the 版记. It is one monolithic box (an inline-block cannot be split across
 * pages), so the 落款 always stands with the last lines of the body. When the body ends with a table or a
 * chart, the group avoids the break before it, and Chromium moves the table's last rows along.
 */
function closing(doc: OfficialDocument, tail: Block[], withColophon: boolean): string {
  const lines = annexLines(doc.annexes ?? []);
  const annexes = lines.length
    ? `<div class="annexlist">${lines.map((l, i) => `<div class="${i === 0 ? 'first' : 'more'}">${txt(l)}</div>`).join('')}</div>`
    : '';
  const s = doc.signature;
  const signature = s
    ? `<div class="signature"><div class="box"><div>${txt(s.organ)}</div><div class="date">${txt(cnDate(s.date))}</div></div></div>`
    : '';
  const post = doc.postscript?.length
    ? `<div class="postscript">${doc.postscript.map((l) => `<p>${txt(`（${l}）`)}</p>`).join('')}</div>`
    : '';
  const inner = `${tail.map((b) => block(b)).join('')}${annexes}${signature}${post}${withColophon ? colophon(doc) : ''}`;
  if (!inner) return '';
  return `<div class="closing${tail.length ? '' : ' keep-before'}"><div class="mono">${inner}</div></div>`;
}

function colophon(doc: OfficialDocument): string {
  const c = doc.colophon;
  if (!c) return '';
  const cc = (c.cc ?? []).map((x) => `<div class="cc">${esc(x.label)}：${txt(x.to.replace(/[。.]?$/, '。'))}</div>`);
  return `<div class="colophon">${cc.join('')}<div class="printed"><span>${txt(c.printer)}</span><span>${txt(cnDate(c.printedOn))}印发</span></div></div>`;
}

export function renderHtml(doc: OfficialDocument): string {
  const tail = doc.body.slice(doc.body.length - closingTailLength(doc.body));
  const body = doc.body.slice(0, doc.body.length - tail.length);
  const printed = printedAnnexes(doc);
  const annexes = printed.map(
    ({ n, annex }) =>
      `<section class="annex${annex.landscape ? ' wide' : ''}"><div class="label">${annexLabel(n)}</div>` +
      `<h1 class="title">${titleLines(annex.title, SIZE.title, annex.landscape ? LANDSCAPE_WIDTH_MM : TEXT_WIDTH_MM)
        .map((l) => txt(l))
        .join(
          '<br>',
        )}</h1><div class="body">${annex.blocks!.map((b) => block(b, annex.landscape ? LANDSCAPE_WIDTH_MM : TEXT_WIDTH_MM)).join('\n')}</div></section>`,
  );
  // After the annexes the 版记 is its own monolithic box, kept with the last annex's last lines.
  const lastColophon =
    printed.length && doc.colophon ? `<div class="keep-before"><div class="mono">${colophon(doc)}</div></div>` : '';
  const parts = [
    masthead(doc),
    doc.label ? `<div class="label">${esc(doc.label)}</div>` : '',
    `<h1 class="title">${titleLines(doc.title)
      .map((l) => txt(l))
      .join('<br>')}</h1>`,
    doc.subtitle ? `<div class="subtitle">${txt(doc.subtitle)}</div>` : '',
    doc.addressee ? `<p class="addressee">${txt(doc.addressee)}：</p>` : '',
    `<div class="body">${body.map((b) => block(b)).join('\n')}</div>`,
    closing(doc, tail, printed.length === 0),
    ...annexes,
    lastColophon,
  ];
  return `<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>${esc(plainTitle(doc.title))}</title>
<meta name="author" content="${esc(doc.office)}"><meta name="generated" content="${esc(doc.generatedAt)}">
<meta name="document-kind" content="${esc(doc.kind)}">
<style>${CSS}</style></head>
<body>
${parts.filter(Boolean).join('\n')}
</body></html>`;
}
