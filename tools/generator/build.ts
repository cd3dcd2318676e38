/**
 * Case builders: each builds the case's complete history (decisions, events, documents, measures over time),
 * possibly running past asOf; `cut` (snapshot.ts) then shows it as exported on a given day.
 * Clean cases meet every limit of rules.md with a margin, without relying on holiday rolls.
 */
import { addMonths } from '../../core/dates';
import { addDays, diffDays } from './fastdates';
import type {
  CaseRecord,
  Category,
  Custody,
  Decision,
  DocumentRecord,
  EventKind,
  EventRecord,
  Measure,
  PersonRecord,
  Procedure,
  Sentencing,
} from '../../core/domain';
import { maskName } from '../../core/shared/mask';
import { deptShort, nextNumber, type Dept, type Office } from './office';
import type { Rng } from './prng';
import type { Planted } from './types';
import {
  ADMIN_CAUSES,
  APPEAL_CAUSES,
  ARREST_CAUSES,
  CAUSES,
  CIVIL_CAUSES,
  OTHER_CAUSES,
  PIL_CAUSES,
  personName,
  place,
  type CauseDef,
} from './vocab';

export interface PersonState {
  /** first day of this state; null for the state the case arrived with */
  from: string | null;
  custody: Custody;
  measure: Measure;
  measureFrom: string | null;
}

export interface PlantedAt {
  p: Planted;
  /** first day the problem shows (the audit finds it on this day and later, up to asOf) */
  from: string;
}

export interface FullCase {
  case: CaseRecord;
  /** final values (decisions, judgments); custody fields are taken from `states` when cut */
  persons: PersonRecord[];
  states: Map<string, PersonState[]>;
  events: EventRecord[];
  documents: DocumentRecord[];
  planted: PlantedAt[];
}

const DOC_CODE: Record<string, string> = {
  起诉书: '刑诉',
  不起诉决定书: '刑不诉',
  批准逮捕决定书: '批捕',
  不批准逮捕决定书: '不捕',
  认罪认罚具结书: '认罚',
  量刑建议书: '量建',
  犯罪嫌疑人诉讼权利义务告知书: '权告',
  被害人诉讼权利义务告知书: '被告',
  退回补充侦查决定书: '退查',
  延长审查起诉期限审批表: '延审',
  审查结果通知书: '控申',
  不支持监督申请决定书: '民监',
  再审检察建议书: '民建',
  检察建议书: '公建',
  纠正违法通知书: '执纠',
};

const CASE_KIND: Record<Category, string> = {
  审查逮捕: '刑捕受',
  审查起诉: '刑诉受',
  刑事申诉: '控申受',
  民事生效裁判监督: '民行受',
  行政生效裁判监督: '行监受',
  公益诉讼: '公益受',
  其他: '刑执受',
};

export function caseNumber(office: Office, category: Category, received: string): string {
  const y = received.slice(0, 4);
  const kind = CASE_KIND[category];
  const n = nextNumber(office, `case|${kind}|${y}`);
  return `${office.prefix}${kind}[${y}]${office.opts.countyCode}${String(n).padStart(6, '0')}号`;
}

export function docNumber(
  office: Office,
  rng: Rng,
  dept: string,
  name: string,
  issuedOn: string,
  yearOverride?: string,
): string {
  const code = DOC_CODE[name] ?? '文';
  const yy = yearOverride ?? issuedOn.slice(0, 4);
  const n = nextNumber(office, `doc|${dept}|${code}|${yy}`);
  const [l, r] = rng.chance(0.06) ? ['[', ']'] : ['〔', '〕'];
  return `${office.prefix}${deptShort(dept)}${code}${l}${yy}${r}${n}号`;
}

/** d itself, or the closest earlier working day not before `lo` (decisions fall on working days when they can). */
export function workdayOnOrBefore(office: Office, d: string, lo: string): string {
  let x = d;
  while (x > lo && isRest(office, x)) x = addDays(x, -1);
  return x;
}

export function workdayOnOrAfter(office: Office, d: string, hi: string): string {
  let x = d;
  while (x < hi && isRest(office, x)) x = addDays(x, 1);
  return x;
}

function isRest(office: Office, d: string): boolean {
  let r = office.restDays.get(d);
  if (r === undefined) office.restDays.set(d, (r = office.cal.isRestDay(d)));
  return r;
}

