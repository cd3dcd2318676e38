/**
 * The document kinds the gallery checks, with the page bounds of a county office's month (2,000 cases).
 * A new kind (the dossier, quarter/year bulletins, the overdue-rectification referral list) adds one line
 * here and one case in collect.ts; a PDF of the demo that matches no kind fails the check.
 */
export interface KindSpec {
  kind: string;
  /** Chinese name (the gallery's headings). */
  name: string;
  /** How the demo names its PDF. */
  file: RegExp;
  /** Pages before the first annex (附件) at most. */
  maxBodyPages: number;
  /** All pages at most. */
  maxPages: number;
  /** The document carries a 落款 / a 版记 (checked on its pages). */
  signature: boolean;
  colophon: boolean;
}

export const KINDS: KindSpec[] = [
  {
    kind: 'weekly',
    name: '流程监控周通报',
    file: /流程监控周通报\.pdf$/,
    maxBodyPages: 4,
    maxPages: 36,
    signature: true,
    colophon: true,
  },
  {
    kind: 'prosecutors',
    name: '员额检察官办案数据通报',
    file: /员额检察官办案数据通报\.pdf$/,
    maxBodyPages: 7,
    maxPages: 9,
    signature: true,
    colophon: true,
  },
  {
    kind: 'monitoring',
    name: '流程监控通报',
    file: /(\d月|季度|年度)流程监控通报\.pdf$/,
    // 9: 表1 gained 逾期未整改 and the 上期/同比 note (issue 13), which moves 图1 to the next page on the demo.
    maxBodyPages: 9,
    maxPages: 18,
    signature: true,
    colophon: true,
  },
  {
    kind: 'notice',
    name: '流程监控通知书',
    file: /流程监控通知书.*\.pdf$/,
    maxBodyPages: 2,
    maxPages: 2,
    signature: true,
    colophon: true,
  },
  {
    kind: 'cover-letter',
    name: '抄送函',
    file: /抄送函\.pdf$/,
    maxBodyPages: 2,
    maxPages: 2,
    signature: true,
    colophon: true,
  },
  {
    kind: 'data-check-summary',
    name: '业务数据专项检查情况汇总',
    file: /业务数据专项检查情况汇总\.pdf$/,
    maxBodyPages: 4,
    maxPages: 4,
    signature: true,
    colophon: false,
  },
  {
    kind: 'reviews',
    name: '案件质量评查情况',
    file: /案件质量评查情况.*\.pdf$/,
    maxBodyPages: 2,
    maxPages: 2,
    signature: true,
    colophon: false,
  },
  {
    kind: 'overdue-referrals',
    name: '逾期未整改问题移送清单',
    file: /逾期未整改问题移送清单\.pdf$/,
    maxBodyPages: 3,
    maxPages: 8,
    signature: true,
    colophon: false,
  },
  {
    kind: 'dossier',
    name: '个人执法档案',
    file: /个人执法档案\.pdf$/,
    maxBodyPages: 5,
    maxPages: 10,
    signature: true,
    colophon: false,
  },
];

export function kindOfFile(file: string): KindSpec | undefined {
  return KINDS.find((k) => k.file.test(file));
}
