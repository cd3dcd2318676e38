import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { tmpDir } from '../helpers/tmp';
import { openStore } from '../../db/store';
import { raw, json } from './http';

const root = path.resolve(__dirname, '..', '..');

describe('caseflow serve', () => {
  it('prints the URL with the token as its first stdout line, serves it, and stops on SIGTERM', async () => {
    const dir = tmpDir();
    const dist = path.join(dir, 'dist');
    fs.mkdirSync(dist);
    fs.writeFileSync(path.join(dist, 'index.html'), '<!doctype html><title>案件流程监控台</title>');
    const db = path.join(dir, 'store.sqlite');
    openStore(db).close(); // with --db, serve needs an existing store (caseflow init)
    const child = spawn(
      process.execPath,
      [
        path.join(root, 'bin', 'caseflow.js'),
        'serve',
        '--port',
        '0',
        '--db',
        db,
        '--out',
        path.join(dir, 'out'),
        '--static',
        dist,
        '--no-scheduler',
      ],
      {
        cwd: root,
        env: { ...process.env, CASEFLOW_HOME: dir },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => {
      stderr += c.toString('utf8');
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      const rl = readline.createInterface({ input: child.stdout });
      const first = await new Promise<string>((resolve, reject) => {
        rl.once('line', resolve);
        child.once('exit', () => reject(new Error(`serve exited early: ${stderr}`)));
      });
      rl.close();
      const m = /^http:\/\/127\.0\.0\.1:(\d+)\/\?token=([A-Za-z0-9_-]{43})$/.exec(first);
      expect(m, first).not.toBeNull();
      const port = Number(m![1]);
      const token = m![2];
      const page = await raw(port, { path: `/?token=${token}` });
      expect(page.status).toBe(200);
      expect(page.body).toContain('案件流程监控台');
      const info = await raw(port, {
        method: 'POST',
        path: '/api/invoke/app/info',
        headers: { 'x-caseflow-token': token },
        body: '{}',
      });
      expect(info.status).toBe(200);
      expect((json(info).result as { dbPath: string }).dbPath).toBe(db);
      expect((await raw(port, { method: 'POST', path: '/api/invoke/app/info', body: '{}' })).status).toBe(401);
      expect(stderr).toContain('浏览器模式已启动');
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  });

  it('refuses a bad port with exit 1', async () => {
    const db = path.join(tmpDir(), 's.sqlite');
    openStore(db).close();
    const child = spawn(
      process.execPath,
      [path.join(root, 'bin', 'caseflow.js'), 'serve', '--port', 'abc', '--db', db],
      { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => {
      stderr += c.toString('utf8');
    });
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(1);
    expect(stderr).toContain('端口无效');
  });
});
