/**
 * The typed bridge (core/shared/api.ts): the renderer's HandlerTypes are derived from the handlers'
 * typed tuples, which are the very arrays the registry serves. Type assertions are checked by tsc
 * (npm run typecheck); the runtime part checks the tuples and the registry agree.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { HandlerInput, HandlerName, HandlerResult } from '../../core/shared/api';
import { HANDLER_AREAS, HANDLER_NAMES, HANDLERS } from '../../core/handlers/index';
import type { HandlerDef } from '../../core/handlers/registry';

const typed = Object.values(HANDLER_AREAS).flat();
const HANDLERS_DIR = path.resolve(__dirname, '../../core/handlers');

describe('typed bridge', () => {
  it('types every registered handler, and only those', () => {
    const names: HandlerName[] = typed.map((h) => h.name);
    expect([...names].sort()).toEqual([...HANDLER_NAMES]);
    for (const h of typed) expect(HANDLERS[h.name]).toBe(h);
  });

  it('lists every area file in HANDLER_AREAS (the one edit a new area needs)', async () => {
    const listed = new Set<unknown>(Object.values(HANDLER_AREAS));
    const areaFiles = fs
      .readdirSync(HANDLERS_DIR)
      .filter((f) => f.endsWith('.ts') && f !== 'index.ts' && f !== 'registry.ts');
    expect(areaFiles.length).toBeGreaterThan(10);
    for (const f of areaFiles) {
      const mod = (await import(path.join(HANDLERS_DIR, f))) as Record<string, unknown>;
      const tuples = Object.entries(mod).filter(([k]) => k.endsWith('Handlers'));
      expect(
        tuples.map(([k]) => k),
        `core/handlers/${f} exports no <area>Handlers tuple`,
      ).toHaveLength(1);
      const [name, tuple] = tuples[0];
      expect(
        listed.has(tuple),
        `core/handlers/${f}: ${name} is missing from HANDLER_AREAS (core/handlers/index.ts)`,
      ).toBe(true);
      // The untyped list an area still exports (tests use it) is the same array.
      if ('handlers' in mod) expect(mod.handlers as HandlerDef[]).toBe(tuple);
    }
  });

  it('derives payloads (before zod defaults) and results from the handlers', () => {
    expectTypeOf<HandlerInput<'cases/get'>>().toEqualTypeOf<{ caseNo: string }>();
    expectTypeOf<HandlerInput<'cases/list'>['offset']>().toEqualTypeOf<number | undefined>();
    expectTypeOf<HandlerResult<'cases/list'>['total']>().toEqualTypeOf<number>();
    expectTypeOf<HandlerResult<'dashboard/summary'>['findings']['newToday']['total']>().toEqualTypeOf<number>();
    expectTypeOf<HandlerResult<'notices/export'>>().toEqualTypeOf<{ files: string[] }>();
    expectTypeOf<HandlerResult<'cases/get'>['case']['hasVictim']>().toEqualTypeOf<boolean>();
    expectTypeOf<HandlerResult<'cases/get'>['events'][number]['on']>().toEqualTypeOf<string>();
    expectTypeOf<HandlerResult<'jobs/list'>['runs'][number]['failedRules']>().toEqualTypeOf<
      { ruleId: string; title: string; error: string }[]
    >();
    expectTypeOf<'nope/nope'>().not.toExtend<HandlerName>();
  });
});
