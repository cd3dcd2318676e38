/**
 * (core/shared/: the renderer may import this.) The contract of the bridge, as types only:
 * every handler's name → its payload (what the caller sends, before zod defaults) and its result
 * (the JSON the door sends back). Derived from the handlers themselves, so a handler's change is a
 * compile error in the renderer, not a silently missing field. Everything here is `import type`:
 * it is erased at build and the renderer bundles no server code.
 */
import type { z } from 'zod';
import type { HANDLER_AREAS } from '../handlers/index';

/** Every handler of every area (core/handlers/index.ts lists the areas once; nothing to add here for a new one). */
type Areas = typeof HANDLER_AREAS;
type AnyDef = Areas[keyof Areas][number];

export type HandlerTypes = {
  [D in AnyDef as D['name']]: {
    input: z.input<D['input']>;
    result: Awaited<ReturnType<D['run']>>;
  };
};

export type HandlerName = keyof HandlerTypes;
export type HandlerInput<N extends HandlerName> = HandlerTypes[N]['input'];
export type HandlerResult<N extends HandlerName> = HandlerTypes[N]['result'];
