/**
 * Writes case bundles (a day's snapshot of the generator's office) as the national system's export
 * workbook (import-format.md): sheets 案件, 嫌疑人, 流程节点, 文书, 人员 with the importer's own
 * headers (core/import/columns.ts), so the demo imports exactly what an office would.
 */
import ExcelJS from 'exceljs';
import fs from 'node:fs';
import { SHEET_COLUMNS } from '../import/columns';
import type { SheetName, StaffRecord } from '../domain';
import type { CaseBundle } from '../generator/types';

function cell(v: unknown): string | number | null {
  if (v == null || v === '') return null;
  if (typeof v === 'boolean') return v ? '是' : '否';
  if (typeof v === 'number') return v;
  return String(v);
}

export async function writeBundlesWorkbook(bundles: readonly CaseBundle[], staff: readonly StaffRecord[], file: string): Promise<void> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useStyles: false, useSharedStrings: false });
  const sheet = (name: SheetName, rows: Iterable<object>) => {
    const cols = SHEET_COLUMNS[name];
    const ws = wb.addWorksheet(name);
    ws.addRow(cols.map((c) => c.header)).commit();
    for (const r of rows) ws.addRow(cols.map((c) => cell((r as Record<string, unknown>)[c.key]))).commit();
    ws.commit();
  };
  sheet('案件', bundles.map((b) => b.case));
  sheet('嫌疑人', bundles.flatMap((b) => b.persons));
  sheet('流程节点', bundles.flatMap((b) => b.events));
  sheet('文书', bundles.flatMap((b) => b.documents));
  if (staff.length) sheet('人员', staff);
  await wb.commit();
}

function csvField(v: string | number | null): string {
  if (v == null) return '';
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The same export as one UTF-8 CSV file per sheet (`案件.csv`, …); returns the files. */
export function writeBundlesCsv(bundles: readonly CaseBundle[], staff: readonly StaffRecord[], dir: string): string[] {
  const files: string[] = [];
  const sheet = (name: SheetName, rows: Iterable<object>) => {
    const cols = SHEET_COLUMNS[name];
    const lines = [cols.map((c) => csvField(c.header)).join(',')];
    for (const r of rows) lines.push(cols.map((c) => csvField(cell((r as Record<string, unknown>)[c.key]))).join(','));
    const file = `${dir}/${name}.csv`;
    fs.writeFileSync(file, lines.join('\r\n') + '\r\n');
    files.push(file);
  };
  sheet('案件', bundles.map((b) => b.case));
  sheet('嫌疑人', bundles.flatMap((b) => b.persons));
  sheet('流程节点', bundles.flatMap((b) => b.events));
  sheet('文书', bundles.flatMap((b) => b.documents));
  if (staff.length) sheet('人员', staff);
  return files;
}
