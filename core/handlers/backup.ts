/** Handlers of the 'backup/…' area. */
import type { HandlerDef } from './registry';

export const handlers: HandlerDef[] = [];
