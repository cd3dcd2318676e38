/**
 * What every PDF printer (Electron's print window, Chromium through playwright-core for the CLI)
 * applies to the HTML it prints: a content security policy that allows the document's own inline
 * styles, inline SVG charts and data: images and nothing else (no scripts, no fetches, no frames,
 * no remote fonts). The printers also turn JavaScript off and refuse every request; this policy is
 * the same rule written into the page itself, so no printer has to be trusted to remember it.
 * Our renderers escape every user text, so none of this should ever be needed: it is the second wall.
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

// A refresh navigates away without script or request rules being asked (CSP has no directive for it).
const META_REFRESH = /<meta\b[^>]*http-equiv\s*=\s*["']?refresh["']?[^>]*>/gi;

/**
 * The HTML with the print policy as the first element of its head (before anything that could load),
 * and without `<meta http-equiv="refresh">` (the one way a script-less page still navigates).
 */
export function withPrintCsp(input: string): string {
  const html = input.replace(META_REFRESH, '');
  const head = /<head(\s[^>]*)?>/i.exec(html);
  if (head) return html.slice(0, head.index + head[0].length) + META + html.slice(head.index + head[0].length);
  const root = /<html(\s[^>]*)?>/i.exec(html);
  if (root)
    return (
      html.slice(0, root.index + root[0].length) + `<head>${META}</head>` + html.slice(root.index + root[0].length)
    );
  return `<!doctype html><html><head>${META}</head><body>${html}</body></html>`;
}
