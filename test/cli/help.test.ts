/**
 * The CLI as a scheduled task sees it: every registered command has Chinese help built from its declarative
 * spec (every option documented), bad options get Chinese messages, and a store that does not exist is
 * refused (exit 1) instead of being created empty.
 */
import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { COMMANDS, helpText, loadCommand, main } from '../../cli/main';
import { globalOptionsOf } from '../../cli/util';
import { tmpDir } from '../helpers/tmp';

const BIN = path.resolve(__dirname, '../../bin/caseflow.js');
const CJK = /[\u4e00-\u9fff]/;

function run(args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (s: string) => void out.push(s), err: (s: string) => void err.push(s) }, out, err };
}

describe('caseflow --help', () => {
  it('every registered command has Chinese help with every option described', async () => {
    expect(Object.keys(COMMANDS).length).toBeGreaterThan(10);
    for (const name of Object.keys(COMMANDS)) {
      const cmd = await loadCommand(name);
      expect(cmd.summary, name).toMatch(CJK);
      expect(cmd.usage.length, name).toBeGreaterThan(0);
      const options = {
        ...(cmd.options ?? {}),
        ...Object.assign({}, ...Object.values(cmd.subcommands ?? {}).map((s) => s.options ?? {})),
        ...globalOptionsOf(cmd),
      };
      for (const [k, o] of Object.entries(options)) expect((o as { help: string }).help, `${name} --${k}`).toMatch(CJK);
      const text = helpText(name, cmd);
      expect(text, name).toMatch(/^caseflow .* —— .*[\u4e00-\u9fff]/);
      expect(text).toContain('用法：');
      for (const k of Object.keys(cmd.options ?? {})) expect(text, `${name} --${k}`).toContain(`--${k}`);
      for (const [sub, s] of Object.entries(cmd.subcommands ?? {})) {
        const subText = helpText(name, cmd, sub);
        for (const k of Object.keys(s.options ?? {})) expect(subText, `${name} ${sub} --${k}`).toContain(`--${k}`);
      }
    }
  });

  it('the README documents every command and every option of it (the table rows of `caseflow <command>`)', async () => {
    const readme = fs.readFileSync(path.resolve(__dirname, '../../README.md'), 'utf8').split('\n');
    for (const name of Object.keys(COMMANDS)) {
      const cmd = await loadCommand(name);
      const row = new RegExp('`caseflow ' + name + '[ `]');
      const rows = readme.filter((l) => l.startsWith('| ') && row.test(l));
      expect(rows.length, `README: no row for caseflow ${name}`).toBeGreaterThan(0);
      const options = [
        ...Object.keys(cmd.options ?? {}),
        ...Object.values(cmd.subcommands ?? {}).flatMap((s) => Object.keys(s.options ?? {})),
      ];
      for (const k of options) expect(rows.join('\n'), `README: caseflow ${name} --${k}`).toContain(`--${k}`);
    }
  });

  it('answers `caseflow import --help` and several others in Chinese through the binary', () => {
    for (const args of [
      ['import', '--help'],
      ['run-due', '--help'],
      ['search', '-h'],
      ['referrals', 'export', '--help'],
    ]) {
      const r = run(args);
      expect(r.code, args.join(' ')).toBe(0);
      expect(r.err).toBe('');
      expect(r.out).toMatch(CJK);
      expect(r.out).not.toMatch(/Unknown option|positional|argument/i);
    }
    const runDue = run(['run-due', '--help']).out;
    expect(runDue).toContain('--out 文件夹');
    expect(runDue).toContain('--no-backup');
    expect(runDue).toContain('--now');
    expect(runDue).toMatch(/退出码：[\s\S]*2 有任务运行失败/);
  });

  it('refuses unknown options and missing values in Chinese', async () => {
    const a = capture();
    expect(await main(['audit', '--bogus'], a.io)).toBe(1);
    expect(a.err.join('\n')).toBe('未知选项：--bogus（caseflow audit --help 查看可用选项）');
    const b = capture();
    expect(await main(['notice', '--week'], b.io)).toBe(1);
    expect(b.err.join('\n')).toMatch(/^选项 --week 需要一个值/);
    const c = capture();
    expect(await main(['frobnicate'], c.io)).toBe(1);
    expect(c.err.join('\n')).toBe('未知命令：frobnicate（caseflow --help 查看全部命令）');
  });
});

describe('a store that does not exist', () => {
  it('is refused with exit 1 by every command that needs one, and is not created', () => {
    const dir = tmpDir();
    const missing = path.join(dir, '写错的文件夹', 'caseflow.sqlite');
    for (const args of [['audit'], ['run-due'], ['findings'], ['import', 'x.xlsx'], ['search', '许江'], ['backup']]) {
      const r = run([...args, '--db', missing]);
      expect(r.code, args[0]).toBe(1);
      expect(r.err.trim(), args[0]).toBe(`案件库不存在：${missing}，请先运行 caseflow init --db "${missing}"`);
      expect(r.out).toBe('');
    }
    expect(fs.existsSync(path.dirname(missing))).toBe(false);
    // init creates it; then the same command runs.
    expect(run(['init', '--db', missing]).code).toBe(0);
    expect(run(['findings', '--db', missing]).code).toBe(0);
  });

  it('is refused by every registered command but those that create or use no store (in-process, each command)', async () => {
    const missing = path.join(tmpDir(), '写错的文件夹', 'caseflow.sqlite');
    const refused: string[] = [];
    for (const name of Object.keys(COMMANDS)) {
      const cmd = await loadCommand(name);
      if ((cmd.store ?? 'required') === 'none' || cmd.store === 'creates') continue;
      const sub = cmd.subcommands ? [Object.keys(cmd.subcommands)[0]] : [];
      const c = capture();
      const code = await main([name, ...sub, '--db', missing], c.io);
      expect(code, name).toBe(1);
      expect(c.err.join('\n'), name).toContain(`案件库不存在：${missing}`);
      refused.push(name);
    }
    expect(refused).toEqual(expect.arrayContaining(['audit', 'run-due', 'search', 'mappings', 'folders', 'calendar']));
    expect(refused).not.toContain('init');
    expect(fs.existsSync(path.dirname(missing))).toBe(false);
  });

  it('says a date that does not exist does not exist', () => {
    const dir = tmpDir();
    const db = path.join(dir, 's.sqlite');
    expect(run(['init', '--db', db]).code).toBe(0);
    const r = run(['audit', '--db', db, '--date', '2026-11-31']);
    expect(r.code).toBe(1);
    expect(r.err.trim()).toBe('--date 日期不存在：2026年11月只有30天（2026-11-31）');
  });
});
