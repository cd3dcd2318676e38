/** Test fixtures: cases with their persons, events and documents inserted directly into a tmpStore. */
import type { Db } from '../../db/store';
import { hasCaseCounts, recountCases } from '../../db/queries/case-counts';

export interface CaseInput {
  caseNo?: string;
  title?: string;
  category?: string;
  cause?: string | null;
  department?: string;
  prosecutor?: string;
  receivedOn: string;
  complex?: boolean;
  hasVictim?: boolean;
  procedure?: string | null;
  status?: string;
  concludedOn?: string | null;
  conclusion?: string | null;
  agency?: string | null;
  note?: string | null;
  persons?: PersonInput[];
  events?: EventInput[];
  documents?: DocInput[];
  /** The data date (数据日期) of the case row and all its children; default none (unknown). */
  takenOn?: string | null;
}
export interface PersonInput {
  personNo?: string;
  name?: string;
  birthDate?: string | null;
  custody?: string;
  measure?: string;
  measureFrom?: string | null;
  hasCounsel?: boolean;
  plea?: boolean;
  pleaSignedOn?: string | null;
  decision?: string | null;
  decidedOn?: string | null;
  sentencing?: string;
  sentencingAdopted?: boolean | null;
  judgedOn?: string | null;
  gender?: string | null;
  decisionReason?: string | null;
  appealed?: boolean;
}
export interface EventInput {
  kind: string;
  on: string;
  personNo?: string | null;
  note?: string | null;
}
export interface DocInput {
  name: string;
  number?: string;
  issuedOn: string;
  personNo?: string | null;
}

let counter = 0;

/** Inserts (or replaces) a case and all its children; returns its case number. */
export function addCase(db: Db, c: CaseInput): string {
  const caseNo = c.caseNo ?? `测检刑诉受[2025]${String(++counter).padStart(6, '0')}号`;
  db.transaction(() => {
    const old = db.prepare('SELECT id FROM cases WHERE case_no = ?').get(caseNo) as { id: number } | undefined;
    const vals = [
      c.title ?? '张某某盗窃案',
      c.category ?? '审查起诉',
      c.cause === undefined ? '盗窃罪' : c.cause,
      c.department ?? '第一检察部',
      c.prosecutor ?? '王检察官',
      c.receivedOn,
      c.complex ? 1 : 0,
      c.hasVictim ? 1 : 0,
      c.procedure ?? null,
      c.status ?? '在办',
      c.concludedOn ?? null,
      c.conclusion ?? null,
      c.agency ?? null,
      c.note ?? null,
      c.takenOn ?? null,
      c.takenOn ?? null,
      c.takenOn ?? null,
      c.takenOn ?? null,
    ];
    let id: number;
    if (old) {
      // as an import does: the case row is replaced in place, its children replaced
      id = old.id;
      db.prepare(
        `UPDATE cases SET title = ?, category = ?, cause = ?, department = ?, prosecutor = ?, received_on = ?, complex = ?, has_victim = ?, procedure = ?,
                  status = ?, concluded_on = ?, conclusion = ?, agency = ?, note = ?, taken_on = ?, persons_taken_on = ?,
                  events_taken_on = ?, documents_taken_on = ? WHERE id = ?`,
      ).run(...vals, id);
      for (const t of ['persons', 'events', 'documents']) db.prepare(`DELETE FROM ${t} WHERE case_id = ?`).run(id);
    } else {
      id = Number(
        db
          .prepare(
            `INSERT INTO cases(case_no, title, category, cause, department, prosecutor, received_on, complex, has_victim, procedure, status, concluded_on, conclusion,
                   agency, note, taken_on, persons_taken_on, events_taken_on, documents_taken_on)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          )
          .run(caseNo, ...vals).lastInsertRowid,
      );
    }
    const persons = c.persons ?? [{}];
    persons.forEach((p, i) => {
      db.prepare(
        `INSERT INTO persons(case_id, person_no, name, birth_date, custody, measure, measure_from, has_counsel, plea, plea_signed_on, decision, decided_on, sentencing, sentencing_adopted, judged_on,
                             gender, decision_reason, appealed)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(
        id,
        p.personNo ?? String(i + 1),
        p.name ?? '张三丰',
        p.birthDate ?? null,
        p.custody ?? '未羁押',
        p.measure ?? '无',
        p.measureFrom ?? null,
        p.hasCounsel === false ? 0 : 1,
        p.plea ? 1 : 0,
        p.pleaSignedOn ?? null,
        p.decision ?? null,
        p.decidedOn ?? null,
        p.sentencing ?? '无',
        p.sentencingAdopted == null ? null : p.sentencingAdopted ? 1 : 0,
        p.judgedOn ?? null,
        p.gender ?? null,
        p.decisionReason ?? null,
        p.appealed ? 1 : 0,
      );
    });
    (c.events ?? []).forEach((e, i) => {
      db.prepare('INSERT INTO events(case_id, seq, kind, on_date, person_no, note) VALUES (?, ?, ?, ?, ?, ?)').run(
        id,
        i + 1,
        e.kind,
        e.on,
        e.personNo ?? null,
        e.note ?? null,
      );
    });
    (c.documents ?? []).forEach((d, i) => {
      db.prepare(
        'INSERT INTO documents(case_id, seq, name, number, issued_on, person_no) VALUES (?, ?, ?, ?, ?, ?)',
      ).run(
        id,
        i + 1,
        d.name,
        d.number ?? `测检刑诉〔${d.issuedOn.slice(0, 4)}〕${i + 1}号`,
        d.issuedOn,
        d.personNo ?? null,
      );
    });
    // Written past the product's writers: the grid's stored counts follow as writeCaseBundles keeps them.
    if (hasCaseCounts(db)) recountCases(db);
  })();
  return caseNo;
}

/** Rights notices given on the day of receipt, so that a deadline test is not muddied by RT-* findings. */
export function notified(on: string): EventInput[] {
  return [{ kind: '告知犯罪嫌疑人诉讼权利', on }];
}

import { loadCalendar } from '../../core/calendar';
import { getSettings, updateSettings, type Settings } from '../../core/settings';
import { evaluateCases } from '../../core/rules/evaluate';
import { loadCaseBundles } from '../../db/queries/audit';
import { RULES } from '../../core/rules/registry';

/** Runs the rules (all, or one) over the store as of a date, without writing anything. */
export function evaluate(db: Db, asOf: string, ruleId?: string, patch?: Partial<Settings>) {
  if (patch) updateSettings(db, patch);
  const settings = getSettings(db);
  const cal = loadCalendar(db);
  const rules = ruleId ? RULES.filter((r) => r.id === ruleId) : RULES;
  const res = evaluateCases(loadCaseBundles(db, asOf), rules, {
    asOf,
    cal,
    settings,
    window: (id) => (id in settings.warningWindows ? settings.warningWindows[id] : null),
  });
  return {
    findings: res.detections.map((d) => ({
      ruleId: d.ruleId,
      caseNo: d.bundle.caseNo,
      personNo: d.personNo,
      subjectKey: d.subjectKey,
      kind: d.kind,
      dueOn: d.dueOn,
      daysLeft: d.daysLeft,
      message: d.message,
      fingerprint: d.fingerprint,
    })),
    warnings: res.warnings.map((w) => ({
      ruleId: w.ruleId,
      caseNo: w.bundle.caseNo,
      personNo: w.personNo,
      subjectKey: w.subjectKey,
      dueOn: w.dueOn,
      daysLeft: w.daysLeft,
      message: w.message,
    })),
    failedRules: res.failedRules,
  };
}
