/** Handlers of the 'settings/…' area. */
import type { HandlerDef } from './registry';

export const handlers: HandlerDef[] = [];
