/**
 * The audit's whole output on a generated office against a recorded result: any change to how the store is read,
 * how rules evaluate or how findings are written (a faster path, a refactor) must leave every finding, history
 * entry, run row, warning and deadline exactly as recorded. The office (generator, fixed seed) with custom rules
 * of every subject goes through a series of audits: today's, past-dated ones through the as-of view, a past date
 * after a later audit, and today's again after the facts changed (a later import).
 *
 * The record is test/fixtures/audit-recorded.json: per table, its row count and the SHA-256 of its rows in order
 * (wall-clock columns left out), and the findings per rule. When the audit's results change ON PURPOSE (a rule's
 * spec changed), re-record with RECORD_AUDIT=1 and say why in the commit; otherwise a mismatch is a bug, and the
 * actual rows are written beside the store for a diff.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tmpStore } from '../helpers/tmp';
import { writeCaseBundles } from '../../db/queries/cases';
import { generateOffice } from '../../tools/generator';
import { runAudit } from '../../core/jobs/audit';
import { saveCustomRule } from '../../core/rules/custom';
import { auditTables, customRulesOfEverySubject } from '../helpers/audit-office';

const TODAY = '2026-10-31';
const RECORD = path.join(__dirname, '..', 'fixtures', 'audit-recorded.json');

const CUSTOM = customRulesOfEverySubject('X-REC');

interface Recorded {
  tables: Record<string, { rows: number; sha256: string }>;
  findingsPerRule: Record<string, number>;
}

function summarise(t: Record<string, unknown[][]>): Recorded {
  const out: Recorded = { tables: {}, findingsPerRule: {} };
  for (const [name, rows] of Object.entries(t))
    out.tables[name] = {
      rows: rows.length,
      sha256: crypto.createHash('sha256').update(JSON.stringify(rows)).digest('hex'),
    };
  for (const f of t.findings) out.findingsPerRule[f[1] as string] = (out.findingsPerRule[f[1] as string] ?? 0) + 1;
  out.findingsPerRule = Object.fromEntries(Object.entries(out.findingsPerRule).sort(([a], [b]) => (a < b ? -1 : 1)));
  return out;
}

/** The series of audits on the generated office (with the custom rules or without), summarised. */
function audited(withCustom: boolean): { actual: Recorded; rows: Record<string, unknown[][]> } {
  const { db, ctx } = tmpStore();
  const office = generateOffice({ cases: 1500, seed: 20261205, asOf: TODAY });
  db.transaction(() => writeCaseBundles(db, office.bundles, null))();
  if (withCustom) for (const r of CUSTOM) saveCustomRule(ctx, r, { create: true });
  for (const asOf of ['2026-08-31', TODAY, '2026-08-31', '2026-09-15']) runAudit(ctx, { asOf, today: TODAY });
  // A later import changes facts: some cases conclude, some decisions are filled in; today's audit runs again.
  const later = generateOffice({ cases: 1500, seed: 20261205, asOf: '2026-11-20' });
  db.transaction(() => writeCaseBundles(db, later.bundles, null))();
  runAudit(ctx, { asOf: '2026-11-20', today: '2026-11-20' });
  const rows = auditTables(db);
  db.close();
  return { actual: summarise(rows), rows };
}

describe('the audit against its recorded result', () => {
  for (const withCustom of [true, false]) {
    const name = withCustom ? 'withCustomRules' : 'builtInOnly';
    it(`writes exactly the recorded findings, history, run rows, warnings and deadlines on a generated office (${name})`, () => {
      const { actual, rows } = audited(withCustom);
      // Not a comparison of empty tables: every kind of row was written, by built-in and custom rules alike.
      expect(actual.tables.findings.rows).toBeGreaterThan(withCustom ? 500 : 150);
      expect(actual.tables.warnings.rows).toBeGreaterThan(0);
      expect(actual.tables.deadlines.rows).toBeGreaterThan(actual.tables.warnings.rows);
      for (const r of CUSTOM)
        expect(actual.findingsPerRule[r.id] ?? 0, r.id)[withCustom ? 'toBeGreaterThan' : 'toBe'](0);
      const all = fs.existsSync(RECORD)
        ? (JSON.parse(fs.readFileSync(RECORD, 'utf8')) as Record<string, Recorded>)
        : {};
      if (process.env.RECORD_AUDIT === '1') {
        all[name] = actual;
        fs.writeFileSync(RECORD, JSON.stringify(all, null, 2) + '\n');
        return;
      }
      const recorded = all[name];
      if (JSON.stringify(actual) !== JSON.stringify(recorded)) {
        const file = path.join(os.tmpdir(), `caseflow-audit-actual-${name}.json`);
        fs.writeFileSync(file, JSON.stringify(rows, null, 1));
        console.error(`审核结果与记录不符；实际各表内容：${file}`);
      }
      expect(actual.findingsPerRule).toEqual(recorded.findingsPerRule);
      expect(actual.tables).toEqual(recorded.tables);
    }, 300_000);
  }
});
