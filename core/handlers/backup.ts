/** Handlers of the 'backup/…' area: list the backup folder, make a backup, restore one. */
import { z } from 'zod';
import { defineHandler, handlerList, HandlerError, type HandlerDef } from './registry';
import { openStore } from '../../db/store';
import { fileToRead } from '../security/path-guard';
import { backupDirOf, BackupError, createBackup, listBackups, restoreStore, storeKeyOf, verifyBackup } from '../backup';

/** The typed tuple (names, payloads, results kept: core/shared/api.ts reads it). */
export const backupHandlers = [
  defineHandler({
    name: 'backup/list',
    title: '列出备份',
    input: z.object({ check: z.boolean().optional() }),
    run(ctx, p) {
      const dir = backupDirOf(ctx.db, ctx.dbPath);
      // Only this store's backups, even when another store shares the folder.
      return {
        dir,
        store: ctx.dbPath,
        backups: listBackups(dir, storeKeyOf(ctx.dbPath)).map((b) => ({
          file: b.file,
          name: b.name,
          kind: b.kind,
          at: b.at,
          bytes: b.bytes,
          ...(p.check ? { ok: verifyBackup(b.file, { quick: true }).ok } : {}),
        })),
      };
    },
  }),
  defineHandler({
    name: 'backup/create',
    title: '立即备份',
    input: z.object({ note: z.string().max(40).optional() }),
    mutates: true,
    async run(ctx, p) {
      try {
        const r = await createBackup(ctx.db, 'manual', { note: p.note });
        return { file: r.file, bytes: r.bytes, removed: r.removed };
      } catch (e) {
        if (e instanceof BackupError) throw new HandlerError(e.message, 400);
        throw e;
      }
    },
  }),
  defineHandler({
    name: 'backup/restore',
    title: '从备份恢复',
    input: z.object({ file: z.string().min(1) }),
    mutates: true,
    async run(ctx, p) {
      // A backup of the backup folder (the UI lists them) or one the user picked; an arbitrary path is the CLI's.
      const file = fileToRead(ctx, p.file, { folders: ['backup'], what: '备份文件' });
      const check = verifyBackup(file);
      if (!check.ok) throw new HandlerError(`无法恢复：${check.message}`, 400);
      // The store's connection is closed for the swap and reopened on the restored store (ctx.db).
      // Every other holder of the old connection (the app's state, the scheduler) must reopen: the
      // result says restartRequired and the desktop app relaunches itself.
      ctx.db.close();
      try {
        const r = await restoreStore(ctx.dbPath, file, { actor: ctx.actor });
        // Doors that hand handlers a copy of their context must reopen their own store (or restart).
        return {
          restored: r.restored,
          revertPoint: r.revertPoint,
          schemaVersion: r.schemaVersion,
          restartRequired: true,
        };
      } catch (e) {
        if (e instanceof BackupError) throw new HandlerError(e.message, 409);
        throw e;
      } finally {
        ctx.db = openStore(ctx.dbPath);
      }
    },
  }),
] as const;

export const handlers: HandlerDef[] = handlerList(backupHandlers);
