/**
 * The as-of view is one definition (db/queries/asof.ts) in two forms: the bundles the rules read and the SQL the
 * metrics read. Both must show the same office on every day, and each must cut exactly what rules.md says.
 */
import { describe, expect, it } from 'vitest';
import { tmpStore } from '../helpers/tmp';
import { addCase } from '../rules/builder';
import { loadCaseBundles } from '../../db/queries/audit';
import { asOfWith } from '../../db/queries/asof';
import { prosecutorFigures } from '../../core/metrics';
import type { Db } from '../../db/store';

function office(db: Db): void {
  // Concluded on 10-20: decision, plea signature, judgment and a measure all after the month end.
  addCase(db, {
    caseNo: 'C1',
    receivedOn: '2026-09-20',
    status: '办结',
    concludedOn: '2026-10-20',
    conclusion: '提起公诉',
    persons: [
      {
        custody: '在押',
        measure: '逮捕',
        measureFrom: '2026-10-05',
        plea: true,
        pleaSignedOn: '2026-10-08',
        decision: '起诉',
        decidedOn: '2026-10-20',
        sentencing: '确定刑',
        sentencingAdopted: true,
        judgedOn: '2026-11-10',
      },
    ],
    events: [
      { kind: '告知犯罪嫌疑人诉讼权利', on: '2026-09-20' },
      { kind: '延长审查起诉期限', on: '2026-10-12' },
    ],
    documents: [{ name: '起诉书', issuedOn: '2026-10-20' }],
    takenOn: '2026-11-12',
  });
  // Received after the month end.
  addCase(db, { caseNo: 'C2', receivedOn: '2026-10-03', takenOn: '2026-11-12' });
  // Nothing after the month end.
  addCase(db, {
    caseNo: 'C3',
    receivedOn: '2026-08-01',
    status: '办结',
    concludedOn: '2026-09-10',
    conclusion: '不起诉',
    persons: [{ decision: '不起诉', decidedOn: '2026-09-10' }],
    events: [{ kind: '退回补充侦查', on: '2026-08-20' }],
    takenOn: '2026-11-12',
  });
  db.prepare(`UPDATE persons SET decision_reason = '相对不起诉', appealed = 0 WHERE decision = '不起诉'`).run();
  db.prepare(`UPDATE persons SET appealed = 1 WHERE judged_on IS NOT NULL`).run();
}

/** The office on `day` as the metrics' SQL sees it. */
function sqlView(db: Db, day: string) {
  const cases = db
    .prepare(`${asOfWith(db)} SELECT id, case_no, status, concluded_on, conclusion FROM cases ORDER BY id`)
    .all({ end: day }) as Record<string, unknown>[];
  const persons = db
    .prepare(
      `${asOfWith(db)} SELECT p.case_id, p.decision, p.decided_on, p.decision_reason, p.plea_signed_on, p.judged_on,
              p.sentencing_adopted, p.appealed, p.measure, p.measure_from
       FROM persons p JOIN cases c ON c.id = p.case_id ORDER BY p.id`,
    )
    .all({ end: day }) as Record<string, unknown>[];
  const events = db.prepare(`${asOfWith(db)} SELECT case_id, kind, on_date FROM events ORDER BY id`).all({ end: day });
  const documents = db.prepare(`${asOfWith(db)} SELECT case_id, name FROM documents ORDER BY id`).all({ end: day });
  return { cases, persons, events, documents };
}

/** The office on `day` as the rules see it, in the same shape. */
function bundleView(db: Db, day: string) {
  const bundles = [...loadCaseBundles(db, day)];
  return {
    cases: bundles.map((c) => ({
      id: c.id,
      case_no: c.caseNo,
      status: c.status,
      concluded_on: c.concludedOn,
      conclusion: c.conclusion,
    })),
    persons: bundles.flatMap((c) =>
      c.persons.map((p) => ({
        case_id: c.id,
        decision: p.decision,
        decided_on: p.decidedOn,
        plea_signed_on: p.pleaSignedOn,
        judged_on: p.judgedOn,
        sentencing_adopted: p.sentencingAdopted == null ? null : p.sentencingAdopted ? 1 : 0,
        measure: p.measure,
        measure_from: p.measureFrom,
      })),
    ),
    events: bundles.flatMap((c) => c.events.map((e) => ({ case_id: c.id, kind: e.kind, on_date: e.on }))),
    documents: bundles.flatMap((c) => c.documents.map((d) => ({ case_id: c.id, name: d.name }))),
  };
}

describe('the as-of view', () => {
  it('cuts what rules.md says on the month end: later cases absent, later facts not happened, the rest as it stands', () => {
    const { db } = tmpStore();
    office(db);
    const v = sqlView(db, '2026-09-30');
    expect(v.cases.map((c) => c.case_no)).toEqual(['C1', 'C3']);
    expect(v.cases[0]).toMatchObject({ status: '在办', concluded_on: null, conclusion: null });
    expect(v.persons[0]).toEqual({
      case_id: v.cases[0].id,
      decision: null,
      decided_on: null,
      decision_reason: null,
      plea_signed_on: null,
      judged_on: null,
      sentencing_adopted: null,
      appealed: 0,
      measure: '无',
      measure_from: null,
    });
    // C3 had everything by then.
    expect(v.persons[1]).toMatchObject({ decision: '不起诉', decided_on: '2026-09-10', decision_reason: '相对不起诉' });
    expect(v.events.map((e) => (e as { kind: string }).kind)).toEqual(['告知犯罪嫌疑人诉讼权利', '退回补充侦查']);
    expect(v.documents).toEqual([]);
  });

  it('the rules and the metrics see the same office on every day', () => {
    const { db } = tmpStore();
    office(db);
    for (const day of [
      '2026-08-15',
      '2026-09-30',
      '2026-10-05',
      '2026-10-12',
      '2026-10-20',
      '2026-11-10',
      '2026-11-30',
    ]) {
      const sql = sqlView(db, day);
      const bundles = bundleView(db, day);
      expect(bundles.cases, day).toEqual(sql.cases);
      expect(bundles.persons, day).toEqual(sql.persons.map(({ decision_reason: _r, appealed: _a, ...p }) => p));
      expect(bundles.events, day).toEqual(sql.events);
      expect(bundles.documents, day).toEqual(sql.documents);
    }
  });

  it("a month's figures count nothing that happened after it", () => {
    const { db } = tmpStore();
    office(db);
    addCase(db, {
      caseNo: 'C4',
      receivedOn: '2026-10-01',
      status: '办结',
      concludedOn: '2026-10-28',
      conclusion: '提起公诉',
      persons: [{ decision: '起诉', decidedOn: '2026-10-28' }],
      // recorded after the conclusion, dated in November: not an October fact
      events: [{ kind: '延长审查起诉期限', on: '2026-11-03' }],
      takenOn: '2026-11-12',
    });
    const oct = prosecutorFigures(db, '2026-10').totals;
    // C1 (extended 10-12) and C4 concluded in October; only C1 was extended by the end of October.
    expect(oct.concluded).toBe(2);
    expect(oct.extensionRate).toBe(0.5);
  });
});
