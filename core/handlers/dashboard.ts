/** Handlers of the 'dashboard/…' area. */
import type { HandlerDef } from './registry';

export const handlers: HandlerDef[] = [];
