/** One import error as the line the CLI prints and the UI lists: 文件 x.xlsx，工作表 案件，第 5 行，列「受理日期」，值「2026-13-01」：日期无法识别… */
import type { ImportErrorItem } from './types';

export function formatImportError(e: ImportErrorItem): string {
  const parts: string[] = [];
  if (e.file) parts.push(`文件 ${e.file}`);
  if (e.sheet) parts.push(`工作表 ${e.sheet}`);
  if (e.row > 0) parts.push(`第 ${e.row} 行`);
  if (e.column) parts.push(`列「${e.column}」`);
  if (e.row > 0 && e.column) parts.push(`值「${e.value}」`);
  return parts.length ? `${parts.join('，')}：${e.message}` : e.message;
}
