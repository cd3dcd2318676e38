/** Handlers of the 'referrals/…' area. */
import type { HandlerDef } from './registry';

export const handlers: HandlerDef[] = [];
