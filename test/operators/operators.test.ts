/**
 * Who did it: the first run asks for the office and the clerk; every action through any door is recorded under
 * the chosen clerk, resolved once in the registry (not per handler); the OS login is only the default.
 */
import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { tmpStore } from '../helpers/tmp';
import { HANDLERS } from '../../core/handlers';
import { invokeHandler } from '../../core/handlers/registry';
import { addCase } from '../rules/builder';

const call = (ctx: Parameters<typeof invokeHandler>[1], name: string, payload: unknown = {}) =>
  invokeHandler(HANDLERS, ctx, name, payload);

describe('operators and the first run', () => {
  it('a new store needs its first run; completing it names the office and the clerk', async () => {
    const { ctx } = tmpStore();
    expect(await call(ctx, 'setup/status')).toEqual({
      needsSetup: true,
      officeName: '',
      officeShortName: '',
      operators: [],
      current: null,
      cases: 0,
    });
    await expect(
      call(ctx, 'setup/complete', { officeName: ' ', officeShortName: '赤检', operator: '王芳' }),
    ).rejects.toThrow(/请填写单位全称/);
    const done = await call(ctx, 'setup/complete', {
      officeName: '赤城县人民检察院',
      officeShortName: '赤检',
      operator: '王芳',
    });
    expect(done).toMatchObject({
      needsSetup: false,
      officeName: '赤城县人民检察院',
      operators: ['王芳'],
      current: '王芳',
    });
    const trail = ctx.db.prepare("SELECT actor, action FROM audit_trail WHERE action = 'setup.complete'").get();
    expect(trail).toEqual({ actor: '王芳', action: 'setup.complete' });
  });

  it('records every action under the chosen clerk, not the OS login, and switches when another is chosen', async () => {
    const { ctx, db } = tmpStore();
    const door = { ...ctx, actor: 'root' }; // what a door hands in: the OS login
    await call(door, 'setup/complete', { officeName: '赤城县人民检察院', officeShortName: '赤检', operator: '王芳' });
    await call(door, 'operators/save', { name: '李娜', departments: ['第二检察部'] });
    addCase(db, { caseNo: 'A1', receivedOn: '2026-09-01', persons: [{ custody: '未羁押' }] });
    await call(door, 'audit/run', { asOf: '2026-11-14' });
    const id = (db.prepare('SELECT id FROM findings LIMIT 1').get() as { id: number }).id;
    await call(door, 'findings/update-status', { ids: [id], action: 'remind', note: '已电话提示' });
    await call(door, 'operators/select', { name: '李娜' });
    await call(door, 'findings/update-status', { ids: [id], action: 'rectify' });
    const events = db
      .prepare(
        "SELECT action, actor FROM finding_events WHERE finding_id = ? AND action IN ('remind', 'rectify') ORDER BY id",
      )
      .all(id);
    expect(events).toEqual([
      { action: 'remind', actor: '王芳' },
      { action: 'rectify', actor: '李娜' },
    ]);
    expect(db.prepare("SELECT actor FROM job_runs WHERE job = 'audit'").pluck().get()).toBe('王芳');
    await expect(call(door, 'operators/select', { name: '张三' })).rejects.toThrow(/操作人名单中没有“张三”/);
    // No clerk at all: the OS login stays the default.
    const bare = tmpStore();
    await call({ ...bare.ctx, actor: 'root' }, 'settings/update', { noticeReplyDays: 12 });
    expect(bare.db.prepare("SELECT actor FROM audit_trail WHERE action = 'settings.update'").pluck().get()).toBe(
      'root',
    );
  });

  it('the CLI records the current clerk, or --operator, and refuses a name not on the list', async () => {
    const { ctx, db, dbPath } = tmpStore();
    await call(ctx, 'setup/complete', { officeName: '赤城县人民检察院', officeShortName: '赤检', operator: '王芳' });
    await call(ctx, 'operators/save', { name: '李娜', departments: [] });
    db.close();
    const bin = path.resolve(__dirname, '../../bin/caseflow.js');
    const run = (args: string[]) => spawnSync(process.execPath, [bin, ...args, '--db', dbPath], { encoding: 'utf8' });
    expect(run(['audit', '--date', '2026-11-14']).status).toBe(0);
    expect(run(['audit', '--date', '2026-11-15', '--operator', '李娜']).status).toBe(0);
    const bad = run(['audit', '--date', '2026-11-16', '--operator', '张三']);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/操作人“张三”不在操作人名单中/);
    const { openStore } = await import('../../db/store');
    const again = openStore(dbPath);
    expect(again.prepare("SELECT as_of, actor FROM job_runs WHERE job = 'audit' ORDER BY id").all()).toEqual([
      { as_of: '2026-11-14', actor: '王芳' },
      { as_of: '2026-11-15', actor: '李娜' },
    ]);
    again.close();
  });

  it('an audit over 0 cases is a warning, not a success', async () => {
    const { ctx } = tmpStore();
    const r = (await call(ctx, 'audit/run', { asOf: '2026-11-14' })) as { warning: string | null };
    expect(r.warning).toMatch(/^审核了 0 件案件：案件库中还没有案件数据，请先导入/);
    const runs = (await call(ctx, 'jobs/list', {})) as { runs: { job: string; warning: string | null }[] };
    expect(runs.runs[0]).toMatchObject({ job: 'audit', warning: r.warning });
  });
});

describe('a refused payload', () => {
  it('is one Chinese sentence that says what to do, with no handler name, key or schema text', async () => {
    const { ctx } = tmpStore();
    const err = await call(ctx, 'bulletins/get', { kind: 'referral-package', period: '2026-11' }).catch(
      (e: Error) => e.message,
    );
    expect(err).toBe(
      '无法完成“预览通报数据”：提交的参数无效（种类不是可选的值）。请检查后重试；如果问题反复出现，请把这条提示告诉系统管理员。',
    );
    expect(err).not.toMatch(/bulletins|kind|无效选项|[A-Za-z]/);
  });
});
