/**
 * The layers as docs/DEVELOPING.md draws them, checked on the real import graph of the sources:
 * no file-level import cycle, no folder-level cycle (folder = core/<area>, tools/<tool>, db, cli, web,
 * electron, bench, renderer), and arrows that point down only (db → core → doors → renderer; tools/ and
 * bench/ beside the doors). Each failure names the cycle or the offending import.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findCycles, importGraph, type ImportEdge } from './import-graph';

const ROOT = path.resolve(__dirname, '../..');
const DIRS = ['core', 'db', 'cli', 'web', 'electron', 'tools', 'bench', 'renderer'] as const;
type Top = (typeof DIRS)[number];

/** What each top folder may import besides itself (and root files such as package.json). */
const MAY_IMPORT: Record<Top, readonly Top[]> = {
  db: [], // plus `import type` from core/ (the record types a query returns)
  core: ['db'],
  tools: ['core', 'db'],
  web: ['core', 'db'],
  electron: ['core', 'db', 'web'],
  cli: ['core', 'db', 'tools', 'web'],
  bench: ['core', 'db', 'tools'],
  renderer: [], // plus core/shared/ (pure code and the bridge's types)
};

const { files, edges } = importGraph(ROOT, DIRS);

const topOf = (file: string): string => (file.includes('/') ? file.split('/')[0] : file);

/** core/<area> and tools/<tool> (a top-level module of core/ is its own unit: core/dates, core/context); else the top folder. */
function unitOf(file: string): string {
  const parts = file.split('/');
  if ((parts[0] === 'core' || parts[0] === 'tools') && parts.length > 1)
    return `${parts[0]}/${parts[1].replace(/\.tsx?$/, '')}`;
  return topOf(file);
}

/**
 * Type-only arrows that point up by design and so take no part in folder cycles: db/ reading core's
 * record types, and core/shared/api.ts deriving the bridge's contract from the handlers.
 */
const designedTypeArrow = (e: ImportEdge): boolean =>
  e.typeOnly &&
  ((e.from.startsWith('db/') && e.to.startsWith('core/')) ||
    (e.from === 'core/shared/api.ts' && e.to.startsWith('core/handlers/')));

function describeCycle(cycle: string[], example: (a: string, b: string) => string | undefined): string {
  const steps = cycle.slice(0, -1).map((a, i) => {
    const how = example(a, cycle[i + 1]);
    return `    ${a} → ${cycle[i + 1]}${how ? `  (${how})` : ''}`;
  });
  return `  ${cycle.join(' → ')}\n${steps.join('\n')}`;
}

function fileCycles(es: readonly ImportEdge[]): string[] {
  const value = es.filter((e) => !e.typeOnly);
  return findCycles(value.map((e) => [e.from, e.to] as const)).map((c) => describeCycle(c, () => undefined));
}

function folderCycles(es: readonly ImportEdge[]): string[] {
  const crossing = es.filter((e) => !designedTypeArrow(e) && unitOf(e.from) !== unitOf(e.to));
  const example = (a: string, b: string) => {
    const e = crossing.find((x) => unitOf(x.from) === a && unitOf(x.to) === b);
    return e && `${e.from} imports ${e.typeOnly ? 'the types of ' : ''}${e.to}`;
  };
  return findCycles(crossing.map((e) => [unitOf(e.from), unitOf(e.to)] as const)).map((c) => describeCycle(c, example));
}

function upwardArrows(es: readonly ImportEdge[]): string[] {
  const out: string[] = [];
  for (const e of es) {
    const from = topOf(e.from) as Top;
    const to = topOf(e.to);
    if (from === to || !e.to.includes('/')) continue; // same folder, or a root file (package.json)
    if ((MAY_IMPORT[from] as readonly string[]).includes(to)) continue;
    if (from === 'db' && to === 'core' && e.typeOnly) continue;
    if (from === 'renderer' && e.to.startsWith('core/shared/')) continue;
    out.push(
      `  ${e.from} imports ${e.typeOnly ? 'the types of ' : ''}${e.to} (${from}/ may import ${MAY_IMPORT[from].join(', ') || 'nothing outside itself'})`,
    );
  }
  return out;
}

describe('import graph', () => {
  it('is read from the sources (not vacuously empty)', () => {
    expect(files.length).toBeGreaterThan(150);
    const has = (from: string, to: string, typeOnly: boolean) =>
      edges.some((e) => e.from === from && e.to === to && e.typeOnly === typeOnly);
    expect(has('core/rules/parallel.ts', 'db/queries/audit.ts', false)).toBe(true);
    expect(has('core/shared/api.ts', 'core/handlers/index.ts', true)).toBe(true);
    expect(has('bench/tasks.ts', 'core/jobs/audit.ts', false)).toBe(true); // require('../core/jobs/audit')
  });

  it('has no file-level import cycle', () => {
    const cycles = fileCycles(edges);
    expect(cycles, `file-level import cycles:\n${cycles.join('\n')}`).toEqual([]);
  });

  it('has no folder-level import cycle', () => {
    const cycles = folderCycles(edges);
    expect(cycles, `folder-level import cycles:\n${cycles.join('\n')}`).toEqual([]);
  });

  it('points down only: db → core → doors → renderer, tools/ and bench/ beside the doors', () => {
    const up = upwardArrows(edges);
    expect(up, `imports against the layers:\n${up.join('\n')}`).toEqual([]);
  });

  it('names a cycle when there is one (the checks above can fail)', () => {
    const e = (from: string, to: string, typeOnly = false): ImportEdge => ({ from, to, typeOnly });
    const tangled = [
      e('core/handlers/registry.ts', 'core/errors.ts'),
      e('core/handlers/jobs.ts', 'core/jobs/audit.ts'),
      e('core/jobs/inspection.ts', 'core/referrals/index.ts'),
      e('core/referrals/package.ts', 'core/handlers/registry.ts'),
      e('bench/tasks.ts', 'bench/child.ts'),
      e('bench/child.ts', 'bench/tasks.ts'),
      e('db/queries/cases.ts', 'core/domain.ts', true),
      e('core/import/index.ts', 'db/queries/cases.ts'),
    ];
    expect(folderCycles(tangled)).toEqual([
      expect.stringContaining('core/handlers → core/jobs → core/referrals → core/handlers'),
    ]);
    expect(folderCycles(tangled)[0]).toContain('core/referrals/package.ts imports core/handlers/registry.ts');
    expect(fileCycles(tangled)).toEqual([expect.stringContaining('bench/child.ts → bench/tasks.ts → bench/child.ts')]);
    expect(
      upwardArrows([...tangled, e('core/jobs/x.ts', 'tools/generator/index.ts'), e('db/a.ts', 'core/b.ts')]),
    ).toEqual([
      expect.stringContaining('core/jobs/x.ts imports tools/generator/index.ts'),
      expect.stringContaining('db/a.ts imports core/b.ts'),
    ]);
  });
});
