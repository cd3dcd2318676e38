/**
 * `caseflow reviews …` (案件质量评查):
 *   reviews add --case NO --date D --reviewer R --kind 常规抽查|重点评查|专项评查 --grade 优质|合格|基本合格|不合格
 *               [--problems T] [--rectification 待整改|整改中|已整改] [--department D --prosecutor P (case not in the store)]
 *   reviews list [--month M] [--grade G] [--kind K] [--prosecutor P]
 *   reviews update ID --rectification S [--problems T]
 */
import type { Command } from '../main';
import { CliError, openForCli, parse, printJson } from '../util';
import { HandlerError } from '../../core/handlers/registry';
import { addReview, listReviews, updateReview, type Review } from '../../core/referrals';

const USAGE = [
  '用法：',
  '  caseflow reviews add --case 部门受案号 --date D --reviewer 评查人 --kind 常规抽查|重点评查|专项评查 --grade 优质|合格|基本合格|不合格 [--problems 发现的问题] [--rectification 待整改|整改中|已整改] [--json]',
  '  caseflow reviews list [--month YYYY-MM] [--grade G] [--kind K] [--prosecutor P] [--json]',
  '  caseflow reviews update ID --rectification 待整改|整改中|已整改 [--problems T] [--json]',
].join('\n');

function refused<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof HandlerError && e.status !== 500) throw new CliError(e.message);
    throw e;
  }
}

const line = (r: Review) =>
  `#${r.id} ${r.reviewedOn} ${r.caseNo} ${r.department} ${r.prosecutor} ${r.kind} ${r.grade} ${r.rectification}${r.problems ? `：${r.problems}` : ''}（评查人 ${r.reviewer}）`;

export const command: Command = {
  summary: 'reviews',
  run(args, io) {
    const [sub, ...rest] = args;
    if (sub === 'add') {
      const { values } = parse(rest, {
        case: { type: 'string' },
        date: { type: 'string' },
        reviewer: { type: 'string' },
        kind: { type: 'string' },
        grade: { type: 'string' },
        problems: { type: 'string' },
        rectification: { type: 'string' },
        department: { type: 'string' },
        prosecutor: { type: 'string' },
      });
      const { db, ctx } = openForCli(values);
      try {
        const r = refused(() =>
          addReview(ctx, {
            caseNo: values.case ?? '',
            reviewedOn: values.date ?? '',
            reviewer: values.reviewer ?? '',
            kind: values.kind ?? '',
            grade: values.grade ?? '',
            problems: values.problems,
            rectification: values.rectification,
            department: values.department,
            prosecutor: values.prosecutor,
          }),
        );
        if (values.json) printJson(io, r);
        else io.out(`已登记评查 ${line(r)}`);
        return 0;
      } finally {
        db.close();
      }
    }
    if (sub === 'list') {
      const { values } = parse(rest, {
        month: { type: 'string' },
        grade: { type: 'string' },
        kind: { type: 'string' },
        prosecutor: { type: 'string' },
      });
      const { db, ctx } = openForCli(values);
      try {
        const list = refused(() =>
          listReviews(ctx, {
            month: values.month,
            grade: values.grade,
            kind: values.kind,
            prosecutor: values.prosecutor,
          }),
        );
        if (values.json) printJson(io, { reviews: list });
        else {
          if (list.length === 0) io.out('没有评查记录');
          for (const r of list) io.out(line(r));
        }
        return 0;
      } finally {
        db.close();
      }
    }
    if (sub === 'update') {
      const { values, positionals } = parse(
        rest,
        { rectification: { type: 'string' }, problems: { type: 'string' } },
        true,
      );
      const id = Number(positionals[0]);
      if (positionals.length !== 1 || !Number.isInteger(id) || id <= 0) throw new CliError(USAGE);
      if (values.rectification === undefined && values.problems === undefined)
        throw new CliError(`需要 --rectification 或 --problems\n${USAGE}`);
      const { db, ctx } = openForCli(values);
      try {
        const r = refused(() =>
          updateReview(ctx, id, { rectification: values.rectification, problems: values.problems }),
        );
        if (values.json) printJson(io, r);
        else io.out(`已更新评查 ${line(r)}`);
        return 0;
      } finally {
        db.close();
      }
    }
    throw new CliError(USAGE);
  },
};
