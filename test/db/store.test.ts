import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import path from 'node:path';
import { NEW_STORE_PAGE_SIZE, openStore, schemaVersion, StoreError } from '../../db/store';
import { LATEST_VERSION, MIGRATIONS } from '../../db/migrations';
import { tmpDir } from '../helpers/tmp';

describe('case store', () => {
  it('opens with WAL, foreign keys, synchronous=FULL and a busy timeout, at the latest version', () => {
    const file = path.join(tmpDir(), 's.sqlite');
    const db = openStore(file);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
    expect(schemaVersion(db)).toBe(LATEST_VERSION);
    db.close();
  });

  it('makes a new store of 16 KiB pages and keeps the page size of a store made before', () => {
    const dir = tmpDir();
    const db = openStore(path.join(dir, 'new.sqlite'));
    expect(db.pragma('page_size', { simple: true })).toBe(NEW_STORE_PAGE_SIZE);
    expect(NEW_STORE_PAGE_SIZE).toBe(16384);
    db.close();
    // A store of an earlier version (4 KiB pages, as SQLite makes them) opens, migrates and keeps its pages.
    const old = path.join(dir, 'old.sqlite');
    const raw = new Database(old);
    raw.pragma('page_size = 4096');
    raw.pragma('journal_mode = WAL');
    raw.close();
    const opened = openStore(old);
    expect(opened.pragma('page_size', { simple: true })).toBe(4096);
    expect(schemaVersion(opened)).toBe(LATEST_VERSION);
    opened.close();
    const again = openStore(old);
    expect(again.pragma('page_size', { simple: true })).toBe(4096);
    again.close();
  });

  it('numbers migrations 1..N without gaps', () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_, i) => i + 1));
  });

  it('refuses a store newer than the app, in Chinese, and leaves it untouched', () => {
    const file = path.join(tmpDir(), 'new.sqlite');
    const raw = new Database(file);
    raw.exec('CREATE TABLE x(a)');
    raw.pragma(`user_version = ${LATEST_VERSION + 1}`);
    raw.close();
    expect(() => openStore(file)).toThrow(StoreError);
    expect(() => openStore(file)).toThrow(/高于本程序支持的版本/);
    const again = new Database(file);
    expect(again.pragma('user_version', { simple: true })).toBe(LATEST_VERSION + 1);
    again.close();
  });

  it('rolls a failing migration back whole', () => {
    const file = path.join(tmpDir(), 'partial.sqlite');
    const db = openStore(file, { targetVersion: 1 });
    // A table the next migration would create makes it fail halfway.
    db.exec('CREATE TABLE holiday_calendars(x)');
    db.close();
    expect(() => openStore(file)).toThrow(/升级失败/);
    const raw = new Database(file);
    expect(raw.pragma('user_version', { simple: true })).toBe(1);
    expect(raw.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'settings'").get()).toEqual({ n: 0 });
    raw.close();
  });
});
