/** 法律文书: DOC-ARREST, DOC-INDICT, DOC-PLEA, DOC-SUPP, DOC-EXTEND, DOC-DATE (rules.md "Documents"). */
import { addDays, diffDays } from '../calendar/days';
import type { CaseBundle, DocumentB, Emit, Rule, RuleEnv } from './types';
import { eventKey, who } from './util';

const concerns = (d: DocumentB, name: string, personNo: string | null): boolean =>
  d.name === name && (d.personNo == null || personNo == null || d.personNo === personNo);

/** Whether the case has a document `name` that concerns the person (or names no person). */
function hasDoc(c: CaseBundle, name: string, personNo: string | null): boolean {
  for (const d of c.documents) if (concerns(d, name, personNo)) return true;
  return false;
}

/** hasDoc, of a document issued within `days` of `on` (either side). */
function hasDocNear(c: CaseBundle, name: string, personNo: string | null, on: string, days: number): boolean {
  for (const d of c.documents)
    if (concerns(d, name, personNo) && Math.abs(diffDays(d.issuedOn, on)) <= days) return true;
  return false;
}

/** Per person: a decision that requires a document, missing once D > decision date + grace. */
function personDocRule(ruleId: string, need: (decision: string | null, plea: boolean) => string | null) {
  return (c: CaseBundle, env: RuleEnv, emit: Emit) => {
    const grace = env.settings.documentGraceDays;
    for (const p of c.persons) {
      const docName = need(p.decision, p.plea);
      if (!docName) continue;
      const on = p.decidedOn ?? c.concludedOn;
      if (!on) continue;
      const due = addDays(on, grace);
      if (env.asOf <= due) continue;
      if (hasDoc(c, docName, p.personNo)) continue;
      emit.finding({
        personNo: p.personNo,
        subjectKey: docName,
        kind: '缺少文书',
        dueOn: due,
        daysLeft: diffDays(due, env.asOf),
        facts: [p.decision, on, docName],
        message: `${who(p)} 于 ${on} 作出“${p.decision}”决定，逾 ${grace} 日仍无《${docName}》`,
      });
    }
    void ruleId;
  };
}

export const DOC_ARREST: Rule = {
  id: 'DOC-ARREST',
  title: '逮捕决定文书',
  area: '法律文书',
  severity: '较重',
  hasWindow: false,
  basis:
    '《刑事诉讼法》第九十条、《人民检察院刑事诉讼规则》第二百八十四条、第二百八十五条：作出批准逮捕或者不批准逮捕决定，应当制作批准逮捕决定书或者不批准逮捕决定书。',
  evaluate: personDocRule('DOC-ARREST', (d) =>
    d === '批准逮捕' ? '批准逮捕决定书' : d === '不批准逮捕' ? '不批准逮捕决定书' : null,
  ),
};

export const DOC_INDICT: Rule = {
  id: 'DOC-INDICT',
  title: '起诉、不起诉文书',
  area: '法律文书',
  severity: '较重',
  hasWindow: false,
  basis:
    '《刑事诉讼法》第一百七十六条、第一百七十七条，《人民检察院刑事诉讼规则》第三百五十八条、第三百七十二条：提起公诉应当制作起诉书，决定不起诉应当制作不起诉决定书。',
  evaluate: personDocRule('DOC-INDICT', (d) => (d === '起诉' ? '起诉书' : d === '不起诉' ? '不起诉决定书' : null)),
};

export const DOC_PLEA: Rule = {
  id: 'DOC-PLEA',
  title: '认罪认罚具结书',
  area: '法律文书',
  severity: '较重',
  hasWindow: false,
  basis:
    '《刑事诉讼法》第一百七十四条：犯罪嫌疑人自愿认罪，同意量刑建议和程序适用的，应当在辩护人或者值班律师在场的情况下签署认罪认罚具结书。',
  evaluate: personDocRule('DOC-PLEA', (d, plea) =>
    plea && (d === '起诉' || d === '不起诉') ? '认罪认罚具结书' : null,
  ),
};

