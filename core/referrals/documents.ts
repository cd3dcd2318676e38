/**
 * The referral package's own documents as OfficialDocuments (the notices are the notices area's):
 *   - the 抄送函 (cover letter): numbered `{prefix}〔{year}〕{n}号` (its own sequence, taken when the package
 *     version is frozen), addressed to the inspection department, listing every enclosure by title and
 *     count in its 附件说明 — never by file name;
 *   - 附件2 业务数据专项检查情况汇总: the month's findings by area, problem type, department, prosecutor;
 *   - 附件3 案件质量评查情况: the reviews graded 基本合格 or 不合格, one paragraph each.
 * Pure functions of the frozen PackageData, so a re-export says the same.
 */
import { monthLabel } from '../dates';
import { Annexes, DEFAULT_DISTRIBUTION, department, listWithAnnex } from '../documents/build';
import {
  TITLE_BREAK,
  cnDate,
  plainTitle,
  type Annex,
  type Block,
  type Column,
  type OfficialDocument,
  type RowKind,
} from '../documents/model';
import type { PackageData, SummaryLine } from './package';

export const SUMMARY_HEAD = ['新发现问题', '本月已整改', '月末未整改'];

/** An enclosure of the package, as the cover letter lists it. */
export interface Enclosure {
  title: string;
  /** 4份 */
  count: string;
}

const col = (header: string, width: number, align?: Column['align']): Column => ({ header, width, align });
const nums = (l: SummaryLine) => [String(l.found), String(l.rectified), String(l.open)];
const producedOn = (d: PackageData) => d.producedAt.slice(0, 10);

/** The enclosures as the cover letter lists them (附件1…): by title and count, never by file name. */
export function packageEnclosures(d: PackageData): Enclosure[] {
  return [
    ...(d.notices.length ? [{ title: '流程监控通知书', count: `${d.notices.length}份` }] : []),
    { title: plainTitle(summaryTitle(d.month)), count: '1份' },
    { title: plainTitle(reviewsTitle(d.month)), count: '1份' },
    // Versions frozen before escalation existed have no 逾期未整改问题移送清单.
    ...(d.escalations ? [{ title: plainTitle(overdueTitle(d.month)), count: '1份' }] : []),
    { title: '材料目录', count: '1份' },
  ];
}

/** The 附件N label of an enclosure printed on its own. */
export function enclosureLabel(enclosures: Enclosure[], title: string): string {
  return `附件${enclosures.findIndex((e) => e.title === plainTitle(title)) + 1}`;
}

export function coverTitle(month: string): string {
  return `关于抄送${monthLabel(month)}案件流程监控${TITLE_BREAK}有关材料的函`;
}

export function coverDocument(d: PackageData, enclosures: Enclosure[]): OfficialDocument {
  const m = monthLabel(d.month);
  const dist = d.distribution ?? DEFAULT_DISTRIBUTION;
  const body: Block[] = [
    {
      t: 'p',
      text: `根据案件管理与检务督查工作衔接有关规定，现将本院${m}案件流程监控有关材料抄送你部门，请结合检务督查工作参考使用。`,
    },
    {
      t: 'p',
      text: `${m}，本院共发出流程监控通知书${d.notices.length}份；业务数据专项检查新发现问题${d.dataCheck.totals.found}个，月末尚未整改${d.dataCheck.totals.open}个；案件质量评查评定为基本合格、不合格的案件${d.reviews.length}件；收到你部门移送问题${d.referralsIn}个，均已作为流程监控问题登记办理。`,
    },
    ...(d.escalations
      ? [
          {
            t: 'p' as const,
            text: d.escalations.referred.length
              ? `根据流程监控工作规定，现将${m}经日审核认定为逾期未整改的问题${d.escalations.referred.length}个移送你部门，清单附后。`
              : `${m}无移送你部门的逾期未整改问题。`,
          },
        ]
      : []),
  ];
  if (d.notices.length)
    body.push({
      t: 'table',
      caption: `表1\u3000${m}发出的流程监控通知书`,
      fontPt: 9,
      columns: [
        col('序号', 7),
        col('通知书文号', 38, 'left'),
        col('部门受案号', 54, 'left'),
        col('承办检察官', 19),
        col('签发日期', 21),
        col('报检察长', 17),
      ],
      rows: d.notices.map((n, i) => [
        String(i + 1),
        n.number,
        n.caseNo,
        n.prosecutor,
        n.issuedOn,
        n.toChief ? '是' : '否',
      ]),
    });
  body.push({ t: 'p', text: '特此函告。' });
  const annexes: Annex[] = enclosures.map((e) => ({ title: e.title, count: e.count }));
  return {
    kind: 'cover-letter',
    title: coverTitle(d.month),
    office: d.office.name,
    generatedAt: d.producedAt,
    masthead: { style: 'document', organ: department(d.office.name), docNo: d.letterNumber },
    addressee: '本院检务督查部门',
    body,
    annexes,
    signature: { organ: department(d.office.name), date: producedOn(d) },
    postscript: ['材料中犯罪嫌疑人姓名均已作隐名处理'],
    colophon: {
      cc: dist.cc ? [{ label: '抄送', to: dist.cc }] : [],
      printer: department(d.office.name),
      printedOn: producedOn(d),
    },
  };
}

