/** Handlers of the 'referrals/…' area: incoming referrals, the monthly package; and 'reviews/…' (案件质量评查). */
import path from 'node:path';
import { z } from 'zod';
import { exportDirOf, fileToRead, folderToWrite } from '../security/path-guard';
import { defineHandler, handlerList, HandlerError, type HandlerDef } from './registry';
import { todayOf } from '../context';
import { PeriodNotOverError, refuseUnfinishedReferralMonth } from '../jobs/not-yet';
import {
  addReferral,
  addReview,
  exportReferralPackage,
  getReferralPackage,
  importReferrals,
  listReferrals,
  listReviews,
  updateReview,
} from '../referrals';

const month = z.string().regex(/^\d{4}-\d{2}$/, '月份应为 YYYY-MM');
const text = z.string().max(4000);

/** The typed tuple (names, payloads, results kept: core/shared/api.ts reads it). */
export const referralsHandlers = [
  defineHandler({
    name: 'reviews/list',
    title: '列出案件质量评查',
    input: z.object({
      month: month.optional(),
      grade: z.union([z.string(), z.array(z.string())]).optional(),
      kind: z.string().optional(),
      prosecutor: z.string().optional(),
      caseNo: z.string().optional(),
      rectification: z.string().optional(),
    }),
    run: (ctx, p) => ({ reviews: listReviews(ctx, p) }),
  }),
  defineHandler({
    name: 'reviews/add',
    title: '登记案件质量评查',
    mutates: true,
    input: z.object({
      caseNo: z.string(),
      reviewedOn: z.string(),
      reviewer: z.string(),
      kind: z.string(),
      grade: z.string(),
      problems: text.nullish(),
      rectification: z.string().nullish(),
      department: z.string().nullish(),
      prosecutor: z.string().nullish(),
    }),
    run: (ctx, p) => addReview(ctx, p),
  }),
  defineHandler({
    name: 'reviews/update',
    title: '更新评查整改情况',
    mutates: true,
    input: z.object({
      id: z.number().int().positive(),
      rectification: z.string().optional(),
      problems: text.nullish(),
    }),
    run: (ctx, p) => updateReview(ctx, p.id, { rectification: p.rectification, problems: p.problems }),
  }),
  defineHandler({
    name: 'referrals/list',
    title: '列出检务督查移送',
    input: z.object({ month: month.optional(), prosecutor: z.string().optional(), status: z.string().optional() }),
    run: (ctx, p) => ({ referrals: listReferrals(ctx, p) }),
  }),
  defineHandler({
    name: 'referrals/add',
    title: '登记检务督查移送',
    mutates: true,
    input: z.object({
      receivedOn: z.string(),
      docNumber: z.string(),
      department: z.string().nullish(),
      prosecutor: z.string().nullish(),
      caseNo: z.string().nullish(),
      category: z.string(),
      description: text,
      severity: z.string().nullish(),
    }),
    run: (ctx, p) => addReferral(ctx, p),
  }),
  defineHandler({
    name: 'referrals/import',
    title: '导入检务督查移送',
    mutates: true,
    input: z.object({ file: z.string().min(1), dryRun: z.boolean().optional() }),
    run: (ctx, p) =>
      importReferrals(ctx, fileToRead(ctx, p.file, { folders: ['import'], what: '督查移送文件' }), {
        dryRun: p.dryRun,
      }),
  }),
  defineHandler({
    name: 'referrals/export',
    title: '导出线索移送材料',
    mutates: true,
    input: z.object({
      month,
      outDir: z.string().min(1).optional(),
      regenerate: z.boolean().optional(),
      zip: z.boolean().optional(),
    }),
    run: (ctx, p) => {
      // A month not over is refused like its inspection (rules.md), by the door's clock; the inspection's own
      // export (core/jobs/inspection.ts) has checked against its today.
      try {
        refuseUnfinishedReferralMonth(p.month, todayOf(ctx));
      } catch (e) {
        if (e instanceof PeriodNotOverError) throw new HandlerError(e.message, 400);
        throw e;
      }
      return exportReferralPackage(ctx, {
        ...p,
        outDir: folderToWrite(ctx, p.outDir, { fallback: path.join(exportDirOf(ctx), '线索移送') }),
      });
    },
  }),
  defineHandler({
    name: 'referrals/package',
    title: '查看线索移送材料内容',
    input: z.object({ month, version: z.number().int().positive().optional() }),
    run: (ctx, p) => ({ package: getReferralPackage(ctx, p.month, p.version) }),
  }),
] as const;

export const handlers: HandlerDef[] = handlerList(referralsHandlers);
