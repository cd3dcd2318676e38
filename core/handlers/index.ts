/**
 * Every handler of every area, keyed by name: the one list all three doors (IPC, browser mode, CLI) serve.
 * The areas are listed once, in HANDLER_AREAS below; the registry, the renderer's types
 * (core/shared/api.ts) and the test that compares them are derived from it.
 */
import { z } from 'zod';
import { defineHandler, handlerList, type HandlerDef, type HandlerMap } from './registry';
import { schemaVersion } from '../../db/store';
import pkg from '../../package.json';
import { auditHandlers } from './audit';
import { backupHandlers } from './backup';
import { bulletinsHandlers } from './bulletins';
import { casesHandlers } from './cases';
import { dashboardHandlers } from './dashboard';
import { dossierHandlers } from './dossier';
import { escalationHandlers } from './escalation';
import { deadlinesHandlers } from './deadlines';
import { findingsHandlers } from './findings';
import { gridsHandlers } from './grids';
import { importsHandlers } from './imports';
import { jobsHandlers } from './jobs';
import { mappingsHandlers } from './mappings';
import { noticesHandlers } from './notices';
import { operatorsHandlers } from './operators';
import { referralsHandlers } from './referrals';
import { rulesHandlers } from './rules';
import { searchHandlers } from './search';
import { settingsHandlers } from './settings';

/** 'app/info' lives here because it lists the registry itself. */
export const appInfo = defineHandler({
  name: 'app/info',
  title: '查看程序信息',
  input: z.object({}),
  run(ctx) {
    return {
      name: '案件流程监控台',
      version: pkg.version,
      dbPath: ctx.dbPath,
      schemaVersion: schemaVersion(ctx.db),
      exportDir: ctx.exportDir ?? null,
      handlerNames: [...HANDLER_NAMES],
    };
  },
});

/**
 * THE list of handler areas: core/handlers/<area>.ts exports `<area>Handlers`, a typed tuple of
 * defineHandler(…) calls. Adding an area is this one edit (its import above and its entry here):
 * the registry below and the renderer's HandlerTypes (core/shared/api.ts) follow from it.
 */
export const HANDLER_AREAS = {
  app: [appInfo],
  audit: auditHandlers,
  backup: backupHandlers,
  bulletins: bulletinsHandlers,
  cases: casesHandlers,
  dashboard: dashboardHandlers,
  dossier: dossierHandlers,
  escalation: escalationHandlers,
  findings: findingsHandlers,
  imports: importsHandlers,
  jobs: jobsHandlers,
  mappings: mappingsHandlers,
  notices: noticesHandlers,
  referrals: referralsHandlers,
  rules: rulesHandlers,
  settings: settingsHandlers,
  // issue 17: search everywhere; clerks and the first run; grid export/print, saved views and column prefs;
  // the deadline calendar and the December holiday check.
  search: searchHandlers,
  operators: operatorsHandlers,
  grids: gridsHandlers,
  deadlines: deadlinesHandlers,
} as const;

export type HandlerAreaName = keyof typeof HANDLER_AREAS;

const all: HandlerDef[] = Object.values(HANDLER_AREAS).flatMap((defs) => handlerList(defs));

export const HANDLERS: HandlerMap = Object.fromEntries(all.map((h) => [h.name, h]));
if (Object.keys(HANDLERS).length !== all.length) throw new Error('duplicate handler name');

/** The names a renderer may call (the preload's and the web server's allow-list). */
export const HANDLER_NAMES: readonly string[] = Object.freeze(Object.keys(HANDLERS).sort());
