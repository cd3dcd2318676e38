/**
 * Byte-stable Office files: DOCX and XLSX are zips whose entries carry the time they were written,
 * and whose core properties carry created/modified times. Both are set here from the snapshot's
 * generation time, so exporting the same snapshot twice gives identical bytes.
 */
import JSZip from 'jszip';

export async function stabilizeZip(
  buf: Buffer,
  generatedAt: string,
  transform?: (name: string, xml: string) => string,
): Promise<Buffer> {
  const zip = await JSZip.loadAsync(buf);
  const when = new Date(generatedAt);
  const iso = when.toISOString().replace(/\.\d{3}Z$/, 'Z');
  const names = Object.keys(zip.files).sort((a, b) =>
    a === '[Content_Types].xml' ? -1 : b === '[Content_Types].xml' ? 1 : a < b ? -1 : a > b ? 1 : 0,
  );
  const out = new JSZip();
  for (const name of names) {
    const f = zip.files[name];
    if (f.dir) continue;
    let data: Buffer | string = await f.async('nodebuffer');
    if (name === 'docProps/core.xml') {
      data = data
        .toString('utf8')
        .replace(/(<dcterms:created[^>]*>)[^<]*(<\/dcterms:created>)/, `$1${iso}$2`)
        .replace(/(<dcterms:modified[^>]*>)[^<]*(<\/dcterms:modified>)/, `$1${iso}$2`);
    }
    if (transform && /\.xml$/.test(name)) data = transform(name, data.toString('utf8'));
    out.file(name, data, { date: when, createFolders: false });
  }
  return out.generateAsync({
    type: 'nodebuffer',
    compression: 'DEFLATE',
    compressionOptions: { level: 6 },
    platform: 'DOS',
  });
}
