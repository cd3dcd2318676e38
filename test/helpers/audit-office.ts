/**
 * What the audit tests share: custom rules over every subject (custom-rules.md: case, person, event, document, with
 * placeholders), and everything an audit writes, per table in row order.
 */
import type { Db } from '../../db/store';

/** Written with the recorded test's ids (X-REC-…). */
const CUSTOM = [
  {
    id: 'X-REC-LONG',
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
    id: 'X-REC-DECIDED',
    title: '审查逮捕结论晚于受理后3日',
    area: '办案期限',
    severity: '轻微',
    basis: '',
    subject: 'person',
    when: {
      combinator: 'and',
      rules: [
        { field: 'case.category', operator: '=', value: '审查逮捕' },
        {
          field: 'person.decidedOn',
          operator: '>',
          valueSource: 'field',
          value: { field: 'case.receivedOn', offsetDays: 3 },
        },
      ],
    },
    message: '{person.name}于{person.decidedOn}作出结论（受理日期{case.receivedOn}）',
  },
  {
    id: 'X-REC-SUPP',
    title: '近90日退回补充侦查',
    area: '案卡填录',
    severity: '轻微',
    basis: '',
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
    id: 'X-REC-DOC',
    title: '近60日签发的起诉类文书',
    area: '法律文书',
    severity: '轻微',
    basis: '',
    subject: 'document',
    when: {
      combinator: 'and',
      rules: [
        { field: 'document.name', operator: 'in', value: ['起诉书', '不起诉决定书'] },
        { field: 'document.issuedOn', operator: 'between', value: [{ daysBeforeAsOf: 60 }, { daysAfterAsOf: 0 }] },
      ],
    },
    message: '{document.name} {document.number}',
  },
];

/** Custom rules of every subject, ids starting with `prefix` (each test keeps its own ids: they are in its records). */
export function customRulesOfEverySubject(prefix: string) {
  return CUSTOM.map((r) => ({ ...r, id: r.id.replace('X-REC', prefix) }));
}

/** Everything the audits wrote, per table in row order; wall-clock columns (started_at, finished_at, at, pid) left out. */
export function auditTables(db: Db): Record<string, unknown[][]> {
  const q = (sql: string) => db.prepare(sql).raw(true).all() as unknown[][];
  return {
    runs: q(
      'SELECT id, job, period, version, as_of, status, error, counts_json, failed_rules_json, actor FROM job_runs ORDER BY id',
    ),
    findings: q('SELECT * FROM findings ORDER BY id'),
    events: q(
      'SELECT id, finding_id, action, on_date, actor, from_status, to_status, note, run_id FROM finding_events ORDER BY id',
    ),
    runFindings: q('SELECT * FROM run_findings ORDER BY run_id, finding_id'),
    warnings: q('SELECT * FROM warnings ORDER BY id'),
    deadlines: q('SELECT * FROM deadlines ORDER BY rowid'),
  };
}
