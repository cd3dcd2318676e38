/** Handlers of the 'notices/…' area. */
import type { HandlerDef } from './registry';

export const handlers: HandlerDef[] = [];
