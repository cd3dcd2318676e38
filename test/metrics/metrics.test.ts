import { describe, expect, it } from 'vitest';
import { tmpStore } from '../helpers/tmp';
import { craftOctober } from './fixture';
import { isoWeekOf } from '../../core/dates';
import { listBehind, monitoringFigures, prosecutorFigures, PROSECUTOR_METRICS } from '../../core/metrics';

describe('metrics of a crafted month', () => {
  const { db } = tmpStore();
  craftOctober(db);
  const pf = prosecutorFigures(db, '2026-10');
  const row = (name: string) => pf.rows.find((r) => r.prosecutor === name)!.metrics;

  it('李检察: cases counted by their own dates, first and last day of the month included', () => {
    expect(row('李检察')).toMatchObject({
      carriedOver: 2,
      received: 3,
      concluded: 3,
      pending: 2,
      concludeRate: 0.6,
      avgDays: 14,
      lateConcluded: 1,
      arrestDecided: 2,
      arrested: 1,
      notArrested: 1,
      nonArrestRate: 0.5,
      prosDecided: 3,
      prosecuted: 3,
      notProsecuted: 0,
      nonProsRate: 0,
      returnRate: 0.5,
      extensionRate: 0.5,
      sentencingAdoptRate: 1,
      appealRate: 1,
      findingsNew: 2,
      findingsSerious: 1,
      noticesIssued: 1,
      findingsRectified: 1,
      findingsOpen: 3,
    });
    expect(row('李检察').pleaRate).toBeCloseTo(2 / 3, 12);
    expect(row('李检察').fixedSentencingRate).toBeCloseTo(2 / 3, 12);
    // 张三 and 王五 were held (逮捕, 在押) when decided; 赵六 was on bail: 2 of the 3 persons decided.
    expect(row('李检察').pretrialDetentionRate).toBeCloseTo(2 / 3, 12);
  });

  it('王检察: a person decided in October on a case received in September; null denominators', () => {
    expect(row('王检察')).toMatchObject({
      carriedOver: 1,
      received: 0,
      concluded: 1,
      pending: 0,
      concludeRate: 1,
      avgDays: 46,
      lateConcluded: 0,
      arrestDecided: 0,
      nonArrestRate: null,
      prosDecided: 1,
      prosecuted: 0,
      notProsecuted: 1,
      nonProsRate: 1,
      pleaRate: 1,
      fixedSentencingRate: null,
      sentencingAdoptRate: null,
      pretrialDetentionRate: 0,
      returnRate: 0,
      extensionRate: 0,
      appealRate: null,
      findingsNew: 2,
      findingsSerious: 0,
      noticesIssued: 1,
      findingsRectified: 1,
      findingsOpen: 1,
    });
  });

  it('a quota prosecutor without cases has a row of zeros and null rates; assistants do not', () => {
    const z = row('赵检察');
    for (const d of PROSECUTOR_METRICS) expect(z[d.id], d.id).toBe(d.kind === 'count' ? 0 : null);
    expect(pf.rows.some((r) => r.prosecutor === '钱助理')).toBe(false);
    expect(pf.rows.every((r) => r.rank === undefined)).toBe(true);
  });

  it('office totals add counters, not rates', () => {
    expect(pf.totals).toMatchObject({
      carriedOver: 3,
      received: 3,
      concluded: 4,
      pending: 2,
      avgDays: 22,
      lateConcluded: 1,
      prosDecided: 4,
      nonProsRate: 0.25,
      pretrialDetentionRate: 0.5,
      sentencingAdoptRate: 1,
      appealRate: 1,
    });
    expect(pf.totals.concludeRate).toBeCloseTo(4 / 6, 12);
    // The SPP's two-cohort ratio, office level only: 孙七 arrested ÷ the 4 persons prosecuted or not.
    expect(pf.officeLevel).toEqual([
      expect.objectContaining({ id: 'sppPretrialDetentionRatio', value: 0.25, numerator: 1, denominator: 4 }),
    ]);
    expect(pf.totals).not.toHaveProperty('sppPretrialDetentionRatio');
    for (const r of pf.rows) expect(r.metrics).not.toHaveProperty('sppPretrialDetentionRatio');
    expect(pf.totals.returnRate).toBeCloseTo(1 / 3, 12);
    expect(pf.departments.find((d) => d.department === '第一检察部')!.metrics.concluded).toBe(3);
  });

  it('rank within department only when the setting asks', () => {
    const ranked = prosecutorFigures(db, '2026-10', { rankWithinDepartment: true });
    expect(ranked.rows.find((r) => r.prosecutor === '李检察')!.rank).toBe(1);
    expect(ranked.rows.find((r) => r.prosecutor === '赵检察')!.rank).toBe(2);
  });

  it('the monitoring bulletin: findings across the month boundary, reminders and notices in P', () => {
    const m = monitoringFigures(db, '2026-10');
    expect(m.metrics).toEqual({
      casesMonitored: 6,
      findingsNew: 4,
      remindersGiven: 1,
      noticesIssued: 2,
      noticesToChief: 1,
      findingsRectified: 2,
      rectificationRate: 0.25,
      findingsOpen: 4,
      repliesOverdue: 2,
      referralsIn: 1,
      // No audit ran after the reply deadlines passed, so nothing was found 逾期未整改 (test/escalation covers it).
      findingsOverdueRectification: 0,
    });
    expect(m.bySeverity).toEqual({ 严重: 1, 较重: 2, 轻微: 1 });
    expect(m.byArea.map((a) => a.area)).toEqual([
      '办案期限',
      '强制措施',
      '诉讼权利保障',
      '法律文书',
      '案卡填录',
      '督查移送',
    ]);
    expect(Object.fromEntries(m.byArea.map((a) => [a.area, a.count]))).toMatchObject({
      办案期限: 1,
      法律文书: 1,
      案卡填录: 1,
      督查移送: 1,
      强制措施: 0,
    });
    expect(m.byRule.find((r) => r.ruleId === 'DL-PROS')!.count).toBe(1);
    expect(m.byDepartment).toEqual([
      { department: '第一检察部', findingsNew: 2, findingsRectified: 1, findingsOpen: 3 },
      { department: '第二检察部', findingsNew: 2, findingsRectified: 1, findingsOpen: 1 },
    ]);
  });

  it('every figure is traceable to its rows', () => {
    const recv = listBehind(db, 'received', '2026-10', { prosecutor: '李检察' });
    expect(recv.rows.map((r) => r.caseNo).sort()).toEqual(['A2', 'A4', 'A5']);
    const rate = listBehind(db, 'nonArrestRate', '2026-10');
    expect(rate.rows.map((r) => r.name).sort()).toEqual(['吴某', '孙某']);
    expect(rate.columns.at(-1)!.header).toBe('计入');
    const open = listBehind(db, 'findingsOpen', '2026-10');
    expect(open.rows.map((r) => r.caseNo).sort()).toEqual(['A2', 'A4', 'A6', 'B1']);
    // Suspects' names are masked in titles and messages.
    const f = listBehind(db, 'findingsNew', '2026-10').rows.find((r) => r.caseNo === 'A4')!;
    expect(f.title).toBe('王某等二人故意伤害案');
    expect(f.message).toBe('审查起诉超期办结（王某）');
    for (const d of PROSECUTOR_METRICS) {
      const n = listBehind(db, d.id, '2026-10').rows.length;
      if (d.kind === 'count') expect(n, d.id).toBe(pf.totals[d.id]);
    }
  });

  it('weekly figures for an ISO week', () => {
    const w = isoWeekOf('2026-10-01');
    const pw = prosecutorFigures(db, w);
    expect(pw.totals).toMatchObject({ concluded: 2, received: 1 }); // A3 (09-30) and A1 (10-01); A5 (10-02)
    expect(monitoringFigures(db, w).metrics).toMatchObject({ remindersGiven: 1, findingsNew: 1, noticesIssued: 0 });
  });
});
