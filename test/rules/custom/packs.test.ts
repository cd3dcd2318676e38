/**
 * Rule packs (custom-rules.md "File shape", "What is refused", "Lifecycle"): a good pack loads all its
 * rules with the pack's name, issuer and date; re-loading it changes nothing; a changed pack makes new
 * versions; every kind of bad pack is refused whole, naming the file, the rule and the path, and leaves
 * the store exactly as it was. Export writes a pack that loads back.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tmpDir, tmpStore } from '../../helpers/tmp';
import type { Db } from '../../../db/store';
import {
  exportRulePack,
  getCustomRule,
  importRulePack,
  listCustomRules,
  saveCustomRule,
  RuleRefusal,
} from '../../../core/rules/custom';
import { ruleCatalogue } from '../../../core/rules/catalogue';

const GOOD_RULE = {
  id: 'X-PLEA-NO-SENTENCING',
  title: '认罪认罚起诉未提量刑建议',
  area: '案卡填录',
  severity: '轻微',
  basis: '《刑事诉讼法》第一百七十六条第二款',
  subject: 'person',
  when: {
    combinator: 'and',
    rules: [
      { field: 'case.category', operator: '=', value: '审查起诉' },
      { field: 'person.plea', operator: '=', value: true },
      { field: 'person.decision', operator: '=', value: '起诉' },
      { field: 'person.sentencing', operator: '=', value: '无' },
    ],
  },
  message: '{person.name}认罪认罚并已起诉，未填写量刑建议',
  enabled: true,
};
const SECOND = {
  id: 'X-NO-CAUSE-OLD',
  title: '受理超过30日仍未填案由',
  area: '案卡填录',
  severity: '较重',
  subject: 'case',
  when: {
    combinator: 'and',
    rules: [
      { field: 'case.cause', operator: 'null' },
      { field: 'case.receivedOn', operator: '<', value: { daysBeforeAsOf: 30 } },
    ],
  },
  message: '{case.caseNo} 受理已逾30日仍未填写案由',
};
const packOf = (rules: unknown[], extra: Record<string, unknown> = {}) => ({
  format: 'caseflow-rules/1',
  pack: { name: '2026年第3期案卡填录问题清单', issuer: '某某市人民检察院案件管理部', issuedOn: '2026-03-02' },
  rules,
  ...extra,
});

function write(dir: string, name: string, content: unknown): string {
  const f = path.join(dir, name);
  fs.writeFileSync(f, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  return f;
}

/** Everything a refused import must leave as it was. */
function snapshot(db: Db): string {
  return JSON.stringify(
    ['rule_packs', 'custom_rules', 'custom_rule_versions', 'audit_trail', 'findings'].map((t) =>
      db.prepare(`SELECT * FROM ${t} ORDER BY rowid`).all(),
    ),
  );
}

