/**
 * Monitoring notices (jobs.md, issue 16 item 5): one notice in force per finding, withdrawal with a
 * reason (number never reused), wording that fits the finding, replies from the notice or any of its
 * findings, the number prefix never doubling 检, and `caseflow notices list|reply|withdraw`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import JSZip from 'jszip';
import { tmpDir, tmpStore } from '../helpers/tmp';
import { Builder } from '../metrics/builder';
import { updateSettings, noticePrefixOf } from '../../core/settings';
import { changeFindingStatus, getFinding } from '../../core/findings';
import {
  exportNotice,
  getNotice,
  issueNotice,
  listNotices,
  recordReply,
  resolveNotice,
  withdrawNotice,
} from '../../core/notices';
import { monitoringFigures } from '../../core/metrics';
import { openStore } from '../../db/store';
import type { AppContext } from '../../core/context';

function office(shortName = '青检') {
  const s = tmpStore();
  updateSettings(s.db, { officeName: '青城县人民检察院', officeShortName: shortName });
  const b = new Builder(s.db);
  b.case({ caseNo: 'Q1', title: '王五故意伤害案', receivedOn: '2026-09-01', persons: [{ name: '王五' }] });
  b.case({ caseNo: 'Q2', title: '李四诈骗案', receivedOn: '2026-09-01', persons: [{ name: '李四' }] });
  const f = {
    // An open deadline: 超期未结.
    open: b.finding({
      ruleId: 'DL-PROS',
      caseNo: 'Q1',
      severity: '严重',
      kind: '超期未结',
      firstSeen: '2026-10-01',
      message: '王五审查起诉期限 2026-09-30 届满，已超期1日',
    }),
    // A decision made late: 超期办结.
    late: b.finding({
      ruleId: 'DL-ARREST',
      caseNo: 'Q1',
      severity: '较重',
      kind: '超期办结',
      subjectKey: 'a',
      firstSeen: '2026-10-01',
      message: '王五审查逮捕期限 2026-09-08 届满，2026-09-10 才作出决定，超期 2 日',
    }),
    // A data error: 案由未填.
    data: b.finding({ ruleId: 'DQ-CAUSE', caseNo: 'Q2', severity: '轻微', kind: '案由未填', firstSeen: '2026-10-01' }),
  };
  return { ...s, b, f };
}

const count = (ctx: AppContext, sql: string) => (ctx.db.prepare(sql).get() as { n: number }).n;

async function docxText(file: string): Promise<string> {
  const zip = await JSZip.loadAsync(fs.readFileSync(file));
  return (await zip.file('word/document.xml')!.async('string')).replace(/<[^>]+>/g, '');
}

describe('one notice in force per finding; withdrawal', () => {
  it('refuses a second notice for a finding already in one, naming it; after withdrawal the finding is free and the number is not reused', () => {
    const { ctx, f } = office();
    changeFindingStatus(ctx, f.open, { action: 'remind', onDate: '2026-10-02' });
    const n1 = issueNotice(ctx, { findingIds: [f.open], issuedOn: '2026-10-05' });
    expect(n1.number).toBe('青检案管监〔2026〕1号');
    // The 6号-for-1号 case: refused, naming 1号, nothing written.
    expect(() => issueNotice(ctx, { findingIds: [f.open], issuedOn: '2026-10-20' })).toThrow(
      /监控问题 \d+ 已在流程监控通知书 青检案管监〔2026〕1号 中（2026-10-05 发出，未撤回），不能再发通知书/,
    );
    expect(() => issueNotice(ctx, { findingIds: [f.late, f.open], issuedOn: '2026-10-20' })).toThrow(
      /青检案管监〔2026〕1号/,
    );
    expect(count(ctx, 'SELECT COUNT(*) AS n FROM notices')).toBe(1);
    expect(getFinding(ctx.db, f.late)!.status).toBe('待处理');

    // Withdrawal needs a reason; the finding goes back to 已提示 (its status before the notice).
    expect(() => withdrawNotice(ctx, n1.id, { reason: '  ', on: '2026-10-06' })).toThrow('必须填写理由');
    const w = withdrawNotice(ctx, n1.id, { reason: '发错案件', on: '2026-10-06' });
    expect(w).toMatchObject({ status: '已撤回', withdrawnOn: '2026-10-06', withdrawnReason: '发错案件' });
    const back = getFinding(ctx.db, f.open)!;
    expect(back).toMatchObject({ status: '已提示', noticeId: null });
    expect(back.history.at(-1)).toMatchObject({ action: 'notice-withdrawn', from: '已通知', to: '已提示' });
    expect(back.history.at(-1)!.note).toContain('青检案管监〔2026〕1号 撤回：发错案件');
    expect(() => withdrawNotice(ctx, n1.id, { reason: '再次', on: '2026-10-07' })).toThrow('已于 2026-10-06 撤回');
    expect(() => recordReply(ctx, n1.id, { on: '2026-10-08', text: '已整改' })).toThrow('已于 2026-10-06 撤回');

    // A new notice for the same finding: 2号 (1号 stays taken).
    const n2 = issueNotice(ctx, { findingIds: [f.open, f.late], issuedOn: '2026-10-08' });
    expect(n2.number).toBe('青检案管监〔2026〕2号');
    // The withdrawn notice counts nowhere: October issued 1 (2号), none overdue.
    expect(monitoringFigures(ctx.db, '2026-10').metrics).toMatchObject({ noticesIssued: 1, noticesToChief: 1 });
    expect(listNotices(ctx, { asOf: '2026-10-31' }).notices.map((n) => [n.number, n.status])).toEqual([
      ['青检案管监〔2026〕2号', '逾期未回复'],
      ['青检案管监〔2026〕1号', '已撤回'],
    ]);
    expect(count(ctx, "SELECT COUNT(*) AS n FROM audit_trail WHERE action = 'notice.withdraw'")).toBe(1);
  });

  it('replies are recorded from the notice or from any of its findings; statuses 待回复 → 逾期未回复 → 已回复', () => {
    const { ctx, f } = office();
    const n = issueNotice(ctx, { findingIds: [f.open, f.late], issuedOn: '2026-10-05' });
    expect(n.replyDueOn).toBe('2026-10-15');
    expect(getNotice(ctx, n.id, '2026-10-15').status).toBe('待回复');
    expect(getNotice(ctx, n.id, '2026-10-16').status).toBe('逾期未回复');
    expect(listNotices(ctx, { asOf: '2026-10-16', status: '逾期未回复' }).total).toBe(1);
    // From the second finding of the notice.
    const r = recordReply(ctx, { findingId: f.late }, { on: '2026-10-14', text: '已作出决定并说明超期原因' });
    expect(r).toMatchObject({ id: n.id, replyOn: '2026-10-14', replyText: '已作出决定并说明超期原因' });
    expect(getNotice(ctx, n.id, '2026-10-20').status).toBe('已回复');
    expect(listNotices(ctx, { findingId: f.open }).notices.map((x) => x.number)).toEqual([n.number]);
    // A finding in no notice: refused in Chinese.
    expect(() => recordReply(ctx, { findingId: f.data }, { on: '2026-10-14', text: 'x' })).toThrow(
      '尚未发出流程监控通知书',
    );
  });
});

describe('the wording fits the finding', () => {
  it('an open deadline asks for a decision, a late decision for reasons and measures, a data error for correction of the case card', async () => {
    const { ctx, f } = office();
    const n = issueNotice(ctx, { findingIds: [f.open, f.late], issuedOn: '2026-10-05' });
    const [open, late] = n.content.problems;
    expect(open.request).toBe('decide');
    expect(open.correction).toContain('依法及时作出处理决定');
    expect(late.request).toBe('explain');
    expect(late.correction).toContain('说明超期原因');
    expect(late.correction).toContain('防止类似问题再次发生');
    expect(late.correction).not.toContain('依法及时作出处理决定');
    expect(n.content.requirement).toBe(
      '请于2026年10月15日前将核查处理情况、超期原因及防止再次发生的措施书面回复案件管理部门。',
    );
    const d = issueNotice(ctx, { findingIds: [f.data], issuedOn: '2026-10-05' });
    expect(d.content.problems[0]).toMatchObject({ request: 'correct' });
    expect(d.content.problems[0].correction).toContain('更正统一业务应用系统中的案卡信息');
    expect(d.content.problems[0].correction).not.toContain('处理决定');
    expect(d.content.requirement).toContain('案卡更正情况');
    // The exported document says so.
    const out = tmpDir();
    const [docx] = await exportNotice(ctx, n.id, out, ['docx']);
    const text = await docxText(docx);
    expect(text).toContain('依法及时作出处理决定');
    expect(text).toContain('请书面说明超期原因，并提出防止类似问题再次发生的整改措施');
  });
});

describe('the number prefix never doubles 检', () => {
  it('whatever 简称 or prefix is typed', () => {
    const p = (officeShortName: string, noticePrefix: string | null = null) =>
      noticePrefixOf({ officeShortName, noticePrefix });
    expect(p('青检')).toBe('青检案管监');
    expect(p('赤城')).toBe('赤城检案管监');
    expect(p(' 青检 ')).toBe('青检案管监');
    expect(p('青检检')).toBe('青检案管监');
    expect(p('赤城县人民检察院')).toBe('赤城县检案管监');
    expect(p('青检案管监')).toBe('青检案管监');
    expect(p('青检', '青检检案管监')).toBe('青检案管监');
    expect(p('青检', ' 青检案管监〔')).toBe('青检案管监');
    expect(p('青检', '青检监')).toBe('青检监');
  });

  it('issued numbers: 青检 → 青检案管监〔2026〕1号, 赤城 → 赤城检案管监〔2026〕1号', () => {
    for (const [short, want] of [
      ['青检', '青检案管监〔2026〕1号'],
      ['赤城', '赤城检案管监〔2026〕1号'],
    ]) {
      const { ctx, f } = office(short);
      expect(issueNotice(ctx, { findingIds: [f.data], issuedOn: '2026-10-05' }).number).toBe(want);
    }
  });
});

const BIN = path.resolve(__dirname, '../../bin/caseflow.js');
function cli(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...argv], { encoding: 'utf8' }, (e, out, err) =>
      resolve({ code: e ? (typeof e.code === 'number' ? e.code : 2) : 0, out, err }),
    );
  });
}

describe('caseflow notices list|reply|withdraw', () => {
  it('lists with statuses, records a reply by number, withdraws with a reason, refuses in Chinese', async () => {
    const dir = tmpDir();
    const dbPath = path.join(dir, 's.sqlite');
    let second: number;
    {
      const db = openStore(dbPath);
      const ctx: AppContext = { db, dbPath, actor: 't' };
      updateSettings(db, { officeName: '青城县人民检察院', officeShortName: '青检' });
      const b = new Builder(db);
      b.case({ caseNo: 'Q1', receivedOn: '2026-09-01' });
      b.case({ caseNo: 'Q2', receivedOn: '2026-09-01' });
      const a = b.finding({ ruleId: 'DQ-CAUSE', caseNo: 'Q1', firstSeen: '2026-10-01' });
      const c = b.finding({ ruleId: 'DQ-CAUSE', caseNo: 'Q2', firstSeen: '2026-10-01' });
      issueNotice(ctx, { findingIds: [a], issuedOn: '2026-10-05' });
      issueNotice(ctx, { findingIds: [c], issuedOn: '2026-10-06' });
      second = c;
      db.close();
    }
    const db = ['--db', dbPath];
    let r = await cli(['notices', 'list', '--as-of', '2026-10-20', '--json', ...db]);
    expect(r.code, r.err).toBe(0);
    const listed = JSON.parse(r.out);
    expect(listed.notices.map((n: { number: string; status: string }) => `${n.number} ${n.status}`)).toEqual([
      '青检案管监〔2026〕2号 逾期未回复',
      '青检案管监〔2026〕1号 逾期未回复',
    ]);
    r = await cli(['notices', 'reply', '青检案管监〔2026〕1号', '--on', '2026-10-12', '--text', '已补录案由', ...db]);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('已登记 2026-10-12 的回复');
    // From a finding: the notice in force it is in (2号).
    r = await cli(['notices', 'reply', '--finding', String(second), '--on', '2026-10-16', '--text', '已核实', ...db]);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('青检案管监〔2026〕2号');
    expect(r.out).toContain('已登记 2026-10-16 的回复');
    r = await cli(['notices', 'withdraw', '2', '--reason', '重复发出', '--on', '2026-10-21', '--json', ...db]);
    expect(r.code, r.err).toBe(0);
    expect(JSON.parse(r.out).notice).toMatchObject({
      number: '青检案管监〔2026〕2号',
      status: '已撤回',
      withdrawnReason: '重复发出',
    });
    r = await cli(['notices', 'list', '--status', '已回复', '--json', ...db]);
    expect(JSON.parse(r.out).notices.map((n: { number: string }) => n.number)).toEqual(['青检案管监〔2026〕1号']);
    // Refusals: exit 1, a Chinese sentence.
    for (const [argv, msg] of [
      [['notices', 'withdraw', '1'], '必须用 --reason 说明理由'],
      [['notices', 'reply', '1', '--on', '2026-11-31', '--text', 'x'], '--on 应为存在的日期'],
      [['notices', 'reply', '9', '--on', '2026-10-12', '--text', 'x'], '没有文号为“9”的流程监控通知书'],
      [['notices', 'withdraw', '2', '--reason', '再撤'], '已于 2026-10-21 撤回'],
      [['notices', 'list', '--status', '未知'], '--status 应为'],
      [['notices', 'frobnicate'], '未知的子命令'],
      [['notices', 'reply', '--finding', String(second), '--on', '2026-10-22', '--text', 'x'], '已撤回'],
      [['notices', 'reply', '1', '--finding', String(second), '--on', '2026-10-22', '--text', 'x'], '二者选一'],
      [['notices', 'reply', '1', '--on', '2099-01-01', '--text', 'x'], '晚于今天'],
    ] as const) {
      const x = await cli([...argv, ...db]);
      expect(x.code, argv.join(' ')).toBe(1);
      expect(x.err, argv.join(' ')).toContain(msg);
    }
  }, 300_000); // each call starts a process: generous on a loaded machine, never a speed check

  it('resolves the ways a user writes a number', () => {
    const { ctx, f } = office();
    const n = issueNotice(ctx, { findingIds: [f.data], issuedOn: '2026-10-05' });
    for (const ref of ['青检案管监〔2026〕1号', '〔2026〕1号', '2026-1', '1', '1号', `#${n.id}`])
      expect(resolveNotice(ctx, ref), ref).toBe(n.id);
    expect(() => resolveNotice(ctx, 'abc')).toThrow('无法识别');
  });
});
