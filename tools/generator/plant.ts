/**
 * Planted problems: each variant builds one case that breaks exactly one rule of rules.md at asOf
 * (and from a known day on), recording it in `planted`. Variants are dealt out so that every rule
 * appears in proportion, each only where the case's receipt day makes it possible.
 */
import { addMonths } from '../../core/dates';
import { addDays, diffDays } from './fastdates';
import type { Category, Decision } from '../../core/domain';
import { buildArrest, buildOther, buildPros, docNumber, type FullCase } from './build';
import type { Office } from './office';
import type { Rng } from './prng';

interface Ctx {
  office: Office;
  rng: Rng;
  R: string;
  asOf: string;
}

interface Variant {
  key: string;
  ruleId: string;
  weight: number;
  minAge: number;
  maxAge: number;
  make(x: Ctx): FullCase | null;
}

function plant(fc: FullCase, ruleId: string, personNo: string | null, note: string, from: string): void {
  fc.planted.push({ p: { ruleId, caseNo: fc.case.caseNo, personNo, note }, from });
}

const rollDays = (x: Ctx, start: string, n: number) => x.office.cal.dueAfterDays(start, n, { roll: true });
const rollMonths = (x: Ctx, start: string, n: number) => x.office.cal.dueAfterMonths(start, n, { roll: true });
const BASE = { noSuspend: true, adults: true } as const;

function allProsecuted(n: number): Decision[] {
  return Array.from({ length: n }, () => '起诉' as Decision);
}

function removeDocs(fc: FullCase, pred: (d: FullCase['documents'][number]) => boolean): void {
  fc.documents = fc.documents.filter((d) => !pred(d));
}

