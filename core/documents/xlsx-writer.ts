/**
 * A small, fast XLSX writer for the bulletins' workbooks: plain SpreadsheetML with inline strings, a
 * handful of styles, frozen header rows and auto-filters, zipped by Node's zlib with a fixed date (core/documents/zip.ts).
 * Why not exceljs here: a month at 100,000 cases has list sheets of ~10^6 cells, which exceljs
 * writes in several seconds; string building does it in a fraction, and the bytes are stable.
 * (exceljs still reads these files back in the tests, and Excel/WPS open them.)
 */
import { ZipWriter } from './zip';
import { colName, looksLikeFormula, xmlText } from './spreadsheetml';

export type Style = 'normal' | 'title' | 'label' | 'header' | 'bold' | 'center';
export type Num = { n: number; fmt: 'pct' | 'dec1' };
export type CellValue = string | number | Num | null | undefined;
export interface SheetRow {
  cells: CellValue[];
  style?: Style;
}
export interface SheetSpec {
  name: string;
  /** The rows, top to bottom: an array, or a generator making them as they are written. */
  rows: Iterable<SheetRow>;
  widths?: number[];
  /** Columns (0-based) hidden in the sheet, e.g. a rule id a clerk may choose to show. */
  hidden?: number[];
  /** Freeze rows above `row` (1-based row index of the first scrolling row) and columns left of `col`. */
  freeze?: { row: number; col?: number };
  /** Auto-filter on the header row `row` over `cols` columns. */
  autoFilter?: { row: number; cols: number };
}

/** The quotePrefix twin of each style a text cell can have (cellXfs 9–13 below): text that looks like a formula stays text. */
const QUOTED: Record<number, number> = { 0: 9, 1: 10, 2: 11, 3: 12, 8: 13 };

// cellXfs indexes: [style][fmt]
const XF: Record<Style, { general: number; pct: number; dec1: number }> = {
  normal: { general: 0, pct: 4, dec1: 5 },
  title: { general: 1, pct: 1, dec1: 1 },
  label: { general: 2, pct: 6, dec1: 7 },
  bold: { general: 2, pct: 6, dec1: 7 },
  header: { general: 3, pct: 3, dec1: 3 },
  center: { general: 8, pct: 4, dec1: 5 },
};