export class CaseBuilder {
  readonly fc: FullCase;
  constructor(
    readonly office: Office,
    readonly rng: Rng,
    c: CaseRecord,
  ) {
    this.fc = { case: c, persons: [], states: new Map(), events: [], documents: [], planted: [] };
  }
  event(kind: EventKind, on: string, personNo: string | null = null, note: string | null = null): EventRecord {
    const e: EventRecord = { caseNo: this.fc.case.caseNo, kind, on, personNo, note };
    this.fc.events.push(e);
    return e;
  }
  doc(name: string, issuedOn: string, personNo: string | null = null): DocumentRecord {
    const d: DocumentRecord = {
      caseNo: this.fc.case.caseNo,
      name,
      issuedOn,
      personNo,
      number: docNumber(this.office, this.rng, this.fc.case.department, name, issuedOn),
    };
    this.fc.documents.push(d);
    return d;
  }
  state(personNo: string, s: PersonState): void {
    const list = this.fc.states.get(personNo);
    if (list) list.push(s);
    else this.fc.states.set(personNo, [s]);
  }
  finish(): FullCase {
    // events by date, keeping insertion order within a day (stable sort)
    this.fc.events.sort((a, b) => (a.on < b.on ? -1 : a.on > b.on ? 1 : 0));
    this.fc.documents.sort((a, b) => (a.issuedOn < b.issuedOn ? -1 : a.issuedOn > b.issuedOn ? 1 : 0));
    for (const p of this.fc.persons) {
      const st = this.fc.states.get(p.personNo)!;
      const last = st[st.length - 1];
      p.custody = last.custody;
      p.measure = last.measure;
      p.measureFrom = last.measureFrom;
    }
    return this.fc;
  }
}

function pickProsecutor(office: Office, rng: Rng, dept: Dept): string {
  const list = office.prosecutors[dept].length ? office.prosecutors[dept] : office.prosecutors['第一检察部'];
  // some prosecutors carry more cases than others
  const i = Math.min(list.length - 1, Math.floor(list.length * Math.pow(rng.next(), 1.3)));
  return list[i];
}

function agencyFor(office: Office, rng: Rng, cause: CauseDef): string {
  if (cause.agency === 'traffic' && rng.chance(0.5)) return `${office.county}公安局交通警察大队`;
  if (cause.agency === 'forest' && rng.chance(0.6)) return `${office.county}公安局森林警察大队`;
  if (rng.chance(0.04)) return '张家口市公安局';
  return `${office.county}公安局`;
}

const CAUSE_PAIRS = new Map<readonly CauseDef[], (readonly [CauseDef, number])[]>();
function pickCause(rng: Rng, list: readonly CauseDef[]): CauseDef {
  let pairs = CAUSE_PAIRS.get(list);
  if (!pairs) CAUSE_PAIRS.set(list, (pairs = list.map((c) => [c, c.weight] as const)));
  return rng.weighted(pairs);
}

function personsCount(rng: Rng, cause: CauseDef): number {
  const n = rng.weighted([
    [1, 0.74],
    [2, 0.19],
    [3, 0.07],
  ] as const);
  return Math.min(n, cause.maxPersons);
}

export interface PersonSpec {
  minor?: boolean;
  counsel?: boolean;
  adult?: boolean;
}

function basePerson(b: CaseBuilder, k: number, received: string, spec: PersonSpec): PersonRecord {
  const rng = b.rng;
  const gender: '男' | '女' = rng.chance(0.87) ? '男' : '女';
  const minor = spec.minor ?? (!spec.adult && rng.chance(0.03));
  const age = minor ? rng.int(14, 17) : rng.tri(18, 32, 72);
  const birthDate = rng.chance(0.02) && !minor ? null : addDays(addMonths(received, -12 * age), -rng.int(1, 360));
  const hasCounsel = spec.counsel ?? (minor ? rng.chance(0.4) : rng.chance(0.3));
  return {
    caseNo: b.fc.case.caseNo,
    personNo: String(k),
    name: personName(rng, gender, minor),
    gender,
    birthDate,
    custody: '未羁押',
    measure: '无',
    measureFrom: null,
    hasCounsel,
    plea: false,
    pleaSignedOn: null,
    decision: null,
    decidedOn: null,
    decisionReason: null,
    sentencing: '无',
    sentencingAdopted: null,
    judgedOn: null,
    appealed: false,
  };
}

