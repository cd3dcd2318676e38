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
import type { Db } from '../../db/store';
import { writeCaseBundles } from '../../db/queries/cases';
import { generateOffice } from '../../tools/generator';
import { runAudit } from '../../core/jobs/audit';
import { saveCustomRule } from '../../core/rules/custom';

const TODAY = '2026-10-31';
const RECORD = path.join(__dirname, '..', 'fixtures', 'audit-recorded.json');

/** Custom rules of every subject (case, person, event, document), with placeholders (custom-rules.md). */
const CUSTOM = [
  {
    id: 'X-REC-LONG',
    title: '审查起诉案件在办逾60日',
    area: '办案期限',
    severity: '较重',
    basis: '内部管理要求',
    subject: 'case',
    when: {
      combinator: 'and',
      rules: [
        { field: 'case.category', operator: '=', value: '审查起诉' },
        { field: 'case.status', operator: '=', value: '在办' },
        { field: 'case.daysOpen', operator: '>', value: 60 },
      ],
    },
    message: '{case.caseNo} 已办理 {case.daysOpen} 日',
  },
  {
    id: 'X-REC-DECIDED',
    title: '审查逮捕结论晚于受理后3日',
    area: '办案期限',
    severity: '轻微',
    basis: '',
    subject: 'person',
    when: {
      combinator: 'and',
      rules: [
        { field: 'case.category', operator: '=', value: '审查逮捕' },
        {
          field: 'person.decidedOn',
          operator: '>',
          valueSource: 'field',
          value: { field: 'case.receivedOn', offsetDays: 3 },
        },
      ],
    },
    message: '{person.name}于{person.decidedOn}作出结论（受理日期{case.receivedOn}）',
  },
  {
    id: 'X-REC-SUPP',
    title: '近90日退回补充侦查',
    area: '案卡填录',
    severity: '轻微',
    basis: '',
    subject: 'event',
    when: {
      combinator: 'and',
      rules: [
        { field: 'event.kind', operator: '=', value: '退回补充侦查' },
        { field: 'event.on', operator: '>=', value: { daysBeforeAsOf: 90 } },
      ],
    },
    message: '{event.on} 退回补充侦查',
  },
  {
    id: 'X-REC-DOC',
    title: '近60日签发的起诉类文书',
    area: '法律文书',
    severity: '轻微',
    basis: '',
    subject: 'document',
    when: {
      combinator: 'and',
      rules: [
        { field: 'document.name', operator: 'in', value: ['起诉书', '不起诉决定书'] },
        { field: 'document.issuedOn', operator: 'between', value: [{ daysBeforeAsOf: 60 }, { daysAfterAsOf: 0 }] },
      ],
    },
    message: '{document.name} {document.number}',
  },
];

/** Everything the audits wrote, per table in row order; wall-clock columns (started_at, finished_at, at, pid) left out. */
function tables(db: Db): Record<string, unknown[][]> {
  const q = (sql: string) => db.prepare(sql).raw(true).all() as unknown[][];
  return {
    runs: q(
      'SELECT id, job, period, version, as_of, status, error, counts_json, failed_rules_json, actor FROM job_runs ORDER BY id',
    ),
    findings: q('SELECT * FROM findings ORDER BY id'),
    events: q(
      'SELECT id, finding_id, action, on_date, actor, from_status, to_status, note, run_id FROM finding_events ORDER BY id',
    ),
    runFindings: q('SELECT * FROM run_findings ORDER BY run_id, finding_id'),
    warnings: q('SELECT * FROM warnings ORDER BY id'),
    deadlines: q('SELECT * FROM deadlines ORDER BY rowid'),
  };
}

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
  const rows = tables(db);
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
