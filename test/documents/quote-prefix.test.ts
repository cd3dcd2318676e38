// Formula injection: every XLSX writer keeps text that starts with = + - @ tab or CR as text, with the
// cell style's quotePrefix (Excel's apostrophe). The written files are read back as a user's Excel would.
import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import JSZip from 'jszip';
import ExcelJS from 'exceljs';
import { tmpDir } from '../helpers/tmp';
import { writeXlsx } from '../../core/documents/xlsx-writer';
import { renderXlsx as renderReferralXlsx } from '../../core/referrals/render';
import { assembleXlsx, SheetSpool } from '../../tools/generator/xlsx';
import { looksLikeFormula } from '../../core/documents/spreadsheetml';

const RISKY = ['=1+1', '=HYPERLINK("http://x","点我")', '+86 138', '-3', '@SUM(A1:A2)', '\t=1', '\r=1'];
const SAFE = ['张某某盗窃案', '—', ' =1', '１２３', '2026-03-05'];

/** For each cell of the first sheet: its text and whether its style has quotePrefix="1". */
async function quoted(buf: Buffer): Promise<Map<string, boolean>> {
  const zip = await JSZip.loadAsync(buf);
  const styles = await zip.file('xl/styles.xml')!.async('string');
  const xfs = /<cellXfs[^>]*>([\s\S]*?)<\/cellXfs>/.exec(styles)![1].match(/<xf\b[^>]*>/g)!;
  const sheet = await zip.file('xl/worksheets/sheet1.xml')!.async('string');
  // Shared strings (t="s": the cell holds an index into sharedStrings.xml) or inline strings.
  const sst = [
    ...((await zip.file('xl/sharedStrings.xml')?.async('string')) ?? '').matchAll(/<si><t[^>]*>([\s\S]*?)<\/t><\/si>/g),
  ].map((m) => m[1]);
  const out = new Map<string, boolean>();
  const cells = [
    ...[...sheet.matchAll(/<c r="[A-Z]+\d+"([^>]*)><is><t[^>]*>([\s\S]*?)<\/t><\/is><\/c>/g)].map((m) => [m[1], m[2]]),
    ...[...sheet.matchAll(/<c r="[A-Z]+\d+"([^>]*t="s"[^>]*)><v>(\d+)<\/v><\/c>/g)].map((m) => [m[1], sst[+m[2]]]),
  ];
  for (const m of cells) {
    const s = /\bs="(\d+)"/.exec(m[0]);
    const text = m[1]
      .replace(/&amp;/g, '&')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&#13;/g, '\r');
    out.set(text, !!s && /quotePrefix="1"/.test(xfs[+s[1]]));
  }
  return out;
}

async function readBack(buf: Buffer): Promise<Map<string, unknown>> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ArrayBuffer);
  const out = new Map<string, unknown>();
  wb.worksheets[0].eachRow((row) =>
    row.eachCell((c) => {
      out.set(String(c.value), c.type);
    }),
  );
  return out;
}

function expectQuoted(q: Map<string, boolean>): void {
  for (const t of RISKY) expect(q.get(t), JSON.stringify(t)).toBe(true);
  for (const t of SAFE) expect(q.get(t), JSON.stringify(t)).toBe(false);
}

describe('quote prefix on formula-looking text', () => {
  it('looksLikeFormula: = + - @ tab CR at the start, nothing else', () => {
    for (const t of RISKY) expect(looksLikeFormula(t), JSON.stringify(t)).toBe(true);
    for (const t of SAFE) expect(looksLikeFormula(t), JSON.stringify(t)).toBe(false);
  });

  it.each([
    ['inline', false],
    ['shared', true],
  ])('the bulletins’ writer (core/documents/xlsx-writer.ts), %s strings, in every text style', async (_, shared) => {
    const buf = await writeXlsx(
      [
        {
          name: '清单',
          rows: [
            { cells: ['=标题'], style: 'title' },
            { cells: ['-表头', '表头'], style: 'header' },
            ...[...RISKY, ...SAFE].map((t) => ({ cells: [t, 1] })),
          ],
        },
      ],
      { creator: '某检', created: '2026-11-23T08:00:00+08:00' },
      { sharedStrings: shared },
    );
    expect(!!(await JSZip.loadAsync(buf)).file('xl/sharedStrings.xml')).toBe(shared);
    const q = await quoted(buf);
    expectQuoted(q);
    expect(q.get('=标题')).toBe(true);
    expect(q.get('-表头')).toBe(true);
    expect(q.get('表头')).toBe(false);
    // Read back: strings, never formulas.
    const back = await readBack(buf);
    for (const t of RISKY) expect(back.get(t), JSON.stringify(t)).toBe(ExcelJS.ValueType.String);
  });

  it('the referral package’s tables (core/referrals/render.ts)', async () => {
    const buf = await renderReferralXlsx(
      [{ name: '移送清单', headers: ['问题描述', '数'], rows: [...RISKY, ...SAFE].map((t) => [t, 1]) }],
      {
        creator: '某检',
        generatedAt: '2026-11-23T08:00:00+08:00',
      },
    );
    expectQuoted(await quoted(buf));
  });

  it('the generator’s streaming writer (tools/generator/xlsx.ts)', async () => {
    const dir = tmpDir();
    const spool = new SheetSpool('案件', path.join(dir, 's1.xml'), [20]);
    for (const t of [...RISKY, ...SAFE]) spool.add([t]);
    await spool.close();
    const file = path.join(dir, 'g.xlsx');
    await assembleXlsx(file, [spool], dir);
    expectQuoted(await quoted(fs.readFileSync(file)));
  });
});