function titleOf(persons: PersonRecord[], cause: string): string {
  return `${maskName(persons[0].name)}${persons.length > 1 ? '等' : ''}${cause}案`;
}

function newCase(
  office: Office,
  rng: Rng,
  category: Category,
  received: string,
  dept: Dept,
  cause: string | null,
  agency: string | null,
): CaseRecord {
  return {
    caseNo: caseNumber(office, category, received),
    title: '',
    category,
    cause,
    department: dept,
    prosecutor: pickProsecutor(office, rng, dept),
    agency,
    receivedOn: received,
    complex: false,
    hasVictim: false,
    procedure: null,
    status: '在办',
    concludedOn: null,
    conclusion: null,
    note: null,
  };
}

function criminalCause(rng: Rng, list: readonly CauseDef[]): { def: CauseDef; text: string } {
  const def = pickCause(rng, list);
  let text = def.name;
  if (rng.chance(0.04)) {
    // a second charge of the same kind (盗窃、诈骗; 帮助信息网络犯罪活动、侵犯公民个人信息 …)
    const other = pickCause(rng, list);
    if (
      other !== def &&
      other.dept2 === def.dept2 &&
      other.victim > 0 === def.victim > 0 &&
      !other.name.includes('、') &&
      !def.name.includes('、')
    ) {
      text = `${def.name}、${other.name}`;
    }
  }
  return { def, text };
}

// ---------------------------------------------------------------- 审查逮捕

export interface ArrestSpec {
  nPersons?: number;
  /** all persons 在押 (刑事拘留) during the review */
  inCustody?: boolean;
  decisions?: (Decision | null)[];
  /** decision day (default: well inside the limit) */
  decideOn?: string;
  persons?: PersonSpec[];
  adults?: boolean;
}

export function buildArrest(office: Office, rng: Rng, R: string, spec: ArrestSpec = {}): FullCase {
  const { def, text } = criminalCause(rng, ARREST_CAUSES);
  const dept: Dept = def.dept2 ? '第二检察部' : '第一检察部';
  const c = newCase(office, rng, '审查逮捕', R, dept, text, agencyFor(office, rng, def));
  c.complex = rng.chance(0.06);
  c.hasVictim = rng.chance(def.victim);
  const b = new CaseBuilder(office, rng, c);
  const n = spec.nPersons ?? personsCount(rng, def);
  let anyIn = false;
  for (let k = 1; k <= n; k++) {
    const p = basePerson(b, k, R, spec.persons?.[k - 1] ?? (spec.adults ? { adult: true } : {}));
    b.fc.persons.push(p);
    const custody = spec.inCustody ?? rng.chance(0.85);
    if (custody) {
      anyIn = true;
      b.state(p.personNo, {
        from: null,
        custody: '在押',
        measure: '刑事拘留',
        measureFrom: addDays(R, -rng.tri(3, 4, 30)),
      });
    } else {
      b.state(p.personNo, {
        from: null,
        custody: '未羁押',
        measure: '取保候审',
        measureFrom: addDays(R, -rng.int(10, 90)),
      });
    }
  }
  const decisions: (Decision | null)[] = b.fc.persons.map((_, i) => {
    const forced = spec.decisions?.[i];
    return forced !== undefined ? forced : rng.chance(0.34) ? '不批准逮捕' : '批准逮捕';
  });
  // Within 7 days whenever someone is detained — or will be: the export shows an approved person as
  // 在押 (逮捕), and rules.md then counts 7 days whatever the custody during the review. Only an all-bail,
  // all-refused case takes longer (15 days, rolled; 20 if 重大复杂).
  const slow = !anyIn && decisions.every((d) => d !== '批准逮捕');
  const raw = slow ? addDays(R, rng.int(4, c.complex ? 16 : 12)) : addDays(R, rng.tri(1, 5, 6));
  const D = spec.decideOn ?? workdayOnOrBefore(office, raw, addDays(R, 1));
  // rights: legal aid for minors without counsel, within a day
  for (const p of b.fc.persons) {
    if (p.birthDate && !p.hasCounsel && isMinor(p.birthDate, R))
      b.event('通知法律援助', addDays(R, rng.int(0, 1)), p.personNo);
  }
  const ds: Decision[] = [];
  b.fc.persons.forEach((p, i) => {
    const d = decisions[i];
    if (!d) return;
    ds.push(d);
    p.decision = d;
    p.decidedOn = D;
    p.decisionReason =
      d === '不批准逮捕'
        ? rng.weighted([
            ['无社会危险性', 70],
            ['事实不清证据不足', 20],
            ['不构成犯罪', 5],
            ['其他', 5],
          ] as const)
        : null;
    if (d === '批准逮捕') b.state(p.personNo, { from: D, custody: '在押', measure: '逮捕', measureFrom: D });
    else b.state(p.personNo, { from: D, custody: '未羁押', measure: '取保候审', measureFrom: D });
    b.doc(d === '批准逮捕' ? '批准逮捕决定书' : '不批准逮捕决定书', D, p.personNo);
  });
  c.status = '办结';
  c.concludedOn = D;
  c.conclusion = ds.every((d) => d === '批准逮捕')
    ? '批准逮捕'
    : ds.every((d) => d === '不批准逮捕')
      ? '不批准逮捕'
      : '部分批准逮捕';
  b.event('归档', addDays(D, rng.int(5, 30)));
  c.title = titleOf(b.fc.persons, text);
  return b.finish();
}

