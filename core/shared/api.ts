/**
 * (core/shared/: the renderer may import this.) The contract of the bridge, as types only:
 * every handler's name → its payload (what the caller sends, before zod defaults) and its result
 * (the JSON the door sends back). Derived from the handlers themselves, so a handler's change is a
 * compile error in the renderer, not a silently missing field. Everything here is `import type`:
 * it is erased at build and the renderer bundles no server code.
 */
import type { z } from 'zod';
import type { appInfo } from '../handlers/index';
import type { auditHandlers } from '../handlers/audit';
import type { backupHandlers } from '../handlers/backup';
import type { bulletinsHandlers } from '../handlers/bulletins';
import type { casesHandlers } from '../handlers/cases';
import type { dashboardHandlers } from '../handlers/dashboard';
import type { findingsHandlers } from '../handlers/findings';
import type { importsHandlers } from '../handlers/imports';
import type { jobsHandlers } from '../handlers/jobs';
import type { noticesHandlers } from '../handlers/notices';
import type { referralsHandlers } from '../handlers/referrals';
import type { settingsHandlers } from '../handlers/settings';
import type { searchHandlers } from '../handlers/search';
import type { operatorsHandlers } from '../handlers/operators';
import type { gridsHandlers } from '../handlers/grids';
import type { deadlinesHandlers } from '../handlers/deadlines';

type AnyDef =
  | typeof appInfo
  | (typeof auditHandlers)[number]
  | (typeof backupHandlers)[number]
  | (typeof bulletinsHandlers)[number]
  | (typeof casesHandlers)[number]
  | (typeof dashboardHandlers)[number]
  | (typeof findingsHandlers)[number]
  | (typeof importsHandlers)[number]
  | (typeof jobsHandlers)[number]
  | (typeof noticesHandlers)[number]
  | (typeof referralsHandlers)[number]
  | (typeof settingsHandlers)[number]
  | (typeof searchHandlers)[number]
  | (typeof operatorsHandlers)[number]
  | (typeof gridsHandlers)[number]
  | (typeof deadlinesHandlers)[number];

export type HandlerTypes = {
  [D in AnyDef as D['name']]: {
    input: z.input<D['input']>;
    result: Awaited<ReturnType<D['run']>>;
  };
};

export type HandlerName = keyof HandlerTypes;
export type HandlerInput<N extends HandlerName> = HandlerTypes[N]['input'];
export type HandlerResult<N extends HandlerName> = HandlerTypes[N]['result'];
