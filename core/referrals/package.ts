/**
 * The monthly referral package (线索移送材料) for the inspection department (检务督查部门).
 *
 * Content for month M: a cover letter (抄送函, DOCX+PDF) with its own 文号 (a letter sequence per year,
 * taken when the version is frozen, never reused) listing every enclosure by title and count; every
 * monitoring notice issued in M (DOCX/PDF via the
 * notices area's `exportNotice`); the month's data-check summary (findings by area, department and
 * prosecutor, DOCX/PDF+XLSX); the reviews of M graded 基本合格 or 不合格 (DOCX/PDF+XLSX); and the
 * index 目录.xlsx (序号, 文件/文书, 部门受案号, 承办检察官, 日期, 文件名) with one row per other file.
 * Suspects' names are masked in everything written.
 *
 * Freezing (the bulletins' rule): the first export of a month freezes the package's content as a
 * `snapshots` row (kind 'referral-package', period M, version 1). Every later export of M renders
 * that frozen content again, so the package is the same; `regenerate` freezes a new version from the
 * store as it is now and keeps the old one. Each version belongs to a job run: the inspection job
 * passes its own `runId` (a run newer than the one of the latest version, i.e. a regenerated
 * inspection, also freezes a new version); an on-demand export records its own `job_runs` row with
 * job 'referrals' (period M, version = the package version, as of the month's last day), which the
 * scheduler ignores. DOCX/XLSX carry the frozen production time, so a re-export is byte-identical
 * for them; PDFs are compared by their text.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type JSZip from 'jszip';
import type { AppContext } from '../context';
import { chinaTimestamp, isMonthKey, monthPeriod } from '../dates';
import { maskNamesIn } from '../shared/mask';
import { getSettings, letterPrefixOf } from '../settings';
import { recordAction } from '../audit-trail';
import { HandlerError } from '../errors';
import { ruleCatalogue } from '../rules/catalogue';
import { compareZh } from '../metrics';
import * as q from '../../db/queries/referrals';
import { selectReviews } from '../../db/queries/reviews';
import { insertRun, finishRunRow } from '../../db/queries/job-runs';
import { takeLetterNumber } from '../../db/queries/letters';
import { PACKAGE_GRADES } from './values';
import { renderDocx, renderHtml, renderXlsx, type OfficialDocument } from './render';
import {
  SUMMARY_HEAD,
  coverDocument,
  enclosureLabel,
  packageEnclosures,
  overdueDocument,
  overdueTitle,
  reviewsDocument,
  reviewsTitle,
  summaryDocument,
  summaryTitle,
} from './documents';
import { batchPrinter } from '../documents/export';
import { plainTitle } from '../documents/model';
import { exportNotice } from '../notices';
import { recordReferral, referralProposals, type Proposal } from '../escalation';
import type { Format } from '../documents/export';

export const PACKAGE_SNAPSHOT_KIND = 'referral-package';
export const PACKAGE_RUN_JOB = 'referrals';
export const RULE_AREAS = ['办案期限', '强制措施', '诉讼权利保障', '法律文书', '案卡填录', '督查移送'] as const;

import type { PackageData, SummaryLine } from './package-data';

// jszip loads on first use (not at every start of the app or the CLI).
/* eslint-disable-next-line @typescript-eslint/no-require-imports */
const jszip = (): typeof JSZip => require('jszip');
export type { PackageData, SummaryLine } from './package-data';

export interface PackageFile {
  seq: number;
  /** 文件/文书 */
  document: string;
  caseNo: string;
  prosecutor: string;
  date: string;
  fileName: string;
}

export interface PackageResult {
  month: string;
  version: number;
  /** true when this call froze a new version (first export or regenerate) */
  frozeNew: boolean;
  folder: string;
  zip: string | null;
  producedBy: string;
  producedAt: string;
  /** every file in the folder but 目录.xlsx, as the index lists them */
  files: PackageFile[];
  index: string;
  pdf: boolean;
  counts: { notices: number; reviews: number; findingsNew: number; referralsIn: number; escalated: number };
  warnings: string[];
}

