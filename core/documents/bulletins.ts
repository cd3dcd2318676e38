/**
 * The content of the weekly notice and the two monthly bulletins, built from a frozen snapshot
 * (core/metrics/snapshots.ts) into the DocModel the DOCX and PDF writers share, plus the JSON
 * shapes of cli.md. Pure functions of the snapshot: re-exporting gives the same document.
 */
import { dateLabel, monthLabel } from '../dates';
import {
  METRICS_BY_ID,
  MONITORING_METRICS,
  PROSECUTOR_METRICS,
  compareZh,
  formatMetric,
  type Figures,
  type ListRow,
  type MetricDef,
} from '../metrics';
import {
  comparable,
  type MonitoringSnapshot,
  type ProsecutorsSnapshot,
  type WeeklySnapshot,
  type Snapshot,
} from '../metrics/snapshots';
import { concludedByProsecutorOption, findingTrendOption, findingsByAreaOption, renderChart } from './charts';
import { cnOrdinal, type Block, type Column, type DocModel } from './model';

const f = (id: string, v: number | null | undefined): string => formatMetric(METRICS_BY_ID[id], v ?? null);
const issuedDate = (s: Snapshot): string => dateLabel(s.generatedAt.slice(0, 10));
const text = (v: unknown): string => (v == null ? '' : String(v));

/** Document names (also the file names, with the period). */
export function documentName(s: { kind: string; period: string; periodLabel: string }): string {
  switch (s.kind) {
    case 'prosecutors':
      return `${s.periodLabel}员额检察官办案数据通报`;
    case 'monitoring':
      return `${s.periodLabel}流程监控通报`;
    case 'weekly':
      return `${s.period.slice(0, 4)}年第${+s.period.slice(6)}周流程监控周通报`;
    default:
      return `${s.periodLabel}业务数据检查`;
  }
}

function masthead(s: Snapshot, name: string): Block {
  const issue =
    s.kind === 'weekly'
      ? `${s.period.slice(0, 4)}年第${+s.period.slice(6)}期`
      : `${s.period.slice(0, 4)}年第${+s.period.slice(5, 7)}期`;
  return {
    t: 'masthead',
    name,
    issue: s.version > 1 ? `${issue}（第${s.version}版）` : issue,
    left: `${s.office}案件管理部门`,
    right: issuedDate(s),
  };
}

function noteBlock(defs: MetricDef[], extra: string[] = []): Block {
  return {
    t: 'note',
    title: '口径说明：',
    items: [
      ...extra,
      ...defs.map((d) => `${d.name}：${d.def}。`),
      '比率的分母为 0 时记为“—”。件数按案件自身日期计算，人数按嫌疑人各自的结论日期计算；案件及人员归属以生成时承办检察官及其部门为准。',
      '犯罪嫌疑人姓名已作隐名处理。本通报数据仅供分析研判，不作排名，不设考核指标。',
    ],
  };
}

// ---- 员额检察官办案数据通报 -----------------------------------------------------

const GROUPS: { caption: string; ids: string[] }[] = [
  {
    caption: '表1\u3000办案数量',
    ids: ['carriedOver', 'received', 'concluded', 'pending', 'concludeRate', 'avgDays', 'lateConcluded'],
  },
  {
    caption: '表2\u3000审查逮捕与审查起诉',
    ids: [
      'arrestDecided',
      'arrested',
      'notArrested',
      'nonArrestRate',
      'prosDecided',
      'prosecuted',
      'notProsecuted',
      'nonProsRate',
    ],
  },
  {
    caption: '表3\u3000办案质效',
    ids: [
      'pleaRate',
      'fixedSentencingRate',
      'sentencingAdoptRate',
      'pretrialDetentionRate',
      'returnRate',
      'extensionRate',
      'appealRate',
    ],
  },
  {
    caption: '表4\u3000流程监控',
    ids: ['findingsNew', 'findingsSerious', 'noticesIssued', 'findingsRectified', 'findingsOpen'],
  },
];