const VARIANTS: Variant[] = [
  {
    key: 'arrest-open',
    ruleId: 'DL-ARREST',
    weight: 0.7,
    minAge: 9,
    maxAge: 14,
    make(x) {
      const fc = buildArrest(x.office, x.rng, x.R, {
        nPersons: 1,
        inCustody: true,
        adults: true,
        decideOn: addDays(x.asOf, x.rng.int(1, 5)),
      });
      plant(fc, 'DL-ARREST', '1', '在押犯罪嫌疑人审查逮捕超过七日未作决定（超期未结）', addDays(x.R, 8));
      return fc;
    },
  },
  {
    key: 'arrest-late',
    ruleId: 'DL-ARREST',
    weight: 0.7,
    minAge: 40,
    maxAge: 420,
    make(x) {
      // late under every reading: past 20 days (重大复杂, rolled), so also when the store's 逮捕 from the
      // decision day makes the audit count the person as not detained during the review
      const D = addDays(rollDays(x, x.R, 20), x.rng.int(1, 4));
      if (D > x.asOf) return null;
      const fc = buildArrest(x.office, x.rng, x.R, {
        nPersons: 1,
        inCustody: true,
        adults: true,
        decisions: ['批准逮捕'],
        decideOn: D,
      });
      plant(fc, 'DL-ARREST', '1', `在押犯罪嫌疑人受理后 ${diffDays(D, x.R)} 日才批准逮捕（超期办结）`, addDays(x.R, 8));
      return fc;
    },
  },
  {
    key: 'pros-open',
    ruleId: 'DL-PROS',
    weight: 0.7,
    minAge: 36,
    maxAge: 100,
    make(x) {
      const due = addMonths(x.R, 1);
      const { fc } = buildPros(x.office, x.rng, x.R, {
        ...BASE,
        inCustody: true,
        procedure: 'not-speedy',
        returns: 0,
        extend: false,
        decideOn: addDays(x.asOf, x.rng.int(3, 20)),
      });
      if (addDays(due, 1) > x.asOf) return null;
      plant(fc, 'DL-PROS', null, `审查起诉期限 ${due} 届满仍未作出决定（超期未结）`, addDays(due, 1));
      return fc;
    },
  },
  {
    key: 'pros-late',
    ruleId: 'DL-PROS',
    weight: 0.7,
    minAge: 50,
    maxAge: 420,
    make(x) {
      const due = addMonths(x.R, 1);
      const n = x.rng.int(1, 2);
      const { fc } = buildPros(x.office, x.rng, x.R, {
        ...BASE,
        nPersons: n,
        inCustody: true,
        procedure: 'not-speedy',
        returns: 0,
        extend: false,
        decisions: allProsecuted(n),
        decideOn: addDays(due, x.rng.int(2, 12)),
      });
      if (fc.case.concludedOn! > x.asOf) return null;
      plant(fc, 'DL-PROS', null, `审查起诉期限 ${due} 届满后才提起公诉（超期办结）`, addDays(due, 1));
      return fc;
    },
  },
  {
    key: 'supp-overdue',
    ruleId: 'DL-SUPP',
    weight: 1,
    minAge: 75,
    maxAge: 220,
    make(x) {
      const { fc, info } = buildPros(x.office, x.rng, x.R, {
        ...BASE,
        inCustody: true,
        procedure: 'not-speedy',
        returns: 1,
        resendLast: false,
        extend: false,
      });
      const due = rollMonths(x, info.returns[0].on, 1);
      if (addDays(due, 1) > x.asOf) return null;
      plant(fc, 'DL-SUPP', null, `${info.returns[0].on} 退回补充侦查，逾一个月未重新移送`, addDays(due, 1));
      return fc;
    },
  },
  {
    key: 'supp-count',
    ruleId: 'DL-SUPP-COUNT',
    weight: 1,
    minAge: 160,
    maxAge: 420,
    make(x) {
      const { fc, info } = buildPros(x.office, x.rng, x.R, {
        ...BASE,
        inCustody: true,
        procedure: 'not-speedy',
        returns: 3,
        extend: false,
      });
      const third = info.returns[2].on;
      if (third > x.asOf) return null;
      plant(fc, 'DL-SUPP-COUNT', null, `第三次退回补充侦查（${third}）`, third);
      return fc;
    },
  },
  {
    key: 'protest-late',
    ruleId: 'DL-PROTEST',
    weight: 1,
    minAge: 110,
    maxAge: 420,
    make(x) {
      const { fc } = buildPros(x.office, x.rng, x.R, {
        ...BASE,
        nPersons: 1,
        procedure: 'not-speedy',
        returns: 0,
        decisions: ['起诉'],
        judgeWithin: x.rng.int(20, 40),
      });
      fc.events = fc.events.filter((e) => e.kind !== '提出抗诉');
      const got = fc.events.find((e) => e.kind === '收到判决书');
      if (!got) return null;
      const due = rollDays(x, got.on, 10);
      const on = addDays(due, x.rng.int(2, 8));
      if (on > x.asOf) return null;
      fc.events.push({ caseNo: fc.case.caseNo, kind: '提出抗诉', on, personNo: null, note: '量刑明显不当' });
      fc.events.sort((a, b) => (a.on < b.on ? -1 : a.on > b.on ? 1 : 0));
      plant(fc, 'DL-PROTEST', null, `${got.on} 收到判决书，${on} 才提出抗诉（超过十日）`, on);
      return fc;
    },
  },
  {
    key: 'other-open',
    ruleId: 'DL-OTHER',
    weight: 0.7,
    minAge: 105,
    maxAge: 300,
    make(x) {
      const due = rollMonths(x, x.R, 3);
      const fc = buildOther(x.office, x.rng, '刑事申诉', x.R, { concludeOn: addDays(x.asOf, x.rng.int(5, 30)) });
      if (addDays(due, 1) > x.asOf) return null;
      plant(fc, 'DL-OTHER', null, `刑事申诉案件受理三个月（${due}）仍未办结`, addDays(due, 1));
      return fc;
    },
  },
  {
    key: 'other-late',
    ruleId: 'DL-OTHER',
    weight: 0.7,
    minAge: 130,
    maxAge: 420,
    make(x) {
      const cat = x.rng.pick(['刑事申诉', '民事生效裁判监督', '行政生效裁判监督'] as Category[]);
      const due = rollMonths(x, x.R, 3);
      const fc = buildOther(x.office, x.rng, cat, x.R, { concludeOn: addDays(due, x.rng.int(3, 20)) });
      if (fc.case.concludedOn! > x.asOf) return null;
      plant(fc, 'DL-OTHER', null, `${cat}案件超过三个月（${due}）才办结`, addDays(due, 1));
      return fc;
    },
  },
  ...(['CM-BAIL', 'CM-RSL'] as const).map((ruleId): Variant => ({
    key: ruleId.toLowerCase(),
    ruleId,
    weight: 1,
    minAge: 3,
    maxAge: 20,
    make(x) {
      const bail = ruleId === 'CM-BAIL';
      const mf = addDays(addMonths(x.asOf, bail ? -12 : -6), -x.rng.int(3, 30));
      const { fc, info } = buildPros(x.office, x.rng, x.R, {
        ...BASE,
        nPersons: 1,
        inCustody: false,
        procedure: 'not-speedy',
        returns: 0,
        extend: false,
        decideAfter: x.asOf,
      });
      if (info.decided <= x.asOf) return null;
      const measure = bail ? '取保候审' : x.rng.chance(0.8) ? '监视居住' : '指定居所监视居住';
      fc.states.set('1', [{ from: null, custody: '未羁押', measure, measureFrom: mf }]);
      const due = addMonths(mf, bail ? 12 : 6);
      const from = addDays(due, 1) > x.R ? addDays(due, 1) : x.R;
      plant(fc, ruleId, '1', `${measure}自 ${mf} 起已超过${bail ? '十二' : '六'}个月，案件仍在办`, from);
      return fc;
    },
  })),
  {
    key: 'cm-consistent',
    ruleId: 'CM-CONSISTENT',
    weight: 1.2,
    minAge: 10,
    maxAge: 420,
    make(x) {
      const { fc } = buildPros(x.office, x.rng, x.R, {
        ...BASE,
        nPersons: 1,
        inCustody: false,
        procedure: 'not-speedy',
        decisions: ['起诉'],
      });
      const st = fc.states.get('1')!;
      if (x.rng.chance(0.5)) {
        for (const s of st) if (s.measure !== '无') s.custody = '在押';
        plant(fc, 'CM-CONSISTENT', '1', `羁押状态填为“在押”，强制措施却为“${st[0].measure}”`, x.R);
      } else {
        for (const s of st) if (s.measure !== '无') s.measureFrom = null;
        plant(fc, 'CM-CONSISTENT', '1', `强制措施“${st[0].measure}”未填写起始日期`, x.R);
      }
      return fc;
    },
  },
  {
    key: 'rt-suspect',
    ruleId: 'RT-SUSPECT',
    weight: 1.2,
    minAge: 20,
    maxAge: 420,
    make(x) {
      const { fc } = buildPros(x.office, x.rng, x.R, { ...BASE, nPersons: x.rng.int(1, 2) });
      const due = rollDays(x, x.R, 3);
      fc.events = fc.events.filter((e) => e.kind !== '告知犯罪嫌疑人诉讼权利');
      removeDocs(fc, (d) => d.name === '犯罪嫌疑人诉讼权利义务告知书');
      let note = '未告知犯罪嫌疑人诉讼权利';
      if (x.rng.chance(0.5)) {
        const on = addDays(due, x.rng.int(2, 8));
        fc.events.push({ caseNo: fc.case.caseNo, kind: '告知犯罪嫌疑人诉讼权利', on, personNo: null, note: null });
        fc.events.sort((a, b) => (a.on < b.on ? -1 : a.on > b.on ? 1 : 0));
        note = `${on} 才告知犯罪嫌疑人诉讼权利（超过三日）`;
      }
      for (const p of fc.persons) plant(fc, 'RT-SUSPECT', p.personNo, note, addDays(due, 1));
      return fc;
    },
  },
  {
    key: 'rt-victim',
    ruleId: 'RT-VICTIM',
    weight: 1,
    minAge: 20,
    maxAge: 420,
    make(x) {
      const { fc } = buildPros(x.office, x.rng, x.R, { ...BASE, hasVictim: true });
      const due = rollDays(x, x.R, 3);
      fc.events = fc.events.filter((e) => e.kind !== '告知被害人诉讼权利');
      removeDocs(fc, (d) => d.name === '被害人诉讼权利义务告知书');
      let note = '未告知被害人诉讼权利';
      if (x.rng.chance(0.4)) {
        const on = addDays(due, x.rng.int(2, 8));
        fc.events.push({ caseNo: fc.case.caseNo, kind: '告知被害人诉讼权利', on, personNo: null, note: null });
        fc.events.sort((a, b) => (a.on < b.on ? -1 : a.on > b.on ? 1 : 0));
        note = `${on} 才告知被害人诉讼权利（超过三日）`;
      }
      plant(fc, 'RT-VICTIM', null, note, addDays(due, 1));
      return fc;
    },
  },
  {
    key: 'rt-aid',
    ruleId: 'RT-AID',
    weight: 1,
    minAge: 20,
    maxAge: 420,
    make(x) {
      const persons = [{ minor: true, counsel: false }];
      const fc = x.rng.chance(0.4)
        ? buildArrest(x.office, x.rng, x.R, { nPersons: 1, persons })
        : buildPros(x.office, x.rng, x.R, { ...BASE, nPersons: 1, persons }).fc;
      const due = rollDays(x, x.R, 3);
      fc.events = fc.events.filter((e) => e.kind !== '通知法律援助');
      plant(fc, 'RT-AID', '1', '未成年犯罪嫌疑人未委托辩护人，未通知法律援助机构指派律师', addDays(due, 1));
      return fc;
    },
  },
  {
    key: 'doc-arrest',
    ruleId: 'DOC-ARREST',
    weight: 1,
    minAge: 20,
    maxAge: 420,
    make(x) {
      const fc = buildArrest(x.office, x.rng, x.R, { adults: true });
      const p = fc.persons[x.rng.int(0, fc.persons.length - 1)];
      const name = p.decision === '批准逮捕' ? '批准逮捕决定书' : '不批准逮捕决定书';
      removeDocs(fc, (d) => d.name === name && d.personNo === p.personNo);
      plant(fc, 'DOC-ARREST', p.personNo, `${p.decision}后无《${name}》`, addDays(p.decidedOn!, 4));
      return fc;
    },
  },
  {
    key: 'doc-indict',
    ruleId: 'DOC-INDICT',
    weight: 1,
    minAge: 70,
    maxAge: 420,
    make(x) {
      const { fc, info } = buildPros(x.office, x.rng, x.R, { ...BASE, nPersons: 1, returns: 0 });
      const p = fc.persons[0];
      const name = p.decision === '起诉' ? '起诉书' : '不起诉决定书';
      if (addDays(info.decided, 4) > x.asOf) return null;
      removeDocs(fc, (d) => d.name === name);
      plant(fc, 'DOC-INDICT', '1', `${p.decision}后无《${name}》`, addDays(info.decided, 4));
      return fc;
    },
  },
  {
    key: 'doc-plea',
    ruleId: 'DOC-PLEA',
    weight: 1,
    minAge: 70,
    maxAge: 420,
    make(x) {
      const { fc, info } = buildPros(x.office, x.rng, x.R, { ...BASE, nPersons: 1, returns: 0, allPlea: true });
      if (addDays(info.decided, 4) > x.asOf) return null;
      removeDocs(fc, (d) => d.name === '认罪认罚具结书');
      plant(fc, 'DOC-PLEA', '1', '认罪认罚案件无《认罪认罚具结书》', addDays(info.decided, 4));
      return fc;
    },
  },
  {
    key: 'doc-supp',
    ruleId: 'DOC-SUPP',
    weight: 1,
    minAge: 70,
    maxAge: 420,
    make(x) {
      const { fc, info } = buildPros(x.office, x.rng, x.R, {
        ...BASE,
        returns: 1,
        extend: false,
        procedure: 'not-speedy',
      });
      const r = info.returns[0];
      if (addDays(r.on, 4) > x.asOf) return null;
      removeDocs(fc, (d) => d.name === '退回补充侦查决定书');
      plant(fc, 'DOC-SUPP', null, `${r.on} 退回补充侦查，无《退回补充侦查决定书》`, addDays(r.on, 4));
      return fc;
    },
  },
  {
    key: 'doc-extend',
    ruleId: 'DOC-EXTEND',
    weight: 1,
    minAge: 70,
    maxAge: 420,
    make(x) {
      const { fc, info } = buildPros(x.office, x.rng, x.R, {
        ...BASE,
        returns: 0,
        extend: true,
        procedure: 'not-speedy',
      });
      if (!info.extend || addDays(info.extend.on, 4) > x.asOf) return null;
      removeDocs(fc, (d) => d.name === '延长审查起诉期限审批表');
      plant(
        fc,
        'DOC-EXTEND',
        null,
        `${info.extend.on} 延长审查起诉期限，无《延长审查起诉期限审批表》`,
        addDays(info.extend.on, 4),
      );
      return fc;
    },
  },
  {
    key: 'doc-date',
    ruleId: 'DOC-DATE',
    weight: 1.5,
    minAge: 20,
    maxAge: 420,
    make(x) {
      const fc = x.rng.chance(0.4)
        ? buildArrest(x.office, x.rng, x.R, { adults: true })
        : buildPros(x.office, x.rng, x.R, { ...BASE }).fc;
      const docs = fc.documents.filter((d) => d.issuedOn <= x.asOf);
      if (!docs.length) return null;
      const d = docs[x.rng.int(0, docs.length - 1)];
      const y = d.issuedOn.slice(0, 4);
      const wrong = String(+y - 1);
      d.number = docNumber(x.office, x.rng, fc.case.department, d.name, d.issuedOn, wrong);
      plant(
        fc,
        'DOC-DATE',
        d.personNo,
        `《${d.name}》${d.number} 文号年份 ${wrong} 与签发日期 ${d.issuedOn} 不一致`,
        d.issuedOn,
      );
      return fc;
    },
  },
  {
    key: 'dq-cause',
    ruleId: 'DQ-CAUSE',
    weight: 1.5,
    minAge: 3,
    maxAge: 420,
    make(x) {
      const fc = x.rng.chance(0.4)
        ? buildArrest(x.office, x.rng, x.R, { adults: true })
        : buildPros(x.office, x.rng, x.R, { ...BASE }).fc;
      fc.case.cause = null;
      plant(fc, 'DQ-CAUSE', null, '案由未填', x.R);
      return fc;
    },
  },
  {
    key: 'dq-decision',
    ruleId: 'DQ-DECISION',
    weight: 1,
    minAge: 10,
    maxAge: 420,
    make(x) {
      const fc = buildArrest(x.office, x.rng, x.R, {
        nPersons: 3,
        inCustody: true,
        adults: true,
        decisions: ['批准逮捕', '不批准逮捕', null],
      });
      plant(fc, 'DQ-DECISION', '3', '案件已办结，第三名犯罪嫌疑人未填审查结论', fc.case.concludedOn!);
      return fc;
    },
  },
  {
    key: 'dq-conclusion',
    ruleId: 'DQ-CONCLUSION',
    weight: 1,
    minAge: 10,
    maxAge: 420,
    make(x) {
      const fc = buildArrest(x.office, x.rng, x.R, { adults: true });
      const was = fc.case.conclusion;
      fc.case.conclusion = was === '批准逮捕' ? '不批准逮捕' : '批准逮捕';
      plant(fc, 'DQ-CONCLUSION', null, `办结方式应为“${was}”，填为“${fc.case.conclusion}”`, fc.case.concludedOn!);
      return fc;
    },
  },
  {
    key: 'dq-dates',
    ruleId: 'DQ-DATES',
    weight: 1,
    minAge: 10,
    maxAge: 420,
    make(x) {
      const fc = buildArrest(x.office, x.rng, x.R, { nPersons: 1, adults: true });
      const p = fc.persons[0];
      const wrong = addDays(x.R, -x.rng.int(1, 3));
      for (const d of fc.documents) {
        if (d.personNo === '1' && d.issuedOn === p.decidedOn) {
          d.issuedOn = x.R;
          d.number = docNumber(x.office, x.rng, fc.case.department, d.name, x.R);
        }
      }
      p.decidedOn = wrong;
      plant(fc, 'DQ-DATES', '1', `结论日期 ${wrong} 早于受理日期 ${x.R}`, x.R);
      return fc;
    },
  },
  {
    key: 'dq-plea',
    ruleId: 'DQ-PLEA',
    weight: 1,
    minAge: 70,
    maxAge: 420,
    make(x) {
      const { fc, info } = buildPros(x.office, x.rng, x.R, {
        ...BASE,
        nPersons: 1,
        returns: 0,
        allPlea: true,
        decisions: ['起诉'],
      });
      fc.persons[0].pleaSignedOn = null;
      plant(fc, 'DQ-PLEA', '1', '认罪认罚且已起诉，未填具结书签署日期', info.decided);
      return fc;
    },
  },
  {
    key: 'dq-sentencing',
    ruleId: 'DQ-SENTENCING',
    weight: 1,
    minAge: 70,
    maxAge: 420,
    make(x) {
      const { fc, info } = buildPros(x.office, x.rng, x.R, {
        ...BASE,
        nPersons: 1,
        returns: 0,
        allPlea: true,
        decisions: ['起诉'],
      });
      const p = fc.persons[0];
      p.sentencing = '无';
      p.sentencingAdopted = null;
      removeDocs(fc, (d) => d.name === '量刑建议书');
      plant(fc, 'DQ-SENTENCING', '1', '认罪认罚案件提起公诉，量刑建议填为“无”', info.decided);
      return fc;
    },
  },
  {
    key: 'dq-procedure',
    ruleId: 'DQ-PROCEDURE',
    weight: 1,
    minAge: 20,
    maxAge: 420,
    make(x) {
      const { fc } = buildPros(x.office, x.rng, x.R, { ...BASE, nPersons: 1, allPlea: true, procedure: '速裁程序' });
      const p = fc.persons[0];
      p.plea = false;
      p.pleaSignedOn = null;
      removeDocs(fc, (d) => d.name === '认罪认罚具结书');
      plant(fc, 'DQ-PROCEDURE', '1', '适用速裁程序，犯罪嫌疑人未认罪认罚', x.R);
      return fc;
    },
  },
  {
    key: 'dq-sequence',
    ruleId: 'DQ-SEQUENCE',
    weight: 1,
    minAge: 30,
    maxAge: 420,
    make(x) {
      const { fc, info } = buildPros(x.office, x.rng, x.R, {
        ...BASE,
        returns: 0,
        extend: false,
        procedure: 'not-speedy',
      });
      const on = addDays(x.R, x.rng.int(2, 5));
      if (on >= info.decided) return null;
      fc.events.push({ caseNo: fc.case.caseNo, kind: '补充侦查重新移送', on, personNo: null, note: null });
      fc.events.sort((a, b) => (a.on < b.on ? -1 : a.on > b.on ? 1 : 0));
      plant(fc, 'DQ-SEQUENCE', null, `${on}“补充侦查重新移送”之前没有退回补充侦查`, on);
      return fc;
    },
  },
  {
    key: 'dq-stale',
    ruleId: 'DQ-STALE',
    weight: 1,
    minAge: 372,
    maxAge: 425,
    make(x) {
      const fc = buildOther(x.office, x.rng, '公益诉讼', x.R, { concludeOn: addDays(x.asOf, x.rng.int(10, 60)) });
      plant(fc, 'DQ-STALE', null, '公益诉讼案件受理超过一年仍未办结', addDays(x.R, 366));
      return fc;
    },
  },
];

