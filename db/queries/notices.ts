/** Monitoring notices (流程监控通知书) and their findings (003). */
import type { Db } from '../store';

export interface NoticeRow {
  id: number;
  year: number;
  seq: number;
  number: string;
  case_no: string;
  department: string | null;
  prosecutor: string | null;
  issued_on: string;
  reply_due_on: string;
  to_chief: number;
  content_json: string;
  reply_on: string | null;
  reply_text: string | null;
  issued_by: string;
  created_at: string;
  withdrawn_on: string | null;
  withdrawn_reason: string | null;
  withdrawn_by: string | null;
}

export interface FindingForNotice {
  id: number;
  rule_id: string;
  case_no: string;
  person_no: string;
  severity: string;
  status: string;
  message: string;
  due_on: string | null;
  kind: string | null;
  department: string | null;
  prosecutor: string | null;
  case_id: number | null;
  title: string | null;
  category: string | null;
  received_on: string | null;
}

export function findingsForNotice(db: Db, ids: number[]): FindingForNotice[] {
  return db
    .prepare(
      `SELECT f.id, f.rule_id, f.case_no, f.person_no, f.severity, f.status, f.message, f.due_on, f.kind,
      COALESCE(c.department, f.department) AS department, COALESCE(c.prosecutor, f.prosecutor) AS prosecutor,
      c.id AS case_id, c.title, c.category, c.received_on
    FROM findings f LEFT JOIN cases c ON c.case_no = f.case_no
    WHERE f.id IN (SELECT value FROM json_each(?)) ORDER BY f.id`,
    )
    .all(JSON.stringify(ids)) as FindingForNotice[];
}

export function personNamesOfCase(db: Db, caseId: number | null): string[] {
  if (caseId == null) return [];
  return (db.prepare('SELECT name FROM persons WHERE case_id = ?').all(caseId) as { name: string }[]).map(
    (r) => r.name,
  );
}

export function nextSeq(db: Db, year: number): number {
  return (db.prepare('SELECT COALESCE(MAX(seq), 0) + 1 AS n FROM notices WHERE year = ?').get(year) as { n: number }).n;
}

export function numberTaken(db: Db, number: string): boolean {
  return !!db.prepare('SELECT 1 FROM notices WHERE number = ?').get(number);
}

export function insertNotice(
  db: Db,
  n: Omit<NoticeRow, 'id' | 'reply_on' | 'reply_text' | 'withdrawn_on' | 'withdrawn_reason' | 'withdrawn_by'>,
): number {
  return Number(
    db
      .prepare(
        `INSERT INTO notices(year, seq, number, case_no, department, prosecutor, issued_on, reply_due_on, to_chief, content_json, issued_by, created_at)
    VALUES (@year, @seq, @number, @case_no, @department, @prosecutor, @issued_on, @reply_due_on, @to_chief, @content_json, @issued_by, @created_at)`,
      )
      .run(n).lastInsertRowid,
  );
}

export function linkFindings(db: Db, noticeId: number, findingIds: number[]): void {
  const st = db.prepare('INSERT INTO notice_findings(notice_id, finding_id) VALUES (?, ?)');
  for (const f of findingIds) st.run(noticeId, f);
}

export function getNoticeRow(db: Db, id: number): NoticeRow | undefined {
  return db.prepare('SELECT * FROM notices WHERE id = ?').get(id) as NoticeRow | undefined;
}

export function findingIdsOf(db: Db, noticeId: number): number[] {
  return (
    db.prepare('SELECT finding_id FROM notice_findings WHERE notice_id = ? ORDER BY finding_id').all(noticeId) as {
      finding_id: number;
    }[]
  ).map((r) => r.finding_id);
}

export function setReply(db: Db, id: number, on: string, text: string): void {
  db.prepare('UPDATE notices SET reply_on = ?, reply_text = ? WHERE id = ?').run(on, text, id);
}

export function setWithdrawn(db: Db, id: number, on: string, reason: string, by: string): void {
  db.prepare('UPDATE notices SET withdrawn_on = ?, withdrawn_reason = ?, withdrawn_by = ? WHERE id = ?').run(
    on,
    reason,
    by,
    id,
  );
}

/** For each of `findingIds` that is in a notice not withdrawn: that notice (one query). */
export function activeNoticesOf(
  db: Db,
  findingIds: number[],
): { finding_id: number; notice_id: number; number: string; issued_on: string }[] {
  return db
    .prepare(
      `SELECT nf.finding_id, n.id AS notice_id, n.number, n.issued_on FROM notice_findings nf JOIN notices n ON n.id = nf.notice_id
    WHERE n.withdrawn_on IS NULL AND nf.finding_id IN (SELECT value FROM json_each(?)) ORDER BY nf.finding_id, n.id`,
    )
    .all(JSON.stringify(findingIds)) as never;
}

