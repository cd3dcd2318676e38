// The CLI's PDF printer (core/documents/pdf.ts): an inert page (JavaScript off, the print CSP, every
// request aborted) in real Chromium, and the sandbox on wherever the OS allows it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { tmpDir } from '../helpers/tmp';
import {
  chromiumLaunchArgs,
  chromiumPath,
  chromiumPrinter,
  chromiumSandbox,
  isSandboxFailure,
} from '../../core/documents/pdf';
import { PRINT_CSP, withPrintCsp } from '../../core/documents/print-policy';

describe('the sandbox decision', () => {
  it('keeps Chromium’s sandbox on for a normal user, off as root (CI) or when switched off, and says why', () => {
    expect(chromiumSandbox({}, 1000)).toEqual({ sandbox: true, reason: null });
    expect(chromiumSandbox({}, 0)).toMatchObject({ sandbox: false, reason: expect.stringMatching(/root/) });
    expect(chromiumSandbox({ CASEFLOW_CHROMIUM_SANDBOX: 'off' }, 1000)).toMatchObject({ sandbox: false });
    expect(chromiumLaunchArgs(true)).not.toContain('--no-sandbox');
    expect(chromiumLaunchArgs(false)).toContain('--no-sandbox');
    expect(isSandboxFailure(new Error('No usable sandbox! Update your kernel'))).toBe(true);
    expect(isSandboxFailure(new Error('Executable doesn’t exist'))).toBe(false);
  });
});

describe('withPrintCsp', () => {
  it('puts the print CSP first in the head, whatever the document looks like', () => {
    const meta = `<meta http-equiv="Content-Security-Policy" content="${PRINT_CSP}">`;
    expect(withPrintCsp('<html lang="zh"><head><title>x</title></head></html>')).toBe(
      `<html lang="zh"><head>${meta}<title>x</title></head></html>`,
    );
    expect(withPrintCsp('<HTML><BODY>x</BODY></HTML>')).toBe(`<HTML><head>${meta}</head><BODY>x</BODY></HTML>`);
    expect(withPrintCsp('<p>x</p>')).toContain(`<head>${meta}</head><body><p>x</p>`);
    expect(PRINT_CSP).toMatch(/default-src 'none'/);
  });
});

describe.skipIf(!fs.existsSync(chromiumPath()))('printing in Chromium', () => {
  let server: http.Server;
  let port = 0;
  const hits: string[] = [];
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      hits.push(req.url ?? '');
      res.end('x');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as { port: number }).port;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('runs no script and makes no request, even for a page that asks for both', async () => {
    const printer = chromiumPrinter();
    const base = `http://127.0.0.1:${port}`;
    // The document tries everything: a script that rewrites the text, images, styles, fonts, frames, a redirect.
    const html = `<!doctype html><html><head><meta charset="utf-8">
      <link rel="stylesheet" href="${base}/style.css"><style>@font-face{font-family:x;src:url(${base}/font.woff)} body{font-family:x}</style>
      <meta http-equiv="refresh" content="0;url=${base}/refresh"></head>
      <body><p id="t">原文未改</p><img src="${base}/img.png"><iframe src="${base}/frame"></iframe>
      <script>document.getElementById('t').textContent='脚本已运行'; fetch('${base}/fetch'); new Image().src='${base}/beacon';</script>
      <script src="${base}/app.js"></script></body></html>`;
    let pdf: Buffer;
    try {
      pdf = await printer.print(html);
    } finally {
      await printer.close();
    }
    expect(pdf.subarray(0, 4).toString()).toBe('%PDF');
    const file = path.join(tmpDir(), 'p.pdf');
    fs.writeFileSync(file, pdf);
    const text = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' });
    expect(text).toContain('原文未改');
    expect(text).not.toContain('脚本已运行');
    expect(hits).toEqual([]);
  }, 120_000);
});
