/**
 * 个人执法档案 as a document of the shared document model (core/documents/model.ts): rendered to DOCX and to HTML/PDF
 * by the documents area's renderers, like every other document. Names of suspects are masked in every list.
 */
import { dateLabel, monthLabel } from '../dates';
import { AREAS, METRICS_BY_ID, formatMetric, type Figures } from '../metrics';
import type { Block, Column, DocModel } from '../documents/model';
import type { FigureList } from './figures';
import type { Dossier } from './index';

const f = (id: string, v: number | null | undefined): string => formatMetric(METRICS_BY_ID[id], v ?? null);
const pct = (v: number | null): string => (v == null ? '—' : `${(v * 100).toFixed(1)}%`);
const one = (v: number | null): string => (v == null ? '—' : (Math.round(v * 10) / 10).toFixed(1));
const str = (v: unknown): string => (v == null ? '' : String(v));

/** The month tables: a group of bulletin metrics per table, one row per month and the year's. */
const GROUPS: { caption: string; ids: string[] }[] = [
  {
    caption: '办案数量',
    ids: ['carriedOver', 'received', 'concluded', 'pending', 'concludeRate', 'avgDays', 'lateConcluded'],
  },
  {
    caption: '审查逮捕与审查起诉',
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
    caption: '办案质效',
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
    caption: '流程监控',
    ids: ['findingsNew', 'findingsSerious', 'noticesIssued', 'findingsRectified', 'findingsOpen'],
  },
];

function monthTable(d: Dossier, g: (typeof GROUPS)[number], n: number): Block {
  const columns: Column[] = [
    { header: '月份', width: 14 },
    ...g.ids.map((id) => ({ header: METRICS_BY_ID[id].name, width: 9 })),
  ];
  const row = (label: string, m: Figures) => [label, ...g.ids.map((id) => f(id, m[id]))];
  return {
    t: 'table',
    caption: `表${n}\u3000各月${g.caption}`,
    columns,
    fontPt: 9,
    rows: [...d.months.map((m) => row(monthLabel(m.month), m.metrics)), row('全年', d.metrics)],
    rowKinds: [...d.months.map(() => undefined), 'total'],
  };
}

function listTable(caption: string, l: FigureList | undefined, keys: string[], empty: string): Block {
  if (!l || l.rows.length === 0) return { t: 'p', text: empty };
  const cols = keys.map((k) => l.columns.find((c) => c.key === k)!).filter(Boolean);
  return {
    t: 'table',
    caption: `${caption}（${l.rows.length}个）`,
    fontPt: 9,
    columns: [{ header: '序号', width: 5 }, ...cols.map((c) => ({ header: c.header, width: (c.width ?? 12) * 0.6 }))],
    rows: l.rows.map((r, i) => [String(i + 1), ...cols.map((c) => str(r[c.key]))]),
  };
}

