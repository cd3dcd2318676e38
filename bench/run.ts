/**
 * `npm run bench [-- PART…] [--smoke] [--million] [--runs N]` — see bench/README.md.
 *
 * Parts: import, mapped-import, audit, custom-rules, bulletins, grid, search, startup, dossier (default: all). Sizes: 10k and 100k cases;
 * `--million` adds 1M for the audit, the grid and the search; `--smoke` runs 10k once (CI). Data is generated deterministically
 * (seed 20261031, as of 2026-10-31) and cached in bench/out/ under a tag of the generator's and the
 * migrations' sources (a change there makes new data). Every measurement runs in its own process
 * (bench/child.ts) so its peak RSS is its own; the figure reported is the median of the runs.
 * `--prepare` makes the data only. Prints one JSON document on stdout; progress goes to stderr.
 */
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as extra from './extra';
import type { CoreShare as Cores, ThreadShare } from './core-watch';
import { NEW_STORE_PAGE_SIZE } from '../db/store';

const ROOT = path.resolve(__dirname, '..');
const OUT = path.join(ROOT, 'bench', 'out');
const SEED = 20261031;
const AS_OF = '2026-10-31';
const MONTH = '2026-10';
/** The as-of audit's date: the month end before AS_OF. */
const PAST_AS_OF = '2026-09-30';
const PARTS = [
  'import',
  'mapped-import',
  'audit',
  'custom-rules',
  'bulletins',
  'grid',
  'search',
  'startup',
  'dossier',
] as const;
type Part = (typeof PARTS)[number];
/** The peer's rules (bench/peer.ts PEER_RULES). */
const PEER_RULE_IDS = ['DL-ARREST', 'DL-PROS', 'RT-SUSPECT'];

interface Measured {
  ms: number;
  maxRssMb: number;
  [k: string]: unknown;
}

function log(s: string): void {
  process.stderr.write(`[bench] ${new Date().toISOString().slice(11, 19)} ${s}\n`);
}

function child(task: Record<string, unknown>): Measured {
  const r = spawnSync(
    process.execPath,
    ['--require', 'tsx/cjs', path.join(ROOT, 'bench', 'child.ts'), JSON.stringify(task)],
    {
      cwd: ROOT,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, TZ: process.env.TZ ?? 'Asia/Shanghai' },
    },
  );
  if (r.stderr) process.stderr.write(r.stderr);
  if (r.status !== 0) throw new Error(`bench task ${task.kind} failed (${r.status ?? r.signal})`);
  const last = r.stdout.trim().split('\n').pop()!;
  return JSON.parse(last) as Measured;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/** Runs a task `runs` times; median ms, max of the peak RSS, details of the last run. */
function measure(task: Record<string, unknown>, runs: number): Measured & { runsMs: number[] } {
  const all: Measured[] = [];
  for (let i = 0; i < runs; i++) all.push(child(task));
  return summary(all);
}

/** Runs of one task: median ms and CPU, max of the peak RSS, details of the last run. */
function summary(all: Measured[]): Measured & { runsMs: number[] } {
  const runsMs = all.map((m) => m.ms);
  const cpuMs = Math.round(median(all.map((m) => (m.cpuMs as number) ?? 0)));
  const mains = all.map((m) => m.mainThreadCpuMs).filter((x): x is number => typeof x === 'number');
  return {
    ...all[all.length - 1],
    ms: Math.round(median(runsMs)),
    cpuMs,
    mainThreadCpuMs: mains.length ? Math.round(median(mains)) : null,
    maxRssMb: Math.max(...all.map((m) => m.maxRssMb)),
    runsMs,
  };
}

/**
 * What the cores did during the import's and the parse's runs (bench/core-watch.ts; null off Linux), medians of
 * the runs: the import's parse thread (its busiest thread but the main one) and main thread, the parse alone's
 * main thread (the parse runs on it), each as CPU and time waiting for a core; the CPU of this process's other
 * threads (V8's collector and compiler helpers, zlib's pool); other programs' CPU on the machine.
 */