function prosecutorTable(s: ProsecutorsSnapshot, g: { caption: string; ids: string[] }): Block {
  const rank = s.rankWithinDepartment;
  const columns: Column[] = [
    { header: '承办检察官', width: 17 },
    ...(rank ? [{ header: '部门内排名', width: 7 }] : []),
    ...g.ids.map((id) => ({ header: METRICS_BY_ID[id].name, width: 9 })),
  ];
  const rows: string[][] = [];
  const kinds: (undefined | 'subtotal' | 'total')[] = [];
  const depts = [...new Set(s.rows.map((r) => r.department))].sort(compareZh);
  for (const d of depts) {
    for (const r of s.rows.filter((x) => x.department === d)) {
      rows.push([
        r.prosecutor,
        ...(rank ? [r.rank == null ? '—' : String(r.rank)] : []),
        ...g.ids.map((id) => f(id, r.metrics[id])),
      ]);
      kinds.push(undefined);
    }
    const dm = s.departments.find((x) => x.department === d)!.metrics;
    rows.push([`${d || '（未填部门）'}合计`, ...(rank ? [''] : []), ...g.ids.map((id) => f(id, dm[id]))]);
    kinds.push('subtotal');
  }
  rows.push(['全院合计', ...(rank ? [''] : []), ...g.ids.map((id) => f(id, s.totals[id]))]);
  kinds.push('total');
  return { t: 'table', caption: g.caption, columns, rows, rowKinds: kinds, fontPt: 9 };
}

function prosecutorsSummary(s: ProsecutorsSnapshot): string {
  const t = s.totals;
  return (
    `本期全院旧存案件${f('carriedOver', t.carriedOver)}件，新收${f('received', t.received)}件，办结${f('concluded', t.concluded)}件，期末未结${f('pending', t.pending)}件，结案率${f('concludeRate', t.concludeRate)}，平均办案天数${f('avgDays', t.avgDays)}天，超期办结${f('lateConcluded', t.lateConcluded)}件。` +
    `审查逮捕审结${f('arrestDecided', t.arrestDecided)}人，其中批准逮捕${f('arrested', t.arrested)}人、不捕${f('notArrested', t.notArrested)}人，不捕率${f('nonArrestRate', t.nonArrestRate)}；` +
    `审查起诉审结${f('prosDecided', t.prosDecided)}人，其中起诉${f('prosecuted', t.prosecuted)}人、不起诉${f('notProsecuted', t.notProsecuted)}人，不诉率${f('nonProsRate', t.nonProsRate)}。` +
    `认罪认罚适用率${f('pleaRate', t.pleaRate)}，确定刑量刑建议提出率${f('fixedSentencingRate', t.fixedSentencingRate)}，量刑建议采纳率${f('sentencingAdoptRate', t.sentencingAdoptRate)}，诉前羁押率${f('pretrialDetentionRate', t.pretrialDetentionRate)}，` +
    `退回补充侦查率${f('returnRate', t.returnRate)}，延长审查起诉期限率${f('extensionRate', t.extensionRate)}，一审判决上诉率${f('appealRate', t.appealRate)}。` +
    `流程监控新发现问题${f('findingsNew', t.findingsNew)}个（其中严重${f('findingsSerious', t.findingsSerious)}个），发出流程监控通知书${f('noticesIssued', t.noticesIssued)}份，已整改${f('findingsRectified', t.findingsRectified)}个，期末未整改${f('findingsOpen', t.findingsOpen)}个。`
  );
}

