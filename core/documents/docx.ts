/**
 * The DOCX renderer (docx 9): any OfficialDocument → a Word file with the same parts in the same order
 * as the HTML renderer (html.ts), in the GB/T 9704-2012 page: A4, 天头 37 mm, 订口 28 mm, a 156 × 225 mm
 * text block of 22 lines (579 twips) × 28 characters of 三号, 小标宋 title, 仿宋 body, 黑体/楷体 headings,
 * `— n —` page numbers in 4号宋体 (odd pages right, even pages left), wide annexes in landscape sections.
 * Dates keep together through no-break hyphens and East Asian line-breaking rules in settings.xml.
 * The zip's dates come from the model's generatedAt, so the same model gives the same bytes.
 */
import {
  AlignmentType,
  BorderStyle,
  Document,
  DocumentGridType,
  Footer,
  ImageRun,
  LineRuleType,
  NoBreakHyphen,
  Packer,
  PageNumber,
  PageOrientation,
  Paragraph,
  SectionType,
  ShadingType,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TabStopType,
  TextRun,
  VerticalAlign,
  WidthType,
  type ISectionOptions,
} from 'docx';
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
  type Annex,
  type Block,
  type FontRoleName,
  type OfficialDocument,
} from './model';
import { svgToPng } from './charts';
import { keepTogether } from './text';
import { stabilizeZip } from './zip';

const TWIP_PER_MM = 1440 / 25.4;
const mm = (v: number): number => Math.round(v * TWIP_PER_MM);
const half = (pt: number): number => Math.round(pt * 2);
const LINE = Math.round(GRID.linePt * 20); // 579 twips
const EXACT = { line: LINE, lineRule: LineRuleType.EXACT };
/** One character of the grid, in twips. */
const CH = GRID.charPt * 20;
const RED = 'E60012';

const font = (role: FontRoleName) => ({
  ascii: 'Times New Roman',
  hAnsi: 'Times New Roman',
  eastAsia: FONTS[role].office[0],
  cs: FONTS[role].office[0],
});

interface RunOpts {
  role?: FontRoleName;
  pt?: number;
  color?: string;
}

/** Text runs; kept runs (dates, 文号) get no-break hyphens, and 三号 text the tracking of the 28-character line. */
function runs(text: string, o: RunOpts = {}): TextRun[] {
  const pt = o.pt ?? SIZE.body;
  const base = {
    font: font(o.role ?? 'body'),
    size: half(pt),
    color: o.color,
    characterSpacing: pt >= SIZE.body ? Math.round(GRID.trackPt * 20) : undefined,
  };
  return keepTogether(text).map((g) =>
    g.keep && /\d-\d/.test(g.text)
      ? new TextRun({
          ...base,
          children: g.text.split('-').flatMap((part, i) => (i === 0 ? [part] : [new NoBreakHyphen(), part])),
        })
      : new TextRun({ ...base, text: g.text }),
  );
}

const indent2 = { firstLine: Math.round(2 * CH) };

/** A block's paragraphs; `keep`: the block's end keeps with what follows (the 落款 or the 版记). */
function block(b: Block, widthMm: number, keep = false): (Paragraph | Table)[] {
  switch (b.t) {
    case 'h1':
      return [
        new Paragraph({
          spacing: EXACT,
          indent: indent2,
          keepNext: true,
          keepLines: true,
          children: runs(b.text, { role: 'h1' }),
        }),
      ];
    case 'h2':
      return [
        new Paragraph({
          spacing: EXACT,
          indent: indent2,
          keepNext: true,
          keepLines: true,
          children: runs(b.text, { role: 'h2' }),
        }),
      ];
    case 'p':
      return [
        new Paragraph({
          spacing: EXACT,
          alignment: AlignmentType.JUSTIFIED,
          indent: b.noIndent ? undefined : indent2,
          keepNext: keep,
          keepLines: keep,
          children: [...(b.lead ? runs(b.lead, { role: 'h2' }) : []), ...runs(b.text)],
        }),
      ];
    case 'table':
      return table(b, widthMm, keep);
    case 'chart': {
      const px = (v: number) => Math.round((v * 96) / 25.4);
      return [
        new Paragraph({
          alignment: AlignmentType.CENTER,
          spacing: { before: 80 },
          keepNext: true,
          children: [
            new ImageRun({
              type: 'png',
              data: CHART_PNG.get(b)!,
              transformation: { width: px(b.widthMm), height: px(b.heightMm) },
              altText: { name: b.caption, title: b.caption, description: b.caption },
            }),
          ],
        }),
        new Paragraph({
          alignment: AlignmentType.CENTER,
          spacing: { after: LINE },
          keepNext: keep,
          children: runs(b.caption, { role: 'h2', pt: SIZE.note }),
        }),
      ];
    }
    case 'note':
      return [
        ...(b.title
          ? [
              new Paragraph({
                spacing: { line: 400, lineRule: LineRuleType.EXACT },
                keepNext: true,
                children: runs(b.title, { role: 'h1', pt: SIZE.note }),
              }),
            ]
          : []),
        ...b.items.map(
          (t, i) =>
            new Paragraph({
              keepNext: keep && i === b.items.length - 1,
              keepLines: keep,
              spacing: { line: 400, lineRule: LineRuleType.EXACT },
              indent: { left: SIZE.note * 20, hanging: SIZE.note * 20 },
              alignment: AlignmentType.JUSTIFIED,
              children: runs(t, { pt: SIZE.note }),
            }),
        ),
      ];
  }
}

