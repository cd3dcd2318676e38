/**
 * Browser mode over real HTTP: every handler that takes a path reads and writes only inside the chosen
 * folders or a file uploaded in this session; anything else is refused without being read or created.
 * And /api/file shows only PDFs and images inline.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { tmpDir, tmpStore } from '../helpers/tmp';
import { startWebServer, type WebServer } from '../../web/server';
import { seedCases, seedFindings, seedNotices, writeReferralsXlsx, HEADERS } from '../referrals/fixture';
import { raw, json } from './http';
import { createBackup } from '../../core/backup';

const HOSTNAME = fs.existsSync('/etc/hostname') ? fs.readFileSync('/etc/hostname', 'utf8').trim() : '';

describe('browser mode: the path guard at every handler that takes a path', () => {
  let web: WebServer;
  let exportDir: string;
  const store = tmpStore();
  const outside = tmpDir('caseflow-outside-');
  const secret = path.join(outside, 'secret.json');
  const post = async (name: string, payload: unknown) => {
    const r = await raw(web.port, {
      method: 'POST',
      path: `/api/invoke/${name}`,
      headers: { 'content-type': 'application/json', 'x-caseflow-token': web.token },
      body: JSON.stringify(payload),
    });
    return { status: r.status, body: r.body, json: json(r) };
  };
  const upload = async (name: string, data: string | Buffer) => {
    const r = await raw(web.port, {
      method: 'POST',
      path: '/api/upload',
      headers: { 'x-caseflow-token': web.token, 'x-file-name': encodeURIComponent(name) },
      body: data,
    });
    return (json(r).result as { file: string }).file;
  };
  const getFile = (p: string, inline = false) =>
    raw(web.port, {
      path: `/api/file?path=${encodeURIComponent(p)}${inline ? '&inline=1' : ''}`,
      headers: { 'x-caseflow-token': web.token },
    });

  beforeAll(async () => {
    fs.writeFileSync(secret, '{"years": {"2099": SECRET-CONTENT');
    seedCases(store.db);
    seedFindings(store.db);
    seedNotices(store.ctx);
    exportDir = tmpDir('caseflow-export-');
    web = await startWebServer({
      // The CLI's context is the user's shell: browser mode must confine it all the same.
      ctx: { ...store.ctx, access: { userShell: true }, printPdf: async () => Buffer.from('%PDF-1.4\n') },
      staticDir: tmpDir(),
      exportDir,
      log: () => undefined,
    });
  });
  afterAll(async () => {
    await web.close();
    store.db.close();
  });

  it('calendar/load {file: "/etc/hostname"} is refused and the answer holds nothing of the file', async () => {
    for (const file of [
      '/etc/hostname',
      secret,
      '../../../../etc/hostname',
      `${exportDir}/../${path.basename(outside)}/secret.json`,
    ]) {
      const r = await post('calendar/load', { file });
      expect(r.status, file).toBe(403);
      expect(r.json.error).toMatch(/只能是本次选择或上传的文件/);
      if (HOSTNAME) expect(r.body).not.toContain(HOSTNAME);
      expect(r.body).not.toContain('SECRET-CONTENT');
    }
    // The same bytes uploaded are read, and the parser's message does not quote them either.
    const r = await post('calendar/load', { file: await upload('日历.json', fs.readFileSync(secret)) });
    expect(r.status).toBe(400);
    expect(r.json.error).toMatch(/不是有效的 JSON 文件/);
    expect(r.body).not.toContain('SECRET-CONTENT');
  });

  it('import/preview and import/run read only uploads (and the import folder): /etc/passwd, the export folder and the store are refused', async () => {
    fs.writeFileSync(path.join(exportDir, 'x.csv'), '部门受案号,案件名称\n');
    for (const name of ['import/preview', 'import/run']) {
      for (const f of ['/etc/passwd', path.join(exportDir, 'x.csv'), store.dbPath, 'picked:forged']) {
        const r = await post(name, { files: [f] });
        expect(r.status, `${name} ${f}`).toBe(403);
        expect(r.body).not.toContain('root:');
      }
    }
    const ok = await post('import/preview', { files: [await upload('案件.csv', '部门受案号,案件名称\n')] });
    expect(ok.status).toBe(200);
  });

  it('referrals/import, rules/import and backup/restore are refused outside their folders', async () => {
    const x = path.join(outside, 'r.xlsx');
    await writeReferralsXlsx(x, HEADERS, []);
    expect((await post('referrals/import', { file: x })).status).toBe(403);
    expect((await post('rules/import', { file: '/etc/passwd' })).status).toBe(403);
    expect((await post('referrals/import', { file: await upload('r.xlsx', fs.readFileSync(x)) })).status).toBe(200);
    const other = tmpStore();
    const b = await createBackup(other.db, 'manual', { dir: outside });
    for (const file of [b.file, '/etc/passwd', '../x.sqlite']) {
      const r = await post('backup/restore', { file });
      expect(r.status, file).toBe(403);
    }
    expect(store.db.open).toBe(true);
  });

  it('bulletins/export, notices/export, referrals/export and the job runs never create or write a folder outside the export folder', async () => {
    expect((await post('jobs/run-notice', { week: '2026-W44', formats: ['json'] })).status).toBe(200);
    const cases: [string, Record<string, unknown>][] = [
      ['bulletins/export', { kind: 'weekly', period: '2026-W44', formats: ['json'] }],
      ['notices/export', { id: 1, formats: ['docx'] }],
      ['referrals/export', { month: '2026-10' }],
      ['jobs/run-notice', { week: '2026-W44', regenerate: true, formats: ['json'] }],
      ['jobs/run-inspection', { month: '2026-10', formats: ['json'] }],
    ];
    for (const [name, payload] of cases) {
      for (const outDir of [
        path.join(outside, `${name.replace('/', '-')}-out`),
        '../escaped',
        '/etc/caseflow-x',
        'C:\\Windows\\Temp',
      ]) {
        const r = await post(name, { ...payload, outDir });
        expect(r.status, `${name} ${outDir}`).toBeGreaterThanOrEqual(400);
        expect(r.status, `${name} ${outDir}`).toBeLessThan(500);
        expect(fs.existsSync(outDir), outDir).toBe(false);
      }
    }
    expect(fs.readdirSync(outside).filter((f) => f.endsWith('-out'))).toEqual([]);
    expect(fs.existsSync(path.join(path.dirname(exportDir), 'escaped'))).toBe(false);
    // Inside the export folder (or a folder in it) they work.
    const ok = await post('bulletins/export', {
      kind: 'weekly',
      period: '2026-W44',
      formats: ['json'],
      outDir: '周通报',
    });
    expect(ok.status).toBe(200);
    const files = (ok.json.result as { files: string[] }).files;
    expect(files[0].startsWith(path.join(fs.realpathSync(exportDir), '周通报') + path.sep)).toBe(true);
    expect((await post('notices/export', { id: 1, formats: ['docx'] })).status).toBe(200);
  });

  it('settings/update cannot point the backup or import folder at a typed path', async () => {
    for (const patch of [{ backupFolder: outside }, { importFolder: '/' }, { importFolder: '/etc' }]) {
      const r = await post('settings/update', patch);
      expect(r.status, JSON.stringify(patch)).toBe(403);
    }
    const s = (await post('settings/get', {})).json.result as {
      backupFolder: string | null;
      importFolder: string | null;
    };
    expect(s).toMatchObject({ backupFolder: null, importFolder: null });
    // Back to the default is always allowed.
    expect((await post('settings/update', { backupFolder: null })).status).toBe(200);
  });

  it('/api/file shows only PDFs and images inline; HTML, scripts and SVG download as inert bytes', async () => {
    const put = (name: string, data: string) => {
      fs.writeFileSync(path.join(exportDir, name), data);
      return path.join(exportDir, name);
    };
    for (const [name, data] of [
      ['evil.html', '<script>alert(1)</script>'],
      ['evil.js', 'alert(1)'],
      ['evil.svg', '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'],
      ['evil.htm', '<b>x</b>'],
      ['evil.xml', '<x/>'],
      ['evil.txt', '<script>alert(1)</script>'],
    ]) {
      const r = await getFile(put(name, data), true);
      expect(r.status, name).toBe(200);
      expect(r.headers['content-disposition'], name).toMatch(/^attachment;/);
      expect(r.headers['content-type'], name).toBe('application/octet-stream');
      expect(r.headers['x-content-type-options']).toBe('nosniff');
      expect(r.headers['content-security-policy']).toBe("default-src 'none'; sandbox");
    }
    const pdf = await getFile(put('通报.pdf', '%PDF-1.4'), true);
    expect(pdf.headers['content-disposition']).toMatch(/^inline;/);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const png = await getFile(put('图.png', 'x'), true);
    expect(png.headers['content-disposition']).toMatch(/^inline;/);
    const docx = await getFile(put('通报.docx', 'x'), true);
    expect(docx.headers['content-disposition']).toMatch(/^attachment;/);
    expect(docx.headers['content-type']).toContain('wordprocessingml');
  });
});
