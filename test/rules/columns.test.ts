/**
 * An audit with only built-in rules leaves the columns only custom rules read unread (db/queries/audit.ts
 * BundleColumns): the bundles have them empty, every built-in rule finds exactly what it finds on complete bundles,
 * and as soon as a custom rule runs every column is read again.
 */
import { describe, expect, it } from 'vitest';
import { tmpStore } from '../helpers/tmp';
import { writeCaseBundles } from '../../db/queries/cases';
import { loadCaseBundles } from '../../db/queries/audit';
import { generateOffice } from '../../tools/generator';
import { evaluateCases } from '../../core/rules/evaluate';
import { columnsFor } from '../../core/rules/parallel';
import { ruleEnv } from '../../core/rules/env';
import { RULES } from '../../core/rules/registry';
import { compileCustomRule } from '../../core/rules/custom/compile';
import { loadCalendar } from '../../core/calendar';
import { getSettings } from '../../core/settings';
import type { CustomRuleDef } from '../../core/rules/custom/types';

const TODAY = '2026-10-31';

describe('the columns an audit reads', () => {
  it('built-in rules find the same on bundles without the custom-only columns; a custom rule gets every column', () => {
    const { db } = tmpStore();
    const office = generateOffice({ cases: 800, seed: 20261206, asOf: TODAY });
    db.transaction(() => writeCaseBundles(db, office.bundles, null))();
    // Some custom-only values to lose: a 备注 on every case, 性别 and 上诉 on persons, a 节点备注 on events.
    db.exec("UPDATE cases SET note = '备注' || id, agency = '某公安局'");
    db.exec("UPDATE persons SET gender = '男', decision_reason = NULL, appealed = 1");
    db.exec("UPDATE events SET note = '节点' || id");
    const full = [...loadCaseBundles(db, TODAY, undefined, 'all')];
    const lean = [...loadCaseBundles(db, TODAY, undefined, 'rules')];
    expect(lean.length).toBe(full.length);
    expect(full.some((c) => c.note && c.agency && c.persons.some((p) => p.gender && p.appealed))).toBe(true);
    expect(full.some((c) => c.events.some((e) => e.note))).toBe(true);
    for (const c of lean) {
      expect([c.note, c.agency]).toEqual([null, null]);
      for (const p of c.persons) expect([p.gender, p.decisionReason, p.appealed]).toEqual([null, null, false]);
      for (const e of c.events) expect(e.note).toBeNull();
    }
    // Everything else is the same bundle.
    const strip = (c: (typeof full)[number]) => ({
      ...c,
      note: null,
      agency: null,
      persons: c.persons.map((p) => ({ ...p, gender: null, decisionReason: null, appealed: false })),
      events: c.events.map((e) => ({ ...e, note: null })),
      beyondDataDate: {
        persons: c.beyondDataDate.persons.map((p) => ({ ...p, gender: null, decisionReason: null, appealed: false })),
        events: c.beyondDataDate.events.map((e) => ({ ...e, note: null })),
        documents: c.beyondDataDate.documents,
      },
    });
    expect(lean).toEqual(full.map(strip));
    const env = ruleEnv(TODAY, loadCalendar(db), getSettings(db));
    const a = evaluateCases(full, RULES, env);
    const b = evaluateCases(lean, RULES, env);
    expect(a.detections.length).toBeGreaterThan(50);
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    // The audit chooses: built-in rules alone read the lean bundles; with a custom rule (or any other) every column.
    expect(columnsFor(RULES)).toBe('rules');
    const def = {
      id: 'X-COL-NOTE',
      title: '备注含节点',
      area: '案卡填录',
      severity: '轻微',
      basis: '',
      subject: 'event',
      when: { combinator: 'and', rules: [{ field: 'event.note', operator: 'contains', value: '节点' }] },
      message: '{event.note}',
    } as unknown as CustomRuleDef;
    expect(columnsFor([...RULES, compileCustomRule(def, TODAY)])).toBe('all');
    expect(columnsFor([{ ...RULES[0] }])).toBe('all');
    db.close();
  });
});
