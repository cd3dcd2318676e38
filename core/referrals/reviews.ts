/**
 * Case-quality reviews (案件质量评查): record a review of a case, change its rectification state,
 * list and filter them. Reviews of a month graded 基本合格 or 不合格 go into that month's referral
 * package (package.ts). Every change is one transaction with its audit-trail entry.
 */
import type { AppContext } from '../context';
import { chinaTimestamp, isMonthKey, monthPeriod, type IsoDate } from '../dates';
import { normalizeCaseNo } from '../domain';
import { recordAction } from '../audit-trail';
import { HandlerError } from '../errors';
import * as q from '../../db/queries/reviews';
import { caseBasics } from '../../db/queries/referrals';
import {
  cleanText,
  DATE_FORMATS_HINT,
  parseCivilDate,
  RECTIFICATION_STATES,
  REVIEW_GRADES,
  REVIEW_KINDS,
} from './values';

export type ReviewKind = (typeof REVIEW_KINDS)[number];
export type ReviewGrade = (typeof REVIEW_GRADES)[number];
export type Rectification = (typeof RECTIFICATION_STATES)[number];

export interface ReviewInput {
  caseNo: string;
  /** 评查日期 */
  reviewedOn: string;
  reviewer: string;
  kind: string;
  grade: string;
  problems?: string | null;
  rectification?: string | null;
  /** Needed only when the case is not in the store (otherwise taken from the case). */
  department?: string | null;
  prosecutor?: string | null;
}

export interface Review {
  id: number;
  caseNo: string;
  caseTitle: string | null;
  department: string;
  prosecutor: string;
  reviewedOn: IsoDate;
  reviewer: string;
  kind: string;
  grade: string;
  problems: string | null;
  rectification: string;
  createdAt: string;
  createdBy: string;
  updatedAt: string | null;
  updatedBy: string | null;
}

export interface ReviewFilter {
  /** 'YYYY-MM': reviews dated in that month */
  month?: string;
  from?: string;
  to?: string;
  grade?: string | string[];
  kind?: string;
  prosecutor?: string;
  caseNo?: string;
  rectification?: string;
}

function oneOf(value: string | null, allowed: readonly string[], label: string, errors: string[]): string | null {
  if (value == null) return null;
  if (!allowed.includes(value)) {
    errors.push(`${label}“${value}”无效，应为：${allowed.join('、')}`);
    return null;
  }
  return value;
}

function fail(errors: string[]): never {
  throw new HandlerError(errors.join('；'), 400);
}

export function addReview(ctx: AppContext, input: ReviewInput): Review {
  const errors: string[] = [];
  const rawCase = cleanText(input.caseNo);
  const caseNo = rawCase ? normalizeCaseNo(rawCase) : null;
  if (!caseNo) errors.push('请填写部门受案号');
  const rawDate = cleanText(input.reviewedOn);
  const reviewedOn = rawDate ? parseCivilDate(rawDate) : null;
  if (!rawDate) errors.push('请填写评查日期');
  else if (!reviewedOn) errors.push(`评查日期“${rawDate}”无法识别（${DATE_FORMATS_HINT}）`);
  const reviewer = cleanText(input.reviewer);
  if (!reviewer) errors.push('请填写评查人');
  const kindRaw = cleanText(input.kind);
  if (!kindRaw) errors.push(`请填写评查类型（${REVIEW_KINDS.join('、')}）`);
  const kind = oneOf(kindRaw, REVIEW_KINDS, '评查类型', errors);
  const gradeRaw = cleanText(input.grade);
  if (!gradeRaw) errors.push(`请填写评查等次（${REVIEW_GRADES.join('、')}）`);
  const grade = oneOf(gradeRaw, REVIEW_GRADES, '评查等次', errors);
  const rectification = oneOf(cleanText(input.rectification), RECTIFICATION_STATES, '整改情况', errors) ?? '待整改';
  const problems = cleanText(input.problems);
  if ((grade === '基本合格' || grade === '不合格') && !problems) errors.push(`评查等次为“${grade}”时应填写发现的问题`);

  let department = cleanText(input.department);
  let prosecutor = cleanText(input.prosecutor);
  let caseTitle: string | null = null;
  if (caseNo) {
    const c = caseBasics(ctx.db, [caseNo]).get(caseNo);
    if (c) {
      department = department ?? c.department;
      prosecutor = prosecutor ?? c.prosecutor;
      caseTitle = c.title;
    } else if (!department || !prosecutor) {
      errors.push(`案件库中没有部门受案号“${caseNo}”，请同时填写承办部门和承办检察官`);
    }
  }
  if (errors.length) fail(errors);

  const at = chinaTimestamp();
  const row: q.ReviewInsert = {
    caseNo: caseNo!,
    department: department!,
    prosecutor: prosecutor!,
    reviewedOn: reviewedOn!,
    reviewer: reviewer!,
    kind: kind!,
    grade: grade!,
    problems,
    rectification,
    createdAt: at,
    createdBy: ctx.actor,
  };
  const id = ctx.db
    .transaction(() => {
      const newId = q.insertReview(ctx.db, row);
      recordAction(ctx.db, ctx.actor, 'review.add', `review:${newId}`, null, row);
      return newId;
    })
    .immediate();
  return { ...toReview(q.getReview(ctx.db, id)!), caseTitle };
}

