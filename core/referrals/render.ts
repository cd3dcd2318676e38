/**
 * The package's own documents in the documents area's model (core/documents/model.ts), so the
 * cover letter, the summary and the reviews list share the bulletins' and notices' official-document
 * style (DOCX via core/documents/docx.ts, PDF from core/documents/html.ts). Tables → XLSX here,
 * made byte-stable with the package's production time (core/documents/zip.ts).
 */
import ExcelJS from 'exceljs';
import { stabilizeZip } from '../documents/zip';

export { renderDocx } from '../documents/docx';
export { renderHtml } from '../documents/html';
export type { Block, OfficialDocument } from '../documents/model';

export interface SheetModel {
  name: string;
  headers: string[];
  rows: (string | number | null)[][];
  widths?: number[];
  /** Column indexes (0-based) hidden in the sheet, e.g. a rule id a clerk may choose to show. */
  hidden?: number[];
}

export async function renderXlsx(
  sheets: SheetModel[],
  meta: { creator: string; generatedAt: string },
): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const when = new Date(meta.generatedAt);
  wb.creator = meta.creator;
  wb.lastModifiedBy = meta.creator;
  wb.created = when;
  wb.modified = when;
  for (const s of sheets) {
    const ws = wb.addWorksheet(s.name, { views: [{ state: 'frozen', ySplit: 1 }] });
    ws.addRow(s.headers).font = { bold: true, name: '宋体' };
    for (const r of s.rows) ws.addRow(r);
    s.headers.forEach((h, i) => {
      ws.getColumn(i + 1).width =
        s.widths?.[i] ??
        Math.max(10, Math.min(60, Math.max(h.length * 2 + 2, ...s.rows.map((r) => String(r[i] ?? '').length * 2 + 2))));
      if (s.hidden?.includes(i)) ws.getColumn(i + 1).hidden = true;
    });
  }
  return stabilizeZip(Buffer.from(await wb.xlsx.writeBuffer()), meta.generatedAt);
}