export const summaryTitle = (month: string): string => `${monthLabel(month)}业务数据专项检查情况汇总`;

export function summaryDocument(d: PackageData, label: string): OfficialDocument {
  const dc = d.dataCheck;
  const m = monthLabel(d.month);
  const head = (first: Column[]) => [...first, ...SUMMARY_HEAD.map((h) => col(h, 12))];
  return {
    kind: 'data-check-summary',
    title: summaryTitle(d.month),
    office: d.office.name,
    generatedAt: d.producedAt,
    label,
    body: [
      {
        t: 'p',
        text: `${m}，流程监控共新发现问题${dc.totals.found}个，当月整改${dc.totals.rectified}个，月末尚未整改${dc.totals.open}个；其中检务督查部门移送问题${d.referralsIn}个。具体情况如下。`,
      },
      { t: 'h1', text: '一、按问题类别' },
      {
        t: 'table',
        caption: '表1\u3000按问题类别',
        columns: head([col('问题类别', 20)]),
        rows: dc.byArea.map((r) => [r.area, ...nums(r)]),
      },
      { t: 'h1', text: '二、按问题类型' },
      {
        t: 'table',
        caption: '表2\u3000按问题类型',
        columns: head([col('序号', 6), col('问题类型', 26, 'left'), col('问题类别', 14)]),
        rows: dc.byRule.map((r, i) => [String(i + 1), r.title, r.area, ...nums(r)]),
      },
      { t: 'h1', text: '三、按承办部门' },
      {
        t: 'table',
        caption: '表3\u3000按承办部门',
        columns: head([col('承办部门', 20)]),
        rows: dc.byDepartment.map((r) => [r.department, ...nums(r)]),
      },
      { t: 'h1', text: '四、按承办检察官' },
      {
        t: 'table',
        caption: '表4\u3000按承办检察官',
        columns: head([col('承办部门', 18), col('承办检察官', 14)]),
        rows: dc.byProsecutor.map((r) => [r.department, r.prosecutor, ...nums(r)]),
      },
      { t: 'h1', text: '五、说明' },
      {
        t: 'p',
        text: '新发现问题指本月首次发现的问题（含检务督查部门移送的问题）；本月已整改指本月内变为已整改的问题；月末未整改指月末处于待处理、已提示、已通知状态的问题（含以前月份发现的问题）。各表明细见同名 Excel 表格。',
      },
    ],
    signature: { organ: department(d.office.name), date: producedOn(d) },
  };
}

export const reviewsTitle = (month: string): string =>
  `${monthLabel(month)}案件质量评查情况${TITLE_BREAK}（基本合格、不合格案件）`;

export function reviewsDocument(d: PackageData, label: string): OfficialDocument {
  const bad = d.reviews.filter((r) => r.grade === '不合格').length;
  const m = monthLabel(d.month);
  const body: Block[] = [
    {
      t: 'p',
      text: d.reviews.length
        ? `${m}，案件质量评查评定为基本合格、不合格的案件共${d.reviews.length}件，其中不合格${bad}件、基本合格${d.reviews.length - bad}件，具体如下。`
        : `${m}，无评定为基本合格、不合格的评查案件。`,
    },
  ];
  d.reviews.forEach((r, i) => {
    body.push({
      t: 'p',
      lead: `${i + 1}. `,
      text:
        `${r.caseTitle || '案件'}（部门受案号：${r.caseNo}，${r.department}${r.prosecutor}承办），${cnDate(r.reviewedOn)}${r.kind}，评定为${r.grade}。` +
        `${r.problems ? `发现的问题：${r.problems.replace(/[。；;]?$/, '。')}` : ''}整改情况：${r.rectification}。评查人：${r.reviewer}。`,
    });
  });
  if (d.reviews.length) body.push({ t: 'p', text: '评查明细见同名 Excel 表格。' });
  return {
    kind: 'reviews',
    title: reviewsTitle(d.month),
    office: d.office.name,
    generatedAt: d.producedAt,
    label,
    body,
    signature: { organ: department(d.office.name), date: producedOn(d) },
  };
}

/** 问题类型 with its severity: 案由未填（轻微）. */
const problemOf = (p: { ruleTitle: string; severity: string }) => `${p.ruleTitle}（${p.severity}）`;

export const overdueTitle = (month: string): string => `${monthLabel(month)}逾期未整改问题${TITLE_BREAK}移送清单`;

