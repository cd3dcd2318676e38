/** Handlers of the 'bulletins/…' area. */
import type { HandlerDef } from './registry';

export const handlers: HandlerDef[] = [];
