/**
 * The vocabulary of the import contract (../shared/spec/import-format.md) as typed constants.
 * Everything that validates, generates or displays case data takes its enumerations from here.
 */

export const CATEGORIES = [
  '审查逮捕',
  '审查起诉',
  '刑事申诉',
  '民事生效裁判监督',
  '行政生效裁判监督',
  '公益诉讼',
  '其他',
] as const;
export type Category = (typeof CATEGORIES)[number];

export const PROCEDURES = ['普通程序', '简易程序', '速裁程序'] as const;
export type Procedure = (typeof PROCEDURES)[number];

export const CASE_STATUSES = ['在办', '办结'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export const CONCLUSIONS_BY_CATEGORY: Record<Category, readonly string[]> = {
  审查逮捕: ['批准逮捕', '不批准逮捕', '部分批准逮捕'],
  审查起诉: ['提起公诉', '不起诉', '部分起诉', '移送其他机关', '撤回移送'],
  刑事申诉: ['办结'],
  民事生效裁判监督: ['办结'],
  行政生效裁判监督: ['办结'],
  公益诉讼: ['办结'],
  其他: ['办结'],
};
export const ALL_CONCLUSIONS = [...new Set(Object.values(CONCLUSIONS_BY_CATEGORY).flat())];

export const GENDERS = ['男', '女'] as const;
export const CUSTODY = ['在押', '未羁押'] as const;
export type Custody = (typeof CUSTODY)[number];
export const MEASURES = ['刑事拘留', '逮捕', '取保候审', '监视居住', '指定居所监视居住', '无'] as const;
export type Measure = (typeof MEASURES)[number];

export const DECISIONS_BY_CATEGORY: Partial<Record<Category, readonly string[]>> = {
  审查逮捕: ['批准逮捕', '不批准逮捕'],
  审查起诉: ['起诉', '不起诉'],
};
export const ALL_DECISIONS = ['批准逮捕', '不批准逮捕', '起诉', '不起诉'] as const;
export type Decision = (typeof ALL_DECISIONS)[number];

export const DECISION_REASONS: Record<string, readonly string[]> = {
  不批准逮捕: ['无社会危险性', '事实不清证据不足', '不构成犯罪', '其他'],
  不起诉: ['法定不起诉', '相对不起诉', '存疑不起诉', '附条件不起诉'],
};
export const ALL_DECISION_REASONS = [...new Set(Object.values(DECISION_REASONS).flat())];

export const SENTENCING = ['确定刑', '幅度刑', '无'] as const;
export type Sentencing = (typeof SENTENCING)[number];

export const EVENT_KINDS = [
  '告知犯罪嫌疑人诉讼权利',
  '告知被害人诉讼权利',
  '通知法律援助',
  '退回补充侦查',
  '补充侦查重新移送',
  '延长审查起诉期限',
  '改变管辖',
  '中止审查',
  '恢复审查',
  '提起公诉',
  '收到判决书',
  '收到裁定书',
  '提出抗诉',
  '归档',
] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

export const DOCUMENT_NAMES = [
  '起诉书',
  '不起诉决定书',
  '批准逮捕决定书',
  '不批准逮捕决定书',
  '认罪认罚具结书',
  '量刑建议书',
  '犯罪嫌疑人诉讼权利义务告知书',
  '被害人诉讼权利义务告知书',
  '退回补充侦查决定书',
  '延长审查起诉期限审批表',
] as const;

export const STAFF_ROLES = ['员额检察官', '检察官助理', '书记员', '其他'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

/** The sheets of an import, Chinese name → English key, as import-format.md names them. */
export const SHEETS = {
  案件: 'cases',
  嫌疑人: 'persons',
  流程节点: 'events',
  文书: 'documents',
  人员: 'staff',
} as const;
export type SheetName = keyof typeof SHEETS;

// ---- rows as the store holds them (camelCase mirrors of the db columns) ----

export interface CaseRecord {
  caseNo: string;
  title: string;
  category: Category;
  cause: string | null;
  department: string;
  prosecutor: string;
  agency: string | null;
  receivedOn: string;
  complex: boolean;
  hasVictim: boolean;
  procedure: Procedure | null;
  status: CaseStatus;
  concludedOn: string | null;
  conclusion: string | null;
  note: string | null;
}

export interface PersonRecord {
  caseNo: string;
  personNo: string;
  name: string;
  gender: '男' | '女' | null;
  birthDate: string | null;
  custody: Custody;
  measure: Measure;
  measureFrom: string | null;
  hasCounsel: boolean;
  plea: boolean;
  pleaSignedOn: string | null;
  decision: Decision | null;
  decidedOn: string | null;
  decisionReason: string | null;
  sentencing: Sentencing;
  /** null = the court has not decided */
  sentencingAdopted: boolean | null;
  judgedOn: string | null;
  appealed: boolean;
}

export interface EventRecord {
  caseNo: string;
  kind: EventKind;
  on: string;
  personNo: string | null;
  note: string | null;
}

export interface DocumentRecord {
  caseNo: string;
  name: string;
  number: string;
  issuedOn: string;
  personNo: string | null;
}

export interface StaffRecord {
  name: string;
  department: string;
  role: StaffRole;
  active: boolean;
}

const NOT_NORMAL = /[\s\u3000〔［【〕］】]/;

/**
 * 部门受案号 in its one stored form. The national system writes `[2026]`; `〔2026〕`, `［2026］`
 * and `【2026】` are the same number, so all become half-width `[ ]`. Spaces (both widths) go.
 */
export function normalizeCaseNo(raw: string): string {
  // Most numbers are already in form (an import normalizes ~670,000 at 100k cases: one test instead of three replaces).
  if (!NOT_NORMAL.test(raw)) return raw;
  return raw
    .replace(/[\s\u3000]+/g, '')
    .replace(/[〔［【]/g, '[')
    .replace(/[〕］】]/g, ']');
}
