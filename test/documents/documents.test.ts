import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import JSZip from 'jszip';
import ExcelJS from 'exceljs';
import { tmpDir, tmpStore } from '../helpers/tmp';
import { craftOctober } from '../metrics/fixture';
import { buildMonitoringSnapshot, buildProsecutorsSnapshot, buildWeeklySnapshot } from '../../core/metrics/snapshots';
import { exportSnapshot } from '../../core/documents/export';
import { chromiumPrinter } from '../../core/documents/pdf';
import { PROSECUTOR_METRICS, MONITORING_METRICS } from '../../core/metrics';

const SUSPECTS = ['张三', '张小明', '李四', '王五', '赵六', '孙七', '吴八', '郑九', '陈一一', '陈二二'];
const META = {
  version: 1,
  asOf: '2026-10-31',
  generatedAt: '2026-11-02T09:00:00+08:00',
  office: '赤城县人民检察院',
  officeShort: '赤检',
  rankWithinDepartment: false,
};

async function docxText(file: string): Promise<{ body: string; footer: string }> {
  const zip = await JSZip.loadAsync(fs.readFileSync(file));
  const strip = (x: string) => x.replace(/<w:tab\/>/g, '\t').replace(/<[^>]+>/g, '');
  const footers = Object.keys(zip.files).filter((n) => /^word\/footer\d*\.xml$/.test(n));
  return {
    body: strip(await zip.file('word/document.xml')!.async('string')),
    footer: (await Promise.all(footers.map((n) => zip.file(n)!.async('string')))).join(''),
  };
}