export function isMinor(birthDate: string, on: string): boolean {
  const eighteenth = `${String(+birthDate.slice(0, 4) + 18).padStart(4, '0')}${birthDate.slice(4)}`;
  return on < eighteenth;
}

// ---------------------------------------------------------------- 审查起诉

const CASE_NOTES = [
  '被害人已出具谅解书',
  '已退赃退赔',
  '涉案财物随案移送',
  '犯罪嫌疑人系在校学生',
  '同案犯另案处理',
  '值班律师在场见证具结',
];

export interface ProsSpec {
  nPersons?: number;
  /** all persons 在押 (逮捕) */
  inCustody?: boolean;
  /** first person's measure on arrival (with its start day) */
  firstMeasure?: { measure: Measure; measureFrom: string };
  decisions?: (Decision | null)[];
  allPlea?: boolean;
  procedure?: Procedure | 'not-speedy';
  returns?: number;
  /** false: the last 退回补充侦查 is never followed by 补充侦查重新移送 */
  resendLast?: boolean;
  extend?: boolean;
  /** decision day of the last period (default: well inside the limit) */
  decideOn?: string;
  /** decide after this day at the earliest (open at asOf) */
  decideAfter?: string;
  hasVictim?: boolean;
  persons?: PersonSpec[];
  adults?: boolean;
  /** the first judgment comes soon (days after the decision) */
  judgeWithin?: number;
  /** no 中止审查 … 恢复审查 pair */
  noSuspend?: boolean;
}

export interface ProsInfo {
  returns: EventRecord[];
  extend: EventRecord | null;
  decided: string;
}