function table(b: Extract<Block, { t: 'table' }>, widthMm: number, keep: boolean): (Paragraph | Table)[] {
  const pt = b.fontPt ?? SIZE.table;
  const total = b.columns.reduce((s, c) => s + c.width, 0);
  const widths = b.columns.map((c) => mm((widthMm * c.width) / total));
  const border = { style: BorderStyle.SINGLE, size: 6, color: '000000' };
  const borders = { top: border, bottom: border, left: border, right: border };
  const rows = b.rows.length ? b.rows : [b.columns.map((_, i) => (i === 0 ? '（无）' : ''))];
  const cell = (text: string, i: number, o: { header?: boolean; kind?: 'subtotal' | 'total'; last?: boolean } = {}) =>
    new TableCell({
      width: { size: widths[i], type: WidthType.DXA },
      verticalAlign: VerticalAlign.CENTER,
      borders,
      margins: { top: 30, bottom: 30, left: 60, right: 60 },
      shading: o.header
        ? { type: ShadingType.CLEAR, fill: 'ECECEC', color: 'auto' }
        : o.kind === 'total'
          ? { type: ShadingType.CLEAR, fill: 'F4F4F4', color: 'auto' }
          : undefined,
      children: [
        new Paragraph({
          alignment: o.header
            ? AlignmentType.CENTER
            : b.columns[i].align === 'left'
              ? AlignmentType.LEFT
              : b.columns[i].align === 'right'
                ? AlignmentType.RIGHT
                : AlignmentType.CENTER,
          spacing: { line: Math.round(pt * 1.35 * 20), lineRule: LineRuleType.AT_LEAST },
          // With `keep`, the last row keeps with what follows (the 落款 or the 版记 never stand alone).
          keepNext: o.header || (keep && o.last),
          children: runs(text, { role: o.header || o.kind ? 'h1' : 'body', pt }),
        }),
      ],
    });
  const out: (Paragraph | Table)[] = [];
  if (b.caption)
    out.push(
      new Paragraph({
        alignment: AlignmentType.CENTER,
        keepNext: true,
        spacing: { before: 80, after: 60 },
        children: runs(b.caption, { role: 'h1', pt: SIZE.note }),
      }),
    );
  out.push(
    new Table({
      width: { size: mm(widthMm), type: WidthType.DXA },
      columnWidths: widths,
      layout: TableLayoutType.FIXED,
      alignment: AlignmentType.CENTER,
      rows: [
        new TableRow({
          tableHeader: true,
          cantSplit: true,
          children: b.columns.map((c, i) => cell(c.header, i, { header: true })),
        }),
        ...rows.map(
          (r, ri) =>
            new TableRow({
              cantSplit: true,
              children: r.map((t, i) =>
                cell(t, i, {
                  kind: b.rowKinds?.[ri] as 'subtotal' | 'total' | undefined,
                  last: ri === rows.length - 1,
                }),
              ),
            }),
        ),
      ],
    }),
  );
  out.push(
    new Paragraph({
      spacing: { before: 60, after: LINE },
      keepNext: keep,
      children: b.note ? runs(b.note, { pt: SIZE.small + 1.5 }) : [],
    }),
  );
  return out;
}

