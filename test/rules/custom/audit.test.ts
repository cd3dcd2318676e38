/**
 * Custom rules inside the daily audit (custom-rules.md "Lifecycle", "Evaluation"): on a small generated
 * office the audit gives exactly the built-in findings plus the pack's (checked against plain code written
 * here for each rule of the pack); custom findings are ordinary findings (titles, areas, byRule/byArea);
 * disabling closes them as 不予纠正 (规则已停用, by the acting user), re-enabling raises them again, a changed
 * condition rectifies what it no longer raises, a deleted rule's findings keep its title.
 */
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { tmpDir, tmpStore } from '../../helpers/tmp';
import { addCase } from '../builder';
import type { Db } from '../../../db/store';
import type { AppContext } from '../../../core/context';
import { writeCaseBundles } from '../../../db/queries/cases';
import { generateOffice, type CaseBundle as GenBundle } from '../../../tools/generator';
import { runAudit } from '../../../core/jobs/audit';
import { getFinding, listFindings } from '../../../core/findings';
import { monitoringFigures } from '../../../core/metrics';
import { ruleCatalogue } from '../../../core/rules/catalogue';
import {
  deleteCustomRule,
  importRulePack,
  saveCustomRule,
  setCustomRuleEnabled,
  testCustomRules,
  storedRuleDefs,
} from '../../../core/rules/custom';

const D = '2026-03-31';
const DAY = 86_400_000;
const ms = (iso: string) => Date.parse(`${iso}T00:00:00Z`);
const days = (a: string, b: string) => Math.round((ms(a) - ms(b)) / DAY);

/** The pack: every subject, relative dates, field-to-field with an offset, list fields, nested or/not groups, a disabled rule. */
const PACK = {
  format: 'caseflow-rules/1',
  pack: { name: '2026年第3期案卡填录问题清单', issuer: '某某市人民检察院案件管理部', issuedOn: '2026-03-02' },
  rules: [
    {
      id: 'X-PROS-LONG',
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
      id: 'X-ARREST-DECIDED-LATE',
      title: '审查逮捕结论晚于受理后7日',
      area: '办案期限',
      severity: '轻微',
      subject: 'person',
      when: {
        combinator: 'and',
        rules: [
          { field: 'case.category', operator: '=', value: '审查逮捕' },
          {
            field: 'person.decidedOn',
            operator: '>',
            valueSource: 'field',
            value: { field: 'case.receivedOn', offsetDays: 7 },
          },
        ],
      },
      message: '{person.name}于{person.decidedOn}作出结论（受理日期{case.receivedOn}）',
    },
    {
      id: 'X-SUPP-RECENT',
      title: '近90日退回补充侦查',
      area: '案卡填录',
      severity: '轻微',
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
      id: 'X-INDICT-DOC-RECENT',
      title: '近30日签发的起诉类文书',
      area: '法律文书',
      severity: '轻微',
      subject: 'document',
      when: {
        combinator: 'and',
        rules: [
          { field: 'document.name', operator: 'in', value: ['起诉书', '不起诉决定书'] },
          { field: 'document.issuedOn', operator: 'between', value: [{ daysBeforeAsOf: 30 }, { daysAfterAsOf: 0 }] },
        ],
      },
      message: '{document.name} {document.number}',
    },
    {
      id: 'X-INDICT-PAPERS',
      title: '起诉或认罪认罚文书缺失',
      area: '法律文书',
      severity: '较重',
      subject: 'person',
      when: {
        combinator: 'or',
        rules: [
          {
            combinator: 'and',
            rules: [
              { field: 'person.decision', operator: '=', value: '起诉' },
              {
                combinator: 'and',
                not: true,
                rules: [{ field: 'person.documentNames', operator: 'contains', value: '起诉书' }],
              },
            ],
          },
          {
            combinator: 'and',
            rules: [
              { field: 'person.plea', operator: '=', value: true },
              { field: 'person.decision', operator: 'in', value: ['起诉', '不起诉'] },
              { field: 'case.documentNames', operator: 'doesNotContain', value: '认罪认罚具结书' },
            ],
          },
        ],
      },
      message: '{person.name} 文书缺失',
    },
    {
      id: 'X-ALWAYS-OFF',
      title: '停用的规则',
      area: '案卡填录',
      severity: '轻微',
      subject: 'case',
      when: { combinator: 'and', rules: [{ field: 'case.personCount', operator: '>=', value: 0 }] },
      message: '不应出现',
      enabled: false,
    },
  ],
};