export function buildPros(office: Office, rng: Rng, R: string, spec: ProsSpec = {}): { fc: FullCase; info: ProsInfo } {
  const { def, text } = criminalCause(rng, CAUSES);
  const dept: Dept = def.dept2 ? '第二检察部' : '第一检察部';
  const c = newCase(office, rng, '审查起诉', R, dept, text, agencyFor(office, rng, def));
  c.complex = rng.chance(0.05);
  c.hasVictim = spec.hasVictim ?? rng.chance(def.victim);
  const b = new CaseBuilder(office, rng, c);
  const n = spec.nPersons ?? personsCount(rng, def);
  for (let k = 1; k <= n; k++) {
    const p = basePerson(b, k, R, spec.persons?.[k - 1] ?? (spec.adults ? { adult: true } : {}));
    b.fc.persons.push(p);
    p.plea = spec.allPlea ?? rng.chance(0.87);
    const out = spec.inCustody != null ? !spec.inCustody : rng.chance(def.bail);
    if (k === 1 && spec.firstMeasure) {
      const m = spec.firstMeasure;
      b.state(p.personNo, {
        from: null,
        custody: m.measure === '逮捕' || m.measure === '刑事拘留' ? '在押' : '未羁押',
        measure: m.measure,
        measureFrom: m.measureFrom,
      });
    } else if (out) {
      const m: Measure = rng.weighted([
        ['取保候审', 96],
        ['监视居住', 3],
        ['指定居所监视居住', 1],
      ] as const);
      const from = m === '取保候审' ? addDays(R, -rng.tri(0, 20, 120)) : addDays(R, -rng.int(0, 20));
      b.state(p.personNo, { from: null, custody: '未羁押', measure: m, measureFrom: from });
    } else {
      b.state(p.personNo, { from: null, custody: '在押', measure: '逮捕', measureFrom: addDays(R, -rng.int(20, 60)) });
    }
  }
  const allPlea = b.fc.persons.every((p) => p.plea);
  let procedure: Procedure;
  if (spec.procedure && spec.procedure !== 'not-speedy') procedure = spec.procedure;
  else if (spec.procedure !== 'not-speedy' && allPlea && def.speedy && n <= 2 && !c.complex && rng.chance(0.24))
    procedure = '速裁程序';
  else procedure = !c.complex && allPlea && rng.chance(0.5) ? '简易程序' : '普通程序';
  c.procedure = procedure;
  const speedy = procedure === '速裁程序';

  // rights notices within two days of receipt
  const notice = addDays(R, rng.tri(0, 1, 2));
  if (rng.chance(0.75)) {
    b.event('告知犯罪嫌疑人诉讼权利', notice);
    b.doc('犯罪嫌疑人诉讼权利义务告知书', notice);
  } else {
    for (const p of b.fc.persons) {
      b.event('告知犯罪嫌疑人诉讼权利', notice, p.personNo);
      b.doc('犯罪嫌疑人诉讼权利义务告知书', notice, p.personNo);
    }
  }
  if (c.hasVictim) {
    const v = addDays(R, rng.int(0, 2));
    b.event('告知被害人诉讼权利', v);
    b.doc('被害人诉讼权利义务告知书', v);
  }
  for (const p of b.fc.persons) {
    if (p.birthDate && !p.hasCounsel && isMinor(p.birthDate, R))
      b.event('通知法律援助', addDays(R, rng.int(0, 2)), p.personNo);
  }

  // review periods: 退回补充侦查 (each re-sent within a month), then the last period
  const nReturns = spec.returns ?? (speedy ? 0 : rng.chance(0.125) ? (rng.chance(0.2) ? 2 : 1) : 0);
  let S = R;
  const returns: EventRecord[] = [];
  let pendingReturn = false;
  for (let j = 1; j <= nReturns; j++) {
    const hi = addDays(addMonths(S, 1), -4);
    const t = workdayOnOrBefore(office, addDays(S, rng.int(8, 22)), addDays(S, 3));
    const ret = b.event('退回补充侦查', t <= hi ? t : hi, null, `第${'一二三四五'[j - 1] ?? j}次退回补充侦查`);
    returns.push(ret);
    b.doc('退回补充侦查决定书', ret.on);
    if (j === nReturns && spec.resendLast === false) {
      pendingReturn = true;
      break;
    }
    S = addDays(ret.on, rng.int(12, 28));
    b.event('补充侦查重新移送', S, null, `第${'一二三四五'[j - 1] ?? j}次补充侦查完毕重新移送`);
  }
  // a suspension now and then (a suspect seriously ill): 中止审查 … 恢复审查
  let offset = 0;
  if (!speedy && !nReturns && !spec.noSuspend && !spec.decideOn && !spec.decideAfter && rng.chance(0.012)) {
    const sus = addDays(S, rng.int(5, 15));
    const res = addDays(sus, rng.int(10, 40));
    b.event('中止审查', sus, null, '犯罪嫌疑人患有严重疾病');
    b.event('恢复审查', res);
    offset = diffDays(res, sus);
  }
  let extend: EventRecord | null = null;
  const wantExtend = spec.extend ?? (!speedy && rng.chance(0.12));
  if (wantExtend && !pendingReturn) {
    const on = workdayOnOrBefore(office, addDays(addMonths(S, 1), offset - rng.int(2, 5)), addDays(S, 1));
    extend = b.event('延长审查起诉期限', on);
    b.doc('延长审查起诉期限审批表', on);
  }
  const due = speedy ? addDays(S, 10) : addDays(addMonths(S, 1), (extend ? 15 : 0) + offset);
  let D: string;
  if (pendingReturn)
    D = addDays(returns[returns.length - 1].on, 400); // never within the data
  else if (spec.decideOn) D = spec.decideOn;
  else {
    let lo = speedy ? addDays(S, 3) : addDays(S, offset ? offset + 8 : 5);
    if (extend) lo = addDays(extend.on, 2);
    if (spec.decideAfter && spec.decideAfter >= lo) lo = addDays(spec.decideAfter, 1);
    const hi = addDays(due, -3);
    if (lo > hi) lo = hi;
    const span = diffDays(hi, lo);
    const raw = addDays(lo, speedy ? rng.int(0, span) : rng.tri(0, Math.round(span * 0.55), span));
    D = workdayOnOrBefore(office, raw, lo);
  }

  const ds: Decision[] = [];
  b.fc.persons.forEach((p, i) => {
    const forced = spec.decisions?.[i];
    const d: Decision | null = forced !== undefined ? forced : rng.chance(p.plea ? 0.2 : 0.22) ? '不起诉' : '起诉';
    if (p.plea) {
      const lo = addDays(R, 1);
      let signed = addDays(D, -rng.int(0, speedy ? 2 : 10));
      if (signed < lo) signed = lo;
      if (signed > D) signed = D;
      p.pleaSignedOn = signed;
      b.doc('认罪认罚具结书', signed, p.personNo);
    }
    if (!d) return;
    ds.push(d);
    p.decision = d;
    p.decidedOn = D;
    if (d === '不起诉') {
      const minor = p.birthDate != null && isMinor(p.birthDate, R);
      p.decisionReason = p.plea
        ? rng.weighted([
            ['相对不起诉', 92],
            ['法定不起诉', 4],
            [minor ? '附条件不起诉' : '相对不起诉', 4],
          ] as const)
        : rng.weighted([
            ['存疑不起诉', 50],
            ['相对不起诉', 40],
            ['法定不起诉', 10],
          ] as const);
      b.state(p.personNo, { from: D, custody: '未羁押', measure: '无', measureFrom: null });
      p.sentencing = '无';
    } else {
      p.sentencing = p.plea
        ? rng.chance(0.64)
          ? '确定刑'
          : '幅度刑'
        : ((rng.chance(0.5) ? '幅度刑' : '无') as Sentencing);
    }
  });
  const mixed = ds.includes('起诉') && ds.includes('不起诉');
  if (ds.includes('起诉')) b.event('提起公诉', D);
  if (ds.length) {
    for (const name of ['起诉书', '不起诉决定书'] as const) {
      const which = name === '起诉书' ? '起诉' : '不起诉';
      const ps = b.fc.persons.filter((p) => p.decision === which);
      if (!ps.length) continue;
      if (!mixed && ps.length === b.fc.persons.length && rng.chance(0.8)) b.doc(name, D);
      else for (const p of ps) b.doc(name, D, p.personNo);
    }
    for (const p of b.fc.persons)
      if (p.decision === '起诉' && p.sentencing !== '无') b.doc('量刑建议书', D, p.personNo);
    c.status = '办结';
    c.concludedOn = D;
    c.conclusion = mixed ? '部分起诉' : ds[0] === '起诉' ? '提起公诉' : '不起诉';
  }
  // the court
  const prosecuted = b.fc.persons.filter((p) => p.decision === '起诉');
  if (prosecuted.length) {
    const lag =
      spec.judgeWithin ?? (speedy ? rng.int(5, 12) : procedure === '简易程序' ? rng.int(12, 40) : rng.int(25, 90));
    const J = workdayOnOrAfter(office, addDays(D, lag), addDays(D, lag + 4));
    let anyAppeal = false;
    for (const p of prosecuted) {
      p.judgedOn = J;
      p.sentencingAdopted = p.sentencing === '无' ? null : rng.chance(0.95);
      p.appealed = rng.chance(p.plea ? 0.03 : 0.2);
      anyAppeal ||= p.appealed;
    }
    const got = addDays(J, rng.int(1, 3));
    b.event('收到判决书', got);
    if (rng.chance(0.004)) b.event('提出抗诉', addDays(got, rng.int(2, 6)), null, '量刑明显不当');
    if (anyAppeal) b.event('收到裁定书', addDays(J, rng.int(45, 100)));
    b.event('归档', addDays(J, rng.int(10, 40)));
  } else if (ds.length) {
    b.event('归档', addDays(D, rng.int(10, 40)));
  }
  c.title = titleOf(b.fc.persons, text);
  if (rng.chance(0.06)) c.note = rng.pick(CASE_NOTES);
  const fc = b.finish();
  keepMeasuresInLimits(fc, R, D);
  return { fc, info: { returns, extend, decided: D } };
}