describe('loading a pack', () => {
  it('adds every rule with its pack; the same file again changes nothing; a changed rule is a new version', () => {
    const { db, ctx } = tmpStore();
    const dir = tmpDir();
    const f = write(dir, '第3期.json', packOf([GOOD_RULE, SECOND]));
    const r = importRulePack(ctx, f);
    expect(r).toMatchObject({
      ok: true,
      added: ['X-PLEA-NO-SENTENCING', 'X-NO-CAUSE-OLD'],
      changed: [],
      unchanged: [],
    });
    const list = listCustomRules(db);
    expect(list.map((x) => [x.id, x.version, x.enabled, x.pack?.name, x.pack?.issuer, x.pack?.issuedOn])).toEqual([
      ['X-NO-CAUSE-OLD', 1, true, '2026年第3期案卡填录问题清单', '某某市人民检察院案件管理部', '2026-03-02'],
      ['X-PLEA-NO-SENTENCING', 1, true, '2026年第3期案卡填录问题清单', '某某市人民检察院案件管理部', '2026-03-02'],
    ]);
    expect(list[1].description).toBe(
      '案件类别 等于 审查起诉 并且 认罪认罚 为 是 并且 审查结论 等于 起诉 并且 量刑建议 等于 无',
    );
    // built-in and custom rules in one catalogue
    const cat = ruleCatalogue(db);
    expect(cat.get('X-PLEA-NO-SENTENCING')).toMatchObject({ custom: true, area: '案卡填录', version: 1 });
    expect(cat.get('DL-PROS')).toMatchObject({ custom: false });
    expect(cat.idsOfArea('案卡填录')).toContain('X-NO-CAUSE-OLD');

    const before = snapshot(db);
    expect(importRulePack(ctx, f)).toMatchObject({
      ok: true,
      added: [],
      changed: [],
      unchanged: ['X-PLEA-NO-SENTENCING', 'X-NO-CAUSE-OLD'],
    });
    expect(snapshot(db)).toBe(before);

    const f4 = write(dir, '第4期.json', {
      ...packOf([{ ...SECOND, severity: '严重' }]),
      pack: { name: '2026年第4期', issuer: '市院', issuedOn: '2026-04-01' },
    });
    expect(importRulePack(ctx, f4)).toMatchObject({ ok: true, changed: ['X-NO-CAUSE-OLD'] });
    const h = getCustomRule(db, 'X-NO-CAUSE-OLD')!;
    expect(h).toMatchObject({ version: 2, severity: '严重', pack: { name: '2026年第4期' } });
    expect(h.history.map((v) => [v.version, v.changeLabel, v.pack?.name, v.actor])).toEqual([
      [2, '导入规则包', '2026年第4期', 'tester'],
      [1, '导入规则包', '2026年第3期案卡填录问题清单', 'tester'],
    ]);
    expect(h.history[0].changes).toEqual([{ item: '严重程度', from: '较重', to: '严重' }]);
    // the untouched rule keeps its pack
    expect(getCustomRule(db, 'X-PLEA-NO-SENTENCING')!.pack?.name).toBe('2026年第3期案卡填录问题清单');
  });

  it('a dry run checks and classifies without writing', () => {
    const { db, ctx } = tmpStore();
    const f = write(tmpDir(), 'p.json', packOf([GOOD_RULE]));
    const before = snapshot(db);
    expect(importRulePack(ctx, f, { dryRun: true })).toMatchObject({
      ok: true,
      dryRun: true,
      added: ['X-PLEA-NO-SENTENCING'],
    });
    expect(snapshot(db)).toBe(before);
  });

  it('exports rules as a pack that loads back into another store unchanged', () => {
    const a = tmpStore();
    const dir = tmpDir();
    importRulePack(a.ctx, write(dir, 'p.json', packOf([GOOD_RULE, { ...SECOND, enabled: false }])));
    const out = path.join(dir, 'out', '导出.json');
    expect(exportRulePack(a.ctx, out, { ids: ['X-NO-CAUSE-OLD'] })).toMatchObject({ rules: 1 });
    const json = JSON.parse(fs.readFileSync(out, 'utf8'));
    expect(json).toMatchObject({ format: 'caseflow-rules/1', rules: [{ id: 'X-NO-CAUSE-OLD', enabled: false }] });
    expect(json.pack.name).toBeTruthy();
    exportRulePack(a.ctx, out);
    const b = tmpStore();
    expect(importRulePack(b.ctx, out)).toMatchObject({ ok: true, added: ['X-NO-CAUSE-OLD', 'X-PLEA-NO-SENTENCING'] });
    const strip = (db: Db) =>
      listCustomRules(db).map((r) => ({ ...r, pack: null, updatedAt: '', updatedBy: '', version: 0 }));
    expect(strip(b.db)).toEqual(strip(a.db));
  });
});

