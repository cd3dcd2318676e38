/**
 * Issue 6 end to end: the renderer served by the browser-mode server, driven in Chromium.
 * One server, one browser, one page for the whole file (kept short: the flow a case manager follows).
 */
import http from 'node:http';
import path from 'node:path';
import fs from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it, onTestFailed } from 'vitest';
import type { Page } from 'playwright-core';
import { startHarness, waitForExport, type Harness } from './harness';
import { writeBadWorkbook, writeXssWorkbook, XSS_CASE_NO } from './workbooks';

function chinaToday(): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date());
}
function prevMonth(d: string): string {
  const [y, m] = d.split('-').map(Number);
  const t = new Date(Date.UTC(y, m - 2, 1));
  return `${t.getUTCFullYear()}-${String(t.getUTCMonth() + 1).padStart(2, '0')}`;
}

/** A raw HTTP request (fetch cannot set Host). */
function raw(
  port: number,
  opts: { path: string; method?: string; headers?: Record<string, string>; body?: string },
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port, path: opts.path, method: opts.method ?? 'GET', headers: opts.headers },
      (res) => {
        let b = '';
        res.setEncoding('utf8');
        res.on('data', (c) => (b += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: b }));
      },
    );
    req.on('error', reject);
    if (opts.body) req.write(opts.body);
    req.end();
  });
}

async function go(page: Page, screen: string) {
  await page.click(`nav a[data-screen="${screen}"]`);
  await page.waitForSelector(`nav a[data-screen="${screen}"][aria-current="page"]`);
}

let h: Harness;
const today = chinaToday();

beforeAll(async () => {
  h = await startHarness();
}, 90_000);

afterAll(async () => {
  await h?.close();
});

// On a failure: a screenshot and the page's messages under .tmp/e2e-failures/ (not the reviewed screenshots).
beforeEach((t) => {
  onTestFailed(async () => {
    if (!h?.page) return;
    const dir = path.resolve(__dirname, '..', '..', '.tmp', 'e2e-failures');
    fs.mkdirSync(dir, { recursive: true });
    const name = t.task.name.replace(/[^\w\u4e00-\u9fff]+/g, '-').slice(0, 60);
    await h.page.screenshot({ path: path.join(dir, `${name}.png`) }).catch(() => undefined);
    const msgs = await h.page
      .locator('.msg')
      .allInnerTexts()
      .catch(() => []);
    fs.writeFileSync(path.join(dir, `${name}.txt`), [...msgs, '--- errors', ...h.errors].join('\n'));
  });
});

describe('browser mode security', () => {
  it('refuses a request without the token, with a foreign Origin or a foreign Host', async () => {
    const body = '{}';
    const json = { 'Content-Type': 'application/json' };
    const noToken = await raw(h.port, {
      path: '/api/invoke/settings/get',
      method: 'POST',
      headers: { ...json, Host: `127.0.0.1:${h.port}` },
      body,
    });
    expect([401, 403]).toContain(noToken.status);
    const foreignOrigin = await raw(h.port, {
      path: '/api/invoke/settings/get',
      method: 'POST',
      headers: { ...json, Host: `127.0.0.1:${h.port}`, Origin: 'http://evil.example', 'X-CaseFlow-Token': h.token },
      body,
    });
    expect([401, 403]).toContain(foreignOrigin.status);
    const foreignHost = await raw(h.port, {
      path: '/api/invoke/settings/get',
      method: 'POST',
      headers: { ...json, Host: `evil.example:${h.port}`, 'X-CaseFlow-Token': h.token },
      body,
    });
    expect([401, 403]).toContain(foreignHost.status);
    const page = await raw(h.port, { path: '/', headers: { Host: `127.0.0.1:${h.port}` } });
    expect([401, 403]).toContain(page.status);
    const ok = await raw(h.port, {
      path: '/api/invoke/settings/get',
      method: 'POST',
      headers: { ...json, Host: `127.0.0.1:${h.port}`, 'X-CaseFlow-Token': h.token },
      body,
    });
    expect(ok.status).toBe(200);
  });
});

