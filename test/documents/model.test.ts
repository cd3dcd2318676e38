/**
 * The document model and its two renderers, on a crafted document: the same parts in the same order in
 * the DOCX and the HTML; the GB/T 9704 page (22 lines × 28 characters, page numbers odd right / even
 * left); the 落款 never alone on a page however the body falls; dates and 部门受案号 never broken; annexes
 * numbered, on new (landscape) pages, with repeated headers; the 版记 on the last page.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import JSZip from 'jszip';
import { renderDocx } from '../../core/documents/docx';
import { renderHtml } from '../../core/documents/html';
import { chromiumPrinter } from '../../core/documents/pdf';
import { Annexes, listWithAnnex, ANNEX_MAX_ROWS, BODY_LIST_ROWS } from '../../core/documents/build';
import { annexLines, type Block, type OfficialDocument } from '../../core/documents/model';
import { keepTogether } from '../../core/documents/text';
import { checkPdf, pdfPages } from '../../tools/gallery/checks';
import type { KindSpec } from '../../tools/gallery/kinds';
import { tmpDir } from '../helpers/tmp';

const printer = chromiumPrinter();
afterAll(() => printer.close());
const out = tmpDir();

const CASE_NO = '赤检刑诉受[2026]130732000012号';
const SPEC: KindSpec = {
  kind: 'test',
  name: '测试',
  file: /x/,
  maxBodyPages: 99,
  maxPages: 99,
  signature: true,
  colophon: true,
};

function sample(body: Block[], extra: Partial<OfficialDocument> = {}): OfficialDocument {
  return {
    kind: 'test',
    title: '2026年11月流程监控通报',
    office: '赤城县人民检察院',
    generatedAt: '2026-12-01T09:00:00+08:00',
    masthead: {
      style: 'bulletin',
      name: '流程监控通报',
      issue: '2026年第11期',
      organ: '赤城县人民检察院案件管理部门',
      date: '2026-12-01',
    },
    addressee: '本院各业务部门',
    body,
    signature: { organ: '赤城县人民检察院案件管理部门', date: '2026-12-01' },
    colophon: {
      cc: [{ label: '抄送', to: '本院检察长、分管副检察长' }],
      printer: '赤城县人民检察院案件管理部门',
      printedOn: '2026-12-01',
    },
    ...extra,
  };
}

async function pdf(doc: OfficialDocument, name: string): Promise<string> {
  const f = path.join(out, `${name}.pdf`);
  fs.writeFileSync(f, await printer.print(renderHtml(doc)));
  return f;
}

async function docxXml(doc: OfficialDocument, part = 'word/document.xml'): Promise<string> {
  const zip = await JSZip.loadAsync(await renderDocx(doc));
  return zip.file(part)!.async('string');
}

/** The DOCX's paragraphs as text, in order. */
async function docxParagraphs(doc: OfficialDocument): Promise<string[]> {
  const xml = await docxXml(doc);
  return [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)]
    .map((m) =>
      m[0]
        .replace(/<w:noBreakHyphen\/>/g, '-')
        .replace(/<w:tab\/>/g, ' ')
        .replace(/<[^>]+>/g, ''),
    )
    .filter((t) => t.trim());
}

const para = (n: number, text = '正文内容用于填充版面，') => ({ t: 'p' as const, text: text.repeat(n) });