/** Every notice a finding was ever in, newest first (withdrawn ones included). */
export function noticeIdsOfFinding(db: Db, findingId: number): number[] {
  return (
    db
      .prepare(
        'SELECT n.id FROM notice_findings nf JOIN notices n ON n.id = nf.notice_id WHERE nf.finding_id = ? ORDER BY n.id DESC',
      )
      .all(findingId) as { id: number }[]
  ).map((r) => r.id);
}

/** Notices whose number is exactly `number`, or whose year and sequence are given. */
export function noticeIdByNumber(db: Db, number: string): number | undefined {
  return (db.prepare('SELECT id FROM notices WHERE number = ?').get(number) as { id: number } | undefined)?.id;
}

export function noticeIdsByYearSeq(db: Db, year: number | null, seq: number): { id: number; number: string }[] {
  return db
    .prepare('SELECT id, number FROM notices WHERE seq = ? AND (? IS NULL OR year = ?) ORDER BY year DESC')
    .all(seq, year, year) as { id: number; number: string }[];
}

export const NOTICE_STATUSES = ['待回复', '已回复', '逾期未回复', '已撤回'] as const;
export type NoticeStatus = (typeof NOTICE_STATUSES)[number];

/** A notice's status on a date (jobs.md): withdrawn, replied, past its reply deadline without reply, or waiting. */
const STATUS_SQL = `CASE WHEN n.withdrawn_on IS NOT NULL THEN '已撤回' WHEN n.reply_on IS NOT NULL THEN '已回复'
  WHEN n.reply_due_on < @asOf THEN '逾期未回复' ELSE '待回复' END`;

export interface NoticeFilter {
  year?: number;
  caseNo?: string;
  prosecutor?: string;
  from?: string;
  to?: string;
  replied?: boolean;
  /** One status or several, on `asOf`. */
  status?: NoticeStatus | NoticeStatus[];
  /** Notices a finding is (or was) in. */
  findingId?: number;
  /** The date statuses are computed for (逾期未回复 when the reply deadline is before it). */
  asOf: string;
  limit?: number;
  offset?: number;
}

export function listNoticeRows(
  db: Db,
  f: NoticeFilter,
): {
  rows: (Omit<NoticeRow, 'content_json'> & {
    title: string | null;
    case_id: number | null;
    findings: number;
    status: NoticeStatus;
  })[];
  total: number;
} {
  const where = `WHERE (@year IS NULL OR n.year = @year) AND (@caseNo IS NULL OR n.case_no = @caseNo) AND (@prosecutor IS NULL OR n.prosecutor = @prosecutor)
    AND (@from IS NULL OR n.issued_on >= @from) AND (@to IS NULL OR n.issued_on <= @to)
    AND (@replied IS NULL OR (@replied = 1 AND n.reply_on IS NOT NULL) OR (@replied = 0 AND n.reply_on IS NULL))
    AND (@statuses IS NULL OR ${STATUS_SQL} IN (SELECT value FROM json_each(@statuses)))
    AND (@findingId IS NULL OR EXISTS (SELECT 1 FROM notice_findings nf WHERE nf.notice_id = n.id AND nf.finding_id = @findingId))`;
  const statuses = f.status == null ? null : JSON.stringify(Array.isArray(f.status) ? f.status : [f.status]);
  const p = {
    year: f.year ?? null,
    caseNo: f.caseNo ?? null,
    prosecutor: f.prosecutor ?? null,
    from: f.from ?? null,
    to: f.to ?? null,
    replied: f.replied == null ? null : f.replied ? 1 : 0,
    statuses,
    findingId: f.findingId ?? null,
    asOf: f.asOf,
  };
  const rows = db
    .prepare(
      `SELECT n.id, n.year, n.seq, n.number, n.case_no, n.department, n.prosecutor, n.issued_on, n.reply_due_on, n.to_chief, n.reply_on, n.reply_text, n.issued_by, n.created_at,
      n.withdrawn_on, n.withdrawn_reason, n.withdrawn_by, ${STATUS_SQL} AS status,
      c.title, c.id AS case_id, (SELECT COUNT(*) FROM notice_findings nf WHERE nf.notice_id = n.id) AS findings
    FROM notices n LEFT JOIN cases c ON c.case_no = n.case_no ${where} ORDER BY n.year DESC, n.seq DESC LIMIT @limit OFFSET @offset`,
    )
    .all({ ...p, limit: f.limit ?? 200, offset: f.offset ?? 0 }) as never;
  const total = (db.prepare(`SELECT COUNT(*) AS n FROM notices n ${where}`).get(p) as { n: number }).n;
  return { rows, total };
}
