/**
 * Which audit moves the findings' lifecycle (rules.md "The audit as of a date"): the audit with the latest
 * date so far. An audit for an earlier date reports as of its date and keeps that in its run; it adds a finding
 * no audit had seen (first seen = its date, closed as of the first later audit that did not find it), moves
 * first seen back, and reopens, rectifies or closes nothing a later audit judged.
 */
import { describe, expect, it } from 'vitest';
import { tmpStore } from '../helpers/tmp';
import { addCase, type CaseInput } from '../rules/builder';
import { runAudit } from '../../core/jobs/audit';
import { RULES } from '../../core/rules/registry';
import { auditRunReport, changeFindingStatus, getFinding, listFindings, listWarnings } from '../../core/findings';
import { monitoringFigures } from '../../core/metrics';
import type { Db } from '../../db/store';

const RULE_IDS = ['DOC-INDICT', 'DQ-CAUSE'];
const rules = RULES.filter((r) => RULE_IDS.includes(r.id));

/** A 审查起诉 case decided 起诉 on `decidedOn` (办结 that day), with or without its 起诉书. */
const decided = (caseNo: string, decidedOn: string, indictmentOn: string | null): CaseInput => ({
  caseNo,
  receivedOn: '2026-08-03',
  status: '办结',
  concludedOn: decidedOn,
  conclusion: '提起公诉',
  persons: [{ decision: '起诉', decidedOn }],
  documents: indictmentOn ? [{ name: '起诉书', issuedOn: indictmentOn }] : [],
});
const open = (caseNo: string, receivedOn: string, cause: string | null): CaseInput => ({
  caseNo,
  receivedOn,
  cause,
  procedure: null,
  events: [],
  persons: [{ custody: '未羁押' }],
});

function finding(db: Db, ruleId: string, caseNo: string) {
  const f = listFindings(db, { ruleId, caseNo }).findings[0];
  return f ? getFinding(db, f.id)! : undefined;
}

