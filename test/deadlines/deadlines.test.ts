/**
 * 期限日历: the audit records every open deadline (not only those inside a rule's warning window); the month
 * view counts them per day with overdue findings on past days; the weekly notice's "next seven days" reads
 * the same source.
 */
import { describe, expect, it } from 'vitest';
import { tmpStore } from '../helpers/tmp';
import { addCase } from '../rules/builder';
import { runAudit } from '../../core/jobs/audit';
import { listWarnings } from '../../core/findings';
import { calendarItems, calendarMonth } from '../../core/deadlines';
import { loadSnapshot, runWeeklyNotice } from '../../core/jobs/notice';
import type { WeeklySnapshot } from '../../core/metrics/snapshots';
import { HANDLERS } from '../../core/handlers';
import { invokeHandler } from '../../core/handlers/registry';

function office() {
  const s = tmpStore();
  // 审查起诉 received 10-20: one month → due 2026-11-20 (a Friday), 6 days after the audit of 11-14:
  // outside DL-PROS's 5-day warning window, so not a 临期预警, but a deadline on the calendar.
  addCase(s.db, {
    caseNo: '测检刑诉受[2026]1号',
    category: '审查起诉',
    receivedOn: '2026-10-20',
    department: '第一检察部',
    prosecutor: '王检察官',
    persons: [{ name: '许江涛', custody: '未羁押', measure: '取保候审', measureFrom: '2026-10-01' }],
    events: [{ kind: '告知犯罪嫌疑人诉讼权利', on: '2026-10-21', personNo: '1' }],
  });
  // Received 10-16: due 11-16, 2 days after the audit: a 临期预警.
  addCase(s.db, {
    caseNo: '测检刑诉受[2026]2号',
    category: '审查起诉',
    receivedOn: '2026-10-16',
    department: '第二检察部',
    prosecutor: '李检察官',
    persons: [{ name: '张三', custody: '未羁押', measure: '取保候审', measureFrom: '2026-10-01' }],
    events: [{ kind: '告知犯罪嫌疑人诉讼权利', on: '2026-10-17', personNo: '1' }],
  });
  // Received 09-01: due 10-01 → rolled past the National Day holidays to 10-08; overdue on 11-14.
  addCase(s.db, {
    caseNo: '测检刑诉受[2026]3号',
    category: '审查起诉',
    receivedOn: '2026-09-01',
    department: '第一检察部',
    prosecutor: '王检察官',
    persons: [{ name: '李四', custody: '未羁押', measure: '取保候审', measureFrom: '2026-09-01' }],
    events: [{ kind: '告知犯罪嫌疑人诉讼权利', on: '2026-09-02', personNo: '1' }],
  });
  runAudit(s.ctx, { asOf: '2026-11-14' });
  return s;
}

describe('the deadline calendar', () => {
  it('records deadlines beyond the warning window; 临期预警 stay the ones within it', () => {
    const { db } = office();
    const warnings = listWarnings(db).warnings.map((w) => `${w.caseNo} ${w.dueOn}`);
    expect(warnings).toEqual(['测检刑诉受[2026]2号 2026-11-16']);
    const items = calendarItems(db, '2026-11-15', '2026-11-30', '2026-11-14');
    expect(items.map((i) => `${i.kind} ${i.caseNo} ${i.dueOn} ${i.daysLeft} ${i.ruleTitle}`)).toEqual([
      '临期 测检刑诉受[2026]2号 2026-11-16 2 审查起诉期限',
      '期限 测检刑诉受[2026]1号 2026-11-20 6 审查起诉期限',
    ]);
    const past = calendarItems(db, '2026-10-01', '2026-10-31', '2026-11-14');
    expect(past.map((i) => `${i.kind} ${i.caseNo} ${i.dueOn} ${i.daysLeft} ${i.findingId != null}`)).toEqual([
      '超期 测检刑诉受[2026]3号 2026-10-08 -37 true',
    ]);
  });

  it('counts a month per day, overdue findings on their due day, coloured by days left, filtered by department', () => {
    const { db } = office();
    const m = calendarMonth(db, '2026-11', '2026-11-14');
    expect(m.auditAsOf).toBe('2026-11-14');
    expect(m.days.map((d) => [d.date, d.deadlines, d.warnings, d.overdue, d.band])).toEqual([
      ['2026-11-16', 1, 1, 0, 'soon'],
      ['2026-11-20', 1, 0, 0, 'week'],
    ]);
    const oct = calendarMonth(db, '2026-10', '2026-11-14');
    expect(oct.days.filter((d) => d.overdue).map((d) => [d.date, d.band])).toEqual([['2026-10-08', 'overdue']]);
    expect(calendarMonth(db, '2026-11', '2026-11-14', { department: '第一检察部' }).days.map((d) => d.date)).toEqual([
      '2026-11-20',
    ]);
    expect(calendarMonth(db, '2026-11', '2026-11-14', { prosecutor: '李检察官' }).days.map((d) => d.date)).toEqual([
      '2026-11-16',
    ]);
  });

  it('is the source of the weekly notice: the next seven days include a deadline outside its rule warning window', async () => {
    const { ctx } = office();
    await runWeeklyNotice(ctx, { week: '2026-W46' }); // 11-09..11-15; next seven days 11-16..11-22
    const s = loadSnapshot(ctx, 'weekly', '2026-W46') as WeeklySnapshot;
    expect(s.warnings.rows.map((r) => `${r.caseNo} ${r.dueOn}`)).toEqual([
      '测检刑诉受[2026]2号 2026-11-16',
      '测检刑诉受[2026]1号 2026-11-20',
    ]);
  });

  it('deadlines/month answers through the registry; a month that does not exist says so in Chinese', async () => {
    const { ctx } = office();
    const r = (await invokeHandler(
      HANDLERS,
      { ...ctx, now: () => new Date('2026-11-14T02:00:00Z') },
      'deadlines/month',
      {
        month: '2026-11',
      },
    )) as ReturnType<typeof calendarMonth>;
    expect(r.today).toBe('2026-11-14');
    await expect(invokeHandler(HANDLERS, ctx, 'deadlines/month', { month: '2026-13' })).rejects.toThrow(
      '无法完成“查看期限日历”：提交的参数无效（月份不存在：没有 13 月（2026-13））。请检查后重试；如果问题反复出现，请把这条提示告诉系统管理员。',
    );
    await expect(invokeHandler(HANDLERS, ctx, 'deadlines/day', { from: '2026-11-31' })).rejects.toThrow(
      /日期不存在：2026年11月只有30天/,
    );
  });

  it('the December banner: from 1 December when next year is not loaded (the clock is the door’s)', async () => {
    const { ctx } = tmpStore();
    const at = (iso: string) => ({ ...ctx, now: () => new Date(iso) });
    const nov = (await invokeHandler(HANDLERS, at('2026-11-30T12:00:00+08:00'), 'calendar/next-year', {})) as {
      showBanner: boolean;
    };
    expect(nov.showBanner).toBe(false);
    const dec = await invokeHandler(HANDLERS, at('2026-12-01T08:00:00+08:00'), 'calendar/next-year', {});
    expect(dec).toEqual({ today: '2026-12-01', nextYear: 2027, loaded: false, showBanner: true });
    // 2025-12: 2026 is built in.
    const y2025 = (await invokeHandler(HANDLERS, at('2025-12-05T08:00:00+08:00'), 'calendar/next-year', {})) as {
      loaded: boolean;
      showBanner: boolean;
    };
    expect(y2025).toMatchObject({ loaded: true, showBanner: false });
  });
});
