/** Small helpers of the bulletin builders: figures as text, the issue date, the definitions' lines. */
import { METRICS_BY_ID, formatMetric, type MetricDef } from '../../metrics';
import type { SnapshotMeta } from '../../metrics/snapshots';

/** A figure as the documents show it (rates with one decimal, `—` for none). */
export const f = (id: string, v: number | null | undefined): string => formatMetric(METRICS_BY_ID[id], v ?? null);

/** The date a snapshot's document is issued: the day it was produced (China time, frozen in the snapshot). */
export const issuedOn = (s: Pick<SnapshotMeta, 'generatedAt'>): string => s.generatedAt.slice(0, 10);

/** One line per figure: 名称：口径。 */
export const metricNotes = (defs: MetricDef[]): string[] => defs.map((d) => `${d.name}：${d.def}。`);

/** The closing lines of every bulletin's definitions. */
export const COMMON_NOTES = [
  '比率的分母为0时记为“—”。件数按案件自身日期计算，人数按犯罪嫌疑人各自的结论日期计算；案件及人员归属以生成时的承办检察官及其部门为准。',
  '犯罪嫌疑人姓名已作隐名处理。本通报数据仅供分析研判，不作排名，不设考核指标。',
];

/**
 * 期号 of a period's bulletin: a month is its month's number, a week its week's (2026年第11期); a quarter's or a
 * year's bulletin is named by its period (2026年第三季度, 2026年度).
 */
export function issueLine(period: string, version: number): string {
  const n = /^\d{4}-\d{2}$/.test(period)
    ? +period.slice(5, 7)
    : /^\d{4}-W\d{2}$/.test(period)
      ? +period.slice(6)
      : null;
  const long = /^\d{4}-Q[1-4]$/.test(period)
    ? `${period.slice(0, 4)}年第${'一二三四'[+period.slice(6) - 1]}季度`
    : /^\d{4}$/.test(period)
      ? `${period}年度`
      : null;
  const issue = long ?? (n == null ? `${period.slice(0, 4)}年` : `${period.slice(0, 4)}年第${n}期`);
  return version > 1 ? `${issue}（第${version}版）` : issue;
}