/**
 * 逾期未整改问题移送清单 (jobs.md *Escalation*), an enclosure of the package: its cover list first (how many became
 * 逾期未整改 in the month, how many are referred, by department and prosecutor), then the referred findings (the first
 * rows in the body, the whole list as an annex) and the excluded ones with the reason. Names are masked (the
 * proposals are frozen masked).
 */
export function overdueDocument(d: PackageData, label: string): OfficialDocument {
  const m = monthLabel(d.month);
  const esc = d.escalations ?? { referred: [], excluded: [] };
  const all = esc.referred.length + esc.excluded.length;
  const annexes = new Annexes();
  const body: Block[] = [
    {
      t: 'p',
      text: all
        ? `${m}，发出流程监控通知书后回复期限届满仍未整改、经日审核认定为逾期未整改的问题共${all}个，现移送${esc.referred.length}个${esc.excluded.length ? `，经审核不予移送${esc.excluded.length}个（理由见表${esc.referred.length ? 3 : 2}）` : ''}。`
        : `${m}，无经日审核认定为逾期未整改的问题。`,
    },
  ];
  if (esc.referred.length) {
    const by = new Map<string, { department: string; prosecutor: string; n: number; serious: number }>();
    for (const p of esc.referred) {
      const k = `${p.department}\u0001${p.prosecutor}`;
      const e = by.get(k) ?? { department: p.department, prosecutor: p.prosecutor, n: 0, serious: 0 };
      e.n++;
      if (p.severity === '严重') e.serious++;
      by.set(k, e);
    }
    body.push(
      { t: 'h1', text: '一、移送问题汇总' },
      {
        t: 'table',
        caption: '表1\u3000按承办部门和承办检察官',
        columns: [col('承办部门', 20), col('承办检察官', 14), col('移送问题', 12), col('其中严重', 12)],
        rows: [
          ...[...by.values()].map((e) => [
            e.department || '（未填部门）',
            e.prosecutor,
            String(e.n),
            String(e.serious),
          ]),
          ['合计', '', String(esc.referred.length), String(esc.referred.filter((p) => p.severity === '严重').length)],
        ],
        rowKinds: [...[...by.values()].map((): RowKind => undefined), 'total'],
      },
      { t: 'h1', text: '二、移送问题清单' },
      ...listWithAnnex(annexes, {
        rows: esc.referred,
        caption: '表2\u3000移送检务督查部门的逾期未整改问题',
        fontPt: 9,
        // Millimetres of the text block at 9 pt (core/documents/kinds/lists.ts): a 部门受案号 54, a date 21, a 文号 40.
        columns: [
          col('序号', 7),
          col('部门受案号', 54, 'left'),
          col('承办检察官', 15),
          col('问题类型', 59, 'left'),
          col('回复期限', 21),
        ],
        cells: (p, i) => [String(i + 1), p.caseNo, p.prosecutor, problemOf(p), p.notice?.replyDueOn ?? ''],
        annexTitle: `${m}逾期未整改问题清单`,
        annexColumns: [
          col('序号', 8),
          col('部门受案号', 54, 'left'),
          col('案件名称', 28, 'left'),
          col('承办检察官', 15),
          col('问题类型', 38, 'left'),
          col('通知书文号', 40, 'left'),
          col('回复期限', 21),
          col('逾期认定', 21),
        ],
        annexCells: (p, i) => [
          String(i + 1),
          p.caseNo,
          p.title,
          p.prosecutor,
          problemOf(p),
          p.notice?.number ?? '',
          p.notice?.replyDueOn ?? '',
          p.overdueOn,
        ],
        unit: '个',
        excelSheet: '移送清单',
      }),
    );
  }
  if (esc.excluded.length)
    body.push(
      { t: 'h1', text: `${esc.referred.length ? '三' : '一'}、不予移送的问题` },
      {
        t: 'table',
        caption: `表${esc.referred.length ? 3 : 1}\u3000经审核不予移送的问题`,
        fontPt: 9,
        columns: [
          col('序号', 7),
          col('部门受案号', 54, 'left'),
          col('承办检察官', 15),
          col('问题类型', 30, 'left'),
          col('不予移送理由', 50, 'left'),
        ],
        rows: esc.excluded.map((p, i) => [
          String(i + 1),
          p.caseNo,
          p.prosecutor,
          problemOf(p),
          p.excluded?.reason ?? '',
        ]),
      },
    );
  if (all) body.push({ t: 'p', text: '各问题的明细见同名 Excel 表格。' });
  return annexes.finish({
    kind: 'overdue-referrals',
    title: overdueTitle(d.month),
    office: d.office.name,
    generatedAt: d.producedAt,
    label,
    body,
    signature: { organ: department(d.office.name), date: producedOn(d) },
  });
}