export function prosecutorsModel(s: ProsecutorsSnapshot): DocModel {
  const name = documentName(s);
  const chartRows = s.rows.filter((r) => r.quota || (r.metrics.concluded ?? 0) > 0);
  const chart = renderChart(
    concludedByProsecutorOption(chartRows.map((r) => ({ prosecutor: r.prosecutor, concluded: r.metrics.concluded }))),
    640,
    300,
  );
  const depts = new Set(s.rows.map((r) => r.department)).size;
  return {
    title: name,
    office: s.office,
    generatedAt: s.generatedAt,
    blocks: [
      masthead(s, '办案数据通报'),
      { t: 'title', text: name },
      {
        t: 'p',
        text: `根据案件数据，现将${s.periodLabel}（${dateLabel(s.start)}至${dateLabel(s.end)}）全院${depts}个部门${s.rows.length}名检察官的办案数据通报如下。本通报用于办案态势分析，${s.rankWithinDepartment ? '按设置在部门内列出排名，仅供参考' : '不作排名'}。`,
      },
      { t: 'h1', text: '一、总体情况' },
      { t: 'p', text: prosecutorsSummary(s) },
      ...officeLevelParagraphs(s),
      {
        t: 'chart',
        caption: '图1\u3000各员额检察官本期办结案件数',
        svg: chart.svg,
        png: chart.png,
        widthMm: 150,
        heightMm: 70,
      },
      { t: 'h1', text: '二、各员额检察官办案数据' },
      ...GROUPS.map((g) => prosecutorTable(s, g)),
      { t: 'h1', text: '三、有关说明' },
      {
        t: 'p',
        text: '各项数据所依据的案件、人员和问题清单见同期 Excel 附表，每项数据一张清单，可逐件核对。对数据有异议的，请于通报印发之日起五个工作日内向案件管理部门提出。',
      },
      noteBlock(
        PROSECUTOR_METRICS,
        (s.officeLevel ?? []).map((o) => `${o.name}（仅全院）：${o.note}。`),
      ),
      { t: 'signature', lines: [`${s.office}案件管理部门`, issuedDate(s)] },
    ],
  };
}

/** The office-level-only figures (the SPP's ratio) as sentences: value, parts and why office level only. */
function officeLevelParagraphs(s: ProsecutorsSnapshot): Block[] {
  return (s.officeLevel ?? []).map((o) => ({
    t: 'p' as const,
    text: `按最高检通报口径，全院${o.name.replace(/（.*）$/, '')}为${o.value == null ? '—' : `${(o.value * 100).toFixed(1)}%`}（本期批准逮捕${o.numerator}人，本期起诉、不起诉${o.denominator}人）。该口径分子分母不是同一批人，只在全院层面通报，不用于评价单个检察官。`,
  }));
}

// ---- 流程监控通报 ----------------------------------------------------------------

const change = (cur: number | null | undefined, prev: number | null | undefined, def: MetricDef): string => {
  if (cur == null || prev == null) return '—';
  const d = cur - prev;
  if (def.kind === 'rate') return `${d >= 0 ? '+' : ''}${(d * 100).toFixed(1)}个百分点`;
  return d === 0 ? '持平' : `${d > 0 ? '+' : ''}${d}`;
};

/** Long lists in a document: the first `max` rows; the full list is in the Excel workbook and the UI. */
const DOC_LIST_MAX = { new: 200, open: 100 } as const;
function capped(rows: ListRow[], max: number): { rows: ListRow[]; note?: string } {
  return rows.length <= max
    ? { rows }
    : {
        rows: rows.slice(0, max),
        note: `共${rows.length}个，本表列出前${max}个；完整清单见同期 Excel 附表或系统“通报”页面。`,
      };
}

function findingRowsTable(
  caption: string | undefined,
  all: ListRow[],
  o: { status?: boolean; rectified?: boolean; due?: boolean; max?: number } = {},
): Block {
  const { rows, note } = capped(all, o.max ?? 100_000);
  const columns: Column[] = [
    { header: '序号', width: 4.5 },
    { header: '问题类型', width: 15, align: 'left' },
    { header: '严重程度', width: 6.5 },
    { header: '案件名称', width: 16, align: 'left' },
    { header: '承办检察官', width: 9 },
    { header: '首次发现', width: 12 },
    ...(o.status ? [{ header: '状态', width: 8 }] : []),
    ...(o.rectified ? [{ header: '整改日期', width: 12 }] : []),
    { header: '问题说明', width: 30, align: 'left' as const },
  ];
  return {
    t: 'table',
    caption,
    columns,
    fontPt: 9,
    note,
    rows: rows.map((r, i) => [
      String(i + 1),
      text(r.ruleTitle),
      text(r.severity),
      text(r.title) || text(r.caseNo),
      r.prosecutor,
      text(r.firstSeen),
      ...(o.status ? [text(r.statusAtEnd)] : []),
      ...(o.rectified ? [text(r.rectifiedOn)] : []),
      text(r.message),
    ]),
  };
}

