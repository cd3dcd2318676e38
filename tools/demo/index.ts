/**
 * The demo (`caseflow demo [--out DIR] [--cases N] [--seed S]`, `npm run demo`): a fresh store
 * `DIR/caseflow-demo.sqlite` of one county office's synthetic cases over the last full month before
 * today (China date), lived through day by day as an office would:
 *
 *   for each day d of the month, then the 1st of the next month:
 *     the national system's export of day d (generator snapshotAsOf) → a workbook → runImport;
 *     runDue(now = d 08:00 China time): the daily audit, the weekly notices on Mondays, the monthly
 *     inspection on the 1st (both bulletins and the referral package written into DIR);
 *     the case manager works the findings: oral reminders, a few monitoring notices, two case
 *     quality reviews and one incoming referral from the inspection department;
 *   at the end, the 个人执法档案 (dossier) of the prosecutor of the first notice, for the year so far.
 *
 * PDFs need Chromium (CASEFLOW_CHROMIUM or
 * /usr/bin/chromium); without it the note says so and the PDFs are skipped.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openStore, type Db } from '../../db/store';
import { checkpointWal } from '../../db/maintenance';
import type { AppContext } from '../../core/context';
import {
  addDays,
  chinaTimestamp,
  chinaToday,
  monthOf,
  monthPeriod,
  previousMonth,
  weekday,
  type IsoDate,
} from '../../core/dates';
import { updateSettings } from '../../core/settings';
import { runDue, setCatchupFrom, periodLabel, type RunDueResult } from '../../core/jobs/scheduler';
import { storeCounts, openFindingIds, caseAt, type StoreCounts } from '../../db/queries/backup';
import type { CaseBundle, GenOptions } from '../generator/types';
import { generateCases, generateStaff, snapshotAsOf, writeBundlesWorkbook } from '../generator';
import { runImport } from '../../core/import';
import { changeFindingStatus } from '../../core/findings';
import { addReview, addReferral } from '../../core/referrals';
import { issueNotice, exportNotice, getNotice } from '../../core/notices';
import { exportDossier } from '../../core/dossier/export';
import { activeNoticesOf } from '../../db/queries/notices';
import { chromiumPath, chromiumPrinter } from '../../core/documents/pdf';
import type { Format } from '../../core/documents/export';

export const DEMO_OFFICE = { officeName: '赤城县人民检察院', officeShortName: '赤检' };
export const DEMO_NOTICE_PREFIX = '赤检案管监';
export const DEMO_STORE_NAME = 'caseflow-demo.sqlite';

export interface DemoOptions {
  outDir: string;
  cases?: number;
  seed?: number;
  /** "Today" (default: the clock); the demo covers the last full month before it. */
  now?: Date;
  /** Print PDFs with Chromium when available (default true). */
  pdf?: boolean;
  log?: (line: string) => void;
}

export interface DemoResult {
  store: string;
  outDir: string;
  month: string;
  days: number;
  counts: StoreCounts;
  ran: string[];
  failed: string[];
  watchdog: string[];
  files: string[];
  notes: string[];
  actions: { reminders: number; notices: number; reviews: number; referrals: number };
  ms: number;
}

function at8(d: IsoDate): Date {
  return new Date(`${d}T08:00:00+08:00`);
}

function listFiles(dir: string, skip: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (p !== skip && !p.startsWith(skip + '-')) out.push(p);
    }
  };
  walk(dir);
  return out.sort();
}

function freshStore(file: string): Db {
  for (const f of [file, `${file}-wal`, `${file}-shm`, `${file}-journal`]) fs.rmSync(f, { force: true });
  return openStore(file);
}

