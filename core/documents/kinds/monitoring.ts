/**
 * 《流程监控通报》 (metrics.md): the office's figures beside the previous period's (— where the store does
 * not cover it), new findings by area (table and bar chart), by monitoring rule (by title, never by id),
 * by department and prosecutor, the 12-month trend, the typical problems with examples, and the open
 * serious findings (top rows in the body, the whole list as an annex).
 */
import { dateLabel, monthLabel } from '../../dates';
import { MONITORING_METRICS, type Figures, type MetricDef } from '../../metrics';
import { comparable, hasYearAgo, type MonitoringSnapshot } from '../../metrics/snapshots';
import {
  Annexes,
  DEFAULT_DISTRIBUTION,
  bulletinMasthead,
  colophon,
  definitionsAnnex,
  listWithAnnex,
  signature,
} from '../build';
import { findingTrendOption, findingsByAreaOption, renderChart } from '../charts';
import { cnOrdinal, type Block, type OfficialDocument } from '../model';
import { COMMON_NOTES, f, issueLine, issuedOn, metricNotes } from './common';
import { byFirstSeen, findingsList } from './lists';

export const monitoringTitle = (periodLabel: string): string => `${periodLabel}流程监控通报`;

const change = (cur: number | null | undefined, prev: number | null | undefined, def: MetricDef): string => {
  if (cur == null || prev == null) return '—';
  const d = cur - prev;
  if (def.kind === 'rate') return `${d >= 0 ? '+' : ''}${(d * 100).toFixed(1)}个百分点`;
  return d === 0 ? '持平' : `${d > 0 ? '+' : ''}${Math.round(d * 10) / 10}`;
};

