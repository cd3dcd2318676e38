/**
 * The measured paths. Each returns { ms } (the timed part only) plus details. Data preparation
 * (workbooks, stores) is cached under bench/out/ by bench/run.ts and is not timed.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { openStore, type Db } from '../db/store';
import { checkpointWal } from '../db/maintenance';
import {
  scanAuditTables,
  countCases,
  countCriminalCases,
  ruleCounts,
  sampleCase,
  tableCounts,
  busiestProsecutor,
  queryPlan,
} from '../db/queries/bench';
import type { CaseBundle as StoreBundle, ListCasesQuery } from '../db/queries/cases';
import type { GenOptions } from '../tools/generator';
import type { Format } from '../core/documents/export';
import { loadCalendar } from '../core/calendar';
import { tmpStoreCopy } from './store-copy';
import { watchCores, type CoreShare } from './core-watch';

/*
 * The measured modules are loaded by the task that uses them, not all at start, so that each task's
 * peak RSS holds only what its path loads (the documents layer alone brings echarts, docx and playwright).
 */
/** A word of a case's 案件名称: what follows the (masked) name, e.g. 庞某某诈骗案 → 诈骗案. */
function titleWord(title: string): string {
  return title.replace(/^.*?[某]+/, '').slice(0, 4);
}

/* eslint-disable @typescript-eslint/no-require-imports */
const mod = {
  cases: () => require('../db/queries/cases') as typeof import('../db/queries/cases'),
  imports: () => require('../db/queries/imports') as typeof import('../db/queries/imports'),
  caseHandlers: () => require('../core/handlers/cases') as typeof import('../core/handlers/cases'),
  searchHandlers: () => require('../core/handlers/search') as typeof import('../core/handlers/search'),
  searchQueries: () => require('../db/queries/search') as typeof import('../db/queries/search'),
  registry: () => require('../core/handlers/registry') as typeof import('../core/handlers/registry'),
  importer: () => require('../core/import') as typeof import('../core/import'),
  mapping: () => require('../core/import/mapping') as typeof import('../core/import/mapping'),
  readXlsx: () => require('../core/import/read-xlsx') as typeof import('../core/import/read-xlsx'),
  audit: () => require('../core/jobs/audit') as typeof import('../core/jobs/audit'),
  rules: () => require('../core/rules/registry') as typeof import('../core/rules/registry'),
  inspection: () => require('../core/jobs/inspection') as typeof import('../core/jobs/inspection'),
  notice: () => require('../core/jobs/notice') as typeof import('../core/jobs/notice'),
  metrics: () => require('../core/metrics') as typeof import('../core/metrics'),
  snapshots: () => require('../core/metrics/snapshots') as typeof import('../core/metrics/snapshots'),
  pdf: () => require('../core/documents/pdf') as typeof import('../core/documents/pdf'),
  dossier: () => require('../core/dossier') as typeof import('../core/dossier'),
  dossierExport: () => require('../core/dossier/export') as typeof import('../core/dossier/export'),
  generator: () => require('../tools/generator') as typeof import('../tools/generator'),
  peer: () => require('./peer') as typeof import('./peer'),
  customRules: () => require('../core/rules/custom') as typeof import('../core/rules/custom'),
  benchRules: () => require('./custom-rules') as typeof import('./custom-rules'),
};
/* eslint-enable @typescript-eslint/no-require-imports */

type Task = Record<string, unknown>;
type Result = { ms?: number; [k: string]: unknown };

/** CPU time (user + system, this process) of the last timed part: on a shared machine it is steadier than the wall clock. */
export const lastTimed = { cpuMs: 0, mainThreadCpuMs: null as number | null, cores: null as CoreShare | null };

/**
 * The main thread's own CPU time in ms (Linux /proc; null elsewhere): beside the process's, it shows how much of
 * a path ran on other threads (the audit's worker, core/rules/parallel.ts).
 */
function mainThreadCpu(): number | null {
  try {
    const f = fs.readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return ((Number(f[11]) + Number(f[12])) * 1000) / 100; // utime + stime, in clock ticks of 1/100 s
  } catch {
    return null;
  }
}