export function dossierModel(
  d: Dossier,
  lists: Map<string, FigureList>,
  meta: { office: string; generatedAt: string },
): DocModel {
  const title = `${d.prosecutor}${d.period}年度个人执法档案`;
  const fd = d.findings;
  let table = 0;
  const t = () => ++table;
  const blocks: Block[] = [
    { t: 'title', text: title },
    {
      t: 'subtitle',
      text: `（${d.departments.join('、') || '—'}\u3000${dateLabel(d.start)}至${d.complete ? dateLabel(d.end) : `${dateLabel(meta.generatedAt.slice(0, 10))}，年度未结束`}）`,
    },
    { t: 'h1', text: '一、办案数据' },
    {
      t: 'p',
      text:
        `全年旧存案件${f('carriedOver', d.metrics.carriedOver)}件，新收${f('received', d.metrics.received)}件，办结${f('concluded', d.metrics.concluded)}件，期末未结${f('pending', d.metrics.pending)}件，结案率${f('concludeRate', d.metrics.concludeRate)}，平均办案天数${f('avgDays', d.metrics.avgDays)}天，超期办结${f('lateConcluded', d.metrics.lateConcluded)}件。` +
        `审查逮捕审结${f('arrestDecided', d.metrics.arrestDecided)}人，不捕率${f('nonArrestRate', d.metrics.nonArrestRate)}；审查起诉审结${f('prosDecided', d.metrics.prosDecided)}人，不诉率${f('nonProsRate', d.metrics.nonProsRate)}；认罪认罚适用率${f('pleaRate', d.metrics.pleaRate)}，量刑建议采纳率${f('sentencingAdoptRate', d.metrics.sentencingAdoptRate)}。`,
    },
    ...GROUPS.map((g) => monthTable(d, g, t())),
    { t: 'h1', text: '二、流程监控发现的问题' },
    {
      t: 'p',
      text:
        `全年本人承办案件新发现问题${fd.total}个，其中严重${fd.serious}个；按旧存与新收案件${fd.casesHandled}件计，每百件案件${one(fd.per100Cases)}个。` +
        `期末已整改的${fd.rectifiedCount}个问题，自发现至整改天数的中位数为${one(fd.medianDaysToRectify)}天；` +
        `通知书所列问题按期整改率${pct(fd.rectifiedOnTimeRate)}（${fd.onTime.onTime}/${fd.onTime.known}）。` +
        `期末逾期未整改${fd.overdue}个，移送检务督查部门${fd.escalated}个。`,
    },
    {
      t: 'table',
      caption: `表${t()}\u3000新发现问题按领域`,
      fontPt: 10.5,
      columns: [
        { header: '问题领域', width: 20 },
        { header: '问题数', width: 10 },
      ],
      rows: [...AREAS.map((a) => [a, String(fd.byArea[a] ?? 0)]), ['合计', String(fd.total)]],
      rowKinds: [...AREAS.map(() => undefined), 'total'],
    },
    fd.byRule.length
      ? {
          t: 'table',
          caption: `表${t()}\u3000新发现问题按规则`,
          fontPt: 10.5,
          columns: [
            { header: '问题类型', width: 30 },
            { header: '问题领域', width: 14 },
            { header: '问题数', width: 10 },
          ],
          rows: fd.byRule.map((r) => [r.title, r.area, String(r.count)]),
        }
      : { t: 'p', text: '全年未发现问题。' },
    { t: 'h1', text: '三、流程监控通知书与回复' },
    {
      t: 'p',
      text: `全年收到流程监控通知书${d.notices.issued}份，其中报检察长${d.notices.toChief}份；在回复期限内回复${d.notices.repliedOnTime}份。`,
    },
    { t: 'h1', text: '四、逾期未整改问题移送督查' },
    listTable(
      `表${t()}\u3000移送检务督查部门的问题`,
      lists.get('escalated'),
      ['ruleTitle', 'caseNo', 'title', 'noticeNumber', 'replyDueOn', 'overdueOn', 'referredOn'],
      '全年无移送检务督查部门的逾期未整改问题。',
    ),
    { t: 'h1', text: '五、案件质量评查' },
    d.reviews.length
      ? {
          t: 'table',
          caption: `表${t()}\u3000案件质量评查（${d.reviews.length}件）`,
          fontPt: 10.5,
          columns: [
            { header: '序号', width: 5 },
            { header: '部门受案号', width: 30 },
            { header: '评查日期', width: 12 },
            { header: '评查等次', width: 10 },
          ],
          rows: d.reviews.map((r, i) => [String(i + 1), r.caseNo, r.on, r.grade]),
        }
      : { t: 'p', text: '全年无本人案件的质量评查记录。' },
    { t: 'h1', text: '六、检务督查部门移送的问题' },
    listTable(
      `表${t()}\u3000检务督查部门移送的问题`,
      lists.get('referralsIn'),
      ['caseNo', 'title', 'firstSeen', 'statusAtEnd', 'message'],
      `全年检务督查部门移送涉及本人的问题${d.referralsIn}个。`,
    ),
    {
      t: 'note',
      title: '口径说明：',
      items: [
        '办案数据的口径与《员额检察官办案数据通报》相同，按全年（各月）计算，比率按全年分子分母重新计算，不取各月平均。',
        '新发现问题指全年首次发现的本人承办案件的问题；整改天数中位数按期末已整改的问题计算。',
        '按期整改率：全年发出的通知书所列问题中，在通知书回复期限内整改的 ÷ 期末已有结果的（已整改，或回复期限已到）。',
        '移送督查：随各月逾期未整改问题移送清单移送检务督查部门的问题。',
        '各项数据背后的案件和问题清单见同名 Excel 附表。犯罪嫌疑人姓名已作隐名处理。本档案仅呈现数据，不作排名。',
      ],
    },
    { t: 'signature', lines: [`${meta.office}案件管理部门`, dateLabel(meta.generatedAt.slice(0, 10))] },
  ];
  return { title, office: meta.office, generatedAt: meta.generatedAt, blocks };
}