export function monitoringDocument(s: MonitoringSnapshot): OfficialDocument {
  const m = s.metrics;
  // Comparisons only with periods the store covers (its inspection ran or imported data reaches back to
  // it, metrics.md "Comparison", core/metrics/coverage.ts); else `—` and no difference. Snapshots frozen
  // before coverage existed have no `covered` and count as covered; they have no 同比.
  const covered = comparable(s.previous);
  const p: Figures = comparable(s.previous) ? s.previous.metrics : {};
  const yearCovered = comparable(s.yearAgo);
  const y: Figures = comparable(s.yearAgo) ? s.yearAgo.metrics : {};
  const prevAreas = covered ? (s.previous.byArea ?? []) : null;
  const prevArea = (area: string) => (prevAreas ? String(prevAreas.find((x) => x.area === area)?.count ?? 0) : '—');
  const uncovered = [covered ? null : s.previous.periodLabel, yearCovered ? null : s.yearAgo?.periodLabel].filter(
    (x): x is string => !!x,
  );
  const areaChart = renderChart(findingsByAreaOption(s.byArea, prevAreas ?? undefined), 620, 240);
  const trendChart = s.trend.length ? renderChart(findingTrendOption(s.trend), 620, 240) : null;
  // A quarter's or year's bulletin: its trend is its own months (core/metrics/snapshots.ts), from the first
  // month the store covers, as a month's 12 months are.
  const long = /^\d{4}(-Q[1-4])?$/.test(s.period);
  const span = long ? '本期各月' : '近十二个月';
  const fullSpan = long ? (s.period.length === 4 ? 12 : 3) : 12;
  // A year has no 同比 (its 上期 is the year before): 表1 leaves those columns out.
  const withYearAgo = hasYearAgo(s);
  const sev = s.bySeverity;
  const dist = s.distribution ?? DEFAULT_DISTRIBUTION;
  const date = issuedOn(s);
  const annexes = new Annexes();
  const prevText = covered
    ? `（${s.previous.periodLabel}${f('findingsNew', p.findingsNew)}个）`
    : `（${s.previous.periodLabel}未纳入监控，不作比较）`;

  const body: Block[] = [
    {
      t: 'p',
      text: `${s.periodLabel}（${dateLabel(s.start)}至${dateLabel(s.end)}），案件管理部门对全院在办和办结案件开展流程监控，现将监控情况通报如下。`,
    },
    { t: 'h1', text: '一、总体情况' },
    {
      t: 'p',
      text:
        `本期监控案件${f('casesMonitored', m.casesMonitored)}件，新发现问题${f('findingsNew', m.findingsNew)}个${prevText}，其中严重${sev['严重'] ?? 0}个、较重${sev['较重'] ?? 0}个、轻微${sev['轻微'] ?? 0}个。` +
        `口头提示${f('remindersGiven', m.remindersGiven)}次，发出流程监控通知书${f('noticesIssued', m.noticesIssued)}份，其中报检察长${f('noticesToChief', m.noticesToChief)}份。` +
        `本期已整改问题${f('findingsRectified', m.findingsRectified)}个，本期新发现问题整改率${f('rectificationRate', m.rectificationRate)}；期末未整改问题${f('findingsOpen', m.findingsOpen)}个，其中逾期未整改${f('findingsOverdueRectification', m.findingsOverdueRectification)}个；通知书逾期未回复${f('repliesOverdue', m.repliesOverdue)}份；检务督查部门移送问题${f('referralsIn', m.referralsIn)}个。`,
    },
    {
      t: 'table',
      caption: withYearAgo ? '表1\u3000主要数据（与上期、去年同期对比）' : '表1\u3000主要数据（与上期对比）',
      fontPt: 9,
      columns: [
        { header: '项目', width: 16 },
        { header: '本期', width: 9 },
        { header: '上期', width: 9 },
        { header: '环比增减', width: 12 },
        ...(withYearAgo
          ? [
              { header: '去年同期', width: 9 },
              { header: '同比增减', width: 12 },
            ]
          : []),
      ],
      rows: MONITORING_METRICS.map((d) => [
        d.name,
        f(d.id, m[d.id]),
        covered ? f(d.id, p[d.id]) : '—',
        covered ? change(m[d.id], p[d.id], d) : '—',
        ...(withYearAgo ? [yearCovered ? f(d.id, y[d.id]) : '—', yearCovered ? change(m[d.id], y[d.id], d) : '—'] : []),
      ]),
      note: uncovered.length
        ? `${uncovered.join('、')}不在本院案件库监控范围内（${long ? '有的月份未运行月检查，导入数据也未覆盖该期间' : '未运行月检查，导入数据也未覆盖该月'}），对比数据记为“—”。`
        : undefined,
    },
    { t: 'h1', text: '二、问题分布' },
    { t: 'h2', text: '（一）按问题类别' },
    {
      t: 'table',
      caption: '表2\u3000新发现问题按类别分布',
      columns: [
        { header: '问题类别', width: 16 },
        { header: '本期', width: 10 },
        { header: '占比', width: 10 },
        { header: '上期', width: 10 },
      ],
      rows: [
        ...s.byArea.map((a) => [
          a.area,
          String(a.count),
          m.findingsNew ? `${((a.count / (m.findingsNew as number)) * 100).toFixed(1)}%` : '—',
          prevArea(a.area),
        ]),
        [
          '合计',
          String(m.findingsNew ?? 0),
          m.findingsNew ? '100.0%' : '—',
          prevAreas ? String(p.findingsNew ?? 0) : '—',
        ],
      ],
      rowKinds: [...s.byArea.map(() => undefined), 'total'],
    },
    {
      t: 'chart',
      caption: '图1\u3000新发现问题按类别分布',
      svg: areaChart.svg,
      widthMm: 150,
      heightMm: 58,
    },
    { t: 'h2', text: '（二）按问题类型' },
    {
      t: 'table',
      caption: '表3\u3000新发现问题按类型分布',
      fontPt: 9,
      columns: [
        { header: '序号', width: 6 },
        { header: '问题类型', width: 34, align: 'left' },
        { header: '问题类别', width: 14 },
        { header: '问题数', width: 9 },
      ],
      rows: s.byRule.map((r, i) => [String(i + 1), r.title, r.area, String(r.count)]),
    },
    { t: 'h2', text: '（三）按部门和承办检察官' },
    {
      t: 'table',
      caption: '表4\u3000各部门问题情况',
      columns: [
        { header: '承办部门', width: 20 },
        { header: '新发现', width: 10 },
        { header: '已整改', width: 10 },
        { header: '期末未整改', width: 12 },
      ],
      rows: s.byDepartment.map((d) => [
        d.department || '（未填部门）',
        String(d.findingsNew),
        String(d.findingsRectified),
        String(d.findingsOpen),
      ]),
    },
    {
      t: 'table',
      caption: '表5\u3000各承办检察官问题情况',
      columns: [
        { header: '承办部门', width: 18 },
        { header: '承办检察官', width: 14 },
        { header: '新发现', width: 10 },
        { header: '已整改', width: 10 },
        { header: '期末未整改', width: 12 },
      ],
      rows: s.byProsecutor.map((d) => [
        d.department || '（未填部门）',
        d.prosecutor,
        String(d.findingsNew),
        String(d.findingsRectified),
        String(d.findingsOpen),
      ]),
    },
  ];
  if (trendChart)
    body.push(
      { t: 'h2', text: `（四）${span}变化` },
      {
        t: 'chart',
        caption: `图2\u3000${span}新发现与已整改问题`,
        svg: trendChart.svg,
        widthMm: 150,
        heightMm: 58,
      },
    );
  body.push({ t: 'h1', text: '三、典型问题' });
  if (s.typical.length === 0) body.push({ t: 'p', text: '本期未发现问题。' });
  s.typical.forEach((tp, i) => {
    body.push({ t: 'h2', text: `（${cnOrdinal(i + 1)}）${tp.title}（${tp.count}个）` });
    if (tp.basis) body.push({ t: 'p', lead: '依据：', text: tp.basis });
    tp.examples.forEach((e, j) =>
      body.push({
        t: 'p',
        lead: `例${cnOrdinal(j + 1)}：`,
        text: `${e.title || '案件'}（部门受案号：${e.caseNo}，${e.department}${e.prosecutor}承办）。${e.message}`,
      }),
    );
  });
  body.push({ t: 'h1', text: '四、期末未整改的严重问题' });
  const serious = [...s.openSerious].sort(byFirstSeen);
  if (serious.length) {
    body.push({
      t: 'p',
      text: `截至${dateLabel(s.end)}，未整改的严重问题共${serious.length}个，按发现时间先后列示如下。`,
    });
    body.push(
      ...listWithAnnex(
        annexes,
        findingsList(serious, {
          caption: `表6\u3000期末未整改的严重问题`,
          annexTitle: '期末未整改的严重问题清单',
          topWhat: '发现最早的{n}个',
          excelSheet: '期末未整改',
        }),
      ),
    );
  } else body.push({ t: 'p', text: '期末无未整改的严重问题。' });
  body.push(
    { t: 'h1', text: '五、工作要求' },
    {
      t: 'p',
      text: '各部门要对照问题清单逐案核查，对已发出流程监控通知书的案件，承办检察官应在回复期限内书面回复整改情况；对严重问题，部门负责人应督促立即整改。案件管理部门将持续跟踪，整改情况纳入下期通报。',
    },
    { t: 'p', text: '特此通报。' },
  );
  annexes.add(
    definitionsAnnex([
      `上期指${s.previous.periodLabel}${s.yearAgo?.periodLabel ? `，去年同期指${s.yearAgo.periodLabel}` : ''}。问题清单、通知书清单和口头提示清单见同期 Excel 表格。`,
      ...(s.trend.length && s.trend.length < fullSpan
        ? [`${span}变化图自${monthLabel(s.trend[0].month)}（本院案件库监控数据的第一个月）起。`]
        : []),
      ...metricNotes(MONITORING_METRICS),
      ...COMMON_NOTES,
    ]),
  );
  return annexes.finish({
    kind: 'monitoring',
    title: monitoringTitle(s.periodLabel),
    office: s.office,
    generatedAt: s.generatedAt,
    masthead: bulletinMasthead('流程监控通报', issueLine(s.period, s.version), s.office, date),
    addressee: dist.addressee,
    body,
    signature: signature(s.office, date),
    colophon: colophon(s.office, date, dist.cc),
  });
}
