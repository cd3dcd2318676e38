/**
 * The package's own documents in the documents area's model (core/documents/model.ts), so the
 * cover letter, the summary and the reviews list share the bulletins' and notices' official-document
 * style (DOCX via core/documents/docx.ts, PDF from core/documents/html.ts). Tables → XLSX through
 * the bulletins' writer (core/documents/xlsx-writer.ts), byte-stable with the package's production time.
 */
import { safeSheetName, writeXlsx } from '../documents/xlsx-writer';

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
  // The documents area's writer: byte-stable, and text that looks like a formula keeps its quote prefix.
  const used = new Set<string>();
  return writeXlsx(
    sheets.map((s) => ({
      name: safeSheetName(used, s.name),
      rows: [{ cells: s.headers, style: 'header' as const }, ...s.rows.map((r) => ({ cells: r }))],
      widths: s.headers.map(
        (h, i) =>
          s.widths?.[i] ??
          Math.max(
            10,
            Math.min(60, Math.max(h.length * 2 + 2, ...s.rows.map((r) => String(r[i] ?? '').length * 2 + 2))),
          ),
      ),
      hidden: s.hidden,
      freeze: { row: 2 },
    })),
    { creator: meta.creator, created: meta.generatedAt },
  );
}
