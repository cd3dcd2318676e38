/** Every handler of every area, keyed by name: the one list all three doors (IPC, browser mode, CLI) serve. */
import { z } from 'zod';
import { defineHandler, type HandlerDef, type HandlerMap } from './registry';
import { schemaVersion } from '../../db/store';
import pkg from '../../package.json';
import { handlers as cases } from './cases';
import { handlers as imports } from './imports';
import { handlers as audit } from './audit';
import { handlers as findings } from './findings';
import { handlers as bulletins } from './bulletins';
import { handlers as notices } from './notices';
import { handlers as referrals } from './referrals';
import { handlers as jobs } from './jobs';
import { handlers as settings } from './settings';
import { handlers as backup } from './backup';
import { handlers as dashboard } from './dashboard';
import { handlers as search } from './search';
import { handlers as operators } from './operators';
import { handlers as grids } from './grids';
import { handlers as deadlines } from './deadlines';

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

const all: HandlerDef[] = [
  appInfo,
  ...cases,
  ...imports,
  ...audit,
  ...findings,
  ...bulletins,
  ...notices,
  ...referrals,
  ...jobs,
  ...settings,
  ...backup,
  ...dashboard,
  ...search,
  ...operators,
  ...grids,
  ...deadlines,
];

export const HANDLERS: HandlerMap = Object.fromEntries(all.map((h) => [h.name, h]));
if (Object.keys(HANDLERS).length !== all.length) throw new Error('duplicate handler name');

/** The names a renderer may call (the preload's and the web server's allow-list). */
export const HANDLER_NAMES: readonly string[] = Object.freeze(Object.keys(HANDLERS).sort());
