import { afterAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import JSZip from 'jszip';
import { tmpDir, tmpStore } from '../helpers/tmp';
import {
  addReferral,
  addReview,
  exportReferralPackage,
  getReferralPackage,
  packageFolderName,
} from '../../core/referrals';
import {
  CASES,
  MONTH,
  chromiumPath,
  docxText,
  makePrinter,
  pdfText,
  seedCases,
  seedFindings,
  seedNotices,
  xlsxRows,
} from './fixture';

const printer = makePrinter();
afterAll(async () => {
  await printer?.close();
});

/** Every file's text: DOCX body, PDF text, XLSX cells. */
async function texts(folder: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const f of fs.readdirSync(folder).sort()) {
    const p = path.join(folder, f);
    if (f.endsWith('.docx')) out[f] = await docxText(p);
    else if (f.endsWith('.pdf')) out[f] = pdfText(p);
    else if (f.endsWith('.xlsx')) out[f] = JSON.stringify(await xlsxRows(p));
    else out[f] = fs.readFileSync(p, 'utf8');
  }
  return out;
}

function buildMonth() {
  const s = tmpStore();
  const ctx = { ...s.ctx, actor: '案管员甲', printPdf: printer?.print };
  seedCases(s.db);
  seedFindings(s.db);
  const notices = seedNotices(ctx);
  addReview(ctx, {
    caseNo: CASES[0].caseNo,
    reviewedOn: '2026-10-15',
    reviewer: '孙评',
    kind: '重点评查',
    grade: '不合格',
    problems: '对张三丰的羁押必要性审查缺失',
  });
  addReview(ctx, {
    caseNo: CASES[2].caseNo,
    reviewedOn: '2026-10-28',
    reviewer: '孙评',
    kind: '专项评查',
    grade: '基本合格',
    problems: '欧阳娜娜案文书说理不充分',
  });
  addReview(ctx, {
    caseNo: CASES[1].caseNo,
    reviewedOn: '2026-10-20',
    reviewer: '孙评',
    kind: '常规抽查',
    grade: '合格',
  }); // not enclosed
  addReview(ctx, {
    caseNo: CASES[1].caseNo,
    reviewedOn: '2026-11-03',
    reviewer: '孙评',
    kind: '常规抽查',
    grade: '不合格',
    problems: '下月',
  }); // other month
  addReferral(ctx, {
    receivedOn: '2026-10-12',
    docNumber: '某检督〔2026〕3号',
    caseNo: CASES[0].caseNo,
    category: '超期羁押',
    description: '张三丰羁押期限届满未变更强制措施',
    severity: '严重',
  });
  addReferral(ctx, {
    receivedOn: '2026-10-21',
    docNumber: '某检督〔2026〕4号',
    department: '第二检察部',
    prosecutor: '赵静',
    category: '办案纪律',
    description: '接待律师未登记',
  });
  return { ...s, ctx, notices };
}

