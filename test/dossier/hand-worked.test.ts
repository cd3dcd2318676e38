/**
 * The hand-worked office of test/dossier/office.ts: every figure below was worked out by hand from the office's
 * dated facts (the comments say how), then compared with what `caseflow bulletin --quarter`, `caseflow dossier`
 * and `caseflow evaluation` produce from the store the office's monthly exports and audits built.
 */
import path from 'node:path';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { tmpStore } from '../helpers/tmp';
import { execFile } from 'node:child_process';
import { liveThrough2025 } from './office';
import { chromiumPath, docxText, pdfText, xlsxRows } from '../referrals/fixture';

const ids = [
  'carriedOver',
  'received',
  'concluded',
  'pending',
  'concludeRate',
  'avgDays',
  'lateConcluded',
  'arrestDecided',
  'arrested',
  'notArrested',
  'nonArrestRate',
  'prosDecided',
  'prosecuted',
  'notProsecuted',
  'nonProsRate',
  'pleaRate',
  'fixedSentencingRate',
  'sentencingAdoptRate',
  'pretrialDetentionRate',
  'returnRate',
  'extensionRate',
  'appealRate',
  'findingsNew',
  'findingsSerious',
  'noticesIssued',
  'findingsRectified',
  'findingsOpen',
] as const;
const RATES = new Set([
  'concludeRate',
  'avgDays',
  'nonArrestRate',
  'nonProsRate',
  'pleaRate',
  'fixedSentencingRate',
  'sentencingAdoptRate',
  'pretrialDetentionRate',
  'returnRate',
  'extensionRate',
  'appealRate',
]);
type M = Partial<Record<(typeof ids)[number], number | null>>;
/** A period with nothing: every count 0, every rate and mean null (a 0 denominator); then the given figures. */
const m = (given: M): Record<string, number | null> =>
  Object.fromEntries(ids.map((id) => [id, id in given ? given[id]! : RATES.has(id) ? null : 0]));

const BIN = path.resolve(__dirname, '../../bin/caseflow.js');

/** Runs the real command (bin/caseflow.js), as the user or a script would. */
function cli(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...argv],
      { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } },
      (e, out, err) => resolve({ code: e ? (typeof e.code === 'number' ? e.code : 2) : 0, out, err }),
    );
  });
}

