/**
 * Turns one `npm run bench` JSON document into bench/RESULTS.md text, optionally with the tables of an earlier
 * run (before a change) after it:
 *   node --require tsx/cjs bench/report.ts results.json "npm run bench -- --million" [before.json "command"] > bench/RESULTS.md
 * Only formats what was measured; it adds no figures of its own.
 */
import fs from 'node:fs';

type J = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const fmt = (v: unknown): string =>
  v == null ? '—' : typeof v === 'number' ? (Number.isInteger(v) ? v.toLocaleString('en-US') : String(v)) : String(v);
const ms = (v: unknown): string => (v == null ? '—' : `${fmt(Math.round(v as number))} ms`);

export function report(doc: J, command: string, before?: { doc: J; command: string }): string {
  const out: string[] = [];
  const m = doc.machine;
  out.push('# Benchmark results', '');
  out.push(`Measured with \`${command}\` on ${doc.date.slice(0, 10)} (${doc.date.slice(11, 16)} UTC).`, '');
  out.push(
    `- Machine: ${m.cpus} CPUs (\`nproc\` = ${m.cpus}), ${m.cpuModel}, ${m.memGb} GB RAM, ${m.platform}, Node ${m.node}`,
  );
  out.push(
    `- 1-minute load average when the run ended: ${m.loadAvg1m} (others' work on the same 2 cores shows up in wall times; \`cpuMs\` figures are this process's own CPU time)`,
  );
  out.push(
    `- Data: generator seed ${doc.seed}, as of ${doc.asOf}, data tag ${doc.dataTag}; ${doc.runs} run(s) per measurement, median reported; the whole run took ${fmt(doc.wallSeconds)} s`,
    '',
  );

  out.push('## Targets', '', '| target | limit | measured | met |', '|---|---|---|---|');
  for (const t of doc.targets as J[]) {
    out.push(
      `| ${t.name}${t.note ? ` (${t.note})` : ''} | ${t.target} | ${fmt(t.value)}${/ms/.test(t.target) ? ' ms' : /MB/.test(t.target) ? ' MB' : ''} | ${t.met == null ? 'not measured' : t.met ? 'yes' : '**no**'} |`,
    );
  }
  out.push('');

  const r = doc.results as J;
  if (r.import) {
    out.push(
      '## Import',
      '',
      '| size | import | import CPU | import peak RSS | XLSX parse alone | parse CPU | import / parse | workbook |',
      '|---|---|---|---|---|---|---|---|',
    );
    for (const [size, x] of Object.entries(r.import as J)) {
      out.push(
        `| ${size} | ${ms(x.importMs)} | ${ms(x.importCpuMs)} | ${fmt(x.importRssMb)} MB | ${ms(x.parseMs)} | ${ms(x.parseCpuMs)} | ${fmt(x.importOverParse)} | ${fmt(x.workbookMb)} MB |`,
      );
    }
    out.push('', 'Runs alternate, import then parse alone.', '');
    const watched = Object.entries(r.import as J).filter(([, x]) => x.cores);
    if (watched.length) {
      const share = (t: J | null) => (t ? `${ms(t.cpuMs)} / ${ms(t.waitMs)}` : '—');
      out.push(
        "Where the cores went (the scheduler's statistics per thread, bench/core-watch.ts; medians of the runs). CPU / time runnable but waiting for a core:",
        '',
        "| size | import: parse thread | import: main thread | import: other threads' CPU | parse alone: its thread | parse alone: other threads' CPU | other programs' CPU (import / parse) |",
        '|---|---|---|---|---|---|---|',
      );
      for (const [size, x] of watched) {
        const c = x.cores as J;
        out.push(
          `| ${size} | ${share(c.importParseThread)} | ${share(c.importMainThread)} | ${ms(c.importHelpersCpuMs)} | ${share(c.parseMainThread)} | ${ms(c.parseHelpersCpuMs)} | ${ms(c.importOthersCpuMs)} / ${ms(c.parseOthersCpuMs)} |`,
        );
      }
      out.push('');
    }
  }
  if (r['mapped-import']) {
    out.push(
      '## Import through a mapping',
      '',
      'The same office from a real export (title rows, renamed headers, a row per suspect, 合计; tools/generator/wide.ts) through the mapping that reads it, against the plain import of its clean workbook, runs alternating.',
      '',
      '| size | plain import | plain CPU | mapped import | mapped CPU | mapped / plain | mapped / plain (CPU) | peak RSS plain / mapped | workbooks (clean / wide) |',
      '|---|---|---|---|---|---|---|---|---|',
    );
    for (const [size, x] of Object.entries(r['mapped-import'] as J)) {
      out.push(
        `| ${size} | ${ms(x.plainMs)} | ${ms(x.plainCpuMs)} | ${ms(x.mappedMs)} | ${ms(x.mappedCpuMs)} | ${fmt(x.mappedOverPlain)} | ${fmt(x.mappedOverPlainCpu)} | ${fmt(x.plainRssMb)} / ${fmt(x.mappedRssMb)} MB | ${fmt(x.plainWorkbookMb)} / ${fmt(x.wideWorkbookMb)} MB |`,
      );
    }
    out.push('');
  }
  if (r.audit) {
    out.push(
      '## Daily audit',
      '',
      "| size | audit | audit CPU (main thread) | audit peak RSS | audit on one thread (CPU) | plain scan | audit / scan | as of the month end before (/ today's) | audit, peer's 3 rules only | peer (json-rules-engine) | peer / audit | peer / audit (same rules) | peer agrees with the audit |",
      '|---|---|---|---|---|---|---|---|---|---|---|---|---|',
    );
    for (const [size, x] of Object.entries(r.audit as J)) {
      const agree = x.peerCheck.sameFindingsAndWarnings ? 'yes (same findings and warnings per rule)' : '**no**';
      const peer = `${ms(x.peerMs)} (${fmt(x.peerEngineRuns)} engine runs)`;
      out.push(
        `| ${size} | ${ms(x.auditMs)} | ${ms(x.auditCpuMs)} (${ms(x.auditMainThreadCpuMs)}) | ${fmt(x.auditRssMb)} MB | ${ms(x.auditOneThreadMs)} (${ms(x.auditOneThreadCpuMs)}) | ${ms(x.scanMs)} | ${fmt(x.auditOverScan)} | ${ms(x.auditAsOfMs)} (${fmt(x.auditAsOfOverAudit)}) | ${ms(x.auditPeerRulesMs)} | ${peer} | ${fmt(x.peerOverAudit)} | ${fmt(x.peerOverAuditSameRules)} | ${agree} |`,
      );
    }
    out.push('');
  }
  if (r.grid) {
    out.push('## Cases grid (`cases/list`, 100 rows a page)', '');
    for (const [size, g] of Object.entries(r.grid as J)) {
      const pq = Object.entries(g.perQuery as Record<string, J>);
      const over = pq.filter(([, v]) => Math.max(v.first, v.repeat) >= 100);
      out.push(
        `### ${size}: ${g.requests} requests, worst ${ms(g.worstMs)}, ${over.length} at or over 100 ms, peak RSS ${fmt(g.rssMb)} MB; the filter choices (\`cases/facets\`) ${ms(g.facetsMs)}`,
        '',
      );
      const worst = [...pq]
        .sort((a, b) => Math.max(b[1].first, b[1].repeat) - Math.max(a[1].first, a[1].repeat))
        .slice(0, 15);
      out.push('| request (filter, sort) | first request | repeated | matches |', '|---|---|---|---|');
      for (const [name, v] of worst) out.push(`| ${name} | ${ms(v.first)} | ${ms(v.repeat)} | ${fmt(v.total)} |`);
      out.push('');
    }
  }
  if (r.search) {
    out.push(
      '## Search everywhere (`search/cases`, the Ctrl+K box)',
      '',
      '| size | what is typed | text | first | repeated | cases shown |',
      '|---|---|---|---|---|---|',
    );
    for (const [size, x] of Object.entries(r.search as J))
      for (const [name, v] of Object.entries(x.perText as Record<string, J>))
        out.push(`| ${size} | ${name} | ${v.text} | ${ms(v.first)} | ${ms(v.repeat)} | ${fmt(v.hits)} |`);
    out.push('');
  }
  if (r.bulletins) {
    out.push(
      '## Monthly bulletins',
      '',
      "| size | both bulletins' figures | with the lists behind every figure | all documents of both bulletins | their peak RSS | files | then the referral package |",
      '|---|---|---|---|---|---|---|',
    );
    for (const [size, x] of Object.entries(r.bulletins as J)) {
      out.push(
        `| ${size} | ${ms(x.figuresMs)} | ${ms(x.snapshotsWithListsMs)} | ${ms(x.documentsMs)}${x.pdf ? '' : ' (no PDF: no Chromium)'} | ${fmt(x.documentsRssMb)} MB | ${(x.files as J[]).map((f) => `${f.file} (${fmt(f.kb)} KB)`).join(', ')} | ${ms(x.referralPackageMs)} |`,
      );
    }
    out.push('');
  }
  if (r.startup) {
    out.push(
      '## Browser mode start',
      '',
      "| store | start → URL printed | → page served | → first screen's data (app/info, settings/get, dashboard/summary) |",
      '|---|---|---|---|',
    );
    for (const [size, x] of Object.entries(r.startup as J))
      out.push(`| ${size} | ${ms(x.toUrlMs)} | ${ms(x.toPageMs)} | ${ms(x.toDataMs)} |`);
    out.push('');
  }
  if (before) {
    // The same machine and data before this run's code changes: only its tables, from its own JSON.
    const b = report(before.doc, before.command).split('\n');
    const cut = b.findIndex((l) => l.startsWith('## The JSON document'));
    out.push(
      '## Before the fixes',
      '',
      `For comparison: \`${before.command}\` on ${before.doc.date.slice(0, 10)} (${before.doc.date.slice(11, 16)} UTC), same machine, same data (tag ${before.doc.dataTag}), with the code as it was before the changes described in README.md.`,
      '',
    );
    out.push(
      ...b
        .slice(
          b.findIndex((l) => l.startsWith('## Targets')),
          cut,
        )
        .map((l) => (l.startsWith('## ') ? `#${l}` : l.startsWith('### ') ? `#${l}` : l)),
    );
  }
  out.push('## The JSON document', '', '```json', JSON.stringify(doc, null, 2), '```', '');
  return out.join('\n');
}

if (require.main === module) {
  // bench/report.ts RESULTS.json "command" [BEFORE.json "command"]
  const [file, cmd, beforeFile, beforeCmd] = process.argv.slice(2);
  const doc = JSON.parse(fs.readFileSync(file, 'utf8')) as J;
  const before = beforeFile
    ? { doc: JSON.parse(fs.readFileSync(beforeFile, 'utf8')) as J, command: beforeCmd ?? 'npm run bench' }
    : undefined;
  process.stdout.write(report(doc, cmd ?? 'npm run bench', before));
}