describe('monthly referral package (线索移送材料)', () => {
  it("writes the cover letter, the month's notices, the data-check summary, the reviews and an index that matches the files one to one", async () => {
    const { ctx, db, notices } = buildMonth();
    const [n1, n2, n3] = notices.map((n) => n.number);
    const out = tmpDir();
    const r = await exportReferralPackage(ctx, { month: MONTH, outDir: out, zip: true });
    expect(r.version).toBe(1);
    expect(r.frozeNew).toBe(true);
    expect(r.counts).toEqual({ notices: 2, reviews: 2, findingsNew: 5, referralsIn: 2, escalated: 0 });
    const folder = path.join(out, packageFolderName(MONTH));
    expect(r.folder).toBe(folder);
    expect(path.basename(folder)).toBe('2026年10月线索移送材料');
    const pdf = !!chromiumPath();
    expect(r.pdf).toBe(pdf);

    // the index lists every other file exactly once, and every listed file exists
    const onDisk = fs
      .readdirSync(folder)
      .filter((f) => f !== '目录.xlsx')
      .sort();
    const index = await xlsxRows(path.join(folder, '目录.xlsx'));
    expect(index[0]).toEqual(['序号', '文件/文书', '部门受案号', '承办检察官', '日期', '文件名']);
    const listed = index.slice(1).map((row) => String(row[5]));
    expect([...listed].sort()).toEqual(onDisk);
    expect(new Set(listed).size).toBe(listed.length);
    expect(index.slice(1).map((row) => row[0])).toEqual(listed.map((_, i) => i + 1));
    expect(r.files.map((f) => f.fileName)).toEqual(listed);
    const exts = pdf ? ['docx', 'pdf'] : ['docx'];
    const expected = [
      ...exts.map((e) => `01-抄送函.${e}`),
      ...exts.map((e) => `02-01-流程监控通知书（${n1}）.${e}`),
      ...exts.map((e) => `02-02-流程监控通知书（${n2}）.${e}`),
      ...[...exts, 'xlsx'].map((e) => `03-业务数据专项检查情况汇总.${e}`),
      ...[...exts, 'xlsx'].map((e) => `04-案件质量评查情况（基本合格、不合格）.${e}`),
      ...[...exts, 'xlsx'].map((e) => `05-逾期未整改问题移送清单.${e}`),
    ];
    expect(listed).toEqual(expected);
    // notice rows carry case, prosecutor and date
    const n7 = index.find((row) => String(row[5]).startsWith('02-01') && String(row[5]).endsWith('.docx'))!;
    expect(n7.slice(1, 5)).toEqual([`流程监控通知书（${n1}）`, CASES[0].caseNo, '李明', '2026-10-09']);

    const t = await texts(folder);
    // the cover letter: its own 文号, the enclosures by title and count (never a file name), the month's notices
    const year = r.producedAt.slice(0, 4);
    for (const cover of Object.keys(t).filter((f) => f.startsWith('01-抄送函'))) {
      const text = cover.endsWith('.pdf') ? t[cover].replace(/\s+/g, '') : t[cover];
      expect(text).toContain('关于抄送2026年10月案件流程监控有关材料的函');
      expect(text).toContain('本院检务督查部门');
      expect(text).toContain(`某检案管函〔${year}〕1号`);
      expect(text).toContain('流程监控通知书（2份）');
      expect(text).toContain('2026年10月业务数据专项检查情况汇总（1份）');
      expect(text).toContain('2026年10月案件质量评查情况（基本合格、不合格案件）（1份）');
      expect(text).toContain('2026年10月逾期未整改问题移送清单（1份）');
      expect(text).toContain('材料目录（1份）');
      for (const n of [n1, n2]) expect(text).toContain(n);
      expect(text).not.toMatch(/\.(docx|pdf|xlsx)|目录\.xlsx/);
      expect(text).toContain('特此函告');
    }
    // notices of the month only; the November notice is not enclosed
    expect(Object.keys(t).some((f) => f.includes(n3))).toBe(false);
    // the notices are the notices area's documents
    expect(t[`02-01-流程监控通知书（${n1}）.docx`]).toContain('流程监控通知书');
    expect(t[`02-01-流程监控通知书（${n1}）.docx`]).toContain(n1);
    // the data-check summary by area, department, prosecutor
    const sumXlsx = path.join(folder, '03-业务数据专项检查情况汇总.xlsx');
    expect(await xlsxRows(sumXlsx, '按问题类别')).toEqual([
      ['问题类别', '新发现问题', '本月已整改', '月末未整改'],
      ['办案期限', 2, 1, 1],
      ['强制措施', 0, 0, 1],
      ['诉讼权利保障', 1, 0, 1],
      ['法律文书', 0, 0, 0],
      ['案卡填录', 0, 0, 0],
      ['督查移送', 2, 0, 2],
    ]);
    expect(await xlsxRows(sumXlsx, '按承办部门')).toEqual([
      ['承办部门', '新发现问题', '本月已整改', '月末未整改'],
      ['第一检察部', 3, 1, 2],
      ['第二检察部', 2, 0, 3],
    ]);
    expect((await xlsxRows(sumXlsx, '按承办检察官')).slice(1)).toEqual([
      ['第一检察部', '李明', 3, 1, 2],
      ['第二检察部', '赵静', 2, 0, 3],
    ]);
    expect(t['03-业务数据专项检查情况汇总.docx']).toContain('新发现问题5个');
    // reviews graded 基本合格/不合格 of the month
    const rv = await xlsxRows(path.join(folder, '04-案件质量评查情况（基本合格、不合格）.xlsx'));
    expect(rv.slice(1).map((row) => [row[1], row[7]])).toEqual([
      [CASES[0].caseNo, '不合格'],
      [CASES[2].caseNo, '基本合格'],
    ]);
    // suspects' names never leave the office
    for (const [f, text] of Object.entries(t)) {
      for (const c of CASES) expect(text, f).not.toContain(c.person);
    }
    expect(t['04-案件质量评查情况（基本合格、不合格）.docx']).toContain('张某某盗窃案');
    expect(t['04-案件质量评查情况（基本合格、不合格）.docx']).toContain('欧阳某某');

    // the ZIP holds the same files
    const zip = await JSZip.loadAsync(fs.readFileSync(r.zip!));
    expect(
      Object.keys(zip.files)
        .filter((k) => !k.endsWith('/'))
        .sort(),
    ).toEqual([...onDisk, '目录.xlsx'].map((f) => `2026年10月线索移送材料/${f}`).sort());

    // a run record of its own and the frozen snapshot
    expect(db.prepare(`SELECT job, period, version, status, actor FROM job_runs`).all()).toEqual([
      { job: 'referrals', period: MONTH, version: 1, status: 'succeeded', actor: '案管员甲' },
    ]);
    expect(getReferralPackage(ctx, MONTH)?.version).toBe(1);

    // re-export: the same package although the store changed since
    addReview(ctx, {
      caseNo: CASES[1].caseNo,
      reviewedOn: '2026-10-29',
      reviewer: '孙评',
      kind: '常规抽查',
      grade: '不合格',
      problems: '后来补录',
    });
    const out2 = tmpDir();
    const r2 = await exportReferralPackage(ctx, { month: MONTH, outDir: out2 });
    expect(r2.frozeNew).toBe(false);
    expect(r2.version).toBe(1);
    expect(r2.producedAt).toBe(r.producedAt);
    expect(await texts(r2.folder)).toEqual(t);
    // DOCX and XLSX carry the frozen production time: byte for byte the same
    for (const f of fs.readdirSync(folder).filter((x) => !x.endsWith('.pdf'))) {
      expect(fs.readFileSync(path.join(r2.folder, f)).equals(fs.readFileSync(path.join(folder, f))), f).toBe(true);
    }
    // exporting again into the same folder replaces it whole
    const r3 = await exportReferralPackage(ctx, { month: MONTH, outDir: out });
    expect(await texts(r3.folder)).toEqual(t);
    expect(fs.readdirSync(out).filter((f) => f.startsWith('.'))).toEqual([]);

    // regenerate: a new version with the late review, the old one kept
    const g = await exportReferralPackage(ctx, { month: MONTH, outDir: out, regenerate: true });
    expect(g.version).toBe(2);
    expect(g.frozeNew).toBe(true);
    expect(g.counts.reviews).toBe(3);
    expect(getReferralPackage(ctx, MONTH, 1)?.reviews).toHaveLength(2);
    expect(getReferralPackage(ctx, MONTH)?.reviews).toHaveLength(3);
    // the new version's letter takes the next number; the first keeps its own (numbers are never reused)
    expect(await docxText(path.join(g.folder, '01-抄送函.docx'))).toContain(`某检案管函〔${year}〕2号`);
    expect(getReferralPackage(ctx, MONTH, 1)?.letterNumber).toBe(`某检案管函〔${year}〕1号`);
    expect(db.prepare('SELECT number, subject FROM letter_numbers ORDER BY id').all()).toEqual([
      { number: `某检案管函〔${year}〕1号`, subject: 'referral-package:2026-10:v1' },
      { number: `某检案管函〔${year}〕2号`, subject: 'referral-package:2026-10:v2' },
    ]);
    expect(db.prepare(`SELECT version FROM snapshots WHERE kind = 'referral-package' ORDER BY version`).all()).toEqual([
      { version: 1 },
      { version: 2 },
    ]);
  }, 240_000);

  it('refuses a bad month in Chinese', async () => {
    const { ctx } = tmpStore();
    await expect(exportReferralPackage(ctx, { month: '2026-13', outDir: tmpDir() })).rejects.toThrow(
      /月份“2026-13”无效/,
    );
  });
});
