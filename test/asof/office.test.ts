/**
 * The office as it stood on a month's last day (rules.md "The audit as of a date"), end to end through the real
 * import and the real `caseflow` command:
 *   - an office exported twelve days after the month end, imported with that data date, audited as of the month
 *     end and inspected for the month, gives exactly what the office as it stood that day gives (its own export
 *     of that day, made separately by the generator's snapshot helper);
 *   - the month's bulletins are the same whether today's audit ran before the inspection or after it.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  generateCases,
  generateStaff,
  snapshotAsOf,
  writeBundlesWorkbook,
  type CaseBundle,
} from '../../tools/generator';
import { openStore } from '../../db/store';
import { tmpDir } from '../helpers/tmp';
import { caseflow, caseflowJson } from '../helpers/caseflow';
import { handOffice } from './hand-office';

const MONTH = '2026-09';
const END = '2026-09-30';
const TAKEN = '2026-10-12';
const OPTS = { cases: 700, seed: 20260930, asOf: TAKEN };

interface AuditJson {
  asOf: string;
  findings: Record<string, unknown>[];
  warnings: Record<string, unknown>[];
}
interface InspectJson {
  prosecutors: { rows: unknown[]; totals: Record<string, number | null> };
  monitoring: { metrics: Record<string, number | null> } & Record<string, unknown>;
  dataCheck: { openByRule: unknown[] };
}

async function workbook(
  dir: string,
  name: string,
  bundles: CaseBundle[],
  staff = generateStaff(OPTS),
): Promise<string> {
  const file = path.join(dir, name);
  await writeBundlesWorkbook(bundles, staff, file);
  return file;
}

/** A finding as `audit --json` prints it, without the store's own row id. */
const finding = ({ id: _id, ...f }: Record<string, unknown>) => f;

describe('the office as it stood on the month end', () => {
  it('caseflow audit --date <month end> and the month inspection of a later export equal those of the office as it stood that day', async () => {
    const dir = tmpDir();
    const staff = generateStaff(OPTS);
    const quota = staff.find((s) => s.role === '员额检察官')!;
    const hand = handOffice({ prosecutor: quota.name, department: quota.department });
    const full = [...generateCases(OPTS), ...hand.map((h) => h.later)];
    // The office as it stood on the month end: the generator's own export of that day, and the hand-worked cases as written for it.
    const stood = [...[...generateCases(OPTS)].map((b) => snapshotAsOf(b, END)), ...hand.map((h) => h.stood)].filter(
      (b): b is CaseBundle => b != null,
    );
    // The later export really holds later facts: cases received after the month end, conclusions after it.
    expect(full.length - stood.length).toBeGreaterThan(5);
    const concludedLater = full.filter(
      (b) => b.case.concludedOn && b.case.concludedOn > END && b.case.receivedOn <= END,
    );
    expect(concludedLater.length).toBeGreaterThan(5);

    const later = path.join(dir, 'later.sqlite');
    const asItStood = path.join(dir, 'stood.sqlite');
    for (const f of [later, asItStood]) openStore(f).close(); // the CLI refuses a store that does not exist
    const imp = await caseflowJson<{ ok: boolean; takenOn: string }>([
      'import',
      await workbook(dir, 'export-1012.xlsx', full),
      '--taken-on',
      TAKEN,
      '--db',
      later,
      '--json',
    ]);
    expect(imp).toMatchObject({ ok: true, takenOn: TAKEN });
    expect(
      (
        await caseflowJson<{ ok: boolean }>([
          'import',
          await workbook(dir, 'export-0930.xlsx', stood),
          '--taken-on',
          END,
          '--db',
          asItStood,
          '--json',
        ])
      ).ok,
    ).toBe(true);

    const a = await caseflowJson<AuditJson>(['audit', '--date', END, '--db', later, '--json']);
    const b = await caseflowJson<AuditJson>(['audit', '--date', END, '--db', asItStood, '--json']);
    expect(a.findings.length).toBeGreaterThan(40);
    // The hand-worked cases as they stood: H1 undecided and overdue, H2 without its 起诉书, H4 overdue, H3 absent.
    const hands = (x: AuditJson) =>
      x.findings
        .filter((f) => String(f.caseNo).includes('99000'))
        .map((f) => `${f.ruleId} ${f.caseNo} ${f.daysLeft}`)
        .sort();
    expect(hands(b)).toEqual(
      [
        'DL-ARREST 测检刑捕受[2026]990001号 -5',
        'DOC-INDICT 测检刑诉受[2026]990002号 -5',
        'DL-PROS 测检刑诉受[2026]990004号 -2',
      ].sort(),
    );
    expect(a.findings.map(finding)).toEqual(b.findings.map(finding));
    expect(a.warnings).toEqual(b.warnings);
    // …and they are not what the same export gives as of its own day.
    const own = await caseflowJson<AuditJson>(['audit', '--date', TAKEN, '--db', later, '--json']);
    expect(own.findings.map(finding)).not.toEqual(a.findings.map(finding));

    const ia = await caseflowJson<InspectJson>(['inspect', '--month', MONTH, '--format', 'json', '--db', later]);
    const ib = await caseflowJson<InspectJson>(['inspect', '--month', MONTH, '--format', 'json', '--db', asItStood]);
    expect(ia.prosecutors.rows).toEqual(ib.prosecutors.rows);
    expect(ia.prosecutors.totals).toEqual(ib.prosecutors.totals);
    expect(ia.monitoring).toEqual(ib.monitoring);
    expect(ia.dataCheck.openByRule).toEqual(ib.dataCheck.openByRule);
    expect(ia.monitoring.metrics.findingsOpen).toBe(a.findings.length);
  }, 300_000);
});

