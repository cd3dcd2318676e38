/** 案卡填录: DQ-* (rules.md "Case-card data quality"). */
import { diffDays } from '../calendar/days';
import type { Rule } from './types';
import { CONCLUDED, eventKey, eventWho, OPEN, who } from './util';

const REVIEW = new Set(['审查逮捕', '审查起诉']);

export const DQ_CAUSE: Rule = {
  id: 'DQ-CAUSE',
  title: '案由未填',
  area: '案卡填录',
  severity: '轻微',
  hasWindow: false,
  basis: '《人民检察院案件信息公开及统一业务应用系统案卡填录规范》：审查逮捕、审查起诉案件应当填写案由。',
  evaluate(c, _env, emit) {
    if (REVIEW.has(c.category) && !c.cause) {
      emit.finding({
        personNo: null,
        subjectKey: '',
        kind: '案由未填',
        dueOn: null,
        daysLeft: null,
        facts: [c.category],
        message: `${c.category}案件未填写案由`,
      });
    }
  },
};

export const DQ_DECISION: Rule = {
  id: 'DQ-DECISION',
  title: '审查结论未填',
  area: '案卡填录',
  severity: '轻微',
  hasWindow: false,
  basis: '案卡填录规范：审查逮捕、审查起诉案件办结时，应当逐人填写审查结论。',
  evaluate(c, _env, emit) {
    if (!REVIEW.has(c.category) || c.status !== CONCLUDED) return;
    for (const p of c.persons) {
      if (p.decision) continue;
      emit.finding({
        personNo: p.personNo,
        subjectKey: '',
        kind: '审查结论未填',
        dueOn: null,
        daysLeft: null,
        facts: [c.concludedOn],
        message: `案件已于 ${c.concludedOn ?? '—'} 办结，${who(p)} 未填写审查结论`,
      });
    }
  },
};

const CONCLUSION_CHECK: Record<string, (ds: (string | null)[]) => boolean> = {
  批准逮捕: (ds) => ds.every((d) => d === '批准逮捕'),
  不批准逮捕: (ds) => ds.every((d) => d === '不批准逮捕'),
  部分批准逮捕: (ds) => ds.includes('批准逮捕') && ds.includes('不批准逮捕'),
  提起公诉: (ds) => ds.every((d) => d === '起诉'),
  不起诉: (ds) => ds.every((d) => d === '不起诉'),
  部分起诉: (ds) => ds.includes('起诉') && ds.includes('不起诉'),
};

export const DQ_CONCLUSION: Rule = {
  id: 'DQ-CONCLUSION',
  title: '办结方式与审查结论矛盾',
  area: '案卡填录',
  severity: '轻微',
  hasWindow: false,
  basis: '案卡填录规范：案件办结方式应当与各犯罪嫌疑人的审查结论一致。',
  evaluate(c, _env, emit) {
    if (c.status !== CONCLUDED || !c.conclusion || !c.persons.length) return;
    const check = CONCLUSION_CHECK[c.conclusion];
    if (!check) return;
    const ds = c.persons.map((p) => p.decision);
    if (check(ds)) return;
    const summary = c.persons.map((p) => `${who(p)}：${p.decision ?? '未填'}`).join('，');
    emit.finding({
      personNo: null,
      subjectKey: '',
      kind: '办结方式矛盾',
      dueOn: null,
      daysLeft: null,
      facts: [c.conclusion, ...ds],
      message: `办结方式为“${c.conclusion}”，与审查结论（${summary}）不符`,
    });
  },
};