function coresOf(imps: Measured[], parses: Measured[]) {
  const cs = (ms: Measured[]) => ms.map((m) => m.cores as Cores | undefined).filter((c): c is Cores => !!c);
  const ic = cs(imps);
  const pc = cs(parses);
  if (!ic.length || !pc.length) return null;
  const med = (xs: number[]) => Math.round(median(xs));
  const pick = (cores: Cores[], f: (c: Cores) => ThreadShare | undefined) => {
    const t = cores.map(f).filter((x): x is ThreadShare => !!x);
    return t.length ? { cpuMs: med(t.map((x) => x.cpuMs)), waitMs: med(t.map((x) => x.waitMs)) } : null;
  };
  const parseThread = (c: Cores) => c.threads.find((t) => !t.main);
  const mainThread = (c: Cores) => c.threads.find((t) => t.main);
  const helpers = (c: Cores, skip: (t: ThreadShare) => boolean) =>
    c.threads.filter((t) => !skip(t)).reduce((a, t) => a + t.cpuMs, 0);
  return {
    importParseThread: pick(ic, parseThread),
    importMainThread: pick(ic, mainThread),
    importHelpersCpuMs: med(ic.map((c) => helpers(c, (t) => t.main || t === parseThread(c)))),
    importOthersCpuMs: med(ic.map((c) => c.othersCpuMs)),
    parseMainThread: pick(pc, mainThread),
    parseHelpersCpuMs: med(pc.map((c) => helpers(c, (t) => t.main))),
    parseOthersCpuMs: med(pc.map((c) => c.othersCpuMs)),
  };
}

const label = (n: number) => (n >= 1_000_000 ? `${n / 1_000_000}M` : `${n / 1000}k`);
const ratio = (a: number, b: number) => (b > 0 ? Math.round((a / b) * 100) / 100 : null);

/** A tag of the sources that decide the cached data's content: the generator and the store's schema. */
function dataTag(): string {
  const h = crypto.createHash('sha1');
  // A new store's page size shapes the file as much as its schema does.
  h.update(`page_size ${NEW_STORE_PAGE_SIZE}`);
  for (const dir of ['tools/generator', 'db/migrations']) {
    for (const f of fs.readdirSync(path.join(ROOT, dir)).sort()) {
      if (f.endsWith('.ts') || f.endsWith('.json')) h.update(f).update(fs.readFileSync(path.join(ROOT, dir, f)));
    }
  }
  return h.digest('hex').slice(0, 8);
}

function dataFiles(tag: string) {
  const base = (n: number) => `${label(n)}-seed${SEED}-${tag}`;
  const workbookFor = (n: number): string => {
    const file = path.join(OUT, `office-${base(n)}.xlsx`);
    if (!fs.existsSync(file)) {
      log(`generating the ${label(n)} workbook…`);
      const tmp = `${file}.part.xlsx`;
      child({ kind: 'gen-workbook', gen: { cases: n, seed: SEED, asOf: AS_OF }, file: tmp });
      fs.renameSync(tmp, file);
    }
    return file;
  };
  const storeFor = (n: number): string => {
    const store = path.join(OUT, `store-${base(n)}.sqlite`);
    if (!fs.existsSync(store)) {
      if (n <= 100_000) {
        log(`importing the ${label(n)} workbook into the reference store…`);
        child({ kind: 'import', file: workbookFor(n), keepAs: store });
      } else {
        log(`generating ${label(n)} cases straight into a store (no workbook at this size)…`);
        child({ kind: 'gen-store', gen: { cases: n, seed: SEED, asOf: AS_OF }, store });
      }
    }
    return store;
  };
  /** The same office as a real export (tools/generator/wide.ts): title rows, renamed headers, a row per suspect. */
  const wideWorkbookFor = (n: number): string => {
    const file = path.join(OUT, `office-wide-${base(n)}.xlsx`);
    if (!fs.existsSync(file)) {
      log(`generating the ${label(n)} wide export…`);
      const tmp = `${file}.part.xlsx`;
      child({ kind: 'gen-wide', gen: { cases: n, seed: SEED, asOf: AS_OF }, file: tmp });
      fs.renameSync(tmp, file);
    }
    return file;
  };
  /** The reference store with the month's inspection run: findings, runs and the bulletins' snapshots. */
  const bulletinStoreFor = (n: number): string => {
    const store = path.join(OUT, `store-${base(n)}-inspected-${MONTH}.sqlite`);
    if (!fs.existsSync(store)) {
      const src = storeFor(n);
      log(`running the ${MONTH} inspection on a copy of the ${label(n)} store…`);
      child({ kind: 'prep-bulletins', store: src, month: MONTH, keepAs: store });
    }
    return store;
  };
  return { workbookFor, wideWorkbookFor, storeFor, bulletinStoreFor };
}

