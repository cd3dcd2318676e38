/** The generator: determinism, realistic shares, valid values, planted coverage, snapshots, rules. */
import { describe, expect, it } from 'vitest';
import { addDays, diffDays, isIsoDate } from '../../core/dates';
import {
  CASE_STATUSES,
  CATEGORIES,
  CONCLUSIONS_BY_CATEGORY,
  CUSTODY,
  DECISION_REASONS,
  DECISIONS_BY_CATEGORY,
  EVENT_KINDS,
  GENDERS,
  MEASURES,
  PROCEDURES,
  SENTENCING,
  STAFF_ROLES,
  normalizeCaseNo,
} from '../../core/domain';
import {
  generateCases,
  generateOffice,
  generateStaff,
  PLANTED_RULE_IDS,
  snapshotAsOf,
  type CaseBundle,
} from '../../tools/generator';
import { RULES } from '../../core/rules/registry';
import { compare } from './rules-check';

const ASOF = '2026-10-31';
const office = generateOffice({ cases: 4000, seed: 42, asOf: ASOF });
const bundles = office.bundles;

const share = (num: number, den: number) => (den ? num / den : NaN);

describe('determinism', () => {
  it('the same seed gives the same cases; another seed gives others', () => {
    const a = [...generateCases({ cases: 300, seed: 9, asOf: ASOF })];
    const b = [...generateCases({ cases: 300, seed: 9, asOf: ASOF })];
    const c = [...generateCases({ cases: 300, seed: 10, asOf: ASOF })];
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(JSON.stringify(a)).not.toBe(JSON.stringify(c));
    expect(generateStaff({ cases: 300, seed: 9, asOf: ASOF })).toEqual(
      generateStaff({ cases: 300, seed: 9, asOf: ASOF }),
    );
  });

  it('is lazy: the first case comes without generating the rest', () => {
    const it = generateCases({ cases: 1_000_000, seed: 1, asOf: ASOF })[Symbol.iterator]();
    const first = it.next();
    expect(first.done).toBe(false);
    expect(first.value.case.receivedOn >= '2025-08-31').toBe(true);
  });
});

describe('shares close to the 2024 national figures', () => {
  const persons = bundles.flatMap((b) => b.persons.map((p) => ({ b, p })));
  const arrest = persons.filter((x) => x.b.case.category === '审查逮捕' && x.p.decision);
  const pros = persons.filter((x) => x.b.case.category === '审查起诉' && x.p.decision);

  it('不捕率 30–38%, 不诉率 16–24%, 认罪认罚 83–92%', () => {
    expect(share(arrest.filter((x) => x.p.decision === '不批准逮捕').length, arrest.length)).toBeGreaterThan(0.3);
    expect(share(arrest.filter((x) => x.p.decision === '不批准逮捕').length, arrest.length)).toBeLessThan(0.38);
    expect(share(pros.filter((x) => x.p.decision === '不起诉').length, pros.length)).toBeGreaterThan(0.16);
    expect(share(pros.filter((x) => x.p.decision === '不起诉').length, pros.length)).toBeLessThan(0.24);
    expect(share(pros.filter((x) => x.p.plea).length, pros.length)).toBeGreaterThan(0.83);
    expect(share(pros.filter((x) => x.p.plea).length, pros.length)).toBeLessThan(0.92);
  });

  it('确定刑 ~60%, 采纳 ~95%, 退回补充侦查 10–15%, 延长 ~10%, some 速裁, minors present', () => {
    const sent = pros.filter((x) => x.p.decision === '起诉' && x.p.sentencing !== '无');
    const fixed = share(sent.filter((x) => x.p.sentencing === '确定刑').length, sent.length);
    expect(fixed).toBeGreaterThan(0.52);
    expect(fixed).toBeLessThan(0.68);
    const adopted = persons.filter((x) => x.p.sentencingAdopted != null);
    expect(share(adopted.filter((x) => x.p.sentencingAdopted).length, adopted.length)).toBeGreaterThan(0.9);
    const concluded = bundles.filter((b) => b.case.category === '审查起诉' && b.case.status === '办结');
    const returned = share(
      concluded.filter((b) => b.events.some((e) => e.kind === '退回补充侦查')).length,
      concluded.length,
    );
    expect(returned).toBeGreaterThan(0.08);
    expect(returned).toBeLessThan(0.17);
    const extended = share(
      concluded.filter((b) => b.events.some((e) => e.kind === '延长审查起诉期限')).length,
      concluded.length,
    );
    expect(extended).toBeGreaterThan(0.06);
    expect(extended).toBeLessThan(0.15);
    expect(concluded.filter((b) => b.case.procedure === '速裁程序').length).toBeGreaterThan(50);
    const minors = persons.filter((x) => x.p.birthDate && diffDays(x.b.case.receivedOn, x.p.birthDate) < 18 * 365);
    expect(minors.length).toBeGreaterThan(20);
  });

  it('category mix ~40% 审查起诉, ~30% 审查逮捕; receipts spread over 14 months; 8–20 员额检察官', () => {
    const n = (c: string) => bundles.filter((b) => b.case.category === c).length / bundles.length;
    expect(n('审查起诉')).toBeGreaterThan(0.35);
    expect(n('审查起诉')).toBeLessThan(0.46);
    expect(n('审查逮捕')).toBeGreaterThan(0.25);
    expect(n('审查逮捕')).toBeLessThan(0.35);
    const months = new Map<string, number>();
    for (const b of bundles)
      months.set(b.case.receivedOn.slice(0, 7), (months.get(b.case.receivedOn.slice(0, 7)) ?? 0) + 1);
    expect(months.size).toBeGreaterThanOrEqual(14);
    const full = [...months].filter(([m]) => m > '2025-09' && m < '2026-10').map(([, v]) => v);
    expect(Math.min(...full)).toBeGreaterThan(4000 / 14 / 2.5);
    expect(Math.max(...full)).toBeLessThan((4000 / 14) * 1.8);
    const quota = office.staff.filter((s) => s.role === '员额检察官');
    expect(quota.length).toBeGreaterThanOrEqual(8);
    expect(quota.length).toBeLessThanOrEqual(20);
    const prosecutors = new Set(bundles.map((b) => b.case.prosecutor));
    for (const p of prosecutors) expect(quota.some((s) => s.name === p)).toBe(true);
    expect(generateStaff({ cases: 300, seed: 1, asOf: ASOF }).filter((s) => s.role === '员额检察官').length).toBe(8);
  });
});