export function packageFolderName(month: string): string {
  return `${month.slice(0, 4)}年${month.slice(5, 7)}月线索移送材料`;
}

function checkMonth(month: string): void {
  if (!isMonthKey(month)) throw new HandlerError(`月份“${month}”无效，应为 YYYY-MM`, 400);
}

function line(): SummaryLine {
  return { found: 0, rectified: 0, open: 0 };
}
function add(a: SummaryLine, r: { found: number; rectified: number; open: number }): void {
  a.found += r.found;
  a.rectified += r.rectified;
  a.open += r.open;
}

/** Reads the store for month M into the package's content (names masked). */
export function computePackageData(ctx: AppContext, month: string, version: number, producedAt: string): PackageData {
  checkMonth(month);
  const db = ctx.db;
  const period = monthPeriod(month);
  const settings = getSettings(db);
  const notices = q.noticesIssuedIn(db, period);
  const reviews = selectReviews(db, { from: period.start, to: period.end, grades: [...PACKAGE_GRADES] });
  const caseNos = [...notices.map((n) => n.case_no), ...reviews.map((r) => r.case_no)];
  const cases = q.caseBasics(db, caseNos);
  const names = q.personNamesOfCases(db, caseNos);
  const mask = (text: string | null | undefined, caseNo: string) =>
    text ? maskNamesIn(text, names.get(caseNo) ?? []) : '';

  const totals = line();
  const areas = new Map<string, SummaryLine>(RULE_AREAS.map((a) => [a, line()]));
  const rules = new Map<string, { ruleId: string; title: string; area: string } & SummaryLine>();
  const depts = new Map<string, SummaryLine>();
  const pros = new Map<string, { department: string; prosecutor: string } & SummaryLine>();
  const catalogue = ruleCatalogue(db);
  for (const r of q.findingsSummary(db, period)) {
    if (!r.found && !r.rectified && !r.open) continue;
    const info = catalogue.info(r.rule_id);
    add(totals, r);
    if (!areas.has(info.area)) areas.set(info.area, line());
    add(areas.get(info.area)!, r);
    if (!rules.has(r.rule_id))
      rules.set(r.rule_id, { ruleId: r.rule_id, title: info.title, area: info.area, ...line() });
    add(rules.get(r.rule_id)!, r);
    const dept = r.department || '（未填）';
    if (!depts.has(dept)) depts.set(dept, line());
    add(depts.get(dept)!, r);
    const pk = `${dept}\u0001${r.prosecutor}`;
    if (!pros.has(pk)) pros.set(pk, { department: dept, prosecutor: r.prosecutor || '（未填）', ...line() });
    add(pros.get(pk)!, r);
  }

  return {
    format: 1,
    month,
    version,
    office: { name: settings.officeName, shortName: settings.officeShortName },
    producedBy: ctx.actor,
    producedAt,
    notices: notices.map((n) => ({
      id: n.id,
      number: n.number,
      caseNo: n.case_no,
      caseTitle: cases.has(n.case_no) ? mask(cases.get(n.case_no)!.title, n.case_no) : null,
      department: n.department ?? cases.get(n.case_no)?.department ?? '',
      prosecutor: n.prosecutor ?? cases.get(n.case_no)?.prosecutor ?? '',
      issuedOn: n.issued_on,
      toChief: !!n.to_chief,
    })),
    dataCheck: {
      totals,
      byArea: [...areas].map(([area, l]) => ({ area, ...l })),
      byRule: [...rules.values()].sort((a, b) => b.found - a.found || a.ruleId.localeCompare(b.ruleId)),
      byDepartment: [...depts]
        .map(([department, l]) => ({ department, ...l }))
        .sort((a, b) => compareZh(a.department, b.department)),
      byProsecutor: [...pros.values()].sort(
        (a, b) => compareZh(a.department, b.department) || compareZh(a.prosecutor, b.prosecutor),
      ),
    },
    reviews: reviews.map((r) => ({
      id: r.id,
      caseNo: r.case_no,
      caseTitle: cases.has(r.case_no) ? mask(cases.get(r.case_no)!.title, r.case_no) : null,
      department: r.department,
      prosecutor: r.prosecutor,
      reviewedOn: r.reviewed_on,
      reviewer: r.reviewer,
      kind: r.kind,
      grade: r.grade,
      problems: mask(r.problems, r.case_no),
      rectification: r.rectification,
    })),
    referralsIn: q.countReferralsIn(db, period),
    escalations: escalationsOf(db, month),
  };
}

