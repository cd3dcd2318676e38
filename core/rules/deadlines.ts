/** 办案期限: DL-ARREST, DL-PROS, DL-SUPP, DL-SUPP-COUNT, DL-PROTEST, DL-OTHER (rules.md "Deadline rules"). */
import { addDays, addMonths, diffDays } from '../calendar/days';
import type { CaseBundle, EventB, PersonB, Rule } from './types';
import { CONCLUDED, eventKey, eventWho, leftText, OPEN, who } from './util';

const IN_CUSTODY = '在押';

/** DL-PROS's computation, shared with DL-SUPP and tests: null when no deadline runs. */
export function prosecutionDue(
  c: CaseBundle,
  cal: { rollToWorkingDay(d: string): string },
): { start: string; raw: string; due: string; roll: boolean; extended: boolean; suspendedDays: number } | null {
  const ev = c.events;
  let lastReturn = -1,
    lastResend = -1,
    lastSuspend = -1,
    lastResume = -1;
  let start = c.receivedOn;
  ev.forEach((e, i) => {
    if (e.kind === '退回补充侦查') lastReturn = i;
    else if (e.kind === '补充侦查重新移送') {
      lastResend = i;
      if (e.on > start) start = e.on;
    } else if (e.kind === '改变管辖') {
      if (e.on > start) start = e.on;
    } else if (e.kind === '中止审查') lastSuspend = i;
    else if (e.kind === '恢复审查') lastResume = i;
  });
  if (lastReturn > lastResend) return null; // 退回补充侦查 pending
  if (lastSuspend > lastResume) return null; // 中止审查 pending
  const speedy = c.procedure === '速裁程序';
  let raw: string;
  let extended = false;
  if (speedy) raw = addDays(start, 10);
  else {
    raw = addMonths(start, 1);
    extended = ev.some((e) => e.kind === '延长审查起诉期限' && e.on > start);
    if (extended) raw = addDays(raw, 15);
  }
  let suspendedDays = 0;
  for (let i = 0; i < ev.length; i++) {
    const e = ev[i];
    if (e.kind !== '中止审查' || e.on <= start) continue;
    let j = i + 1;
    while (j < ev.length && ev[j].kind !== '恢复审查') j++;
    if (j >= ev.length) break;
    suspendedDays += diffDays(ev[j].on, e.on);
    i = j;
  }
  raw = addDays(raw, suspendedDays);
  const roll = !c.persons.some((p) => p.custody === IN_CUSTODY);
  return { start, raw, due: roll ? cal.rollToWorkingDay(raw) : raw, roll, extended, suspendedDays };
}

/** The 退回补充侦查 not followed by a 补充侦查重新移送, if any. */
export function pendingReturn(c: CaseBundle): EventB | null {
  let pending: EventB | null = null;
  for (const e of c.events) {
    if (e.kind === '退回补充侦查') pending = e;
    else if (e.kind === '补充侦查重新移送') pending = null;
  }
  return pending;
}

/**
 * Is the person 在押 for DL-ARREST? rules.md reads the person's 羁押状态 as exported: 在押 → 7 days, no roll.
 * We deliberately do not guess the review-period custody from the measure's start date: a detained suspect
 * approved late gets 逮捕 from the (late) decision day, and treating that as "not detained" would hide
 * exactly the overdue detention this rule exists to catch.
 */
export function inCustodyDuringArrestReview(_c: CaseBundle, p: PersonB): boolean {
  return p.custody === IN_CUSTODY;
}

export const DL_ARREST: Rule = {
  id: 'DL-ARREST',
  title: '审查逮捕期限',
  area: '办案期限',
  severity: '严重',
  hasWindow: true,
  basis:
    '《刑事诉讼法》第九十一条第三款：人民检察院应当自接到公安机关提请批准逮捕书后的七日以内，作出批准逮捕或者不批准逮捕的决定；《人民检察院刑事诉讼规则》第二百八十二条：对未被拘留的犯罪嫌疑人，应当在十五日以内作出决定，重大、复杂案件不得超过二十日。',
  evaluate(c, env, emit) {
    if (c.category !== '审查逮捕') return;
    for (const p of c.persons) {
      const custody = inCustodyDuringArrestReview(c, p);
      const n = custody ? 7 : c.complex ? 20 : 15;
      const due = env.cal.dueAfterDays(c.receivedOn, n, { roll: !custody });
      const met = p.decision != null || c.status === CONCLUDED;
      if (met) {
        const decided = (p.decision != null ? p.decidedOn : null) ?? c.concludedOn;
        if (decided && decided > due) {
          const late = diffDays(decided, due);
          emit.finding({
            personNo: p.personNo,
            subjectKey: '',
            kind: '超期办结',
            dueOn: due,
            daysLeft: -late,
            facts: [c.receivedOn, n, custody, c.complex, due, decided],
            message: `${who(p)} 审查逮捕期限 ${due} 届满，${decided} 才作出决定，超期 ${late} 日`,
          });
        }
        continue;
      }
      const left = diffDays(due, env.asOf);
      if (left < 0) {
        emit.finding({
          personNo: p.personNo,
          subjectKey: '',
          kind: '超期未结',
          dueOn: due,
          daysLeft: left,
          facts: [c.receivedOn, n, custody, c.complex, due, 'open'],
          message: `${who(p)} 审查逮捕期限 ${due} 届满，已超期 ${-left} 日未作出决定`,
        });
      } else {
        const w = env.window('DL-ARREST');
        if (w != null && left <= w)
          emit.warning({
            personNo: p.personNo,
            subjectKey: '',
            dueOn: due,
            daysLeft: left,
            message: `${who(p)} 审查逮捕期限 ${due} 届满，${leftText(left)}`,
          });
      }
    }
  },
};