/** The same rules in plain code, over the generated bundles (the office as exported on D). */
function expected(bundles: GenBundle[]): string[] {
  const out: string[] = [];
  for (const b of bundles) {
    const c = b.case;
    const no = c.caseNo;
    if (c.category === '审查起诉' && c.status === '在办' && days(D, c.receivedOn) > 60) out.push(`X-PROS-LONG|${no}||`);
    for (const p of b.persons) {
      if (c.category === '审查逮捕' && p.decidedOn && days(p.decidedOn, c.receivedOn) > 7)
        out.push(`X-ARREST-DECIDED-LATE|${no}|${p.personNo}|`);
      const mine = (r: { personNo: string | null }) => r.personNo === null || r.personNo === p.personNo;
      const docs = b.documents.filter(mine).map((d) => d.name);
      const a = p.decision === '起诉' && !docs.includes('起诉书');
      const bb =
        p.plea &&
        (p.decision === '起诉' || p.decision === '不起诉') &&
        !b.documents.some((d) => d.name === '认罪认罚具结书');
      if (a || bb) out.push(`X-INDICT-PAPERS|${no}|${p.personNo}|`);
    }
    for (const e of b.events)
      if (e.kind === '退回补充侦查' && days(e.on, D) >= -90)
        out.push(`X-SUPP-RECENT|${no}|${e.personNo ?? ''}|${e.kind}@${e.on}`);
    for (const d of b.documents)
      if ((d.name === '起诉书' || d.name === '不起诉决定书') && days(D, d.issuedOn) <= 30 && days(D, d.issuedOn) >= 0)
        out.push(`X-INDICT-DOC-RECENT|${no}|${d.personNo ?? ''}|${d.name}:${d.number}`);
  }
  return [...new Set(out)].sort();
}

const key = (f: { ruleId: string; caseNo: string; personNo: string | null; subjectKey: string }) =>
  `${f.ruleId}|${f.caseNo}|${f.personNo ?? ''}|${f.subjectKey}`;

function storeOf(bundles: GenBundle[]) {
  const s = tmpStore();
  writeCaseBundles(
    s.db,
    bundles.map((b) => ({ case: b.case, persons: b.persons, events: b.events, documents: b.documents })),
    null,
  );
  return s;
}

function writePack(content: unknown): string {
  const f = path.join(tmpDir(), '2026年第3期.json');
  fs.writeFileSync(f, JSON.stringify(content, null, 2));
  return f;
}

