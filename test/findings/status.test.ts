import { describe, expect, it } from 'vitest';
import { tmpStore } from '../helpers/tmp';
import { addCase } from '../rules/builder';
import { runAudit } from '../../core/jobs/audit';
import { changeFindingStatus, FindingError, getFinding, listFindings } from '../../core/findings';
import { handlers as findingHandlers } from '../../core/handlers/findings';
import { handlers as auditHandlers } from '../../core/handlers/audit';
import { handlers as ruleHandlers } from '../../core/handlers/rules';
import { invokeHandler, type HandlerMap } from '../../core/handlers/registry';

const H: HandlerMap = Object.fromEntries(
  [...findingHandlers, ...auditHandlers, ...ruleHandlers].map((h) => [h.name, h]),
);

function setup() {
  const s = tmpStore();
  addCase(s.db, {
    caseNo: 'C1',
    receivedOn: '2025-03-03',
    cause: null,
    persons: [{ custody: '在押', measure: '取保候审', measureFrom: '2025-03-01' }],
    events: [{ kind: '告知犯罪嫌疑人诉讼权利', on: '2025-03-03' }],
  });
  runAudit(s.ctx, { asOf: '2025-03-10' });
  const ids = listFindings(s.db).findings.map((f) => f.id);
  return { ...s, ids };
}

describe('changeFindingStatus', () => {
  it('remind → notice → rectify, each with history and audit trail', () => {
    const { db, ctx, ids } = setup();
    const id = ids[0];
    expect(changeFindingStatus(ctx, id, { action: 'remind', note: '口头提示', onDate: '2025-03-11' }).status).toBe(
      '已提示',
    );
    expect(changeFindingStatus(ctx, id, { action: 'notice', noticeId: 7, onDate: '2025-03-12' })).toMatchObject({
      status: '已通知',
      noticeId: 7,
    });
    expect(changeFindingStatus(ctx, id, { action: 'rectify', onDate: '2025-03-13' })).toMatchObject({
      status: '已整改',
      rectifiedOn: '2025-03-13',
    });
    const f = getFinding(db, id)!;
    expect(f.history.map((h) => [h.action, h.from, h.to, h.actor])).toEqual([
      ['detect', null, '待处理', '日审核'],
      ['remind', '待处理', '已提示', 'tester'],
      ['notice', '已提示', '已通知', 'tester'],
      ['rectify', '已通知', '已整改', 'tester'],
    ]);
    const trail = db.prepare(`SELECT action, target, actor FROM audit_trail ORDER BY id`).all();
    expect(trail).toEqual([
      { action: 'finding.remind', target: `finding:${id}`, actor: 'tester' },
      { action: 'finding.notice', target: `finding:${id}`, actor: 'tester' },
      { action: 'finding.rectify', target: `finding:${id}`, actor: 'tester' },
    ]);
  });

  it('waive needs a reason; closed findings refuse actions until reopened', () => {
    const { db, ctx, ids } = setup();
    const id = ids[0];
    expect(() => changeFindingStatus(ctx, id, { action: 'waive' })).toThrow('不予纠正必须填写理由');
    expect(() => changeFindingStatus(ctx, id, { action: 'waive', reason: '  ' })).toThrow(FindingError);
    expect(changeFindingStatus(ctx, id, { action: 'waive', reason: '系统数据问题' })).toMatchObject({
      status: '不予纠正',
      waiveReason: '系统数据问题',
    });
    expect(() => changeFindingStatus(ctx, id, { action: 'remind' })).toThrow(/当前状态为“不予纠正”，不能口头提示/);
    expect(changeFindingStatus(ctx, id, { action: 'reopen', note: '复查' })).toMatchObject({
      status: '待处理',
      waiveReason: null,
    });
    expect(() => changeFindingStatus(ctx, id, { action: 'reopen' })).toThrow(/只有已整改或不予纠正的问题可以重新打开/);
    expect(() => changeFindingStatus(ctx, 99999, { action: 'remind' })).toThrow('监控问题 99999 不存在');
    // a refused change leaves no trace
    const n = (db.prepare('SELECT count(*) AS n FROM finding_events WHERE finding_id = ?').get(id) as { n: number }).n;
    expect(n).toBe(3);
  });

  it('a noticed finding cannot be downgraded to a reminder', () => {
    const { ctx, ids } = setup();
    changeFindingStatus(ctx, ids[0], { action: 'notice' });
    expect(() => changeFindingStatus(ctx, ids[0], { action: 'remind' })).toThrow(/已发出通知书/);
  });
});

describe('handlers', () => {
  it('findings/list, findings/get, bulk findings/update-status (all or nothing), warnings/list, rules/list', async () => {
    const { ctx, ids } = setup();
    const list = (await invokeHandler(H, ctx, 'findings/list', { status: '待处理', area: '案卡填录' })) as {
      findings: { ruleId: string }[];
      total: number;
    };
    expect(list.findings.map((f) => f.ruleId)).toEqual(['DQ-CAUSE']);
    const got = (await invokeHandler(H, ctx, 'findings/get', { id: ids[0] })) as { history: unknown[]; basis: string };
    expect(got.history).toHaveLength(1);
    expect(got.basis.length).toBeGreaterThan(10);
    await expect(invokeHandler(H, ctx, 'findings/get', { id: 424242 })).rejects.toThrow('不存在');
    // bulk: one bad id refuses the whole batch
    await expect(
      invokeHandler(H, ctx, 'findings/update-status', { ids: [ids[0], 424242], action: 'remind' }),
    ).rejects.toThrow('不存在');
    expect(getFinding(ctx.db, ids[0])!.status).toBe('待处理');
    const ok = (await invokeHandler(H, ctx, 'findings/update-status', { ids, action: 'remind', note: '集中提示' })) as {
      findings: { status: string }[];
    };
    expect(ok.findings.every((f) => f.status === '已提示')).toBe(true);
    await expect(invokeHandler(H, ctx, 'findings/update-status', { ids, action: 'waive' })).rejects.toThrow('理由');
    await expect(invokeHandler(H, ctx, 'findings/update-status', { ids, action: 'explode' })).rejects.toThrow(
      '参数无效',
    );
    const rules = (await invokeHandler(H, ctx, 'rules/list', {})) as {
      rules: { id: string; window: number | null; evaluated: boolean }[];
    };
    expect(rules.rules.find((r) => r.id === 'DL-PROS')).toMatchObject({ window: 5, evaluated: true });
    expect(rules.rules.find((r) => r.id === 'REF-INSPECTION')).toMatchObject({ window: null, evaluated: false });
    expect(rules.rules).toHaveLength(28);
    const w = (await invokeHandler(H, ctx, 'warnings/list', {})) as { asOf: string };
    expect(w.asOf).toBe('2025-03-10');
    const run = (await invokeHandler(H, ctx, 'audit/run', { asOf: '2025-03-11' })) as { asOf: string; status: string };
    expect(run).toMatchObject({ asOf: '2025-03-11', status: 'succeeded' });
    await expect(invokeHandler(H, ctx, 'audit/run', { asOf: '2025-13-01' })).rejects.toThrow('参数无效');
    const cal = (await invokeHandler(H, ctx, 'calendar/list', {})) as { years: { year: number }[] };
    expect(cal.years.map((y) => y.year)).toEqual([2024, 2025, 2026]);
    // A path outside the chosen folders is refused by the path guard before anything is read.
    await expect(invokeHandler(H, ctx, 'calendar/load', { file: '/nonexistent/x.json' })).rejects.toThrow(
      '节假日日历文件只能是本次选择或上传的文件',
    );
  });
});
