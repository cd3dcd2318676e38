/**
 * The snapshot documents: the weekly notice and the two monthly bulletins, each built by its kind's
 * builder (kinds/*.ts) into the OfficialDocument the DOCX and PDF renderers share, plus the JSON shapes of
 * cli.md. Pure functions of the snapshot: re-exporting gives the same document.
 */
import { isQuarterKey, isYearKey } from '../dates';
import type { Figures } from '../metrics';
import type { MonitoringSnapshot, ProsecutorsSnapshot, WeeklySnapshot, Snapshot } from '../metrics/snapshots';
import type { OfficialDocument } from './model';
import { monitoringDocument, monitoringTitle } from './kinds/monitoring';
import { prosecutorsDocument, prosecutorsTitle } from './kinds/prosecutors';
import { weeklyDocument, weeklyTitle } from './kinds/weekly';

/** Document names (also the file names, with the period). */
export function documentName(s: { kind: string; period: string; periodLabel: string }): string {
  switch (s.kind) {
    case 'prosecutors':
      return prosecutorsTitle(s.periodLabel);
    case 'monitoring':
      return monitoringTitle(s.periodLabel);
    case 'weekly':
      return weeklyTitle(s.period);
    default:
      return `${s.periodLabel}业务数据检查`;
  }
}

/** The document of a snapshot (the data check has none: it is shown in the UI and the referral package). */
export function documentOf(s: Snapshot): OfficialDocument {
  switch (s.kind) {
    case 'prosecutors':
      return prosecutorsDocument(s);
    case 'monitoring':
      return monitoringDocument(s);
    case 'weekly':
      return weeklyDocument(s);
    default:
      throw new Error(`没有 ${s.kind} 类文书`);
  }
}

// ---- JSON shapes (cli.md) -------------------------------------------------------------

/** cli.md: a quarter's or year's bulletin JSON has `"period"` where a month's has `"month"`. */
function periodField(period: string): { month: string } | { period: string } {
  return isQuarterKey(period) || isYearKey(period) ? { period } : { month: period };
}

/**
 * cli.md's shape. `totals` also carries the office-level-only figures (sppPretrialDetentionRatio, a metric
 * id of metrics.md) — the office's total is the one place they are shown; `rows` never carry them.
 */
export function prosecutorsJson(s: ProsecutorsSnapshot): ({ month: string } | { period: string }) & {
  office: string;
  rows: { prosecutor: string; department: string; metrics: Figures }[];
  totals: Figures;
} {
  return {
    ...periodField(s.period),
    office: s.office,
    rows: s.rows.map((r) => ({ prosecutor: r.prosecutor, department: r.department, metrics: r.metrics })),
    totals: { ...s.totals, ...Object.fromEntries((s.officeLevel ?? []).map((o) => [o.id, o.value])) },
  };
}

export function monitoringJson(s: MonitoringSnapshot) {
  return {
    ...periodField(s.period),
    metrics: s.metrics,
    bySeverity: s.bySeverity,
    byRule: s.byRule.map((r) => ({ ruleId: r.ruleId, count: r.count })),
    byArea: s.byArea,
    byDepartment: s.byDepartment,
    byProsecutor: s.byProsecutor,
  };
}

export function weeklyJson(s: WeeklySnapshot) {
  const pick = (flag: string, base: string) => s.lists.filter((r) => r.base === base && r.flags.includes(flag)).length;
  return {
    week: s.period,
    start: s.start,
    end: s.end,
    office: s.office,
    version: s.version,
    metrics: s.metrics,
    byDepartment: s.byDepartment,
    byProsecutor: s.byProsecutor,
    byRule: s.byRule.map((r) => ({ ruleId: r.ruleId, count: r.count })),
    lateConcluded: pick('lateConcluded', 'case'),
    warningsDue: s.warnings.rows.length,
  };
}

export function jsonOf(s: Snapshot): unknown {
  switch (s.kind) {
    case 'prosecutors':
      return prosecutorsJson(s);
    case 'monitoring':
      return monitoringJson(s);
    case 'weekly':
      return weeklyJson(s);
    default:
      return { month: s.period, office: s.office, version: s.version, audit: s.audit, openByRule: s.openByRule };
  }
}
