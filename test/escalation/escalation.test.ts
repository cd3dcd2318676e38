/**
 * A finding walked through the escalation ladder (jobs.md *Escalation (督查移送)*) with the dates controlled:
 * imported cases, daily audits as of given dates, a monitoring notice, the reply deadline passing, 逾期未整改 at the
 * next audit, the month's referral proposals, an exclusion with a reason, the package export that refers the rest
 * (已移送督查 in the history), and the dossier counting it.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tmpStore } from '../helpers/tmp';
import { updateSettings } from '../../core/settings';
import { runAudit } from '../../core/jobs/audit';
import { issueNotice, withdrawNotice } from '../../core/notices';
import { getFinding, listFindings } from '../../core/findings';
import { monitoringFigures } from '../../core/metrics';
import { buildMonitoringSnapshot, buildWeeklySnapshot } from '../../core/metrics/snapshots';
import { weeklyDocument } from '../../core/documents/kinds/weekly';
import { monitoringDocument } from '../../core/documents/kinds/monitoring';
import { excludeFromReferral, referralProposals, restoreToReferral } from '../../core/escalation';
import { exportReferralPackage, getReferralPackage } from '../../core/referrals';
import { buildDossier, dossierJson } from '../../core/dossier';
import { importCases, type WalkCase } from './walk';
import { docxText, makePrinter, pdfText, xlsxRows } from '../referrals/fixture';

const printer = makePrinter();
afterAll(async () => {
  await printer?.close();
});

const 李 = { prosecutor: '李明', department: '第一检察部' };
const 赵 = { prosecutor: '赵静', department: '第二检察部' };
const C = (no: number, who: typeof 李, person: string, cause = ''): WalkCase => ({
  caseNo: `赤检刑诉受[2026]1307320000${no}号`,
  title: `${person}盗窃案`,
  receivedOn: '2026-09-28',
  cause,
  person,
  ...who,
});
// E1, E2: never corrected (逾期未整改); E3: corrected before the deadline; E4: corrected the day the next audit runs.
const E1 = C(41, 李, '张三丰');
const E2 = C(42, 李, '王小二');
const E3 = C(43, 赵, '欧阳娜娜');
const E4 = C(44, 李, '刘大');

describe('逾期未整改: notice → reply deadline passed → next audit → referral package → dossier', () => {
  const s = tmpStore();
  const { ctx, db } = s;
  const printless = { ...ctx, printPdf: async (): Promise<Buffer> => Promise.reject(new Error('测试中不打印')) };
  const fid = (c: WalkCase) =>
    (db.prepare(`SELECT id FROM findings WHERE rule_id = 'DQ-CAUSE' AND case_no = ?`).get(c.caseNo) as { id: number })
      .id;
  const overdueOf = (c: WalkCase) =>
    (db.prepare('SELECT overdue_on FROM findings WHERE id = ?').get(fid(c)) as { overdue_on: string | null })
      .overdue_on;

  beforeAll(async () => {
    updateSettings(db, { officeName: '赤城县人民检察院', officeShortName: '赤' });
    await importCases(
      ctx,
      s.dir,
      [E1, E2, E3, E4],
      [
        ['李明', '第一检察部', '员额检察官', '是'],
        ['赵静', '第二检察部', '员额检察官', '是'],
      ],
    );
    runAudit(ctx, { asOf: '2026-10-05' });
    for (const c of [E1, E2, E3, E4]) issueNotice(ctx, { findingIds: [fid(c)], issuedOn: '2026-10-08' });
  });

  it('the reply deadline is the 10th day; on that day nothing is overdue yet', async () => {
    expect(getFinding(db, fid(E1))!.status).toBe('已通知');
    await importCases(ctx, s.dir, [{ ...E3, cause: '盗窃罪' }]);
    expect(runAudit(ctx, { asOf: '2026-10-12' }).counts.rectified).toBe(1);
    const a = runAudit(ctx, { asOf: '2026-10-18' });
    expect(a.counts.overdue).toBe(0);
    expect([E1, E2, E3, E4].map(overdueOf)).toEqual([null, null, null, null]);
  });

  it('the next audit after the deadline makes the still-open findings 逾期未整改 as of its date, not the rectified ones', async () => {
    await importCases(ctx, s.dir, [{ ...E4, cause: '盗窃罪' }]);
    const a = runAudit(ctx, { asOf: '2026-10-19' });
    expect(a.counts.overdue).toBe(2);
    expect([E1, E2, E3, E4].map(overdueOf)).toEqual(['2026-10-19', '2026-10-19', null, null]);
    const f = getFinding(db, fid(E1))!;
    expect(f.overdueRectification).toBe(true);
    expect(f.status).toBe('已通知'); // escalation never changes the status
    const h = f.history.find((x) => x.action === 'overdue')!;
    expect(h).toMatchObject({ onDate: '2026-10-19', to: '逾期未整改', kind: 'escalation', actor: '日审核' });
    expect(h.note).toContain('赤检案管监〔2026〕1号');
    expect(h.note).toContain('2026年10月18日');
    expect(getFinding(db, fid(E4))!.overdueRectification).toBe(false);
    // A later audit does not mark it again.
    expect(runAudit(ctx, { asOf: '2026-10-20' }).counts.overdue).toBe(0);
    expect(getFinding(db, fid(E1))!.history.filter((x) => x.action === 'overdue')).toHaveLength(1);
    expect(listFindings(db, { overdueRectification: true }).findings.map((x) => x.caseNo)).toEqual([
      E1.caseNo,
      E2.caseNo,
    ]);
  });

  it('counts in the monitoring bulletin and the weekly notice as findingsOverdueRectification', () => {
    expect(monitoringFigures(db, '2026-10').metrics.findingsOverdueRectification).toBe(2);
    expect(monitoringFigures(db, '2026-09').metrics.findingsOverdueRectification).toBe(0);
    const meta = {
      version: 1,
      asOf: '2026-10-25',
      generatedAt: '2026-10-26T08:00:00+08:00',
      office: '赤城县人民检察院',
      officeShort: '赤',
      rankWithinDepartment: false,
    };
    const w43 = buildWeeklySnapshot(db, '2026-W43', meta);
    expect(w43.metrics.findingsOverdueRectification).toBe(2);
    expect(buildWeeklySnapshot(db, '2026-W42', meta).metrics.findingsOverdueRectification).toBe(0);
    // The documents say it: the weekly notice's overview and the monitoring bulletin's overview and 表1.
    const said = (d: { body: unknown }) => JSON.stringify(d.body);
    expect(said(weeklyDocument(w43))).toContain('逾期未整改2个');
    const mon = buildMonitoringSnapshot(db, '2026-10', meta);
    expect(said(monitoringDocument(mon))).toContain('其中逾期未整改2个');
    expect(said(monitoringDocument(mon))).toMatch(/\["逾期未整改","2"/);
  });

  it("October's package proposes both; one is excluded with a reason, the other referred on export", async () => {
    const p = referralProposals(db, '2026-10');
    expect(p.map((x) => x.caseNo)).toEqual([E1.caseNo, E2.caseNo]);
    expect(p[0]).toMatchObject({
      title: '张某某盗窃案',
      prosecutor: '李明',
      overdueOn: '2026-10-19',
      notice: { number: '赤检案管监〔2026〕1号', replyDueOn: '2026-10-18', replyOn: null },
      excluded: null,
      referred: null,
    });
    expect(referralProposals(db, '2026-09')).toEqual([]);
    expect(() => excludeFromReferral(ctx, { month: '2026-10', findingId: fid(E2), reason: '  ' })).toThrow(/理由/);
    expect(() => excludeFromReferral(ctx, { month: '2026-10', findingId: fid(E3), reason: 'x' })).toThrow(/不在/);
    expect(() => restoreToReferral(ctx, { month: '2026-10', findingId: fid(E2) })).toThrow(/未被排除/);
    const x = excludeFromReferral(ctx, {
      month: '2026-10',
      findingId: fid(E2),
      reason: '已当面督促，承办人已说明原因',
      onDate: '2026-11-02',
    });
    expect(x.excluded).toMatchObject({ reason: '已当面督促，承办人已说明原因', by: 'tester' });

    const out = path.join(s.dir, 'out');
    const r = await exportReferralPackage(printer ? { ...ctx, printPdf: printer.print } : printless, {
      month: '2026-10',
      outDir: out,
      producedAt: '2026-11-02T09:00:00+08:00',
    });
    expect(r.counts.escalated).toBe(1);
    // 逾期未整改问题移送清单 (Word, PDF, Excel) read back: the referred one listed, the excluded one with its reason.
    const base = path.join(r.folder, '05-逾期未整改问题移送清单');
    const docx = await docxText(`${base}.docx`);
    expect(docx).toContain('2026年10月逾期未整改问题');
    expect(docx).toContain('共2个，现移送1个');
    expect(docx).toContain(E1.caseNo);
    expect(docx).toContain('已当面督促，承办人已说明原因');
    expect(docx).not.toContain('张三丰');
    if (printer) {
      const pdf = pdfText(`${base}.pdf`).replace(/\s+/g, '');
      expect(pdf).toContain('逾期未整改问题移送清单');
      expect(pdf).toContain(E2.caseNo);
    }
    const sheet = await xlsxRows(`${base}.xlsx`, '移送清单');
    expect(sheet[0]).toContain('逾期未整改认定日期');
    expect(sheet.slice(1).map((x) => [x[1], x[2], x[9]])).toEqual([[E1.caseNo, '张某某盗窃案', '2026-10-19']]);
    const excludedRows = await xlsxRows(`${base}.xlsx`, '不予移送');
    expect(excludedRows.slice(1).map((x) => [x[1], x[12]])).toEqual([[E2.caseNo, '已当面督促，承办人已说明原因']]);
    const pkg = getReferralPackage(ctx, '2026-10')!;
    expect(pkg.escalations!.referred.map((x) => x.caseNo)).toEqual([E1.caseNo]);
    expect(pkg.escalations!.excluded.map((x) => [x.caseNo, x.excluded!.reason])).toEqual([
      [E2.caseNo, '已当面督促，承办人已说明原因'],
    ]);
    const f1 = getFinding(db, fid(E1))!;
    expect(f1.referred).toEqual({ month: '2026-10', version: 1, on: '2026-11-02' });
    expect(f1.history.at(-1)).toMatchObject({ action: 'refer', to: '已移送督查', onDate: '2026-11-02' });
    expect(f1.history.at(-1)!.note).toContain('2026年10月逾期未整改问题移送清单（第1版）');
    const f2 = getFinding(db, fid(E2))!;
    expect(f2.referred).toBeNull();
    expect(f2.history.map((h) => h.to)).toContain('不予移送');
    expect(f2.history.find((h) => h.action === 'exclude')!.note).toContain('已当面督促');

    // Re-exporting the frozen version refers nothing new.
    await exportReferralPackage(printless, { month: '2026-10', outDir: out });
    expect(getFinding(db, fid(E1))!.history.filter((h) => h.action === 'refer')).toHaveLength(1);
  });

  it('the dossier counts the referred finding as escalated (李明: 1; 赵静: 0)', () => {
    const d = buildDossier(db, '李明', '2026', '2026-12-05');
    expect(dossierJson(d).findings.escalated).toBe(1);
    expect(d.findings.overdue).toBe(2);
    expect(buildDossier(db, '赵静', '2026', '2026-12-05').findings.escalated).toBe(0);
  });

  it('a regenerated package follows the exclusions: restoring refers it, excluding a referred one withdraws it', async () => {
    const out = path.join(s.dir, 'out2');
    restoreToReferral(ctx, { month: '2026-10', findingId: fid(E2), onDate: '2026-11-03' });
    excludeFromReferral(ctx, {
      month: '2026-10',
      findingId: fid(E1),
      reason: '经核实系系统数据延迟',
      onDate: '2026-11-03',
    });
    const r = await exportReferralPackage(printless, {
      month: '2026-10',
      outDir: out,
      regenerate: true,
      producedAt: '2026-11-03T09:00:00+08:00',
    });
    expect(r.version).toBe(2);
    expect(getFinding(db, fid(E2))!.referred).toEqual({ month: '2026-10', version: 2, on: '2026-11-03' });
    const f1 = getFinding(db, fid(E1))!;
    expect(f1.referred).toBeNull();
    expect(f1.history.at(-1)).toMatchObject({ action: 'unrefer', to: '撤回移送' });
    expect(f1.history.at(-1)!.note).toContain('经核实系系统数据延迟');
    expect(buildDossier(db, '李明', '2026', '2026-12-05').findings.escalated).toBe(1);
  });
});

describe('逾期未整改 does not depend on the order the audits ran in', () => {
  it("an audit for an earlier date (the month's inspection run after today's audit) moves the date back into its month", async () => {
    const s = tmpStore();
    const { ctx, db } = s;
    const F = C(51, 李, '钱六');
    await importCases(ctx, s.dir, [F], [['李明', '第一检察部', '员额检察官', '是']]);
    runAudit(ctx, { asOf: '2026-10-05' });
    const id = (
      db.prepare(`SELECT id FROM findings WHERE case_no = ? AND rule_id = 'DQ-CAUSE'`).get(F.caseNo) as {
        id: number;
      }
    ).id;
    issueNotice(ctx, { findingIds: [id], issuedOn: '2026-10-08' }); // reply due 10-18
    // No audit until November 2: today's audit finds it 逾期未整改 as of then…
    runAudit(ctx, { asOf: '2026-11-02' });
    expect(getFinding(db, id)!.overdueOn).toBe('2026-11-02');
    expect(referralProposals(db, '2026-11').map((p) => p.findingId)).toEqual([id]);
    // …then October's inspection runs its audit as of 10-31, which finds it open past its deadline too.
    const a = runAudit(ctx, { asOf: '2026-10-31' });
    expect(a.counts.overdue).toBe(1);
    const f = getFinding(db, id)!;
    expect(f.overdueOn).toBe('2026-10-31');
    expect(f.history.filter((h) => h.action === 'overdue').map((h) => h.onDate)).toEqual(['2026-10-31', '2026-11-02']);
    expect(referralProposals(db, '2026-10').map((p) => p.findingId)).toEqual([id]);
    expect(referralProposals(db, '2026-11')).toEqual([]);
    // An audit for a date before the deadline changes nothing.
    expect(runAudit(ctx, { asOf: '2026-10-15' }).counts.overdue).toBe(0);
    expect(getFinding(db, id)!.overdueOn).toBe('2026-10-31');
  });
});

describe('逾期未整改 reads only notices in force on the audit date (a withdrawn notice sets no deadline)', () => {
  it('withdrawn before the audit: not overdue; withdrawn after it: overdue; a new notice sets its own deadline', async () => {
    const s = tmpStore();
    const { ctx, db } = s;
    const G = C(61, 李, '孙七');
    const H = C(62, 李, '周八');
    await importCases(ctx, s.dir, [G, H], [['李明', '第一检察部', '员额检察官', '是']]);
    runAudit(ctx, { asOf: '2026-10-05' });
    const idOf = (c: WalkCase) =>
      (db.prepare(`SELECT id FROM findings WHERE case_no = ? AND rule_id = 'DQ-CAUSE'`).get(c.caseNo) as { id: number })
        .id;
    const g = issueNotice(ctx, { findingIds: [idOf(G)], issuedOn: '2026-10-08' }); // reply due 10-18
    const h = issueNotice(ctx, { findingIds: [idOf(H)], issuedOn: '2026-10-08' });
    withdrawNotice(ctx, g.id, { reason: '通知书发错对象', on: '2026-10-12' });
    withdrawNotice(ctx, h.id, { reason: '承办人已当面整改说明', on: '2026-10-25' });
    // As of 10-20: G's notice was withdrawn on the 12th (no deadline); H's was still in force, its deadline passed.
    expect(runAudit(ctx, { asOf: '2026-10-20' }).counts.overdue).toBe(1);
    expect(getFinding(db, idOf(G))!.overdueOn).toBeNull();
    expect(getFinding(db, idOf(H))!.overdueOn).toBe('2026-10-20');
    // G under a new notice (reply due 10-23): overdue at the next audit after that deadline.
    issueNotice(ctx, { findingIds: [idOf(G)], issuedOn: '2026-10-13' });
    expect(runAudit(ctx, { asOf: '2026-10-26' }).counts.overdue).toBe(1);
    expect(getFinding(db, idOf(G))!.overdueOn).toBe('2026-10-26');
  });
});
