// The path guard (core/security/path-guard.ts): one check for every handler and door that touches files.
import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { tmpDir, tmpStore } from '../helpers/tmp';
import {
  chosenFolderSetting,
  fileToRead,
  folderToWrite,
  lexicalProblem,
  PathRefused,
  resolveInside,
} from '../../core/security/path-guard';
import { PickedFiles } from '../../core/security/picked-files';
import { updateSettings } from '../../core/settings';

describe('lexicalProblem: paths refused as written, before any file is touched', () => {
  it('refuses Windows device paths, streams, drive-relative paths, reserved names and stripped endings on both platforms', () => {
    for (const api of [path.win32, path.posix]) {
      for (const p of [
        '\\\\?\\C:\\Windows\\win.ini',
        '\\\\.\\PhysicalDrive0',
        '//./pipe/x',
        'NUL',
        'exports/con.txt',
        'exports/COM1',
        'exports/LPT9.log',
        'exports/a.pdf.',
        'exports/a.pdf ',
        '',
        'a\u0000b',
        'a\nb',
      ])
        expect(lexicalProblem(p, api), `${api === path.win32 ? 'win32' : 'posix'} ${JSON.stringify(p)}`).not.toBeNull();
    }
    // Windows only: alternate data streams and drive-relative paths; a drive letter itself is fine.
    expect(lexicalProblem('C:\\exports\\a.pdf:evil.exe', path.win32)).toMatch(/冒号/);
    expect(lexicalProblem('C:foo\\bar', path.win32)).not.toBeNull();
    expect(lexicalProblem('C:\\exports\\周通报.docx', path.win32)).toBeNull();
    expect(lexicalProblem('\\\\fileserver\\share\\exports\\a.pdf', path.win32)).toBeNull();
    // POSIX: a backslash or a drive letter is a Windows path sent to the wrong machine.
    expect(lexicalProblem('..\\..\\etc\\passwd', path.posix)).toMatch(/反斜杠/);
    expect(lexicalProblem('C:/Windows/win.ini', path.posix)).not.toBeNull();
    expect(lexicalProblem('/home/u/导出/周通报.docx', path.posix)).toBeNull();
  });
});

describe('resolveInside', () => {
  const root = tmpDir('caseflow-guard-');
  const outside = tmpDir('caseflow-outside-');
  fs.writeFileSync(path.join(root, 'ok.xlsx'), 'x');
  fs.writeFileSync(path.join(outside, 'secret.txt'), 'SECRET');
  fs.symlinkSync(path.join(outside, 'secret.txt'), path.join(root, 'link.txt'));
  fs.symlinkSync(outside, path.join(root, 'linkdir'));

  it('allows files inside (absolute or relative), resolving symlinks on both sides', () => {
    expect(resolveInside([root], path.join(root, 'ok.xlsx'), { expect: 'file' })).toMatchObject({ ok: true });
    expect(resolveInside([root], 'ok.xlsx', { expect: 'file' })).toMatchObject({ ok: true });
    // The root reached through a link of its own is the same folder.
    const alias = path.join(tmpDir(), 'alias');
    fs.symlinkSync(root, alias);
    expect(resolveInside([alias], path.join(root, 'ok.xlsx'), { expect: 'file' })).toMatchObject({ ok: true });
  });

  it('refuses `..`, absolute paths elsewhere and symlinks that lead out, with 403 before reading', () => {
    for (const p of [
      path.join(outside, 'secret.txt'),
      '../' + path.basename(outside) + '/secret.txt',
      `${root}/../${path.basename(outside)}/secret.txt`,
      path.join(root, 'link.txt'),
      path.join(root, 'linkdir', 'secret.txt'),
      '/etc/passwd',
    ]) {
      const r = resolveInside([root], p, { expect: 'file' });
      expect(r.ok, p).toBe(false);
      expect(r.ok || r.status, p).toBe(403);
    }
  });

  it('a folder to create must have its nearest existing ancestor inside', () => {
    expect(resolveInside([root], 'new/sub', { expect: 'folder', mayCreate: true })).toMatchObject({ ok: true });
    expect(resolveInside([root], 'linkdir/new', { expect: 'folder', mayCreate: true })).toMatchObject({
      ok: false,
      status: 403,
    });
    expect(resolveInside([root], 'new', { expect: 'folder' })).toMatchObject({ ok: false, status: 404 });
  });
});

