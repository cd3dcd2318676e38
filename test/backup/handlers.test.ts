import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { tmpStore } from '../helpers/tmp';
import { invokeHandler, HandlerError, type HandlerMap } from '../../core/handlers/registry';
import { handlers } from '../../core/handlers/backup';
import { updateSettings } from '../../core/settings';
import { openStore } from '../../db/store';

const H: HandlerMap = Object.fromEntries(handlers.map((h) => [h.name, h]));

describe('backup handlers', () => {
  it('create, list and restore through the handler registry; the context gets a reopened store', async () => {
    const { db, ctx, dir } = tmpStore();
    const bdir = path.join(dir, 'my-backups');
    updateSettings(db, { backupFolder: bdir, officeName: '甲县人民检察院' });
    const made = (await invokeHandler(H, ctx, 'backup/create', { note: '升级前' })) as { file: string };
    expect(path.dirname(made.file)).toBe(bdir);
    updateSettings(ctx.db, { officeName: '乙县人民检察院' });
    const list = (await invokeHandler(H, ctx, 'backup/list', { check: true })) as {
      dir: string;
      backups: { name: string; ok: boolean; kind: string }[];
    };
    expect(list.dir).toBe(bdir);
    expect(list.backups).toHaveLength(1);
    expect(list.backups[0]).toMatchObject({ kind: 'manual', ok: true });
    const r = (await invokeHandler(H, ctx, 'backup/restore', { file: list.backups[0].name })) as {
      revertPoint: string;
    };
    expect(r.revertPoint).toMatch(/before-restore/);
    expect(ctx.db).not.toBe(db);
    const name = ctx.db.prepare("SELECT value FROM settings WHERE key = 'officeName'").get() as { value: string };
    expect(JSON.parse(name.value)).toBe('甲县人民检察院');
    ctx.db.close();
    // The revert point holds what was replaced.
    const old = openStore(r.revertPoint, { readonly: true });
    expect(
      JSON.parse((old.prepare("SELECT value FROM settings WHERE key = 'officeName'").get() as { value: string }).value),
    ).toBe('乙县人民检察院');
    old.close();
  });

  it('restores only from the backup folder', async () => {
    const { ctx } = tmpStore();
    await expect(invokeHandler(H, ctx, 'backup/restore', { file: '/etc/passwd' })).rejects.toThrow(HandlerError);
    await expect(invokeHandler(H, ctx, 'backup/restore', { file: '../x.sqlite' })).rejects.toThrow(
      /备份文件夹中的文件/,
    );
  });
});
