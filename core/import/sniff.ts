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
  // HTML saved as .xls: '<' after an optional BOM (UTF-8 or UTF-16) and whitespace.
  const utf16 = (b[0] === 0xff && b[1] === 0xfe) || (b[0] === 0xfe && b[1] === 0xff);
  const be = b[0] === 0xfe;
  const step = utf16 ? 2 : 1;
  let i = b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf ? 3 : utf16 ? 2 : 0;
  const at = (k: number) => (utf16 ? (be ? (b[k] << 8) | b[k + 1] : b[k] | (b[k + 1] << 8)) : b[k]);
  while (i < b.length && [0x20, 0x09, 0x0a, 0x0d].includes(at(i))) i += step;
  if (i >= b.length) return 'empty';
  if (at(i) === 0x3c) return 'html';
  return 'text';
}

/** The Chinese refusal for a file kind that cannot be read, or null when it can. */
export function refusalFor(kind: FileKind): string | null {
  switch (kind) {
    case 'xls':
      return '这是旧版 Excel 97-2003 格式（.xls）或设置了打开密码的工作簿，本程序无法读取：请用 Excel 或 WPS 打开（如有密码请先取消密码）后「另存为」Excel 工作簿（*.xlsx）再导入';
    case 'html':
      return '这是保存为 .xls 的网页文件，不是真正的 Excel 工作簿：请用 Excel 或 WPS 打开后「另存为」Excel 工作簿（*.xlsx）再导入';
    case 'empty':
      return '文件为空';
    default:
      return null;
  }
}