function masthead(doc: OfficialDocument): Paragraph[] {
  const m = doc.masthead;
  if (!m) return [];
  const rule = { bottom: { style: BorderStyle.SINGLE, size: 8, color: RED, space: 8 } };
  if (m.style === 'bulletin')
    return [
      new Paragraph({
        alignment: AlignmentType.CENTER,
        children: runs(m.name, { role: 'title', pt: mastheadPt(m.name), color: RED }),
      }),
      new Paragraph({ alignment: AlignmentType.CENTER, spacing: { ...EXACT, before: 120 }, children: runs(m.issue) }),
      new Paragraph({
        spacing: EXACT,
        tabStops: [{ type: TabStopType.RIGHT, position: mm(TEXT_WIDTH_MM) }],
        border: rule,
        children: [...runs(m.organ), new TextRun({ text: '\t' }), ...runs(cnDate(m.date))],
      }),
    ];
  return [
    new Paragraph({
      alignment: AlignmentType.CENTER,
      children: runs(m.organ, { role: 'title', pt: mastheadPt(m.organ), color: RED }),
    }),
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { ...EXACT, before: m.docNo ? LINE : 0 },
      border: rule,
      children: m.docNo ? runs(m.docNo) : [],
    }),
  ];
}

const title = (text: string, first: boolean, widthMm = TEXT_WIDTH_MM) =>
  new Paragraph({
    alignment: AlignmentType.CENTER,
    spacing: { before: first ? 0 : LINE, line: 720, lineRule: LineRuleType.EXACT },
    keepNext: true,
    keepLines: true,
    // The lines break where the HTML breaks them (titleLines).
    children: titleLines(text, SIZE.title, widthMm).flatMap((l, i) => [
      ...(i > 0 ? [new TextRun({ break: 1 })] : []),
      ...runs(l, { role: 'title', pt: SIZE.title }),
    ]),
  });

const label = (text: string, pageBreakBefore = false) =>
  new Paragraph({ spacing: EXACT, pageBreakBefore, keepNext: true, children: runs(text, { role: 'h1' }) });

/** 附件说明, 落款 and 附注: kept together and with the body's last lines (keepNext through the group). */
function closing(doc: OfficialDocument): Paragraph[] {
  const out: Paragraph[] = [];
  annexLines(doc.annexes ?? []).forEach((l, i) => {
    const first = i === 0;
    out.push(
      new Paragraph({
        spacing: { ...EXACT, before: first ? LINE : 0 },
        // 附件：1. … ; the next numbers aligned under the first's, wrapped lines under the title.
        indent: { left: Math.round(6.5 * CH), hanging: Math.round((first ? 4.5 : 1.5) * CH) },
        keepNext: true,
        keepLines: true,
        children: runs(l),
      }),
    );
  });
  const s = doc.signature;
  if (s) {
    const name = emWidth(s.organ);
    const date = emWidth(cnDate(s.date));
    // GB/T 9704 7.3.5.2: 署名右空二字; the date starts two characters right of the name, or is itself 右空二字.
    const nameRight = 2 + Math.max(0, date + 2 - name);
    const dateRight = 2 + Math.max(0, name - 2 - date);
    out.push(
      new Paragraph({
        alignment: AlignmentType.RIGHT,
        indent: { right: Math.round(nameRight * CH) },
        spacing: { ...EXACT, before: LINE },
        keepNext: true,
        keepLines: true,
        children: runs(s.organ),
      }),
      new Paragraph({
        alignment: AlignmentType.RIGHT,
        indent: { right: Math.round(dateRight * CH) },
        spacing: EXACT,
        keepNext: !!doc.postscript?.length,
        children: runs(cnDate(s.date)),
      }),
    );
  }
  (doc.postscript ?? []).forEach((l, i, all) =>
    out.push(
      new Paragraph({
        spacing: EXACT,
        indent: indent2,
        keepNext: i < all.length - 1,
        children: runs(`（${l}）`),
      }),
    ),
  );
  return out;
}