export const PLANTED_RULE_IDS = [...new Set(VARIANTS.map((v) => v.ruleId))].sort();

/** Deals out the variants over a run (deterministic; state lives in the instance). */
export class Planter {
  private readonly counts = VARIANTS.map(() => 0);
  private readonly totalWeight = VARIANTS.reduce((s, v) => s + v.weight, 0);
  private planted = 0;
  constructor(private readonly office: Office) {}

  /** A planted case for receipt day R, or null (the caller builds a clean case). */
  maybe(R: string, rng: Rng): FullCase | null {
    const { asOf, problemRate } = this.office.opts;
    const age = diffDays(asOf, R);
    const feasible: number[] = [];
    for (let i = 0; i < VARIANTS.length; i++)
      if (age >= VARIANTS[i].minAge && age <= VARIANTS[i].maxAge) feasible.push(i);
    if (!feasible.length) return null;
    const u = rng.next();
    const starving = feasible.some((i) => this.counts[i] === 0 && VARIANTS[i].maxAge - VARIANTS[i].minAge <= 30);
    if (!(u < problemRate || (starving && problemRate > 0 && u < 0.6))) return null;
    let best = -1,
      bestDef = -Infinity;
    for (const i of feasible) {
      const def = (VARIANTS[i].weight * (this.planted + 1)) / this.totalWeight - this.counts[i];
      if (def > bestDef) {
        bestDef = def;
        best = i;
      }
    }
    const v = VARIANTS[best];
    const fc = v.make({ office: this.office, rng, R, asOf });
    if (!fc) return null;
    this.counts[best]++;
    this.planted++;
    return fc;
  }
}