/** The grid's requests: every sortable column both ways, and each filter the UI offers with a few sorts; deep pages. */
export function gridQueries() {
  type Sort = { col: string; dir: 'asc' | 'desc' }[];
  const page = (sort: Sort, filters: Record<string, string> = {}, offset = 0) => ({
    offset,
    limit: 100,
    ...(sort.length ? { sort } : {}),
    filters,
  });
  const sortCols = ['caseNo', 'title', 'category', 'department', 'prosecutor', 'receivedOn', 'status', 'concludedOn'];
  const sorts: [string, Sort][] = [['default', []]];
  for (const c of sortCols) for (const d of ['asc', 'desc'] as const) sorts.push([`${c} ${d}`, [{ col: c, dir: d }]]);
  sorts.push([
    'prosecutor asc, receivedOn desc',
    [
      { col: 'prosecutor', dir: 'asc' },
      { col: 'receivedOn', dir: 'desc' },
    ],
  ]);
  const filters: [string, Record<string, string>][] = [
    ['none', {}],
    ['category', { category: '审查起诉' }],
    ['category (rare)', { category: '行政生效裁判监督' }],
    ['status', { status: '在办' }],
    ['category+status', { category: '审查逮捕', status: '在办' }],
    ['department', { department: '__DEPARTMENT__' }],
    ['prosecutor', { prosecutor: '__PROSECUTOR__' }],
    ['department+prosecutor+status', { department: '__DEPARTMENT__', prosecutor: '__PROSECUTOR__', status: '在办' }],
    ['received in a month', { receivedFrom: '2026-09-01', receivedTo: '2026-09-30' }],
    ['received on a day', { receivedFrom: '2026-09-15', receivedTo: '2026-09-15' }],
    ['concluded in a month', { concludedFrom: '2026-09-01', concludedTo: '2026-09-30' }],
    ['concluded before', { concludedTo: '2025-12-31' }],
    ['q: full 部门受案号', { q: '__CASE_NO__' }],
    ['q: 部门受案号 prefix', { q: '__CASE_PREFIX__' }],
    ['q: 案件名称 word', { q: '__TITLE_WORD__' }],
    ['q: 案件名称 two characters', { q: '__TITLE_PIECE__' }],
    ['q: 案件名称 word + status', { q: '__TITLE_WORD__', status: '在办' }],
    ['q: 检察官', { q: '__PROSECUTOR__' }],
  ];
  const out: { name: string; q: ReturnType<typeof page> }[] = [];
  for (const [fn, f] of filters) {
    // Every sort without a filter and with the common filters; the other filters with the default sort and two others.
    // The quick search's 案件名称 "contains" (the grid's one contains filter) takes every sort too.
    const all = ['none', 'category', 'status', 'prosecutor', 'q: 案件名称 word'].includes(fn);
    for (const [sn, s] of sorts) {
      if (!all && !['default', 'caseNo asc', 'title asc', 'concludedOn desc'].includes(sn)) continue;
      out.push({ name: `filter ${fn} | sort ${sn}`, q: page(s, f) });
    }
  }
  for (const offset of [5_000, 50_000, 500_000])
    out.push({ name: `page at offset ${offset} | sort default`, q: page([], {}, offset) });
  out.push({ name: 'page at offset 50000 | sort title asc', q: page([{ col: 'title', dir: 'asc' }], {}, 50_000) });
  return out;
}

