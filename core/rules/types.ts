/** What a monitoring rule sees (one case with its children) and what it yields (findings, warnings). */
import type { Calendar } from '../calendar';
import type { Settings } from '../settings';

export type Severity = '轻微' | '较重' | '严重';
export type Area = '办案期限' | '强制措施' | '诉讼权利保障' | '法律文书' | '案卡填录' | '督查移送';

export interface PersonB {
  personNo: string;
  name: string;
  /** Read for custom rules only (as are decisionReason and appealed): empty in an audit without custom rules (db/queries/audit.ts BundleColumns). */
  gender: string | null;
  birthDate: string | null;
  custody: string;
  measure: string;
  measureFrom: string | null;
  hasCounsel: boolean;
  plea: boolean;
  pleaSignedOn: string | null;
  decision: string | null;
  decidedOn: string | null;
  decisionReason: string | null;
  sentencing: string;
  sentencingAdopted: boolean | null;
  judgedOn: string | null;
  appealed: boolean;
}

export interface EventB {
  seq: number;
  kind: string;
  on: string;
  personNo: string | null;
  /** Read for custom rules only: empty in an audit without custom rules. */
  note: string | null;
}
export interface DocumentB {
  seq: number;
  name: string;
  number: string;
  issuedOn: string;
  personNo: string | null;
}

/** Data dates (数据日期) of the exports a case's rows came from: its 案件 row and each kind of child rows. */
export interface DataDates {
  case: string | null;
  persons: string | null;
  events: string | null;
  documents: string | null;
}

/**
 * One case with its persons, events (sorted by date, then import order) and documents, as the office stood
 * on the audit's date (the as-of view, db/queries/asof.ts): later facts are not in it.
 */
export interface CaseBundle {
  id: number;
  caseNo: string;
  title: string;
  category: string;
  cause: string | null;
  department: string;
  prosecutor: string;
  /** Read for custom rules only (as is note): empty in an audit without custom rules (db/queries/audit.ts BundleColumns). */
  agency: string | null;
  receivedOn: string;
  complex: boolean;
  hasVictim: boolean;
  procedure: string | null;
  status: string;
  concludedOn: string | null;
  conclusion: string | null;
  note: string | null;
  persons: PersonB[];
  events: EventB[];
  documents: DocumentB[];
  /** The data date of each part (null: unknown, e.g. rows loaded without an import). */
  dataDates: DataDates;
  /**
   * Rows the as-of view removed although they are dated later than their own data date: not future facts
   * but data errors, which DQ-DATES and DOC-DATE report at any date. Persons are as stored (their 结论日期 is
   * kept). No other rule may read these.
   */
  beyondDataDate: { persons: PersonB[]; events: EventB[]; documents: DocumentB[] };
}

export interface Detection {
  ruleId: string;
  personNo: string | null;
  /** Event/document key when the rule is about one; '' otherwise. */
  subjectKey: string;
  kind: string;
  dueOn: string | null;
  /** due − the date it is measured against (as-of for open deadlines, the late act's date otherwise). */
  daysLeft: number | null;
  message: string;
  /** The field values behind the finding; hashed into its fingerprint. Must not contain the as-of date. */
  facts: unknown[];
}

export interface WarningOut {
  ruleId: string;
  personNo: string | null;
  subjectKey: string;
  dueOn: string;
  daysLeft: number;
  message: string;
}

export interface RuleEnv {
  asOf: string;
  cal: Calendar;
  settings: Settings;
  /** The rule's warning window (settings.warningWindows), or null when it has none. */
  window(ruleId: string): number | null;
}

export interface Emit {
  finding(d: Omit<Detection, 'ruleId'>): void;
  warning(w: Omit<WarningOut, 'ruleId'>): void;
}

export interface Rule {
  id: string;
  title: string;
  area: Area;
  severity: Severity;
  /** Legal basis, Chinese, citing the articles. */
  basis: string;
  /** True when the rule has a warning window (the window itself is a setting). */
  hasWindow: boolean;
  /** Absent for rules whose findings come from elsewhere (REF-INSPECTION). */
  evaluate?: (c: CaseBundle, env: RuleEnv, emit: Emit) => void;
}