describe("the case manager's day in the browser", () => {
  it('opens with the token and removes it from the address bar', async () => {
    await h.page.goto(h.url);
    await h.page.waitForSelector('nav a[data-screen="home"][aria-current="page"]');
    expect(h.page.url()).not.toContain('token=');
    await expect(h.page.evaluate(() => sessionStorage.getItem('caseflow.token'))).resolves.toBe(h.token);
  });

  it('lists every error of a bad workbook before anything is written', async () => {
    const bad = path.join(h.dir, '错误数据.xlsx');
    await writeBadWorkbook(bad);
    await go(h.page, 'import');
    await h.page.setInputFiles('[data-testid="file-input"]', bad);
    const errors = h.page.locator('[data-testid="import-errors"] tbody tr');
    await errors.first().waitFor();
    expect(await errors.count()).toBeGreaterThanOrEqual(2);
    const text = await h.page.locator('[data-testid="import-errors"]').innerText();
    expect(text).toContain('错误数据.xlsx');
    expect(text).toContain('案件');
    expect(text).toContain('审查起拆');
    expect(await h.page.locator('[data-testid="import-commit"]').isDisabled()).toBe(true);
    await h.shot('import-errors');
  });

  it('imports a generated workbook and a case with a script in its title', async () => {
    type WriteWorkbook = (opts: { cases: number; seed: number; asOf: string }, file: string) => Promise<unknown>;
    const writeWorkbook = await waitForExport<WriteWorkbook>('tools/generator/index.ts', 'writeWorkbook', 30_000);
    const files: string[] = [];
    if (writeWorkbook) {
      const f = path.join(h.dir, '案件数据.xlsx');
      await writeWorkbook({ cases: 400, seed: 20261122, asOf: today }, f);
      files.push(f);
    }
    const xss = path.join(h.dir, '补充案件.xlsx');
    await writeXssWorkbook(xss);
    files.push(xss);
    for (const f of files) {
      await h.page.setInputFiles('[data-testid="file-input"]', f);
      await h.page.locator('[data-testid="import-commit"]:not([disabled])').waitFor({ timeout: 30_000 });
      await h.page.click('[data-testid="import-commit"]');
      await h.page.locator('.msg-ok').waitFor({ timeout: 30_000 });
    }
    expect(await h.page.locator('[data-testid="import-summary"]').innerText()).toContain('新增案件');
    // The data date (数据日期) is asked for, proposed as today, and recorded with the import.
    expect(await h.page.inputValue('[data-testid="import-taken-on"]')).toBe(today);
    expect(await h.page.locator('[data-testid="import-summary"]').innerText()).toContain(`数据日期 ${today}`);
    await h.shot('import');
  });

  it('runs the audit and shows the day on the home screen', async () => {
    await go(h.page, 'home');
    await h.page.click('[data-testid="run-audit"]');
    await h.page.locator('.msg-ok, .msg-error').first().waitFor({ timeout: 60_000 });
    expect(await h.page.locator('.msg-error').count()).toBe(0);
    await h.page.waitForTimeout(300);
    await h.shot('home');
  });

  it('renders a case title with a script tag as inert text, masks names until asked', async () => {
    await go(h.page, 'cases');
    await h.page.fill('[data-testid="case-search"]', XSS_CASE_NO);
    const cell = h.page.locator('[data-testid="cases-grid"] .ag-row [col-id="title"]', { hasText: '<script>' });
    await cell.first().waitFor({ timeout: 15_000 });
    expect(await h.page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    await cell.first().click();
    await h.page
      .locator('[data-testid="case-detail"] .title', { hasText: '<script>window.__xss=1</script>' })
      .waitFor();
    await h.page.click('[data-testid="case-detail"] [role="tab"]:has-text("嫌疑人")');
    await expect(h.page.locator('[data-testid="person-name"]').first().innerText()).resolves.toBe('张某某');
    await h.page.click('[data-testid="toggle-names"]');
    await expect(h.page.locator('[data-testid="person-name"]').first().innerText()).resolves.toBe('张三丰');
    await h.page.click('[data-testid="toggle-names"]');
    await h.shot('case-xss');
    expect(await h.page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    await h.page.fill('[data-testid="case-search"]', '');
    await h.page.locator('[data-testid="cases-grid"] .ag-row').nth(5).waitFor({ timeout: 15_000 });
    await h.page.click('[data-testid="case-detail"] [aria-label="关闭详情"]');
    await h.shot('cases');
    // a generated case with its timeline
    await h.page.selectOption('select[aria-label="案件类别"]', '审查起诉');
    // The infinite row model reloads after a filter change: click only once the filtered rows are in,
    // and click again if the click landed on a row being replaced.
    await h.page
      .locator('[data-testid="cases-grid"] .ag-row[row-index="2"] [col-id="category"]', { hasText: '审查起诉' })
      .waitFor();
    for (let attempt = 0; ; attempt++) {
      await h.page.locator('[data-testid="cases-grid"] .ag-row[row-index="2"] [col-id="title"]').click();
      try {
        await h.page.locator('[data-testid="case-detail"]').waitFor({ timeout: 5_000 });
        break;
      } catch (e) {
        if (attempt >= 3) throw e;
      }
    }
    await h.page.click('[data-testid="case-detail"] [role="tab"]:has-text("流程")');
    await h.page.waitForTimeout(300);
    await h.shot('case-detail');
    await h.page.click('[data-testid="case-detail"] [aria-label="关闭详情"]');
    // a saved view (kept in the store) brings the filter back
    await h.page.click('[data-testid="view-save"]');
    await h.page.fill('input[aria-label="视图名称"]', '审查起诉案件');
    await h.page.click('[data-testid="view-save-confirm"]');
    await h.page.click('button:has-text("清除条件")');
    await expect(h.page.locator('select[aria-label="案件类别"]').inputValue()).resolves.toBe('');
    await h.page.selectOption('select[aria-label="视图"]', { label: '审查起诉案件' });
    await h.page.waitForFunction(
      () => (document.querySelector('select[aria-label="案件类别"]') as HTMLSelectElement | null)?.value === '审查起诉',
    );
  });

  it('gives an oral reminder and issues a monitoring notice', async () => {
    await go(h.page, 'findings');
    const rows = h.page.locator('[data-testid="findings-grid"] .ag-row[row-index]:has([col-id="message"])');
    await rows.nth(1).waitFor({ timeout: 15_000 });
    // reminder on the first row
    const checkbox = (i: number) =>
      h.page.locator(`[data-testid="findings-grid"] .ag-row[row-index="${i}"] input[type="checkbox"]`).first();
    await checkbox(0).check();
    await h.page.click('[data-testid="act-remind"]');
    await h.page.fill('[data-testid="dialog-text"]', '已电话提示承办检察官，请尽快办理。');
    await h.page.click('[data-testid="dialog-confirm"]');
    await h.page.locator('.msg-ok', { hasText: '口头提示' }).waitFor({ timeout: 15_000 });
    // a notice on the (new) first open row
    await checkbox(1).check();
    await h.page.click('[data-testid="act-notice"]');
    await h.page.click('[data-testid="dialog-confirm"]');
    const ok = h.page.locator('[data-testid="issued-notices"]');
    await ok.waitFor({ timeout: 30_000 });
    expect(await h.page.locator('.msg-error').count()).toBe(0);
    expect(await ok.innerText()).toMatch(/〔\d{4}〕\d+号/);
    await h.shot('findings');
    // 不予纠正 needs a reason
    await checkbox(3).check();
    await h.page.click('[data-testid="act-waive"]');
    expect(await h.page.locator('[data-testid="dialog-confirm"]').isDisabled()).toBe(true);
    await h.page.fill('[data-testid="dialog-text"]', '经核实，系统录入时间延迟，实际已按期告知。');
    await h.page.click('[data-testid="dialog-confirm"]');
    await h.page.locator('.msg-ok', { hasText: '不予纠正' }).waitFor({ timeout: 15_000 });
    await rows.first().locator('[col-id="message"]').click();
    await h.page.locator('[data-testid="finding-detail"] [data-testid="finding-history"]').waitFor();
    await h.page.locator('[data-testid="finding-history"]').scrollIntoViewIfNeeded();
    expect(await h.page.locator('[data-testid="finding-history"]').innerText()).toContain('口头提示');
    await h.page.mouse.move(5, 5);
    await h.page.waitForTimeout(300);
    await h.shot('finding-detail');
  });

  it('shows the warnings', async () => {
    await h.page.click('[role="tab"]:has-text("临期预警")');
    await h.page.locator('[data-testid="warnings-grid"]').waitFor();
    await h.page.waitForTimeout(300);
    await h.shot('warnings');
  });

  it('runs the monthly inspection and the weekly notice from the jobs screen', async () => {
    await go(h.page, 'jobs');
    await h.page.fill('[data-testid="job-month"]', prevMonth(today));
    await h.page.click('[data-testid="job-inspection"]');
    await h.page.locator('.msg-ok, .msg-error').first().waitFor({ timeout: 60_000 });
    expect(await h.page.locator('.msg-error').count()).toBe(0);
    await h.page.click('[data-testid="job-notice"]');
    await h.page.locator('.msg-ok, .msg-error').first().waitFor({ timeout: 60_000 });
    expect(await h.page.locator('.msg-error').count()).toBe(0);
    await h.page.locator('[data-testid="job-runs"] tbody tr').nth(1).waitFor();
    await h.shot('jobs');
  });

  it('opens a bulletin, exports it and drills into a figure', async () => {
    await go(h.page, 'bulletins');
    await h.page.click(`[data-testid="bulletin-monitoring-${prevMonth(today)}"]`);
    await h.page.locator('[data-testid="bulletin-figures"]').waitFor({ timeout: 15_000 });
    await h.page.waitForTimeout(200);
    await h.shot('bulletins');
    await h.page.click('[data-testid="bulletin-export"]');
    const links = h.page.locator('[data-testid="bulletin-files"] a');
    await links.first().waitFor({ timeout: 60_000 });
    const hrefs = await links.evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).href));
    expect(hrefs.some((x) => /\.pdf|pdf/i.test(decodeURIComponent(x)))).toBe(true);
    for (const href of hrefs) {
      const r = await h.context.request.get(href);
      expect(r.status()).toBe(200);
      expect((await r.body()).length).toBeGreaterThan(500);
    }
    await h.page.click(`[data-testid="bulletin-prosecutors-${prevMonth(today)}"]`);
    await h.page.locator('[data-testid="prosecutor-table"]').waitFor({ timeout: 15_000 });
    await h.shot('bulletin-prosecutors');
    await h.page
      .locator('[data-testid="prosecutor-table"] button.fig-link[data-metric="received"]')
      .filter({ hasText: /^[1-9]/ })
      .first()
      .click();
    await h.page.locator('[data-testid="drill-list"] tbody tr').first().waitFor({ timeout: 15_000 });
    expect(await h.page.locator('[data-testid="drill-list"]').innerText()).toMatch(/受\[\d{4}\]/);
    await h.shot('bulletin-drill');
    await h.page.keyboard.press('Escape');
  });

  it('shows Chinese headers and rule titles on every screen (rule ids only in tooltips)', async () => {
    const leaks: string[] = [];
    const look = async (where: string) => {
      await h.page.waitForTimeout(300);
      const headers = await h.page
        .locator('th, .ag-header-cell-text')
        .evaluateAll((els) => els.map((e) => (e as HTMLElement).innerText.trim()).filter(Boolean));
      for (const t of headers) if (/[A-Za-z]/.test(t)) leaks.push(`${where} 表头“${t}”`);
      const cells = await h.page
        .locator('td, .ag-cell')
        .evaluateAll((els) => els.map((e) => (e as HTMLElement).innerText.trim()));
      for (const t of cells) if (/\b[A-Z]{2,4}-[A-Z]{2,}\b/.test(t)) leaks.push(`${where} 单元格“${t.slice(0, 40)}”`);
    };
    const month = prevMonth(today);
    await go(h.page, 'bulletins');
    for (const kind of ['monitoring', 'prosecutors', 'data-check']) {
      const link = h.page.locator(`[data-testid="bulletin-${kind}-${month}"]`);
      if (!(await link.count())) continue;
      await link.click();
      await h.page.locator('.panel').nth(1).waitFor({ timeout: 15_000 });
      await look(`通报 ${kind}`);
    }
    for (const screen of ['home', 'cases', 'findings', 'jobs', 'referrals']) {
      await go(h.page, screen);
      await look(screen);
    }
    expect(leaks).toEqual([]);
  });

  it('records a case quality review and a referral from the inspection department', async () => {
    await go(h.page, 'referrals');
    await h.page.fill('label:has-text("部门受案号") input', XSS_CASE_NO);
    await h.page.fill('label:has-text("评查人") input', '案管部评查员');
    await h.page.selectOption('label:has-text("评查结论") select', '基本合格');
    await h.page.fill('label:has-text("发现的问题") textarea', '告知文书未附卷。');
    await h.page.click('button:has-text("保存")');
    await h.page.locator('.msg-ok, .msg-error').first().waitFor({ timeout: 15_000 });
    expect(await h.page.locator('.msg-error').allInnerTexts()).toEqual([]);
    await h.page.locator('td', { hasText: '告知文书未附卷。' }).first().waitFor();
    await h.shot('referrals');
    await h.page.click('[role="tab"]:has-text("督查移送")');
    await h.page.fill('label:has-text("督查文号") input', '某检督〔2026〕3号');
    await h.page.fill('label:has-text("问题类别") input', '办案期限');
    await h.page.fill('label:has-text("承办部门") input', '第一检察部');
    await h.page.fill('label:has-text("承办检察官") input', '测试检察官');
    await h.page.fill('label:has-text("问题描述") textarea', '案件超期未结，未按规定报告。');
    await h.page.click('button:has-text("登记")');
    await h.page.locator('.msg-ok, .msg-error').first().waitFor({ timeout: 15_000 });
    expect(await h.page.locator('.msg-error').count()).toBe(0);
    await h.page.locator('td', { hasText: '某检督〔2026〕3号' }).first().waitFor();
    await h.shot('referrals-incoming');
  });

  it('exports the monthly referral package', async () => {
    await h.page.click('[role="tab"]:has-text("月度移送材料")');
    await h.page.fill('[data-testid="package-month"]', prevMonth(today));
    await h.page.click('[data-testid="package-export"]');
    await h.page.locator('.msg-ok, .msg-error').first().waitFor({ timeout: 60_000 });
    expect(await h.page.locator('.msg-error').allInnerTexts()).toEqual([]);
    const link = h.page.locator('.download-list a').first();
    await link.waitFor();
    const r = await h.context.request.get(await link.evaluate((a) => (a as HTMLAnchorElement).href));
    expect(r.status()).toBe(200);
    await h.shot('referrals-package');
  });

  it('edits the settings', async () => {
    await go(h.page, 'settings');
    await h.page.locator('[data-testid="office-name"]').waitFor();
    await h.page.fill('[data-testid="office-name"]', '某某县人民检察院');
    await h.page.click('[data-testid="settings-save"]');
    await h.page.locator('.msg-ok').waitFor({ timeout: 10_000 });
    await h.shot('settings');
  });

  it('threw no page errors', () => {
    expect(h.errors).toEqual([]);
  });
});
