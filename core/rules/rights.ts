/** 诉讼权利保障: RT-SUSPECT, RT-VICTIM, RT-AID (rules.md "Rights"). Due = 受理日期 + 3 days, rolled. */
import { diffDays } from '../calendar/days';
import type { CaseBundle, Emit, EventB, PersonB, Rule, RuleEnv } from './types';
import { firstEventFor, who } from './util';

function notifyDuty(
  c: CaseBundle,
  env: RuleEnv,
  emit: Emit,
  eventKind: string,
  p: PersonB | null,
  label: string,
): void {
  const due = env.cal.dueAfterDays(c.receivedOn, 3, { roll: true });
  const personNo = p ? p.personNo : null;
  const first: EventB | undefined = firstEventFor(c, eventKind, personNo); // events are sorted by date
  if (first) {
    if (first.on > due) {
      const late = diffDays(first.on, due);
      emit.finding({
        personNo,
        subjectKey: '',
        kind: '告知超期',
        dueOn: due,
        daysLeft: -late,
        facts: [c.receivedOn, due, first.on],
        message: `${p ? `${who(p)} ` : ''}${label}应于 ${due} 前完成，${first.on} 才完成，超期 ${late} 日`,
      });
    }
    return;
  }
  const left = diffDays(due, env.asOf);
  if (left < 0) {
    emit.finding({
      personNo,
      subjectKey: '',
      kind: '未告知',
      dueOn: due,
      daysLeft: left,
      facts: [c.receivedOn, due, 'none'],
      message: `${p ? `${who(p)} ` : ''}${label}应于 ${due} 前完成，已超期 ${-left} 日仍未完成`,
    });
  }
}

export const RT_SUSPECT: Rule = {
  id: 'RT-SUSPECT',
  title: '告知犯罪嫌疑人诉讼权利',
  area: '诉讼权利保障',
  severity: '较重',
  hasWindow: false,
  basis:
    '《刑事诉讼法》第三十四条第二款：人民检察院自收到移送审查起诉的案件材料之日起三日以内，应当告知犯罪嫌疑人有权委托辩护人。',
  evaluate(c, env, emit) {
    if (c.category !== '审查起诉') return;
    for (const p of c.persons) notifyDuty(c, env, emit, '告知犯罪嫌疑人诉讼权利', p, '告知犯罪嫌疑人诉讼权利');
  },
};

export const RT_VICTIM: Rule = {
  id: 'RT-VICTIM',
  title: '告知被害人诉讼权利',
  area: '诉讼权利保障',
  severity: '较重',
  hasWindow: false,
  basis:
    '《刑事诉讼法》第四十六条第二款：人民检察院自收到移送审查起诉的案件材料之日起三日以内，应当告知被害人及其法定代理人或者其近亲属有权委托诉讼代理人。',
  evaluate(c, env, emit) {
    if (c.category !== '审查起诉' || !c.hasVictim) return;
    notifyDuty(c, env, emit, '告知被害人诉讼权利', null, '告知被害人诉讼权利');
  },
};

/** Under 18 on `on` by birth date (the 18th birthday is the first adult day; 02-29 births become adults on 03-01 in common years). */
export function isMinorOn(birthDate: string, on: string): boolean {
  const eighteenth = `${String(+birthDate.slice(0, 4) + 18).padStart(4, '0')}${birthDate.slice(4)}`;
  return on < eighteenth;
}

export const RT_AID: Rule = {
  id: 'RT-AID',
  title: '未成年人法律援助',
  area: '诉讼权利保障',
  severity: '严重',
  hasWindow: false,
  basis:
    '《刑事诉讼法》第三十五条第二款、《人民检察院刑事诉讼规则》第四十二条、《法律援助法》第二十五条：犯罪嫌疑人是未成年人，没有委托辩护人的，人民检察院应当通知法律援助机构指派律师为其提供辩护（三日以内）。',
  evaluate(c, env, emit) {
    if (c.category !== '审查逮捕' && c.category !== '审查起诉') return;
    for (const p of c.persons) {
      if (!p.birthDate || p.hasCounsel || !isMinorOn(p.birthDate, c.receivedOn)) continue;
      notifyDuty(c, env, emit, '通知法律援助', p, '未成年犯罪嫌疑人未委托辩护人，通知法律援助机构指派律师');
    }
  },
};

export const RIGHTS_RULES: Rule[] = [RT_SUSPECT, RT_VICTIM, RT_AID];
