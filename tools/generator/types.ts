/** Public types of the synthetic-data generator (others code against these names). */
import type { CaseRecord, DocumentRecord, EventRecord, PersonRecord } from '../../core/domain';

export interface GenOptions {
  cases: number;
  seed: number;
  /** YYYY-MM-DD: the data is as the national system would export it on that day. */
  asOf: string;
  officeName?: string;
  officeShortName?: string;
  countyCode?: string;
  /** Share of cases with a planted problem; default 0.08. */
  problemRate?: number;
}

/** A problem deliberately introduced, with the rule id of rules.md it violates at asOf. */
export interface Planted {
  ruleId: string;
  caseNo: string;
  personNo: string | null;
  note: string;
}

export interface CaseBundle {
  case: CaseRecord;
  persons: PersonRecord[];
  events: EventRecord[];
  documents: DocumentRecord[];
  planted: Planted[];
}
