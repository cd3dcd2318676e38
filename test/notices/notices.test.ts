import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import JSZip from 'jszip';
import { tmpDir, tmpStore } from '../helpers/tmp';
import { Builder } from '../metrics/builder';
import { updateSettings } from '../../core/settings';
import { exportNotice, getNotice, issueNotice, listNotices, recordReply, withdrawNotice } from '../../core/notices';
import { monitoringFigures } from '../../core/metrics';

function setup() {
  const s = tmpStore();
  updateSettings(s.db, { officeName: '赤城县人民检察院', officeShortName: '赤' });
  const b = new Builder(s.db);
  b.case({ caseNo: 'C1', title: '王五故意伤害案', receivedOn: '2026-09-01', persons: [{ name: '王五' }] });
  b.case({
    caseNo: 'C2',
    title: '李四诈骗案',
    receivedOn: '2026-09-01',
    prosecutor: '周检察',
    department: '第二检察部',
    persons: [{ name: '李四' }],
  });
  const f = {
    serious: b.finding({
      ruleId: 'DL-PROS',
      caseNo: 'C1',
      severity: '严重',
      firstSeen: '2026-10-01',
      message: '王五审查起诉超期未结，已超期3日',
    }),
    minor: b.finding({ ruleId: 'DQ-CAUSE', caseNo: 'C1', severity: '轻微', firstSeen: '2026-10-01', subjectKey: 'x' }),
    other: b.finding({ ruleId: 'DQ-CAUSE', caseNo: 'C2', severity: '轻微', firstSeen: '2026-10-01' }),
    closed: b.finding({
      ruleId: 'DOC-DATE',
      caseNo: 'C2',
      severity: '轻微',
      firstSeen: '2026-10-01',
      status: '已整改',
      rectifiedOn: '2026-10-02',
      subjectKey: 'd',
    }),
  };
  return { ...s, b, f };
}

