/**
 * The documents' check on the demo (tools/gallery): a county office's month (2,000 generated cases, every
 * weekly notice, both bulletins, the monitoring notices, the referral package), every PDF read back with
 * poppler and every document's HTML and fonts checked. The PNG pages go to a temporary folder here;
 * `npm run gallery` writes them to docs/gallery/ on purpose.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runGallery, type GalleryReport } from '../../tools/gallery';
import { KINDS } from '../../tools/gallery/kinds';
import { checkPdf } from '../../tools/gallery/checks';
import { tmpDir } from '../helpers/tmp';

describe('the demo office’s documents pass the gallery check', () => {
  let report: GalleryReport;
  const png = tmpDir();

  it('renders every kind and finds no fault a program can see', async () => {
    report = await runGallery({ workDir: tmpDir(), pngDir: png });
    expect(report.problems.map((p) => `${p.file}${p.page ? ` 第${p.page}页` : ''}：${p.message}`)).toEqual([]);
    for (const k of KINDS)
      expect(
        report.documents.some((d) => d.kind === k.kind),
        k.name,
      ).toBe(true);
  }, 900_000);

  it('PNG pages of one document per kind; fonts by role', () => {
    for (const k of KINDS) {
      const p = report.pngs.find((x) => x.kind === k.kind)!;
      expect(p.files.length, k.name).toBeGreaterThan(0);
      for (const f of p.files) expect(fs.statSync(path.join(png, f)).size).toBeGreaterThan(5_000);
    }
    for (const f of report.fonts) {
      const face = (role: string) => f.uses.find((u) => u.role === role)?.faces[0];
      // Title in the 小标宋 role's face, body in the 仿宋 role's face: not the same face.
      expect(face('title'), f.kind).toBeTruthy();
      expect(face('body'), f.kind).toBeTruthy();
      expect(face('title')).not.toBe(face('body'));
    }
  });

  it('the check itself finds a 落款 left alone, English and broken dates (an old-style PDF)', async () => {
    // A weekly notice printed the way v1 did: everything flowing, no closing group, ids in the text.
    const { chromiumPrinter } = await import('../../core/documents/pdf');
    const printer = chromiumPrinter();
    try {
      const found = new Set<string>();
      // Bodies of growing length: with the 落款 flowing freely, one of them leaves it alone on a page.
      for (let n = 18; n <= 24 && ![...found].some((m) => m.startsWith('本页只有落款')); n++) {
        const filler = '<p>正文内容用于填充版面，正文内容用于填充版面，正文内容用于填充。</p>'.repeat(n);
        const html = `<style>@page{size:A4;margin:37mm 26mm 35mm 28mm;@bottom-center{content:"— " counter(page) " —"}} body{font:16pt/28pt 'Noto Serif CJK SC';margin:0} p{margin:0} .n{width:70pt}</style>
          <p>规则 DL-ARREST 于</p><div class="n">截止2026-11-23前</div>${filler}
          <p style="text-align:right;margin-top:28pt">赤城县人民检察院案件管理部门</p><p style="text-align:right">2026年12月1日</p>`;
        const f = path.join(tmpDir(), 'old.pdf');
        fs.writeFileSync(f, await printer.print(html));
        for (const p of checkPdf(f, KINDS[0])) found.add(p.message);
      }
      const all = [...found];
      expect(all.some((m) => m.startsWith('本页只有落款'))).toBe(true);
      expect(all.some((m) => m.includes('DL'))).toBe(true);
      expect(all.some((m) => m.includes('在行末断开'))).toBe(true);
      expect(all.some((m) => m.includes('没有版记'))).toBe(true);
    } finally {
      await printer.close();
    }
  });
});
