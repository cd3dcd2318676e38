/**
 * Figures that make sense (issue 16 item 4, metrics.md): pretrialDetentionRate counts one cohort and is
 * never above 100 %, the SPP's two-cohort ratio is office level only; comparisons with earlier periods
 * only when the store covers them, otherwise `—`; the trend starts at the first covered month.
 */
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import JSZip from 'jszip';
import { tmpDir, tmpStore } from '../helpers/tmp';
import { Builder } from './builder';
import { METRICS_BY_ID, monitoringFigures, prosecutorFigures, type Figures } from '../../core/metrics';
import { coveredPeriods, covers } from '../../core/metrics/coverage';
import { buildMonitoringSnapshot, buildProsecutorsSnapshot } from '../../core/metrics/snapshots';
import { exportSnapshot } from '../../core/documents/export';
import { jsonOf } from '../../core/documents/bulletins';
import { writeWorkbook } from '../../tools/generator';
import { runImport } from '../../core/import';
import { runAudit } from '../../core/jobs/audit';
import { previousMonth } from '../../core/dates';

const META = {
  version: 1,
  asOf: '2026-11-30',
  generatedAt: '2026-12-01T09:00:00+08:00',
  office: '青城县人民检察院',
  officeShort: '青检',
  rankWithinDepartment: false,
};
const noPrint = async (): Promise<Buffer> => {
  throw new Error('no PDF in this test');
};

async function docxBody(file: string): Promise<string> {
  const zip = await JSZip.loadAsync(fs.readFileSync(file));
  return (await zip.file('word/document.xml')!.async('string')).replace(/<[^>]+>/g, '');
}

/** The text of every table cell of a DOCX. */
async function docxCells(file: string): Promise<string[]> {
  const zip = await JSZip.loadAsync(fs.readFileSync(file));
  const xml = await zip.file('word/document.xml')!.async('string');
  return [...xml.matchAll(/<w:tc>([\s\S]*?)<\/w:tc>/g)].map((m) => m[1].replace(/<[^>]+>/g, '').trim());
}

/** Every rate of a figures object, by id. */
function rates(f: Figures): [string, number | null][] {
  return Object.entries(f).filter(([id]) => METRICS_BY_ID[id]?.kind === 'rate');
}

