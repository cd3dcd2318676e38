/**
 * End to end: the generated workbook goes through the real import and the real daily audit, and the
 * audit finds exactly the planted problems: the same set of (ruleId, caseNo), nothing more, nothing less.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { normalizeCaseNo } from '../../core/domain';
import {
  generateCases,
  generateStaff,
  snapshotAsOf,
  writeBundlesWorkbook,
  writeCsvFiles,
  writeWorkbook,
  type Planted,
} from '../../tools/generator';
import { runImport } from '../../core/import';
import { runAudit } from '../../core/jobs/audit';
import { listFindings } from '../../core/findings';
import { tmpDir, tmpStore } from '../helpers/tmp';

const ASOF = '2026-10-31';

function key(ruleId: string, caseNo: string): string {
  return `${ruleId} ${normalizeCaseNo(caseNo)}`;
}

describe('planted problems vs the audit', () => {
  it('the audit of a generated office finds exactly the planted (ruleId, caseNo) pairs', async () => {
    const file = path.join(tmpDir(), 'office.xlsx');
    const { planted, cases } = await writeWorkbook({ cases: 1500, seed: 20261031, asOf: ASOF }, file);
    expect(cases).toBe(1500);
    const { ctx, db } = tmpStore();
    const imp = await runImport(ctx, [file]);
    expect(imp.errors.slice(0, 5)).toEqual([]);
    expect(imp.ok).toBe(true);
    expect(imp.cases.added).toBe(1500);
    expect(imp.warnings).toEqual([]);
    expect(imp.staffAdded).toEqual([]);
    runAudit(ctx, { asOf: ASOF });
    const { findings } = listFindings(db, { status: ['待处理', '已提示', '已通知'], limit: 100000 });

    const want = new Map<string, Planted>();
    for (const p of planted) want.set(key(p.ruleId, p.caseNo), p);
    const got = new Map<string, (typeof findings)[number]>();
    for (const f of findings) got.set(key(f.ruleId, f.caseNo), f);

    const unexpected = [...got]
      .filter(([k]) => !want.has(k))
      .map(([, f]) => `${f.ruleId} ${f.caseNo} ${f.personNo ?? ''} ${f.message}`);
    const missed = [...want]
      .filter(([k]) => !got.has(k))
      .map(([, p]) => `${p.ruleId} ${p.caseNo} ${p.personNo ?? ''} ${p.note}`);
    expect({ unexpected: unexpected.slice(0, 20), missed: missed.slice(0, 20) }).toEqual({
      unexpected: [],
      missed: [],
    });
    expect(new Set(planted.map((p) => p.ruleId)).size).toBeGreaterThanOrEqual(20);

    // and the person each finding concerns is the planted person (null for case/event/document rules)
    const triple = (r: string, c: string, p: string | null) => `${key(r, c)} ${p ?? '-'}`;
    const wantP = new Set(planted.map((p) => triple(p.ruleId, p.caseNo, p.personNo)));
    const gotP = new Set(findings.map((f) => triple(f.ruleId, f.caseNo, f.personNo)));
    expect({
      extra: [...gotP].filter((k) => !wantP.has(k)).slice(0, 20),
      lacking: [...wantP].filter((k) => !gotP.has(k)).slice(0, 20),
    }).toEqual({ extra: [], lacking: [] });
    db.close();
  });
});

describe('day-by-day snapshots through the import and the audit', () => {
  it('importing snapshotAsOf of each day and auditing that day finds exactly the planted problems of that day', async () => {
    const opts = { cases: 900, seed: 77, asOf: '2026-09-30' };
    const full = [...generateCases(opts)];
    const staff = generateStaff(opts);
    const { ctx, db } = tmpStore();
    const dir = tmpDir();
    for (const day of ['2026-09-03', '2026-09-04', '2026-09-14', '2026-09-21', '2026-09-30']) {
      const snaps = full.map((b) => snapshotAsOf(b, day)).filter((b): b is NonNullable<typeof b> => b != null);
      const file = path.join(dir, `${day}.xlsx`);
      await writeBundlesWorkbook(snaps, staff, file);
      const imp = await runImport(ctx, [file]);
      expect(imp.errors.slice(0, 3)).toEqual([]);
      runAudit(ctx, { asOf: day });
      const { findings } = listFindings(db, { status: ['待处理', '已提示', '已通知'], limit: 100000 });
      const got = new Set(findings.map((f) => key(f.ruleId, f.caseNo)));
      const want = new Set(snaps.flatMap((b) => b.planted.map((p) => key(p.ruleId, p.caseNo))));
      expect({
        day,
        unexpected: [...got].filter((k) => !want.has(k)),
        missed: [...want].filter((k) => !got.has(k)),
      }).toEqual({ day, unexpected: [], missed: [] });
    }
    db.close();
  });
});

describe('GBK CSV files through the import and the audit', () => {
  it('the same office written as GBK CSV files imports and audits to the same planted set', async () => {
    const opts = { cases: 1000, seed: 31, asOf: '2026-08-31' };
    const files = await writeCsvFiles(opts, tmpDir(), 'gbk');
    const { ctx, db } = tmpStore();
    const imp = await runImport(ctx, files);
    expect(imp.errors.slice(0, 3)).toEqual([]);
    expect(imp.cases.added).toBe(1000);
    runAudit(ctx, { asOf: opts.asOf });
    const { findings } = listFindings(db, { status: ['待处理', '已提示', '已通知'], limit: 100000 });
    const planted = [...generateCases(opts)].flatMap((b) => b.planted);
    const got = new Set(findings.map((f) => key(f.ruleId, f.caseNo)));
    const want = new Set(planted.map((p) => key(p.ruleId, p.caseNo)));
    expect({ unexpected: [...got].filter((k) => !want.has(k)), missed: [...want].filter((k) => !got.has(k)) }).toEqual({
      unexpected: [],
      missed: [],
    });
    db.close();
  });
});