export function monitoringModel(s: MonitoringSnapshot): DocModel {
  const name = documentName(s);
  const m = s.metrics;
  // Comparisons only with periods the store covers (metrics.md *Earlier periods*): else `—`, no difference.
  const p = comparable(s.previous) ? s.previous.metrics : null;
  const y = comparable(s.yearAgo) ? s.yearAgo.metrics : null;
  const prevAreas = comparable(s.previous) ? (s.previous.byArea ?? undefined) : undefined;
  const areaChart = renderChart(findingsByAreaOption(s.byArea, prevAreas), 620, 280);
  const trendChart = s.trend.length ? renderChart(findingTrendOption(s.trend), 620, 280) : null;
  const sev = s.bySeverity;
  const blocks: Block[] = [
    masthead(s, '流程监控通报'),
    { t: 'title', text: name },
    {
      t: 'p',
      text: `${s.periodLabel}（${dateLabel(s.start)}至${dateLabel(s.end)}），案件管理部门对全院在办和办结案件开展流程监控，现将监控情况通报如下。`,
    },
    { t: 'h1', text: '一、总体情况' },
    {
      t: 'p',
      text:
        `本期监控案件${f('casesMonitored', m.casesMonitored)}件，新发现问题${f('findingsNew', m.findingsNew)}个（${p ? `${s.previous.periodLabel}${f('findingsNew', p.findingsNew)}个` : `${s.previous.periodLabel}未纳入监控，不作比较`}），其中严重${sev['严重'] ?? 0}个、较重${sev['较重'] ?? 0}个、轻微${sev['轻微'] ?? 0}个。` +
        `口头提示${f('remindersGiven', m.remindersGiven)}次，发出流程监控通知书${f('noticesIssued', m.noticesIssued)}份，其中报检察长${f('noticesToChief', m.noticesToChief)}份。` +
        `本期已整改问题${f('findingsRectified', m.findingsRectified)}个，本期新发现问题整改率${f('rectificationRate', m.rectificationRate)}；期末未整改问题${f('findingsOpen', m.findingsOpen)}个；通知书逾期未回复${f('repliesOverdue', m.repliesOverdue)}份；检务督查部门移送问题${f('referralsIn', m.referralsIn)}个。`,
    },
    {
      t: 'table',
      caption: '表1\u3000主要数据（与上期、去年同期对比）',
      fontPt: 10.5,
      columns: [
        { header: '项目', width: 16 },
        { header: '本期', width: 9 },
        { header: '上期', width: 9 },
        { header: '环比增减', width: 13 },
        { header: '去年同期', width: 9 },
        { header: '同比增减', width: 13 },
      ],
      rows: MONITORING_METRICS.map((d) => [
        d.name,
        f(d.id, m[d.id]),
        p ? f(d.id, p[d.id]) : '—',
        p ? change(m[d.id], p[d.id], d) : '—',
        y ? f(d.id, y[d.id]) : '—',
        y ? change(m[d.id], y[d.id], d) : '—',
      ]),
    },
    { t: 'h1', text: '二、问题分布' },
    { t: 'h2', text: '（一）按问题类别' },
    {
      t: 'table',
      caption: '表2\u3000新发现问题按类别分布',
      fontPt: 10.5,
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
          prevAreas ? String(prevAreas.find((x) => x.area === a.area)?.count ?? 0) : '—',
        ]),
        ['合计', String(m.findingsNew ?? 0), m.findingsNew ? '100.0%' : '—', p ? String(p.findingsNew ?? 0) : '—'],
      ],
      rowKinds: [...s.byArea.map(() => undefined), 'total'],
    },
    {
      t: 'chart',
      caption: '图1\u3000新发现问题按类别分布',
      svg: areaChart.svg,
      png: areaChart.png,
      widthMm: 150,
      heightMm: 68,
    },
    { t: 'h2', text: '（二）按监控规则' },
    {
      t: 'table',
      caption: '表3\u3000新发现问题按规则分布',
      fontPt: 10.5,
      columns: [
        { header: '规则编号', width: 19 },
        { header: '问题类型', width: 28, align: 'left' },
        { header: '类别', width: 14 },
        { header: '问题数', width: 9 },
      ],
      rows: s.byRule.map((r) => [r.ruleId, r.title, r.area, String(r.count)]),
    },
    { t: 'h2', text: '（三）按部门和承办检察官' },
    {
      t: 'table',
      caption: '表4\u3000各部门问题情况',
      fontPt: 10.5,
      columns: [
        { header: '部门', width: 20 },
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
      fontPt: 10.5,
      columns: [
        { header: '部门', width: 18 },
        { header: '承办检察官', width: 14 },
        { header: '新发现', width: 10 },
        { header: '已整改', width: 10 },
        { header: '期末未整改', width: 12 },
      ],
      rows: s.byProsecutor.map((d) => [
        d.department,
        d.prosecutor,
        String(d.findingsNew),
        String(d.findingsRectified),
        String(d.findingsOpen),
      ]),
    },
  ];
  if (trendChart)
    blocks.push({
      t: 'chart',
      caption: '图2\u3000近十二个月新发现与已整改问题',
      svg: trendChart.svg,
      png: trendChart.png,
      widthMm: 150,
      heightMm: 68,
    });
  blocks.push({ t: 'h1', text: '三、典型问题' });
  if (s.typical.length === 0) blocks.push({ t: 'p', text: '本期未发现问题。' });
  s.typical.forEach((tp, i) => {
    blocks.push({ t: 'h2', text: `（${cnOrdinal(i + 1)}）${tp.title}（${tp.count}个）` });
    if (tp.basis) blocks.push({ t: 'p', text: `依据：${tp.basis}` });
    tp.examples.forEach((e, j) =>
      blocks.push({
        t: 'p',
        bold: `例${cnOrdinal(j + 1)}：`,
        text: `${e.title || e.caseNo}（${e.caseNo}，${e.department}${e.prosecutor}承办）。${e.message}`,
      }),
    );
  });
  blocks.push({ t: 'h1', text: '四、未整改的严重问题' });
  blocks.push(
    s.openSerious.length
      ? findingRowsTable(`表6\u3000期末未整改的严重问题（${s.openSerious.length}个）`, s.openSerious, {
          status: true,
          max: DOC_LIST_MAX.open,
        })
      : { t: 'p', text: '期末无未整改的严重问题。' },
  );
  blocks.push(
    { t: 'h1', text: '五、工作要求' },
    {
      t: 'p',
      text: '各部门要对照问题清单逐案核查，对已发出流程监控通知书的案件，承办检察官应在回复期限内书面回复整改情况；对严重问题，部门负责人应督促立即整改。案件管理部门将持续跟踪，整改情况纳入下期通报。',
    },
    noteBlock(MONITORING_METRICS, [
      `上期指${s.previous.periodLabel}${s.yearAgo?.periodLabel ? `，去年同期指${s.yearAgo.periodLabel}` : ''}。问题清单、通知书清单和口头提示清单见同期 Excel 附表。`,
      ...(p && y
        ? []
        : [
            `${[p ? null : s.previous.periodLabel, y ? null : s.yearAgo?.periodLabel].filter(Boolean).join('、')}不在本院案件库监控范围内（未运行月检查，导入数据也未覆盖该月），对比数据记为“—”。`,
          ]),
      ...(s.trend.length && s.trend.length < 12
        ? [`趋势图自${monthLabel(s.trend[0].month)}（本库监控数据的第一个月）起。`]
        : []),
    ]),
    { t: 'signature', lines: [`${s.office}案件管理部门`, issuedDate(s)] },
  );
  return { title: name, office: s.office, generatedAt: s.generatedAt, blocks };
}

