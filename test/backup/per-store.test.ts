// Backups are per store: beside their store (or in its chosen folder), named after it, listed, kept
// and pruned per store; a killed restore's temporary files are cleaned at the next open.
import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { spawn, spawnSync } from 'node:child_process';
import { tmpDir } from '../helpers/tmp';
import { openStore } from '../../db/store';
import {
  backupDirOf,
  cleanRestoreLeftovers,
  createBackup,
  dailyBackupIfDue,
  listBackups,
  openStoreWithBackups,
  parseBackupName,
} from '../../core/backup';
import { invokeHandler } from '../../core/handlers/registry';
import { HANDLERS } from '../../core/handlers/index';
import { updateSettings } from '../../core/settings';
import { defaultBackupDir } from '../../core/paths';
import { Logger } from '../../core/log';

const CLI = path.resolve(__dirname, '../../bin/caseflow.js');

describe('backups per store', () => {
  it('a --db store backs up beside itself, never into the shared app-data folder', async () => {
    const d = tmpDir();
    const db = openStore(path.join(d, '赤城 院.sqlite'));
    const before = fs.existsSync(defaultBackupDir()) ? fs.readdirSync(defaultBackupDir()) : [];
    const r = await createBackup(db, 'manual', { now: new Date('2026-11-23T00:00:00Z') });
    expect(path.dirname(r.file)).toBe(path.join(d, 'backups'));
    expect(path.basename(r.file)).toBe('赤城_院-20261123-080000-manual.sqlite');
    expect(r.store).toBe(path.join(d, '赤城 院.sqlite'));
    expect(fs.existsSync(defaultBackupDir()) ? fs.readdirSync(defaultBackupDir()) : []).toEqual(before);
    db.close();
  });

  it('the CLI’s backup and run-due for a --db store keep out of the default folder too', () => {
    const d = tmpDir();
    const store = path.join(d, 'office.sqlite');
    const env = { ...process.env, CASEFLOW_HOME: tmpDir('caseflow-home-') };
    expect(spawnSync(process.execPath, [CLI, 'init', '--db', store], { env }).status).toBe(0);
    const b = spawnSync(process.execPath, [CLI, 'backup', '--db', store, '--json'], { env, encoding: 'utf8' });
    expect(b.status, b.stderr).toBe(0);
    expect(path.dirname(JSON.parse(b.stdout).file)).toBe(path.join(d, 'backups'));
    expect(fs.existsSync(path.join(env.CASEFLOW_HOME, 'backups'))).toBe(false);
  });

  it('two stores sharing a folder: each lists, keeps and prunes only its own backups', async () => {
    const d = tmpDir();
    const shared = path.join(d, 'shared');
    const a = openStore(path.join(d, 'a.sqlite'));
    const ab = openStore(path.join(d, 'a-b.sqlite'));
    for (const db of [a, ab]) updateSettings(db, { backupRetention: { daily: 1, weekly: 0, monthly: 0 } });
    for (const day of ['2026-11-20', '2026-11-21']) {
      await createBackup(ab, 'daily', { dir: shared, now: new Date(`${day}T08:00:00+08:00`) });
    }
    for (const day of ['2026-11-20', '2026-11-21', '2026-11-22']) {
      await createBackup(a, 'daily', { dir: shared, now: new Date(`${day}T08:00:00+08:00`) });
    }
    // a's retention (1 daily) left a-b's backups alone; a-b's left one of its own.
    expect(listBackups(shared, 'a').map((b) => b.date)).toEqual(['2026-11-22']);
    expect(listBackups(shared, 'a-b').map((b) => b.date)).toEqual(['2026-11-21']);
    expect(parseBackupName('a-b-20261121-080000-daily.sqlite')).toMatchObject({ store: 'a-b', kind: 'daily' });
    // The daily backup of a-b is "due" although a has one of today.
    expect(await dailyBackupIfDue(ab, { now: new Date('2026-11-22T09:00:00+08:00'), dir: shared })).not.toBeNull();
    // The restore list through the handler: this store's backups only.
    updateSettings(a, { backupFolder: shared });
    const list = (await invokeHandler(
      HANDLERS,
      { db: a, dbPath: path.join(d, 'a.sqlite'), actor: 't' },
      'backup/list',
      {},
    )) as {
      backups: { name: string }[];
    };
    expect(list.backups.map((b) => b.name)).toEqual(['a-20261122-080000-daily.sqlite']);
    a.close();
    ab.close();
  });

  it('the default store keeps its backups in the app-data folder under their old names', () => {
    const d = tmpDir();
    const db = openStore(path.join(d, 'caseflow.sqlite'));
    expect(backupDirOf(db)).toBe(path.join(d, 'backups'));
    db.close();
  });

  it('log lines name their store', () => {
    const d = tmpDir();
    const log = new Logger({ dir: d, store: path.join(d, 'office.sqlite') });
    log.info('已备份');
    expect(fs.readFileSync(log.file, 'utf8')).toContain(`[案件库 ${path.join(d, 'office.sqlite')}] 已备份`);
  });
});

describe('leftovers of a killed restore', () => {
  it('are removed at the next open when their process is gone; a live one’s are kept', async () => {
    const d = tmpDir();
    const store = path.join(d, 'office.sqlite');
    openStore(store).close();
    // A process that has ended: its pid is free.
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    const gone = Number(dead.stdout);
    const live = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)']);
    try {
      const leftovers = [
        `office.sqlite.restore-tmp-${gone}`,
        `office.sqlite.restore-tmp-${gone}-journal`,
        `office.before-restore-20261123-090000.sqlite.tmp-${gone}`,
        `office.before-restore-20261123-090000.sqlite.tmp-${gone}-journal`,
      ];
      const keep = [`office.sqlite.restore-tmp-${live.pid}`, 'other.sqlite.restore-tmp-1', 'notes.txt'];
      for (const f of [...leftovers, ...keep]) fs.writeFileSync(path.join(d, f), 'x');
      const bdir = path.join(d, 'backups');
      fs.mkdirSync(bdir);
      const backupTmp = `office-20261123-080000-daily.sqlite.tmp-${gone}-abc`;
      fs.writeFileSync(path.join(bdir, backupTmp), 'x');
      fs.writeFileSync(path.join(bdir, `otherstore-20261123-080000-daily.sqlite.tmp-${gone}-abc`), 'x');
      openStoreWithBackups(store).close();
      for (const f of leftovers) expect(fs.existsSync(path.join(d, f)), f).toBe(false);
      for (const f of keep) expect(fs.existsSync(path.join(d, f)), f).toBe(true);
      expect(fs.readdirSync(bdir)).toEqual([`otherstore-20261123-080000-daily.sqlite.tmp-${gone}-abc`]);
      expect(cleanRestoreLeftovers(store)).toEqual([]);
    } finally {
      live.kill();
    }
  });
});