describe('诉前羁押率: one cohort, never above 100 %', () => {
  // 陈检察, November 2026, worked by hand:
  //   B1 审查逮捕: 3 persons 批准逮捕 on 11-05                     → arrested 3
  //   B2 审查起诉: P1 起诉 on 11-20, 逮捕 since 06-01, 在押          → decided, held at the decision
  //   B3 审查起诉: P2 起诉 on 11-25, 逮捕 only since 11-28, 在押     → decided, not held at the decision
  //   B4 审查起诉: P3 不起诉 on 11-10, 取保候审 since 09-01          → decided, not held
  // pretrialDetentionRate = 1 / 3; the SPP ratio = 3 arrested / 3 decided = 100 %, and with one more
  // arrest (B5) 4 / 3 = 133.3 %: shown at office level only, never as the prosecutor's rate.
  const { db } = tmpStore();
  const b = new Builder(db).staff('陈检察', '第一检察部');
  const 陈 = { department: '第一检察部', prosecutor: '陈检察' };
  b.case({
    ...陈,
    caseNo: 'B1',
    category: '审查逮捕',
    receivedOn: '2026-11-01',
    concludedOn: '2026-11-05',
    persons: ['甲', '乙', '丙'].map((n) => ({
      name: `${n}某人`,
      decision: '批准逮捕',
      decidedOn: '2026-11-05',
      custody: '在押' as const,
      measure: '逮捕',
      measureFrom: '2026-11-05',
    })),
  });
  b.case({
    ...陈,
    caseNo: 'B2',
    receivedOn: '2026-10-01',
    concludedOn: '2026-11-20',
    persons: [
      {
        name: '丁一',
        decision: '起诉',
        decidedOn: '2026-11-20',
        custody: '在押',
        measure: '逮捕',
        measureFrom: '2026-06-01',
      },
    ],
  });
  b.case({
    ...陈,
    caseNo: 'B3',
    receivedOn: '2026-10-10',
    concludedOn: '2026-11-25',
    persons: [
      {
        name: '戊二',
        decision: '起诉',
        decidedOn: '2026-11-25',
        custody: '在押',
        measure: '逮捕',
        measureFrom: '2026-11-28',
      },
    ],
  });
  b.case({
    ...陈,
    caseNo: 'B4',
    receivedOn: '2026-10-12',
    concludedOn: '2026-11-10',
    persons: [
      { name: '己三', decision: '不起诉', decidedOn: '2026-11-10', measure: '取保候审', measureFrom: '2026-09-01' },
    ],
  });
  b.case({
    ...陈,
    caseNo: 'B5',
    category: '审查逮捕',
    receivedOn: '2026-11-20',
    concludedOn: '2026-11-26',
    persons: [
      {
        name: '庚四',
        decision: '批准逮捕',
        decidedOn: '2026-11-26',
        custody: '在押',
        measure: '逮捕',
        measureFrom: '2026-11-26',
      },
    ],
  });

  it('the cohort rate of a prosecutor whose SPP ratio exceeds 100 % is 1/3; the ratio is office level only', () => {
    const pf = prosecutorFigures(db, '2026-11');
    const chen = pf.rows.find((r) => r.prosecutor === '陈检察')!.metrics;
    expect(chen.arrested).toBe(4);
    expect(chen.prosecuted! + chen.notProsecuted!).toBe(3);
    expect(chen.pretrialDetentionRate).toBeCloseTo(1 / 3, 12);
    expect(chen).not.toHaveProperty('sppPretrialDetentionRatio');
    expect(pf.officeLevel).toEqual([
      expect.objectContaining({ id: 'sppPretrialDetentionRatio', numerator: 4, denominator: 3 }),
    ]);
    expect(pf.officeLevel[0].value).toBeCloseTo(4 / 3, 12);
    expect(pf.officeLevel[0].note).toContain('不是同一批人');
  });

  it('the prosecutors bulletin says 33.3 % for the prosecutor and gives the SPP ratio once, for the office, with its note', async () => {
    const s = buildProsecutorsSnapshot(db, '2026-11', META);
    const j = jsonOf(s) as { rows: { metrics: Figures }[]; totals: Figures };
    expect(j.rows[0].metrics.pretrialDetentionRate).toBeCloseTo(1 / 3, 12);
    expect(j.rows[0].metrics).not.toHaveProperty('sppPretrialDetentionRatio');
    expect(j.totals.pretrialDetentionRate).toBeCloseTo(1 / 3, 12);
    expect(j.totals.sppPretrialDetentionRatio).toBeCloseTo(4 / 3, 12);
    const out = tmpDir();
    await exportSnapshot(s, ['docx'], out, noPrint);
    const body = await docxBody(path.join(out, '2026年11月员额检察官办案数据通报.docx'));
    expect(body).toContain('诉前羁押率33.3%');
    expect(body).toContain('按最高检通报口径，全院诉前羁押率为133.3%（本期批准逮捕4人，本期起诉、不起诉3人）');
    expect(body).toContain('诉前羁押率（最高检通报口径）（仅全院）');
    // No table cell carries a rate above 100 %; the prosecutor's row of table 3 has 33.3 %.
    const cells = await docxCells(path.join(out, '2026年11月员额检察官办案数据通报.docx'));
    expect(cells.filter((c) => /^\d+(\.\d)?%$/.test(c) && parseFloat(c) > 100)).toEqual([]);
    expect(cells).toContain('33.3%');
  });
});

describe('every rate of several generated months lies in [0, 1] or is null', () => {
  const { db, ctx, dir } = tmpStore();
  beforeAll(async () => {
    const wb = path.join(dir, 'office.xlsx');
    await writeWorkbook({ cases: 1500, seed: 20261201, asOf: '2026-11-30' }, wb);
    const r = await runImport(ctx, [wb], {});
    expect(r.ok, JSON.stringify(r.errors.slice(0, 3))).toBe(true);
    runAudit(ctx, { asOf: '2026-11-30' });
  }, 300_000);

  it('prosecutors (rows, departments, totals) and monitoring, May to November', () => {
    let month = '2026-11';
    let checked = 0;
    let someDetention = false;
    for (let i = 0; i < 7; i++, month = previousMonth(month)) {
      const pf = prosecutorFigures(db, month);
      for (const figs of [...pf.rows.map((r) => r.metrics), ...pf.departments.map((d) => d.metrics), pf.totals])
        for (const [id, v] of rates(figs)) {
          checked++;
          if (v != null) expect(v, `${month} ${id}`).toBeGreaterThanOrEqual(0);
          if (v != null) expect(v, `${month} ${id}`).toBeLessThanOrEqual(1);
          if (id === 'pretrialDetentionRate' && v != null && v > 0) someDetention = true;
        }
      for (const [id, v] of rates(monitoringFigures(db, month).metrics)) {
        checked++;
        if (v != null) expect(v >= 0 && v <= 1, `${month} ${id} = ${v}`).toBe(true);
      }
    }
    expect(checked).toBeGreaterThan(500);
    expect(someDetention).toBe(true);
  });
});

