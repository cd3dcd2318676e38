import type { Command } from '../main';
import { CliError, openForCli, parse, printJson } from '../util';
import { CalendarFileError, listCalendarYears, loadHolidayFile } from '../../core/calendar';

export const command: Command = {
  summary: '节假日日历：list 查看已载入年份，load 载入新的日历文件',
  usage: ['calendar list [--json] [--db 路径]', 'calendar load 文件.json [--json] [--db 路径]'],
  description: [
    '期限按国务院办公厅公布的节假日安排计算；程序内置 2024–2026 年。每年 11、12 月公布次年安排后，用 load 载入（格式同 core/calendar/holidays-cn.json）。',
  ],
  subcommands: {
    list: { summary: '列出已载入节假日安排的年份', usage: 'list [--json] [--db 路径]' },
    load: { summary: '载入一个节假日日历文件（替换文件中各年份的数据）', usage: 'load 文件.json [--json] [--db 路径]' },
  },
  examples: ['caseflow calendar list', 'caseflow calendar load holidays-2027.json'],
  run(args, io) {
    const { values, positionals } = parse(args, {}, true, 'calendar');
    const [sub, file] = positionals;
    if (sub !== 'list' && sub !== 'load')
      throw new CliError('请给出子命令：caseflow calendar list 或 caseflow calendar load 文件.json');
    if (sub === 'load' && !file) throw new CliError('请给出要载入的日历文件：caseflow calendar load 文件.json');
    const { db } = openForCli(values);
    try {
      if (sub === 'load') {
        let r;
        try {
          r = loadHolidayFile(db, file);
        } catch (e) {
          if (e instanceof CalendarFileError) throw new CliError(e.message);
          throw e;
        }
        if (values.json) printJson(io, { ok: true, ...r });
        else io.out(`已载入节假日日历 ${r.source}：${r.years.join('、')} 年`);
        return 0;
      }
      const years = listCalendarYears(db);
      if (values.json) printJson(io, { years });
      else
        for (const y of years)
          io.out(
            `${y.year} 年：假期 ${y.holidays} 个，调休上班日 ${y.workdays} 天（来源：${y.source === 'built-in' ? '程序内置' : y.source}，${y.loadedAt}）`,
          );
      return 0;
    } finally {
      db.close();
    }
  },
};
