/** 强制措施: CM-BAIL, CM-RSL, CM-CONSISTENT (rules.md "Coercive measures"). Limits never roll. */
import { addMonths, diffDays } from '../calendar/days';
import type { Rule, RuleEnv, Emit, CaseBundle } from './types';
import { leftText, OPEN, who } from './util';

function measureLimit(ruleId: string, measures: string[], months: number, label: string) {
  return (c: CaseBundle, env: RuleEnv, emit: Emit) => {
    if (c.status !== OPEN) return;
    for (const p of c.persons) {
      if (!measures.includes(p.measure) || !p.measureFrom) continue;
      const due = addMonths(p.measureFrom, months); // CPL 79 limits: no holiday roll
      const left = diffDays(due, env.asOf);
      if (left < 0) {
        emit.finding({
          personNo: p.personNo,
          subjectKey: '',
          kind: `${label}超期`,
          dueOn: due,
          daysLeft: left,
          facts: [p.measure, p.measureFrom, due],
          message: `${who(p)} 自 ${p.measureFrom} 起${p.measure}，最长期限 ${due} 届满，已超期 ${-left} 日`,
        });
      } else {
        const w = env.window(ruleId);
        if (w != null && left <= w)
          emit.warning({
            personNo: p.personNo,
            subjectKey: '',
            dueOn: due,
            daysLeft: left,
            message: `${who(p)} 自 ${p.measureFrom} 起${p.measure}，最长期限 ${due} 届满，${leftText(left)}`,
          });
      }
    }
  };
}

export const CM_BAIL: Rule = {
  id: 'CM-BAIL',
  title: '取保候审期限',
  area: '强制措施',
  severity: '严重',
  hasWindow: true,
  basis: '《刑事诉讼法》第七十九条：人民法院、人民检察院和公安机关对犯罪嫌疑人、被告人取保候审最长不得超过十二个月。',
  evaluate: measureLimit('CM-BAIL', ['取保候审'], 12, '取保候审'),
};

export const CM_RSL: Rule = {
  id: 'CM-RSL',
  title: '监视居住期限',
  area: '强制措施',
  severity: '严重',
  hasWindow: true,
  basis: '《刑事诉讼法》第七十九条：人民法院、人民检察院和公安机关对犯罪嫌疑人、被告人监视居住最长不得超过六个月。',
  evaluate: measureLimit('CM-RSL', ['监视居住', '指定居所监视居住'], 6, '监视居住'),
};

const CUSTODIAL = new Set(['刑事拘留', '逮捕']);
const NON_CUSTODIAL = new Set(['取保候审', '监视居住', '指定居所监视居住']);

export const CM_CONSISTENT: Rule = {
  id: 'CM-CONSISTENT',
  title: '羁押状态与强制措施一致',
  area: '强制措施',
  severity: '轻微',
  hasWindow: false,
  basis:
    '《刑事诉讼法》第六十六条至第九十八条关于强制措施的规定；案卡填录规范：羁押状态应与所采取的强制措施一致，强制措施应填写起始日期。',
  evaluate(c, _env, emit) {
    for (const p of c.persons) {
      if (
        (p.custody === '在押' && NON_CUSTODIAL.has(p.measure)) ||
        (p.custody === '未羁押' && CUSTODIAL.has(p.measure))
      ) {
        emit.finding({
          personNo: p.personNo,
          subjectKey: '羁押状态',
          kind: '羁押状态与强制措施矛盾',
          dueOn: null,
          daysLeft: null,
          facts: [p.custody, p.measure],
          message: `${who(p)} 羁押状态为“${p.custody}”，但强制措施为“${p.measure}”，二者矛盾`,
        });
      }
      if (p.measure !== '无' && !p.measureFrom) {
        emit.finding({
          personNo: p.personNo,
          subjectKey: '起始日期',
          kind: '强制措施缺起始日期',
          dueOn: null,
          daysLeft: null,
          facts: [p.measure],
          message: `${who(p)} 强制措施“${p.measure}”未填写起始日期`,
        });
      }
    }
  },
};

export const MEASURE_RULES: Rule[] = [CM_BAIL, CM_RSL, CM_CONSISTENT];