function checkValid(b: CaseBundle, asOf: string): void {
  const c = b.case;
  const where = c.caseNo;
  const ok = (cond: boolean, what: string) => {
    if (!cond) throw new Error(`${where}: ${what}`);
  };
  ok(
    /^赤检[\u4e00-\u9fff]+受\[\d{4}\]130732\d{6}号$/.test(c.caseNo) && normalizeCaseNo(c.caseNo) === c.caseNo,
    `部门受案号 ${c.caseNo}`,
  );
  ok(CATEGORIES.includes(c.category), '案件类别');
  ok(CASE_STATUSES.includes(c.status), '案件状态');
  ok(c.procedure == null || PROCEDURES.includes(c.procedure), '适用程序');
  ok(isIsoDate(c.receivedOn) && c.receivedOn <= asOf, '受理日期');
  ok(!!c.title && !!c.department && !!c.prosecutor, 'required');
  if (c.status === '办结') {
    ok(
      !!c.concludedOn && isIsoDate(c.concludedOn) && c.concludedOn >= c.receivedOn && c.concludedOn <= asOf,
      '办结日期',
    );
    ok(CONCLUSIONS_BY_CATEGORY[c.category].includes(c.conclusion ?? ''), `办结方式 ${c.conclusion}`);
  } else ok(c.concludedOn == null && c.conclusion == null, '在办 without 办结日期');
  const personNos = new Set<string>();
  for (const p of b.persons) {
    ok(!personNos.has(p.personNo), 'unique 嫌疑人编号');
    personNos.add(p.personNo);
    ok(p.caseNo === c.caseNo && !!p.name && p.name.length >= 2 && p.name.length <= 3, '姓名');
    ok(p.gender == null || GENDERS.includes(p.gender), '性别');
    ok(p.birthDate == null || isIsoDate(p.birthDate), '出生日期');
    ok(CUSTODY.includes(p.custody) && MEASURES.includes(p.measure), '羁押/强制措施');
    ok(p.measureFrom == null || (isIsoDate(p.measureFrom) && p.measureFrom <= asOf), '强制措施起始日期');
    ok(SENTENCING.includes(p.sentencing), '量刑建议');
    if (p.decision) {
      ok((DECISIONS_BY_CATEGORY[c.category] ?? []).includes(p.decision), '审查结论');
      ok(!!p.decidedOn && isIsoDate(p.decidedOn) && p.decidedOn <= asOf, '结论日期');
      ok(p.decisionReason == null || (DECISION_REASONS[p.decision] ?? []).includes(p.decisionReason), '不捕不诉理由');
    } else ok(p.decidedOn == null && p.decisionReason == null, 'undecided');
    for (const d of [p.pleaSignedOn, p.judgedOn]) ok(d == null || (isIsoDate(d) && d <= asOf), 'dates ≤ asOf');
  }
  for (const e of b.events) {
    ok(EVENT_KINDS.includes(e.kind) && isIsoDate(e.on) && e.on <= asOf, `流程节点 ${e.kind} ${e.on}`);
    ok(e.personNo == null || personNos.has(e.personNo), 'event person');
  }
  for (const d of b.documents) {
    ok(
      !!d.name && /^赤检.+[〔[]\d{4}[〕\]]\d+号$/.test(d.number) && isIsoDate(d.issuedOn) && d.issuedOn <= asOf,
      `文书 ${d.number} ${d.issuedOn}`,
    );
    ok(d.personNo == null || personNos.has(d.personNo), 'document person');
  }
}