describe('a hand-worked office (赤城县人民检察院, 2025)', () => {
  const s = tmpStore();
  const db = ['--db', s.dbPath];
  beforeAll(async () => {
    await liveThrough2025(s.ctx, s.dir);
    s.db.close();
  }, 120_000);

  it('the 2025-Q3 prosecutors bulletin (rates over the quarter, not averages of months)', async () => {
    const r = await cli(['bulletin', '--quarter', '2025-Q3', '--kind', 'prosecutors', '--format', 'json', ...db]);
    expect(r.err).not.toMatch(/错误/);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(Object.keys(j)).toEqual(['period', 'office', 'rows', 'totals']);
    expect(j.period).toBe('2025-Q3');
    expect(j.office).toBe('赤城县人民检察院');
    expect(j.rows.map((x: { prosecutor: string }) => x.prosecutor)).toEqual(['李明', '赵静', '孙丽', '王强']);
    const row = (name: string) => j.rows.find((x: { prosecutor: string }) => x.prosecutor === name).metrics;
    // 李明: K03 carried over (received 06-02, open on 07-01); K01, K02, K04 received; K01, K02, K03 concluded (4, 22, 43 days);
    // K04 open on 09-30. K03 concluded late (DL-PROS 超期办结). 张一 批准逮捕 (K01); 张一 (plea, 确定刑, 逮捕 since 08-05) and
    // 李二 (幅度刑, judged 09-10 not adopted, appealed) 起诉. Findings first seen in Q3: K03 DL-PROS (严重), K04 DQ-CAUSE;
    // N1 issued; K03 rectified 08-12; K04 open on 09-30.
    expect(row('李明')).toEqual(
      m({
        carriedOver: 1,
        received: 3,
        concluded: 3,
        pending: 1,
        concludeRate: 3 / 4,
        avgDays: 69 / 3,
        lateConcluded: 1,
        arrestDecided: 1,
        arrested: 1,
        nonArrestRate: 0,
        prosDecided: 2,
        prosecuted: 2,
        nonProsRate: 0,
        pleaRate: 1 / 2,
        fixedSentencingRate: 1 / 2,
        sentencingAdoptRate: 0,
        pretrialDetentionRate: 1 / 2,
        returnRate: 0,
        extensionRate: 0,
        appealRate: 1,
        findingsNew: 2,
        findingsSerious: 1,
        noticesIssued: 1,
        findingsRectified: 1,
        findingsOpen: 1,
      }),
    );
    // 赵静: K05 (18 days, 王四 不起诉 with plea) and K06 (42 days, extended, 陈五 起诉 确定刑, judged in November).
    // RT-SUSPECT on K06 first seen 08-31, N3 issued 09-02, rectified 09-15.
    expect(row('赵静')).toEqual(
      m({
        received: 2,
        concluded: 2,
        concludeRate: 1,
        avgDays: 30,
        prosDecided: 2,
        prosecuted: 1,
        notProsecuted: 1,
        nonProsRate: 1 / 2,
        pleaRate: 1 / 2,
        fixedSentencingRate: 1,
        pretrialDetentionRate: 0,
        returnRate: 0,
        extensionRate: 1 / 2,
        findingsNew: 1,
        noticesIssued: 1,
        findingsRectified: 1,
      }),
    );
    // 王强: K08 carried over and still open (中止审查); K07 received 09-22, 不批准逮捕 09-30 (8 days).
    expect(row('王强')).toEqual(
      m({
        carriedOver: 1,
        received: 1,
        concluded: 1,
        pending: 1,
        concludeRate: 1 / 2,
        avgDays: 8,
        arrestDecided: 1,
        notArrested: 1,
        nonArrestRate: 1,
      }),
    );
    // 孙丽: a quota prosecutor without cases: a row of nothing.
    expect(row('孙丽')).toEqual(m({}));
    // The office: the prosecutors' counts added, every rate from the added counts (avgDays 137 / 6, not the mean of means).
    expect(j.totals).toEqual({
      ...m({
        carriedOver: 2,
        received: 6,
        concluded: 6,
        pending: 2,
        concludeRate: 6 / 8,
        avgDays: 137 / 6,
        lateConcluded: 1,
        arrestDecided: 2,
        arrested: 1,
        notArrested: 1,
        nonArrestRate: 1 / 2,
        prosDecided: 4,
        prosecuted: 3,
        notProsecuted: 1,
        nonProsRate: 1 / 4,
        pleaRate: 2 / 4,
        fixedSentencingRate: 2 / 3,
        sentencingAdoptRate: 0,
        pretrialDetentionRate: 1 / 4,
        returnRate: 0,
        extensionRate: 1 / 4,
        appealRate: 1,
        findingsNew: 3,
        findingsSerious: 1,
        noticesIssued: 2,
        findingsRectified: 2,
        findingsOpen: 1,
      }),
      // The SPP's two-cohort ratio, office-level only (in the totals, never a row): 逮捕 1 ÷ (起诉 3 + 不起诉 1).
      sppPretrialDetentionRatio: 1 / 4,
    });
  });

  it('李明’s 2025 dossier: the year, each month, findings, notices, escalation, reviews, referrals', async () => {
    const r = await cli(['dossier', '--prosecutor', '李明', '--year', '2025', ...db]);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(Object.keys(j)).toEqual([
      'prosecutor',
      'period',
      'metrics',
      'months',
      'findings',
      'notices',
      'reviews',
      'referralsIn',
    ]);
    expect(j.prosecutor).toBe('李明');
    expect(j.period).toBe('2025');
    // The year: K01–K04 received and concluded (4 + 22 + 43 + 61 days); K03 late; K04 returned once. 张一 批准逮捕;
    // 张一, 李二, 刘三 起诉 (plea: 张一, 刘三; 确定刑: 张一 only; held at the decision: 张一). Judged in 2025: 李二 (not
    // adopted, appealed), 张一 (adopted). Findings first seen: K03 DL-PROS (严重), K04 DQ-CAUSE, the referral on K02;
    // N1, N2 issued; K03 and K04 rectified; the referral open on 12-31.
    expect(j.metrics).toEqual(
      m({
        received: 4,
        concluded: 4,
        concludeRate: 1,
        avgDays: 130 / 4,
        lateConcluded: 1,
        arrestDecided: 1,
        arrested: 1,
        nonArrestRate: 0,
        prosDecided: 3,
        prosecuted: 3,
        nonProsRate: 0,
        pleaRate: 2 / 3,
        fixedSentencingRate: 1 / 3,
        sentencingAdoptRate: 1 / 2,
        pretrialDetentionRate: 1 / 3,
        returnRate: 1 / 3,
        extensionRate: 0,
        appealRate: 1 / 2,
        findingsNew: 3,
        findingsSerious: 1,
        noticesIssued: 2,
        findingsRectified: 2,
        findingsOpen: 1,
      }),
    );
    expect(j.months.map((x: { month: string }) => x.month)).toEqual([
      '2025-01',
      '2025-02',
      '2025-03',
      '2025-04',
      '2025-05',
      '2025-06',
      '2025-07',
      '2025-08',
      '2025-09',
      '2025-10',
      '2025-11',
      '2025-12',
    ]);
    const month = (k: string) => j.months.find((x: { month: string }) => x.month === k).metrics;
    for (const k of ['2025-01', '2025-02', '2025-03', '2025-04', '2025-05', '2025-12'])
      expect(month(k), k).toEqual(m(k === '2025-12' ? { findingsOpen: 1 } : {}));
    // June: K03 received, open at the month's end (not yet due: no finding).
    expect(month('2025-06')).toEqual(m({ received: 1, pending: 1, concludeRate: 0 }));
    // July: K03 concluded late (43 days), 李二 起诉 (幅度刑, not held, no arrest that month); the 07-31 audit finds DL-PROS.
    expect(month('2025-07')).toEqual(
      m({
        carriedOver: 1,
        concluded: 1,
        concludeRate: 1,
        avgDays: 43,
        lateConcluded: 1,
        prosDecided: 1,
        prosecuted: 1,
        nonProsRate: 0,
        pleaRate: 0,
        fixedSentencingRate: 0,
        pretrialDetentionRate: 0,
        returnRate: 0,
        extensionRate: 0,
        findingsNew: 1,
        findingsSerious: 1,
        findingsOpen: 1,
      }),
    );
    // August: K01 (4 days, 批准逮捕) and K02 (22 days, 张一 起诉 held, plea, 确定刑); N1 issued; DL-PROS rectified 08-12.
    expect(month('2025-08')).toEqual(
      m({
        received: 2,
        concluded: 2,
        concludeRate: 1,
        avgDays: 13,
        arrestDecided: 1,
        arrested: 1,
        nonArrestRate: 0,
        prosDecided: 1,
        prosecuted: 1,
        nonProsRate: 0,
        pleaRate: 1,
        fixedSentencingRate: 1,
        pretrialDetentionRate: 1,
        returnRate: 0,
        extensionRate: 0,
        noticesIssued: 1,
        findingsRectified: 1,
      }),
    );
    // September: K04 received; 李二 judged (not adopted, appealed); DQ-CAUSE first seen 09-30, open.
    expect(month('2025-09')).toEqual(
      m({
        received: 1,
        pending: 1,
        concludeRate: 0,
        sentencingAdoptRate: 0,
        appealRate: 1,
        findingsNew: 1,
        findingsOpen: 1,
      }),
    );
    // October: K04 carried over and open; 张一 judged (adopted, no appeal); N2 issued.
    expect(month('2025-10')).toEqual(
      m({
        carriedOver: 1,
        pending: 1,
        concludeRate: 0,
        sentencingAdoptRate: 1,
        appealRate: 0,
        noticesIssued: 1,
        findingsOpen: 1,
      }),
    );
    // November: K04 concluded (61 days, returned once), 刘三 起诉 (plea, 幅度刑, not held); the referral received 11-05;
    // DQ-CAUSE rectified by the 11-30 audit.
    expect(month('2025-11')).toEqual(
      m({
        carriedOver: 1,
        concluded: 1,
        concludeRate: 1,
        avgDays: 61,
        prosDecided: 1,
        prosecuted: 1,
        nonProsRate: 0,
        pleaRate: 1,
        fixedSentencingRate: 0,
        pretrialDetentionRate: 0,
        returnRate: 1,
        extensionRate: 0,
        findingsNew: 1,
        findingsRectified: 1,
        findingsOpen: 1,
      }),
    );
    // Findings: 3 on 4 cases handled (75 per 100); rectified after 12 (07-31 → 08-12) and 61 (09-30 → 11-30) days;
    // of the two noticed, K03 rectified by its deadline (08-12 ≤ 08-14), K04 not (11-30 > 10-19); K04 referred.
    expect(j.findings).toEqual({
      total: 3,
      serious: 1,
      per100Cases: 75,
      byArea: { 办案期限: 1, 强制措施: 0, 诉讼权利保障: 0, 法律文书: 0, 案卡填录: 1, 督查移送: 1 },
      byRule: [
        { ruleId: 'DL-PROS', title: expect.any(String), count: 1 },
        { ruleId: 'DQ-CAUSE', title: expect.any(String), count: 1 },
        { ruleId: 'REF-INSPECTION', title: expect.any(String), count: 1 },
      ],
      medianDaysToRectify: 36.5,
      rectifiedOnTimeRate: 1 / 2,
      escalated: 1,
    });
    // N1 (严重 → 报检察长) replied 08-12 by its 08-14 deadline; N2 replied 11-02, after its 10-19 deadline.
    expect(j.notices).toEqual({ issued: 2, toChief: 1, repliedOnTime: 1 });
    expect(j.reviews).toEqual([
      { caseNo: '赤检刑诉受[2025]130732000002号', grade: '优质', on: '2025-09-20' },
      { caseNo: '赤检刑诉受[2025]130732000003号', grade: '基本合格', on: '2025-10-15' },
    ]);
    expect(j.referralsIn).toBe(1);
  });

  it('the 2025 evaluation workbook: one row per 员额检察官 (not the assistant), every figure traced to its rows, no ranking', async () => {
    const out = path.join(s.dir, 'evaluation');
    const r = await cli(['evaluation', '--year', '2025', '--out', out, ...db]);
    expect(r.code).toBe(0);
    const file = r.out.trim();
    expect(path.basename(file)).toBe('2025年度员额检察官业绩考评数据.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    const sum = wb.getWorksheet('汇总')!;
    const rows: unknown[][] = [];
    sum.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    const hi = rows.findIndex((x) => x[0] === '部门' && x[1] === '检察官');
    const headers = rows[hi] as string[];
    expect(headers).not.toContain('部门内排名');
    for (const h of headers) expect(h).toMatch(/[\u4e00-\u9fff]/); // Chinese headers only
    const data = rows.slice(hi + 1);
    expect(data.map((x) => x[1])).toEqual(['李明', '赵静', '孙丽', '王强']);
    const cell = (who: string, header: string) => data.find((x) => x[1] === who)![headers.indexOf(header)];
    // 李明: as his dossier.
    expect(cell('李明', '新收')).toBe(4);
    expect(cell('李明', '结案率')).toBe(1);
    expect(cell('李明', '平均办案天数')).toBe(32.5);
    expect(cell('李明', '每百件案件问题数')).toBe(75);
    expect(cell('李明', '整改天数中位数')).toBe(36.5);
    expect(cell('李明', '按期整改率')).toBe(0.5);
    expect(cell('李明', '移送督查')).toBe(1);
    expect(cell('李明', '报检察长')).toBe(1);
    expect(cell('李明', '按期回复')).toBe(1);
    expect(cell('李明', '评查优质')).toBe(1);
    expect(cell('李明', '评查基本合格')).toBe(1);
    expect(cell('李明', '督查移送')).toBe(1);
    expect(cell('李明', '问题：案卡填录')).toBe(1);
    // 赵静: K05, K06, K09 received; K05, K06 concluded (18 + 42 days); K09 open; 陈五 judged (adopted, no appeal);
    // RT-SUSPECT rectified 15 days after it was found, after N3's deadline (09-15 > 09-12); N3 replied on time; K05 合格.
    expect(cell('赵静', '新收')).toBe(3);
    expect(cell('赵静', '未结')).toBe(1);
    expect(cell('赵静', '结案率')).toBeCloseTo(2 / 3, 12);
    expect(cell('赵静', '平均办案天数')).toBe(30);
    expect(cell('赵静', '量刑建议采纳率')).toBe(1);
    expect(cell('赵静', '一审判决上诉率')).toBe(0);
    expect(cell('赵静', '每百件案件问题数')).toBeCloseTo(100 / 3, 12);
    expect(cell('赵静', '整改天数中位数')).toBe(15);
    expect(cell('赵静', '按期整改率')).toBe(0);
    expect(cell('赵静', '按期回复')).toBe(1);
    expect(cell('赵静', '评查合格')).toBe(1);
    // 王强: K08 carried over (open), K07 不批准逮捕; CM-BAIL (严重) and DQ-STALE found 11-30, open.
    expect(cell('王强', '旧存')).toBe(1);
    expect(cell('王强', '不捕率')).toBe(1);
    expect(cell('王强', '不诉率')).toBe('—');
    expect(cell('王强', '新发现问题')).toBe(2);
    expect(cell('王强', '其中严重')).toBe(1);
    expect(cell('王强', '期末未整改')).toBe(2);
    expect(cell('王强', '每百件案件问题数')).toBe(100);
    expect(cell('王强', '问题：强制措施')).toBe(1);
    expect(cell('王强', '整改天数中位数')).toBe('—');
    // 孙丽: nothing.
    expect(cell('孙丽', '新收')).toBe(0);
    expect(cell('孙丽', '结案率')).toBe('—');

    // The rows behind the figures: a sheet per population (the cases, persons, findings, notices of some figures),
    // each row once, with a column per figure saying how the row counts in it. Every figure of every prosecutor in
    // 汇总 is its column's marked rows of that prosecutor: a count the rows marked 是, a rate 计入分子 ÷ the marked
    // rows, a mean the average of the column.
    const names = wb.worksheets.map((w) => w.name);
    for (const n of [
      '旧存新收案件',
      '审查起诉办结案件',
      '审查逮捕审结人员',
      '审查起诉审结人员',
      '一审判决人员',
      '问题',
      '通知书',
      '按期整改率',
      '移送督查',
      '案件质量评查',
    ])
      expect(names).toContain(n);
    const listOf = (name: string) => {
      const ws = wb.getWorksheet(name)!;
      const all: unknown[][] = [];
      ws.eachRow((row) => all.push((row.values as unknown[]).slice(1)));
      const h = all.findIndex((x) => x[0] === '序号');
      return { headers: all[h] as string[], rows: all.slice(h + 1) };
    };
    const groups = [
      '旧存新收案件',
      '审查起诉办结案件',
      '审查逮捕审结人员',
      '审查起诉审结人员',
      '一审判决人员',
      '问题',
      '通知书',
    ];
    const checked = new Set<string>();
    for (const g of groups) {
      const { headers: hs, rows: rs } = listOf(g);
      const who = hs.indexOf('承办检察官');
      for (const fig of headers.filter((x) => hs.includes(x) && x !== '部门' && x !== '检察官')) {
        const at = hs.indexOf(fig);
        for (const p of ['李明', '赵静', '孙丽', '王强']) {
          const marks = rs.filter((x) => x[who] === p && x[at] != null && x[at] !== '').map((x) => x[at]);
          const want = cell(p, fig);
          const got =
            typeof marks[0] === 'number'
              ? marks.length
                ? (marks as number[]).reduce((a, b) => a + b, 0) / marks.length
                : '—'
              : marks.some((m) => m === '计入分子' || m === '仅计入分母')
                ? marks.filter((m) => m === '计入分子').length / marks.length
                : marks.length === 0 && typeof want !== 'number'
                  ? '—'
                  : marks.length;
          if (typeof want === 'number' && !Number.isInteger(want))
            expect(got, `${g} ${fig} ${p}`).toBeCloseTo(want, 12);
          else expect(got, `${g} ${fig} ${p}`).toBe(want);
        }
        checked.add(fig);
      }
    }
    // Every bulletin figure and the dossier's counted ones are checked there (整改天数 is the median's column).
    for (const fig of [
      '新收',
      '结案率',
      '平均办案天数',
      '不捕率',
      '不诉率',
      '量刑建议采纳率',
      '新发现问题',
      '逾期未整改',
      '督查移送',
      '报检察长',
      '按期回复',
    ])
      expect(checked, fig).toContain(fig);
    const received = listOf('旧存新收案件');
    // 新收: the 8 cases received in 2025 (K08 was received in 2024, 旧存).
    expect(received.rows.filter((x) => x[received.headers.indexOf('新收')] === '是')).toHaveLength(8);
    const esc = listOf('移送督查');
    expect(esc.rows).toHaveLength(1);
    expect(esc.rows[0][esc.headers.indexOf('部门受案号')]).toBe('赤检刑诉受[2025]130732000004号');
    expect(esc.rows[0][esc.headers.indexOf('案件名称')]).toBe('刘某危险驾驶案');
  });
});

describe('the documents of the hand-worked office, read back', () => {
  const s = tmpStore();
  const db = ['--db', s.dbPath];
  beforeAll(async () => {
    await liveThrough2025(s.ctx, s.dir);
    s.db.close();
  }, 120_000);

  it('李明’s dossier as Word, PDF and Excel', async () => {
    const out = path.join(s.dir, 'dossier');
    const r = await cli(['dossier', '--prosecutor', '李明', '--year', '2025', '--out', out, ...db]);
    expect(r.code).toBe(0);
    const files = r.out.trim().split('\n');
    const pdf = !!chromiumPath();
    expect(files.map((f) => path.basename(f))).toEqual([
      '李明2025年度个人执法档案.docx',
      ...(pdf ? ['李明2025年度个人执法档案.pdf'] : []),
      '李明2025年度个人执法档案.xlsx',
    ]);
    const docx = await docxText(files[0]);
    expect(docx).toContain('李明2025年度');
    expect(docx).toContain('个人执法档案');
    expect(docx).toContain('每百件案件75.0个');
    expect(docx).toContain('中位数为36.5天');
    expect(docx).toContain('按期整改率50.0%（1/2）');
    expect(docx).toContain('移送检务督查部门1个');
    expect(docx).toContain('赤检刑诉受[2025]130732000004号'); // the escalated finding's case
    expect(docx).toContain('各月办案数据'); // the month tables' annex
    expect(docx).not.toContain('刘三'); // suspects masked
    if (pdf) {
      const text = pdfText(files[1]).replace(/\s+/g, '');
      expect(text).toContain('个人执法档案');
      expect(text).toContain('每百件案件75.0个');
    }
    const sum = await xlsxRows(files[files.length - 1], '汇总');
    const line = (h: string) => sum.find((x) => x[0] === h)?.[1];
    expect(line('新收')).toBe(4);
    expect(line('整改天数中位数')).toBe(36.5);
    expect(line('移送督查')).toBe(1);
    const months = await xlsxRows(files[files.length - 1], '各月数据');
    expect(months.find((x) => x[0] === '2025年8月')?.slice(1, 5)).toEqual([0, 2, 2, 0]);
  });

  it('the 2025-Q3 prosecutors’ bulletin as Word, PDF and Excel', async () => {
    const out = path.join(s.dir, 'q3');
    const r = await cli(['bulletin', '--quarter', '2025-Q3', '--kind', 'prosecutors', '--out', out, ...db]);
    expect(r.code).toBe(0);
    const files = r.out.trim().split('\n');
    expect(path.basename(files[0])).toBe('2025年第三季度员额检察官办案数据通报.docx');
    const docx = await docxText(files[0]);
    expect(docx).toContain('2025年第三季度');
    expect(docx).toContain('2025年7月1日至2025年9月30日');
    expect(docx).toContain('结案率75.0%');
    const xlsx = files.find((f) => f.endsWith('.xlsx'))!;
    const rows = await xlsxRows(xlsx, '汇总');
    const head = rows.find((x) => x[0] === '部门')!;
    const li = rows.find((x) => x[1] === '李明')!;
    expect(li[head.indexOf('结案率')]).toBe(0.75);
    expect(li[head.indexOf('平均办案天数')]).toBe(23);
  });

  it('the 2025-Q3 monitoring bulletin beside 上期 (2025-Q2, covered) and 同比 (2024-Q3, before the first data date: —)', async () => {
    const q2 = await cli(['bulletin', '--quarter', '2025-Q2', '--kind', 'monitoring', '--format', 'json', ...db]);
    expect(q2.code).toBe(0);
    const prev = JSON.parse(q2.out) as { period: string; metrics: Record<string, number | null> };
    expect(prev.period).toBe('2025-Q2');
    const out = path.join(s.dir, 'q3-monitoring');
    const r = await cli(['bulletin', '--quarter', '2025-Q3', '--kind', 'monitoring', '--out', out, ...db]);
    expect(r.code).toBe(0);
    const files = r.out.trim().split('\n');
    const docx = await docxText(files.find((f) => f.endsWith('.docx'))!);
    expect(docx).toContain('主要数据（与上期、去年同期对比）');
    expect(docx).toContain('上期指2025年第二季度，去年同期指2024年第三季度');
    expect(docx).toContain('2024年第三季度不在本院案件库监控范围内');
    expect(docx).not.toContain('2025年第二季度不在本院案件库监控范围内');
    const rows = await xlsxRows(
      files.find((f) => f.endsWith('.xlsx'))!,
      '汇总',
    );
    const head = rows.find((x) => x[0] === '指标')!;
    expect(head.slice(0, 4)).toEqual(['指标', '本期', '上期（2025年第二季度）', '去年同期（2024年第三季度）']);
    const found = rows.find((x) => x[0] === '新发现问题')!;
    expect(found[2]).toBe(prev.metrics.findingsNew);
    expect(found[3]).toBe('—');
  });

  it('refuses a year not over yet', async () => {
    // The year not over yet is refused, saying when it can be produced.
    const y = await cli(['bulletin', '--year', '2199', '--kind', 'monitoring', ...db]);
    expect(y.code).toBe(1);
    expect(y.err).toContain('2199年度');
    expect(y.err).toContain('尚未结束');
  });
});
