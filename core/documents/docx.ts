/**
 * DocModel → DOCX (docx 9) in the layout of a Chinese official document (GB/T 9704-like): A4,
 * margins 37/35/28/26 mm, 小标宋 title, 仿宋 三号 body on a 28 pt grid, 黑体/楷体 headings,
 * `— 1 —` page numbers. The zip's dates are set from the model's generatedAt, so the same model
 * gives the same bytes.
 */
import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  ImageRun,
  LineRuleType,
  Packer,
  PageNumber,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TabStopType,
  TextRun,
  VerticalAlign,
  WidthType,
} from 'docx';
import { FONTS, PAGE, SIZE, type Block, type DocModel } from './model';
import { stabilizeZip } from './zip';

const TWIP_PER_MM = 1440 / 25.4;
const mm = (v: number): number => Math.round(v * TWIP_PER_MM);
const half = (pt: number): number => Math.round(pt * 2);
const font = (stack: readonly string[]) => ({
  ascii: 'Times New Roman',
  hAnsi: 'Times New Roman',
  eastAsia: stack[0],
  cs: stack[0],
});
const EXACT_28 = { line: 560, lineRule: LineRuleType.EXACT };
const RED = 'C00000';
const CONTENT_WIDTH_MM = PAGE.widthMm - PAGE.left - PAGE.right;

function run(
  text: string,
  o: { stack?: readonly string[]; pt?: number; bold?: boolean; color?: string } = {},
): TextRun {
  return new TextRun({
    text,
    font: font(o.stack ?? FONTS.body),
    size: half(o.pt ?? SIZE.body),
    bold: o.bold,
    color: o.color,
  });
}

function para(b: Block): (Paragraph | Table)[] {
  switch (b.t) {
    case 'masthead':
      return [
        new Paragraph({
          alignment: AlignmentType.CENTER,
          spacing: { before: 0, after: 120 },
          children: [run(b.name, { stack: FONTS.title, pt: 36, color: RED })],
        }),
        ...(b.issue
          ? [
              new Paragraph({
                alignment: AlignmentType.CENTER,
                spacing: EXACT_28,
                children: [run(b.issue, { stack: FONTS.body })],
              }),
            ]
          : []),
        new Paragraph({
          spacing: { ...EXACT_28, after: 360 },
          tabStops: [{ type: TabStopType.RIGHT, position: mm(CONTENT_WIDTH_MM) }],
          border: { bottom: { style: BorderStyle.SINGLE, size: 18, color: RED, space: 6 } },
          children: [run(b.left ?? '', { pt: SIZE.body }), run(`\t${b.right ?? ''}`, { pt: SIZE.body })],
        }),
      ];
    case 'title':
      return [
        new Paragraph({
          alignment: AlignmentType.CENTER,
          spacing: { before: 240, after: 240, line: 700, lineRule: LineRuleType.EXACT },
          children: [run(b.text, { stack: FONTS.title, pt: SIZE.title })],
        }),
      ];
    case 'subtitle':
      return [
        new Paragraph({
          alignment: AlignmentType.CENTER,
          spacing: { ...EXACT_28, after: 280 },
          children: [run(b.text, { stack: FONTS.h2 })],
        }),
      ];
    case 'docno':
      return [
        new Paragraph({
          alignment: AlignmentType.RIGHT,
          spacing: { ...EXACT_28, after: 280 },
          children: [run(b.text)],
        }),
      ];
    case 'addressee':
      return [new Paragraph({ spacing: EXACT_28, children: [run(b.text)] })];
    case 'h1':
      return [
        new Paragraph({
          spacing: EXACT_28,
          indent: { firstLine: half(SIZE.body) * 20 },
          keepNext: true,
          children: [run(b.text, { stack: FONTS.h1 })],
        }),
      ];
    case 'h2':
      return [
        new Paragraph({
          spacing: EXACT_28,
          indent: { firstLine: half(SIZE.body) * 20 },
          keepNext: true,
          children: [run(b.text, { stack: FONTS.h2 })],
        }),
      ];
    case 'p':
      return [
        new Paragraph({
          spacing: EXACT_28,
          alignment: AlignmentType.JUSTIFIED,
          indent: b.noIndent ? undefined : { firstLine: half(SIZE.body) * 20 },
          children: [...(b.bold ? [run(b.bold, { stack: FONTS.h2 })] : []), run(b.text)],
        }),
      ];
    case 'table':
      return table(b);
    case 'chart': {
      const px = (v: number) => Math.round((v * 96) / 25.4);
      return [
        new Paragraph({
          alignment: AlignmentType.CENTER,
          spacing: { before: 120 },
          keepNext: true,
          children: [
            new ImageRun({
              type: 'png',
              data: b.png,
              transformation: { width: px(b.widthMm), height: px(b.heightMm) },
              altText: { name: b.caption, title: b.caption, description: b.caption },
            }),
          ],
        }),
        new Paragraph({
          alignment: AlignmentType.CENTER,
          spacing: { after: 200 },
          children: [run(b.caption, { stack: FONTS.h2, pt: 12 })],
        }),
      ];
    }
    case 'note':
      return [
        new Paragraph({
          spacing: { before: 240, line: 400, lineRule: LineRuleType.EXACT },
          children: [run(b.title, { stack: FONTS.h1, pt: 12 })],
        }),
        ...b.items.map(
          (t) =>
            new Paragraph({
              spacing: { line: 360, lineRule: LineRuleType.EXACT },
              indent: { left: 240, hanging: 240 },
              alignment: AlignmentType.JUSTIFIED,
              children: [run(t, { pt: 12 })],
            }),
        ),
      ];
    case 'signature':
      return b.lines.map(
        (t, i) =>
          new Paragraph({
            alignment: AlignmentType.RIGHT,
            indent: { right: 4 * 320 },
            spacing: { ...EXACT_28, before: i === 0 ? 560 : 0 },
            children: [run(t)],
          }),
      );
    case 'pagebreak':
      return [new Paragraph({ pageBreakBefore: true, children: [] })];
  }
}

