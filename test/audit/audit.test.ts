import { describe, expect, it } from 'vitest';
import { tmpStore } from '../helpers/tmp';
import { addCase, type CaseInput } from '../rules/builder';
import { runAudit } from '../../core/jobs/audit';
import { auditRunReport, changeFindingStatus, getFinding, listFindings, listWarnings } from '../../core/findings';
import { RULES } from '../../core/rules/registry';
import type { Rule } from '../../core/rules/types';
import type { Db } from '../../db/store';

const ARREST = '测检刑捕受[2025]000001号';
const MEASURE = '测检刑诉受[2025]000002号';

const arrestCase = (persons: CaseInput['persons'], extra: Partial<CaseInput> = {}): CaseInput => ({
  caseNo: ARREST,
  category: '审查逮捕',
  receivedOn: '2025-09-20',
  persons,
  ...extra,
});
const measureCase = (measure: string): CaseInput => ({
  caseNo: MEASURE,
  receivedOn: '2025-09-22',
  events: [{ kind: '告知犯罪嫌疑人诉讼权利', on: '2025-09-22' }],
  persons: [{ name: '李四', custody: '在押', measure, measureFrom: '2025-09-01' }],
});

function findingOf(db: Db, ruleId: string, caseNo: string) {
  const f = listFindings(db, { ruleId, caseNo }).findings;
  expect(f.length).toBeLessThanOrEqual(1);
  return f[0] ? getFinding(db, f[0].id)! : undefined;
}