/** Bail at most 12 months, residential surveillance at most 6 while the case is open: re-issue or change the measure at receipt when needed. */
function keepMeasuresInLimits(fc: FullCase, R: string, D: string): void {
  for (const p of fc.persons) {
    const st = fc.states.get(p.personNo)!;
    const s0 = st[0];
    const end = D;
    if (s0.measure === '取保候审' && s0.measureFrom && end >= addDays(addMonths(s0.measureFrom, 12), -20))
      s0.measureFrom = R;
    if (
      (s0.measure === '监视居住' || s0.measure === '指定居所监视居住') &&
      s0.measureFrom &&
      end >= addDays(addMonths(s0.measureFrom, 6), -20)
    ) {
      s0.measureFrom = R;
      if (end >= addDays(addMonths(R, 6), -20)) s0.measure = '取保候审';
    }
    const last = st[st.length - 1];
    p.custody = last.custody;
    p.measure = last.measure;
    p.measureFrom = last.measureFrom;
  }
}

// ---------------------------------------------------------------- other categories

export interface OtherSpec {
  /** conclusion day (may be after asOf: the case is open then) */
  concludeOn?: string;
}

export function buildOther(office: Office, rng: Rng, category: Category, R: string, spec: OtherSpec = {}): FullCase {
  let dept: Dept;
  let cause: string;
  let title: string;
  let agency: string | null = null;
  let docName: string;
  let days: number;
  const a = maskName(personName(rng, rng.chance(0.6) ? '男' : '女'));
  switch (category) {
    case '刑事申诉':
      dept = '第五检察部';
      cause = rng.pick(APPEAL_CAUSES);
      title = `${a}${cause}案`;
      docName = '审查结果通知书';
      days = rng.tri(20, 50, 80);
      break;
    case '民事生效裁判监督':
      dept = '第四检察部';
      cause = rng.pick(CIVIL_CAUSES);
      title = `${a}与${maskName(personName(rng, '男'))}${cause}监督案`;
      agency = rng.chance(0.3) ? `${office.county}人民法院` : null;
      docName = rng.chance(0.85) ? '不支持监督申请决定书' : '再审检察建议书';
      days = rng.tri(30, 60, 85);
      break;
    case '行政生效裁判监督':
      dept = '第四检察部';
      cause = rng.pick(ADMIN_CAUSES);
      title = `${a}诉${office.county}${rng.pick(['人民政府', '自然资源和规划局', '人力资源和社会保障局', '市场监督管理局'])}${cause}监督案`;
      docName = '不支持监督申请决定书';
      days = rng.tri(30, 60, 85);
      break;
    case '公益诉讼':
      dept = '第四检察部';
      cause = rng.pick(PIL_CAUSES);
      title = `${place(rng)}${cause}${rng.chance(0.8) ? '行政' : '民事'}公益诉讼案`;
      docName = '检察建议书';
      days = rng.tri(30, 90, 240);
      break;
    default:
      dept = rng.chance(0.8) ? '第三检察部' : '综合业务部';
      cause = rng.pick(OTHER_CAUSES);
      title = `${a}${cause}案`;
      docName = '纠正违法通知书';
      days = rng.tri(10, 40, 150);
  }
  const c = newCase(office, rng, category, R, dept, cause, agency);
  c.title = title;
  const b = new CaseBuilder(office, rng, c);
  const C = spec.concludeOn ?? workdayOnOrBefore(office, addDays(R, days), addDays(R, 5));
  c.status = '办结';
  c.concludedOn = C;
  c.conclusion = '办结';
  if (category === '公益诉讼') {
    const sug = addDays(R, Math.max(5, Math.min(diffDays(C, R) - 3, rng.int(15, 60))));
    b.doc(docName, sug);
  } else if (rng.chance(0.8)) b.doc(docName, C);
  b.event('归档', addDays(C, rng.int(5, 30)));
  return b.finish();
}
