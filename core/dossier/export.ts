/**
 * Writing a dossier (`caseflow dossier --out`, the page's 导出) and the annual evaluation workbook to a folder.
 * DOCX and PDF through the documents area's renderers (the dossier is one kind of the shared document model);
 * XLSX through the shared writer; JSON in cli.md's shape.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { AppContext } from '../context';
import type { IsoDate } from '../dates';
import { getSettings } from '../settings';
import { renderDocx } from '../documents/docx';
import { renderHtml } from '../documents/html';
import { batchPrinter, type Format } from '../documents/export';
import { buildDossier, dossierJson } from './index';
import { dossierData } from './figures';
import { allFigureLists, buildEvaluation } from './evaluation';
import { dossierDocument } from './document';
import { dossierFileBase, dossierSheets, writeEvaluation, writeWorkbook } from './workbook';

export async function exportDossier(
  ctx: AppContext,
  opts: {
    prosecutor: string;
    year: string;
    formats: readonly Format[];
    outDir: string;
    today: IsoDate;
    generatedAt: string;
  },
): Promise<string[]> {
  const { db } = ctx;
  const d = buildDossier(db, opts.prosecutor, opts.year, opts.today);
  const office = getSettings(db).officeName;
  const base = path.join(opts.outDir, dossierFileBase(d));
  fs.mkdirSync(opts.outDir, { recursive: true });
  const files: string[] = [];
  const write = (ext: string, data: Buffer | string) => {
    fs.writeFileSync(`${base}.${ext}.part`, data);
    fs.renameSync(`${base}.${ext}.part`, `${base}.${ext}`);
    files.push(`${base}.${ext}`);
  };
  const needLists = opts.formats.some((x) => x !== 'json');
  const data = needLists ? dossierData(db, opts.year, { prosecutor: d.prosecutor }) : null;
  const meta = { office, generatedAt: opts.generatedAt };
  const model =
    opts.formats.includes('docx') || opts.formats.includes('pdf') ? dossierDocument(d, data!.lists, meta) : null;
  const printer = opts.formats.includes('pdf') ? batchPrinter(ctx) : null;
  try {
    for (const fmt of opts.formats) {
      if (fmt === 'json') write('json', JSON.stringify(dossierJson(d), null, 2) + '\n');
      else if (fmt === 'docx') write('docx', await renderDocx(model!));
      else if (fmt === 'pdf') write('pdf', await printer!.print(renderHtml(model!)));
      else if (fmt === 'xlsx') {
        const lists = allFigureLists(db, opts.year, data!, { prosecutor: d.prosecutor });
        files.push(
          await writeWorkbook(`${base}.xlsx`, dossierSheets(d, lists, meta), {
            creator: office,
            created: opts.generatedAt,
          }),
        );
      }
    }
  } finally {
    await printer?.close();
  }
  return files;
}

/** The annual evaluation workbook into `outDir` (refused while the year is not over). */
export async function exportEvaluation(
  ctx: AppContext,
  opts: { year: string; outDir: string; today: IsoDate; generatedAt: string },
): Promise<{ file: string; prosecutors: number; sheets: number }> {
  const e = buildEvaluation(ctx.db, opts.year, { today: opts.today, generatedAt: opts.generatedAt });
  const file = await writeEvaluation(e, opts.outDir);
  return { file, prosecutors: e.rows.length, sheets: 1 + e.groups.length + e.lists.length };
}
