/**
 * `npm run gallery [-- --out DIR] [--keep-pngs-only]`: runs the gallery check and writes the PNG pages and
 * docs/gallery/README.md (the repository's documents gallery). Exits 1 when a check fails.
 */
import fs from 'node:fs';
import path from 'node:path';
import { galleryIndex, runGallery } from './index';

export async function main(argv: string[]): Promise<number> {
  const root = path.resolve(__dirname, '..', '..');
  const at = argv.indexOf('--out');
  const pngDir = at >= 0 && argv[at + 1] ? path.resolve(argv[at + 1]) : path.join(root, 'docs', 'gallery');
  const workDir = path.join(root, '.tmp', 'gallery-demo');
  const t0 = Date.now();
  const report = await runGallery({ workDir, pngDir, log: (l) => process.stderr.write(`${l}\n`) });
  fs.writeFileSync(path.join(pngDir, 'README.md'), galleryIndex(report));
  for (const p of report.pngs) process.stdout.write(`${p.name}：${p.files.length}页（${p.source}）\n`);
  for (const p of report.problems)
    process.stdout.write(`问题：${p.file}${p.page ? ` 第${p.page}页` : ''}：${p.message}\n`);
  process.stdout.write(
    `${report.documents.length} 个 PDF，${report.problems.length} 个问题，${((Date.now() - t0) / 1000).toFixed(0)} 秒；图库：${path.relative(process.cwd(), pngDir) || '.'}\n`,
  );
  return report.problems.length ? 1 : 0;
}
