/** Runs the rules of core/rules directly on generated bundles (no store), for tests of the generator. */
import { builtInCalendar } from '../../core/calendar';
import { RULES } from '../../core/rules/registry';
import type { CaseBundle as RuleCase, RuleEnv } from '../../core/rules/types';
import { DEFAULT_SETTINGS } from '../../core/settings';
import type { CaseBundle } from '../../tools/generator';

const cal = builtInCalendar();

/** `dataDate`: the day the bundle was exported (the data date of every row). */
export function toRuleCase(b: CaseBundle, id = 0, dataDate: string | null = null): RuleCase {
  const c = b.case;
  return {
    id,
    caseNo: c.caseNo,
    title: c.title,
    category: c.category,
    cause: c.cause,
    department: c.department,
    prosecutor: c.prosecutor,
    agency: c.agency,
    receivedOn: c.receivedOn,
    complex: c.complex,
    hasVictim: c.hasVictim,
    procedure: c.procedure,
    status: c.status,
    concludedOn: c.concludedOn,
    conclusion: c.conclusion,
    note: c.note,
    persons: b.persons.map((p) => ({
      personNo: p.personNo,
      name: p.name,
      gender: p.gender,
      birthDate: p.birthDate,
      custody: p.custody,
      measure: p.measure,
      measureFrom: p.measureFrom,
      hasCounsel: p.hasCounsel,
      plea: p.plea,
      pleaSignedOn: p.pleaSignedOn,
      decision: p.decision,
      decidedOn: p.decidedOn,
      decisionReason: p.decisionReason,
      sentencing: p.sentencing,
      sentencingAdopted: p.sentencingAdopted,
      judgedOn: p.judgedOn,
      appealed: p.appealed,
    })),
    events: b.events
      .map((e, i) => ({ seq: i, kind: e.kind, on: e.on, personNo: e.personNo, note: e.note }))
      .sort((x, y) => (x.on < y.on ? -1 : x.on > y.on ? 1 : x.seq - y.seq)),
    documents: b.documents.map((d, i) => ({
      seq: i,
      name: d.name,
      number: d.number,
      issuedOn: d.issuedOn,
      personNo: d.personNo,
    })),
    dataDates: { case: dataDate, persons: dataDate, events: dataDate, documents: dataDate },
    beyondDataDate: { persons: [], events: [], documents: [] },
  };
}

export interface Found {
  ruleId: string;
  caseNo: string;
  personNo: string | null;
  message: string;
}

export function findingsOf(b: CaseBundle, asOf: string): Found[] {
  const rc = toRuleCase(b, 0, asOf);
  const env: RuleEnv = {
    asOf,
    cal,
    settings: DEFAULT_SETTINGS,
    window: (id) => DEFAULT_SETTINGS.warningWindows[id] ?? null,
  };
  const out: Found[] = [];
  for (const r of RULES) {
    if (!r.evaluate) continue;
    r.evaluate(rc, env, {
      finding: (d) => out.push({ ruleId: r.id, caseNo: b.case.caseNo, personNo: d.personNo, message: d.message }),
      warning: () => {},
    });
  }
  return out;
}

/** Differences between the (ruleId, caseNo) pairs found and planted. */
export function compare(
  bundles: Iterable<CaseBundle>,
  asOf: string,
): { unexpected: Found[]; missed: { ruleId: string; caseNo: string; note: string }[]; planted: number } {
  const unexpected: Found[] = [];
  const missed: { ruleId: string; caseNo: string; note: string }[] = [];
  let planted = 0;
  for (const b of bundles) {
    const found = findingsOf(b, asOf);
    const f = new Set(found.map((x) => x.ruleId));
    const p = new Set(b.planted.map((x) => x.ruleId));
    planted += b.planted.length;
    for (const x of found) if (!p.has(x.ruleId)) unexpected.push(x);
    for (const x of b.planted) if (!f.has(x.ruleId)) missed.push({ ruleId: x.ruleId, caseNo: x.caseNo, note: x.note });
  }
  return { unexpected, missed, planted };
}
