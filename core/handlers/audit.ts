/** Handlers of the 'audit/…' area. */
import type { HandlerDef } from './registry';

export const handlers: HandlerDef[] = [];
