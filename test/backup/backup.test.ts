import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { tmpDir, tmpStore } from '../helpers/tmp';
import { openStore, StoreError } from '../../db/store';
import { LATEST_VERSION } from '../../db/migrations';
import {
  backupFileName,
  backupStore,
  backupStoreSync,
  BackupError,
  createBackup,
  ensureWritableDir,
  findNewestGoodBackup,
  listBackups,
  openStoreWithBackups,
  parseBackupName,
  planRetention,
  quickCheck,
  restoreStore,
  verifyBackup,
  type BackupEntry,
} from '../../core/backup';
import { updateSettings } from '../../core/settings';
import { addDays } from '../../core/dates';
import { spawnSync } from 'node:child_process';

function fill(db: Database.Database, n: number, prefix = 'C'): void {
  const ins = db.prepare(
    `INSERT INTO cases(case_no, title, category, department, prosecutor, received_on, status) VALUES (?, '案', '审查起诉', '一部', '王检', '2026-01-01', '在办')`,
  );
  db.transaction(() => {
    for (let i = 0; i < n; i++) ins.run(`${prefix}${i}`);
  })();
}
const count = (db: Database.Database) => (db.prepare('SELECT count(*) AS n FROM cases').get() as { n: number }).n;

describe('backupStore', () => {
  it('makes a consistent, self-contained, checked copy of a WAL store in use', async () => {
    const { db, dir } = tmpStore();
    fill(db, 500);
    const file = path.join(dir, 'b', 'copy.sqlite');
    const r = await backupStore(db, file);
    expect(r.schemaVersion).toBe(LATEST_VERSION);
    expect(fs.existsSync(`${file}-wal`)).toBe(false);
    expect(fs.readdirSync(path.dirname(file))).toEqual(['copy.sqlite']);
    const b = new Database(file, { readonly: true });
    expect(b.pragma('journal_mode', { simple: true })).toBe('delete');
    expect(count(b)).toBe(500);
    b.close();
    expect(verifyBackup(file).ok).toBe(true);
  });

  it('the synchronous VACUUM INTO variant gives the same', () => {
    const { db, dir } = tmpStore();
    fill(db, 50);
    const r = backupStoreSync(db, path.join(dir, 'sync.sqlite'));
    expect(verifyBackup(r.file)).toMatchObject({ ok: true, schemaVersion: LATEST_VERSION });
  });

  it('refuses an unwritable folder with a clear Chinese message', () => {
    const d = tmpDir();
    const blocker = path.join(d, 'file');
    fs.writeFileSync(blocker, 'x');
    expect(() => ensureWritableDir(path.join(blocker, 'sub'))).toThrow(/备份文件夹 .* 不可写/);
  });
});

describe('names and retention', () => {
  it('names backups in China time and parses them back', () => {
    const name = backupFileName('daily', new Date('2026-11-22T23:30:05Z'));
    expect(name).toBe('caseflow-20261123-073005-daily.sqlite');
    expect(parseBackupName(name)).toMatchObject({ kind: 'daily', date: '2026-11-23', at: '2026-11-23T07:30:05+08:00' });
    expect(parseBackupName('caseflow-20261123-073005-pre-migrate-v3.sqlite')).toMatchObject({
      kind: 'pre-migrate',
      note: 'v3',
    });
    expect(parseBackupName('other.sqlite')).toBeNull();
  });

  it('keeps 7 daily, 4 weekly, 12 monthly (newest of each), and every manual backup', () => {
    const entries: BackupEntry[] = [];
    for (let i = 0; i < 400; i++) {
      const date = addDays('2026-11-22', -i);
      entries.push({
        file: `/x/${date}`,
        name: date,
        store: 'caseflow',
        kind: 'daily',
        at: `${date}T08:00:00+08:00`,
        date,
        seq: 1,
        bytes: 1,
        note: null,
      });
    }
    entries.push({
      file: '/x/m',
      name: 'm',
      store: 'caseflow',
      kind: 'manual',
      at: '2020-01-01T08:00:00+08:00',
      date: '2020-01-01',
      seq: 1,
      bytes: 1,
      note: null,
    });
    const { keep, remove } = planRetention(entries, { daily: 7, weekly: 4, monthly: 12 });
    const kept = keep.map((e) => e.date);
    for (let i = 0; i < 7; i++) expect(kept).toContain(addDays('2026-11-22', -i));
    // Newest of each of the last 4 weeks: Sundays 2026-11-22, -15, -08, -01.
    for (const d of ['2026-11-15', '2026-11-08', '2026-11-01']) expect(kept).toContain(d);
    // Newest of each of the last 12 months: month ends.
    for (const d of ['2026-10-31', '2026-09-30', '2025-12-31']) expect(kept).toContain(d);
    expect(kept).not.toContain('2025-11-30');
    expect(kept).toContain('2020-01-01');
    expect(keep.length + remove.length).toBe(401);
    expect(keep.length).toBeLessThanOrEqual(7 + 4 + 12 + 1);
  });

  it('createBackup applies retention in the folder', async () => {
    const { db, dir } = tmpStore();
    const bdir = path.join(dir, 'bk');
    updateSettings(db, { backupRetention: { daily: 2, weekly: 0, monthly: 0 } });
    for (const d of ['2026-11-20', '2026-11-21', '2026-11-22', '2026-11-23']) {
      await createBackup(db, 'daily', { dir: bdir, now: new Date(`${d}T08:00:00+08:00`) });
    }
    expect(listBackups(bdir).map((b) => b.date)).toEqual(['2026-11-23', '2026-11-22']);
  });
});