/** 版记: rules above and below (thick), between the lines (thin); 4号仿宋, 左右各空一字. */
function colophon(doc: OfficialDocument, widthMm: number): Paragraph[] {
  const c = doc.colophon;
  if (!c) return [];
  const thick = { style: BorderStyle.SINGLE, size: 8, color: '000000', space: 2 };
  const thin = { style: BorderStyle.SINGLE, size: 5, color: '000000', space: 2 };
  const pt = SIZE.colophon;
  const one = pt * 20;
  const lines = [
    ...(c.cc ?? []).map((x) => ({ kind: 'cc' as const, text: `${x.label}：${x.to.replace(/[。.]?$/, '。')}` })),
    { kind: 'printed' as const, text: '' },
  ];
  return lines.map((l, i) => {
    const border = {
      ...(i === 0 ? { top: thick } : {}),
      bottom: i === lines.length - 1 ? thick : thin,
    };
    const spacing = { before: i === 0 ? 2 * LINE : 0, line: Math.round(pt * 1.9 * 20), lineRule: LineRuleType.EXACT };
    if (l.kind === 'cc')
      return new Paragraph({
        border,
        spacing,
        keepNext: true,
        keepLines: true,
        // 抄送：… wraps under the first name after the colon.
        indent: { left: one + 3 * one, right: one, hanging: 3 * one },
        children: runs(l.text, { pt }),
      });
    return new Paragraph({
      border,
      spacing,
      keepLines: true,
      indent: { left: one, right: one },
      tabStops: [{ type: TabStopType.RIGHT, position: mm(widthMm) - 2 * one }],
      children: [
        ...runs(c.printer, { pt }),
        new TextRun({ text: '\t' }),
        ...runs(`${cnDate(c.printedOn)}印发`, { pt }),
      ],
    });
  });
}

function footer(side: 'odd' | 'even'): Footer {
  return new Footer({
    children: [
      new Paragraph({
        alignment: side === 'odd' ? AlignmentType.RIGHT : AlignmentType.LEFT,
        indent: side === 'odd' ? { right: SIZE.number * 20 } : { left: SIZE.number * 20 },
        children: [
          new TextRun({ children: ['— ', PageNumber.CURRENT, ' —'], font: font('number'), size: half(SIZE.number) }),
        ],
      }),
    ],
  });
}

function section(children: (Paragraph | Table)[], landscape: boolean, first: boolean): ISectionOptions {
  const p = landscape ? PAGE_LANDSCAPE : PAGE;
  return {
    properties: {
      ...(first ? {} : { type: SectionType.NEXT_PAGE }),
      page: {
        // docx swaps width and height itself for a landscape page.
        size: {
          width: mm(PAGE.widthMm),
          height: mm(PAGE.heightMm),
          orientation: landscape ? PageOrientation.LANDSCAPE : PageOrientation.PORTRAIT,
        },
        margin: {
          top: mm(p.top),
          bottom: mm(p.bottom),
          left: mm(p.left),
          right: mm(p.right),
          // The number's 一字线 7 mm under the text block.
          footer: mm(p.bottom - 7 - 5),
          header: mm(15),
        },
      },
      grid: { type: DocumentGridType.LINES, linePitch: LINE },
    },
    footers: { default: footer('odd'), even: footer('even') },
    children,
  };
}

function annexBlocks(n: number, a: Annex, widthMm: number, pageBreak: boolean, keep: boolean): (Paragraph | Table)[] {
  const blocks = a.blocks!;
  return [
    label(annexLabel(n), pageBreak),
    title(a.title, false, widthMm),
    new Paragraph({ spacing: EXACT, children: [] }),
    ...blocks.flatMap((b, i) => block(b, widthMm, keep && i === blocks.length - 1)),
  ];
}

/** A chart's PNG for the DOCX: Chromium's screenshot of the SVG, or resvg's. */
export type Rasterize = (svg: string) => Promise<Buffer>;
const CHART_PNG = new WeakMap<object, Buffer>();

/** Every chart block of the document (body and annexes), wherever it sits. */
function chartBlocks(x: unknown, out: Extract<Block, { t: 'chart' }>[] = []): Extract<Block, { t: 'chart' }>[] {
  if (Array.isArray(x)) for (const v of x) chartBlocks(v, out);
  else if (x && typeof x === 'object' && !Buffer.isBuffer(x)) {
    if ((x as { t?: unknown }).t === 'chart') out.push(x as Extract<Block, { t: 'chart' }>);
    else for (const v of Object.values(x)) chartBlocks(v, out);
  }
  return out;
}