describe('a generated office with a rule pack', () => {
  const office = generateOffice({ cases: 400, seed: 20261218, asOf: D });
  let plain: { db: Db; ctx: AppContext };
  let withPack: { db: Db; ctx: AppContext };

  beforeAll(() => {
    plain = storeOf(office.bundles);
    withPack = storeOf(office.bundles);
    expect(importRulePack(withPack.ctx, writePack(PACK)).ok).toBe(true);
    runAudit(plain.ctx, { asOf: D });
    runAudit(withPack.ctx, { asOf: D });
  }, 120_000);

  it('gives exactly the built-in findings plus the findings of the enabled rules of the pack', () => {
    const all = (db: Db) =>
      listFindings(db).findings.map((f) => ({
        key: key(f),
        message: f.message,
        severity: f.severity,
        status: f.status,
      }));
    const builtIn = all(plain.db);
    const mixed = all(withPack.db);
    const custom = mixed.filter((f) => f.key.startsWith('X-'));
    expect(mixed.filter((f) => !f.key.startsWith('X-'))).toEqual(builtIn);
    expect(custom.map((f) => f.key).sort()).toEqual(expected(office.bundles));
    // every enabled rule of the pack found something here; the disabled one nothing
    for (const r of PACK.rules.filter((x) => x.enabled !== false))
      expect(custom.filter((f) => f.key.startsWith(`${r.id}|`)).length, r.id).toBeGreaterThan(0);
    expect(custom.some((f) => f.key.startsWith('X-ALWAYS-OFF|'))).toBe(false);
    expect(custom.every((f) => f.status === '待处理')).toBe(true);
    expect(custom.find((f) => f.key.startsWith('X-PROS-LONG|'))!.severity).toBe('较重');
  });

  it('custom findings read like any finding and count in byRule and byArea', () => {
    const f = listFindings(withPack.db, { ruleId: 'X-ARREST-DECIDED-LATE' }).findings[0];
    expect(f).toMatchObject({
      title: '审查逮捕结论晚于受理后7日',
      area: '办案期限',
      basis: '',
      suggestion: '口头提示',
    });
    expect(f.message).toMatch(/^.某+于\d{4}-\d\d-\d\d作出结论（受理日期\d{4}-\d\d-\d\d）$/);
    expect(listFindings(withPack.db, { area: '法律文书' }).findings.some((x) => x.ruleId === 'X-INDICT-PAPERS')).toBe(
      true,
    );
    const figs = monitoringFigures(withPack.db, '2026-03');
    const line = figs.byRule.find((r) => r.ruleId === 'X-PROS-LONG')!;
    const n = listFindings(withPack.db, { ruleId: 'X-PROS-LONG' }).total;
    expect(line).toEqual({ ruleId: 'X-PROS-LONG', title: '审查起诉案件在办逾60日', area: '办案期限', count: n });
    const plainFigs = monitoringFigures(plain.db, '2026-03');
    const customByArea = new Map<string, number>();
    for (const r of figs.byRule.filter((x) => x.ruleId.startsWith('X-')))
      customByArea.set(r.area, (customByArea.get(r.area) ?? 0) + r.count);
    for (const a of figs.byArea)
      expect(a.count, a.area).toBe(
        (plainFigs.byArea.find((x) => x.area === a.area)?.count ?? 0) + (customByArea.get(a.area) ?? 0),
      );
  });

  it('`rules test` gives the audit’s counts without writing', () => {
    const before = withPack.db.prepare('SELECT count(*) FROM findings').pluck().get();
    const ids = PACK.rules.map((r) => r.id);
    const t = testCustomRules(withPack.db, storedRuleDefs(withPack.db, ids), D);
    for (const r of t.rules.filter((x) => x.id !== 'X-ALWAYS-OFF'))
      expect(r.findings, r.id).toBe(listFindings(withPack.db, { ruleId: r.id }).total);
    expect(t.rules.find((r) => r.id === 'X-ALWAYS-OFF')!.findings).toBe(office.bundles.length);
    for (const r of t.rules) expect(r.samples.length, r.id).toBe(Math.min(5, r.findings));
    expect(t.rules.some((r) => r.findings > 5)).toBe(true);
    expect(withPack.db.prepare('SELECT count(*) FROM findings').pluck().get()).toBe(before);
  });
});

