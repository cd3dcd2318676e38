/**
 * The typed bridge (core/shared/api.ts): the renderer's HandlerTypes are derived from the handlers'
 * typed tuples, which are the very arrays the registry serves. Type assertions are checked by tsc
 * (npm run typecheck); the runtime part checks the tuples and the registry agree.
 */
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { HandlerInput, HandlerName, HandlerResult } from '../../core/shared/api';
import { HANDLER_NAMES, HANDLERS, appInfo } from '../../core/handlers/index';
import { auditHandlers } from '../../core/handlers/audit';
import { backupHandlers } from '../../core/handlers/backup';
import { bulletinsHandlers } from '../../core/handlers/bulletins';
import { casesHandlers } from '../../core/handlers/cases';
import { dashboardHandlers } from '../../core/handlers/dashboard';
import { findingsHandlers } from '../../core/handlers/findings';
import { importsHandlers } from '../../core/handlers/imports';
import { jobsHandlers } from '../../core/handlers/jobs';
import { noticesHandlers } from '../../core/handlers/notices';
import { referralsHandlers } from '../../core/handlers/referrals';
import { settingsHandlers } from '../../core/handlers/settings';
import { searchHandlers } from '../../core/handlers/search';
import { operatorsHandlers } from '../../core/handlers/operators';
import { gridsHandlers } from '../../core/handlers/grids';
import { deadlinesHandlers } from '../../core/handlers/deadlines';

const typed = [
  appInfo,
  ...auditHandlers,
  ...backupHandlers,
  ...bulletinsHandlers,
  ...casesHandlers,
  ...dashboardHandlers,
  ...findingsHandlers,
  ...importsHandlers,
  ...jobsHandlers,
  ...noticesHandlers,
  ...referralsHandlers,
  ...settingsHandlers,
  ...searchHandlers,
  ...operatorsHandlers,
  ...gridsHandlers,
  ...deadlinesHandlers,
];

describe('typed bridge', () => {
  it('types every registered handler, and only those', () => {
    const names: HandlerName[] = typed.map((h) => h.name);
    expect([...names].sort()).toEqual([...HANDLER_NAMES]);
    for (const h of typed) expect(HANDLERS[h.name]).toBe(h);
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
      { ruleId: string; error: string }[]
    >();
    expectTypeOf<'nope/nope'>().not.toExtend<HandlerName>();
  });
});