const STYLES = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
<numFmts count="2"><numFmt numFmtId="164" formatCode="0.0%"/><numFmt numFmtId="165" formatCode="0.0"/></numFmts>
<fonts count="3"><font><sz val="10.5"/><name val="宋体"/><charset val="134"/></font><font><sz val="14"/><name val="黑体"/><charset val="134"/></font><font><sz val="10.5"/><name val="黑体"/><charset val="134"/></font></fonts>
<fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill><fill><patternFill patternType="solid"><fgColor rgb="FFE7E6E6"/><bgColor indexed="64"/></patternFill></fill></fills>
<borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border><border><left style="thin"/><right style="thin"/><top style="thin"/><bottom style="thin"/><diagonal/></border></borders>
<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>
<cellXfs count="14">
<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>
<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>
<xf numFmtId="0" fontId="2" fillId="0" borderId="0" xfId="0" applyFont="1"/>
<xf numFmtId="0" fontId="2" fillId="2" borderId="1" xfId="0" applyFont="1" applyFill="1" applyBorder="1" applyAlignment="1"><alignment horizontal="center" vertical="center" wrapText="1"/></xf>
<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>
<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>
<xf numFmtId="164" fontId="2" fillId="0" borderId="0" xfId="0" applyNumberFormat="1" applyFont="1"/>
<xf numFmtId="165" fontId="2" fillId="0" borderId="0" xfId="0" applyNumberFormat="1" applyFont="1"/>
<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1"><alignment horizontal="center"/></xf>
<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" quotePrefix="1"/>
<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1" quotePrefix="1"/>
<xf numFmtId="0" fontId="2" fillId="0" borderId="0" xfId="0" applyFont="1" quotePrefix="1"/>
<xf numFmtId="0" fontId="2" fillId="2" borderId="1" xfId="0" applyFont="1" applyFill="1" applyBorder="1" applyAlignment="1" quotePrefix="1"><alignment horizontal="center" vertical="center" wrapText="1"/></xf>
<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1" quotePrefix="1"><alignment horizontal="center"/></xf>
</cellXfs>
<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>
</styleSheet>`;

const esc = xmlText;

/** Column letters of the first columns, made once (a cell reference is letters + row number). */
const COLS = Array.from({ length: 256 }, (_, i) => colName(i));
const col = (i: number) => (i < COLS.length ? COLS[i] : colName(i));

/** Text that needs xml:space="preserve" (leading or trailing white space). */
const edgeSpace = (v: string) => /^\s|\s$/.test(v);

/**
 * Strings of the workbook's cells. Inline (each cell carries its text) or shared (sharedStrings.xml holds each
 * distinct text once and cells carry its index): a large list workbook repeats departments, names, case numbers
 * and labels on every row and across sheets, so shared strings make its XML about half as long and deflate faster.
 */
class Strings {
  private readonly index = new Map<string, string>();
  private readonly list: string[] = [];
  count = 0;
  constructor(readonly shared: boolean) {}
  /** The cell's type attribute and content. */
  cell(v: string): string {
    if (!this.shared) return ` t="inlineStr"><is><t${edgeSpace(v) ? ' xml:space="preserve"' : ''}>${esc(v)}</t></is>`;
    this.count++;
    // The cell's tail is made once per distinct text (a year's sheets have millions of string cells).
    let tail = this.index.get(v);
    if (tail === undefined) {
      tail = ` t="s"><v>${this.list.length}</v>`;
      this.index.set(v, tail);
      this.list.push(v);
    }
    return tail;
  }
  *xml(): Generator<string> {
    yield `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="${this.count}" uniqueCount="${this.list.length}">`;
    let chunk = '';
    for (const v of this.list) {
      chunk += `<si><t${edgeSpace(v) ? ' xml:space="preserve"' : ''}>${esc(v)}</t></si>`;
      if (chunk.length > CHUNK) {
        yield chunk;
        chunk = '';
      }
    }
    yield chunk + '</sst>';
  }
}

/** Characters of XML handed to the zip at a time. */
const CHUNK = 1 << 19;

/** A sheet's XML in pieces of about CHUNK characters (rows may be a generator: no sheet is ever held whole). */
function* sheetXml(sh: SheetSpec, strings: Strings): Generator<string> {
  let out =
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">';
  if (sh.freeze) {
    const c = sh.freeze.col ?? 0;
    const ySplit = sh.freeze.row - 1;
    const pane = c > 0 ? 'bottomRight' : 'bottomLeft';
    out += `<sheetViews><sheetView workbookViewId="0"><pane${c ? ` xSplit="${c}"` : ''} ySplit="${ySplit}" topLeftCell="${colName(c)}${sh.freeze.row}" activePane="${pane}" state="frozen"/><selection pane="${pane}"/></sheetView></sheetViews>`;
  }
  out += '<sheetFormatPr defaultRowHeight="15"/>';
  if (sh.widths?.length)
    out += `<cols>${sh.widths.map((w, i) => `<col min="${i + 1}" max="${i + 1}" width="${w}" customWidth="1"${sh.hidden?.includes(i) ? ' hidden="1"' : ''}/>`).join('')}</cols>`;
  out += '<sheetData>';
  let r = 0;
  for (const row of sh.rows) {
    r++;
    const xf = XF[row.style ?? 'normal'];
    const dash = row.style == null || row.style === 'normal' ? XF.center.general : xf.general;
    const general = xf.general ? ` s="${xf.general}"` : '';
    out += `<row r="${r}">`;
    const cells = row.cells;
    for (let ci = 0; ci < cells.length; ci++) {
      const v = cells[ci];
      if (v == null || v === '') continue;
      if (typeof v === 'number') out += `<c r="${col(ci)}${r}"${general}><v>${v}</v></c>`;
      else if (typeof v === 'object') out += `<c r="${col(ci)}${r}" s="${xf[v.fmt]}"><v>${v.n}</v></c>`;
      else {
        const plain = v === '—' ? dash : xf.general;
        const s = looksLikeFormula(v) ? QUOTED[plain] : plain;
        out += `<c r="${col(ci)}${r}"${s ? ` s="${s}"` : ''}${strings.cell(v)}</c>`;
      }
    }
    out += '</row>';
    if (out.length > CHUNK) {
      yield out;
      out = '';
    }
  }
  out += '</sheetData>';
  if (sh.autoFilter)
    out += `<autoFilter ref="A${sh.autoFilter.row}:${colName(sh.autoFilter.cols - 1)}${sh.autoFilter.row}"/>`;
  yield out + '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>';
}

/** Excel sheet names: at most 31 characters, none of []:*?/\, unique. */
export function safeSheetName(used: Set<string>, want: string): string {
  const base = want.replace(/[[\]:*?/\\]/g, '').slice(0, 28) || '清单';
  let name = base,
    n = 2;
  while (used.has(name)) name = `${base.slice(0, 26)}_${n++}`;
  used.add(name);
  return name;
}

export async function writeXlsx(
  sheets: SheetSpec[],
  meta: { creator: string; created: string },
  opts: { sharedStrings?: boolean } = {},
): Promise<Buffer> {
  const strings = new Strings(opts.sharedStrings ?? false);
  const date = new Date(meta.created);
  const iso = date.toISOString().replace(/\.\d{3}Z$/, 'Z');
  // Each part is deflated as it is made, on zlib's thread pool: a year's list sheets are tens of MB of XML,
  // never held whole.
  const zip = new ZipWriter(date, 1);
  const add = (name: string, data: string) => zip.add(name, data);
  add(
    '[Content_Types].xml',
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>${sheets.map((_, i) => `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`).join('')}${strings.shared ? '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>' : ''}<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/><Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/></Types>`,
  );
  add(
    '_rels/.rels',
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/></Relationships>`,
  );
  add(
    'docProps/core.xml',
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:creator>${esc(meta.creator)}</dc:creator><cp:lastModifiedBy>${esc(meta.creator)}</cp:lastModifiedBy><dcterms:created xsi:type="dcterms:W3CDTF">${iso}</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">${iso}</dcterms:modified></cp:coreProperties>`,
  );
  add(
    'docProps/app.xml',
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>案件流程监控台</Application></Properties>`,
  );
  const filters = sheets
    .map((s, i) =>
      s.autoFilter
        ? `<definedName name="_xlnm._FilterDatabase" localSheetId="${i}" hidden="1">'${esc(s.name.replace(/'/g, "''"))}'!$A$${s.autoFilter.row}:$${colName(s.autoFilter.cols - 1)}$${s.autoFilter.row}</definedName>`
        : '',
    )
    .join('');
  add(
    'xl/workbook.xml',
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><bookViews><workbookView/></bookViews><sheets>${sheets.map((s, i) => `<sheet name="${esc(s.name)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('')}</sheets>${filters ? `<definedNames>${filters}</definedNames>` : ''}</workbook>`,
  );
  add(
    'xl/_rels/workbook.xml.rels',
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${sheets.map((_, i) => `<Relationship Id="rId${i + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`).join('')}<Relationship Id="rId${sheets.length + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>${strings.shared ? `<Relationship Id="rId${sheets.length + 2}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>` : ''}</Relationships>`,
  );
  add('xl/styles.xml', STYLES);
  // With shared strings a sheet's XML is ASCII (every text is in sharedStrings.xml): latin1 is the same bytes, faster.
  for (let i = 0; i < sheets.length; i++)
    await streamPart(zip, `xl/worksheets/sheet${i + 1}.xml`, sheetXml(sheets[i], strings), strings.shared);
  if (strings.shared) await streamPart(zip, 'xl/sharedStrings.xml', strings.xml());
  return zip.finish();
}

async function streamPart(zip: ZipWriter, name: string, pieces: Iterable<string>, ascii = false): Promise<void> {
  const e = zip.stream(name);
  // eslint-disable-next-line no-control-regex
  for (const p of pieces) await e.write(ascii && !/[^\u0000-\u007f]/.test(p) ? Buffer.from(p, 'latin1') : p);
  await e.end();
}
