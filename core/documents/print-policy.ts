/**
 * What every PDF printer (Electron's print window, Chromium through playwright-core for the CLI)
 * applies to the HTML it prints: a content security policy that allows the document's own inline
 * styles, inline SVG charts and data: images and nothing else (no scripts, no fetches, no frames,
 * no remote fonts). The printers also turn JavaScript off and refuse every request; this policy is
 * the same rule written into the page itself, so no printer has to be trusted to remember it.
 */

export const PRINT_CSP = [
  "default-src 'none'",
  "style-src 'unsafe-inline'",
  'img-src data:',
  'font-src data:',
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

const META = `<meta http-equiv="Content-Security-Policy" content="${PRINT_CSP}">`;

/** The HTML with the print policy as the first element of its head (before anything that could load). */
export function withPrintCsp(html: string): string {
  const head = /<head(\s[^>]*)?>/i.exec(html);
  if (head) return html.slice(0, head.index + head[0].length) + META + html.slice(head.index + head[0].length);
  const root = /<html(\s[^>]*)?>/i.exec(html);
  if (root)
    return (
      html.slice(0, root.index + root[0].length) + `<head>${META}</head>` + html.slice(root.index + root[0].length)
    );
  return `<!doctype html><html><head>${META}</head><body>${html}</body></html>`;
}