describe('a bad pack is refused whole, naming the file, the rule and the path; nothing changes', () => {
  const cases: [string, unknown, string][] = [
    [
      'a wrong enumeration value',
      packOf([
        SECOND,
        {
          ...GOOD_RULE,
          when: {
            ...GOOD_RULE.when,
            rules: [
              GOOD_RULE.when.rules[0],
              GOOD_RULE.when.rules[1],
              { field: 'person.decision', operator: '=', value: '起诉书' },
            ],
          },
        },
      ]),
      'bad.json: X-PLEA-NO-SENTENCING: when.rules[2].value: “起诉书” 不是 审查结论 的可选值（批准逮捕、不批准逮捕、起诉、不起诉）',
    ],
    [
      'an unknown format',
      packOf([GOOD_RULE], { format: 'caseflow-rules/2' }),
      'bad.json: format: 不支持的格式 “caseflow-rules/2”（应为 caseflow-rules/1）',
    ],
    [
      'an unknown field',
      packOf([
        { ...GOOD_RULE, when: { combinator: 'and', rules: [{ field: 'person.shoeSize', operator: '=', value: 1 }] } },
      ]),
      'bad.json: X-PLEA-NO-SENTENCING: when.rules[0].field: 不认识的字段 “person.shoeSize”',
    ],
    [
      'an unknown operator',
      packOf([
        { ...GOOD_RULE, when: { combinator: 'and', rules: [{ field: 'case.title', operator: 'like', value: '盗' }] } },
      ]),
      'bad.json: X-PLEA-NO-SENTENCING: when.rules[0].operator: 不认识的运算符 “like”',
    ],
    [
      'an operator the type does not have',
      packOf([
        { ...GOOD_RULE, when: { combinator: 'and', rules: [{ field: 'person.plea', operator: '>', value: true }] } },
      ]),
      'bad.json: X-PLEA-NO-SENTENCING: when.rules[0].operator: 运算符 “>”（大于）不能用于 认罪认罚（是/否）；可用：为、不为、为空、不为空',
    ],
    [
      'a value of the wrong type',
      packOf([
        { ...GOOD_RULE, when: { combinator: 'and', rules: [{ field: 'person.plea', operator: '=', value: '是' }] } },
      ]),
      'bad.json: X-PLEA-NO-SENTENCING: when.rules[0].value: 认罪认罚 的值应为 true（是）或 false（否），而不是 “是”',
    ],
    [
      'a bad relative date',
      packOf([
        {
          ...SECOND,
          when: {
            combinator: 'and',
            rules: [{ field: 'case.receivedOn', operator: '<', value: { daysBeforeAsOf: -3 } }],
          },
        },
      ]),
      'bad.json: X-NO-CAUSE-OLD: when.rules[0].value.daysBeforeAsOf: 天数应为 0 至 36500 的整数，而不是 “-3”',
    ],
    [
      'a field the subject cannot see',
      packOf([
        { ...SECOND, when: { combinator: 'and', rules: [{ field: 'person.plea', operator: '=', value: true }] } },
      ]),
      'bad.json: X-NO-CAUSE-OLD: when.rules[0].field: “person.plea”（认罪认罚）只能用于对象为 嫌疑人、流程节点 或 文书 的规则，本规则的对象是 案件',
    ],
    [
      'a field compared with an incomparable field',
      packOf([
        {
          ...GOOD_RULE,
          when: {
            combinator: 'and',
            rules: [{ field: 'person.decidedOn', operator: '>', valueSource: 'field', value: 'person.plea' }],
          },
        },
      ]),
      'bad.json: X-PLEA-NO-SENTENCING: when.rules[0].value: 结论日期（日期）不能与 认罪认罚（是/否）作“晚于”比较',
    ],
    [
      'a duplicate id',
      packOf([GOOD_RULE, { ...GOOD_RULE, title: '另一条' }]),
      'bad.json: X-PLEA-NO-SENTENCING: id: 编号重复：与第 1 条规则相同（规则包中每条规则的编号必须不同）',
    ],
    [
      'a built-in id',
      packOf([{ ...GOOD_RULE, id: 'DL-PROS' }]),
      'bad.json: DL-PROS: id: DL-PROS 是内置规则的编号，自定义规则不能使用',
    ],
    ['malformed JSON', '{ "format": "caseflow-rules/1", "rules": [ ', 'bad.json: 不是有效的 JSON 文件'],
    [
      'a malformed when (no rules)',
      packOf([{ ...GOOD_RULE, when: { combinator: 'and' } }]),
      'bad.json: X-PLEA-NO-SENTENCING: when.rules: 条件组应有条件列表 "rules": [ … ]',
    ],
    [
      'a malformed when (a bad combinator, nested)',
      packOf([
        { ...GOOD_RULE, when: { combinator: 'and', rules: [{ combinator: 'xor', rules: [GOOD_RULE.when.rules[0]] }] } },
      ]),
      'bad.json: X-PLEA-NO-SENTENCING: when.rules[0].combinator: 组合方式应为 "and"（并且）或 "or"（或者），而不是 “xor”',
    ],
    [
      'an unknown placeholder in the message',
      packOf([{ ...GOOD_RULE, message: '{person.nickname}' }]),
      'bad.json: X-PLEA-NO-SENTENCING: message: 问题描述中的 {person.nickname} 不是可用的字段',
    ],
    [
      'a title too long',
      packOf([{ ...GOOD_RULE, title: '长'.repeat(41) }]),
      'bad.json: X-PLEA-NO-SENTENCING: title: 名称不能超过 40 个字（现为 41 个）',
    ],
    ['a bad id', packOf([{ ...GOOD_RULE, id: 'x-lower' }]), 'bad.json: x-lower: id: 编号 “x-lower” 不合格式'],
    [
      'an unknown area',
      packOf([{ ...GOOD_RULE, area: '其他' }]),
      'bad.json: X-PLEA-NO-SENTENCING: area: “其他” 不是可选的领域',
    ],
    [
      'a missing key',
      packOf([{ ...GOOD_RULE, message: undefined }]),
      'bad.json: X-PLEA-NO-SENTENCING: message: 缺少问题描述',
    ],
  ];
  for (const [kind, content, expected] of cases) {
    it(kind, () => {
      const { db, ctx } = tmpStore();
      const dir = tmpDir();
      // A rule already in the store that the bad pack would replace stays as it was.
      importRulePack(ctx, write(dir, 'good.json', packOf([{ ...GOOD_RULE, severity: '较重' }])));
      const before = snapshot(db);
      const r = importRulePack(ctx, write(dir, 'bad.json', content));
      expect(r.ok).toBe(false);
      expect(r.problems.map((p) => p.text).join('\n')).toContain(expected);
      expect(r.problems.every((p) => p.display.startsWith('文件 bad.json'))).toBe(true);
      expect(snapshot(db)).toBe(before);
    });
  }

  it('the screen reads the path in Chinese', () => {
    const { ctx } = tmpStore();
    const r = importRulePack(ctx, write(tmpDir(), 'bad.json', cases[0][1]));
    expect(r.problems[0].display).toBe(
      '文件 bad.json，规则 X-PLEA-NO-SENTENCING，条件 › 第3项 › 值：“起诉书” 不是 审查结论 的可选值（批准逮捕、不批准逮捕、起诉、不起诉）',
    );
  });

  it('a missing file is refused', () => {
    const { ctx } = tmpStore();
    const r = importRulePack(ctx, path.join(tmpDir(), 'none.json'));
    expect(r.problems[0].text).toBe('none.json: 文件不存在');
  });
});

