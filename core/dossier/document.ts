/**
 * 个人执法档案 as a kind of the shared document model (core/documents/model.ts): a builder, a pure function of the
 * dossier and its lists → OfficialDocument, rendered to DOCX and to HTML/PDF by the documents area's renderers.
 * The month tables are an annex on landscape pages; long lists keep their first rows in the body and go whole to
 * an annex (listWithAnnex); the figures' definitions close the document. Suspects' names are masked in every list.
 */
import { dateLabel, monthLabel } from '../dates';
import { AREAS, METRICS_BY_ID, PROSECUTOR_METRICS, type Figures } from '../metrics';
import { Annexes, definitionsAnnex, listWithAnnex, periodLine, signature, tableNumbers } from '../documents/build';
import { f } from '../documents/kinds/common';
import { TITLE_BREAK, type Block, type Column, type OfficialDocument } from '../documents/model';
import type { FigureList } from './figures';
import type { Dossier } from './index';

const pct = (v: number | null): string => (v == null ? '—' : `${(v * 100).toFixed(1)}%`);
const one = (v: number | null): string => (v == null ? '—' : (Math.round(v * 10) / 10).toFixed(1));
const str = (v: unknown): string => (v == null ? '' : String(v));
const col = (header: string, width: number, align?: Column['align']): Column => ({ header, width, align });

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
  const row = (label: string, m: Figures) => [label, ...g.ids.map((id) => f(id, m[id]))];
  return {
    t: 'table',
    caption: `附表${n}\u3000各月${g.caption}`,
    columns: [col('月份', 16), ...g.ids.map((id) => col(METRICS_BY_ID[id].name, 10))],
    fontPt: 9,
    rows: [...d.months.map((m) => row(monthLabel(m.month), m.metrics)), row('全年', d.metrics)],
    rowKinds: [...d.months.map(() => undefined), 'total'],
  };
}

export function dossierTitle(d: { prosecutor: string; period: string }): string {
  return `${d.prosecutor}${d.period}年度${TITLE_BREAK}个人执法档案`;
}