describe('valid values (import-format.md, core/domain.ts)', () => {
  it('every case, person, event, document and staff row is valid', () => {
    const nos = new Set<string>();
    for (const b of bundles) {
      checkValid(b, ASOF);
      expect(nos.has(b.case.caseNo)).toBe(false);
      nos.add(b.case.caseNo);
    }
    for (const s of office.staff) expect(STAFF_ROLES.includes(s.role) && !!s.name && !!s.department).toBe(true);
    expect(new Set(office.staff.map((s) => s.name)).size).toBe(office.staff.length);
    const numbers = bundles.flatMap((b) => b.documents.map((d) => d.number));
    expect(new Set(numbers).size).toBe(numbers.length);
  });
});

describe('planted problems', () => {
  it('cover every rule id of rules.md except REF-INSPECTION (N ≥ 2000), at about problemRate', () => {
    const ids = RULES.map((r) => r.id)
      .filter((id) => id !== 'REF-INSPECTION')
      .sort();
    expect(PLANTED_RULE_IDS).toEqual(ids);
    const small = [...generateCases({ cases: 2000, seed: 7, asOf: '2026-03-15' })];
    expect(new Set(small.flatMap((b) => b.planted.map((p) => p.ruleId)))).toEqual(new Set(ids));
    const rate = bundles.filter((b) => b.planted.length).length / bundles.length;
    expect(rate).toBeGreaterThan(0.06);
    expect(rate).toBeLessThan(0.11);
    for (const b of bundles) for (const p of b.planted) expect(p.caseNo).toBe(b.case.caseNo);
    expect(
      [...generateCases({ cases: 500, seed: 7, asOf: ASOF, problemRate: 0 })].every((b) => !b.planted.length),
    ).toBe(true);
  });

  it('the rules find exactly what was planted at asOf (core/rules run in memory)', () => {
    const r = compare(bundles, ASOF);
    expect({ unexpected: r.unexpected.slice(0, 10), missed: r.missed.slice(0, 10) }).toEqual({
      unexpected: [],
      missed: [],
    });
  });
});

describe('snapshotAsOf', () => {
  it('gives consistent earlier exports: nothing after the date, planted right on every day', () => {
    for (const back of [1, 2, 3, 6, 10, 17, 31, 45, 90]) {
      const d = addDays(ASOF, -back);
      const snaps: CaseBundle[] = [];
      for (const b of bundles) {
        const s = snapshotAsOf(b, d);
        if (!s) {
          expect(b.case.receivedOn > d).toBe(true);
          continue;
        }
        checkValid(s, d);
        snaps.push(s);
      }
      expect(snaps.length).toBe(bundles.filter((b) => b.case.receivedOn <= d).length);
      const r = compare(snaps, d);
      expect({ date: d, unexpected: r.unexpected.slice(0, 5), missed: r.missed.slice(0, 5) }).toEqual({
        date: d,
        unexpected: [],
        missed: [],
      });
    }
  });

  it('a snapshot of a snapshot is the snapshot; open cases are 在办 and undecided after the date', () => {
    const d1 = addDays(ASOF, -20),
      d2 = addDays(ASOF, -40);
    let reopened = 0;
    for (const b of bundles) {
      const s1 = snapshotAsOf(b, d1);
      if (!s1) continue;
      expect(JSON.stringify(snapshotAsOf(s1, d2))).toBe(JSON.stringify(snapshotAsOf(b, d2)));
      if (b.case.status === '办结' && b.case.concludedOn! > d1) {
        reopened++;
        expect(s1.case.status).toBe('在办');
        expect(s1.case.conclusion).toBeNull();
        for (const p of s1.persons) expect(p.decidedOn == null || p.decidedOn <= d1).toBe(true);
      }
    }
    expect(reopened).toBeGreaterThan(50);
  });
});

describe('other seeds and days (holidays, calendar years, a year without calendar data)', () => {
  it.each([
    ['2025-02-05', 101],
    ['2025-10-09', 102],
    ['2026-02-24', 103],
    ['2027-01-15', 104],
  ])('as of %s (seed %i): exactly the planted problems, at asOf and on earlier days', (asOf, seed) => {
    const bs = [...generateCases({ cases: 1500, seed, asOf })];
    for (const back of [0, 3, 9, 23]) {
      const d = addDays(asOf, -back);
      const snaps = bs.map((b) => snapshotAsOf(b, d)).filter((b): b is CaseBundle => b != null);
      const r = compare(snaps, d);
      expect({ d, unexpected: r.unexpected.slice(0, 5), missed: r.missed.slice(0, 5) }).toEqual({
        d,
        unexpected: [],
        missed: [],
      });
    }
  });
});