export const DL_PROS: Rule = {
  id: 'DL-PROS',
  title: '审查起诉期限',
  area: '办案期限',
  severity: '严重',
  hasWindow: true,
  basis:
    '《刑事诉讼法》第一百七十二条：人民检察院对于监察机关、公安机关移送起诉的案件，应当在一个月以内作出决定，重大、复杂的案件，可以延长十五日；犯罪嫌疑人认罪认罚，符合速裁程序适用条件的，应当在十日以内作出决定；改变管辖的，从改变后的人民检察院收到案件之日起计算审查起诉期限。第一百七十五条：补充侦查完毕移送人民检察院后，人民检察院重新计算审查起诉期限。',
  evaluate(c, env, emit) {
    if (c.category !== '审查起诉') return;
    const d = prosecutionDue(c, env.cal);
    if (!d) return;
    const facts = [d.start, d.due, d.extended, d.suspendedDays, d.roll, c.procedure];
    if (c.status === CONCLUDED) {
      if (c.concludedOn && c.concludedOn > d.due) {
        const late = diffDays(c.concludedOn, d.due);
        emit.finding({
          personNo: null,
          subjectKey: '',
          kind: '超期办结',
          dueOn: d.due,
          daysLeft: -late,
          facts: [...facts, c.concludedOn],
          message: `审查起诉期限 ${d.due} 届满，${c.concludedOn} 才办结，超期 ${late} 日`,
        });
      }
      return;
    }
    const left = diffDays(d.due, env.asOf);
    if (left < 0) {
      emit.finding({
        personNo: null,
        subjectKey: '',
        kind: '超期未结',
        dueOn: d.due,
        daysLeft: left,
        facts: [...facts, 'open'],
        message: `审查起诉期限 ${d.due} 届满，已超期 ${-left} 日未作出决定`,
      });
    } else {
      const w = env.window('DL-PROS');
      if (w != null && left <= w)
        emit.warning({
          personNo: null,
          subjectKey: '',
          dueOn: d.due,
          daysLeft: left,
          message: `审查起诉期限 ${d.due} 届满，${leftText(left)}`,
        });
    }
  },
};

export const DL_SUPP: Rule = {
  id: 'DL-SUPP',
  title: '补充侦查期限',
  area: '办案期限',
  severity: '较重',
  hasWindow: true,
  basis: '《刑事诉讼法》第一百七十五条第三款：对于补充侦查的案件，应当在一个月以内补充侦查完毕。',
  evaluate(c, env, emit) {
    if (c.category !== '审查起诉' || c.status !== OPEN) return;
    const r = pendingReturn(c);
    if (!r) return;
    const due = env.cal.dueAfterMonths(r.on, 1, { roll: true });
    const left = diffDays(due, env.asOf);
    if (left < 0) {
      emit.finding({
        personNo: null,
        subjectKey: eventKey(r),
        kind: '补充侦查逾期未重新移送',
        dueOn: due,
        daysLeft: left,
        facts: [r.on, due],
        message: `${r.on} 退回补充侦查，补充侦查期限 ${due} 届满，已逾期 ${-left} 日未重新移送，需依法作出处理决定`,
      });
    } else {
      const w = env.window('DL-SUPP');
      if (w != null && left <= w)
        emit.warning({
          personNo: null,
          subjectKey: eventKey(r),
          dueOn: due,
          daysLeft: left,
          message: `${r.on} 退回补充侦查，补充侦查期限 ${due} 届满，${leftText(left)}`,
        });
    }
  },
};

