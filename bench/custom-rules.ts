/**
 * The bench's rule pack for the `custom-rules` part: twenty custom rules of the kinds a city office
 * circulates, over every subject, with relative dates, field-to-field comparisons with an offset, list
 * fields and nested or/not groups (custom-rules.md). Like a real list, each flags a few cases at most (a rule that
 * flags thousands measures the writing of findings, not the rules). The part measures what they add to the audit.
 */
const c = (field: string, operator: string, value?: unknown, valueSource?: 'field') =>
  valueSource
    ? { field, operator, value, valueSource }
    : value === undefined
      ? { field, operator }
      : { field, operator, value };
const and = (...rules: unknown[]) => ({ combinator: 'and', rules });
const or = (...rules: unknown[]) => ({ combinator: 'or', rules });
const not = (...rules: unknown[]) => ({ combinator: 'and', not: true, rules });

const rule = (id: string, subject: string, when: unknown, area = '案卡填录') => ({
  id: `X-BENCH-${id}`,
  title: `基准规则 ${id}`,
  area,
  severity: '轻微',
  basis: '',
  subject,
  when,
  message: `{case.caseNo} 基准规则 ${id}`,
});

export const BENCH_RULES = [
  rule(
    '01',
    'person',
    and(
      c('case.category', '=', '审查起诉'),
      c('person.plea', '=', true),
      c('person.decision', '=', '起诉'),
      c('person.sentencing', '=', '无'),
    ),
  ),
  rule('02', 'case', and(c('case.agency', 'null'), c('case.category', 'in', ['审查逮捕', '审查起诉']))),
  rule('03', 'case', and(c('case.status', '=', '在办'), c('case.daysOpen', '>', 180)), '办案期限'),
  rule(
    '04',
    'person',
    and(
      c('person.decidedOn', '>', { field: 'case.receivedOn', offsetDays: 30 }, 'field'),
      c('case.category', '=', '审查逮捕'),
    ),
    '办案期限',
  ),
  rule('05', 'event', and(c('event.kind', '=', '退回补充侦查'), c('event.on', '>=', { daysBeforeAsOf: 60 }))),
  rule(
    '06',
    'document',
    and(c('document.name', 'in', ['起诉书', '不起诉决定书']), c('document.issuedOn', '<', 'case.receivedOn', 'field')),
    '法律文书',
  ),
  rule(
    '07',
    'person',
    and(c('person.decision', '=', '起诉'), not(c('person.documentNames', 'contains', '起诉书'))),
    '法律文书',
  ),
  rule(
    '08',
    'person',
    or(
      and(c('person.custody', '=', '在押'), c('person.measure', 'in', ['取保候审', '监视居住'])),
      and(c('person.custody', '=', '未羁押'), c('person.measure', '=', '逮捕')),
    ),
    '强制措施',
  ),
  rule(
    '09',
    'person',
    and(
      c('person.ageAtReceipt', '<', 18),
      c('person.hasCounsel', '=', false),
      c('person.eventKinds', 'doesNotContain', '通知法律援助'),
    ),
    '诉讼权利保障',
  ),
  rule(
    '10',
    'case',
    and(
      c('case.category', '=', '审查起诉'),
      c('case.status', '=', '在办'),
      c('case.hasVictim', '=', true),
      c('case.eventKinds', 'doesNotContain', '告知被害人诉讼权利'),
      c('case.daysOpen', '>', 3),
    ),
    '诉讼权利保障',
  ),
  rule('11', 'case', and(c('case.procedure', '=', '速裁程序'), c('case.personCount', '>', 3))),
  rule('12', 'person', and(c('person.pleaSignedOn', 'notNull'), c('person.plea', '=', false))),
  rule(
    '13',
    'case',
    and(
      c('case.cause', 'contains', '诈骗'),
      c('case.status', '=', '在办'),
      c('case.receivedOn', 'between', [{ daysBeforeAsOf: 365 }, { daysBeforeAsOf: 120 }]),
    ),
  ),
  rule('14', 'event', and(c('event.on', '<', 'case.receivedOn', 'field'))),
  rule('15', 'person', and(c('person.decision', '=', '不起诉'), c('person.decisionReason', 'null'))),
  rule(
    '16',
    'document',
    and(c('document.number', 'doesNotContain', '号'), c('document.issuedOn', '>=', { daysBeforeAsOf: 90 })),
    '法律文书',
  ),
  rule('17', 'case', and(c('case.status', '=', '办结'), c('case.conclusion', 'null'))),
  rule(
    '18',
    'person',
    and(
      c('person.judgedOn', '<', { daysBeforeAsOf: 30 }),
      c('person.sentencing', '!=', '无'),
      c('person.sentencingAdopted', 'null'),
    ),
  ),
  rule('19', 'case', not(c('case.title', 'endsWith', '案'))),
  rule(
    '20',
    'person',
    and(
      c('case.category', '=', '审查起诉'),
      or(
        c('person.measureFrom', '<', { field: 'case.receivedOn', offsetDays: -365 }, 'field'),
        not(c('person.eventKinds', 'contains', '告知犯罪嫌疑人诉讼权利')),
      ),
    ),
    '诉讼权利保障',
  ),
];
