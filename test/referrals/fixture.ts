/** A month of office data for the referral tests, written straight into the store (cases, persons, notices, findings). */
import { ruleInfo } from '../../core/metrics/deps';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import ExcelJS from 'exceljs';
import type { Db } from '../../db/store';
import { hasCaseCounts, recountCases } from '../../db/queries/case-counts';
import type { AppContext } from '../../core/context';
import { issueNotice, type Notice } from '../../core/notices';

export const MONTH = '2026-10';

export const CASES = [
  {
    caseNo: '赤检刑诉受[2026]130732000012号',
    title: '张三丰盗窃案',
    dept: '第一检察部',
    pros: '李明',
    person: '张三丰',
  },
  {
    caseNo: '赤检刑诉受[2026]130732000013号',
    title: '王小二诈骗案',
    dept: '第一检察部',
    pros: '李明',
    person: '王小二',
  },
  {
    caseNo: '赤检刑诉受[2026]130732000014号',
    title: '欧阳娜娜危险驾驶案',
    dept: '第二检察部',
    pros: '赵静',
    person: '欧阳娜娜',
  },
];

export function seedCases(db: Db): void {
  const c = db.prepare(
    `INSERT INTO cases(case_no, title, category, department, prosecutor, received_on, status) VALUES (?, ?, '审查起诉', ?, ?, '2026-09-01', '在办')`,
  );
  const p = db.prepare(`INSERT INTO persons(case_id, person_no, name, custody) VALUES (?, '1', ?, '未羁押')`);
  for (const x of CASES) {
    const id = Number(c.run(x.caseNo, x.title, x.dept, x.pros).lastInsertRowid);
    p.run(id, x.person);
  }
  if (hasCaseCounts(db)) recountCases(db); // the grid's stored counts, as the product's writers keep them
}

/**
 * Monitoring notices through the notices area's API (run after seedFindings): two issued in October
 * (the DL-PROS finding of case 0, the RT-SUSPECT finding of case 2), one in November (the CM-BAIL finding of
 * case 2, not enclosed). A finding is in at most one notice in force (jobs.md).
 */
export function seedNotices(ctx: AppContext): Notice[] {
  const id = (rule: string, caseNo: string) =>
    (ctx.db.prepare('SELECT id FROM findings WHERE rule_id = ? AND case_no = ?').get(rule, caseNo) as { id: number })
      .id;
  return [
    issueNotice(ctx, { findingIds: [id('DL-PROS', CASES[0].caseNo)], issuedOn: '2026-10-09' }),
    issueNotice(ctx, { findingIds: [id('RT-SUSPECT', CASES[2].caseNo)], issuedOn: '2026-10-20' }),
    issueNotice(ctx, { findingIds: [id('CM-BAIL', CASES[2].caseNo)], issuedOn: '2026-11-02' }),
  ];
}

/** Audit findings of October: two DL (one rectified in October), one RT, one older CM still open. */
export function seedFindings(db: Db): void {
  const f =
    db.prepare(`INSERT INTO findings(rule_id, case_no, subject_key, case_id, source, severity, status, message, department, prosecutor, first_seen, last_seen, status_on, rectified_on)
                        VALUES (?, ?, '', (SELECT id FROM cases WHERE case_no = ?), '审核', ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const e = db.prepare(
    `INSERT INTO finding_events(finding_id, action, on_date, at, actor, from_status, to_status) VALUES (?, ?, ?, '2026-10-01T00:00:00+08:00', 'audit', ?, ?)`,
  );
  const add = (
    rule: string,
    c: (typeof CASES)[number],
    sev: string,
    status: string,
    first: string,
    rect: string | null,
  ) => {
    const id = Number(
      f.run(
        rule,
        c.caseNo,
        c.caseNo,
        sev,
        status,
        `${ruleInfo(db, rule).title}不符合要求`,
        c.dept,
        c.pros,
        first,
        first,
        rect ?? first,
        rect,
      ).lastInsertRowid,
    );
    e.run(id, 'detect', first, null, '待处理');
    if (rect) e.run(id, 'auto-rectify', rect, '待处理', '已整改');
  };
  add('DL-PROS', CASES[0], '严重', '待处理', '2026-10-05', null);
  add('DL-PROS', CASES[1], '严重', '已整改', '2026-10-06', '2026-10-15');
  add('RT-SUSPECT', CASES[2], '较重', '待处理', '2026-10-07', null);
  add('CM-BAIL', CASES[2], '严重', '待处理', '2026-09-10', null);
}

/** Writes a referrals workbook: header row then the given rows (objects keyed by header). */
export async function writeReferralsXlsx(
  file: string,
  headers: string[],
  rows: Record<string, unknown>[],
  sheet = '督查移送',
): Promise<void> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(sheet);
  ws.addRow(headers);
  for (const r of rows) ws.addRow(headers.map((h) => r[h] ?? null));
  fs.mkdirSync(path.dirname(file), { recursive: true });
  await wb.xlsx.writeFile(file);
}

export const HEADERS = [
  '收文日期',
  '督查文号',
  '承办部门',
  '承办检察官',
  '部门受案号',
  '问题类别',
  '问题描述',
  '严重程度',
];

/** All rows of the tables an import may touch, for before/after comparison. */
export function dumpTables(db: Db): Record<string, unknown[]> {
  const out: Record<string, unknown[]> = {};
  for (const t of ['referrals_in', 'findings', 'finding_events', 'audit_trail', 'reviews', 'snapshots', 'job_runs']) {
    out[t] = db.prepare(`SELECT * FROM ${t} ORDER BY rowid`).all();
  }
  return out;
}

/** Text of a DOCX's body (word/document.xml without tags). */
export async function docxText(file: string): Promise<string> {
  const JSZip = (await import('jszip')).default;
  const zip = await JSZip.loadAsync(fs.readFileSync(file));
  const xml = await zip.file('word/document.xml')!.async('string');
  return xml
    .replace(/<w:noBreakHyphen\/>/g, '-')
    .replace(/<w:p[ >][^]*?<\/w:p>/g, (p) => p.replace(/<[^>]+>/g, '') + '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');
}

export function pdfText(file: string): string {
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
}

export async function xlsxRows(file: string, sheet?: string): Promise<unknown[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const ws = sheet ? wb.getWorksheet(sheet)! : wb.worksheets[0];
  const rows: unknown[][] = [];
  ws.eachRow((row) => {
    rows.push((row.values as unknown[]).slice(1));
  });
  return rows;
}

export function chromiumPath(): string | null {
  for (const p of ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'])
    if (fs.existsSync(p)) return p;
  return null;
}

/** A PDF printer for tests: headless Chromium through playwright-core (one browser per test file). */
export function makePrinter(): { print: (html: string) => Promise<Buffer>; close: () => Promise<void> } | null {
  const exe = chromiumPath();
  if (!exe) return null;
  let browser: import('playwright-core').Browser | null = null;
  return {
    async print(html: string) {
      if (!browser) {
        const { chromium } = await import('playwright-core');
        browser = await chromium.launch({ executablePath: exe, args: ['--no-sandbox'] });
      }
      const page = await browser.newPage();
      try {
        await page.setContent(html, { waitUntil: 'load' });
        return await page.pdf({ format: 'A4', preferCSSPageSize: true, printBackground: true });
      } finally {
        await page.close();
      }
    },
    async close() {
      if (browser) await (browser as import('playwright-core').Browser).close();
    },
  };
}