export const DL_SUPP_COUNT: Rule = {
  id: 'DL-SUPP-COUNT',
  title: '退回补充侦查次数',
  area: '办案期限',
  severity: '严重',
  hasWindow: false,
  basis: '《刑事诉讼法》第一百七十五条第三款：补充侦查以二次为限。',
  evaluate(c, _env, emit) {
    if (c.category !== '审查起诉') return;
    let count = 0;
    for (const e of c.events) if (e.kind === '退回补充侦查') count++;
    if (count < 3) return;
    const returns = c.events.filter((e) => e.kind === '退回补充侦查');
    if (returns.length < 3) return;
    emit.finding({
      personNo: null,
      subjectKey: '',
      kind: '退回补充侦查超过二次',
      dueOn: null,
      daysLeft: null,
      facts: returns.map((e) => e.on),
      message: `已退回补充侦查 ${returns.length} 次（${returns.map((e) => e.on).join('、')}），超过二次的法定限度`,
    });
  },
};

const PROTEST_DAYS: Record<string, { days: number; doc: string }> = {
  收到判决书: { days: 10, doc: '判决书' },
  收到裁定书: { days: 5, doc: '裁定书' },
};
const samePerson = (a: string | null, b: string | null) => a == null || b == null || a === b;

export const DL_PROTEST: Rule = {
  id: 'DL-PROTEST',
  title: '抗诉期限',
  area: '办案期限',
  severity: '严重',
  hasWindow: true,
  basis:
    '《刑事诉讼法》第二百三十条：不服判决的上诉和抗诉的期限为十日，不服裁定的上诉和抗诉的期限为五日，从接到判决书、裁定书的第二日起算。',
  evaluate(c, env, emit) {
    const ev = c.events;
    for (let i = 0; i < ev.length; i++) {
      const e = ev[i];
      const spec = PROTEST_DAYS[e.kind];
      if (!spec) continue;
      const due = env.cal.dueAfterDays(e.on, spec.days, { roll: true });
      let protest: EventB | null = null;
      for (let j = i + 1; j < ev.length; j++) {
        const f = ev[j];
        if (!samePerson(e.personNo, f.personNo)) continue;
        if (PROTEST_DAYS[f.kind]) break;
        if (f.kind === '提出抗诉') {
          protest = f;
          break;
        }
      }
      if (protest) {
        if (protest.on > due) {
          const late = diffDays(protest.on, due);
          emit.finding({
            personNo: e.personNo,
            subjectKey: eventKey(e),
            kind: '抗诉超期',
            dueOn: due,
            daysLeft: -late,
            facts: [e.on, e.kind, due, protest.on],
            message: `${eventWho(c, e)}${e.on} 收到${spec.doc}，抗诉期限 ${due} 届满，${protest.on} 才提出抗诉，超期 ${late} 日`,
          });
        }
        continue;
      }
      const left = diffDays(due, env.asOf);
      const w = env.window('DL-PROTEST');
      if (left >= 0 && w != null && left <= w) {
        emit.warning({
          personNo: e.personNo,
          subjectKey: eventKey(e),
          dueOn: due,
          daysLeft: left,
          message: `${eventWho(c, e)}${e.on} 收到${spec.doc}，抗诉期限 ${due} 届满，${leftText(left)}`,
        });
      }
    }
  },
};

export const DL_OTHER: Rule = {
  id: 'DL-OTHER',
  title: '其他案件办理期限',
  area: '办案期限',
  severity: '较重',
  hasWindow: true,
  basis:
    '《人民检察院刑事诉讼规则》及相关办案规定：刑事申诉案件、民事和行政生效裁判监督案件应当在受理后三个月内审查终结（期限可在设置中按案件类别调整）。',
  evaluate(c, env, emit) {
    const months = env.settings.otherLimitsMonths[c.category];
    if (months == null) return;
    const due = env.cal.dueAfterMonths(c.receivedOn, months, { roll: true });
    const facts = [c.category, c.receivedOn, months, due];
    if (c.status === CONCLUDED) {
      if (c.concludedOn && c.concludedOn > due) {
        const late = diffDays(c.concludedOn, due);
        emit.finding({
          personNo: null,
          subjectKey: '',
          kind: '超期办结',
          dueOn: due,
          daysLeft: -late,
          facts: [...facts, c.concludedOn],
          message: `${c.category}案件办理期限 ${due} 届满，${c.concludedOn} 才办结，超期 ${late} 日`,
        });
      }
      return;
    }
    const left = diffDays(due, env.asOf);
    if (left < 0) {
      emit.finding({
        personNo: null,
        subjectKey: '',
        kind: '超期未结',
        dueOn: due,
        daysLeft: left,
        facts: [...facts, 'open'],
        message: `${c.category}案件办理期限 ${due} 届满，已超期 ${-left} 日未办结`,
      });
    } else {
      const w = env.window('DL-OTHER');
      if (w != null && left <= w)
        emit.warning({
          personNo: null,
          subjectKey: '',
          dueOn: due,
          daysLeft: left,
          message: `${c.category}案件办理期限 ${due} 届满，${leftText(left)}`,
        });
    }
  },
};

export const DEADLINE_RULES: Rule[] = [DL_ARREST, DL_PROS, DL_SUPP, DL_SUPP_COUNT, DL_PROTEST, DL_OTHER];
