/** Handlers of the 'findings/…' area. */
import type { HandlerDef } from './registry';

export const handlers: HandlerDef[] = [];