describe('the month does not depend on the order of clicks', () => {
  it("the same office's month with and without today's audit run first gives identical bulletins", async () => {
    const dir = tmpDir();
    const full = [...generateCases(OPTS)];
    const staff = generateStaff(OPTS);
    const stores = { inspectFirst: path.join(dir, 'x.sqlite'), auditFirst: path.join(dir, 'y.sqlite') };
    for (const f of Object.values(stores)) openStore(f).close(); // the CLI refuses a store that does not exist
    // Both stores live the same September: exports of a few days, each audited on its day; reminders given.
    for (const day of ['2026-09-08', '2026-09-18', '2026-09-28']) {
      const file = await workbook(
        dir,
        `export-${day}.xlsx`,
        full.map((b) => snapshotAsOf(b, day)).filter((b): b is CaseBundle => b != null),
        staff,
      );
      for (const db of Object.values(stores)) {
        expect((await caseflow(['import', file, '--taken-on', day, '--db', db])).code).toBe(0);
        expect((await caseflow(['audit', '--date', day, '--db', db])).code).toBe(0);
        const open = await caseflowJson<{ id: number }[]>([
          'findings',
          '--status',
          '待处理',
          '--db',
          db,
          '--json',
        ]).then((x) => (x as unknown as { findings: { id: number }[] }).findings);
        for (const f of open.slice(0, 2))
          expect((await caseflow(['finding', String(f.id), 'remind', '--db', db])).code).toBe(0);
      }
    }
    // The export taken twelve days after the month end.
    const file = await workbook(dir, 'export-1012.xlsx', full, staff);
    for (const db of Object.values(stores))
      expect((await caseflow(['import', file, '--taken-on', TAKEN, '--db', db])).code).toBe(0);

    // One store: the month's inspection, then today's audit. The other: today's audit, then the inspection.
    expect((await caseflow(['inspect', '--month', MONTH, '--db', stores.inspectFirst])).code).toBe(0);
    expect((await caseflow(['audit', '--db', stores.inspectFirst])).code).toBe(0);
    expect((await caseflow(['audit', '--db', stores.auditFirst])).code).toBe(0);
    expect((await caseflow(['inspect', '--month', MONTH, '--db', stores.auditFirst])).code).toBe(0);

    for (const kind of ['prosecutors', 'monitoring']) {
      const x = await caseflowJson([
        'bulletin',
        '--month',
        MONTH,
        '--kind',
        kind,
        '--format',
        'json',
        '--db',
        stores.inspectFirst,
      ]);
      const y = await caseflowJson([
        'bulletin',
        '--month',
        MONTH,
        '--kind',
        kind,
        '--format',
        'json',
        '--db',
        stores.auditFirst,
      ]);
      expect(y, kind).toEqual(x);
    }
    const mon = await caseflowJson<{ metrics: Record<string, number> }>([
      'bulletin',
      '--month',
      MONTH,
      '--kind',
      'monitoring',
      '--format',
      'json',
      '--db',
      stores.auditFirst,
    ]);
    expect(mon.metrics.findingsNew).toBeGreaterThan(20);
    expect(mon.metrics.findingsOpen).toBeGreaterThan(20);

    // And the findings end in the same state whichever ran first.
    const state = (file: string) => {
      const db = openStore(file, { readonly: true });
      try {
        return db
          .prepare(
            'SELECT rule_id, case_no, person_no, subject_key, status, first_seen, last_seen, rectified_on, message FROM findings ORDER BY rule_id, case_no, person_no, subject_key',
          )
          .all();
      } finally {
        db.close();
      }
    };
    expect(state(stores.auditFirst)).toEqual(state(stores.inspectFirst));
  }, 600_000);
});