export async function runDemo(opts: DemoOptions): Promise<DemoResult> {
  const t0 = Date.now();
  const log = opts.log ?? (() => {});
  const notes: string[] = [];
  const note = (s: string) => {
    if (!notes.includes(s)) {
      notes.push(s);
      log(`注：${s}`);
    }
  };
  const outDir = path.resolve(opts.outDir);
  fs.mkdirSync(outDir, { recursive: true });
  const today = chinaToday(opts.now ?? new Date());
  const month = previousMonth(monthOf(today));
  const { start, end } = monthPeriod(month);
  const final = addDays(end, 1);

  // Fresh output: the store and the documents of an earlier demo go.
  const storeFile = path.join(outDir, DEMO_STORE_NAME);
  for (const e of fs.readdirSync(outDir)) {
    const p = path.join(outDir, e);
    if (e.startsWith(DEMO_STORE_NAME) || e === 'documents') fs.rmSync(p, { recursive: true, force: true });
  }
  const docsDir = path.join(outDir, 'documents');
  fs.mkdirSync(docsDir, { recursive: true });
  const db = freshStore(storeFile);
  const ctx: AppContext = { db, dbPath: storeFile, actor: '案管员（演示）' };
  updateSettings(db, { ...DEMO_OFFICE, noticePrefix: DEMO_NOTICE_PREFIX });
  // Catch up only within the demo month: the store "started" on its first day.
  setCatchupFrom(db, start);

  // Chromium for the PDFs.
  let closePrinter: (() => Promise<void>) | null = null;
  if (opts.pdf !== false) {
    const exe = chromiumPath();
    if (fs.existsSync(exe)) {
      const printer = chromiumPrinter();
      ctx.printPdf = (html) => printer.print(html);
      closePrinter = () => printer.close();
    } else
      note(
        `未找到 Chromium（${exe}），不生成 PDF 文件；安装 chromium 或设置 CASEFLOW_CHROMIUM 后重新运行即可生成 PDF。`,
      );
  } else note('已按要求跳过 PDF。');

  const genOpts: GenOptions = { cases: opts.cases ?? 2000, seed: opts.seed ?? 20261122, asOf: final, ...DEMO_OFFICE };
  log(`生成 ${DEMO_OFFICE.officeName} 的合成案件 ${genOpts.cases} 件（种子 ${genOpts.seed}），演示月份 ${month}…`);
  const bundles = [...generateCases(genOpts)];
  const staff = generateStaff(genOpts);

  const actions = { reminders: 0, notices: 0, reviews: 0, referrals: 0 };
  const noticeIds: number[] = [];

  const formats: Format[] = ctx.printPdf ? ['docx', 'pdf', 'xlsx', 'json'] : ['docx', 'xlsx', 'json'];
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'caseflow-demo-'));
  const ran: string[] = [];
  const failed: string[] = [];
  let last: RunDueResult | null = null;
  let dayCount = 0;
  try {
    for (let d = start; d <= final; d = addDays(d, 1)) {
      dayCount++;
      // The simulated morning is the demo's clock: "today" for the import and the jobs is d.
      ctx.now = () => at8(d);
      // The national system's export of day d: every case as it stood that day.
      const snap: CaseBundle[] = [];
      for (const b of bundles) {
        const s = snapshotAsOf(b, d);
        if (s) snap.push(s);
      }
      const file = path.join(tmp, `全国检察业务应用系统导出-${d}.xlsx`);
      await writeBundlesWorkbook(snap, staff, file);
      // The export of day d, taken that day: d is its data date (数据日期).
      const r = await runImport(ctx, [file], { takenOn: d });
      fs.rmSync(file, { force: true });
      if (!r.ok) {
        const first = r.errors
          .slice(0, 3)
          .map((e) => `${e.sheet} 第${e.row}行 ${e.column}：${e.message}`)
          .join('；');
        throw new Error(`演示数据导入失败（${d}）：${first}`);
      }
      last = await runDue(ctx, { now: at8(d), outDir: docsDir, formats, backup: false });
      for (const x of last.ran) ran.push(`${periodLabel(x, d)}（${x.period}）`);
      for (const x of last.failed) failed.push(`${periodLabel(x, d)}（${x.period}）：${x.error}`);
      log(
        `${d}：导入 ${snap.length} 件${last.ran.length ? `，运行 ${last.ran.map((x) => periodLabel(x, d)).join('、')}` : ''}${last.failed.length ? `，失败 ${last.failed.length} 项` : ''}`,
      );

      if (d === final) break;
      const wd = weekday(d);
      if (wd >= 1 && wd <= 5) {
        // Working days: oral reminders on the two oldest open findings.
        for (const f of openFindingIds(db, '待处理', 2)) {
          try {
            changeFindingStatus(ctx, f.id, { action: 'remind', note: '已电话提示承办检察官', onDate: d });
            actions.reminders++;
          } catch {
            /* a finding closed meanwhile */
          }
        }
      }
      if (wd === 4) {
        // Thursdays: a written monitoring notice for the oldest serious finding already reminded that is in no
        // notice in force (a reopened finding may still be in one: one notice per finding, jobs.md).
        const candidates = [...openFindingIds(db, '已提示', 20, '严重'), ...openFindingIds(db, '已提示', 20)];
        const f = candidates.find((c) => !activeNoticesOf(db, [c.id]).length);
        if (f) {
          try {
            noticeIds.push(issueNotice(ctx, { findingIds: [f.id], issuedOn: d }).id);
            actions.notices++;
          } catch (e) {
            note(`发出流程监控通知书失败：${(e as Error).message}`);
          }
        }
      }
      if (d === addDays(start, 9) || d === addDays(start, 19)) {
        const c = caseAt(db, d === addDays(start, 9) ? 7 : 42);
        if (c) {
          try {
            addReview(ctx, {
              caseNo: c.case_no,
              reviewedOn: d,
              reviewer: '李评查（演示）',
              kind: '常规抽查',
              grade: d === addDays(start, 9) ? '基本合格' : '合格',
              problems: d === addDays(start, 9) ? '审查报告对证据的分析不够充分；部分法律文书送达回证未入卷。' : null,
              rectification: d === addDays(start, 9) ? '待整改' : null,
            });
            actions.reviews++;
          } catch (e) {
            note(`登记案件质量评查失败：${(e as Error).message}`);
          }
        }
      }
      if (d === addDays(start, 14)) {
        const c = caseAt(db, 100);
        if (c) {
          try {
            addReferral(ctx, {
              receivedOn: d,
              docNumber: `赤检督〔${d.slice(0, 4)}〕3号`,
              department: c.department,
              prosecutor: c.prosecutor,
              caseNo: c.case_no,
              category: '办案期限',
              description: '该案退回补充侦查后重新计算审查起诉期限未及时录入案卡，请核查。',
            });
            actions.referrals++;
          } catch (e) {
            note(`登记督查移送失败：${(e as Error).message}`);
          }
        }
      }
    }

    // Monitoring notices: each as DOCX (and PDF) into DIR.
    if (noticeIds.length) {
      for (const id of noticeIds) {
        try {
          await exportNotice(ctx, id, path.join(docsDir, '流程监控通知书'), ctx.printPdf ? ['docx', 'pdf'] : ['docx']);
        } catch (e) {
          note(`导出流程监控通知书失败：${(e as Error).message}`);
        }
      }
    }

    // 个人执法档案 of the prosecutor of the month's first notice, for the year so far (Word, PDF, Excel).
    if (noticeIds.length) {
      const who = getNotice(ctx, noticeIds[0]).prosecutor;
      if (who) {
        try {
          await exportDossier(ctx, {
            prosecutor: who,
            year: month.slice(0, 4),
            formats: ctx.printPdf ? ['docx', 'pdf', 'xlsx'] : ['docx', 'xlsx'],
            outDir: path.join(docsDir, '个人执法档案'),
            today: final,
            generatedAt: chinaTimestamp(at8(final)),
          });
        } catch (e) {
          note(`导出个人执法档案失败：${(e as Error).message}`);
        }
      }
    }
  } finally {
    await closePrinter?.().catch(() => undefined);
    fs.rmSync(tmp, { recursive: true, force: true });
  }

  const counts = storeCounts(db);
  checkpointWal(db);
  db.close();
  return {
    store: storeFile,
    outDir,
    month,
    days: dayCount,
    counts,
    ran,
    failed,
    watchdog: last?.watchdog ?? [],
    files: listFiles(outDir, storeFile),
    notes,
    actions,
    ms: Date.now() - t0,
  };
}

