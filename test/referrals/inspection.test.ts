import { afterAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { tmpDir, tmpStore } from '../helpers/tmp';
import {
  addReferral,
  addReview,
  freezeReferralPackage,
  getReferralPackage,
  packageFolderName,
} from '../../core/referrals';
import { monitoringFigures } from '../../core/metrics';
import { CASES, MONTH, makePrinter, seedCases, seedFindings, seedNotices, xlsxRows } from './fixture';

const printer = makePrinter();
afterAll(async () => {
  await printer?.close();
});

describe('the package and the monthly inspection', () => {
  it('freezes one version per inspection run; a regenerated inspection makes a new version; figures agree with the bulletin', () => {
    const { db, ctx } = tmpStore();
    seedCases(db);
    seedFindings(db);
    seedNotices(ctx);
    addReferral(ctx, {
      receivedOn: '2026-10-12',
      docNumber: 'D1',
      caseNo: CASES[0].caseNo,
      category: '程序',
      description: 'x',
    });
    const run = (v: number) =>
      Number(
        db
          .prepare(
            `INSERT INTO job_runs(job, period, version, as_of, started_at, status, actor) VALUES ('inspection', ?, ?, '2026-10-31', 't', 'succeeded', 'tester')`,
          )
          .run(MONTH, v).lastInsertRowid,
      );
    const r1 = run(1);
    const a = freezeReferralPackage(ctx, { month: MONTH, runId: r1 });
    expect(a).toMatchObject({ frozeNew: true, data: { version: 1 } });
    expect(freezeReferralPackage(ctx, { month: MONTH, runId: r1 }).frozeNew).toBe(false);
    expect(freezeReferralPackage(ctx, { month: MONTH }).frozeNew).toBe(false); // on demand: the inspection's version
    expect(db.prepare(`SELECT COUNT(*) AS n FROM job_runs WHERE job = 'referrals'`).get()).toEqual({ n: 0 });
    const r2 = run(2);
    const b = freezeReferralPackage(ctx, { month: MONTH, runId: r2 });
    expect(b).toMatchObject({ frozeNew: true, data: { version: 2 } });
    expect(
      db.prepare(`SELECT version, run_id FROM snapshots WHERE kind = 'referral-package' ORDER BY version`).all(),
    ).toEqual([
      { version: 1, run_id: r1 },
      { version: 2, run_id: r2 },
    ]);

    // the data-check summary says what the 流程监控通报 says
    const m = monitoringFigures(db, MONTH);
    const d = b.data.dataCheck;
    expect(d.totals.found).toBe(m.metrics.findingsNew);
    expect(d.byArea.map((x) => [x.area, x.found])).toEqual(m.byArea.map((x) => [x.area, x.count]));
    expect(d.byDepartment.map((x) => [x.department, x.found, x.rectified, x.open])).toEqual(
      m.byDepartment.map((x) => [x.department, x.findingsNew, x.findingsRectified, x.findingsOpen]),
    );
    expect(d.byProsecutor.map((x) => [x.prosecutor, x.found, x.rectified, x.open])).toEqual(
      m.byProsecutor.map((x) => [x.prosecutor, x.findingsNew, x.findingsRectified, x.findingsOpen]),
    );
    expect(b.data.referralsIn).toBe(m.metrics.referralsIn);
  });

  it('the monthly inspection with an output folder writes the package tied to its run', async () => {
    const { db, ctx } = tmpStore();
    const c = { ...ctx, printPdf: printer?.print };
    seedCases(db);
    seedFindings(db);
    seedNotices(c);
    addReview(c, {
      caseNo: CASES[0].caseNo,
      reviewedOn: '2026-10-15',
      reviewer: '孙评',
      kind: '重点评查',
      grade: '不合格',
      problems: '问题',
    });
    const ref = addReferral(c, {
      receivedOn: '2026-10-12',
      docNumber: 'D1',
      caseNo: CASES[1].caseNo,
      category: '程序',
      description: '未按期告知',
    });
    const { runMonthlyInspection } = await import('../../core/jobs/inspection');
    const out = tmpDir();
    const res = await runMonthlyInspection(c, { month: MONTH, outDir: out });
    expect(res.warnings.filter((w) => /线索移送/.test(w))).toEqual([]);
    const folder = path.join(out, packageFolderName(MONTH));
    expect(res.files).toContain(folder);
    const snap = db.prepare(`SELECT run_id FROM snapshots WHERE kind = 'referral-package'`).all();
    expect(snap).toEqual([{ run_id: res.runId }]);
    expect(getReferralPackage(c, MONTH)?.reviews).toHaveLength(1);
    expect(getReferralPackage(c, MONTH)?.referralsIn).toBe(1);
    // the inspection's audit does not close a finding it did not detect (source 检务督查)
    expect(db.prepare('SELECT status, source FROM findings WHERE id = ?').get(ref.findingId)).toEqual({
      status: '待处理',
      source: '检务督查',
    });
    const idx = await xlsxRows(path.join(folder, '目录.xlsx'));
    expect(
      idx
        .slice(1)
        .map((r) => r[5])
        .sort(),
    ).toEqual(
      fs
        .readdirSync(folder)
        .filter((f) => f !== '目录.xlsx')
        .sort(),
    );
  });
});