describe('runAudit lifecycle', () => {
  it('open → reminded → rectified by a later audit; waived stays waived; reopened when facts change or the problem returns', () => {
    const { db, ctx } = tmpStore();
    addCase(db, arrestCase([{ custody: '未羁押', measure: '取保候审', measureFrom: '2025-09-18' }]));
    addCase(db, measureCase('取保候审'));

    // 2025-10-07: DL-ARREST due 2025-10-09 (rolled past 国庆): a warning, no finding yet.
    const a1 = runAudit(ctx, { asOf: '2025-10-07' });
    expect(a1.status).toBe('succeeded');
    expect(findingOf(db, 'DL-ARREST', ARREST)).toBeUndefined();
    expect(listWarnings(db)).toMatchObject({
      asOf: '2025-10-07',
      warnings: [{ ruleId: 'DL-ARREST', caseNo: ARREST, personNo: '1', dueOn: '2025-10-09', daysLeft: 2 }],
    });
    const cm = findingOf(db, 'CM-CONSISTENT', MEASURE)!;
    expect(cm).toMatchObject({ status: '待处理', firstSeen: '2025-10-07', personNo: '1', severity: '轻微' });

    // the warning's deadline passes unmet: it becomes a finding
    const a2 = runAudit(ctx, { asOf: '2025-10-10' });
    const f = findingOf(db, 'DL-ARREST', ARREST)!;
    expect(f).toMatchObject({
      status: '待处理',
      kind: '超期未结',
      dueOn: '2025-10-09',
      daysLeft: -1,
      firstSeen: '2025-10-10',
      lastSeen: '2025-10-10',
      severity: '严重',
    });
    expect(f.message).toBe('张某某 审查逮捕期限 2025-10-09 届满，已超期 1 日未作出决定');
    expect(a2.counts.new).toBeGreaterThanOrEqual(1);
    expect(listWarnings(db).warnings.filter((w) => w.ruleId === 'DL-ARREST')).toEqual([]);

    changeFindingStatus(ctx, f.id, { action: 'remind', note: '电话提示承办检察官', onDate: '2025-10-10' });
    changeFindingStatus(ctx, cm.id, {
      action: 'waive',
      reason: '取保后即将变更强制措施，数据待同步',
      onDate: '2025-10-10',
    });

    // same facts the next day: still open (reminded), last_seen moves; the waived one stays waived
    const a11 = runAudit(ctx, { asOf: '2025-10-11' });
    expect(findingOf(db, 'DL-ARREST', ARREST)).toMatchObject({
      status: '已提示',
      lastSeen: '2025-10-11',
      firstSeen: '2025-10-10',
      daysLeft: -2,
      message: '张某某 审查逮捕期限 2025-10-09 届满，已超期 2 日未作出决定',
    });
    expect(findingOf(db, 'CM-CONSISTENT', MEASURE)).toMatchObject({ status: '不予纠正', lastSeen: '2025-10-11' });
    // and that run reports each finding with its status, days and message on its date
    const report11 = auditRunReport(db, a11.runId).findings;
    expect(report11.find((x) => x.ruleId === 'DL-ARREST')).toMatchObject({
      status: '已提示',
      daysLeft: -2,
      message: '张某某 审查逮捕期限 2025-10-09 届满，已超期 2 日未作出决定',
    });
    expect(report11.find((x) => x.ruleId === 'CM-CONSISTENT')).toMatchObject({ status: '不予纠正' });

    // a second "import": the arrest case is decided (late) and its document issued; the measure changes
    addCase(
      db,
      arrestCase(
        [
          {
            custody: '未羁押',
            measure: '取保候审',
            measureFrom: '2025-09-18',
            decision: '批准逮捕',
            decidedOn: '2025-10-09',
          },
        ],
        {
          status: '办结',
          concludedOn: '2025-10-09',
          conclusion: '批准逮捕',
          documents: [{ name: '批准逮捕决定书', issuedOn: '2025-10-09' }],
        },
      ),
    );
    addCase(db, measureCase('监视居住'));
    const a3 = runAudit(ctx, { asOf: '2025-10-12' });
    const rect = findingOf(db, 'DL-ARREST', ARREST)!;
    expect(rect).toMatchObject({ status: '已整改', rectifiedOn: '2025-10-12' });
    expect(rect.history.map((h) => [h.action, h.to])).toEqual([
      ['detect', '待处理'],
      ['remind', '已提示'],
      ['auto-rectify', '已整改'],
    ]);
    // the waived finding's facts changed (取保候审 → 监视居住) and the rule still fires: reopened
    const reopened = findingOf(db, 'CM-CONSISTENT', MEASURE)!;
    expect(reopened.status).toBe('待处理');
    expect(reopened.history.map((h) => h.action)).toEqual(['detect', 'waive', 'auto-reopen']);
    expect(a3.counts.rectified).toBeGreaterThanOrEqual(1);
    expect(a3.counts.reopened).toBe(1);

    // the problem comes back (the decision is withdrawn in a later export): the rectified finding reopens, history keeps both periods
    addCase(db, arrestCase([{ custody: '未羁押', measure: '取保候审', measureFrom: '2025-09-18' }]));
    runAudit(ctx, { asOf: '2025-10-13' });
    const back = findingOf(db, 'DL-ARREST', ARREST)!;
    expect(back).toMatchObject({
      status: '待处理',
      firstSeen: '2025-10-10',
      lastSeen: '2025-10-13',
      rectifiedOn: null,
    });
    expect(back.history.map((h) => [h.action, h.onDate])).toEqual([
      ['detect', '2025-10-10'],
      ['remind', '2025-10-10'],
      ['auto-rectify', '2025-10-12'],
      ['auto-reopen', '2025-10-13'],
    ]);
  });

  it('a finding rectified by hand stays closed while its facts are unchanged', () => {
    const { db, ctx } = tmpStore();
    addCase(db, measureCase('取保候审'));
    runAudit(ctx, { asOf: '2025-10-07' });
    const f = findingOf(db, 'CM-CONSISTENT', MEASURE)!;
    changeFindingStatus(ctx, f.id, { action: 'rectify', note: '已核实，系统外已纠正', onDate: '2025-10-08' });
    runAudit(ctx, { asOf: '2025-10-09' });
    expect(findingOf(db, 'CM-CONSISTENT', MEASURE)).toMatchObject({ status: '已整改', rectifiedOn: '2025-10-08' });
  });

  it('records every run; a same-day re-run is a new version that updates findings in place and replaces the warnings', () => {
    const { db, ctx } = tmpStore();
    addCase(db, arrestCase([{ custody: '未羁押', measure: '取保候审', measureFrom: '2025-09-18' }]));
    const r1 = runAudit(ctx, { asOf: '2025-10-08' });
    const r2 = runAudit(ctx, { asOf: '2025-10-08' });
    expect([r1.version, r2.version]).toEqual([1, 2]);
    const runs = db
      .prepare(`SELECT job, period, version, as_of, status FROM job_runs WHERE job = 'audit' ORDER BY id`)
      .all();
    expect(runs).toEqual([
      { job: 'audit', period: '2025-10-08', version: 1, as_of: '2025-10-08', status: 'succeeded' },
      { job: 'audit', period: '2025-10-08', version: 2, as_of: '2025-10-08', status: 'succeeded' },
    ]);
    expect(db.prepare('SELECT DISTINCT run_id FROM warnings').all()).toEqual([{ run_id: r2.runId }]);
    const n = (db.prepare('SELECT count(*) AS n FROM findings').get() as { n: number }).n;
    runAudit(ctx, { asOf: '2025-10-08' });
    expect((db.prepare('SELECT count(*) AS n FROM findings').get() as { n: number }).n).toBe(n);
    const counts = JSON.parse(
      (db.prepare('SELECT counts_json FROM job_runs WHERE id = ?').get(r2.runId) as { counts_json: string })
        .counts_json,
    );
    expect(counts).toMatchObject({ cases: 1, warnings: 1 });
  });

  it('a rule that throws is recorded as failed; the others still run and its findings are left alone', () => {
    const { db, ctx } = tmpStore();
    addCase(db, measureCase('取保候审'));
    runAudit(ctx, { asOf: '2025-10-07' });
    const before = findingOf(db, 'CM-CONSISTENT', MEASURE)!;
    const broken: Rule[] = RULES.map((r) =>
      r.id === 'CM-CONSISTENT'
        ? {
            ...r,
            evaluate: () => {
              throw new Error('boom');
            },
          }
        : r,
    );
    const s = runAudit(ctx, { asOf: '2025-10-08', rules: broken });
    expect(s.status).toBe('succeeded with errors');
    expect(s.failedRules).toEqual([{ ruleId: 'CM-CONSISTENT', error: expect.stringContaining('boom') }]);
    const row = db.prepare('SELECT status, failed_rules_json, error FROM job_runs WHERE id = ?').get(s.runId) as {
      status: string;
      failed_rules_json: string;
      error: string;
    };
    expect(row.status).toBe('succeeded with errors');
    expect(JSON.parse(row.failed_rules_json)[0].ruleId).toBe('CM-CONSISTENT');
    expect(row.error).toContain('CM-CONSISTENT');
    expect(findingOf(db, 'CM-CONSISTENT', MEASURE)).toMatchObject({
      id: before.id,
      status: '待处理',
      lastSeen: '2025-10-07',
    });
    expect(findingOf(db, 'DQ-STALE', MEASURE)).toBeUndefined();
    // another rule still ran in that run
    expect(findingOf(db, 'RT-SUSPECT', MEASURE)).toBeUndefined();
    expect(
      listFindings(db, { caseNo: MEASURE }).findings.every(
        (f) => f.ruleId === 'CM-CONSISTENT' || f.lastSeen === '2025-10-08',
      ),
    ).toBe(true);
  });

  it('a run that fails while writing leaves nothing but its failed run row', () => {
    const { db, ctx } = tmpStore();
    addCase(db, measureCase('取保候审'));
    runAudit(ctx, { asOf: '2025-10-07' });
    const before = db.prepare('SELECT * FROM findings ORDER BY id').all();
    const beforeEvents = db.prepare('SELECT count(*) AS n FROM finding_events').get();
    // a rule whose warning cannot be stored (no due date) makes the write phase throw
    const bad: Rule = {
      ...RULES[0],
      id: 'X-BAD',
      evaluate: (_c, _e, emit) =>
        emit.warning({ personNo: null, subjectKey: '', dueOn: null as unknown as string, daysLeft: 0, message: 'x' }),
    };
    addCase(db, { caseNo: 'NEW', receivedOn: '2025-09-01', cause: null });
    expect(() => runAudit(ctx, { asOf: '2025-10-08', rules: [...RULES, bad] })).toThrow();
    expect(db.prepare('SELECT * FROM findings ORDER BY id').all()).toEqual(before);
    expect(db.prepare('SELECT count(*) AS n FROM finding_events').get()).toEqual(beforeEvents);
    const last = db.prepare(`SELECT period, status, error FROM job_runs ORDER BY id DESC LIMIT 1`).get() as {
      period: string;
      status: string;
      error: string;
    };
    expect(last).toMatchObject({ period: '2025-10-08', status: 'failed' });
    expect(listWarnings(db).asOf).toBe('2025-10-07');
  });

  it('never touches findings of source 检务督查', () => {
    const { db, ctx } = tmpStore();
    db.prepare(
      `INSERT INTO findings(rule_id, case_no, subject_key, source, severity, status, message, first_seen, last_seen, status_on)
                VALUES ('REF-INSPECTION', '', '督〔2025〕1号', '检务督查', '较重', '待处理', '督查移送：未按期答复', '2025-09-01', '2025-09-01', '2025-09-01')`,
    ).run();
    runAudit(ctx, { asOf: '2025-10-07' });
    expect(db.prepare(`SELECT status, last_seen FROM findings WHERE rule_id = 'REF-INSPECTION'`).get()).toEqual({
      status: '待处理',
      last_seen: '2025-09-01',
    });
    expect(db.prepare(`SELECT count(*) AS n FROM finding_events`).get()).toEqual({ n: 0 });
  });

  it('says once when a year has no holiday data', () => {
    const { db, ctx } = tmpStore();
    addCase(db, { receivedOn: '2027-03-01' });
    const s = runAudit({ ...ctx, now: () => new Date('2027-03-10T09:00:00+08:00') }, { asOf: '2027-03-10' });
    expect(s.calendarWarnings).toHaveLength(1);
    expect(s.calendarWarnings[0]).toContain('2027');
    const t = tmpStore();
    addCase(t.db, { receivedOn: '2025-03-03' });
    expect(runAudit(t.ctx, { asOf: '2025-03-10' }).calendarWarnings).toEqual([]);
  });

  it('reads the store set-wise: the same number of statements for 1 case and for 60', () => {
    const count = (n: number) => {
      const { db, ctx } = tmpStore();
      for (let i = 0; i < n; i++) {
        addCase(db, {
          receivedOn: '2025-01-0' + (1 + (i % 9)),
          cause: i % 2 ? null : '盗窃罪',
          persons: [{ custody: i % 3 ? '在押' : '未羁押', measure: '取保候审' }],
          events: [{ kind: '退回补充侦查', on: '2025-01-20' }],
          documents: [{ name: '起诉书', number: '测检〔2024〕1号', issuedOn: '2025-02-01' }],
        });
      }
      runAudit(ctx, { asOf: '2025-03-01' }); // first run: inserts
      let prepares = 0;
      const orig = db.prepare.bind(db);
      (db as unknown as { prepare: typeof db.prepare }).prepare = ((sql: string) => {
        prepares++;
        return orig(sql);
      }) as typeof db.prepare;
      runAudit(ctx, { asOf: '2025-03-02' });
      return prepares;
    };
    expect(count(60)).toBe(count(1));
  });

  it('lists findings by due date (none last), then case number', () => {
    const { db, ctx } = tmpStore();
    addCase(db, {
      caseNo: 'B',
      receivedOn: '2025-01-06',
      cause: null,
      events: [{ kind: '告知犯罪嫌疑人诉讼权利', on: '2025-01-06' }],
    });
    addCase(db, {
      caseNo: 'A',
      receivedOn: '2025-01-10',
      events: [{ kind: '告知犯罪嫌疑人诉讼权利', on: '2025-01-10' }],
    });
    runAudit(ctx, { asOf: '2025-03-01' });
    const list = listFindings(db).findings.map((f) => [f.caseNo, f.ruleId, f.dueOn]);
    expect(list).toEqual([
      ['B', 'DL-PROS', '2025-02-06'],
      ['A', 'DL-PROS', '2025-02-10'],
      ['B', 'DQ-CAUSE', null],
    ]);
  });
});
