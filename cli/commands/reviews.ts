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

const SUBCOMMANDS = {
  add: {
    summary: '登记一次案件质量评查',
    usage:
      'add --case 部门受案号 --date YYYY-MM-DD --reviewer 评查人 --kind 常规抽查|重点评查|专项评查 --grade 优质|合格|基本合格|不合格 [--problems 发现的问题] [--rectification 待整改|整改中|已整改] [--json]',
    options: {
      case: { type: 'string', arg: '部门受案号', help: '被评查的案件，必填' },
      date: { type: 'string', arg: 'YYYY-MM-DD', help: '评查日期，必填' },
      reviewer: { type: 'string', arg: '姓名', help: '评查人，必填' },
      kind: { type: 'string', arg: '方式', help: '评查方式：常规抽查、重点评查、专项评查，必填' },
      grade: { type: 'string', arg: '结论', help: '评查结论：优质、合格、基本合格、不合格，必填' },
      problems: { type: 'string', arg: '问题', help: '发现的问题' },
      rectification: { type: 'string', arg: '状态', help: '整改情况：待整改、整改中、已整改' },
      department: { type: 'string', arg: '部门', help: '承办部门（案件不在库中时填写）' },
      prosecutor: { type: 'string', arg: '姓名', help: '承办检察官（案件不在库中时填写）' },
    },
  },
  list: {
    summary: '列出评查记录',
    usage: 'list [--month YYYY-MM] [--grade 结论] [--kind 方式] [--prosecutor 姓名] [--json]',
    options: {
      month: { type: 'string', arg: 'YYYY-MM', help: '只列出该月的评查' },
      grade: { type: 'string', arg: '结论', help: '只列出该结论的评查' },
      kind: { type: 'string', arg: '方式', help: '只列出该方式的评查' },
      prosecutor: { type: 'string', arg: '姓名', help: '只列出该承办检察官的案件' },
    },
  },
  update: {
    summary: '更新一次评查的整改情况或问题',
    usage: 'update 编号 --rectification 待整改|整改中|已整改 [--problems 问题] [--json]',
    options: {
      rectification: { type: 'string', arg: '状态', help: '整改情况：待整改、整改中、已整改' },
      problems: { type: 'string', arg: '问题', help: '发现的问题（替换原内容）' },
    },
  },
} as const;

const USAGE = `请给出子命令：${Object.keys(SUBCOMMANDS).join('、')}（caseflow reviews --help 查看用法）`;

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
  summary: '案件质量评查：add 登记，list 列出，update 更新整改情况',
  usage: Object.values(SUBCOMMANDS).map((s) => `reviews ${s.usage}`),
  subcommands: SUBCOMMANDS,
  examples: ['caseflow reviews list --month 2026-10'],
  run(args, io) {
    const [sub, ...rest] = args;
    if (sub === 'add') {
      const { values } = parse(rest, SUBCOMMANDS.add.options, false, 'reviews add');
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
      const { values } = parse(rest, SUBCOMMANDS.list.options, false, 'reviews list');
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
      const { values, positionals } = parse(rest, SUBCOMMANDS.update.options, true, 'reviews update');
      const id = Number(positionals[0]);
      if (positionals.length !== 1 || !Number.isInteger(id) || id <= 0)
        throw new CliError('请给出评查编号：caseflow reviews update 编号 --rectification 已整改');
      if (values.rectification === undefined && values.problems === undefined)
        throw new CliError('需要 --rectification 或 --problems：caseflow reviews update 编号 --rectification 已整改');
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
