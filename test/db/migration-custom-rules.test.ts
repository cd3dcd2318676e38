/**
 * Migration custom-rules: a store of the version before (with cases and findings) gains the custom-rule
 * tables, empty; its data is untouched (the generic test checks every row), and a rule with versions and
 * a pack can be written and read back through db/queries/custom-rules.ts.
 */
import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { openStore, schemaVersion } from '../../db/store';
import { MIGRATIONS } from '../../db/migrations';
import * as q from '../../db/queries/custom-rules';
import { tmpDir } from '../helpers/tmp';

const m = MIGRATIONS.find((x) => x.name === 'custom-rules')!;

describe(`migration ${m.version} custom-rules`, () => {
  it('adds rule_packs, custom_rules and custom_rule_versions to a store of the version before', () => {
    const file = path.join(tmpDir(), 'store.sqlite');
    const before = openStore(file, { targetVersion: m.version - 1 });
    before
      .prepare(
        `INSERT INTO cases(case_no, title, category, department, prosecutor, received_on, status) VALUES ('A', '案', '审查起诉', '一部', '甲', '2026-01-05', '在办')`,
      )
      .run();
    before.close();

    const db = openStore(file, { targetVersion: m.version });
    expect(schemaVersion(db)).toBe(m.version);
    expect(db.prepare('SELECT count(*) FROM cases').pluck().get()).toBe(1);
    for (const t of ['rule_packs', 'custom_rules', 'custom_rule_versions'])
      expect(db.prepare(`SELECT count(*) FROM ${t}`).pluck().get()).toBe(0);
    expect(q.customRulesStamp(db)).toBe(0);

    const packId = q.insertPack(db, {
      name: '第3期',
      issuer: '市院',
      issuedOn: '2026-03-02',
      fileName: 'p.json',
      at: '2026-03-03 09:00:00',
      actor: '甲',
    });
    const base = {
      id: 'X-A',
      title: '标题',
      area: '案卡填录',
      severity: '轻微',
      basis: '',
      subject: 'case',
      whenJson: '{"combinator":"and","rules":[]}',
      message: 'm',
      enabled: true,
      deleted: false,
      packId,
      at: '2026-03-03 09:00:00',
      actor: '甲',
    };
    q.writeCustomRule(db, { ...base, version: 1 });
    q.insertRuleVersion(db, {
      ruleId: 'X-A',
      version: 1,
      at: base.at,
      actor: '甲',
      change: 'import',
      oldJson: null,
      newJson: '{}',
      packId,
    });
    q.writeCustomRule(db, { ...base, severity: '较重', version: 2, packId: null });
    q.insertRuleVersion(db, {
      ruleId: 'X-A',
      version: 2,
      at: base.at,
      actor: '乙',
      change: 'update',
      oldJson: '{}',
      newJson: '{}',
      packId: null,
    });
    expect(q.customRuleRow(db, 'X-A')).toMatchObject({ severity: '较重', version: 2, pack_id: null });
    expect(q.ruleVersions(db, 'X-A').map((v) => [v.version, v.actor, v.pack_name])).toEqual([
      [2, '乙', null],
      [1, '甲', '第3期'],
    ]);
    expect(q.customRulesStamp(db)).toBeGreaterThan(0);
    // A version must name an existing rule, once per number.
    expect(() =>
      q.insertRuleVersion(db, {
        ruleId: 'X-A',
        version: 2,
        at: base.at,
        actor: '乙',
        change: 'update',
        oldJson: null,
        newJson: '{}',
        packId: null,
      }),
    ).toThrow();
    expect(db.pragma('foreign_key_check')).toEqual([]);
    db.close();
  });
});