describe('comparisons only with periods the store covers', () => {
  it('no inspection and no data before: 上期 and 同比 are — with no difference; the trend starts at this month', async () => {
    const { db } = tmpStore();
    const b = new Builder(db).staff('李检察', '第一检察部');
    b.case({ caseNo: 'C1', receivedOn: '2026-08-01' });
    b.finding({ ruleId: 'DQ-CAUSE', caseNo: 'C1', firstSeen: '2026-11-03' });
    expect(coveredPeriods(db, ['2026-10', '2025-11'])).toEqual(new Set());
    const s = buildMonitoringSnapshot(db, '2026-11', META);
    expect(s.previous).toMatchObject({ period: '2026-10', covered: false, metrics: null, byArea: null });
    expect(s.yearAgo).toMatchObject({ period: '2025-11', covered: false, metrics: null });
    expect(s.trend.map((t) => t.month)).toEqual(['2026-11']);
    const out = tmpDir();
    await exportSnapshot(s, ['docx'], out, noPrint);
    const body = await docxBody(path.join(out, '2026年11月流程监控通报.docx'));
    // 新发现问题: 1 this month, — for 上期, 环比, 去年同期, 同比 (never "0" and "+1").
    expect(body).toContain('新发现问题1————');
    expect(body).toContain('新发现问题1个（2026年10月未纳入监控，不作比较）');
    expect(body).toContain('2026年10月、2025年11月不在本院案件库监控范围内');
    expect(body).not.toContain('+1');
  });

  it('covered when its monthly inspection ran or imported data reaches back to its start', () => {
    const { db } = tmpStore();
    const b = new Builder(db).staff('李检察', '第一检察部');
    b.case({ caseNo: 'C1', receivedOn: '2026-08-01' });
    b.finding({ ruleId: 'DQ-CAUSE', caseNo: 'C1', firstSeen: '2026-10-03' });
    b.finding({ ruleId: 'DQ-CAUSE', caseNo: 'C1', subjectKey: 'x', firstSeen: '2026-11-03' });
    db.prepare(
      `INSERT INTO job_runs(job, period, version, as_of, started_at, status, actor) VALUES ('inspection', '2026-10', 1, '2026-10-31', 'x', 'succeeded', 't')`,
    ).run();
    expect(covers(db, '2026-10')).toBe(true);
    expect(covers(db, '2026-09')).toBe(false);
    let s = buildMonitoringSnapshot(db, '2026-11', META);
    expect(s.previous).toMatchObject({ covered: true, metrics: expect.objectContaining({ findingsNew: 1 }) });
    expect(s.trend.map((t) => t.month)).toEqual(['2026-10', '2026-11']);
    // An import whose data reaches back to 1 June covers June onwards (not May).
    db.prepare(
      `INSERT INTO import_batches(files_json, content_hash, started_at, actor) VALUES ('[]', 'h', '2026-06-01T10:00:00+08:00', 't')`,
    ).run();
    expect([...coveredPeriods(db, ['2026-05', '2026-06', '2026-07'])].sort()).toEqual(['2026-06', '2026-07']);
    s = buildMonitoringSnapshot(db, '2026-11', META);
    expect(s.trend[0].month).toBe('2026-06');
    // The data date of an import (the day its export was taken), not the day it ran.
    db.prepare(
      `INSERT INTO import_batches(files_json, content_hash, started_at, actor, taken_on) VALUES ('[]', 'h2', '2026-12-01T10:00:00+08:00', 't', '2026-05-01')`,
    ).run();
    expect(covers(db, '2026-05')).toBe(true);
    expect(covers(db, '2026-04')).toBe(false);
    expect(s.yearAgo.covered).toBe(false);
  });
});
