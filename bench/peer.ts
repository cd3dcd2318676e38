/**
 * The peer: the deadline rules DL-ARREST, DL-PROS and RT-SUSPECT (rules.md), findings and warnings,
 * written the way a team reaching for the popular generic engine `json-rules-engine` would: the period
 * arithmetic in fact code (JSON conditions cannot count periods; it uses the product's own calendar),
 * the decisions as JSON rules, and `engine.run(facts)` per person (DL-ARREST, RT-SUSPECT) and per case
 * (DL-PROS). It reads the same store; its finding and warning counts are checked against the audit's
 * for the same three rules (bench/run.ts prints both), so the two do the same work for these rules.
 */
import { Engine, type RuleProperties } from 'json-rules-engine';
import type { Db } from '../db/store';
import { peerCases, type PeerCase } from '../db/queries/bench';
import { loadCalendar, type Calendar } from '../core/calendar';
import { diffDays } from '../core/dates';
import { getSettings } from '../core/settings';

export const PEER_RULES = ['DL-ARREST', 'DL-PROS', 'RT-SUSPECT'] as const;

const rule = (
  name: string,
  ruleId: string,
  type: 'finding' | 'warning',
  all: object[],
  kind?: string,
): RuleProperties => ({
  name,
  conditions: { all } as unknown as RuleProperties['conditions'],
  event: { type, params: { ruleId, kind } },
});

function personRules(windowArrest: number | null): RuleProperties[] {
  const arrest = { fact: 'category', operator: 'equal', value: '审查逮捕' };
  const pros = { fact: 'category', operator: 'equal', value: '审查起诉' };
  const rules = [
    rule(
      'DL-ARREST open',
      'DL-ARREST',
      'finding',
      [
        arrest,
        { fact: 'arrestMet', operator: 'equal', value: false },
        { fact: 'arrestDaysLeft', operator: 'lessThan', value: 0 },
      ],
      '超期未结',
    ),
    rule(
      'DL-ARREST late',
      'DL-ARREST',
      'finding',
      [
        arrest,
        { fact: 'arrestMet', operator: 'equal', value: true },
        { fact: 'arrestDecidedLate', operator: 'equal', value: true },
      ],
      '超期办结',
    ),
    rule(
      'RT-SUSPECT none',
      'RT-SUSPECT',
      'finding',
      [
        pros,
        { fact: 'rightsNoticeOn', operator: 'equal', value: null },
        { fact: 'rightsDaysLeft', operator: 'lessThan', value: 0 },
      ],
      '未告知',
    ),
    rule(
      'RT-SUSPECT late',
      'RT-SUSPECT',
      'finding',
      [pros, { fact: 'rightsNoticeLate', operator: 'equal', value: true }],
      '告知超期',
    ),
  ];
  if (windowArrest != null) {
    rules.push(
      rule('DL-ARREST warning', 'DL-ARREST', 'warning', [
        arrest,
        { fact: 'arrestMet', operator: 'equal', value: false },
        { fact: 'arrestDaysLeft', operator: 'greaterThanInclusive', value: 0 },
        { fact: 'arrestDaysLeft', operator: 'lessThanInclusive', value: windowArrest },
      ]),
    );
  }
  return rules;
}

function caseRules(windowPros: number | null): RuleProperties[] {
  const pros = [
    { fact: 'category', operator: 'equal', value: '审查起诉' },
    { fact: 'prosHasDeadline', operator: 'equal', value: true },
  ];
  const rules = [
    rule(
      'DL-PROS open',
      'DL-PROS',
      'finding',
      [
        ...pros,
        { fact: 'concluded', operator: 'equal', value: false },
        { fact: 'prosDaysLeft', operator: 'lessThan', value: 0 },
      ],
      '超期未结',
    ),
    rule(
      'DL-PROS late',
      'DL-PROS',
      'finding',
      [
        ...pros,
        { fact: 'concluded', operator: 'equal', value: true },
        { fact: 'prosConcludedLate', operator: 'equal', value: true },
      ],
      '超期办结',
    ),
  ];
  if (windowPros != null) {
    rules.push(
      rule('DL-PROS warning', 'DL-PROS', 'warning', [
        ...pros,
        { fact: 'concluded', operator: 'equal', value: false },
        { fact: 'prosDaysLeft', operator: 'greaterThanInclusive', value: 0 },
        { fact: 'prosDaysLeft', operator: 'lessThanInclusive', value: windowPros },
      ]),
    );
  }
  return rules;
}

type P = PeerCase['persons'][number];

