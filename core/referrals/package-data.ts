/** What a referral package version says, frozen in its snapshot (package.ts writes it, documents.ts renders it). */
import type { Proposal } from '../escalation';

export interface SummaryLine {
  found: number;
  rectified: number;
  open: number;
}

/** What a package version says, frozen in its snapshot (plain JSON, names already masked). */
export interface PackageData {
  format: 1;
  month: string;
  version: number;
  office: { name: string; shortName: string };
  producedBy: string;
  producedAt: string;
  notices: {
    id: number;
    number: string;
    caseNo: string;
    caseTitle: string | null;
    department: string;
    prosecutor: string;
    issuedOn: string;
    toChief: boolean;
  }[];
  dataCheck: {
    totals: SummaryLine;
    byArea: ({ area: string } & SummaryLine)[];
    byRule: ({ ruleId: string; title: string; area: string } & SummaryLine)[];
    byDepartment: ({ department: string } & SummaryLine)[];
    byProsecutor: ({ department: string; prosecutor: string } & SummaryLine)[];
  };
  reviews: {
    id: number;
    caseNo: string;
    caseTitle: string | null;
    department: string;
    prosecutor: string;
    reviewedOn: string;
    reviewer: string;
    kind: string;
    grade: string;
    problems: string;
    rectification: string;
  }[];
  referralsIn: number;
  /** 文号 of the 抄送函, taken when this version was frozen (absent in packages frozen before the letters migration). */
  letterNumber?: string;
  /** 抄送 of the 抄送函 (settings when frozen). */
  distribution?: { addressee: string; cc: string };
  /**
   * 逾期未整改问题移送清单 (jobs.md *Escalation*): the findings that became 逾期未整改 in M, those referred with this
   * version and those the user excluded (with the reason). Absent in versions frozen before escalation existed.
   */
  escalations?: { referred: Proposal[]; excluded: Proposal[] };
}