/** `watch`: also what the cores did meanwhile (core-watch.ts; the import and the parse alone). */
const time = async <T>(f: () => T | Promise<T>, watch = false): Promise<[number, T]> => {
  const cores = watch ? watchCores() : null;
  const c0 = process.cpuUsage();
  const m0 = mainThreadCpu();
  const t0 = performance.now();
  const r = await f();
  const ms = Math.round((performance.now() - t0) * 100) / 100;
  const c = process.cpuUsage(c0);
  const m1 = mainThreadCpu();
  lastTimed.cpuMs = Math.round((c.user + c.system) / 1000);
  lastTimed.mainThreadCpuMs = m0 == null || m1 == null ? null : Math.round(m1 - m0);
  lastTimed.cores = cores?.stop() ?? null;
  return [ms, r];
};

/** What every store the bench keeps has besides the cases: the holiday calendar (the app seeds it on first use). */
function finishStore(db: Db): void {
  loadCalendar(db);
  checkpointWal(db);
}

export const tasks: Record<string, (t: Task) => Promise<Result>> = {
  /** Data prep: the generator's workbook. */
  async 'gen-workbook'(t) {
    const { writeWorkbook } = mod.generator();
    const [ms, r] = await time(() => writeWorkbook(t.gen as GenOptions, t.file as string));
    return { ms, cases: r.cases, rows: r.rows };
  },

  /** Data prep for sizes too large for a workbook: the generator's cases and roster written straight into a store. */
  async 'gen-store'(t) {
    const file = t.store as string;
    const tmp = `${file}.part`;
    for (const f of [tmp, `${tmp}-wal`, `${tmp}-shm`]) fs.rmSync(f, { force: true });
    const db = openStore(tmp);
    const gen = t.gen as GenOptions;
    const { generateCases, generateStaff } = mod.generator();
    const { writeCaseBundles } = mod.cases();
    const { upsertStaff } = mod.imports();
    const [ms] = await time(() => {
      upsertStaff(
        db,
        generateStaff(gen).map((s) => ({ name: s.name, department: s.department, role: s.role, active: s.active })),
      );
      const bundles = (function* () {
        for (const b of generateCases(gen))
          yield {
            caseNo: b.case.caseNo,
            case: b.case,
            persons: b.persons,
            events: b.events,
            documents: b.documents,
            isNew: true,
          };
      })();
      // Committed in slices of 50k cases so the WAL stays small (the data is the same as one transaction).
      const it = bundles[Symbol.iterator]();
      let done = false;
      while (!done) {
        const slice: StoreBundle[] = [];
        for (let i = 0; i < 50_000; i++) {
          const n = it.next();
          if (n.done) {
            done = true;
            break;
          }
          slice.push(n.value);
        }
        // The generated office as exported on its as-of date: that is the rows' data date.
        if (slice.length) writeCaseBundles(db, slice, null, { takenOn: gen.asOf });
        checkpointWal(db);
        process.stderr.write(`[bench]   ${countCases(db)} cases written\n`);
      }
    });
    finishStore(db);
    const counts = tableCounts(db);
    db.close();
    fs.renameSync(tmp, file);
    return { ms, ...counts };
  },

  /** The import: a generated workbook into a fresh store. With keepAs, the store is kept as the reference store of its size. */
  async import(t) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'caseflow-bench-'));
    const dbPath = path.join(dir, 'store.sqlite');
    const db = openStore(dbPath);
    try {
      const { runImport } = mod.importer();
      // Where the time goes: when each progress phase (读取 / 校验 / 写入) is first reported.
      const t0 = performance.now();
      const phaseAt: Record<string, number> = {};
      const progress = (p: { phase: string }) => {
        phaseAt[p.phase] ??= Math.round(performance.now() - t0);
      };
      const [ms, r] = await time(() => runImport({ db, dbPath, actor: 'bench', progress }, [t.file as string]), true);
      if (!r.ok) throw new Error(`import refused: ${JSON.stringify(r.errors.slice(0, 3))}`);
      const counts = tableCounts(db);
      if (t.keepAs) {
        finishStore(db);
        db.close();
        fs.copyFileSync(dbPath, t.keepAs as string);
      }
      return { ms, phaseStartsMs: phaseAt, cases: r.cases, rows: r.rows, stored: counts };
    } finally {
      if (db.open) db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  },

  /** Data prep: the same office as a real export (title rows, renamed headers, a row per suspect: tools/generator/wide.ts). */
  async 'gen-wide'(t) {
    const { writeWideWorkbook } = mod.generator();
    const [ms, r] = await time(() => writeWideWorkbook(t.gen as GenOptions, t.file as string));
    return { ms, cases: r.cases, rows: r.rows };
  },

  /** `runImport` of the wide export through the mapping that reads it (resolved before the timed part, as the CLI does). */
  async 'mapped-import'(t) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'caseflow-bench-'));
    const dbPath = path.join(dir, 'store.sqlite');
    const db = openStore(dbPath);
    try {
      const { runImport } = mod.importer();
      const { checkMapping } = mod.mapping();
      const { wideMapping } = mod.generator();
      const c = checkMapping(wideMapping('基准测试导出'));
      if (!c.ok) throw new Error(c.errors.join('\n'));
      const [ms, r] = await time(() =>
        runImport({ db, dbPath, actor: 'bench' }, [t.file as string], { mapping: c.resolved, takenOn: '2026-10-31' }),
      );
      if (!r.ok) throw new Error(`mapped import refused: ${JSON.stringify(r.errors.slice(0, 3))}`);
      return { ms, cases: r.cases, rows: r.rows, stored: tableCounts(db) };
    } finally {
      if (db.open) db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  },

  /** The limit of the import: the import's own streaming XLSX reader over every sheet, every cell touched, nothing validated or written. */
  async parse(t) {
    const { readXlsx } = mod.readXlsx();
    const [ms, r] = await time(async () => {
      let cells = 0,
        rows = 0;
      for await (const sheet of readXlsx(t.file as string)) {
        for await (const row of sheet.rows) {
          rows++;
          for (const c of row.cells) if (c !== null && c !== undefined) cells++;
        }
      }
      return { cells, rows };
    }, true);
    return { ms, ...r };
  },

  /**
   * The daily audit on a copy of the store (a first audit: every finding is new). With `rules` (ids), only those
   * rules run (runAudit's own option): the audit on the peer's rules alone, for a like-for-like comparison.
   * With `customRules`, the twenty custom rules of bench/custom-rules.ts are saved first (not timed); with
   * `auditedFirst`, an audit as of that date runs first (not timed); `parallel` is runAudit's own option.
   */
  async audit(t) {
    const { runAudit } = mod.audit();
    const { PEER_RULES } = mod.peer();
    const only = t.rules as string[] | undefined;
    const rules = only ? mod.rules().RULES.filter((r) => only.includes(r.id)) : undefined;
    const { ctx, cleanup } = tmpStoreCopy(t.store as string);
    try {
      if (t.customRules)
        for (const r of mod.benchRules().BENCH_RULES) mod.customRules().saveCustomRule(ctx, r, { create: true });
      // An audit as of a past date is measured on a store already audited to `auditedFirst` (not timed): the
      // as-of view plus the back-dating of findings (rules.md "The audit as of a date").
      if (t.auditedFirst) runAudit(ctx, { asOf: t.auditedFirst as string });
      const [ms, r] = await time(() =>
        runAudit(ctx, {
          asOf: t.asOf as string,
          ...(rules ? { rules } : {}),
          ...(t.parallel !== undefined ? { parallel: t.parallel as boolean } : {}),
        }),
      );
      // Not timed: what the audit found for the peer's rules, to check the peer does the same work.
      return {
        ms,
        rulesRun: rules ? rules.length : mod.rules().RULES.filter((x) => x.evaluate).length,
        customRules: t.customRules ? mod.benchRules().BENCH_RULES.length : 0,
        summary: r.counts,
        status: r.status,
        failedRules: r.failedRules,
        peerRules: ruleCounts(ctx.db, PEER_RULES),
      };
    } finally {
      cleanup();
    }
  },

  /** The limit of the audit: every row it reads, read once, no logic. */
  async scan(t) {
    const db = openStore(t.store as string, { readonly: true });
    try {
      const [ms, rows] = await time(() => scanAuditTables(db));
      return { ms, rows };
    } finally {
      db.close();
    }
  },

  /** The peer: DL-ARREST, DL-PROS, RT-SUSPECT with json-rules-engine over every criminal review case. */
  async peer(t) {
    const db = openStore(t.store as string, { readonly: true });
    try {
      const { runPeer } = mod.peer();
      const [ms, r] = await time(() => runPeer(db, t.asOf as string));
      return { ms, ...r, totalCriminal: countCriminalCases(db) };
    } finally {
      db.close();
    }
  },

  /**
   * The grid's requests: the 'cases/list' handler (validation, the page query and the total count) for a
   * page of 100 rows under each sort and filter the UI offers. Each request: once with nothing of it cached
   * ('first'), then the median of `samples` more ('repeat'; 1 when the first took over a second). Returns each
   * request's times and, for those at or over `slowMs`, the plans of the sorted page query and of the count.
   */
  async grid(t) {
    const db = openStore(t.store as string, { readonly: true });
    try {
      const sample = sampleCase(db);
      const { listCasesSql } = mod.cases();
      // listCases may cache its counts per connection (then it offers a way to forget them); a first request must count.
      const forgetCounts = (mod.cases() as { forgetListCounts?: (d: Db) => void }).forgetListCounts;
      const { invokeHandler } = mod.registry();
      const caseHandlers = mod.caseHandlers().handlers;
      const subst = (s: string) =>
        s
          .replace(/__PROSECUTOR__/g, sample.prosecutor)
          .replace(/__DEPARTMENT__/g, sample.department)
          .replace(/__CASE_NO__/g, sample.caseNo)
          .replace(/__CASE_PREFIX__/g, sample.caseNo.slice(0, 12))
          .replace(/__TITLE_WORD__/g, titleWord(sample.title))
          .replace(/__TITLE_PIECE__/g, titleWord(sample.title).slice(0, 2));
      const queries = JSON.parse(subst(JSON.stringify(t.queries))) as { name: string; q: ListCasesQuery }[];
      const ctx = { db, dbPath: t.store as string, actor: 'bench' };
      const map = Object.fromEntries(caseHandlers.map((h) => [h.name, h]));
      const samples = (t.samples as number | undefined) ?? 5;
      const slowMs = (t.slowMs as number | undefined) ?? 100;
      const perQuery: Record<string, { first: number; repeat: number; total: number }> = {};
      const slow: {
        name: string;
        first: number;
        repeat: number;
        total: number;
        query: ListCasesQuery;
        plan: string[];
        countPlan: string[];
      }[] = [];
      for (const { name, q } of queries) {
        // first: the request with nothing of it cached (the total is counted), as when the user sets this filter and sort;
        // repeat: the median of the next ones (the grid's next pages may reuse the count the first made).
        forgetCounts?.(db);
        const [first, r] = await time(
          () => invokeHandler(map, ctx, 'cases/list', q) as Promise<{ rows: unknown[]; total: number }>,
        );
        const xs: number[] = [];
        for (let i = 0; i < (first > 1000 ? 1 : samples); i++)
          xs.push((await time(() => invokeHandler(map, ctx, 'cases/list', q)))[0]);
        xs.sort((a, b) => a - b);
        const repeat = xs[Math.floor((xs.length - 1) / 2)];
        perQuery[name] = { first, repeat, total: r.total };
        if (Math.max(first, repeat) >= slowMs) {
          const { sql, params, countSql, countParams } = listCasesSql(db, q);
          slow.push({
            name,
            first,
            repeat,
            total: r.total,
            query: q,
            plan: queryPlan(db, sql, params),
            countPlan: queryPlan(db, countSql, countParams),
          });
        }
      }
      const worst = Math.max(...Object.values(perQuery).map((x) => Math.max(x.first, x.repeat)));
      // The grid's filter choices (承办部门, 承办检察官, 案件类别), asked once when the 案件 screen opens.
      const facetsMs = (await time(() => invokeHandler(map, ctx, 'cases/facets', {})))[0];
      return { ms: worst, queries: queries.length, over: slow.length, facetsMs, perQuery, slow, sample };
    } finally {
      db.close();
    }
  },

  /**
   * Search everywhere (the Ctrl+K box, handler 'search/cases'): what a user types, taken from a case in the middle of
   * the store: a fragment of its 部门受案号 (the sequence number's last digits), a word of its 案件名称, two characters
   * of a suspect's name, its prosecutor's name. Each text: once ('first'), then the median of `samples` more.
   */
  async search(t) {
    const db = openStore(t.store as string, { readonly: true });
    try {
      const sample = sampleCase(db);
      const id = mod.cases().getCaseByNo(db, sample.caseNo)!.id;
      // The first suspect of that case or of the next case that has one (civil and public-interest cases have none).
      const ids = Array.from({ length: 200 }, (_, i) => id + i);
      const suspect = mod.searchQueries().suspectsOfCases(db, ids)[0]?.name ?? '';
      const texts: Record<string, string> = {
        '部门受案号 fragment': sample.caseNo.replace(/号$/, '').slice(-6),
        '部门受案号 year and office code': sample.caseNo.slice(5, 14),
        '案件名称 word': titleWord(sample.title),
        'two-character name': [...suspect].length >= 3 ? [...suspect].slice(1, 3).join('') : suspect,
        prosecutor: sample.prosecutor,
      };
      const { invokeHandler } = mod.registry();
      const map = Object.fromEntries(mod.searchHandlers().handlers.map((h) => [h.name, h]));
      const ctx = { db, dbPath: t.store as string, actor: 'bench' };
      const samples = (t.samples as number | undefined) ?? 5;
      const perText: Record<string, { text: string; first: number; repeat: number; hits: number }> = {};
      for (const [name, text] of Object.entries(texts)) {
        const [first, r] = await time(
          () => invokeHandler(map, ctx, 'search/cases', { text }) as Promise<{ cases: unknown[] }>,
        );
        const xs: number[] = [];
        for (let i = 0; i < samples; i++)
          xs.push((await time(() => invokeHandler(map, ctx, 'search/cases', { text })))[0]);
        xs.sort((a, b) => a - b);
        perText[name] = { text, first, repeat: xs[Math.floor((xs.length - 1) / 2)], hits: r.cases.length };
      }
      const worst = Math.max(...Object.values(perText).map((x) => Math.max(x.first, x.repeat)));
      return { ms: worst, perText };
    } finally {
      db.close();
    }
  },

  /** Data prep for the bulletins: a copy of the store with the month's inspection run (its audit, figures and snapshots). */
  async 'prep-bulletins'(t) {
    const file = t.keepAs as string;
    const tmp = `${file}.part`;
    fs.copyFileSync(t.store as string, tmp);
    const db = openStore(tmp);
    const { runMonthlyInspection } = mod.inspection();
    const [ms, r] = await time(() =>
      runMonthlyInspection({ db, dbPath: tmp, actor: 'bench' }, { month: t.month as string, referralPackage: false }),
    );
    checkpointWal(db);
    db.close();
    fs.renameSync(tmp, file);
    return { ms, snapshots: r.snapshots.length };
  },

  /** Both monthly bulletins' figures (员额检察官办案数据通报 and 流程监控通报), live from the store as the preview computes them. */
  async figures(t) {
    const db = openStore(t.store as string, { readonly: true });
    try {
      const month = t.month as string;
      const { prosecutorFigures, monitoringFigures } = mod.metrics();
      const { buildMonitoringSnapshot, buildProsecutorsSnapshot } = mod.snapshots();
      const { metaInput } = mod.notice();
      const [ms, r] = await time(() => ({ pros: prosecutorFigures(db, month), mon: monitoringFigures(db, month) }));
      const cpuMs = lastTimed.cpuMs;
      // Not the target, reported beside it: the frozen snapshots (figures plus the case lists behind every figure).
      const meta = metaInput(
        { db, dbPath: t.store as string, actor: 'bench' },
        1,
        t.asOf as string,
        '2026-11-01T08:00:00+08:00',
      );
      const [snapshotsMs, s] = await time(() => ({
        p: buildProsecutorsSnapshot(db, month, meta),
        m: buildMonitoringSnapshot(db, month, meta),
      }));
      return { ms, cpuMs, prosecutors: r.pros.rows.length, snapshotsMs, listRows: s.p.lists.length + s.m.lists.length };
    } finally {
      db.close();
    }
  },

  /**
   * All documents of both monthly bulletins: the monthly inspection's output for a month already run (runMonthlyInspection with
   * an output folder): each bulletin as Word, PDF (Chromium, one browser for the batch) and Excel with the lists behind every
   * figure. Not in the target, timed after it: the month's referral package (线索移送材料), which the inspection also writes.
   */
  async documents(t) {
    const { ctx, cleanup } = tmpStoreCopy(t.store as string);
    const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'caseflow-bench-docs-'));
    try {
      const { runMonthlyInspection } = mod.inspection();
      const pdf = fs.existsSync(mod.pdf().chromiumPath());
      const formats: Format[] = pdf ? ['docx', 'pdf', 'xlsx'] : ['docx', 'xlsx'];
      const [ms, r] = await time(() =>
        runMonthlyInspection(ctx, { month: t.month as string, outDir, formats, referralPackage: false }),
      );
      const cpuMs = lastTimed.cpuMs;
      if (r.created) throw new Error('documents: the month had not been run in the prepared store');
      const files = r.files.map((f) => ({ file: path.basename(f), kb: Math.round(fs.statSync(f).size / 1024) }));
      const pkgDir = path.join(outDir, 'package');
      const [packageMs, p] = await time(() =>
        runMonthlyInspection(ctx, { month: t.month as string, outDir: pkgDir, formats: [] }),
      );
      return {
        ms,
        cpuMs,
        files,
        pdf,
        warnings: r.warnings,
        packageMs,
        packageFiles: p.files.map((f) => path.basename(f)),
        packageWarnings: p.warnings,
      };
    } finally {
      cleanup();
      fs.rmSync(outDir, { recursive: true, force: true });
    }
  },

  /**
   * One prosecutor's 个人执法档案 for a year (the busiest prosecutor's, the year of the data): the year's figures, each
   * month's, findings, notices, escalations, reviews and referrals, as the page opens it (dossier/get). `today` is
   * after the year, so the year is complete.
   */
  async dossier(t) {
    const db = openStore(t.store as string, { readonly: true });
    try {
      const who = busiestProsecutor(db);
      const { buildDossier, dossierJson } = mod.dossier();
      const [ms, d] = await time(() =>
        dossierJson(buildDossier(db, who.prosecutor, t.year as string, t.today as string)),
      );
      return {
        ms,
        cpuMs: lastTimed.cpuMs,
        prosecutor: who.prosecutor,
        cases: who.cases,
        months: d.months.length,
        findings: d.findings.total,
      };
    } finally {
      db.close();
    }
  },

  /** The annual evaluation workbook (业绩考评数据) of the data's year, written to a temporary folder. */
  async evaluation(t) {
    const { ctx, cleanup } = tmpStoreCopy(t.store as string);
    const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'caseflow-bench-eval-'));
    try {
      const { exportEvaluation } = mod.dossierExport();
      const [ms, r] = await time(() =>
        exportEvaluation(ctx, {
          year: t.year as string,
          outDir,
          today: t.today as string,
          generatedAt: '2027-01-05T08:00:00+08:00',
        }),
      );
      return {
        ms,
        cpuMs: lastTimed.cpuMs,
        prosecutors: r.prosecutors,
        sheets: r.sheets,
        kb: Math.round(fs.statSync(r.file).size / 1024),
      };
    } finally {
      cleanup();
      fs.rmSync(outDir, { recursive: true, force: true });
    }
  },
};