/** Per-person facts: DL-ARREST's period and RT-SUSPECT's notice duty. */
function personFacts(c: PeerCase, p: P, cal: Calendar, asOf: string): Record<string, unknown> {
  const f: Record<string, unknown> = { category: c.category };
  if (c.category === '审查逮捕') {
    // In custody during the review: 在押, unless a measure that began on/after 受理日期 is the decision's consequence.
    const custody =
      p.custody === '在押' && !(p.decision != null && p.measureFrom != null && p.measureFrom >= c.receivedOn);
    const due = cal.dueAfterDays(c.receivedOn, custody ? 7 : c.complex ? 20 : 15, { roll: !custody });
    const met = p.decision != null || c.status === '办结';
    const decided = (p.decision != null ? p.decidedOn : null) ?? c.concludedOn;
    f.arrestMet = met;
    f.arrestDecidedLate = met && decided != null && decided > due;
    f.arrestDaysLeft = diffDays(due, asOf);
  } else {
    const due = cal.dueAfterDays(c.receivedOn, 3, { roll: true });
    const notice = c.events.find(
      (e) => e.kind === '告知犯罪嫌疑人诉讼权利' && (e.personNo == null || e.personNo === p.personNo),
    );
    f.rightsNoticeOn = notice?.on ?? null;
    f.rightsNoticeLate = notice ? notice.on > due : false;
    f.rightsDaysLeft = diffDays(due, asOf);
  }
  return f;
}

/** Per-case facts: DL-PROS's due date (start, extension, suspensions, pending returns, custody roll). */
function caseFacts(c: PeerCase, cal: Calendar, asOf: string): Record<string, unknown> {
  let start = c.receivedOn;
  let lastReturn = -1,
    lastResend = -1,
    lastSuspend = -1,
    lastResume = -1;
  c.events.forEach((e, i) => {
    if (e.kind === '退回补充侦查') lastReturn = i;
    else if (e.kind === '补充侦查重新移送') {
      lastResend = i;
      if (e.on > start) start = e.on;
    } else if (e.kind === '改变管辖') {
      if (e.on > start) start = e.on;
    } else if (e.kind === '中止审查') lastSuspend = i;
    else if (e.kind === '恢复审查') lastResume = i;
  });
  const concluded = c.status === '办结';
  if (lastReturn > lastResend || lastSuspend > lastResume)
    return { category: c.category, prosHasDeadline: false, concluded };
  const roll = !c.persons.some((x) => x.custody === '在押');
  let raw =
    c.procedure === '速裁程序'
      ? cal.dueAfterDays(start, 10, { roll: false })
      : cal.dueAfterMonths(start, 1, { roll: false });
  if (c.procedure !== '速裁程序' && c.events.some((e) => e.kind === '延长审查起诉期限' && e.on > start))
    raw = cal.dueAfterDays(raw, 15, { roll: false });
  let suspended = 0;
  for (let i = 0; i < c.events.length; i++) {
    const e = c.events[i];
    if (e.kind !== '中止审查' || e.on <= start) continue;
    let j = i + 1;
    while (j < c.events.length && c.events[j].kind !== '恢复审查') j++;
    if (j >= c.events.length) break;
    suspended += diffDays(c.events[j].on, e.on);
    i = j;
  }
  const due = cal.dueAfterDays(raw, suspended, { roll });
  return {
    category: c.category,
    prosHasDeadline: true,
    concluded,
    prosConcludedLate: concluded && c.concludedOn != null && c.concludedOn > due,
    prosDaysLeft: diffDays(due, asOf),
  };
}

export interface PeerResult {
  cases: number;
  persons: number;
  engineRuns: number;
  findings: Record<string, number>;
  warnings: Record<string, number>;
}

/** Evaluates the three rules with json-rules-engine over every criminal review case of the store. */
export async function runPeer(db: Db, asOf: string): Promise<PeerResult> {
  const cal = loadCalendar(db);
  const windows = getSettings(db).warningWindows;
  const personEngine = new Engine(personRules(windows['DL-ARREST'] ?? null), { allowUndefinedFacts: true });
  const caseEngine = new Engine(caseRules(windows['DL-PROS'] ?? null), { allowUndefinedFacts: true });
  const out: PeerResult = { cases: 0, persons: 0, engineRuns: 0, findings: {}, warnings: {} };
  for (const id of PEER_RULES) {
    out.findings[id] = 0;
    out.warnings[id] = 0;
  }
  const tally = (events: { type: string; params?: Record<string, unknown> }[]) => {
    for (const e of events) (e.type === 'warning' ? out.warnings : out.findings)[e.params!.ruleId as string]++;
  };
  for (const c of peerCases(db)) {
    out.cases++;
    for (const p of c.persons) {
      out.persons++;
      out.engineRuns++;
      tally((await personEngine.run(personFacts(c, p, cal, asOf))).events);
    }
    if (c.category === '审查起诉') {
      out.engineRuns++;
      tally((await caseEngine.run(caseFacts(c, cal, asOf))).events);
    }
  }
  return out;
}