export async function renderDocx(doc: OfficialDocument, opts: { rasterize?: Rasterize } = {}): Promise<Buffer> {
  for (const b of chartBlocks(doc))
    if (!CHART_PNG.has(b)) CHART_PNG.set(b, opts.rasterize ? await opts.rasterize(b.svg) : svgToPng(b.svg));
  const wide = PAGE_LANDSCAPE.widthMm - PAGE_LANDSCAPE.left - PAGE_LANDSCAPE.right;
  const annexes = printedAnnexes(doc);
  const tail = closing(doc);
  // The body's end keeps with the 附件说明/落款, or with the 版记 when nothing else follows.
  const keepBody = tail.length > 0 || (!!doc.colophon && annexes.length === 0);
  const head: (Paragraph | Table)[] = [
    ...masthead(doc),
    ...(doc.label ? [label(doc.label)] : []),
    title(doc.title, !doc.masthead && !doc.label),
    ...(doc.subtitle
      ? [
          new Paragraph({
            alignment: AlignmentType.CENTER,
            spacing: EXACT,
            children: runs(doc.subtitle, { role: 'h2' }),
          }),
        ]
      : []),
    // 标题下空一行, then 主送 flush left.
    new Paragraph({ spacing: EXACT, children: [] }),
    ...(doc.addressee ? [new Paragraph({ spacing: EXACT, children: runs(`${doc.addressee}：`) })] : []),
  ];
  // The blocks that stand with the 落款 (as in the HTML), or the last one when the body ends with a table.
  const keepFrom = doc.body.length - Math.max(1, closingTailLength(doc.body));
  const body = doc.body.flatMap((b, i) => block(b, TEXT_WIDTH_MM, keepBody && i >= keepFrom));
  const sections: ISectionOptions[] = [];
  let current: (Paragraph | Table)[] = [...head, ...body, ...tail];
  let landscape = false;
  annexes.forEach(({ n, annex }, i) => {
    const want = !!annex.landscape;
    const keep = !!doc.colophon && i === annexes.length - 1;
    if (want !== landscape) {
      sections.push(section(current, landscape, sections.length === 0));
      current = annexBlocks(n, annex, want ? wide : TEXT_WIDTH_MM, false, keep);
      landscape = want;
    } else current.push(...annexBlocks(n, annex, landscape ? wide : TEXT_WIDTH_MM, true, keep));
  });
  current.push(...colophon(doc, landscape ? wide : TEXT_WIDTH_MM));
  sections.push(section(current, landscape, sections.length === 0));

  const d = new Document({
    creator: doc.office,
    lastModifiedBy: doc.office,
    title: plainTitle(doc.title),
    evenAndOddHeaderAndFooters: true,
    styles: { default: { document: { run: { font: font('body'), size: half(SIZE.body) } } } },
    sections,
  });
  // docx numbers drawings with a process-wide counter: renumber them per document so bytes are stable.
  return stabilizeZip(await Packer.toBuffer(d), doc.generatedAt, (name, xml) => {
    if (name === 'word/settings.xml') return withLineBreakRules(xml);
    if (name !== 'word/document.xml') return xml;
    let n = 0,
      m = 0;
    return xml
      .replace(/<wp:docPr id="\d+"/g, () => `<wp:docPr id="${++n}"`)
      .replace(/<pic:cNvPr id="\d+"/g, () => `<pic:cNvPr id="${++m}"`);
  });
}

/**
 * Word's East Asian line breaking (Kinsoku) with the characters of dates and document numbers added to the
 * zh-CN defaults: no line starts with 年月日号〕] and none ends with 年月〔[, so 2026年11月23日 and
 * …〔2026〕3号 keep together in Word as they do in the PDF.
 */
function withLineBreakRules(xml: string): string {
  const notFirst = '!%),.:;?]}¢°·’”‰′″℃∶、。〃〆〕〗〞﹚﹜！＂％＇），．：；？］｝～年月日号';
  const notLast = '$(£¥·‘“〈《「『【〔〖〝﹙﹛＄（．［｛￡￥[年月';
  const x = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');
  const rules =
    `<w:noLineBreaksAfter w:lang="zh-CN" w:val="${x(notLast)}"/>` +
    `<w:noLineBreaksBefore w:lang="zh-CN" w:val="${x(notFirst)}"/>`;
  // CT_Settings order: … evenAndOddHeaders … characterSpacingControl … noLineBreaksAfter, noLineBreaksBefore … compat …
  for (const next of [
    '<w:savePreviewPicture',
    '<w:updateFields',
    '<w:hdrShapeDefaults',
    '<w:footnotePr',
    '<w:endnotePr',
    '<w:compat',
  ])
    if (xml.includes(next)) return xml.replace(next, `${rules}${next}`);
  return xml.replace('</w:settings>', `${rules}</w:settings>`);
}
