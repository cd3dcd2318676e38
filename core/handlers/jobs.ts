/** Handlers of the 'jobs/…' area. */
import type { HandlerDef } from './registry';

export const handlers: HandlerDef[] = [];