describe('bulletin documents read back', () => {
  const { db } = tmpStore();
  craftOctober(db);
  const out = tmpDir();
  const printer = chromiumPrinter();
  afterAll(() => printer.close());
  const pros = buildProsecutorsSnapshot(db, '2026-10', META);
  const mon = buildMonitoringSnapshot(db, '2026-10', META);
  const week = buildWeeklySnapshot(db, '2026-W44', { ...META, asOf: '2026-11-01' });
  const files: string[] = [];

  it('writes DOCX, PDF, XLSX and JSON with Chinese names', async () => {
    for (const s of [pros, mon, week])
      files.push(...(await exportSnapshot(s, ['docx', 'pdf', 'xlsx', 'json'], out, printer.print)));
    expect(files.map((f) => path.basename(f))).toContain('2026年10月员额检察官办案数据通报.docx');
    expect(files.map((f) => path.basename(f))).toContain('2026年10月流程监控通报.xlsx');
    expect(files.map((f) => path.basename(f))).toContain('2026年第44周流程监控周通报.pdf');
    for (const f of files) expect(fs.statSync(f).size).toBeGreaterThan(100);
  });

  it('DOCX: office, period, figures, page numbers, masked names only', async () => {
    const p = await docxText(path.join(out, '2026年10月员额检察官办案数据通报.docx'));
    expect(p.body).toContain('赤城县人民检察院');
    expect(p.body).toContain('2026年10月员额检察官办案数据通报');
    expect(p.body).toContain('结案率66.7%');
    expect(p.body).toContain('李检察');
    expect(p.body).toContain('口径说明');
    expect(p.footer).toContain('PAGE');
    expect(p.footer).toContain('—');
    const m = await docxText(path.join(out, '2026年10月流程监控通报.docx'));
    expect(m.body).toContain('新发现问题4个');
    expect(m.body).toContain('王某等二人故意伤害案');
    const w = await docxText(path.join(out, '2026年第44周流程监控周通报.docx'));
    expect(w.body).toContain('2026年第44周流程监控周通报');
    for (const t of [p.body, m.body, w.body]) for (const n of SUSPECTS) expect(t, n).not.toContain(n);
    // A4 with GB/T 9704 margins (twips).
    const xml = await (
      await JSZip.loadAsync(fs.readFileSync(path.join(out, '2026年10月流程监控通报.docx')))
    )
      .file('word/document.xml')!
      .async('string');
    expect(xml).toMatch(/<w:pgSz w:w="11906" w:h="16838"/);
    expect(xml).toMatch(/w:top="2098"/);
    expect(xml).toMatch(/w:left="1587"/);
  });

  it('XLSX: header rows, summary values, one list sheet per figure with its rows', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path.join(out, '2026年10月员额检察官办案数据通报.xlsx'));
    const sum = wb.getWorksheet('汇总')!;
    expect(sum.getCell('A2').value).toBe('单位');
    expect(sum.getCell('B2').value).toBe('赤城县人民检察院');
    expect(String(sum.getCell('B3').value)).toContain('2026年10月');
    expect(sum.getCell('A4').value).toBe('生成时间');
    expect(sum.getCell('B5').value).toBe('第1版');
    const header = sum.getRow(7).values as unknown[];
    const li = sum.getColumn(2).values.findIndex((v) => v === '李检察');
    const col = (name: string) => header.indexOf(name);
    expect(sum.getRow(li).getCell(col('新收')).value).toBe(3);
    expect(sum.getRow(li).getCell(col('结案率')).value).toBe(0.6);
    const zhao = sum.getColumn(2).values.findIndex((v) => v === '赵检察');
    expect(sum.getRow(zhao).getCell(col('不捕率')).value).toBe('—');
    expect(wb.worksheets.length).toBe(1 + PROSECUTOR_METRICS.length);
    const recv = wb.getWorksheet('新收')!;
    const rows: string[] = [];
    recv.eachRow((r) => {
      const v = r.getCell(2).value;
      if (typeof v === 'string' && /^[AB]\d$/.test(v)) rows.push(v);
    });
    expect(rows.sort()).toEqual(['A2', 'A4', 'A5']);
    const rate = wb.getWorksheet('不捕率')!;
    const names: string[] = [];
    rate.eachRow((r) => {
      const v = r.getCell(4).value;
      if (typeof v === 'string' && v.endsWith('某')) names.push(v);
    });
    expect(names.sort()).toEqual(['吴某', '孙某']);
    const mwb = new ExcelJS.Workbook();
    await mwb.xlsx.readFile(path.join(out, '2026年10月流程监控通报.xlsx'));
    for (const d of MONITORING_METRICS) expect(mwb.getWorksheet(d.name), d.name).toBeTruthy();
  });

  it('XLSX: no English or code in any header, label or cell but the hidden rule-id column', async () => {
    for (const name of ['2026年10月员额检察官办案数据通报', '2026年10月流程监控通报', '2026年第44周流程监控周通报']) {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(path.join(out, `${name}.xlsx`));
      for (const ws of wb.worksheets) {
        // 提示人 is the operator's login name (data, not a label): the one column left as it was entered.
        const skip = new Set<number>();
        ws.eachRow((row) => row.eachCell((cell, col) => void (cell.value === '提示人' && skip.add(col))));
        ws.eachRow((row) =>
          row.eachCell((cell, col) => {
            if (ws.getColumn(col).hidden || skip.has(col) || typeof cell.value !== 'string') return;
            expect(cell.value.replace(/Excel/g, ''), `${name} ${ws.name} ${cell.address}`).not.toMatch(/[A-Za-z]{2,}/);
          }),
        );
      }
    }
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path.join(out, '2026年10月流程监控通报.xlsx'));
    const sum = wb.getWorksheet('汇总')!;
    expect((sum.getRow(7).values as unknown[]).slice(1)).toEqual([
      '指标',
      '本期',
      '上期（2026年9月）',
      '去年同期（2025年10月）',
      '口径',
    ]);
    const byRule = wb.getWorksheet('按问题类型')!;
    expect((byRule.getRow(7).values as unknown[]).slice(1)).toEqual(['问题类型', '问题类别', '新发现问题', '规则编号']);
    expect(byRule.getColumn(4).hidden).toBe(true);
    expect(String(byRule.getCell('D8').value)).toMatch(/^[A-Z]+-[A-Z]+/);
    expect(wb.getWorksheet('旧存')).toBeUndefined();
    const list = wb.getWorksheet('新发现问题')!;
    expect(list.getCell('B6').value).toBe('新发现问题');
  });

  it('PDF: office, period and figures are in the text', () => {
    const text = execFileSync('pdftotext', ['-layout', path.join(out, '2026年10月员额检察官办案数据通报.pdf'), '-'], {
      encoding: 'utf8',
    });
    expect(text).toContain('赤城县人民检察院');
    expect(text).toContain('2026年10月员额检察官办案数据通报');
    expect(text.replace(/\s/g, '')).toContain('结案率66.7%');
    expect(text).toMatch(/—\s*1\s*—/);
    const m = execFileSync('pdftotext', [path.join(out, '2026年10月流程监控通报.pdf'), '-'], {
      encoding: 'utf8',
    }).replace(/\s/g, '');
    expect(m).toContain('新发现问题4个');
    for (const n of SUSPECTS) expect(m).not.toContain(n);
  });

  it('JSON: exactly the cli.md shapes', () => {
    const pj = JSON.parse(fs.readFileSync(path.join(out, '2026年10月员额检察官办案数据通报.json'), 'utf8'));
    expect(Object.keys(pj)).toEqual(['month', 'office', 'rows', 'totals']);
    expect(Object.keys(pj.rows[0])).toEqual(['prosecutor', 'department', 'metrics']);
    // The office's totals also carry the SPP's two-cohort ratio (office level only, metrics.md); rows never do.
    expect(Object.keys(pj.totals)).toEqual([...PROSECUTOR_METRICS.map((d) => d.id), 'sppPretrialDetentionRatio']);
    expect(Object.keys(pj.rows[0].metrics)).toEqual(PROSECUTOR_METRICS.map((d) => d.id));
    expect(pj.rows.find((r: { prosecutor: string }) => r.prosecutor === '赵检察').metrics.nonArrestRate).toBeNull();
    const mj = JSON.parse(fs.readFileSync(path.join(out, '2026年10月流程监控通报.json'), 'utf8'));
    expect(Object.keys(mj)).toEqual([
      'month',
      'metrics',
      'bySeverity',
      'byRule',
      'byArea',
      'byDepartment',
      'byProsecutor',
    ]);
    expect(Object.keys(mj.byRule[0])).toEqual(['ruleId', 'count']);
    expect(mj.metrics.rectificationRate).toBe(0.25);
  });

  it('a re-exported PDF has the same text; the rank column appears only when the setting asks', async () => {
    const again = tmpDir();
    await exportSnapshot(JSON.parse(JSON.stringify(pros)), ['pdf'], again, printer.print);
    const text = (dir: string) =>
      execFileSync('pdftotext', ['-layout', path.join(dir, '2026年10月员额检察官办案数据通报.pdf'), '-'], {
        encoding: 'utf8',
      });
    expect(text(again)).toBe(text(out));
    expect((await docxText(path.join(out, '2026年10月员额检察官办案数据通报.docx'))).body).not.toContain('部门内排名');
    const ranked = buildProsecutorsSnapshot(db, '2026-10', { ...META, rankWithinDepartment: true });
    const dir = tmpDir();
    await exportSnapshot(ranked, ['docx'], dir, printer.print);
    expect((await docxText(path.join(dir, '2026年10月员额检察官办案数据通报.docx'))).body).toContain('部门内排名');
  });

  it('with PDFs in the batch, the DOCX charts are drawn by its Chromium: as big as resvg draws them, not blank', async () => {
    const pngs = async (file: string) => {
      const zip = await JSZip.loadAsync(fs.readFileSync(file));
      const media = Object.keys(zip.files).filter((n) => n.startsWith('word/media/'));
      return Promise.all(media.map((n) => zip.file(n)!.async('nodebuffer')));
    };
    const size = (png: Buffer) => [png.readUInt32BE(16), png.readUInt32BE(20)];
    const byBrowser = tmpDir();
    const byResvg = tmpDir();
    await exportSnapshot(JSON.parse(JSON.stringify(mon)), ['docx', 'pdf'], byBrowser, printer);
    await exportSnapshot(JSON.parse(JSON.stringify(mon)), ['docx'], byResvg, printer);
    const name = '2026年10月流程监控通报.docx';
    const a = await pngs(path.join(byBrowser, name));
    const b = await pngs(path.join(byResvg, name));
    expect(a.length).toBe(2); // findings by area, the trend
    expect(a.map(size)).toEqual(b.map(size));
    expect(size(a[0])[0]).toBe(1240); // 620 px at twice the size
    // Drawn, not an empty frame: bars, axes and Chinese labels make tens of KB of PNG.
    for (const png of a) expect(png.length).toBeGreaterThan(10_000);
    expect(a[0].equals(b[0])).toBe(false); // the other rasterizer
  });

  it('the same snapshot exports to the same bytes (DOCX, XLSX, JSON)', async () => {
    const again = tmpDir();
    const snap = JSON.parse(JSON.stringify(mon));
    await exportSnapshot(snap, ['docx', 'xlsx', 'json'], again, printer.print);
    for (const ext of ['docx', 'xlsx', 'json']) {
      const a = fs.readFileSync(path.join(out, `2026年10月流程监控通报.${ext}`));
      const b = fs.readFileSync(path.join(again, `2026年10月流程监控通报.${ext}`));
      expect(a.equals(b), ext).toBe(true);
    }
  });
  it('the formats are made together: paths in the asked order; a failed PDF is reported after the others are written', async () => {
    const dir = tmpDir();
    const paths = await exportSnapshot(JSON.parse(JSON.stringify(mon)), ['xlsx', 'json', 'docx'], dir, printer.print);
    expect(paths.map((f) => path.basename(f))).toEqual([
      '2026年10月流程监控通报.xlsx',
      '2026年10月流程监控通报.json',
      '2026年10月流程监控通报.docx',
    ]);
    const failing = tmpDir();
    const broken = async () => {
      throw new Error('打印失败');
    };
    await expect(
      exportSnapshot(JSON.parse(JSON.stringify(mon)), ['docx', 'pdf', 'xlsx'], failing, broken),
    ).rejects.toThrow('打印失败');
    // Nothing is still being written once the failure is reported: the other formats are complete files.
    expect(fs.readdirSync(failing).sort()).toEqual(['2026年10月流程监控通报.docx', '2026年10月流程监控通报.xlsx']);
    for (const f of fs.readdirSync(failing))
      expect(fs.readFileSync(path.join(failing, f)).equals(fs.readFileSync(path.join(out, f))), f).toBe(true);
  });
});