describe('one model, two renderers', () => {
  const annexes = new Annexes();
  const rows = Array.from({ length: 30 }, (_, i) => ({ i }));
  const list = listWithAnnex(annexes, {
    rows,
    caption: '表1\u3000问题清单',
    columns: [
      { header: '序号', width: 10 },
      { header: '部门受案号', width: 60 },
      { header: '首次发现', width: 30 },
    ],
    cells: (r) => [String(r.i + 1), CASE_NO, '2026-11-23'],
    annexTitle: '问题清单',
    annexColumns: [
      { header: '序号', width: 10 },
      { header: '部门受案号', width: 60 },
      { header: '首次发现', width: 30 },
    ],
    annexCells: (r) => [String(r.i + 1), CASE_NO, '2026-11-23'],
    unit: '个',
  });
  annexes.add({ title: '指标口径说明', blocks: [{ t: 'note', items: ['新发现问题：本期首次发现的监控问题。'] }] });
  const doc = annexes.finish(
    sample([
      { t: 'p', text: '现将本月流程监控情况通报如下。' },
      { t: 'h1', text: '一、总体情况' },
      { t: 'h2', text: '（一）新发现问题' },
      ...list,
      { t: 'p', text: '特此通报。' },
    ]),
  );

  it('a long list shows its top rows in the body and names its annex; the annex holds every row', () => {
    const table = doc.body.find((b) => b.t === 'table')!;
    expect(table.t === 'table' && table.rows.length).toBe(BODY_LIST_ROWS);
    expect(table.t === 'table' && table.note).toBe(`共30个，本表列出前${BODY_LIST_ROWS}个，全部清单详见附件1。`);
    expect(doc.annexes![0].landscape).toBe(true);
    const annexTable = doc.annexes![0].blocks![0];
    expect(annexTable.t === 'table' && annexTable.rows.length).toBe(30);
    expect(annexLines(doc.annexes!)).toEqual(['附件：1. 问题清单', '2. 指标口径说明']);
    expect(ANNEX_MAX_ROWS).toBeGreaterThanOrEqual(100);
  });

  it('HTML and DOCX carry the same parts in the same order', async () => {
    const markers = [
      '流程监控通报',
      '2026年第11期',
      '2026年11月流程监控通报',
      '本院各业务部门：',
      '一、总体情况',
      '（一）新发现问题',
      '表1',
      '特此通报。',
      '附件：1. 问题清单',
      '2. 指标口径说明',
      '赤城县人民检察院案件管理部门',
      '2026年12月1日',
      '附件1',
      '附件2',
      '抄送：本院检察长、分管副检察长。',
      '2026年12月1日印发',
    ];
    const order = (text: string) => {
      let at = -1;
      return markers.map((m) => {
        const i = text.indexOf(m, at + 1);
        at = i >= 0 ? i : at;
        return i >= 0;
      });
    };
    const html = renderHtml(doc)
      .replace(/<style>[\s\S]*?<\/style>|<title>[\s\S]*?<\/title>/g, '')
      .replace(/<[^>]+>/g, '');
    expect(order(html)).toEqual(markers.map(() => true));
    const docx = (await docxParagraphs(doc)).join('\n');
    expect(order(docx)).toEqual(markers.map(() => true));
  });

  it('DOCX: A4 with the GB/T 9704 margins, 28.95 pt lines, odd pages numbered right and even left, landscape annex', async () => {
    const xml = await docxXml(doc);
    const has = (re: RegExp) => re.test(xml);
    expect(has(/<w:pgSz w:w="11906" w:h="16838" w:orient="portrait"/)).toBe(true);
    expect(has(/w:top="2098"[^>]*w:right="1474"[^>]*w:bottom="1984"[^>]*w:left="1587"/)).toBe(true);
    expect(has(/<w:docGrid w:type="lines" w:linePitch="579"/)).toBe(true);
    expect(has(/<w:pgSz w:w="16838" w:h="11906" w:orient="landscape"/)).toBe(true);
    expect(has(/<w:footerReference w:type="even"/)).toBe(true);
    const settings = await docxXml(doc, 'word/settings.xml');
    expect(settings).toContain('<w:evenAndOddHeaders/>');
    expect(settings).toMatch(/<w:noLineBreaksBefore w:lang="zh-CN" w:val="[^"]*年月日号"/);
    const zip = await JSZip.loadAsync(await renderDocx(doc));
    const footers = await Promise.all(
      Object.keys(zip.files)
        .filter((n) => /^word\/footer\d+\.xml$/.test(n))
        .map((n) => zip.file(n)!.async('string')),
    );
    expect(footers.some((f) => /<w:jc w:val="right"\/>/.test(f) && f.includes('PAGE'))).toBe(true);
    expect(footers.some((f) => /<w:jc w:val="left"\/>/.test(f) && f.includes('PAGE'))).toBe(true);
    // dates keep together in Word: no-break hyphens
    expect(has(/2026<\/w:t><w:noBreakHyphen\/><w:t[^>]*>11<\/w:t><w:noBreakHyphen\/><w:t[^>]*>23</)).toBe(true);
    // the body's last paragraph keeps with the 落款
    const last = [...xml.matchAll(/<w:p>[\s\S]*?<\/w:p>|<w:p [\s\S]*?<\/w:p>/g)].find((m) =>
      m[0].includes('特此通报'),
    )!;
    expect(last[0].includes('<w:keepNext/>')).toBe(true);
  });

  it('HTML: office fonts named first, Noto CJK after; dates, 文号 and 部门受案号 in no-break runs', () => {
    const html = renderHtml(doc);
    expect(html).toMatch(/font-family: '方正小标宋简体'[^;]*'CF title fallback'[^;]*'Noto Serif CJK SC'/);
    expect(html).toMatch(/font-family: '仿宋_GB2312', '仿宋'[^;]*'Noto Serif CJK SC'/);
    expect(html).toMatch(/@page :right \{ @bottom-right/);
    expect(html).toMatch(/@page :left \{ @bottom-left/);
    expect(html).toContain(`<span class="nb">${CASE_NO}</span>`);
    expect(html).toContain('<span class="nb">2026-11-23</span>');
    expect(keepTogether('经查赤检案管监〔2026〕12号通知书于2026年11月3日发出').filter((g) => g.keep)).toEqual([
      { text: '经查赤检案管监〔2026〕12号', keep: true },
      { text: '2026年11月3日', keep: true },
    ]);
  });

  it('PDF: 28 characters a line, page numbers odd right / even left, annex on landscape pages with repeated headers, 版记 last', async () => {
    const f = await pdf(doc, 'sample');
    expect(checkPdf(f, SPEC)).toEqual([]);
    const pages = pdfPages(f);
    // page numbers: — 1 — right of the centre, — 2 — left of it
    const num = (p: number) => pages[p].words.find((w) => /^\d+$/.test(w.text) && w.y0 > 700)!;
    expect(num(0).x0).toBeGreaterThan(300);
    expect(num(1).x0).toBeLessThan(300);
    // the annex table repeats its header on each of its pages
    const annexPages = pages.filter(
      (p) => p.lines.some((l) => l.includes(CASE_NO)) && p.lines.join('').includes('问题清单') === false,
    );
    expect(annexPages.length).toBeGreaterThan(0);
    for (const p of pages.slice(1))
      if (p.lines.some((l) => l.includes(CASE_NO))) expect(p.lines.join('\n')).toContain('部门受案号');
    const last = pages[pages.length - 1].lines.join('\n');
    expect(last).toContain('印发');
  });

  it('PDF: a full line holds 28 characters of 三号 and the lines are 28.95 pt apart', async () => {
    const f = await pdf(
      sample([
        { t: 'p', noIndent: true, text: '国'.repeat(28 * 6) },
        { t: 'p', text: '特此通报。' },
      ]),
      'grid',
    );
    const page = pdfPages(f)[0];
    const full = page.words.filter((w) => /^国+$/.test(w.text));
    expect(full.map((w) => w.text.length)).toEqual([28, 28, 28, 28, 28, 28]);
    const gaps = full.slice(1).map((w, i) => w.y0 - full[i].y0);
    for (const g of gaps) expect(g).toBeCloseTo(28.95, 0);
  });
});

describe('the 落款 and the 版记 never stand alone', () => {
  it('however the body falls on the page (paragraph or table last)', async () => {
    const problems: string[] = [];
    // Bodies growing line by line across the end of the first page, ending with a paragraph or a table.
    for (let n = 12; n <= 20; n++) {
      for (const endsWithTable of [false, true]) {
        const body: Block[] = [para(n * 2)];
        if (endsWithTable)
          body.push({
            t: 'table',
            columns: [
              { header: '序号', width: 1 },
              { header: '日期', width: 3 },
            ],
            rows: Array.from({ length: 6 }, (_, i) => [String(i + 1), `2026-11-0${i + 1}`]),
          });
        else body.push({ t: 'p', text: '特此通报。' });
        const f = await pdf(sample(body), `fall-${n}-${endsWithTable ? 't' : 'p'}`);
        for (const p of checkPdf(f, SPEC))
          problems.push(`${n}${endsWithTable ? '表' : '段'}：${p.page ?? ''} ${p.message}`);
      }
    }
    expect(problems).toEqual([]);
  });
});
