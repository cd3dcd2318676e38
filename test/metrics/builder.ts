/** A small builder that writes cases, persons, events, findings, notices and staff straight into a store (tests of metrics and documents). */
import { ruleInfo } from '../../core/metrics/deps';
import type { Db } from '../../db/store';
import { hasCaseCounts, recountCases } from '../../db/queries/case-counts';

export interface CaseSpec {
  caseNo: string;
  title?: string;
  category?: string;
  department?: string;
  prosecutor?: string;
  receivedOn: string;
  concludedOn?: string | null;
  events?: { kind: string; on: string }[];
  persons?: PersonSpec[];
}
export interface PersonSpec {
  no?: string;
  name?: string;
  decision?: string | null;
  decidedOn?: string | null;
  plea?: boolean;
  sentencing?: '确定刑' | '幅度刑' | '无';
  adopted?: boolean | null;
  judgedOn?: string | null;
  appealed?: boolean;
  custody?: '在押' | '未羁押';
  measure?: string;
  measureFrom?: string | null;
}
export interface FindingSpec {
  ruleId: string;
  caseNo: string;
  severity?: string;
  status?: string;
  kind?: string | null;
  firstSeen: string;
  rectifiedOn?: string | null;
  statusOn?: string;
  personNo?: string;
  subjectKey?: string;
  source?: string;
  message?: string;
  events?: { action: string; on: string; to: string; from?: string | null }[];
}

export class Builder {
  private cases = new Map<string, number>();
  constructor(readonly db: Db) {}

  staff(name: string, department: string, role = '员额检察官'): this {
    this.db.prepare('INSERT INTO staff(name, department, role) VALUES (?, ?, ?)').run(name, department, role);
    return this;
  }

  case(s: CaseSpec): number {
    const id = Number(
      this.db
        .prepare(
          `INSERT INTO cases(case_no, title, category, department, prosecutor, received_on, status, concluded_on) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          s.caseNo,
          s.title ?? `${s.persons?.[0]?.name ?? '某人'}盗窃案`,
          s.category ?? '审查起诉',
          s.department ?? '第一检察部',
          s.prosecutor ?? '李检察',
          s.receivedOn,
          s.concludedOn ? '办结' : '在办',
          s.concludedOn ?? null,
        ).lastInsertRowid,
    );
    this.cases.set(s.caseNo, id);
    if (hasCaseCounts(this.db)) recountCases(this.db); // the grid's stored counts, as the product's writers keep them
    let seq = 0;
    for (const e of s.events ?? [])
      this.db
        .prepare('INSERT INTO events(case_id, seq, kind, on_date) VALUES (?, ?, ?, ?)')
        .run(id, ++seq, e.kind, e.on);
    let n = 0;
    for (const p of s.persons ?? []) {
      n++;
      this.db
        .prepare(
          `INSERT INTO persons(case_id, person_no, name, custody, measure, measure_from, plea, decision, decided_on, sentencing, sentencing_adopted, judged_on, appealed) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          id,
          p.no ?? String(n),
          p.name ?? `张${n}`,
          p.custody ?? '未羁押',
          p.measure ?? '无',
          p.measureFrom ?? null,
          p.plea ? 1 : 0,
          p.decision ?? null,
          p.decidedOn ?? null,
          p.sentencing ?? '无',
          p.adopted == null ? null : p.adopted ? 1 : 0,
          p.judgedOn ?? null,
          p.appealed ? 1 : 0,
        );
    }
    return id;
  }

  finding(s: FindingSpec): number {
    const status = s.status ?? '待处理';
    const id = Number(
      this.db
        .prepare(
          `INSERT INTO findings(rule_id, case_no, person_no, subject_key, case_id, source, severity, status, kind, message, department, prosecutor, first_seen, last_seen, rectified_on, status_on)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL, ?, ?, ?, ?)`,
        )
        .run(
          s.ruleId,
          s.caseNo,
          s.personNo ?? '',
          s.subjectKey ?? '',
          this.cases.get(s.caseNo) ?? null,
          s.source ?? '审核',
          s.severity ?? '较重',
          status,
          s.kind ?? null,
          // Synthetic findings read like real ones: the rule's title, never its id.
          s.message ?? `${ruleInfo(this.db, s.ruleId).title}不符合要求`,
          s.firstSeen,
          s.firstSeen,
          s.rectifiedOn ?? null,
          s.statusOn ?? s.rectifiedOn ?? s.firstSeen,
        ).lastInsertRowid,
    );
    for (const e of s.events ?? []) {
      this.db
        .prepare(
          `INSERT INTO finding_events(finding_id, action, on_date, at, actor, from_status, to_status) VALUES (?, ?, ?, ?, 'tester', ?, ?)`,
        )
        .run(id, e.action, e.on, `${e.on}T09:00:00+08:00`, e.from ?? null, e.to);
    }
    return id;
  }

  notice(s: {
    number: string;
    caseNo: string;
    issuedOn: string;
    replyDueOn: string;
    replyOn?: string | null;
    toChief?: boolean;
    prosecutor?: string;
    department?: string;
    year?: number;
    seq?: number;
  }): number {
    const year = s.year ?? +s.issuedOn.slice(0, 4);
    const seq =
      s.seq ??
      (this.db.prepare('SELECT COALESCE(MAX(seq), 0) + 1 AS n FROM notices WHERE year = ?').get(year) as { n: number })
        .n;
    return Number(
      this.db
        .prepare(
          `INSERT INTO notices(year, seq, number, case_no, department, prosecutor, issued_on, reply_due_on, to_chief, content_json, reply_on, issued_by, created_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, '{}', ?, 'tester', ?)`,
        )
        .run(
          year,
          seq,
          s.number,
          s.caseNo,
          s.department ?? '第一检察部',
          s.prosecutor ?? '李检察',
          s.issuedOn,
          s.replyDueOn,
          s.toChief ? 1 : 0,
          s.replyOn ?? null,
          `${s.issuedOn}T09:00:00+08:00`,
        ).lastInsertRowid,
    );
  }
}
