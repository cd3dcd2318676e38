/** What the rules are given besides a case (RuleEnv), made the same way on every thread that evaluates cases. */
import type { Calendar } from '../calendar';
import type { Settings } from '../settings';
import type { RuleEnv } from './types';

/** Days ahead the audit records open deadlines for the deadline calendar (a month view and the next). */
export const DEADLINE_HORIZON_DAYS = 45;

/**
 * The rules are asked for every open deadline within the horizon (期限日历); those within the rule's own warning
 * window are the 临期预警 (the audit keeps them apart when it writes the warnings table).
 */
export function ruleEnv(asOf: string, cal: Calendar, settings: Settings): RuleEnv {
  return {
    asOf,
    cal,
    settings,
    window: (id) => {
      const w = Object.prototype.hasOwnProperty.call(settings.warningWindows, id) ? settings.warningWindows[id] : null;
      return w == null ? null : Math.max(w, DEADLINE_HORIZON_DAYS);
    },
  };
}