/** The short Chinese summary the CLI prints. */
export function demoSummary(r: DemoResult): string[] {
  const sev =
    Object.entries(r.counts.findingsBySeverity)
      .map(([k, n]) => `${k} ${n}`)
      .join('，') || '无';
  const st =
    Object.entries(r.counts.findingsByStatus)
      .map(([k, n]) => `${k} ${n}`)
      .join('，') || '无';
  const lines = [
    `演示完成（${(r.ms / 1000).toFixed(1)} 秒）：${DEMO_OFFICE.officeName}，${r.month.slice(0, 4)}年${+r.month.slice(5)}月，逐日导入 ${r.days} 次。`,
    `案件库：${r.store}`,
    `案件 ${r.counts.cases} 件，嫌疑人 ${r.counts.persons} 人。`,
    `监控问题：按严重程度 ${sev}；按状态 ${st}。`,
    `口头提示 ${r.actions.reminders} 次，流程监控通知书 ${r.counts.notices} 份，案件质量评查 ${r.counts.reviews} 件，督查移送 ${r.counts.referralsIn} 件。`,
    `已运行任务 ${r.ran.length} 项${r.failed.length ? `，失败 ${r.failed.length} 项` : ''}。`,
    `文书 ${r.files.length} 个，在 ${path.join(r.outDir, 'documents')}：`,
    ...r.files.slice(0, 60).map((f) => `  ${path.relative(r.outDir, f)}`),
    ...(r.files.length > 60 ? [`  …另有 ${r.files.length - 60} 个`] : []),
  ];
  if (r.failed.length) lines.push('失败的任务：', ...r.failed.map((f) => `  ${f}`));
  if (r.watchdog.length) lines.push('未完成事项：', ...r.watchdog.map((w) => `  ${w}`));
  if (r.notes.length) lines.push('说明：', ...r.notes.map((n) => `  ${n}`));
  return lines;
}