export const DOC_SUPP: Rule = {
  id: 'DOC-SUPP',
  title: '退回补充侦查决定书',
  area: '法律文书',
  severity: '轻微',
  hasWindow: false,
  basis:
    '《刑事诉讼法》第一百七十五条、《人民检察院刑事诉讼规则》第三百四十二条：退回补充侦查应当制作退回补充侦查决定书，写明补充侦查的事项和要求。',
  evaluate(c, env, emit) {
    const grace = env.settings.documentGraceDays;
    for (const e of c.events) {
      if (e.kind !== '退回补充侦查') continue;
      const due = addDays(e.on, grace);
      if (env.asOf <= due) continue;
      const ok = hasDocNear(c, '退回补充侦查决定书', e.personNo, e.on, grace);
      if (ok) continue;
      emit.finding({
        personNo: e.personNo,
        subjectKey: eventKey(e),
        kind: '缺少文书',
        dueOn: due,
        daysLeft: diffDays(due, env.asOf),
        facts: [e.on],
        message: `${e.on} 退回补充侦查，${grace} 日内无《退回补充侦查决定书》`,
      });
    }
  },
};

export const DOC_EXTEND: Rule = {
  id: 'DOC-EXTEND',
  title: '延长审查起诉期限审批表',
  area: '法律文书',
  severity: '轻微',
  hasWindow: false,
  basis:
    '《刑事诉讼法》第一百七十二条、《人民检察院刑事诉讼规则》第三百五十一条：延长审查起诉期限应当报经检察长批准，并制作审批文书。',
  evaluate(c, env, emit) {
    const grace = env.settings.documentGraceDays;
    for (const e of c.events) {
      if (e.kind !== '延长审查起诉期限') continue;
      const due = addDays(e.on, grace);
      if (env.asOf <= due) continue;
      if (hasDoc(c, '延长审查起诉期限审批表', e.personNo)) continue;
      emit.finding({
        personNo: e.personNo,
        subjectKey: eventKey(e),
        kind: '缺少文书',
        dueOn: due,
        daysLeft: diffDays(due, env.asOf),
        facts: [e.on],
        message: `${e.on} 延长审查起诉期限，逾 ${grace} 日仍无《延长审查起诉期限审批表》`,
      });
    }
  },
};

const YEAR_RE = /[〔[［【](\d{4})[〕\]］】]/;

/** The year written in a 文号 (in 〔〕 or [], either width), or null. */
export function numberYear(number: string): string | null {
  const m = YEAR_RE.exec(number);
  return m ? m[1] : null;
}

export const DOC_DATE: Rule = {
  id: 'DOC-DATE',
  title: '文书日期与文号',
  area: '法律文书',
  severity: '轻微',
  hasWindow: false,
  basis:
    '《人民检察院刑事诉讼法律文书格式样本》及案卡填录规范：文书签发日期应在受理之后、不晚于数据导出之日，文号年份应与签发年份一致。',
  evaluate(c, _env, emit) {
    // Documents of the audit's date, and those dated beyond both that date and the data date of their export
    // (a data error the as-of view keeps aside for this rule: reported at any date).
    const dataDate = c.dataDates.documents;
    for (const d of c.documents) checkDocDate(c, d, dataDate, emit);
    for (const d of c.beyondDataDate.documents) checkDocDate(c, d, dataDate, emit);
  },
};

function checkDocDate(c: CaseBundle, d: DocumentB, dataDate: string | null, emit: Emit): void {
  const y = numberYear(d.number);
  const late = dataDate != null && dataDate !== '' && d.issuedOn > dataDate;
  const early = d.issuedOn < c.receivedOn;
  const yearOff = y != null && y !== d.issuedOn.slice(0, 4);
  if (!early && !late && !yearOff) return;
  const problems: string[] = [];
  if (early) problems.push(`签发日期 ${d.issuedOn} 早于受理日期 ${c.receivedOn}`);
  if (late) problems.push(`签发日期 ${d.issuedOn} 晚于数据日期 ${dataDate}（导出当日）`);
  if (yearOff) problems.push(`文号年份 ${y} 与签发年份 ${d.issuedOn.slice(0, 4)} 不一致`);
  emit.finding({
    personNo: d.personNo,
    subjectKey: `${d.name}:${d.number}`,
    kind: '文书日期错误',
    dueOn: null,
    daysLeft: null,
    // The data date itself is not a fact: it moves with every import, and a waived finding must stay waived.
    facts: [d.name, d.number, d.issuedOn, c.receivedOn, problems.length],
    message: `《${d.name}》${d.number}：${problems.join('；')}`,
  });
}

export const DOCUMENT_RULES: Rule[] = [DOC_ARREST, DOC_INDICT, DOC_PLEA, DOC_SUPP, DOC_EXTEND, DOC_DATE];
