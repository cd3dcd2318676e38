/**
 * 《员额检察官办案数据通报》 (metrics.md): one row per prosecutor with department subtotals and the office
 * total, in four tables by theme; the bar chart of cases concluded per prosecutor; no ranking unless the
 * setting asks for it (一取消三不再). The definitions are the annex; the lists behind every figure are in
 * the Excel workbook.
 */
import { dateLabel } from '../../dates';
import { METRICS_BY_ID, PROSECUTOR_METRICS, compareZh } from '../../metrics';
import type { ProsecutorsSnapshot } from '../../metrics/snapshots';
import { Annexes, DEFAULT_DISTRIBUTION, bulletinMasthead, colophon, definitionsAnnex, signature } from '../build';
import { concludedByProsecutorOption, renderChart } from '../charts';
import type { Block, Column, OfficialDocument, RowKind } from '../model';
import { COMMON_NOTES, f, issueLine, issuedOn, metricNotes } from './common';

export const prosecutorsTitle = (periodLabel: string): string => `${periodLabel}员额检察官办案数据通报`;

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
    ...(rank ? [{ header: '部门内排名', width: 8 }] : []),
    ...g.ids.map((id) => ({ header: METRICS_BY_ID[id].name, width: 10 })),
  ];
  const rows: string[][] = [];
  const kinds: RowKind[] = [];
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

/**
 * The office-level-only figures (the SPP's two-cohort ratio, metrics.md): one sentence for the office with
 * its parts and why it is not a prosecutor's figure. Older snapshots have none.
 */
function officeLevelText(s: ProsecutorsSnapshot): string {
  return (s.officeLevel ?? [])
    .map(
      (o) =>
        `按最高检通报口径，全院${o.name.replace(/（.*）$/, '')}为${o.value == null ? '—' : `${(o.value * 100).toFixed(1)}%`}（本期批准逮捕${o.numerator}人，本期起诉、不起诉${o.denominator}人）；该口径分子分母不是同一批人，只在全院层面通报，不用于评价单个检察官。`,
    )
    .join('');
}

function summary(s: ProsecutorsSnapshot): Block[] {
  const t = s.totals;
  return [
    {
      t: 'p',
      text:
        `（一）办案数量。本期全院旧存案件${f('carriedOver', t.carriedOver)}件，新收${f('received', t.received)}件，办结${f('concluded', t.concluded)}件，期末未结${f('pending', t.pending)}件；` +
        `结案率${f('concludeRate', t.concludeRate)}，平均办案天数${f('avgDays', t.avgDays)}天，超期办结${f('lateConcluded', t.lateConcluded)}件。`,
    },
    {
      t: 'p',
      text:
        `（二）审查逮捕与审查起诉。审查逮捕审结${f('arrestDecided', t.arrestDecided)}人，其中批准逮捕${f('arrested', t.arrested)}人、不捕${f('notArrested', t.notArrested)}人，不捕率${f('nonArrestRate', t.nonArrestRate)}；` +
        `审查起诉审结${f('prosDecided', t.prosDecided)}人，其中起诉${f('prosecuted', t.prosecuted)}人、不起诉${f('notProsecuted', t.notProsecuted)}人，不诉率${f('nonProsRate', t.nonProsRate)}。`,
    },
    {
      t: 'p',
      text:
        `（三）办案质效。认罪认罚适用率${f('pleaRate', t.pleaRate)}，确定刑量刑建议提出率${f('fixedSentencingRate', t.fixedSentencingRate)}，量刑建议采纳率${f('sentencingAdoptRate', t.sentencingAdoptRate)}，诉前羁押率${f('pretrialDetentionRate', t.pretrialDetentionRate)}，` +
        `退回补充侦查率${f('returnRate', t.returnRate)}，延长审查起诉期限率${f('extensionRate', t.extensionRate)}，一审判决上诉率${f('appealRate', t.appealRate)}。` +
        officeLevelText(s),
    },
    {
      t: 'p',
      text: `（四）流程监控。新发现问题${f('findingsNew', t.findingsNew)}个（其中严重${f('findingsSerious', t.findingsSerious)}个），发出流程监控通知书${f('noticesIssued', t.noticesIssued)}份，已整改${f('findingsRectified', t.findingsRectified)}个，期末未整改${f('findingsOpen', t.findingsOpen)}个。`,
    },
  ];
}

export function prosecutorsDocument(s: ProsecutorsSnapshot): OfficialDocument {
  const chartRows = s.rows.filter((r) => r.quota || (r.metrics.concluded ?? 0) > 0);
  const chart = renderChart(
    concludedByProsecutorOption(chartRows.map((r) => ({ prosecutor: r.prosecutor, concluded: r.metrics.concluded }))),
    640,
    300,
  );
  const depts = new Set(s.rows.map((r) => r.department)).size;
  const dist = s.distribution ?? DEFAULT_DISTRIBUTION;
  const date = issuedOn(s);
  const annexes = new Annexes();
  const body: Block[] = [
    {
      t: 'p',
      text: `现将${s.periodLabel}（${dateLabel(s.start)}至${dateLabel(s.end)}）全院${depts}个部门${s.rows.length}名检察官的办案数据通报如下。本通报用于办案态势分析，${s.rankWithinDepartment ? '按设置在部门内列出排名，仅供参考' : '不作排名'}。`,
    },
    { t: 'h1', text: '一、总体情况' },
    ...summary(s),
    {
      t: 'chart',
      caption: '图1\u3000各员额检察官本期办结案件数',
      svg: chart.svg,
      widthMm: 150,
      heightMm: 70,
    },
    { t: 'h1', text: '二、各员额检察官办案数据' },
    ...GROUPS.map((g) => prosecutorTable(s, g)),
    { t: 'h1', text: '三、有关说明' },
    {
      t: 'p',
      text: '各项数据所依据的案件、人员和问题清单见同期 Excel 表格，每项数据一张工作表，可逐件核对；各项指标的口径见附件。对数据有异议的，请于通报印发之日起五个工作日内向案件管理部门提出。',
    },
    { t: 'p', text: '特此通报。' },
  ];
  annexes.add(
    definitionsAnnex([
      ...metricNotes(PROSECUTOR_METRICS),
      ...(s.officeLevel ?? []).map((o) => `${o.name}（仅全院）：${o.note}。`),
      ...COMMON_NOTES,
    ]),
  );
  return annexes.finish({
    kind: 'prosecutors',
    title: prosecutorsTitle(s.periodLabel),
    office: s.office,
    generatedAt: s.generatedAt,
    masthead: bulletinMasthead('办案数据通报', issueLine(s.period, s.version), s.office, date),
    addressee: dist.addressee,
    body,
    signature: signature(s.office, date),
    colophon: colophon(s.office, date, dist.cc),
  });
}