/** The month's proposals split into referred and excluded (the 逾期未整改问题移送清单 and its cover list). */
function escalationsOf(db: AppContext['db'], month: string): NonNullable<PackageData['escalations']> {
  const all = referralProposals(db, month);
  return { referred: all.filter((p) => !p.excluded), excluded: all.filter((p) => p.excluded) };
}

/**
 * Freezes (or finds) the package content of month M. Synchronous: the inspection job may call it
 * inside its own transaction with its `runId`; without one, a new version records its own
 * job run (job 'referrals'). Returns the frozen data and whether this call made it.
 */
export function freezeReferralPackage(
  ctx: AppContext,
  opts: { month: string; regenerate?: boolean; runId?: number; producedAt?: string },
): { data: PackageData; frozeNew: boolean } {
  checkMonth(opts.month);
  const db = ctx.db;
  return db
    .transaction(() => {
      const latest = q.latestSnapshot(db, PACKAGE_SNAPSHOT_KIND, opts.month);
      // A run newer than the latest version's (the inspection was regenerated) makes a new version too.
      const newerRun = opts.runId != null && latest != null && opts.runId > latest.run_id;
      if (latest && !opts.regenerate && !newerRun)
        return { data: JSON.parse(latest.data_json) as PackageData, frozeNew: false };
      const version = (latest?.version ?? 0) + 1;
      const producedAt = opts.producedAt ?? chinaTimestamp();
      const data = computePackageData(ctx, opts.month, version, producedAt);
      // The 抄送函 of this version takes the next letter number of its year; numbers are never reused.
      const settings = getSettings(db);
      const year = +producedAt.slice(0, 4);
      const prefix = letterPrefixOf(settings);
      data.letterNumber = takeLetterNumber(db, {
        year,
        format: (n) => `${prefix}〔${year}〕${n}号`,
        kind: 'referral-cover',
        subject: `${PACKAGE_SNAPSHOT_KIND}:${opts.month}:v${version}`,
        issuedOn: producedAt.slice(0, 10),
        at: producedAt,
        by: ctx.actor,
      }).number;
      data.distribution = { addressee: settings.documentAddressee, cc: settings.documentCc };
      const counts = {
        notices: data.notices.length,
        reviews: data.reviews.length,
        findingsNew: data.dataCheck.totals.found,
        referralsIn: data.referralsIn,
        escalated: data.escalations?.referred.length ?? 0,
      };
      let runId = opts.runId;
      if (runId == null) {
        runId = insertRun(db, {
          job: PACKAGE_RUN_JOB,
          period: opts.month,
          version,
          asOf: monthPeriod(opts.month).end,
          startedAt: producedAt,
          actor: ctx.actor,
          pid: process.pid,
        });
      }
      q.insertSnapshot(db, {
        runId,
        kind: PACKAGE_SNAPSHOT_KIND,
        period: opts.month,
        version,
        dataJson: JSON.stringify(data),
        createdAt: producedAt,
      });
      if (opts.runId == null) finishRunRow(db, runId, { status: 'succeeded', finishedAt: chinaTimestamp(), counts });
      // The findings this version refers become 已移送督查 with it (their history says so).
      recordReferral(db, {
        month: opts.month,
        version,
        on: producedAt.slice(0, 10),
        actor: ctx.actor,
        referred: data.escalations!.referred.map((p) => p.findingId),
        excluded: data.escalations!.excluded.map((p) => ({ findingId: p.findingId, reason: p.excluded!.reason })),
      });
      recordAction(
        db,
        ctx.actor,
        'referral.package',
        `referral-package:${opts.month}`,
        latest ? { version: latest.version } : null,
        { version, ...counts },
      );
      return { data, frozeNew: true };
    })
    .immediate();
}

// ---- writing the folder -----------------------------------------------------