describe('an audit for an earlier date leaves the current state of findings alone', () => {
  it('reports as of its date in its run; first seen moves back; unseen findings arrive closed; later judgments stand', () => {
    const { db, ctx } = tmpStore();
    // The store as exported on 2026-09-28.
    addCase(db, decided('K1', '2026-09-20', null)); // 起诉书 missing: DOC-INDICT from 09-24
    addCase(db, open('K2', '2026-08-01', null)); // no 案由: DQ-CAUSE
    addCase(db, open('K6', '2026-08-01', null)); // no 案由 until a later export
    const a1 = runAudit(ctx, { asOf: '2026-09-28', rules });
    expect(a1.lifecycle).toBe(true);
    const k1 = finding(db, 'DOC-INDICT', 'K1')!;
    changeFindingStatus(ctx, k1.id, { action: 'remind', onDate: '2026-09-29' });

    // The export of 2026-10-14: K1's 起诉书 was signed on 10-10; K3 received 09-29 and K5 decided 09-24 (its
    // 起诉书 signed 10-01) appear; K6 got its 案由.
    addCase(db, decided('K1', '2026-09-20', '2026-10-10'));
    addCase(db, open('K3', '2026-09-29', null));
    addCase(db, decided('K5', '2026-09-24', '2026-10-01'));
    addCase(db, open('K6', '2026-08-01', '盗窃罪'));
    const today = runAudit(ctx, { asOf: '2026-10-15', rules });
    expect(today.lifecycle).toBe(true);
    const k2 = finding(db, 'DQ-CAUSE', 'K2')!;
    changeFindingStatus(ctx, k2.id, { action: 'remind', onDate: '2026-10-16' });
    const warningsBefore = listWarnings(db);
    const before = {
      K1: finding(db, 'DOC-INDICT', 'K1')!,
      K2: finding(db, 'DQ-CAUSE', 'K2')!,
      K3: finding(db, 'DQ-CAUSE', 'K3')!,
      K6: finding(db, 'DQ-CAUSE', 'K6')!,
    };
    expect(before.K1).toMatchObject({ status: '已整改', rectifiedOn: '2026-10-15', firstSeen: '2026-09-28' });
    expect(before.K2).toMatchObject({ status: '已提示', firstSeen: '2026-09-28' });
    expect(before.K3).toMatchObject({ status: '待处理', firstSeen: '2026-10-15' });
    expect(before.K6).toMatchObject({ status: '已整改', rectifiedOn: '2026-10-15', lastSeen: '2026-09-28' });
    expect(finding(db, 'DOC-INDICT', 'K5')).toBeUndefined();

    // September's inspection runs now: the audit as of 09-30.
    const past = runAudit(ctx, { asOf: '2026-09-30', rules });
    expect(past.lifecycle).toBe(false);

    // What it reports: the office as it stood on 09-30, with the statuses of that day.
    const report = auditRunReport(db, past.runId);
    expect(report.findings.map((f) => [f.ruleId, f.caseNo, f.status]).sort()).toEqual(
      [
        ['DOC-INDICT', 'K1', '已提示'], // reminded 09-29; the 10-10 起诉书 did not exist yet
        ['DOC-INDICT', 'K5', '待处理'], // decided 09-24, 起诉书 only on 10-01
        ['DQ-CAUSE', 'K2', '待处理'], // reminded only on 10-16
        ['DQ-CAUSE', 'K3', '待处理'], // received 09-29
      ].sort(),
    );

    // Current statuses: untouched.
    const K1 = finding(db, 'DOC-INDICT', 'K1')!;
    expect(K1).toMatchObject({
      status: '已整改',
      rectifiedOn: '2026-10-15',
      firstSeen: '2026-09-28',
      lastSeen: '2026-09-30',
    });
    expect(finding(db, 'DQ-CAUSE', 'K2')).toMatchObject({ status: '已提示', statusOn: '2026-10-16' });
    // First seen moves back to the earlier audit that found it, and so does its 'detect' entry.
    const K3 = finding(db, 'DQ-CAUSE', 'K3')!;
    expect(K3).toMatchObject({ status: '待处理', firstSeen: '2026-09-30', lastSeen: '2026-10-15' });
    expect(K3.history.find((h) => h.action === 'detect')!.onDate).toBe('2026-09-30');
    expect(past.counts.firstSeenMoved).toBe(1);
    // A finding no audit had seen: first seen 09-30, closed as of 10-15 (the later audit did not find it).
    const K5 = finding(db, 'DOC-INDICT', 'K5')!;
    expect(K5).toMatchObject({ status: '已整改', firstSeen: '2026-09-30', rectifiedOn: '2026-10-15' });
    expect(K5.history.map((h) => [h.action, h.onDate, h.to])).toEqual([
      ['detect', '2026-09-30', '待处理'],
      ['auto-rectify', '2026-10-15', '已整改'],
    ]);
    // Gone by 09-30 and not seen since: the later audit's rectification moves back to 09-30.
    const K6 = finding(db, 'DQ-CAUSE', 'K6')!;
    expect(K6).toMatchObject({ status: '已整改', rectifiedOn: '2026-09-30', lastSeen: '2026-09-28' });
    expect(K6.history.filter((h) => h.action === 'auto-rectify').map((h) => h.onDate)).toEqual(['2026-09-30']);
    // Nothing reopened, nothing closed: the statuses of every finding are those of before but K6's date.
    for (const [k, f] of Object.entries(before)) expect(finding(db, f.ruleId, k)!.status, k).toBe(f.status);
    // Today's warnings are still today's.
    expect(listWarnings(db)).toEqual(warningsBefore);

    // September's figures read that audit: open at 09-30 as it reported them, new in September by first seen.
    const sep = monitoringFigures(db, '2026-09');
    expect(sep.metrics.findingsOpen).toBe(4);
    expect(sep.metrics.findingsNew).toBe(5); // K1, K2, K6 (09-28), K3, K5 (09-30)
    expect(sep.metrics.findingsRectified).toBe(1); // K6 on 09-30
    const oct = monitoringFigures(db, '2026-10');
    expect(oct.metrics.findingsRectified).toBe(2); // K1 and K5 on 10-15
  });

  it('a re-run of the latest day still moves the lifecycle; an audit for a later day after it too', () => {
    const { db, ctx } = tmpStore();
    addCase(db, open('K2', '2026-08-01', null));
    expect(runAudit(ctx, { asOf: '2026-10-15', rules }).lifecycle).toBe(true);
    expect(runAudit(ctx, { asOf: '2026-10-15', rules }).lifecycle).toBe(true);
    expect(runAudit(ctx, { asOf: '2026-10-01', rules }).lifecycle).toBe(false);
    addCase(db, open('K2', '2026-08-01', '盗窃罪'));
    expect(runAudit(ctx, { asOf: '2026-10-02', rules }).lifecycle).toBe(false);
    expect(finding(db, 'DQ-CAUSE', 'K2')).toMatchObject({ status: '待处理' });
    const t = runAudit(ctx, { asOf: '2026-10-16', rules });
    expect(t.lifecycle).toBe(true);
    expect(finding(db, 'DQ-CAUSE', 'K2')).toMatchObject({ status: '已整改', rectifiedOn: '2026-10-16' });
  });

  it('a waiver is judged against the facts from its own day on: an audit of a day before it does not reopen it', () => {
    const { db, ctx } = tmpStore();
    addCase(db, decided('K1', '2026-09-20', null));
    runAudit(ctx, { asOf: '2026-09-28', rules });
    const f = finding(db, 'DOC-INDICT', 'K1')!;
    changeFindingStatus(ctx, f.id, { action: 'waive', reason: '文书已线下送达', onDate: '2026-10-02' });
    // The latest audited day is still 09-28: an audit of 10-01 moves the lifecycle but cannot judge a waiver of 10-02.
    const r = runAudit(ctx, { asOf: '2026-10-01', rules });
    expect(r.lifecycle).toBe(true);
    expect(finding(db, 'DOC-INDICT', 'K1')).toMatchObject({ status: '不予纠正' });
    expect(auditRunReport(db, r.runId).findings.map((x) => x.status)).toEqual(['待处理']);
  });
});
