/** A case as the national system would export it on a given day. */
import type { PersonRecord } from '../../core/domain';
import type { FullCase, PersonState } from './build';
import type { CaseBundle } from './types';

interface Meta {
  full: FullCase;
  asOf: string;
}
const META = new WeakMap<CaseBundle, Meta>();

function stateOn(states: PersonState[] | undefined, date: string): PersonState | null {
  if (!states || !states.length) return null;
  let cur = states[0];
  for (const s of states) if (s.from == null || s.from <= date) cur = s;
  return cur;
}

/** The case row as exported on `date`: a conclusion after that day is not there yet. */
function caseOn(c: CaseBundle['case'], date: string): CaseBundle['case'] {
  const kase = { ...c };
  if (kase.concludedOn && kase.concludedOn > date) {
    kase.status = '在办';
    kase.concludedOn = null;
    kase.conclusion = null;
  }
  return kase;
}

/** The full history cut at `date` (null when the case was received after it). */
export function cut(full: FullCase, date: string, asOf: string): CaseBundle | null {
  const c = full.case;
  if (c.receivedOn > date) return null;
  const kase = caseOn(c, date);
  const persons = full.persons.map((p) => personOn(p, full.states.get(p.personNo), date));
  const bundle: CaseBundle = {
    case: kase,
    persons,
    events: full.events.filter((e) => e.on <= date).map((e) => ({ ...e })),
    documents: full.documents.filter((d) => d.issuedOn <= date).map((d) => ({ ...d })),
    planted: full.planted.filter((x) => x.from <= date).map((x) => ({ ...x.p })),
  };
  META.set(bundle, { full, asOf });
  return bundle;
}

function personOn(p: PersonRecord, states: PersonState[] | undefined, date: string): PersonRecord {
  const q = { ...p };
  if (q.decidedOn && q.decidedOn > date) {
    q.decision = null;
    q.decidedOn = null;
    q.decisionReason = null;
    q.sentencing = '无';
  }
  if (q.pleaSignedOn && q.pleaSignedOn > date) q.pleaSignedOn = null;
  if (q.judgedOn && q.judgedOn > date) {
    q.judgedOn = null;
    q.sentencingAdopted = null;
    q.appealed = false;
  }
  if (q.decision == null && p.decision != null) q.sentencing = '无';
  const s = stateOn(states, date);
  if (s) {
    q.custody = s.custody;
    q.measure = s.measure;
    q.measureFrom = s.measureFrom;
  }
  return q;
}

/**
 * The same case as exported on an earlier `date`: null when received after it; events and documents
 * dated after it removed; decisions, plea signatures, judgments and the conclusion after it cleared
 * (status 在办 when not yet concluded); custody and measures as they were; `planted` holds the planted
 * problems that already show on that date. A date after the bundle's own asOf is treated as its asOf.
 */
export function snapshotAsOf(bundle: CaseBundle, date: string): CaseBundle | null {
  const meta = META.get(bundle);
  if (meta) return cut(meta.full, date < meta.asOf ? date : meta.asOf, meta.asOf);
  // a bundle that did not come from the generator (e.g. read back from JSON): best effort
  const c = bundle.case;
  if (c.receivedOn > date) return null;
  const kase = caseOn(c, date);
  const persons = bundle.persons.map((p) => {
    const q = personOn(p, undefined, date);
    if (q.measureFrom && q.measureFrom > date) {
      // the measure taken at the decision: before it the person arrived as most do
      if (c.category === '审查逮捕')
        Object.assign(q, { custody: '在押', measure: '刑事拘留', measureFrom: c.receivedOn });
      else Object.assign(q, { custody: '未羁押', measure: '取保候审', measureFrom: c.receivedOn });
    } else if (p.decision === '不起诉' && q.decision == null && p.measure === '无') {
      Object.assign(q, { custody: '未羁押', measure: '取保候审', measureFrom: c.receivedOn });
    }
    return q;
  });
  return {
    case: kase,
    persons,
    events: bundle.events.filter((e) => e.on <= date).map((e) => ({ ...e })),
    documents: bundle.documents.filter((d) => d.issuedOn <= date).map((d) => ({ ...d })),
    planted: bundle.planted.map((p) => ({ ...p })),
  };
}
