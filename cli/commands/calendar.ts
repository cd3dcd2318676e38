import type { Command } from '../main';
import { CliError, openForCli, parse, printJson } from '../util';
import { CalendarFileError, listCalendarYears, loadHolidayFile } from '../../core/calendar';

export const command: Command = {
  summary: 'calendar',
  run(args, io) {
    const { values, positionals } = parse(args, {}, true);
    const [sub, file] = positionals;
    if (sub !== 'list' && sub !== 'load')
      throw new CliError('用法：caseflow calendar list | caseflow calendar load 文件.json');
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
