/** What the rules are given besides a case (RuleEnv), made the same way on every thread that evaluates cases. */
import type { Calendar } from '../calendar';
import type { Settings } from '../settings';
import type { RuleEnv } from './types';

export function ruleEnv(asOf: string, cal: Calendar, settings: Settings): RuleEnv {
  return {
    asOf,
    cal,
    settings,
    window: (id) =>
      Object.prototype.hasOwnProperty.call(settings.warningWindows, id) ? settings.warningWindows[id] : null,
  };
}