function table(b: Extract<Block, { t: 'table' }>): (Paragraph | Table)[] {
  const pt = b.fontPt ?? SIZE.table;
  const total = b.columns.reduce((s, c) => s + c.width, 0);
  const widths = b.columns.map((c) => mm((CONTENT_WIDTH_MM * c.width) / total));
  const border = { style: BorderStyle.SINGLE, size: 4, color: '000000' };
  const borders = { top: border, bottom: border, left: border, right: border };
  const cell = (text: string, i: number, o: { header?: boolean; kind?: 'subtotal' | 'total' } = {}) =>
    new TableCell({
      width: { size: widths[i], type: WidthType.DXA },
      verticalAlign: VerticalAlign.CENTER,
      borders,
      margins: { top: 30, bottom: 30, left: 60, right: 60 },
      shading: o.header
        ? { type: ShadingType.CLEAR, fill: 'E7E6E6', color: 'auto' }
        : o.kind === 'total'
          ? { type: ShadingType.CLEAR, fill: 'F2F2F2', color: 'auto' }
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
          spacing: { line: 260, lineRule: LineRuleType.AT_LEAST },
          children: [run(text, { stack: o.header || o.kind ? FONTS.h1 : FONTS.body, pt })],
        }),
      ],
    });
  const out: (Paragraph | Table)[] = [];
  if (b.caption)
    out.push(
      new Paragraph({
        alignment: AlignmentType.CENTER,
        keepNext: true,
        spacing: { before: 160, after: 80 },
        children: [run(b.caption, { stack: FONTS.h1, pt: 12 })],
      }),
    );
  out.push(
    new Table({
      width: { size: mm(CONTENT_WIDTH_MM), type: WidthType.DXA },
      columnWidths: widths,
      layout: TableLayoutType.FIXED,
      alignment: AlignmentType.CENTER,
      rows: [
        new TableRow({
          tableHeader: true,
          cantSplit: true,
          children: b.columns.map((c, i) => cell(c.header, i, { header: true })),
        }),
        ...(b.rows.length ? b.rows : [[...b.columns.map((_, i) => (i === 0 ? '（无）' : ''))]]).map(
          (r, ri) =>
            new TableRow({ cantSplit: true, children: r.map((t, i) => cell(t, i, { kind: b.rowKinds?.[ri] })) }),
        ),
      ],
    }),
  );
  if (b.note)
    out.push(new Paragraph({ spacing: { before: 60, after: 120 }, children: [run(b.note, { pt: SIZE.small })] }));
  else out.push(new Paragraph({ spacing: { after: 120 }, children: [] }));
  return out;
}

export async function renderDocx(model: DocModel): Promise<Buffer> {
  const doc = new Document({
    creator: model.office,
    lastModifiedBy: model.office,
    title: model.title,
    styles: { default: { document: { run: { font: font(FONTS.body), size: half(SIZE.body) } } } },
    sections: [
      {
        properties: {
          page: {
            size: { width: mm(PAGE.widthMm), height: mm(PAGE.heightMm) },
            margin: {
              top: mm(PAGE.top),
              bottom: mm(PAGE.bottom),
              left: mm(PAGE.left),
              right: mm(PAGE.right),
              footer: mm(PAGE.bottom - 7 - 7),
              header: mm(15),
            },
          },
        },
        footers: {
          default: new Footer({
            children: [
              new Paragraph({
                alignment: AlignmentType.CENTER,
                children: [
                  new TextRun({
                    children: ['— ', PageNumber.CURRENT, ' —'],
                    font: font(FONTS.number),
                    size: half(SIZE.number),
                  }),
                ],
              }),
            ],
          }),
        },
        children: model.blocks.flatMap(para),
      },
    ],
  });
  // docx numbers drawings with a process-wide counter: renumber them per document so bytes are stable.
  return stabilizeZip(await Packer.toBuffer(doc), model.generatedAt, (name, xml) => {
    if (name !== 'word/document.xml') return xml;
    let n = 0,
      m = 0;
    return xml
      .replace(/<wp:docPr id="\d+"/g, () => `<wp:docPr id="${++n}"`)
      .replace(/<pic:cNvPr id="\d+"/g, () => `<pic:cNvPr id="${++m}"`);
  });
}
