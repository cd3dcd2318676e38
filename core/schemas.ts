/** Payload pieces several handler areas share, with Chinese messages that say what is wrong. */
import { z } from 'zod';
import { dateProblem, monthProblem } from './dates';

/** 'YYYY-MM-DD' that exists: '2026-11-31' → '日期不存在：2026年11月只有30天（2026-11-31）'. */
export const isoDate = z.string().superRefine((s, c) => {
  const p = dateProblem(s);
  if (p) c.addIssue({ code: 'custom', message: p });
});

/** 'YYYY-MM' that exists. */
export const monthKey = z.string().superRefine((s, c) => {
  const p = monthProblem(s);
  if (p) c.addIssue({ code: 'custom', message: p });
});