describe('流程监控通知书', () => {
  it('numbers per year, reply deadline, 报检察长 for 严重, findings become 已通知 in the same transaction', () => {
    const { ctx, db, f } = setup();
    // The door's clock (todayOf): 2027-01-10 in China, so the notices of 2026-12-30 and 2027-01-04 are in the past.
    ctx.now = () => new Date('2027-01-10T02:00:00Z');
    const n1 = issueNotice(ctx, { findingIds: [f.serious, f.minor], issuedOn: '2026-10-05' });
    expect(n1.number).toBe('赤检案管监〔2026〕1号');
    expect(n1.replyDueOn).toBe('2026-10-15');
    expect(n1.toChief).toBe(true);
    expect(n1.content.addressee).toEqual({ department: '第一检察部', prosecutor: '李检察' });
    expect(n1.content.case.title).toBe('王某故意伤害案');
    expect(n1.content.problems[0].message).toBe('王某审查起诉超期未结，已超期3日');
    expect(n1.content.problems[0].basis).not.toBe('');
    const row = db.prepare('SELECT status, notice_id FROM findings WHERE id = ?').get(f.serious) as {
      status: string;
      notice_id: number;
    };
    expect(row).toEqual({ status: '已通知', notice_id: n1.id });
    expect(
      (db.prepare("SELECT COUNT(*) AS n FROM finding_events WHERE action = 'notice'").get() as { n: number }).n,
    ).toBe(2);
    expect(
      (db.prepare("SELECT COUNT(*) AS n FROM audit_trail WHERE action = 'notice.issue'").get() as { n: number }).n,
    ).toBe(1);

    const n2 = issueNotice(ctx, { findingIds: [f.other], issuedOn: '2026-12-30' });
    expect(n2.number).toBe('赤检案管监〔2026〕2号');
    expect(n2.toChief).toBe(false);
    expect(n2.prosecutor).toBe('周检察');
    updateSettings(db, { noticePrefix: '赤检监' });
    // f.other is in 2号 until it is withdrawn (one notice in force per finding).
    withdrawNotice(ctx, n2.id, { reason: '承办检察官填写有误', on: '2027-01-04' });
    const n3 = issueNotice(ctx, { findingIds: [f.other], issuedOn: '2027-01-04' });
    expect(n3.number).toBe('赤检监〔2027〕1号');
    expect(listNotices(ctx).notices.map((n) => n.number)).toEqual([
      '赤检监〔2027〕1号',
      '赤检案管监〔2026〕2号',
      '赤检案管监〔2026〕1号',
    ]);
    // The monitoring bulletin counts it.
    expect(monitoringFigures(db, '2026-10').metrics).toMatchObject({ noticesIssued: 1, noticesToChief: 1 });
  });

  it("dates by the door's clock: issued today by default, and no issue, reply or withdrawal dated after today", () => {
    const { ctx, db, f } = setup();
    // 2026-11-30 16:30 UTC is already 2026-12-01 in China (the machine here runs in Los Angeles).
    ctx.now = () => new Date('2026-11-30T16:30:00Z');
    expect(() => issueNotice(ctx, { findingIds: [f.serious], issuedOn: '2026-12-02' })).toThrow(
      /发出日期 2026-12-02 晚于今天（2026-12-01）/,
    );
    expect((db.prepare('SELECT COUNT(*) AS n FROM notices').get() as { n: number }).n).toBe(0);
    const n = issueNotice(ctx, { findingIds: [f.serious] });
    expect(n.issuedOn).toBe('2026-12-01');
    expect(() => recordReply(ctx, n.id, { on: '2026-12-02', text: '已整改' })).toThrow(/回复日期 2026-12-02 晚于今天/);
    expect(() => withdrawNotice(ctx, n.id, { reason: '误发', on: '2026-12-02' })).toThrow(
      /撤回日期 2026-12-02 晚于今天/,
    );
    expect(getNotice(ctx, n.id)).toMatchObject({ replyOn: null, withdrawnOn: null });
    expect(withdrawNotice(ctx, n.id, { reason: '误发' }).withdrawnOn).toBe('2026-12-01');
  });

  it('refuses findings of several cases, closed findings and unknown ids, in Chinese, writing nothing', () => {
    const { ctx, db, f } = setup();
    expect(() => issueNotice(ctx, { findingIds: [f.serious, f.other], issuedOn: '2026-10-05' })).toThrow(
      /只能针对一个案件/,
    );
    expect(() => issueNotice(ctx, { findingIds: [f.closed], issuedOn: '2026-10-05' })).toThrow(/已整改/);
    expect(() => issueNotice(ctx, { findingIds: [9999] })).toThrow(/不存在/);
    expect(() => issueNotice(ctx, { findingIds: [] })).toThrow(/至少一个/);
    expect((db.prepare('SELECT COUNT(*) AS n FROM notices').get() as { n: number }).n).toBe(0);
    expect((db.prepare('SELECT status FROM findings WHERE id = ?').get(f.serious) as { status: string }).status).toBe(
      '待处理',
    );
  });

  it('reply deadline in working days skips weekends (and holidays)', () => {
    const { ctx, db, f } = setup();
    updateSettings(db, { noticeReplyWorkingDays: true });
    const n = issueNotice(ctx, { findingIds: [f.minor], issuedOn: '2026-11-02' });
    expect(n.replyDueOn).toBe('2026-11-16');
    expect(n.toChief).toBe(false);
  });

  it('records the reply and exports DOCX and PDF with the number and masked names', async () => {
    const { ctx, db, f } = setup();
    const n = issueNotice(ctx, { findingIds: [f.serious], issuedOn: '2026-10-05' });
    expect(() => recordReply(ctx, n.id, { on: '2026-10-01', text: '已整改' })).toThrow(/早于/);
    const r = recordReply(ctx, n.id, { on: '2026-10-12', text: '已于10月12日作出起诉决定。' });
    expect(r.replyOn).toBe('2026-10-12');
    expect(getNotice(ctx, n.id).replyText).toBe('已于10月12日作出起诉决定。');
    expect(monitoringFigures(db, '2026-10').metrics.repliesOverdue).toBe(0);
    const out = tmpDir();
    const files = await exportNotice(ctx, n.id, out, ['docx', 'pdf']);
    expect(files.map((x) => path.basename(x))).toEqual([
      '流程监控通知书_赤检案管监〔2026〕1号.docx',
      '流程监控通知书_赤检案管监〔2026〕1号.pdf',
    ]);
    const xml = await (await JSZip.loadAsync(fs.readFileSync(files[0]))).file('word/document.xml')!.async('string');
    const text = xml.replace(/<[^>]+>/g, '');
    expect(text).toContain('赤检案管监〔2026〕1号');
    expect(text).toContain('流程监控通知书');
    expect(text).toContain('李检察');
    expect(text).toContain('王某故意伤害案');
    expect(text).toContain('2026年10月15日');
    expect(text).toContain('检察长');
    expect(text).not.toContain('王五');
    const pdf = execFileSync('pdftotext', [files[1], '-'], { encoding: 'utf8' }).replace(/\s/g, '');
    expect(pdf).toContain('赤检案管监〔2026〕1号');
    expect(pdf).toContain('赤城县人民检察院');
    expect(pdf).not.toContain('王五');
  });
});
