/** Handlers of the 'imports/…' area. */
import type { HandlerDef } from './registry';

export const handlers: HandlerDef[] = [];