describe('restoreStore', () => {
  it('restores a backup, keeps the replaced store as a revert point, and leaves no stale WAL', async () => {
    const { db, dbPath, dir } = tmpStore();
    fill(db, 100);
    const b = path.join(dir, 'b.sqlite');
    await backupStore(db, b);
    fill(db, 50, 'NEW');
    db.close();
    const r = await restoreStore(dbPath, b, { actor: 'tester', now: new Date('2026-11-23T01:00:00Z') });
    expect(r.revertPoint).toMatch(/store\.before-restore-20261123-090000\.sqlite$/);
    const restored = openStore(dbPath);
    expect(count(restored)).toBe(100);
    expect(restored.prepare("SELECT action FROM audit_trail WHERE action = 'store.restore'").all()).toHaveLength(1);
    restored.close();
    const revert = new Database(r.revertPoint!, { readonly: true });
    expect(count(revert)).toBe(150);
    revert.close();
  });

  it('refuses a damaged or too-new backup and leaves the store untouched', async () => {
    const { db, dbPath, dir } = tmpStore();
    fill(db, 10);
    const junk = path.join(dir, 'junk.sqlite');
    fs.writeFileSync(junk, 'not a database at all'.repeat(100));
    await expect(restoreStore(dbPath, junk)).rejects.toThrow(BackupError);
    const newer = path.join(dir, 'newer.sqlite');
    await backupStore(db, newer);
    const n = new Database(newer);
    n.pragma(`user_version = ${LATEST_VERSION + 1}`);
    n.close();
    await expect(restoreStore(dbPath, newer)).rejects.toThrow(/高于本程序支持的版本/);
    expect(count(db)).toBe(10);
  });

  it('refuses while another connection has the store open', async () => {
    const { db, dbPath, dir } = tmpStore();
    const b = path.join(dir, 'b.sqlite');
    await backupStore(db, b);
    await expect(restoreStore(dbPath, b)).rejects.toThrow(/正被其他程序使用/);
    db.close();
  });
});

describe('quick_check and a damaged store', () => {
  it('quickCheck is ok on a good store', () => {
    const { db } = tmpStore();
    expect(quickCheck(db)).toEqual({ ok: true, messages: ['ok'] });
  });

  it('a damaged store names the newest good backup and the restore command', async () => {
    const { db, dbPath, dir } = tmpStore();
    fill(db, 3000);
    const bdir = path.join(dir, 'bk');
    await createBackup(db, 'daily', { dir: bdir, now: new Date('2026-11-22T00:00:00Z') });
    const bad = await createBackup(db, 'daily', { dir: bdir, now: new Date('2026-11-23T00:00:00Z') });
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    // Damage the newest backup and the store's pages (not its header).
    for (const f of [bad.file, dbPath]) {
      const fd = fs.openSync(f, 'r+');
      const size = fs.fstatSync(fd).size;
      for (let off = 8192; off < size - 4096; off += 4096) fs.writeSync(fd, Buffer.alloc(200, 0xab), 0, 200, off + 100);
      fs.closeSync(fd);
    }
    expect(findNewestGoodBackup(bdir)?.date).toBe('2026-11-22');
    let err: unknown;
    try {
      openStoreWithBackups(dbPath, { backupDir: bdir }).close();
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(StoreError);
    expect((err as StoreError).code).toBe('CORRUPT');
    expect((err as Error).message).toMatch(/已损坏/);
    expect((err as Error).message).toContain(
      `caseflow restore "${path.join(bdir, 'store-20261122-080000-daily.sqlite')}"`,
    );
  });
});

describe('pre-migration backup', () => {
  it('openStoreWithBackups backs up an older store before migrating it', () => {
    const d = tmpDir();
    const file = path.join(d, 's.sqlite');
    const old = openStore(file, { targetVersion: 3 });
    fill(old, 5);
    old.close();
    const bdir = path.join(d, 'bk');
    const db = openStoreWithBackups(file, { backupDir: bdir });
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST_VERSION);
    db.close();
    const [b] = listBackups(bdir);
    expect(b).toMatchObject({ kind: 'pre-migrate', note: 'v3' });
    expect(verifyBackup(b.file)).toMatchObject({ ok: true, schemaVersion: 3 });
    // A fresh store makes no backup.
    openStoreWithBackups(path.join(d, 'fresh.sqlite'), { backupDir: path.join(d, 'bk2') }).close();
    expect(fs.existsSync(path.join(d, 'bk2'))).toBe(false);
  });
});

describe('CLI backup / restore', () => {
  const cli = (args: string[]) =>
    spawnSync(process.execPath, [path.resolve(__dirname, '../../bin/caseflow.js'), ...args], { encoding: 'utf8' });
  it('caseflow backup --out then caseflow restore', () => {
    const { db, dbPath, dir } = tmpStore();
    fill(db, 20);
    const out = path.join(dir, 'cli-backup.sqlite');
    let r = cli(['backup', '--db', dbPath, '--out', out, '--json']);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: true, file: out, schemaVersion: LATEST_VERSION });
    fill(db, 5, 'X');
    db.close();
    r = cli(['restore', out, '--db', dbPath]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/已从备份恢复案件库/);
    const again = openStore(dbPath);
    expect(count(again)).toBe(20);
    again.close();
    r = cli(['restore', path.join(dir, 'missing.sqlite'), '--db', dbPath]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/备份文件不存在/);
  });
});