export function dossierDocument(
  d: Dossier,
  lists: Map<string, FigureList>,
  meta: { office: string; generatedAt: string },
): OfficialDocument {
  const date = meta.generatedAt.slice(0, 10);
  const fd = d.findings;
  const m = d.metrics;
  const tn = tableNumbers();
  const annexes = new Annexes();
  const monthsRef = annexes.add({
    title: '各月办案数据',
    landscape: true,
    blocks: GROUPS.map((g, i) => monthTable(d, g, i + 1)),
  });
  const escalated = lists.get('escalated')?.rows ?? [];
  const referrals = lists.get('referralsIn')?.rows ?? [];
  const body: Block[] = [
    {
      t: 'p',
      text: `本档案汇集${d.prosecutor}（${d.departments.join('、') || '—'}）${d.period}年度${d.complete ? '' : `（年度尚未结束，截至${dateLabel(date)}）`}的办案数据、流程监控发现的问题及其整改、流程监控通知书与回复、逾期未整改问题移送督查、案件质量评查和检务督查部门移送的问题，仅呈现数据，不作排名。`,
    },
    { t: 'h1', text: '一、办案数据' },
    {
      t: 'p',
      text:
        `全年旧存案件${f('carriedOver', m.carriedOver)}件，新收${f('received', m.received)}件，办结${f('concluded', m.concluded)}件，期末未结${f('pending', m.pending)}件，结案率${f('concludeRate', m.concludeRate)}，平均办案天数${f('avgDays', m.avgDays)}天，超期办结${f('lateConcluded', m.lateConcluded)}件。` +
        `审查逮捕审结${f('arrestDecided', m.arrestDecided)}人，不捕率${f('nonArrestRate', m.nonArrestRate)}；审查起诉审结${f('prosDecided', m.prosDecided)}人，不诉率${f('nonProsRate', m.nonProsRate)}；认罪认罚适用率${f('pleaRate', m.pleaRate)}，量刑建议采纳率${f('sentencingAdoptRate', m.sentencingAdoptRate)}，诉前羁押率${f('pretrialDetentionRate', m.pretrialDetentionRate)}。各月数据详见${monthsRef}。`,
    },
    {
      t: 'table',
      caption: tn('全年主要办案数据'),
      fontPt: 10.5,
      columns: [col('项目', 30), col('全年', 14), col('项目', 30), col('全年', 14)],
      rows: pairs(PROSECUTOR_METRICS.map((def) => [def.name, f(def.id, m[def.id])])),
    },
    { t: 'h1', text: '二、流程监控发现的问题' },
    {
      t: 'p',
      text:
        `全年本人承办案件新发现问题${fd.total}个，其中严重${fd.serious}个；按旧存与新收案件${fd.casesHandled}件计，每百件案件${one(fd.per100Cases)}个。` +
        `期末已整改的${fd.rectifiedCount}个问题，自发现至整改天数的中位数为${one(fd.medianDaysToRectify)}天；` +
        `流程监控通知书所列问题按期整改率${pct(fd.rectifiedOnTimeRate)}（${fd.onTime.onTime}/${fd.onTime.known}）。期末逾期未整改${fd.overdue}个，移送检务督查部门${fd.escalated}个。`,
    },
    {
      t: 'table',
      caption: tn('新发现问题按领域'),
      fontPt: 10.5,
      columns: [col('问题领域', 20), col('问题数', 10)],
      rows: [...AREAS.map((a) => [a, String(fd.byArea[a] ?? 0)]), ['合计', String(fd.total)]],
      rowKinds: [...AREAS.map(() => undefined), 'total'],
    },
    fd.byRule.length
      ? {
          t: 'table',
          caption: tn('新发现问题按问题类型'),
          fontPt: 10.5,
          columns: [col('问题类型', 30, 'left'), col('问题领域', 14), col('问题数', 10)],
          rows: fd.byRule.map((r) => [r.title, r.area, String(r.count)]),
        }
      : { t: 'p', text: '全年未发现问题。' },
    { t: 'h1', text: '三、流程监控通知书与回复' },
    {
      t: 'p',
      text: `全年收到流程监控通知书${d.notices.issued}份，其中报检察长${d.notices.toChief}份；在回复期限内回复${d.notices.repliedOnTime}份。`,
    },
    { t: 'h1', text: '四、逾期未整改问题移送督查' },
    ...(escalated.length
      ? listWithAnnex(annexes, {
          rows: escalated,
          caption: tn('移送检务督查部门的逾期未整改问题'),
          columns: [
            col('问题类型', 22, 'left'),
            col('部门受案号', 34, 'left'),
            col('回复期限', 16),
            col('移送日期', 16),
          ],
          cells: (r) => [str(r.ruleTitle), str(r.caseNo), str(r.replyDueOn), str(r.referredOn)],
          annexTitle: '移送检务督查部门的逾期未整改问题',
          annexColumns: [
            col('序号', 8),
            col('问题类型', 30, 'left'),
            col('部门受案号', 54, 'left'),
            col('案件名称', 28, 'left'),
            col('通知书文号', 40, 'left'),
            col('回复期限', 21),
            col('逾期认定', 21),
            col('移送日期', 21),
          ],
          annexCells: (r, i) => [
            String(i + 1),
            str(r.ruleTitle),
            str(r.caseNo),
            str(r.title),
            str(r.noticeNumber),
            str(r.replyDueOn),
            str(r.overdueOn),
            str(r.referredOn),
          ],
          unit: '个',
          excelSheet: '移送督查',
        })
      : [{ t: 'p' as const, text: '全年无移送检务督查部门的逾期未整改问题。' }]),
    { t: 'h1', text: '五、案件质量评查' },
    d.reviews.length
      ? {
          t: 'table',
          caption: tn(`案件质量评查（${d.reviews.length}件）`),
          fontPt: 10.5,
          columns: [col('序号', 10), col('部门受案号', 80, 'left'), col('评查日期', 36), col('评查等次', 30)],
          rows: d.reviews.map((r, i) => [String(i + 1), r.caseNo, r.on, r.grade]),
        }
      : { t: 'p', text: '全年无本人案件的质量评查记录。' },
    { t: 'h1', text: '六、检务督查部门移送的问题' },
    ...(referrals.length
      ? listWithAnnex(annexes, {
          rows: referrals,
          caption: tn('检务督查部门移送的问题'),
          columns: [
            col('部门受案号', 34, 'left'),
            col('收到日期', 14),
            col('期末状态', 12),
            col('问题说明', 40, 'left'),
          ],
          cells: (r) => [str(r.caseNo), str(r.firstSeen), str(r.statusAtEnd), str(r.message)],
          annexTitle: '检务督查部门移送的问题',
          annexColumns: [
            col('序号', 8),
            col('部门受案号', 54, 'left'),
            col('案件名称', 28, 'left'),
            col('收到日期', 21),
            col('期末状态', 15),
            col('问题说明', 99, 'left'),
          ],
          annexCells: (r, i) => [
            String(i + 1),
            str(r.caseNo),
            str(r.title),
            str(r.firstSeen),
            str(r.statusAtEnd),
            str(r.message),
          ],
          unit: '个',
          excelSheet: '督查移送',
        })
      : [{ t: 'p' as const, text: '全年检务督查部门未移送涉及本人的问题。' }]),
    {
      t: 'p',
      text: '各项数据背后的案件、人员和问题清单见同名 Excel 表格，每项数据一张工作表，可逐件核对；各项指标的口径见附件。',
    },
  ];
  annexes.add(
    definitionsAnnex([
      '办案数据的口径与《员额检察官办案数据通报》相同，按全年（各月）计算；全年比率按全年的分子分母重新计算，不取各月平均。',
      ...PROSECUTOR_METRICS.map((x) => `${x.name}：${x.def}。`),
      '新发现问题：全年首次发现的本人承办案件的问题；每百件案件问题数：新发现问题 ÷（旧存＋新收案件数）× 100。',
      '整改天数中位数：全年新发现、年末已整改的问题，自首次发现至整改的天数的中位数。',
      '按期整改率：全年发出的流程监控通知书所列问题中，在通知书回复期限内整改的 ÷ 年末已有结果的（已整改，或回复期限已到）。',
      '逾期未整改：流程监控通知书回复期限已过仍未整改、经日审核认定的问题；移送督查：随各月逾期未整改问题移送清单移送检务督查部门的问题。',
      '犯罪嫌疑人姓名已作隐名处理。比率的分母为0时记为“—”。',
    ]),
  );
  return annexes.finish({
    kind: 'dossier',
    title: dossierTitle(d),
    office: meta.office,
    generatedAt: meta.generatedAt,
    subtitle: periodLine(d.start, d.complete ? d.end : date),
    body,
    signature: signature(meta.office, date),
  });
}

/** Two label/value pairs per row (a compact table of the year's figures). */
function pairs(items: string[][]): string[][] {
  const out: string[][] = [];
  for (let i = 0; i < items.length; i += 2) out.push([...items[i], ...(items[i + 1] ?? ['', ''])]);
  return out;
}
