/** Handlers of the 'cases/…' area. */
import type { HandlerDef } from './registry';

export const handlers: HandlerDef[] = [];