describe('fileToRead / folderToWrite / chosenFolderSetting on a context', () => {
  it('a confined context reads picked files and files of the import folder only', () => {
    const { ctx, db } = tmpStore();
    const imp = tmpDir();
    const elsewhere = tmpDir();
    fs.writeFileSync(path.join(imp, 'a.csv'), 'x');
    fs.writeFileSync(path.join(elsewhere, 'b.csv'), 'x');
    const what = { folders: ['import'] as const, what: '导入文件' };
    // No import folder chosen yet: nothing by path.
    expect(() => fileToRead(ctx, path.join(imp, 'a.csv'), what)).toThrow(PathRefused);
    updateSettings(db, { importFolder: imp });
    expect(fileToRead(ctx, path.join(imp, 'a.csv'), what)).toBe(fs.realpathSync(path.join(imp, 'a.csv')));
    expect(() => fileToRead(ctx, path.join(elsewhere, 'b.csv'), what)).toThrow(/只能是本次选择或上传的文件/);
    // A picked file is allowed wherever it is; an unknown or forged token is not.
    const picked = new PickedFiles();
    ctx.access = { picked };
    const t = picked.add(path.join(elsewhere, 'b.csv'));
    expect(fileToRead(ctx, t, what)).toBe(fs.realpathSync(path.join(elsewhere, 'b.csv')));
    expect(() => fileToRead(ctx, 'picked:forged', what)).toThrow(/已失效/);
    // A folder token is not a file.
    expect(() => fileToRead(ctx, picked.add(elsewhere, 'folder'), what)).toThrow(/需要选择文件/);
  });

  it('the CLI (userShell) reads the user’s own arguments anywhere', () => {
    const { ctx } = tmpStore();
    const f = path.join(tmpDir(), 'c.csv');
    fs.writeFileSync(f, 'x');
    ctx.access = { userShell: true };
    expect(fileToRead(ctx, f, { folders: ['import'], what: '导入文件' })).toBe(path.resolve(f));
  });

  it('writes only inside the export folder, creating nothing outside it', () => {
    const { ctx } = tmpStore();
    ctx.exportDir = path.join(tmpDir(), 'exports');
    expect(folderToWrite(ctx, undefined)).toBe(fs.realpathSync(ctx.exportDir));
    expect(folderToWrite(ctx, '周通报')).toBe(path.join(fs.realpathSync(ctx.exportDir), '周通报'));
    const out = path.join(tmpDir(), 'evil-out');
    expect(() => folderToWrite(ctx, out)).toThrow(PathRefused);
    expect(() => folderToWrite(ctx, '../evil')).toThrow(PathRefused);
    expect(fs.existsSync(out)).toBe(false);
    expect(fs.existsSync(path.join(path.dirname(ctx.exportDir), 'evil'))).toBe(false);
  });

  it('a folder setting changes only to a picked folder, to null or to itself (or from the CLI)', () => {
    const { ctx } = tmpStore();
    const picked = new PickedFiles();
    ctx.access = { picked };
    const dir = tmpDir();
    expect(chosenFolderSetting(ctx, null, '/x', '备份文件夹')).toBeNull();
    expect(chosenFolderSetting(ctx, '/x', '/x', '备份文件夹')).toBe('/x');
    expect(chosenFolderSetting(ctx, picked.add(dir, 'folder'), null, '备份文件夹')).toBe(path.resolve(dir));
    expect(() => chosenFolderSetting(ctx, '/etc', null, '备份文件夹')).toThrow(/选择文件夹/);
    expect(() => chosenFolderSetting(ctx, picked.add(path.join(dir, 'f')), null, '备份文件夹')).toThrow(
      /需要选择文件夹/,
    );
    ctx.access = { userShell: true };
    expect(chosenFolderSetting(ctx, dir, null, '备份文件夹')).toBe(path.resolve(dir));
  });
});
