/**
 * Shapes of handler results as the renderer reads them. Pure TS types, no imports from core/
 * (the renderer only sees JSON). Fields are optional where the handlers may omit them.
 */

export type Severity = '轻微' | '较重' | '严重';
export type FindingStatus = '待处理' | '已提示' | '已通知' | '已整改' | '不予纠正';
export type FindingAction = 'remind' | 'notice' | 'rectify' | 'waive' | 'reopen';

export interface CaseRow {
  caseNo: string;
  title: string;
  category: string;
  cause?: string | null;
  department: string;
  prosecutor: string;
  agency?: string | null;
  receivedOn: string;
  status: string;
  concludedOn?: string | null;
  conclusion?: string | null;
  procedure?: string | null;
  complex?: boolean;
  hasVictim?: boolean;
  note?: string | null;
  openFindings?: number;
  findings?: number;
  [k: string]: unknown;
}

export interface Person {
  personNo: string;
  name: string;
  gender?: string | null;
  birthDate?: string | null;
  custody?: string;
  measure?: string;
  measureFrom?: string | null;
  hasCounsel?: boolean;
  plea?: boolean;
  pleaSignedOn?: string | null;
  decision?: string | null;
  decidedOn?: string | null;
  decisionReason?: string | null;
  sentencing?: string;
  judgedOn?: string | null;
  [k: string]: unknown;
}

export interface CaseEvent { kind: string; on?: string; onDate?: string; date?: string; personNo?: string | null; note?: string | null }
export interface CaseDocument { name: string; number: string; issuedOn: string; personNo?: string | null }
export interface HistoryItem { field: string; oldValue?: string | null; newValue?: string | null; importId?: number; importedAt?: string | null; at?: string; on?: string; [k: string]: unknown }

export interface CaseDetail {
  case: CaseRow;
  persons: Person[];
  events: CaseEvent[];
  documents: CaseDocument[];
  findings: Finding[];
  history: HistoryItem[];
}

export interface Finding {
  id: number;
  ruleId: string;
  ruleTitle?: string;
  title?: string;
  area?: string;
  caseNo: string;
  caseTitle?: string;
  personNo?: string | null;
  personName?: string | null;
  severity: Severity;
  status: FindingStatus;
  kind?: string | null;
  source?: string;
  dueOn?: string | null;
  daysLeft?: number | null;
  department?: string | null;
  prosecutor?: string | null;
  firstSeen?: string;
  lastSeen?: string;
  rectifiedOn?: string | null;
  statusOn?: string;
  message: string;
  legalBasis?: string;
  basis?: string;
  noticeNumber?: string | null;
  noticeId?: number | null;
  waiveReason?: string | null;
  [k: string]: unknown;
}

export interface FindingEvent {
  action: string;
  onDate?: string;
  on?: string;
  at?: string;
  actor?: string;
  from?: string | null;
  to?: string;
  note?: string | null;
}

export interface Warning {
  id?: number;
  ruleId: string;
  title?: string;
  ruleTitle?: string;
  caseNo: string;
  caseTitle?: string;
  personNo?: string | null;
  dueOn: string;
  daysLeft: number;
  department?: string | null;
  prosecutor?: string | null;
  message?: string;
}

export interface RuleInfo { id: string; title: string; area?: string; severity?: string; basis?: string; legalBasis?: string; window?: number | null }

export interface JobRun {
  id: number;
  job: string;
  period: string;
  version?: number;
  asOf?: string;
  startedAt?: string;
  finishedAt?: string | null;
  status: string;
  error?: string | null;
  counts?: Record<string, unknown>;
  failedRules?: unknown[];
  actor?: string;
}

export interface ImportIssue { file?: string; sheet?: string; row?: number | null; column?: string; value?: unknown; message: string }

export interface ImportResult {
  ok?: boolean;
  noOp?: boolean;
  cases?: { added?: number; changed?: number; unchanged?: number };
  rows?: Record<string, number>;
  warnings?: (ImportIssue | string)[];
  errors?: ImportIssue[];
  staffAdded?: string[];
  importId?: number;
  [k: string]: unknown;
}

export interface Settings {
  officeName: string;
  officeShortName: string;
  noticePrefix: string | null;
  noticeReplyDays: number;
  noticeReplyWorkingDays: boolean;
  warningWindows: Record<string, number>;
  documentGraceDays?: number;
  staleDays?: number;
  rankWithinDepartment?: boolean;
  backupFolder: string | null;
  [k: string]: unknown;
}

export interface StaffMember { name: string; department: string; role: string; active?: boolean }

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
