/**
 * The audit's evaluation on two threads (core/rules/parallel.ts) gives exactly what one thread gives: on a
 * generated office with custom rules, the store after a series of audits (today's, past-dated ones read through
 * the as-of view, a past date after a later audit) holds the same findings, finding events, run rows and warnings,
 * byte for byte; the evaluation's own output is identical with the worker thread surely evaluating part of the
 * cases; and a store read in id ranges, merged part by part, equals one pass, rules that throw included.
 */
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { tmpDir, tmpStore } from '../helpers/tmp';
import { auditTables, customRulesOfEverySubject } from '../helpers/audit-office';
import { openStore, type Db } from '../../db/store';
import { writeCaseBundles } from '../../db/queries/cases';
import { loadCaseBundles } from '../../db/queries/audit';
import { generateOffice } from '../../tools/generator';
import { runAudit } from '../../core/jobs/audit';
import { compileEnabledCustomRules, saveCustomRule } from '../../core/rules/custom';
import { evaluateCases, evaluatePart, mergeParts } from '../../core/rules/evaluate';
import { evaluateStore } from '../../core/rules/parallel';
import { ruleEnv } from '../../core/rules/env';
import { RULES } from '../../core/rules/registry';
import { loadCalendar } from '../../core/calendar';
import { getSettings } from '../../core/settings';
import type { AppContext } from '../../core/context';
import type { Rule } from '../../core/rules/types';

const TODAY = '2026-10-31';
const PAST = '2026-08-31';

const CUSTOM = customRulesOfEverySubject('X-PAR');

/** Everything an audit writes, as one string to compare. */
const dump = (db: Db): string => JSON.stringify(auditTables(db));

describe('the audit on two threads', () => {
  let source: string;
  let cases: number;

  beforeAll(() => {
    const { db, dbPath, ctx } = tmpStore();
    const office = generateOffice({ cases: 1200, seed: 20261205, asOf: TODAY });
    cases = office.bundles.length;
    db.transaction(() => writeCaseBundles(db, office.bundles, null))();
    for (const r of CUSTOM) saveCustomRule(ctx, r, { create: true });
    db.close();
    source = dbPath;
  });

  const copy = (name: string): AppContext => {
    const file = path.join(tmpDir(), `${name}.sqlite`);
    fs.copyFileSync(source, file);
    const db = openStore(file);
    return { db, dbPath: file, actor: 'tester' };
  };

  it('writes the same findings, events, run rows and warnings as one thread, for today and past dates', () => {
    const one = copy('one');
    const two = copy('two');
    for (const asOf of [PAST, TODAY, PAST, '2026-09-15']) {
      const a = runAudit(one, { asOf, today: TODAY, parallel: false });
      const b = runAudit(two, { asOf, today: TODAY, parallel: 'always' });
      expect(b.counts).toEqual(a.counts);
      expect(b.failedRules).toEqual(a.failedRules);
    }
    const a = dump(one.db);
    const b = dump(two.db);
    // The audits found something of every kind: the comparison is not of empty tables.
    const parsed = JSON.parse(a) as Record<string, unknown[]>;
    expect(parsed.findings.length).toBeGreaterThan(100);
    expect(parsed.warnings.length).toBeGreaterThan(0);
    expect(parsed.deadlines.length).toBeGreaterThan(parsed.warnings.length);
    const rules = new Set((parsed.findings as unknown[][]).map((f) => f[1]));
    for (const r of CUSTOM) expect(rules.has(r.id), r.id).toBe(true);
    expect(b).toBe(a);
    one.db.close();
    two.db.close();
  }, 180_000);

  it('evaluates the same detections, warnings and failed rules with the worker evaluating part of the cases', () => {
    const ctx = copy('eval');
    const { db } = ctx;
    const settings = getSettings(db);
    for (const asOf of [TODAY, PAST]) {
      const rules: Rule[] = [...RULES, ...compileEnabledCustomRules(db, asOf).rules];
      const input = { db, asOf, rules, settings };
      const single = evaluateStore({ ...input, cal: loadCalendar(db), parallel: false });
      // Parts of 97 ids: many parts, of uneven sizes, each thread taking turns.
      const calTwo = loadCalendar(db);
      const double = evaluateStore({ ...input, cal: calTwo, parallel: 'always', partSize: 97 });
      expect(single.workerCases).toBe(0);
      expect(double.workerCases).toBeGreaterThan(0);
      expect(double.workerCases).toBeLessThan(double.cases);
      expect(double.cases).toBe(single.cases);
      expect(single.detections.length).toBeGreaterThan(100);
      expect(double.detections).toEqual(single.detections);
      expect(JSON.stringify(double.detections)).toBe(JSON.stringify(single.detections));
      expect(JSON.stringify(double.warnings)).toBe(JSON.stringify(single.warnings));
      expect(double.failedRules).toEqual(single.failedRules);
    }
    expect(evaluateStore({ db, asOf: PAST, rules: RULES, settings, cal: loadCalendar(db) }).cases).toBeLessThan(cases);
    db.close();
  }, 180_000);

  it('reads the store in id ranges whose merged results equal one pass, the first failure of a rule included', () => {
    const ctx = copy('parts');
    const { db } = ctx;
    const env = ruleEnv(TODAY, loadCalendar(db), getSettings(db));
    const ids = db.prepare('SELECT id FROM cases ORDER BY id').pluck().all() as number[];
    // A rule that fails on two cases in different parts: the run keeps the first failure only, and none of its output.
    const failOn = new Set([ids[700], ids[300]]);
    const flaky: Rule = {
      ...RULES[0],
      id: 'T-FLAKY',
      evaluate: (c, e, emit) => {
        if (failOn.has(c.id)) throw new Error(`坏数据 ${c.id}`);
        RULES[0].evaluate!(c, e, emit);
      },
    };
    const rules = [...RULES, flaky];
    const whole = evaluateCases(loadCaseBundles(db, TODAY), rules, env);
    expect(whole.failedRules).toEqual([{ ruleId: 'T-FLAKY', error: expect.stringContaining(`坏数据 ${ids[300]}`) }]);
    const cuts = [ids[0], ids[250], ids[251], ids[600], ids[ids.length - 1] + 1];
    const parts = cuts
      .slice(0, -1)
      .map((from, i) => evaluatePart(loadCaseBundles(db, TODAY, { from, to: cuts[i + 1] - 1 }), rules, env));
    expect(parts.reduce((n, p) => n + p.cases, 0)).toBe(ids.length);
    const merged = mergeParts(parts, rules);
    expect(JSON.stringify(merged)).toBe(JSON.stringify(whole));
    db.close();
  });
});