describe('the builder saves a rule through the same checks', () => {
  it('refuses a duplicate id on create, an unknown rule on update, a stale version; every save is a version', () => {
    const { db, ctx } = tmpStore();
    const r1 = saveCustomRule(ctx, SECOND, { create: true });
    expect(r1).toMatchObject({ changed: true, rule: { version: 1, enabled: true, pack: null } });
    expect(() => saveCustomRule(ctx, SECOND, { create: true })).toThrow(/已被规则“受理超过30日仍未填案由”使用/);
    expect(() => saveCustomRule(ctx, { ...SECOND, id: 'X-NOPE' }, { create: false })).toThrow(/没有这条自定义规则/);
    expect(saveCustomRule(ctx, SECOND, { create: false })).toMatchObject({ changed: false, rule: { version: 1 } });
    saveCustomRule(ctx, { ...SECOND, title: '新名称' }, { create: false, expectedVersion: 1 });
    expect(() => saveCustomRule(ctx, { ...SECOND, title: '又一个' }, { create: false, expectedVersion: 1 })).toThrow(
      /规则已被修改/,
    );
    try {
      saveCustomRule(ctx, { ...SECOND, when: { combinator: 'and', rules: [] } }, { create: false });
      expect.unreachable();
    } catch (e) {
      expect((e as RuleRefusal).problems[0]).toMatchObject({
        path: 'when.rules',
        display: '规则 X-NO-CAUSE-OLD，条件 › 条件列表：条件组中没有条件',
      });
    }
    const h = getCustomRule(db, 'X-NO-CAUSE-OLD')!.history;
    expect(h.map((v) => [v.version, v.changeLabel])).toEqual([
      [2, '修改'],
      [1, '新建'],
    ]);
    expect(h[0].changes).toEqual([{ item: '名称', from: '受理超过30日仍未填案由', to: '新名称' }]);
    expect(db.prepare("SELECT count(*) FROM audit_trail WHERE action LIKE 'rule.%'").pluck().get()).toBe(2);
  });
});
