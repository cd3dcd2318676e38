/**
 * Handlers of the 'dossier/…' area (metrics.md *个人执法档案 … and the annual evaluation*): a prosecutor's dossier
 * for a year with the list behind each figure, its export, and the annual evaluation workbook.
 */
import path from 'node:path';
import { z } from 'zod';
import { defineHandler, handlerList, type HandlerDef } from './registry';
import { exportDirOf, folderToWrite } from '../security/path-guard';
import { chinaTimestamp } from '../dates';
import { todayOf } from '../context';
import { PeriodNotOverError } from '../jobs/not-yet';
import { HandlerError } from './registry';
import { FORMATS, type Format } from '../documents/export';
import { buildDossier, dossierList } from '../dossier';
import { exportDossier, exportEvaluation } from '../dossier/export';
import { prosecutorNames } from '../../db/queries/dossier';

const year = z.string().regex(/^\d{4}$/, '年度应为四位年份（1900 至 2199），如 2026');
const prosecutor = z.string().min(1).max(100);

/** The typed tuple (names, payloads, results kept: core/shared/api.ts reads it). */
export const dossierHandlers = [
  defineHandler({
    name: 'dossier/prosecutors',
    title: '列出检察官',
    input: z.object({}),
    run: (ctx) => ({ prosecutors: prosecutorNames(ctx.db), today: todayOf(ctx) }),
  }),
  defineHandler({
    name: 'dossier/get',
    title: '查看个人执法档案',
    input: z.object({ prosecutor, year }),
    run: (ctx, p) => buildDossier(ctx.db, p.prosecutor, p.year, todayOf(ctx)),
  }),
  defineHandler({
    name: 'dossier/list',
    title: '查看执法档案数据背后的清单',
    input: z.object({
      prosecutor,
      year,
      figure: z.string().min(1).max(60),
      month: z
        .string()
        .regex(/^\d{4}-\d{2}$/)
        .optional(),
      area: z.string().max(20).optional(),
      ruleId: z.string().max(60).optional(),
    }),
    run: (ctx, p) => dossierList(ctx.db, p),
  }),
  defineHandler({
    name: 'dossier/export',
    title: '导出个人执法档案',
    input: z.object({
      prosecutor,
      year,
      formats: z
        .array(z.enum(FORMATS as [Format, ...Format[]]))
        .min(1)
        .optional(),
      outDir: z.string().optional(),
    }),
    async run(ctx, p) {
      // The path guard first: a folder outside the chosen folders is refused before anything is read or written.
      const outDir = folderToWrite(ctx, p.outDir, { fallback: path.join(exportDirOf(ctx), '个人执法档案') });
      const files = await exportDossier(ctx, {
        prosecutor: p.prosecutor,
        year: p.year,
        formats: p.formats ?? ['docx', 'pdf', 'xlsx'],
        outDir,
        today: todayOf(ctx),
        generatedAt: chinaTimestamp(),
      });
      return { files };
    },
  }),
  defineHandler({
    name: 'evaluation/export',
    title: '导出年度业绩考评数据',
    input: z.object({ year, outDir: z.string().optional() }),
    async run(ctx, p) {
      const outDir = folderToWrite(ctx, p.outDir, { fallback: path.join(exportDirOf(ctx), '业绩考评') });
      try {
        return await exportEvaluation(ctx, {
          year: p.year,
          outDir,
          today: todayOf(ctx),
          generatedAt: chinaTimestamp(),
        });
      } catch (e) {
        if (e instanceof PeriodNotOverError) throw new HandlerError(e.message, 400);
        throw e;
      }
    },
  }),
] as const;

export const handlers: HandlerDef[] = handlerList(dossierHandlers);
