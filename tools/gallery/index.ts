/**
 * The documents' gallery and its check (`npm run gallery`, test/documents/gallery.test.ts): a demo-sized
 * county office lived through a month (tools/demo, fixed dates so every run gives the same pages), then
 *   - every PDF the demo wrote is checked (checks.ts): 落款/版记 never alone on a page, no Latin words but
 *     Excel/Word/PDF, no date/文号/部门受案号 broken across lines, page counts within the kind's bounds,
 *     fonts embedded;
 *   - every document of the store is rebuilt from its frozen data and its HTML's table headers checked;
 *   - one document per kind is loaded in Chromium to see which faces draw the title, body and headings;
 *   - one PDF per kind is turned into PNG pages (pdftoppm) for people to look at: docs/gallery/ keeps the
 *     latest run's pages (written only when the script is run on purpose; `npm test` writes to a temp folder).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { openStore } from '../../db/store';
import { renderHtml } from '../../core/documents/html';
import { launchChromium } from '../../core/documents/pdf';
import { runDemo } from '../demo';
import { checkFonts, checkHeaders, checkPdf, fontsByRole, pdfPageCount, type FontUse, type Problem } from './checks';
import { collectDocuments } from './collect';
import { KINDS, kindOfFile } from './kinds';

export interface GalleryOptions {
  /** Work folder: the demo's store and documents (replaced). */
  workDir: string;
  /** Where the PNG pages go (its *.png replaced); none: no PNGs. */
  pngDir?: string;
  /** "Today" of the demo (default 2026-12-02 09:00 China time: the month is 2026-11). */
  now?: Date;
  cases?: number;
  seed?: number;
  /** PNG resolution (default 60 dpi: a page is 496 × 702 pixels). */
  dpi?: number;
  log?: (line: string) => void;
}

export interface GalleryDocument {
  kind: string;
  file: string;
  pages: number;
}

export interface GalleryReport {
  problems: Problem[];
  documents: GalleryDocument[];
  fonts: { kind: string; uses: FontUse[] }[];
  /** PNG files written, per kind in KINDS order. */
  pngs: { kind: string; name: string; source: string; files: string[] }[];
  month: string;
}

export const GALLERY_NOW = new Date('2026-12-02T09:00:00+08:00');

function pdfsUnder(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.pdf')) out.push(p);
    }
  };
  walk(dir);
  return out;
}

export async function runGallery(opts: GalleryOptions): Promise<GalleryReport> {
  const log = opts.log ?? (() => {});
  fs.mkdirSync(opts.workDir, { recursive: true });
  log('运行演示（一个县级院一个月的案件、任务和文书）…');
  const demo = await runDemo({
    outDir: opts.workDir,
    now: opts.now ?? GALLERY_NOW,
    cases: opts.cases,
    seed: opts.seed,
    pdf: true,
  });
  const docsDir = path.join(opts.workDir, 'documents');
  const problems: Problem[] = [];
  if (demo.failed.length) problems.push({ file: '演示', message: `任务失败：${demo.failed.join('；')}` });

  // Every PDF of the demo.
  const documents: GalleryDocument[] = [];
  for (const file of pdfsUnder(docsDir)) {
    const rel = path.relative(docsDir, file);
    const spec = kindOfFile(rel);
    if (!spec) {
      problems.push({ file: rel, message: '未登记的文书种类（tools/gallery/kinds.ts）' });
      continue;
    }
    log(`检查 ${rel}`);
    problems.push(...checkPdf(file, spec, rel));
    documents.push({ kind: spec.kind, file, pages: pdfPageCount(file) });
  }
  for (const k of KINDS)
    if (!documents.some((d) => d.kind === k.kind)) problems.push({ file: k.name, message: '演示没有生成这类文书' });

  // Every document of the store, rebuilt from its frozen data: table headers; one per kind: fonts.
  const db = openStore(demo.store);
  const fonts: GalleryReport['fonts'] = [];
  try {
    const collected = collectDocuments({ db, dbPath: demo.store, actor: '图库检查' });
    for (const c of collected) problems.push(...checkHeaders(c.doc, c.label));
    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
      for (const k of KINDS) {
        const c = collected.find((x) => x.kind === k.kind);
        if (!c) continue;
        const uses = await fontsByRole(page, renderHtml(c.doc));
        fonts.push({ kind: k.kind, uses });
        problems.push(...checkFonts(uses, c.label));
      }
    } finally {
      await browser.close();
    }
  } finally {
    db.close();
  }

  // PNG pages of one PDF per kind (the last week's notice; the first of the others).
  const pngs: GalleryReport['pngs'] = [];
  if (opts.pngDir) {
    fs.mkdirSync(opts.pngDir, { recursive: true });
    for (const f of fs.readdirSync(opts.pngDir)) if (f.endsWith('.png')) fs.rmSync(path.join(opts.pngDir, f));
    KINDS.forEach((k, i) => {
      const of = documents.filter((d) => d.kind === k.kind);
      const doc = k.kind === 'weekly' ? of[of.length - 1] : of[0];
      if (!doc) return;
      const prefix = `${String(i + 1).padStart(2, '0')}-${k.kind}`;
      execFileSync('pdftoppm', ['-r', String(opts.dpi ?? 60), '-png', doc.file, path.join(opts.pngDir!, prefix)]);
      const files = fs
        .readdirSync(opts.pngDir!)
        .filter((f) => f.startsWith(`${prefix}-`) && f.endsWith('.png'))
        .sort();
      pngs.push({ kind: k.kind, name: k.name, source: path.relative(docsDir, doc.file), files });
    });
  }
  return { problems, documents, fonts, pngs, month: demo.month };
}

/** The gallery's index page (docs/gallery/README.md). */
export function galleryIndex(r: GalleryReport): string {
  const lines = [
    '# 文书图库（documents gallery）',
    '',
    `由 \`npm run gallery\` 生成：演示县院（赤城县人民检察院，合成数据）${r.month.slice(0, 4)}年${+r.month.slice(5)}月的文书，每类一份，逐页转为 PNG。`,
    '检查项目见 tools/gallery/checks.ts；本次检查：' +
      (r.problems.length ? `发现 ${r.problems.length} 个问题。` : `${r.documents.length} 个 PDF 全部通过。`),
    '',
  ];
  for (const p of r.pngs) {
    lines.push(`## ${p.name}`, '', `来源：\`${p.source}\`（${p.files.length}页）`, '');
    for (const f of p.files) lines.push(`![${p.name} ${f}](${f})`);
    lines.push('');
  }
  if (r.fonts.length) {
    lines.push(
      '## 字体（Chromium 实际使用）',
      '',
      '| 文书 | 标题 | 正文 | 一级标题 | 二级标题 |',
      '|---|---|---|---|---|',
    );
    for (const f of r.fonts) {
      const face = (role: string) => f.uses.find((u) => u.role === role)?.faces[0] ?? '—';
      lines.push(`| ${f.kind} | ${face('title')} | ${face('body')} | ${face('h1')} | ${face('h2')} |`);
    }
    lines.push('');
  }
  if (r.problems.length) {
    lines.push('## 问题', '');
    for (const p of r.problems) lines.push(`- ${p.file}${p.page ? ` 第${p.page}页` : ''}：${p.message}`);
    lines.push('');
  }
  return lines.join('\n');
}
