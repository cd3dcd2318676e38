/** Case-quality reviews (案件质量评查): the only SQL of core/referrals/reviews.ts. */
import type { Db } from '../store';

export interface ReviewRow {
  id: number;
  case_no: string;
  department: string;
  prosecutor: string;
  reviewed_on: string;
  reviewer: string;
  kind: string;
  grade: string;
  problems: string | null;
  rectification: string;
  created_at: string;
  created_by: string;
  updated_at: string | null;
  updated_by: string | null;
}

export interface ReviewInsert {
  caseNo: string;
  department: string;
  prosecutor: string;
  reviewedOn: string;
  reviewer: string;
  kind: string;
  grade: string;
  problems: string | null;
  rectification: string;
  createdAt: string;
  createdBy: string;
}

export function insertReview(db: Db, r: ReviewInsert): number {
  return Number(
    db
      .prepare(
        `INSERT INTO reviews(case_no, department, prosecutor, reviewed_on, reviewer, kind, grade, problems, rectification, created_at, created_by)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        r.caseNo,
        r.department,
        r.prosecutor,
        r.reviewedOn,
        r.reviewer,
        r.kind,
        r.grade,
        r.problems,
        r.rectification,
        r.createdAt,
        r.createdBy,
      ).lastInsertRowid,
  );
}

export function getReview(db: Db, id: number): ReviewRow | undefined {
  return db.prepare('SELECT * FROM reviews WHERE id = ?').get(id) as ReviewRow | undefined;
}

export function updateReviewRow(
  db: Db,
  id: number,
  patch: { rectification: string; problems: string | null; updatedAt: string; updatedBy: string },
): void {
  db.prepare('UPDATE reviews SET rectification = ?, problems = ?, updated_at = ?, updated_by = ? WHERE id = ?').run(
    patch.rectification,
    patch.problems,
    patch.updatedAt,
    patch.updatedBy,
    id,
  );
}

export interface ReviewFilterSql {
  from?: string;
  to?: string;
  grades?: string[];
  kind?: string;
  prosecutor?: string;
  caseNo?: string;
  rectification?: string;
}

/** Reviews matching every given condition, by date then id. Only fixed SQL with parameters. */
export function selectReviews(db: Db, f: ReviewFilterSql): ReviewRow[] {
  const grades = f.grades && f.grades.length ? f.grades : null;
  return db
    .prepare(
      `
    SELECT * FROM reviews
    WHERE (@from IS NULL OR reviewed_on >= @from)
      AND (@to IS NULL OR reviewed_on <= @to)
      AND (@grades IS NULL OR grade IN (SELECT value FROM json_each(@grades)))
      AND (@kind IS NULL OR kind = @kind)
      AND (@prosecutor IS NULL OR prosecutor = @prosecutor)
      AND (@caseNo IS NULL OR case_no = @caseNo)
      AND (@rectification IS NULL OR rectification = @rectification)
    ORDER BY reviewed_on, id`,
    )
    .all({
      from: f.from ?? null,
      to: f.to ?? null,
      grades: grades ? JSON.stringify(grades) : null,
      kind: f.kind ?? null,
      prosecutor: f.prosecutor ?? null,
      caseNo: f.caseNo ?? null,
      rectification: f.rectification ?? null,
    }) as ReviewRow[];
}
