/**
 * DocModel → one HTML page printed to PDF (Electron printToPDF in the app, Chromium via
 * playwright-core in the CLI). The same model as the DOCX; CSS does the official layout:
 * `@page` A4 with the GB/T 9704 margins, page numbers `— n —` in the bottom margin.
 */
import { FONTS, PAGE, SIZE, type Block, type DocModel } from './model';

export function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
const stack = (s: readonly string[]): string => s.map((f) => (/^[a-z-]+$/.test(f) ? f : `'${f}'`)).join(', ');

export const CSS = `
@page { size: A4; margin: ${PAGE.top}mm ${PAGE.right}mm ${PAGE.bottom}mm ${PAGE.left}mm;
  @bottom-center { content: "— " counter(page) " —"; font-family: ${stack(FONTS.number)}; font-size: ${SIZE.number}pt; vertical-align: top; padding-top: 7mm; } }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0; font-family: ${stack(FONTS.body)}; font-size: ${SIZE.body}pt; line-height: 28pt; color: #000; text-align: justify; }
.masthead { text-align: center; }
.masthead .name { font-family: ${stack(FONTS.title)}; color: #c00000; font-size: 36pt; line-height: 52pt; letter-spacing: 2pt; }
.masthead .issue { line-height: 28pt; }
.masthead .line { display: flex; justify-content: space-between; border-bottom: 2.5pt solid #c00000; padding-bottom: 4pt; margin-bottom: 20pt; line-height: 28pt; }
h1.title { font-family: ${stack(FONTS.title)}; font-weight: normal; font-size: ${SIZE.title}pt; line-height: 35pt; text-align: center; margin: 12pt 0 14pt; }
.subtitle { font-family: ${stack(FONTS.h2)}; text-align: center; margin-bottom: 14pt; }
.docno { text-align: right; margin-bottom: 14pt; }
.addressee { text-indent: 0; }
h2.h1 { font-family: ${stack(FONTS.h1)}; font-weight: normal; font-size: ${SIZE.h}pt; line-height: 28pt; margin: 0; text-indent: 2em; break-after: avoid; }
h3.h2 { font-family: ${stack(FONTS.h2)}; font-weight: normal; font-size: ${SIZE.h}pt; line-height: 28pt; margin: 0; text-indent: 2em; break-after: avoid; }
p { margin: 0; text-indent: 2em; word-break: break-all; }
p.noindent { text-indent: 0; }
p .lead { font-family: ${stack(FONTS.h2)}; }
.tablewrap { margin: 6pt 0 10pt; }
.caption { font-family: ${stack(FONTS.h1)}; font-size: 12pt; line-height: 20pt; text-align: center; margin: 8pt 0 4pt; break-after: avoid; }
table { border-collapse: collapse; width: 100%; table-layout: fixed; font-size: ${SIZE.table}pt; line-height: 14pt; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
th, td { border: 0.75pt solid #000; padding: 2pt 3pt; text-align: center; vertical-align: middle; word-break: break-all; }
th { font-family: ${stack(FONTS.h1)}; font-weight: normal; background: #e7e6e6; }
td.left { text-align: left; } td.right { text-align: right; }
tr.subtotal td { font-family: ${stack(FONTS.h1)}; }
tr.total td { font-family: ${stack(FONTS.h1)}; background: #f2f2f2; }
.tnote { font-size: ${SIZE.small}pt; line-height: 14pt; text-indent: 0; margin-top: 3pt; }
figure { margin: 8pt 0 10pt; text-align: center; break-inside: avoid; }
figure svg { max-width: 100%; height: auto; }
figcaption { font-family: ${stack(FONTS.h2)}; font-size: 12pt; line-height: 18pt; }
.note { margin-top: 16pt; font-size: 12pt; line-height: 20pt; }
.note .nt { font-family: ${stack(FONTS.h1)}; }
.note p { text-indent: -1em; padding-left: 1em; }
.signature { margin-top: 28pt; text-align: right; padding-right: 4em; }
.signature .box { display: inline-block; text-align: center; }
.signature .box div { line-height: 28pt; }
.pagebreak { break-before: page; }
`;

function block(b: Block): string {
  switch (b.t) {
    case 'masthead':
      return `<div class="masthead"><div class="name">${esc(b.name)}</div>${b.issue ? `<div class="issue">${esc(b.issue)}</div>` : ''}<div class="line"><span>${esc(b.left ?? '')}</span><span>${esc(b.right ?? '')}</span></div></div>`;
    case 'title':
      return `<h1 class="title">${esc(b.text)}</h1>`;
    case 'subtitle':
      return `<div class="subtitle">${esc(b.text)}</div>`;
    case 'docno':
      return `<div class="docno">${esc(b.text)}</div>`;
    case 'addressee':
      return `<p class="noindent addressee">${esc(b.text)}</p>`;
    case 'h1':
      return `<h2 class="h1">${esc(b.text)}</h2>`;
    case 'h2':
      return `<h3 class="h2">${esc(b.text)}</h3>`;
    case 'p':
      return `<p${b.noIndent ? ' class="noindent"' : ''}>${b.bold ? `<span class="lead">${esc(b.bold)}</span>` : ''}${esc(b.text)}</p>`;
    case 'table': {
      const total = b.columns.reduce((s, c) => s + c.width, 0);
      const cols = b.columns.map((c) => `<col style="width:${((c.width / total) * 100).toFixed(2)}%">`).join('');
      const head = `<tr>${b.columns.map((c) => `<th>${esc(c.header)}</th>`).join('')}</tr>`;
      const rows = (b.rows.length ? b.rows : [b.columns.map((_, i) => (i === 0 ? '（无）' : ''))])
        .map((r, ri) => {
          const kind = b.rowKinds?.[ri];
          return `<tr${kind ? ` class="${kind}"` : ''}>${r.map((t, i) => `<td${b.columns[i].align && b.columns[i].align !== 'center' ? ` class="${b.columns[i].align}"` : ''}>${esc(t)}</td>`).join('')}</tr>`;
        })
        .join('');
      const style = b.fontPt ? ` style="font-size:${b.fontPt}pt;line-height:${Math.round(b.fontPt * 1.35)}pt"` : '';
      return `<div class="tablewrap">${b.caption ? `<div class="caption">${esc(b.caption)}</div>` : ''}<table${style}><colgroup>${cols}</colgroup><thead>${head}</thead><tbody>${rows}</tbody></table>${b.note ? `<p class="tnote">${esc(b.note)}</p>` : ''}</div>`;
    }
    case 'chart':
      return `<figure style="width:${b.widthMm}mm;margin-left:auto;margin-right:auto">${b.svg.replace(/^<\?xml[^>]*>/, '')}<figcaption>${esc(b.caption)}</figcaption></figure>`;
    case 'note':
      return `<div class="note"><div class="nt">${esc(b.title)}</div>${b.items.map((t) => `<p>${esc(t)}</p>`).join('')}</div>`;
    case 'signature':
      return `<div class="signature"><div class="box">${b.lines.map((l) => `<div>${esc(l)}</div>`).join('')}</div></div>`;
    case 'pagebreak':
      return '<div class="pagebreak"></div>';
  }
}

export function renderHtml(model: DocModel): string {
  return `<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>${esc(model.title)}</title>
<meta name="author" content="${esc(model.office)}"><meta name="generated" content="${esc(model.generatedAt)}">
<style>${CSS}</style></head>
<body>
${model.blocks.map(block).join('\n')}
</body></html>`;
}
