/** What both small XLSX writers (the bulletins' core/documents/xlsx-writer.ts, the generator's streaming tools/generator/xlsx.ts) share. */

/** 0 → A, 25 → Z, 26 → AA. */
export function colName(i: number): string {
  let s = '';
  for (let n = i + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

// eslint-disable-next-line no-control-regex
const XML_FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g;

/**
 * Text for SpreadsheetML: XML-escaped, without the control characters XML 1.0 forbids, and with CR
 * as a character reference (a raw CR would be read back as a line feed). Fast path for clean text.
 */
export function xmlText(s: string): string {
  // eslint-disable-next-line no-control-regex
  if (!/[&<>\u0000-\u0008\u000b\u000c\u000d\u000e-\u001f]/.test(s)) return s;
  return s
    .replace(XML_FORBIDDEN, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\r/g, '&#13;');
}

/**
 * Text that Excel, WPS or a CSV round trip would take for a formula: it starts with `=`, `+`, `-`,
 * `@`, a tab or a carriage return. Such cells are written with the cell style's quotePrefix (the
 * apostrophe Excel shows), so they stay text when edited or saved as CSV ("CSV/formula injection").
 */
export function looksLikeFormula(text: string): boolean {
  const c = text.charCodeAt(0);
  return c === 61 /* = */ || c === 43 /* + */ || c === 45 /* - */ || c === 64 /* @ */ || c === 9 || c === 13;
}