const safeName = (s: string) => s.replace(/[\\/:*?"<>|\r\n\t]/g, '_');
const two = (n: number) => String(n).padStart(2, '0');

/** A notice of the month, written by the notices area (its frozen content, its official layout). */
async function writeNotice(
  ctx: AppContext,
  n: PackageData['notices'][number],
  formats: string[],
  dir: string,
  base: string,
  scratch: string,
): Promise<string[]> {
  const tmp = fs.mkdtempSync(path.join(scratch, 'n-'));
  const paths = await exportNotice(ctx, n.id, tmp, formats as Format[]);
  return formats.map((ext) => {
    const f = paths.find((p) => p.toLowerCase().endsWith(`.${ext}`));
    if (!f) throw new Error(`通知书 ${n.number} 未生成 ${ext.toUpperCase()} 文件`);
    const name = `${base}.${ext}`;
    fs.copyFileSync(f, path.join(dir, name));
    return name;
  });
}

function fmtSummaryRows<T extends SummaryLine>(rows: T[], key: (r: T) => (string | number)[]): (string | number)[][] {
  return rows.map((r) => [...key(r), r.found, r.rectified, r.open]);
}

const REVIEW_HEADERS = [
  '序号',
  '部门受案号',
  '案件名称',
  '承办部门',
  '承办检察官',
  '评查日期',
  '评查类型',
  '评查等次',
  '发现的问题',
  '整改情况',
  '评查人',
];
function reviewRows(d: PackageData): (string | number)[][] {
  return d.reviews.map((r, i) => [
    i + 1,
    r.caseNo,
    r.caseTitle ?? '',
    r.department,
    r.prosecutor,
    r.reviewedOn,
    r.kind,
    r.grade,
    r.problems,
    r.rectification,
    r.reviewer,
  ]);
}

interface Planned {
  document: string;
  caseNo: string;
  prosecutor: string;
  date: string;
  base: string;
  exts: string[];
  kind: 'cover' | 'notice' | 'summary' | 'reviews' | 'overdue';
  noticeIdx?: number;
}

/**
 * Writes month M's referral package into `outDir/YYYY年MM月线索移送材料/` (replacing that folder
 * whole) and, with `zip`, `outDir/YYYY年MM月线索移送材料.zip`. Freezes the content first
 * (see the module comment); `regenerate` makes a new version.
 */
export async function exportReferralPackage(
  ctx: AppContext,
  opts: {
    month: string;
    outDir: string;
    regenerate?: boolean;
    zip?: boolean;
    runId?: number;
    /** The production time of a new version (the inspection passes its own); default now. */
    producedAt?: string;
  },
): Promise<PackageResult> {
  checkMonth(opts.month);
  if (!opts.outDir) throw new HandlerError('请指定输出文件夹', 400);
  const { data, frozeNew } = freezeReferralPackage(ctx, {
    month: opts.month,
    regenerate: opts.regenerate,
    runId: opts.runId,
    producedAt: opts.producedAt,
  });
  const warnings: string[] = [];
  const outDir = path.resolve(opts.outDir);
  fs.mkdirSync(outDir, { recursive: true });
  const folderName = packageFolderName(data.month);
  const finalDir = path.join(outDir, folderName);
  const work = fs.mkdtempSync(path.join(outDir, `.${folderName}.tmp-`));
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'caseflow-referrals-'));
  const meta = { creator: `${data.office.name}案件管理部门（${data.producedBy}）`, generatedAt: data.producedAt };
  // One printer for the whole package: ctx.printPdf (Electron, tests) or one Chromium reused for the batch.
  const batch = batchPrinter(ctx);

  try {
    const dir = path.join(work, folderName);
    fs.mkdirSync(dir);
    // Probe the printer once so a package never mixes documents with and without PDFs.
    let pdf = true;
    try {
      await batch.print(
        renderHtml({
          kind: 'probe',
          title: '打印测试',
          office: data.office.name,
          generatedAt: data.producedAt,
          body: [],
        }),
      );
    } catch (e) {
      warnings.push(`无法生成 PDF（${(e as Error).message.split('\n')[0]}），本次只输出 Word 与 Excel 文件`);
      pdf = false;
    }
    const docExts = pdf ? ['docx', 'pdf'] : ['docx'];
    const noticeCtx: AppContext = pdf ? { ...ctx, printPdf: batch.print } : ctx;

    const monthEnd = monthPeriod(data.month).end;
    const plan: Planned[] = [
      {
        kind: 'cover',
        document: data.letterNumber ? `抄送函（${data.letterNumber}）` : '抄送函',
        caseNo: '',
        prosecutor: '',
        date: data.producedAt.slice(0, 10),
        base: '01-抄送函',
        exts: docExts,
      },
      ...data.notices.map((n, i) => ({
        kind: 'notice' as const,
        noticeIdx: i,
        document: `流程监控通知书（${n.number}）`,
        caseNo: n.caseNo,
        prosecutor: n.prosecutor,
        date: n.issuedOn,
        base: safeName(`02-${two(i + 1)}-流程监控通知书（${n.number}）`),
        exts: docExts,
      })),
      {
        kind: 'summary',
        document: plainTitle(summaryTitle(data.month)),
        caseNo: '',
        prosecutor: '',
        date: monthEnd,
        base: '03-业务数据专项检查情况汇总',
        exts: [...docExts, 'xlsx'],
      },
      {
        kind: 'reviews',
        document: plainTitle(reviewsTitle(data.month)),
        caseNo: '',
        prosecutor: '',
        date: monthEnd,
        base: '04-案件质量评查情况（基本合格、不合格）',
        exts: [...docExts, 'xlsx'],
      },
      // Versions frozen before escalation existed have no 逾期未整改问题移送清单.
      ...(data.escalations
        ? [
            {
              kind: 'overdue' as const,
              document: plainTitle(overdueTitle(data.month)),
              caseNo: '',
              prosecutor: '',
              date: monthEnd,
              base: '05-逾期未整改问题移送清单',
              exts: [...docExts, 'xlsx'],
            },
          ]
        : []),
    ];

    const writeDoc = async (base: string, model: OfficialDocument) => {
      fs.writeFileSync(path.join(dir, `${base}.docx`), await renderDocx(model));
      if (pdf) fs.writeFileSync(path.join(dir, `${base}.pdf`), await batch.print(renderHtml(model)));
    };
    const enclosures = packageEnclosures(data);
    const labelOf = (title: string) => enclosureLabel(enclosures, title);
    const files: PackageFile[] = [];
    for (const p of plan) {
      if (p.kind === 'cover') await writeDoc(p.base, coverDocument(data, enclosures));
      else if (p.kind === 'notice') {
        const written = await writeNotice(noticeCtx, data.notices[p.noticeIdx!], docExts, dir, p.base, scratch);
        p.exts = written.map((w) => w.slice(w.lastIndexOf('.') + 1));
      } else if (p.kind === 'summary') {
        await writeDoc(p.base, summaryDocument(data, labelOf(summaryTitle(data.month))));
        const dc = data.dataCheck;
        const h = SUMMARY_HEAD;
        fs.writeFileSync(
          path.join(dir, `${p.base}.xlsx`),
          await renderXlsx(
            [
              { name: '按问题类别', headers: ['问题类别', ...h], rows: fmtSummaryRows(dc.byArea, (r) => [r.area]) },
              {
                name: '按问题类型',
                // The rule id last, in a hidden column a clerk may show.
                headers: ['问题类型', '问题类别', ...h, '规则编号'],
                rows: dc.byRule.map((r) => [r.title, r.area, r.found, r.rectified, r.open, r.ruleId]),
                hidden: [5],
              },
              {
                name: '按承办部门',
                headers: ['承办部门', ...h],
                rows: fmtSummaryRows(dc.byDepartment, (r) => [r.department]),
              },
              {
                name: '按承办检察官',
                headers: ['承办部门', '承办检察官', ...h],
                rows: fmtSummaryRows(dc.byProsecutor, (r) => [r.department, r.prosecutor]),
              },
            ],
            meta,
          ),
        );
      } else if (p.kind === 'overdue') {
        await writeDoc(p.base, overdueDocument(data, labelOf(overdueTitle(data.month))));
        const esc = data.escalations!;
        const row = (x: Proposal, i: number) => [
          i + 1,
          x.caseNo,
          x.title,
          x.department,
          x.prosecutor,
          x.ruleTitle,
          x.severity,
          x.notice?.number ?? '',
          x.notice?.replyDueOn ?? '',
          x.overdueOn,
          x.status,
          x.message,
        ];
        const head = [
          '序号',
          '部门受案号',
          '案件名称',
          '承办部门',
          '承办检察官',
          '问题类型',
          '严重程度',
          '通知书文号',
          '回复期限',
          '逾期未整改认定日期',
          '当前状态',
          '问题说明',
        ];
        fs.writeFileSync(
          path.join(dir, `${p.base}.xlsx`),
          await renderXlsx(
            [
              { name: '移送清单', headers: head, rows: esc.referred.map(row) },
              {
                name: '不予移送',
                headers: [...head, '不予移送理由'],
                rows: esc.excluded.map((x, i) => [...row(x, i), x.excluded?.reason ?? '']),
              },
            ],
            meta,
          ),
        );
      } else {
        await writeDoc(p.base, reviewsDocument(data, labelOf(reviewsTitle(data.month))));
        fs.writeFileSync(
          path.join(dir, `${p.base}.xlsx`),
          await renderXlsx([{ name: '评查情况', headers: REVIEW_HEADERS, rows: reviewRows(data) }], meta),
        );
      }
      for (const ext of p.exts) {
        files.push({
          seq: files.length + 1,
          document: p.document,
          caseNo: p.caseNo,
          prosecutor: p.prosecutor,
          date: p.date,
          fileName: `${p.base}.${ext}`,
        });
      }
    }
    // The cover letter lists the planned files; writeNotice writes exactly the planned formats or throws.
    fs.writeFileSync(
      path.join(dir, '目录.xlsx'),
      await renderXlsx(
        [
          {
            name: '目录',
            headers: ['序号', '文件/文书', '部门受案号', '承办检察官', '日期', '文件名'],
            rows: files.map((f) => [f.seq, f.document, f.caseNo, f.prosecutor, f.date, f.fileName]),
          },
        ],
        meta,
      ),
    );

    // Swap the finished folder in.
    fs.rmSync(finalDir, { recursive: true, force: true });
    fs.renameSync(dir, finalDir);
    let zipPath: string | null = null;
    if (opts.zip) {
      const z = new (jszip())();
      const date = new Date(data.producedAt);
      for (const f of [...files.map((x) => x.fileName), '目录.xlsx'].sort()) {
        z.file(`${folderName}/${f}`, fs.readFileSync(path.join(finalDir, f)), { date });
      }
      zipPath = path.join(outDir, `${folderName}.zip`);
      const buf = await z.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', platform: 'DOS' });
      fs.writeFileSync(`${zipPath}.part`, buf);
      fs.renameSync(`${zipPath}.part`, zipPath);
    }
    return {
      month: data.month,
      version: data.version,
      frozeNew,
      folder: finalDir,
      zip: zipPath,
      producedBy: data.producedBy,
      producedAt: data.producedAt,
      files,
      index: path.join(finalDir, '目录.xlsx'),
      pdf,
      counts: {
        notices: data.notices.length,
        reviews: data.reviews.length,
        findingsNew: data.dataCheck.totals.found,
        referralsIn: data.referralsIn,
        escalated: data.escalations?.referred.length ?? 0,
      },
      warnings,
    };
  } finally {
    await batch.close();
    fs.rmSync(work, { recursive: true, force: true });
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

/** The frozen content of a month's package (latest version, or the given one), or null. */
export function getReferralPackage(ctx: AppContext, month: string, version?: number): PackageData | null {
  checkMonth(month);
  const row =
    version == null
      ? q.latestSnapshot(ctx.db, PACKAGE_SNAPSHOT_KIND, month)
      : q.snapshotVersion(ctx.db, PACKAGE_SNAPSHOT_KIND, month, version);
  return row ? (JSON.parse(row.data_json) as PackageData) : null;
}
