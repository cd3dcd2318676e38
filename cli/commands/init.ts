import type { Command } from '../main';
import { parse, printJson, storePath } from '../util';
import { openStore, schemaVersion } from '../../db/store';
import { updateSettings } from '../../core/settings';

export const command: Command = {
  summary: 'init',
  run(args, io) {
    const { values } = parse(args, { office: { type: 'string' }, short: { type: 'string' } });
    const file = storePath(values);
    const db = openStore(file);
    try {
      const patch: Record<string, string> = {};
      if (values.office) patch.officeName = values.office;
      if (values.short) patch.officeShortName = values.short;
      if (Object.keys(patch).length) updateSettings(db, patch);
      const result = { ok: true, db: file, schemaVersion: schemaVersion(db) };
      if (values.json) printJson(io, result);
      else io.out(`案件库已就绪：${file}（结构版本 ${result.schemaVersion}）`);
      return 0;
    } finally {
      db.close();
    }
  },
};
