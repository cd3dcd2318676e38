/**
 * What a file really is, from its first bytes (not its name): government systems save old `.xls`
 * (BIFF8) and HTML tables under an `.xls` name, which no streaming reader here understands.
 */
import fs from 'node:fs';

export type FileKind = 'xlsx' | 'xls' | 'html' | 'empty' | 'text';

export function sniffFile(file: string): FileKind {
  const fd = fs.openSync(file, 'r');
  try {
    const buf = Buffer.alloc(512);
    const n = fs.readSync(fd, buf, 0, buf.length, 0);
    return sniffBytes(buf.subarray(0, n));
  } finally {
    fs.closeSync(fd);
  }
}

export function sniffBytes(b: Buffer): FileKind {
  if (b.length === 0) return 'empty';
  if (b[0] === 0x50 && b[1] === 0x4b) return 'xlsx'; // 'PK': a zip container
  if (b[0] === 0xd0 && b[1] === 0xcf && b[2] === 0x11 && b[3] === 0xe0) return 'xls'; // OLE2 compound file
  // HTML saved as .xls: '<' after an optional BOM and whitespace.
  let i = b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf ? 3 : 0;
  while (i < b.length && (b[i] === 0x20 || b[i] === 0x09 || b[i] === 0x0a || b[i] === 0x0d)) i++;
  if (i === b.length) return 'empty';
  if (b[i] === 0x3c) return 'html';
  return 'text';
}

/** The Chinese refusal for a file kind that cannot be read, or null when it can. */
export function refusalFor(kind: FileKind): string | null {
  switch (kind) {
    case 'xls':
      return '这是旧版 Excel 97-2003 格式（.xls），本程序无法读取：请用 Excel 或 WPS 打开后「另存为」Excel 工作簿（*.xlsx）再导入';
    case 'html':
      return '这是保存为 .xls 的网页（HTML）文件，不是真正的 Excel 工作簿：请用 Excel 或 WPS 打开后「另存为」Excel 工作簿（*.xlsx）再导入';
    case 'empty':
      return '文件为空';
    default:
      return null;
  }
}