export interface ReviewUpdate {
  rectification?: string;
  problems?: string | null;
}

/** Changes a review's rectification state (and optionally its problems text). */
export function updateReview(ctx: AppContext, id: number, patch: ReviewUpdate): Review {
  const errors: string[] = [];
  const rect =
    patch.rectification === undefined
      ? undefined
      : oneOf(cleanText(patch.rectification), RECTIFICATION_STATES, '整改情况', errors);
  if (patch.rectification !== undefined && rect == null && errors.length === 0)
    errors.push(`请填写整改情况（${RECTIFICATION_STATES.join('、')}）`);
  if (errors.length) fail(errors);
  return ctx.db
    .transaction(() => {
      const before = q.getReview(ctx.db, id);
      if (!before) throw new HandlerError(`没有编号为 ${id} 的评查记录`, 404);
      const next = {
        rectification: rect ?? before.rectification,
        problems: patch.problems === undefined ? before.problems : cleanText(patch.problems),
      };
      if ((before.grade === '基本合格' || before.grade === '不合格') && !next.problems)
        fail([`评查等次为“${before.grade}”时应填写发现的问题`]);
      q.updateReviewRow(ctx.db, id, { ...next, updatedAt: chinaTimestamp(), updatedBy: ctx.actor });
      recordAction(
        ctx.db,
        ctx.actor,
        'review.update',
        `review:${id}`,
        { rectification: before.rectification, problems: before.problems },
        next,
      );
      return withTitles(ctx, [toReview(q.getReview(ctx.db, id)!)])[0];
    })
    .immediate();
}

export function listReviews(ctx: AppContext, filter: ReviewFilter = {}): Review[] {
  const errors: string[] = [];
  let from = filter.from,
    to = filter.to;
  if (filter.month) {
    if (!isMonthKey(filter.month)) errors.push(`月份“${filter.month}”无效，应为 YYYY-MM`);
    else ({ start: from, end: to } = monthPeriod(filter.month));
  }
  const grades = filter.grade == null ? undefined : Array.isArray(filter.grade) ? filter.grade : [filter.grade];
  for (const g of grades ?? []) oneOf(g, REVIEW_GRADES, '评查等次', errors);
  if (filter.kind) oneOf(filter.kind, REVIEW_KINDS, '评查类型', errors);
  if (filter.rectification) oneOf(filter.rectification, RECTIFICATION_STATES, '整改情况', errors);
  if (errors.length) fail(errors);
  const rows = q.selectReviews(ctx.db, {
    from,
    to,
    grades,
    kind: filter.kind,
    prosecutor: filter.prosecutor,
    caseNo: filter.caseNo ? normalizeCaseNo(filter.caseNo) : undefined,
    rectification: filter.rectification,
  });
  return withTitles(ctx, rows.map(toReview));
}

function toReview(r: q.ReviewRow): Review {
  return {
    id: r.id,
    caseNo: r.case_no,
    caseTitle: null,
    department: r.department,
    prosecutor: r.prosecutor,
    reviewedOn: r.reviewed_on,
    reviewer: r.reviewer,
    kind: r.kind,
    grade: r.grade,
    problems: r.problems,
    rectification: r.rectification,
    createdAt: r.created_at,
    createdBy: r.created_by,
    updatedAt: r.updated_at,
    updatedBy: r.updated_by,
  };
}

function withTitles(ctx: AppContext, reviews: Review[]): Review[] {
  const cases = caseBasics(
    ctx.db,
    reviews.map((r) => r.caseNo),
  );
  return reviews.map((r) => ({ ...r, caseTitle: cases.get(r.caseNo)?.title ?? null }));
}