describe('lifecycle of a custom rule’s findings', () => {
  const RULE = {
    id: 'X-NO-AGENCY',
    title: '移送单位未填',
    area: '案卡填录',
    severity: '轻微',
    subject: 'case',
    when: { combinator: 'and', rules: [{ field: 'case.agency', operator: 'null' }] },
    message: '{case.caseNo} 未填写移送单位',
  };
  const NO = '测检刑诉受[2026]000777号';

  it('disable closes as 不予纠正 (规则已停用, by the user); enable raises again; a changed condition rectifies; delete keeps the title', () => {
    const { db, ctx } = tmpStore();
    addCase(db, { caseNo: NO, receivedOn: '2026-03-01', agency: null });
    saveCustomRule(ctx, RULE, { create: true });
    runAudit(ctx, { asOf: '2026-03-10' });
    const f0 = listFindings(db, { ruleId: 'X-NO-AGENCY' }).findings;
    expect(f0).toHaveLength(1);
    expect(f0[0]).toMatchObject({
      caseNo: NO,
      status: '待处理',
      title: '移送单位未填',
      message: `${NO} 未填写移送单位`,
    });
    const id = f0[0].id;

    const off = setCustomRuleEnabled({ ...ctx, actor: '王书记员' }, 'X-NO-AGENCY', false);
    expect(off).toMatchObject({ closed: 1, rule: { enabled: false, version: 2 } });
    const closed = getFinding(db, id)!;
    expect(closed).toMatchObject({ status: '不予纠正', waiveReason: '规则已停用' });
    expect(closed.history.at(-1)).toMatchObject({ action: 'waive', actor: '王书记员', from: '待处理', to: '不予纠正' });
    runAudit(ctx, { asOf: '2026-03-11' });
    expect(getFinding(db, id)!.status).toBe('不予纠正');
    expect(ruleCatalogue(db).get('X-NO-AGENCY')).toMatchObject({ enabled: false, title: '移送单位未填' });

    setCustomRuleEnabled(ctx, 'X-NO-AGENCY', true);
    expect(getFinding(db, id)!.status).toBe('不予纠正'); // raised again by the next audit, not by the switch
    runAudit(ctx, { asOf: '2026-03-12' });
    const back = getFinding(db, id)!;
    expect(back).toMatchObject({ status: '待处理', firstSeen: '2026-03-10', lastSeen: '2026-03-12' });
    expect(back.history.at(-1)).toMatchObject({ action: 'auto-reopen', note: '规则已重新启用，审核再次发现该问题' });

    // A changed condition no longer raises it: rectified at the next audit
    saveCustomRule(
      ctx,
      {
        ...RULE,
        when: {
          combinator: 'and',
          rules: [
            { field: 'case.agency', operator: 'null' },
            { field: 'case.category', operator: '=', value: '审查逮捕' },
          ],
        },
      },
      { create: false },
    );
    runAudit(ctx, { asOf: '2026-03-13' });
    expect(getFinding(db, id)!).toMatchObject({ status: '已整改', rectifiedOn: '2026-03-13' });

    // Back to the first condition, then deleted: closed, and the finding still shows the rule's title
    saveCustomRule(ctx, RULE, { create: false });
    runAudit(ctx, { asOf: '2026-03-14' });
    expect(getFinding(db, id)!.status).toBe('待处理');
    expect(deleteCustomRule(ctx, 'X-NO-AGENCY')).toEqual({ closed: 1 });
    runAudit(ctx, { asOf: '2026-03-15' });
    expect(getFinding(db, id)!).toMatchObject({ status: '不予纠正', title: '移送单位未填', area: '案卡填录' });
    expect(ruleCatalogue(db).get('X-NO-AGENCY')).toMatchObject({ deleted: true, enabled: false });
  });

  it('a pack that disables a rule closes its findings; a stored rule that no longer compiles fails alone', () => {
    const { db, ctx } = tmpStore();
    addCase(db, { caseNo: NO, receivedOn: '2026-03-01' });
    importRulePack(ctx, writePack({ format: 'caseflow-rules/1', pack: { name: '甲' }, rules: [RULE] }));
    runAudit(ctx, { asOf: '2026-03-10' });
    const r = importRulePack(
      ctx,
      writePack({ format: 'caseflow-rules/1', pack: { name: '乙' }, rules: [{ ...RULE, enabled: false }] }),
    );
    expect(r).toMatchObject({ ok: true, changed: ['X-NO-AGENCY'], closed: 1 });
    expect(listFindings(db, { ruleId: 'X-NO-AGENCY' }).findings[0]).toMatchObject({
      status: '不予纠正',
      waiveReason: '规则已停用',
    });

    // A rule whose stored condition names a field this version does not know (written by hand): recorded as failed.
    importRulePack(
      ctx,
      writePack({ format: 'caseflow-rules/1', pack: { name: '丙' }, rules: [{ ...RULE, id: 'X-OTHER' }] }),
    );
    db.prepare(
      `UPDATE custom_rules SET when_json = '{"combinator":"and","rules":[{"field":"case.gone","operator":"null"}]}' WHERE id = 'X-OTHER'`,
    ).run();
    const a = runAudit(ctx, { asOf: '2026-03-11' });
    expect(a.status).toBe('succeeded with errors');
    expect(a.failedRules).toEqual([{ ruleId: 'X-OTHER', error: expect.stringContaining('case.gone') }]);
    expect(
      listFindings(db, { ruleId: 'DQ-CAUSE' }).total + listFindings(db, { ruleId: 'RT-SUSPECT' }).total,
    ).toBeGreaterThan(0);
  });
});