// ---- 周通报 -------------------------------------------------------------------------

export function weeklyModel(s: WeeklySnapshot): DocModel {
  const name = documentName(s);
  const m = s.metrics;
  const rows = (flag: string) => s.lists.filter((r) => r.flags.includes(flag));
  const newF = rows('findingsNew').filter((r) => r.base === 'finding');
  const rect = rows('findingsRectified').filter((r) => r.base === 'finding');
  const open = rows('findingsOpen')
    .filter((r) => r.base === 'finding')
    .sort((a, b) => text(a.firstSeen).localeCompare(text(b.firstSeen)) || text(a.caseNo).localeCompare(text(b.caseNo)));
  const late = rows('lateConcluded').filter((r) => r.base === 'case');
  const overdue = rows('repliesOverdue').filter((r) => r.base === 'notice');
  const warn = s.warnings.rows;
  const blocks: Block[] = [
    masthead(s, '流程监控周通报'),
    { t: 'title', text: name },
    { t: 'subtitle', text: `（${dateLabel(s.start)}至${dateLabel(s.end)}）` },
    { t: 'h1', text: '一、本周概况' },
    {
      t: 'p',
      text:
        `本周新发现问题${f('findingsNew', m.findingsNew)}个，其中严重${newF.filter((r) => r.severity === '严重').length}个；已整改${f('findingsRectified', m.findingsRectified)}个；周末未整改${f('findingsOpen', m.findingsOpen)}个。` +
        `口头提示${f('remindersGiven', m.remindersGiven)}次，发出流程监控通知书${f('noticesIssued', m.noticesIssued)}份，逾期未回复通知书${f('repliesOverdue', m.repliesOverdue)}份。` +
        `本周办结案件${s.prosecutorMetrics.concluded ?? 0}件，其中超期办结${late.length}件；未来七日内到期预警${warn.length}件次。`,
    },
    { t: 'h1', text: '二、本周新发现问题' },
    {
      t: 'table',
      caption: '表1\u3000按部门和承办检察官',
      fontPt: 10.5,
      columns: [
        { header: '部门', width: 18 },
        { header: '承办检察官', width: 14 },
        { header: '新发现', width: 10 },
        { header: '已整改', width: 10 },
        { header: '周末未整改', width: 12 },
      ],
      rows: [
        ...s.byProsecutor.map((d) => [
          d.department,
          d.prosecutor,
          String(d.findingsNew),
          String(d.findingsRectified),
          String(d.findingsOpen),
        ]),
        ...s.byDepartment.map((d) => [
          `${d.department}合计`,
          '',
          String(d.findingsNew),
          String(d.findingsRectified),
          String(d.findingsOpen),
        ]),
      ],
      rowKinds: [...s.byProsecutor.map(() => undefined), ...s.byDepartment.map(() => 'subtotal' as const)],
    },
    findingRowsTable('表2\u3000本周新发现问题清单', newF, { status: true, max: DOC_LIST_MAX.new }),
    { t: 'h1', text: '三、本周已整改问题' },
    rect.length
      ? findingRowsTable(`表3\u3000本周已整改问题（${rect.length}个）`, rect, {
          rectified: true,
          max: DOC_LIST_MAX.new,
        })
      : { t: 'p', text: '本周无已整改问题。' },
    { t: 'h1', text: '四、周末未整改问题（按发现时间先后）' },
    open.length
      ? findingRowsTable(`表4\u3000周末未整改问题（${open.length}个）`, open, { status: true, max: DOC_LIST_MAX.open })
      : { t: 'p', text: '周末无未整改问题。' },
    { t: 'h1', text: '五、未来七日内到期预警' },
    warn.length
      ? {
          t: 'table',
          caption: `表5\u3000${dateLabel(s.warnings.from).slice(5)}后七日内到期（${warn.length}件次）`,
          fontPt: 9,
          columns: [
            { header: '序号', width: 5 },
            { header: '到期日', width: 10 },
            { header: '期限类型', width: 16, align: 'left' },
            { header: '案件名称', width: 22, align: 'left' },
            { header: '部门受案号', width: 24, align: 'left' },
            { header: '承办检察官', width: 10 },
          ],
          rows: warn.map((r, i) => [
            String(i + 1),
            text(r.dueOn),
            text(r.ruleTitle),
            text(r.title),
            text(r.caseNo),
            r.prosecutor,
          ]),
          note: s.warnings.auditAsOf
            ? `预警依据${dateLabel(s.warnings.auditAsOf)}日审核结果。`
            : '本周末前无日审核结果，未列预警。',
        }
      : { t: 'p', text: s.warnings.auditAsOf ? '未来七日内无到期预警。' : '本周末前无日审核结果，未列预警。' },
    { t: 'h1', text: '六、本周超期办结案件' },
    late.length
      ? {
          t: 'table',
          caption: `表6\u3000本周超期办结案件（${late.length}件）`,
          fontPt: 9,
          columns: [
            { header: '序号', width: 5 },
            { header: '部门受案号', width: 24, align: 'left' },
            { header: '案件名称', width: 22, align: 'left' },
            { header: '承办检察官', width: 10 },
            { header: '受理日期', width: 10 },
            { header: '办结日期', width: 10 },
          ],
          rows: late.map((r, i) => [
            String(i + 1),
            text(r.caseNo),
            text(r.title),
            r.prosecutor,
            text(r.receivedOn),
            text(r.concludedOn),
          ]),
        }
      : { t: 'p', text: '本周无超期办结案件。' },
    { t: 'h1', text: '七、逾期未回复的流程监控通知书' },
    overdue.length
      ? {
          t: 'table',
          caption: `表7\u3000逾期未回复的通知书（${overdue.length}份）`,
          fontPt: 9,
          columns: [
            { header: '通知书文号', width: 22, align: 'left' },
            { header: '案件名称', width: 22, align: 'left' },
            { header: '承办检察官', width: 10 },
            { header: '发出日期', width: 10 },
            { header: '回复期限', width: 10 },
          ],
          rows: overdue.map((r) => [
            text(r.number),
            text(r.title) || text(r.caseNo),
            r.prosecutor,
            text(r.issuedOn),
            text(r.replyDueOn),
          ]),
        }
      : { t: 'p', text: '无逾期未回复的通知书。' },
    noteBlock(
      MONITORING_METRICS.filter((d) =>
        [
          'findingsNew',
          'findingsRectified',
          'findingsOpen',
          'remindersGiven',
          'noticesIssued',
          'repliesOverdue',
        ].includes(d.id),
      ),
      ['本周指 ISO 周（星期一至星期日），期末指本周星期日。'],
    ),
    { t: 'signature', lines: [`${s.office}案件管理部门`, issuedDate(s)] },
  ];
  return { title: name, office: s.office, generatedAt: s.generatedAt, blocks };
}

export function modelOf(s: Snapshot): DocModel {
  switch (s.kind) {
    case 'prosecutors':
      return prosecutorsModel(s);
    case 'monitoring':
      return monitoringModel(s);
    case 'weekly':
      return weeklyModel(s);
    default:
      throw new Error(`没有 ${s.kind} 类文书`);
  }
}

// ---- JSON shapes (cli.md) -------------------------------------------------------------

/**
 * cli.md's shape. `totals` also carries the office-level-only figures (sppPretrialDetentionRatio, a metric
 * id of metrics.md) — the office's total is the one place they are shown; `rows` never carry them.
 */
export function prosecutorsJson(s: ProsecutorsSnapshot): {
  month: string;
  office: string;
  rows: { prosecutor: string; department: string; metrics: Figures }[];
  totals: Figures;
} {
  return {
    month: s.period,
    office: s.office,
    rows: s.rows.map((r) => ({ prosecutor: r.prosecutor, department: r.department, metrics: r.metrics })),
    totals: { ...s.totals, ...Object.fromEntries((s.officeLevel ?? []).map((o) => [o.id, o.value])) },
  };
}

export function monitoringJson(s: MonitoringSnapshot) {
  return {
    month: s.period,
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