export const DQ_DATES: Rule = {
  id: 'DQ-DATES',
  title: '日期逻辑错误',
  area: '案卡填录',
  severity: '轻微',
  hasWindow: false,
  basis:
    '案卡填录规范：结论日期、流程节点日期应当在受理日期之后，结论日期不得晚于办结日期；各项日期不得晚于数据导出之日。',
  evaluate(c, _env, emit) {
    // Persons decided by the audit's date, and those whose 结论日期 lies beyond both that date and the data date
    // of their export (a data error the as-of view keeps aside for this rule: reported at any date).
    const persons = c.beyondDataDate.persons.length ? [...c.persons, ...c.beyondDataDate.persons] : c.persons;
    for (const p of persons) {
      if (!p.decidedOn) continue;
      const dataDate = c.dataDates.persons;
      const early = p.decidedOn < c.receivedOn;
      const afterEnd = c.concludedOn != null && c.concludedOn !== '' && p.decidedOn > c.concludedOn;
      const beyond = dataDate != null && dataDate !== '' && p.decidedOn > dataDate;
      if (!early && !afterEnd && !beyond) continue;
      const problems: string[] = [];
      if (early) problems.push(`早于受理日期 ${c.receivedOn}`);
      if (afterEnd) problems.push(`晚于办结日期 ${c.concludedOn}`);
      if (beyond) problems.push(`晚于数据日期 ${dataDate}（导出当日）`);
      emit.finding({
        personNo: p.personNo,
        subjectKey: '结论日期',
        kind: '日期逻辑错误',
        dueOn: null,
        daysLeft: null,
        // The data date itself is not a fact (it moves with every import): only whether the date lies beyond it.
        facts: [p.decidedOn, c.receivedOn, c.concludedOn, !!dataDate && p.decidedOn > dataDate],
        message: `${who(p)} 结论日期 ${p.decidedOn} ${problems.join('、')}`,
      });
    }
    let seen: Set<string> | null = null;
    const events = c.beyondDataDate.events.length ? [...c.events, ...c.beyondDataDate.events] : c.events;
    for (const e of events) {
      const dataDate = c.dataDates.events;
      const early = e.on < c.receivedOn;
      const beyond = dataDate != null && dataDate !== '' && e.on > dataDate;
      if (!early && !beyond) continue;
      const problems: string[] = [];
      if (early) problems.push(`早于受理日期 ${c.receivedOn}`);
      if (beyond) problems.push(`晚于数据日期 ${dataDate}（导出当日）`);
      const key = eventKey(e);
      seen ??= new Set<string>();
      if (seen.has(key + e.personNo)) continue;
      seen.add(key + e.personNo);
      emit.finding({
        personNo: e.personNo,
        subjectKey: key,
        kind: '日期逻辑错误',
        dueOn: null,
        daysLeft: null,
        facts: [e.kind, e.on, c.receivedOn, !!dataDate && e.on > dataDate],
        message: `${eventWho(c, e)}流程节点“${e.kind}”日期 ${e.on} ${problems.join('、')}`,
      });
    }
  },
};

export const DQ_PLEA: Rule = {
  id: 'DQ-PLEA',
  title: '认罪认罚信息',
  area: '案卡填录',
  severity: '轻微',
  hasWindow: false,
  basis:
    '《刑事诉讼法》第一百七十四条；案卡填录规范：认罪认罚案件应填写具结书签署日期，未认罪认罚的不得填写具结书签署日期。',
  evaluate(c, _env, emit) {
    for (const p of c.persons) {
      if (p.plea && (p.decision === '起诉' || p.decision === '不起诉') && !p.pleaSignedOn) {
        emit.finding({
          personNo: p.personNo,
          subjectKey: '',
          kind: '缺具结书签署日期',
          dueOn: null,
          daysLeft: null,
          facts: ['no-date', p.decision],
          message: `${who(p)} 认罪认罚且审查结论为“${p.decision}”，未填写具结书签署日期`,
        });
      } else if (!p.plea && p.pleaSignedOn) {
        emit.finding({
          personNo: p.personNo,
          subjectKey: '',
          kind: '认罪认罚信息矛盾',
          dueOn: null,
          daysLeft: null,
          facts: ['no-plea', p.pleaSignedOn],
          message: `${who(p)} 未认罪认罚，却填写了具结书签署日期 ${p.pleaSignedOn}`,
        });
      }
    }
  },
};

