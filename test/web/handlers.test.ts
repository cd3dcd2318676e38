import { describe, expect, it } from 'vitest';
import { tmpStore } from '../helpers/tmp';
import { HANDLERS, HANDLER_NAMES } from '../../core/handlers/index';
import { invokeHandler, HandlerError } from '../../core/handlers/registry';
import type { Db } from '../../db/store';

function addRun(db: Db, job: string, period: string, asOf: string, status = 'succeeded'): number {
  return Number(
    db
      .prepare(
        `INSERT INTO job_runs(job, period, version, as_of, started_at, finished_at, status, actor, counts_json) VALUES (?, ?, 1, ?, ?, ?, ?, 'tester', '{"open":3}')`,
      )
      .run(job, period, asOf, `${asOf}T08:00:00+08:00`, `${asOf}T08:01:00+08:00`, status).lastInsertRowid,
  );
}

let seq = 0;
function addFinding(db: Db, f: { severity: string; status: string; firstSeen: string; dueOn?: string | null }): void {
  seq += 1;
  db.prepare(
    `INSERT INTO findings(rule_id, case_no, severity, status, due_on, message, first_seen, last_seen, status_on) VALUES ('DL-PROS', ?, ?, ?, ?, '超期未结', ?, ?, ?)`,
  ).run(`C${seq}`, f.severity, f.status, f.dueOn ?? null, f.firstSeen, f.firstSeen, f.firstSeen);
}

describe('small handlers', () => {
  it('dashboard/summary counts today’s findings, open ones by severity, overdue ones, and warnings due within 3 and 7 days', async () => {
    const { db, ctx } = tmpStore();
    const asOf = '2026-11-23';
    addFinding(db, { severity: '严重', status: '待处理', firstSeen: asOf, dueOn: '2026-11-20' });
    addFinding(db, { severity: '严重', status: '已提示', firstSeen: '2026-11-01', dueOn: '2026-11-25' });
    addFinding(db, { severity: '较重', status: '待处理', firstSeen: asOf });
    addFinding(db, { severity: '轻微', status: '已整改', firstSeen: asOf, dueOn: '2026-11-01' });
    addFinding(db, { severity: '轻微', status: '不予纠正', firstSeen: '2026-10-01', dueOn: '2026-10-01' });
    addRun(db, 'audit', '2026-11-22', '2026-11-22');
    const run = addRun(db, 'audit', asOf, asOf);
    addRun(db, 'notice', '2026-W46', '2026-11-15', 'failed');
    const w = db.prepare(
      `INSERT INTO warnings(run_id, rule_id, case_no, due_on, days_left, message) VALUES (?, 'DL-ARREST', ?, ?, ?, '临期')`,
    );
    w.run(run, 'A', '2026-11-23', 0);
    w.run(run, 'B', '2026-11-26', 3);
    w.run(run, 'C', '2026-11-30', 7);
    w.run(run, 'D', '2026-12-10', 17);

    const r = (await invokeHandler(HANDLERS, ctx, 'dashboard/summary', { asOf })) as {
      asOf: string;
      findings: {
        newToday: { total: number; bySeverity: Record<string, number> };
        open: { total: number; bySeverity: Record<string, number> };
        overdue: number;
      };
      warnings: { runId: number; runAsOf: string; within3: number; within7: number };
      jobs: {
        last: { job: string; status: string; counts: unknown }[];
        lastSucceeded: { job: string; period: string }[];
        due: { items: { job: string; label: string }[]; messages: string[] };
      };
    };
    expect(r.asOf).toBe(asOf);
    expect(r.findings.newToday).toEqual({ total: 3, bySeverity: { 严重: 1, 较重: 1, 轻微: 1 } });
    expect(r.findings.open).toEqual({ total: 3, bySeverity: { 严重: 2, 较重: 1, 轻微: 0 } });
    expect(r.findings.overdue).toBe(1);
    expect(r.warnings).toEqual({ runId: run, runAsOf: asOf, within3: 2, within7: 3 });
    expect(r.jobs.last.map((j) => [j.job, j.status])).toEqual([
      ['audit', 'succeeded'],
      ['notice', 'failed'],
    ]);
    expect(r.jobs.last[0].counts).toEqual({ open: 3 });
    expect(r.jobs.lastSucceeded.map((j) => [j.job, j.period])).toEqual([['audit', asOf]]);
    expect(Array.isArray(r.jobs.due.items)).toBe(true);
    expect(Array.isArray(r.jobs.due.messages)).toBe(true);
    expect(JSON.parse(JSON.stringify(r))).toEqual(r);
    db.close();
  });

  it('jobs/list lists runs newest first, filtered by job', async () => {
    const { db, ctx } = tmpStore();
    addRun(db, 'audit', '2026-11-22', '2026-11-22');
    addRun(db, 'notice', '2026-W47', '2026-11-22');
    addRun(db, 'audit', '2026-11-23', '2026-11-23');
    const all = (await invokeHandler(HANDLERS, ctx, 'jobs/list', {})) as {
      runs: { job: string; period: string; asOf: string }[];
    };
    expect(all.runs.map((r) => r.period)).toEqual(['2026-11-23', '2026-W47', '2026-11-22']);
    const audits = (await invokeHandler(HANDLERS, ctx, 'jobs/list', { job: 'audit', limit: 1 })) as {
      runs: { period: string }[];
    };
    expect(audits.runs.map((r) => r.period)).toEqual(['2026-11-23']);
    await expect(invokeHandler(HANDLERS, ctx, 'jobs/list', { job: 'backup' })).rejects.toBeInstanceOf(HandlerError);
    db.close();
  });

  it('settings/update validates, stores and records old → new; app/info lists every handler', async () => {
    const { db, ctx, dbPath } = tmpStore();
    await expect(invokeHandler(HANDLERS, ctx, 'settings/update', { staleDays: 5 })).rejects.toThrow(
      /长期未结天数太小（不能小于 30）/,
    );
    const after = (await invokeHandler(HANDLERS, ctx, 'settings/update', { warningWindows: { 'DL-ARREST': 3 } })) as {
      warningWindows: Record<string, number>;
    };
    expect(after.warningWindows['DL-ARREST']).toBe(3);
    expect(after.warningWindows['DL-PROS']).toBe(5);
    const got = (await invokeHandler(HANDLERS, ctx, 'settings/get', {})) as { warningWindows: Record<string, number> };
    expect(got.warningWindows['DL-ARREST']).toBe(3);
    const trail = db.prepare('SELECT action, old_json, new_json FROM audit_trail').all() as {
      action: string;
      old_json: string;
      new_json: string;
    }[];
    expect(trail).toHaveLength(1);
    expect(JSON.parse(trail[0].old_json).warningWindows['DL-ARREST']).toBe(2);
    const info = (await invokeHandler(HANDLERS, ctx, 'app/info', {})) as {
      dbPath: string;
      handlerNames: string[];
      schemaVersion: number;
    };
    expect(info.dbPath).toBe(dbPath);
    expect(info.handlerNames).toEqual([...HANDLER_NAMES]);
    db.close();
  });
});
