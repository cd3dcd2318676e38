/**
 * The warning-window edges of every deadline rule (rules.md: a warning while 0 ≤ daysLeft ≤ window, a finding
 * once the deadline has passed unmet): the day before the window opens, its first day, its last day before the
 * due day, the due day, and the day after. Every due date here is worked out by hand and is a working day, so
 * a one-day change of any rule's period, window or roll fails here.
 */
import { describe, expect, it } from 'vitest';
import { tmpStore } from '../helpers/tmp';
import { addCase, evaluate, type CaseInput } from './builder';
import { addDays } from '../../core/dates';
import { DEFAULT_SETTINGS } from '../../core/settings';

interface Edge {
  rule: string;
  case: CaseInput;
  due: string;
  window: number;
  /** What the day after the due day gives (DL-PROTEST: nothing while no protest is lodged). */
  after: 'finding' | 'nothing';
}

const EDGES: Edge[] = [
  {
    // 2026-03-02 (Mon) + 15 days = 03-17 (Tue), not detained: rolled, already a working day.
    rule: 'DL-ARREST',
    case: { category: '审查逮捕', receivedOn: '2026-03-02', persons: [{ custody: '未羁押' }] },
    due: '2026-03-17',
    window: 2,
    after: 'finding',
  },
  {
    // 2026-03-02 + 1 month = 04-02 (Thu), on bail.
    rule: 'DL-PROS',
    case: { category: '审查起诉', receivedOn: '2026-03-02', persons: [{ custody: '未羁押' }] },
    due: '2026-04-02',
    window: 5,
    after: 'finding',
  },
  {
    // 退回补充侦查 2026-03-10 + 1 month = 04-10 (Fri), not re-sent.
    rule: 'DL-SUPP',
    case: {
      category: '审查起诉',
      receivedOn: '2026-03-02',
      events: [{ kind: '退回补充侦查', on: '2026-03-10' }],
    },
    due: '2026-04-10',
    window: 5,
    after: 'finding',
  },
  {
    // 收到判决书 2026-03-10 + 10 days = 03-20 (Fri); no protest lodged: warnings only.
    rule: 'DL-PROTEST',
    case: {
      category: '审查起诉',
      receivedOn: '2026-01-05',
      status: '办结',
      concludedOn: '2026-02-02',
      conclusion: '提起公诉',
      persons: [{ decision: '起诉', decidedOn: '2026-02-02' }],
      events: [{ kind: '收到判决书', on: '2026-03-10' }],
    },
    due: '2026-03-20',
    window: 3,
    after: 'nothing',
  },
  {
    // 刑事申诉 2026-03-02 + 3 months = 06-02 (Tue).
    rule: 'DL-OTHER',
    case: { category: '刑事申诉', receivedOn: '2026-03-02' },
    due: '2026-06-02',
    window: 10,
    after: 'finding',
  },
  {
    // 取保候审 from 2025-06-10 + 12 months = 2026-06-10, never rolled.
    rule: 'CM-BAIL',
    case: { receivedOn: '2026-03-02', persons: [{ measure: '取保候审', measureFrom: '2025-06-10' }] },
    due: '2026-06-10',
    window: 15,
    after: 'finding',
  },
  {
    // 监视居住 from 2025-12-10 + 6 months = 2026-06-10, never rolled.
    rule: 'CM-RSL',
    case: { receivedOn: '2026-03-02', persons: [{ measure: '监视居住', measureFrom: '2025-12-10' }] },
    due: '2026-06-10',
    window: 15,
    after: 'finding',
  },
];

describe('warning windows: every deadline rule at the edges of its window', () => {
  it('covers every rule that has a window, with the default window', () => {
    expect(EDGES.map((e) => e.rule).sort()).toEqual(Object.keys(DEFAULT_SETTINGS.warningWindows).sort());
    for (const e of EDGES) expect(DEFAULT_SETTINGS.warningWindows[e.rule], e.rule).toBe(e.window);
  });

  for (const e of EDGES) {
    it(`${e.rule}: due ${e.due}, window ${e.window}`, () => {
      const { db } = tmpStore();
      addCase(db, e.case);
      const at = (d: string) => evaluate(db, d, e.rule);
      const before = addDays(e.due, -e.window - 1);
      expect(at(before), `${before}: the day before the window`).toEqual({
        findings: [],
        warnings: [],
        failedRules: [],
      });
      for (const left of [e.window, 1, 0]) {
        const d = addDays(e.due, -left);
        const r = at(d);
        expect(r.findings, `${d}: no finding inside the window`).toEqual([]);
        expect(
          r.warnings.map((w) => [w.dueOn, w.daysLeft]),
          `${d}: a warning, ${left} days left`,
        ).toEqual([[e.due, left]]);
      }
      const after = addDays(e.due, 1);
      const r = at(after);
      expect(r.warnings, `${after}: no warning after the due day`).toEqual([]);
      if (e.after === 'finding')
        expect(
          r.findings.map((f) => [f.dueOn, f.daysLeft]),
          `${after}: a finding, 1 day overdue`,
        ).toEqual([[e.due, -1]]);
      else expect(r.findings).toEqual([]);
    });
  }

  it('DL-PROTEST: a protest lodged the day after the due day is late by one day; on the due day it is in time', () => {
    const base = EDGES.find((x) => x.rule === 'DL-PROTEST')!.case;
    const withProtest = (on: string): CaseInput => ({
      ...base,
      events: [...base.events!, { kind: '提出抗诉', on }],
    });
    const a = tmpStore();
    addCase(a.db, withProtest('2026-03-20'));
    expect(evaluate(a.db, '2026-04-01', 'DL-PROTEST').findings).toEqual([]);
    const b = tmpStore();
    addCase(b.db, withProtest('2026-03-21'));
    expect(evaluate(b.db, '2026-04-01', 'DL-PROTEST').findings.map((f) => [f.kind, f.dueOn, f.daysLeft])).toEqual([
      ['抗诉超期', '2026-03-20', -1],
    ]);
  });
});