export const DQ_SENTENCING: Rule = {
  id: 'DQ-SENTENCING',
  title: '量刑建议信息',
  area: '案卡填录',
  severity: '轻微',
  hasWindow: false,
  basis:
    '《刑事诉讼法》第一百七十六条第二款：犯罪嫌疑人认罪认罚的，人民检察院应当就主刑、附加刑、是否适用缓刑等提出量刑建议。',
  evaluate(c, _env, emit) {
    for (const p of c.persons) {
      const noProposal = p.plea && p.decision === '起诉' && p.sentencing === '无';
      if (!noProposal && (p.sentencingAdopted == null || (p.sentencing !== '无' && p.judgedOn))) continue;
      const problems: string[] = [];
      if (noProposal) problems.push('认罪认罚案件提起公诉未提出量刑建议');
      if (p.sentencingAdopted != null && (p.sentencing === '无' || !p.judgedOn)) {
        problems.push(
          p.sentencing === '无' ? '未提出量刑建议却填写了量刑建议采纳情况' : '无判决日期却填写了量刑建议采纳情况',
        );
      }
      if (!problems.length) continue;
      emit.finding({
        personNo: p.personNo,
        subjectKey: '',
        kind: '量刑建议信息错误',
        dueOn: null,
        daysLeft: null,
        facts: [p.plea, p.decision, p.sentencing, p.sentencingAdopted, p.judgedOn],
        message: `${who(p)} ${problems.join('；')}`,
      });
    }
  },
};

export const DQ_PROCEDURE: Rule = {
  id: 'DQ-PROCEDURE',
  title: '速裁程序适用条件',
  area: '案卡填录',
  severity: '轻微',
  hasWindow: false,
  basis:
    '《刑事诉讼法》第二百二十二条：可能判处三年有期徒刑以下刑罚的案件，案件事实清楚，证据确实、充分，被告人认罪认罚并同意适用速裁程序的，可以适用速裁程序。',
  evaluate(c, _env, emit) {
    if (c.procedure !== '速裁程序') return;
    for (const p of c.persons) {
      if (p.plea) continue;
      emit.finding({
        personNo: p.personNo,
        subjectKey: '',
        kind: '不符合速裁条件',
        dueOn: null,
        daysLeft: null,
        facts: [c.procedure, p.plea],
        message: `案件适用速裁程序，但 ${who(p)} 未认罪认罚`,
      });
    }
  },
};

export const DQ_SEQUENCE: Rule = {
  id: 'DQ-SEQUENCE',
  title: '流程节点顺序',
  area: '案卡填录',
  severity: '轻微',
  hasWindow: false,
  basis: '案卡填录规范：补充侦查重新移送应在退回补充侦查之后，恢复审查应在中止审查之后。',
  evaluate(c, _env, emit) {
    let returned = false,
      suspended = false;
    let seen: Set<string> | null = null;
    for (const e of c.events) {
      if (e.kind === '退回补充侦查') returned = true;
      else if (e.kind === '中止审查') suspended = true;
      const bad = (e.kind === '补充侦查重新移送' && !returned) || (e.kind === '恢复审查' && !suspended);
      if (!bad) continue;
      const key = eventKey(e);
      seen ??= new Set<string>();
      if (seen.has(key)) continue;
      seen.add(key);
      const need = e.kind === '补充侦查重新移送' ? '退回补充侦查' : '中止审查';
      emit.finding({
        personNo: e.personNo,
        subjectKey: key,
        kind: '节点顺序错误',
        dueOn: null,
        daysLeft: null,
        facts: [e.kind, e.on],
        message: `${e.on}“${e.kind}”之前没有“${need}”节点`,
      });
    }
  },
};

export const DQ_STALE: Rule = {
  id: 'DQ-STALE',
  title: '长期未结',
  area: '案卡填录',
  severity: '较重',
  hasWindow: false,
  basis: '案件管理规定：在办案件超过一年未办结的，应当核查办案进度及案卡状态。',
  evaluate(c, env, emit) {
    if (c.status !== OPEN) return;
    const age = diffDays(env.asOf, c.receivedOn);
    if (age <= env.settings.staleDays) return;
    emit.finding({
      personNo: null,
      subjectKey: '',
      kind: '长期未结',
      dueOn: null,
      daysLeft: null,
      facts: [c.receivedOn, env.settings.staleDays],
      message: `案件自 ${c.receivedOn} 受理，已在办 ${age} 日（超过 ${env.settings.staleDays} 日）未办结`,
    });
  },
};

export const DATA_QUALITY_RULES: Rule[] = [
  DQ_CAUSE,
  DQ_DECISION,
  DQ_CONCLUSION,
  DQ_DATES,
  DQ_PLEA,
  DQ_SENTENCING,
  DQ_PROCEDURE,
  DQ_SEQUENCE,
  DQ_STALE,
];
