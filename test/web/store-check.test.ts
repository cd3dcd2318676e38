/**
 * Browser mode checks the store in the background (core/workers/store-check.ts, web/server.ts `storeCheck`): the
 * first screen's reads are answered while the check runs, a handler that changes data waits for it, and once the
 * check has found damage every handler is refused with the message naming the newest good backup.
 */
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { afterAll, describe, expect, it } from 'vitest';
import { tmpDir, tmpStore } from '../helpers/tmp';
import { startWebServer, type WebServer } from '../../web/server';
import { defineHandler, type HandlerMap } from '../../core/handlers/registry';
import { quickCheckInBackground } from '../../core/workers/store-check';
import { createBackup } from '../../core/backup';
import { checkpointWal } from '../../db/maintenance';
import { writeCaseBundles } from '../../db/queries/cases';
import { generateOffice } from '../../tools/generator';
import { json, raw } from './http';

/** Overwrites part of every page after the first two (the header stays: the file still opens). */
function damage(file: string): void {
  const fd = fs.openSync(file, 'r+');
  const size = fs.fstatSync(fd).size;
  for (let off = 8192; off < size - 4096; off += 4096) fs.writeSync(fd, Buffer.alloc(200, 0xab), 0, 200, off + 100);
  fs.closeSync(fd);
}

describe('the store check in the background', () => {
  it('null for a sound store; for a damaged one, the message with the newest good backup and the restore command', async () => {
    const { db, dbPath, dir } = tmpStore();
    writeCaseBundles(db, generateOffice({ cases: 300, seed: 3, asOf: '2026-10-31' }).bundles, null);
    const bdir = path.join(dir, 'bk');
    await createBackup(db, 'daily', { dir: bdir, now: new Date('2026-11-22T00:00:00Z') });
    expect(await quickCheckInBackground(dbPath, bdir)).toBeNull();
    checkpointWal(db);
    db.close();
    damage(dbPath);
    const message = await quickCheckInBackground(dbPath, bdir);
    expect(message).toMatch(/已损坏/);
    expect(message).toContain(`caseflow restore "${path.join(bdir, 'store-20261122-080000-daily.sqlite')}"`);
  });

  describe('browser mode while the check runs', () => {
    const store = tmpStore();
    let writes = 0;
    const handlers: HandlerMap = {
      'test/read': defineHandler({ name: 'test/read', title: '读', input: z.object({}), run: () => 'read' }),
      'test/write': defineHandler({
        name: 'test/write',
        title: '写',
        input: z.object({}),
        mutates: true,
        run: () => ++writes,
      }),
    };
    let verdict!: (m: string | null) => void;
    const storeCheck = new Promise<string | null>((resolve) => (verdict = resolve));
    let web: WebServer;
    afterAll(async () => {
      await web?.close();
      store.db.close();
    });
    const call = (name: string) =>
      raw(web.port, {
        method: 'POST',
        path: `/api/invoke/${name}`,
        headers: { 'x-caseflow-token': web.token, 'content-type': 'application/json' },
        body: '{}',
      });

    it('reads are answered at once, writes wait for the check; damage refuses everything', async () => {
      web = await startWebServer({
        ctx: store.ctx,
        staticDir: tmpDir(),
        exportDir: tmpDir(),
        handlers,
        log: () => undefined,
        storeCheck,
      });
      expect(json(await call('test/read'))).toEqual({ ok: true, result: 'read' });
      let answered = false;
      const write = call('test/write').then((r) => ((answered = true), r));
      await new Promise((r) => setTimeout(r, 300));
      expect(answered).toBe(false);
      expect(writes).toBe(0);
      verdict('案件库 x 已损坏（完整性检查未通过：…）。');
      const w = await write;
      expect(w.status).toBe(409);
      expect(json(w).error).toMatch(/已损坏/);
      expect(writes).toBe(0);
      const r = await call('test/read');
      expect(r.status).toBe(409);
      expect(json(r).error).toMatch(/已损坏/);
    });
  });

  it('a sound store: a write waits for the check, then runs', async () => {
    const store = tmpStore();
    let done = 0;
    const handlers: HandlerMap = {
      'test/write': defineHandler({
        name: 'test/write',
        title: '写',
        input: z.object({}),
        mutates: true,
        run: () => ++done,
      }),
    };
    let verdict!: (m: string | null) => void;
    const web = await startWebServer({
      ctx: store.ctx,
      staticDir: tmpDir(),
      exportDir: tmpDir(),
      handlers,
      log: () => undefined,
      storeCheck: new Promise<string | null>((resolve) => (verdict = resolve)),
    });
    try {
      const w = raw(web.port, {
        method: 'POST',
        path: '/api/invoke/test/write',
        headers: { 'x-caseflow-token': web.token, 'content-type': 'application/json' },
        body: '{}',
      });
      await new Promise((r) => setTimeout(r, 200));
      expect(done).toBe(0);
      verdict(null);
      expect(json(await w)).toEqual({ ok: true, result: 1 });
    } finally {
      await web.close();
      store.db.close();
    }
  });
});