export async function main(argv: string[]): Promise<number> {
  const flags = new Set(argv.filter((a) => a.startsWith('--')));
  const runsArg = argv.indexOf('--runs');
  const smoke = flags.has('--smoke');
  const million = flags.has('--million');
  const runs = runsArg >= 0 ? Number(argv[runsArg + 1]) : smoke ? 1 : 3;
  const unknownFlags = [...flags].filter((f) => !['--smoke', '--million', '--runs', '--prepare'].includes(f));
  const parts = argv.filter((a, i) => !a.startsWith('--') && argv[i - 1] !== '--runs') as Part[];
  const bad = parts.filter((p) => !PARTS.includes(p));
  if (bad.length || unknownFlags.length || !(runs >= 1)) {
    process.stderr.write(
      `usage: npm run bench [-- PART…] [--smoke] [--million] [--runs N] [--prepare]; parts: ${PARTS.join(', ')}\n`,
    );
    return 1;
  }
  const want = (p: Part) => parts.length === 0 || parts.includes(p);
  const sizes = smoke ? [10_000] : [10_000, 100_000];
  const bigSizes = million && !smoke ? [...sizes, 1_000_000] : sizes;
  const mainSize = sizes[sizes.length - 1]; // bulletins and startup: 100k (10k in the smoke)
  fs.mkdirSync(OUT, { recursive: true });
  const tag = dataTag();
  // Data of an older generator or schema is never reused: remove it.
  for (const f of fs.readdirSync(OUT)) {
    const m = new RegExp(`-seed${SEED}-([0-9a-f]{8})`).exec(f);
    if (m && m[1] !== tag) fs.rmSync(path.join(OUT, f), { force: true });
  }
  const { workbookFor, wideWorkbookFor, storeFor, bulletinStoreFor } = dataFiles(tag);
  const started = Date.now();
  if (flags.has('--prepare')) {
    // Data only (nothing measured): the workbooks and stores the parts asked for would use.
    const files: string[] = [];
    if (want('import') || want('mapped-import')) files.push(...sizes.map(workbookFor));
    if (want('mapped-import')) files.push(...sizes.map(wideWorkbookFor));
    if (want('audit') || want('custom-rules') || want('grid') || want('search')) files.push(...bigSizes.map(storeFor));
    if (want('bulletins') || want('startup') || want('dossier')) files.push(bulletinStoreFor(sizes[sizes.length - 1]));
    process.stdout.write(
      JSON.stringify(
        {
          dataTag: tag,
          files: files.map((f) => path.relative(ROOT, f)),
          wallSeconds: Math.round((Date.now() - started) / 1000),
        },
        null,
        2,
      ) + '\n',
    );
    return 0;
  }

  const results: Record<string, unknown> = {};
  const targets: { name: string; target: string; value: number | null; met: boolean | null; note?: string }[] = [];
  const target = (name: string, t: string, value: number | null, ok: (v: number) => boolean, note?: string) =>
    targets.push({ name, target: t, value, met: value == null ? null : ok(value), ...(note ? { note } : {}) });

  if (want('import')) {
    const r: Record<string, unknown> = {};
    for (const n of sizes) {
      const file = workbookFor(n);
      // Runs alternate, import then parse alone, so that both see the same machine (a host whose speed drifts
      // during the run moves both, not one).
      const imps: Measured[] = [];
      const parses: Measured[] = [];
      for (let i = 0; i < runs; i++) {
        log(`import ${label(n)} / parse alone, run ${i + 1} of ${runs}`);
        imps.push(child({ kind: 'import', file }));
        parses.push(child({ kind: 'parse', file }));
      }
      const imp = summary(imps);
      const parse = summary(parses);
      r[label(n)] = {
        importMs: imp.ms,
        importCpuMs: imp.cpuMs,
        importRssMb: imp.maxRssMb,
        parseMs: parse.ms,
        parseCpuMs: parse.cpuMs,
        parseRssMb: parse.maxRssMb,
        importOverParse: ratio(imp.ms, parse.ms),
        importPhaseStartsMs: imp.phaseStartsMs,
        cores: coresOf(imps, parses),
        importRunsMs: imp.runsMs,
        parseRunsMs: parse.runsMs,
        workbookMb: Math.round(fs.statSync(file).size / 1e5) / 10,
        rows: imp.rows,
        cells: parse.cells,
      };
      if (n === 100_000) {
        target('import 100k', '< 60000 ms', imp.ms, (v) => v < 60_000);
        target('import 100k / XLSX parse alone', '≤ 1.25', ratio(imp.ms, parse.ms), (v) => v <= 1.25);
      }
    }
    results.import = r;
  }

  if (want('mapped-import')) {
    // The same office imported from a real export through a mapping (import-mapping.md) against the plain import
    // of its clean workbook: runs alternate, so both see the same machine.
    const r: Record<string, unknown> = {};
    for (const n of sizes) {
      const plainFile = workbookFor(n);
      const wideFile = wideWorkbookFor(n);
      const plain: Measured[] = [];
      const mapped: Measured[] = [];
      for (let i = 0; i < runs; i++) {
        log(`import ${label(n)} plain / mapped, run ${i + 1} of ${runs}`);
        plain.push(child({ kind: 'import', file: plainFile }));
        mapped.push(child({ kind: 'mapped-import', file: wideFile }));
      }
      const med = (xs: Measured[], k: string) => Math.round(median(xs.map((m) => (m[k] as number) ?? 0)));
      const plainMs = med(plain, 'ms');
      const mappedMs = med(mapped, 'ms');
      r[label(n)] = {
        plainMs,
        plainCpuMs: med(plain, 'cpuMs'),
        mappedMs,
        mappedCpuMs: med(mapped, 'cpuMs'),
        mappedOverPlain: ratio(mappedMs, plainMs),
        mappedOverPlainCpu: ratio(med(mapped, 'cpuMs'), med(plain, 'cpuMs')),
        plainRssMb: Math.max(...plain.map((m) => m.maxRssMb)),
        mappedRssMb: Math.max(...mapped.map((m) => m.maxRssMb)),
        plainWorkbookMb: Math.round(fs.statSync(plainFile).size / 1e5) / 10,
        wideWorkbookMb: Math.round(fs.statSync(wideFile).size / 1e5) / 10,
        rows: mapped[mapped.length - 1].rows,
        sameCases: JSON.stringify(mapped[mapped.length - 1].cases) === JSON.stringify(plain[plain.length - 1].cases),
        plainRunsMs: plain.map((m) => m.ms),
        mappedRunsMs: mapped.map((m) => m.ms),
      };
      if (n === 100_000)
        target('mapped import 100k / plain import', '≤ 1.1', ratio(mappedMs, plainMs), (v) => v <= 1.1);
    }
    results['mapped-import'] = r;
  }

  if (want('custom-rules')) {
    // What twenty custom rules (bench/custom-rules.ts) add to the daily audit, against one plain scan.
    const r: Record<string, unknown> = {};
    for (const n of bigSizes) {
      const store = storeFor(n);
      log(`audit ${label(n)} ×${runs}`);
      const audit = measure({ kind: 'audit', store, asOf: AS_OF }, runs);
      log(`audit ${label(n)} with 20 custom rules ×${runs}`);
      const custom = measure({ kind: 'audit', store, asOf: AS_OF, customRules: true }, runs);
      log(`scan ${label(n)} ×${runs}`);
      const scan = measure({ kind: 'scan', store }, runs);
      const addedMs = Math.round((custom.ms - audit.ms) * 100) / 100;
      r[label(n)] = {
        auditMs: audit.ms,
        auditCustomMs: custom.ms,
        customRules: custom.customRules,
        customAddedMs: addedMs,
        scanMs: scan.ms,
        customAddedOverScan: ratio(addedMs, scan.ms),
        summary: custom.summary,
        failedRules: custom.failedRules,
      };
      if (n === 1_000_000)
        target('20 custom rules on 1M: added audit time / plain scan', '≤ 1', ratio(addedMs, scan.ms), (v) => v <= 1);
    }
    results['custom-rules'] = r;
  }

  if (want('audit')) {
    const r: Record<string, unknown> = {};
    for (const n of bigSizes) {
      const store = storeFor(n);
      log(`audit ${label(n)} ×${runs}`);
      const audit = measure({ kind: 'audit', store, asOf: AS_OF }, runs);
      // The same audit kept on one thread (core/rules/parallel.ts): what the second thread gains, and costs in CPU.
      log(`audit ${label(n)} on one thread ×${runs}`);
      const audit1 = measure({ kind: 'audit', store, asOf: AS_OF, parallel: false }, runs);
      // A past-dated audit (the month end before) on a store already audited today: the as-of view's cost.
      log(`audit ${label(n)} as of ${PAST_AS_OF} after today's ×${runs}`);
      const auditPast = measure({ kind: 'audit', store, asOf: PAST_AS_OF, auditedFirst: AS_OF }, runs);
      log(`scan ${label(n)} ×${runs}`);
      const scan = measure({ kind: 'scan', store }, runs);
      log(`audit ${label(n)} on the peer's ${PEER_RULE_IDS.length} rules only ×${runs}`);
      const audit3 = measure({ kind: 'audit', store, asOf: AS_OF, rules: PEER_RULE_IDS }, runs);
      const big = n > 100_000;
      // The peer is slow (about a minute at 1M): one run at 1M, on every case (a scaled-up sample was tried and overstated it by 46 %).
      log(`peer ${label(n)} ×${big ? 1 : runs}`);
      const peer = measure({ kind: 'peer', store, asOf: AS_OF }, big ? 1 : runs);
      const peerMs = peer.ms;
      const auditRules = audit.peerRules as { findings: Record<string, number>; warnings: Record<string, number> };
      const same = (a: Record<string, number>, b: Record<string, number>) => Object.keys(a).every((k) => a[k] === b[k]);
      const row: Record<string, unknown> = {
        auditMs: audit.ms,
        auditCpuMs: audit.cpuMs,
        auditRssMb: audit.maxRssMb,
        auditMainThreadCpuMs: audit.mainThreadCpuMs,
        auditOneThreadMs: audit1.ms,
        auditOneThreadCpuMs: audit1.cpuMs,
        auditOneThreadRssMb: audit1.maxRssMb,
        auditAsOfMs: auditPast.ms,
        auditAsOfCpuMs: auditPast.cpuMs,
        auditAsOfSummary: auditPast.summary,
        auditAsOfOverAudit: ratio(auditPast.ms, audit.ms),
        scanMs: scan.ms,
        scanCpuMs: scan.cpuMs,
        scanRssMb: scan.maxRssMb,
        peerMs,
        peerCpuMs: peer.cpuMs,
        peerRssMb: peer.maxRssMb,
        peerCases: peer.cases,
        peerEngineRuns: peer.engineRuns,
        auditRulesRun: audit.rulesRun,
        auditPeerRulesMs: audit3.ms,
        auditPeerRulesCpuMs: audit3.cpuMs,
        auditPeerRulesRssMb: audit3.maxRssMb,
        auditOverScan: ratio(audit.ms, scan.ms),
        peerOverAudit: ratio(peerMs, audit.ms),
        peerOverAuditSameRules: ratio(peerMs, audit3.ms),
        auditRunsMs: audit.runsMs,
        scanRunsMs: scan.runsMs,
        summary: audit.summary,
        rows: scan.rows,
        peerCheck: {
          sameFindingsAndWarnings:
            same(auditRules.findings, peer.findings as Record<string, number>) &&
            same(auditRules.warnings, peer.warnings as Record<string, number>),
          audit: auditRules,
          peer: { findings: peer.findings, warnings: peer.warnings },
        },
      };
      r[label(n)] = row;
      if (!(row.peerCheck as { sameFindingsAndWarnings: boolean }).sameFindingsAndWarnings) {
        log(
          `WARNING: at ${label(n)} the peer's findings/warnings per rule differ from the audit's (bench/peer.ts must follow rules.md)`,
        );
      }
      // Issue 15: the audit within 1.5× one plain scan of the same rows, and a past-dated audit within 1.2× today's.
      // (The peer is measured beside it; its old "20× faster" target is retired: the limit is the scan.)
      if (n >= 100_000) {
        target(`audit ${label(n)} / plain scan`, '≤ 1.5', ratio(audit.ms, scan.ms), (v) => v <= 1.5);
        target(`as-of audit ${label(n)} / today's audit`, '≤ 1.2', ratio(auditPast.ms, audit.ms), (v) => v <= 1.2);
      }
      if (n === 1_000_000) {
        target('audit 1M peak RSS', '< 1024 MB', audit.maxRssMb, (v) => v < 1024);
      }
    }
    results.audit = r;
  }

  if (want('grid')) {
    const r: Record<string, unknown> = {};
    const gridSizes = smoke ? [10_000] : bigSizes.filter((n) => n >= 100_000);
    for (const n of gridSizes) {
      const store = storeFor(n);
      const queries = gridQueries();
      log(`grid ${label(n)}: ${queries.length} requests`);
      const g = measure({ kind: 'grid', store, queries, samples: 5, slowMs: 100 }, 1);
      r[label(n)] = {
        worstMs: g.ms,
        requests: g.queries,
        over100ms: g.over,
        facetsMs: g.facetsMs,
        rssMb: g.maxRssMb,
        slow: g.slow,
        perQuery: g.perQuery,
      };
      if (n === 1_000_000) {
        target('grid page at 1M (worst of all sorts/filters)', '< 100 ms', g.ms, (v) => v < 100);
        target('grid at 1M peak RSS', '< 1024 MB', g.maxRssMb, (v) => v < 1024);
      }
    }
    results.grid = r;
  }

  if (want('search')) {
    // Search everywhere (the Ctrl+K box): the 'search/cases' handler for what a user types (bench/tasks.ts search).
    const r: Record<string, unknown> = {};
    const searchSizes = smoke ? [10_000] : bigSizes.filter((n) => n >= 100_000);
    for (const n of searchSizes) {
      const store = storeFor(n);
      log(`search ${label(n)}`);
      const s = measure({ kind: 'search', store, samples: 5 }, 1);
      r[label(n)] = { worstMs: s.ms, rssMb: s.maxRssMb, perText: s.perText };
      if (n === 1_000_000) target('search at 1M (worst)', '< 200 ms', s.ms, (v) => v < 200);
    }
    results.search = r;
  }

  if (want('bulletins') || want('startup') || want('dossier')) {
    const store = bulletinStoreFor(mainSize);
    for (const p of ['bulletins', 'startup', 'dossier'] as const) {
      if (!want(p)) continue;
      log(`${p} ${label(mainSize)}`);
      results[p] = {
        [label(mainSize)]: await extra[p]({
          store,
          size: label(mainSize),
          month: MONTH,
          asOf: AS_OF,
          runs,
          measure,
          target,
        }),
      };
    }
    // The first screen at 1M: the 1M store as generated (no inspection run: the home screen shows its empty state).
    if (want('startup') && million && !smoke) {
      log('startup 1M');
      (results.startup as Record<string, unknown>)['1M'] = await extra.startup({
        store: storeFor(1_000_000),
        size: '1M',
        month: MONTH,
        asOf: AS_OF,
        runs,
        measure,
        target,
      });
    }
  }

  const doc = {
    machine: {
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model,
      memGb: Math.round(os.totalmem() / 2 ** 30),
      loadAvg1m: Math.round(os.loadavg()[0] * 100) / 100,
      node: process.version,
      platform: `${os.platform()} ${os.arch()}`,
    },
    date: new Date().toISOString(),
    seed: SEED,
    asOf: AS_OF,
    month: MONTH,
    dataTag: tag,
    runs,
    smoke,
    million,
    parts: parts.length ? parts : 'all',
    wallSeconds: Math.round((Date.now() - started) / 1000),
    results,
    targets,
  };
  process.stdout.write(JSON.stringify(doc, null, 2) + '\n');
  return 0;
}
