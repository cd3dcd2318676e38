/**
 * Issue 17 as a clerk walks it in Chromium: the first run on an empty store, search everywhere (a suspect by a
 * two-character name, a case by part of its number), the findings exported as filtered and read back, the
 * print view, a saved view and remembered columns after a reload, the deadline calendar, Chinese date pickers,
 * Esc/Enter/arrow keys, the chosen clerk on every action, the December banner.
 */
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, beforeEach, describe, expect, it, onTestFailed } from 'vitest';
import type { Page } from 'playwright-core';
import { startHarness, waitForExport, type Harness } from './harness';
import { SOON_CASE_NO, XU_CASE_NO, writeClerkWorkbook } from './workbooks';

async function go(page: Page, screen: string) {
  await page.click(`nav a[data-screen="${screen}"]`);
  await page.waitForSelector(`nav a[data-screen="${screen}"][aria-current="page"]`);
}

function failureShots(get: () => Harness | undefined) {
  beforeEach((t) => {
    onTestFailed(async () => {
      const h = get();
      if (!h?.page) return;
      const dir = path.resolve(__dirname, '..', '..', '.tmp', 'e2e-failures');
      fs.mkdirSync(dir, { recursive: true });
      const name = t.task.name.replace(/[^\w\u4e00-\u9fff]+/g, '-').slice(0, 60);
      await h.page.screenshot({ path: path.join(dir, `clerk-${name}.png`) }).catch(() => undefined);
      fs.writeFileSync(path.join(dir, `clerk-${name}.txt`), h.errors.join('\n'));
    });
  });
}

async function readXlsx(file: string): Promise<unknown[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const rows: unknown[][] = [];
  wb.worksheets[0].eachRow({ includeEmpty: false }, (r) => rows.push((r.values as unknown[]).slice(1)));
  return rows;
}

describe('a first run on a new install, in December', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ setup: false, now: new Date('2026-12-05T09:00:00+08:00') });
  }, 90_000);
  afterAll(async () => {
    await h?.close();
  });
  failureShots(() => h);

  it('asks for the office and the clerk, then leads to the first import; an empty store says so', async () => {
    await h.page.goto(h.url);
    const dialog = h.page.locator('[data-testid="first-run"]');
    await dialog.waitFor();
    await h.shot('first-run');
    await h.page.fill('[data-testid="setup-office"]', '赤城县人民检察院');
    await h.page.fill('[data-testid="setup-short"]', '赤检');
    await h.page.fill('[data-testid="setup-operator"]', '王芳');
    await h.page.click('[data-testid="setup-save"]');
    await h.page.locator('[data-testid="setup-import"]').click();
    await h.page.waitForSelector('nav a[data-screen="import"][aria-current="page"]');
    expect(await dialog.count()).toBe(0);
    expect(await h.page.locator('.brand-office').innerText()).toBe('赤城县人民检察院');
    expect(await h.page.locator('[data-testid="operator-select"]').inputValue()).toBe('王芳');

    await go(h.page, 'home');
    await h.page.locator('[data-testid="empty-store"]').waitFor();
    const home = await h.page.locator('.content').innerText();
    expect(home).toContain('尚无案件数据');
    expect(home).not.toContain('暂无未整改问题');
    await h.page.click('[data-testid="run-audit"]');
    const warn = h.page.locator('.msg-warn');
    await warn.waitFor({ timeout: 30_000 });
    expect(await warn.innerText()).toMatch(/审核了 0 件案件/);
    expect(await h.page.locator('.msg-ok').count()).toBe(0);
    await h.shot('empty-store');
    await go(h.page, 'findings');
    await h.page.locator('[data-testid="empty-store"]').waitFor();
  });

  it('shows the December banner until next year’s holidays are loaded', async () => {
    const banner = h.page.locator('[data-testid="holiday-banner"]');
    await banner.waitFor();
    expect(await banner.innerText()).toContain('尚未载入 2027 年节假日安排');
    await h.shot('holiday-banner');
    const file = path.join(h.dir, 'holidays-2027.json');
    fs.writeFileSync(
      file,
      JSON.stringify({
        years: {
          '2027': { holidays: [{ name: '元旦', from: '2027-01-01', to: '2027-01-01' }], workdays: [] },
        },
      }),
    );
    await h.page.setInputFiles('[data-testid="holiday-file"]', file);
    await h.page.locator('[data-testid="holiday-banner"]', { hasText: '已载入 2027 年节假日安排' }).waitFor();
    // The status is asked again after the load: the button goes once 2027 is in.
    await h.page.locator('[data-testid="holiday-load"]').waitFor({ state: 'detached' });
  });

  it('threw no page errors', () => {
    expect(h.errors).toEqual([]);
  });
});

describe("a clerk's everyday tools", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
    type WriteWorkbook = (opts: { cases: number; seed: number; asOf: string }, file: string) => Promise<unknown>;
    const writeWorkbook = await waitForExport<WriteWorkbook>('tools/generator/index.ts', 'writeWorkbook', 30_000);
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
    const files = [path.join(h.dir, '案件数据.xlsx'), path.join(h.dir, '补充案件.xlsx')];
    await writeWorkbook!({ cases: 300, seed: 1717, asOf: today }, files[0]);
    await writeClerkWorkbook(files[1]);
    await h.page.goto(h.url);
    await go(h.page, 'import');
    for (const f of files) {
      await h.page.setInputFiles('[data-testid="file-input"]', f);
      await h.page.locator('[data-testid="import-commit"]:not([disabled])').waitFor({ timeout: 30_000 });
      await h.page.click('[data-testid="import-commit"]');
      await h.page.locator('.msg-ok').waitFor({ timeout: 30_000 });
    }
    await go(h.page, 'home');
    await h.page.click('[data-testid="run-audit"]');
    await h.page.locator('.msg-ok').waitFor({ timeout: 60_000 });
  }, 180_000);
  afterAll(async () => {
    await h?.close();
  });
  failureShots(() => h);

  it('finds a suspect by a two-character name and a case by part of its number (Ctrl+K), Enter opens it, Esc closes it', async () => {
    await go(h.page, 'findings');
    await h.page.keyboard.press('Control+k');
    const box = h.page.locator('[data-testid="global-search"]');
    // The box takes the focus once the overlay has rendered: wait for it (a busy machine renders late).
    await h.page.waitForFunction(() => document.activeElement?.getAttribute('data-testid') === 'global-search');
    await box.fill('许江');
    const item = h.page.locator('[data-testid="search-item"]', { hasText: XU_CASE_NO });
    await item.waitFor();
    expect(await item.innerText()).toContain('嫌疑人 许某（1号）');
    expect(await h.page.locator('[data-group="suspect"]').count()).toBe(1);
    await h.shot('search');
    await box.press('Enter');
    await h.page.waitForSelector('nav a[data-screen="cases"][aria-current="page"]');
    const detail = h.page.locator('[data-testid="case-detail"]');
    await detail.locator('.title', { hasText: '许某盗窃案' }).waitFor();
    await h.page.keyboard.press('Escape');
    await detail.waitFor({ state: 'detached' });

    await h.page.keyboard.press('Control+k');
    await box.fill('990102');
    await h.page.locator('[data-group="caseNo"] [data-testid="search-item"]', { hasText: SOON_CASE_NO }).waitFor();
    await box.press('Enter');
    await detail.locator('.title', { hasText: '周某某诈骗案' }).waitFor();
    await h.page.keyboard.press('Escape');
    await detail.waitFor({ state: 'detached' });
  });

  it('searches 监控问题 by text and exports the filtered findings to Excel, read back with their columns in order', async () => {
    await go(h.page, 'findings');
    await h.page.selectOption('[data-testid="filter-status"]', '全部');
    await h.page.selectOption('select[aria-label="承办部门"]', '第一检察部');
    const count = h.page.locator('[data-testid="findings-count"]');
    await h.page.fill('[data-testid="findings-search"]', '许江');
    // Only the case of the suspect 许江 is left (a name search in 监控问题 goes through the search index).
    await h.page.waitForFunction((no) => {
      const cells = [...document.querySelectorAll('[data-testid="findings-grid"] .ag-row [col-id="caseNo"]')];
      return cells.length > 0 && cells.every((c) => c.textContent === no);
    }, XU_CASE_NO);
    const searched = Number((await count.innerText()).replace(/\D/g, ''));
    expect(searched).toBeGreaterThan(0);
    expect(await h.page.locator('[data-testid="findings-grid"] .ag-row [col-id="person"]').first().innerText()).toBe(
      '许某（1号）',
    );
    await h.page.fill('[data-testid="findings-search"]', '');
    await h.page.waitForFunction(
      (n) => Number(document.querySelector('[data-testid="findings-count"]')!.textContent!.replace(/\D/g, '')) > n,
      searched,
    );
    const shown = Number((await count.innerText()).replace(/\D/g, ''));

    const before = new Set(fs.readdirSync(h.outDir));
    await h.page.click('[data-testid="findings-export"]');
    await h.page.locator('[data-testid="grid-export-msg"]', { hasText: '已导出' }).waitFor({ timeout: 30_000 });
    await h.shot('findings-export');
    const file = fs.readdirSync(h.outDir).find((f) => !before.has(f) && f.endsWith('.xlsx'));
    expect(file).toMatch(/^监控问题_\d{8}-\d{6}\.xlsx$/);
    const rows = await readXlsx(path.join(h.outDir, file!));
    expect(rows[0]).toEqual(['赤城县人民检察院\u3000监控问题']);
    expect(String(rows[1][0])).toMatch(
      /^审核基准日 \d{4}-\d{2}-\d{2}\u3000导出时间 .*\u3000操作人 王芳\u3000共 \d+ 条\u3000条件：状态：全部；承办部门：第一检察部$/,
    );
    const headers = await h.page
      .locator(
        '[data-testid="findings-grid"] .ag-header-row-column .ag-header-cell[col-id]:not([col-id="ag-Grid-SelectionColumn"])',
      )
      .evaluateAll((els) => els.map((e) => (e as HTMLElement).innerText.trim()));
    expect(rows[2]).toEqual(headers);
    expect(rows.length - 3).toBe(shown);
    const deptCol = headers.indexOf('承办部门');
    expect(new Set(rows.slice(3).map((r) => r[deptCol]))).toEqual(new Set(['第一检察部']));
  });

  it('prints the grid under the office header (the print view), Esc closes it', async () => {
    await h.page.click('[data-testid="findings-print"]');
    const view = h.page.locator('[data-testid="print-view"]');
    await view.waitFor();
    expect(await view.locator('.print-office').innerText()).toBe('赤城县人民检察院');
    expect(await view.locator('.print-title').innerText()).toBe('监控问题');
    expect(await view.locator('.print-table tbody tr').count()).toBeGreaterThan(0);
    await h.shot('print-view');
    await h.page.keyboard.press('Escape');
    await view.waitFor({ state: 'detached' });
  });

  it('saves a view and finds it after a reload; filters and chosen columns survive the reload', async () => {
    await h.page.selectOption('select[aria-label="承办部门"]', '第一检察部');
    await h.page.click('[data-testid="view-save"]');
    await h.page.fill('input[aria-label="视图名称"]', '一部全部问题');
    await h.page.click('[data-testid="view-save-confirm"]');
    // Hide a column: remembered in the store.
    await h.page.click('[data-testid="grid-columns"]');
    await h.page.uncheck('.col-pop input[data-col="firstSeen"]');
    await h.page.keyboard.press('Escape');
    await h.page.waitForTimeout(800); // the column state is saved after a short pause
    await h.page.reload();
    await h.page.waitForSelector('nav a[data-screen="findings"][aria-current="page"]');
    await expect(h.page.locator('select[aria-label="承办部门"]').inputValue()).resolves.toBe('第一检察部');
    await h.page.locator('[data-testid="findings-grid"] .ag-row').first().waitFor();
    expect(await h.page.locator('[data-testid="findings-grid"] .ag-header-cell[col-id="firstSeen"]').count()).toBe(0);
    // Elsewhere and back: the view brings the filters back.
    await go(h.page, 'home');
    await go(h.page, 'findings');
    await expect(h.page.locator('select[aria-label="承办部门"]').inputValue()).resolves.toBe('');
    const options = await h.page.locator('[data-testid="views-select"] option').allInnerTexts();
    expect(options).toEqual(expect.arrayContaining(['我的临期', '本周新发现', '逾期未回复', '一部全部问题']));
    await h.page.selectOption('[data-testid="views-select"]', { label: '一部全部问题' });
    await h.page.waitForFunction(
      () => (document.querySelector('select[aria-label="承办部门"]') as HTMLSelectElement).value === '第一检察部',
    );
    await h.shot('saved-view');
    await h.page.selectOption('[data-testid="views-select"]', { label: '本周新发现' });
    await h.page.locator('[data-testid="findings-preset"]', { hasText: '本周新发现' }).waitFor();
    await h.page.selectOption('[data-testid="views-select"]', { label: '我的临期' });
    await h.page.locator('[data-testid="warnings-grid"]').waitFor();
  });

  it('opens a finding with Enter, moves with the arrow keys, closes with Esc; the chosen clerk is recorded', async () => {
    await go(h.page, 'settings');
    await h.page.fill('[data-testid="operator-name"]', '李娜');
    await h.page.click('[data-testid="operator-add"]');
    await h.page.locator('[data-testid="operators"] td', { hasText: '李娜' }).waitFor();
    await h.page.selectOption('[data-testid="operator-select"]', '李娜');
    await h.shot('operators');
    await go(h.page, 'findings');
    const grid = h.page.locator('[data-testid="findings-grid"]');
    await grid.locator('.ag-row[row-index="1"]').waitFor();
    await grid.locator('.ag-row[row-index="0"] [col-id="message"]').click();
    const detail = h.page.locator('[data-testid="finding-detail"]');
    await detail.waitFor();
    await h.page.keyboard.press('Escape');
    await detail.waitFor({ state: 'detached' });
    await grid.locator('.ag-row[row-index="0"] [col-id="message"]').focus();
    await h.page.keyboard.press('ArrowDown');
    await h.page.keyboard.press('Enter');
    await detail.waitFor();
    const second = await grid.locator('.ag-row[row-index="1"] [col-id="message"]').innerText();
    await detail.locator('.title', { hasText: second }).waitFor();
    await detail.locator('button:has-text("口头提示")').click();
    await h.page.fill('[data-testid="dialog-text"]', '已电话提示。');
    await h.page.click('[data-testid="dialog-confirm"]');
    await h.page.locator('[data-testid="finding-history"] li', { hasText: '李娜' }).waitFor({ timeout: 15_000 });
    await h.page.selectOption('[data-testid="operator-select"]', '王芳');
  });

  it('shows the deadline calendar: a month of days coloured by days left, a day opens its list', async () => {
    await go(h.page, 'calendar');
    await h.page.locator('[data-testid="calendar-basis"]', { hasText: '依据' }).waitFor();
    const days = h.page.locator('[data-testid="calendar-day"]');
    expect(await days.count()).toBeGreaterThanOrEqual(28);
    const busy = h.page.locator(
      '[data-testid="calendar-day"].band-soon, [data-testid="calendar-day"].band-week, [data-testid="calendar-day"].band-later, [data-testid="calendar-day"].band-overdue',
    );
    await busy.first().waitFor();
    await h.shot('calendar');
    await busy.first().click();
    const list = h.page.locator('[data-testid="calendar-day-list"]');
    await list.locator('tbody tr').first().waitFor();
    expect(await list.innerText()).toMatch(/超期|临期|期限/);
    await h.shot('calendar-day');
    await h.page.selectOption('select[aria-label="承办部门"]', '第一检察部');
    await h.page.locator('[data-testid="calendar-day"]').first().waitFor();
    await h.page.keyboard.press('Escape');
    await list.waitFor({ state: 'detached' });
  });

  it('picks dates, weeks and months in Chinese and says a date that does not exist does not exist', async () => {
    await go(h.page, 'jobs');
    await h.page.click('[data-testid="job-date"] + button');
    const pop = h.page.locator('.picker-pop');
    await pop.waitFor();
    const head = await pop.locator('th').allInnerTexts();
    expect(head).toEqual(['一', '二', '三', '四', '五', '六', '日']);
    expect(await pop.locator('.cal-title').innerText()).toMatch(/^\d{4}年\d{1,2}月$/);
    await h.shot('date-picker');
    await h.page.keyboard.press('Escape');
    await pop.waitFor({ state: 'detached' });
    await h.page.fill('[data-testid="job-date"]', '2026-11-31');
    await h.page.locator('[data-testid="job-date"]').press('Enter');
    await h.page.locator('.picker-error', { hasText: '日期不存在：2026年11月只有30天' }).waitFor();
    await h.page.click('[data-testid="job-month"] + button');
    expect(await h.page.locator('.picker-pop .cal-months button').first().innerText()).toBe('1月');
    await h.page.keyboard.press('Escape');
  });

  it('lists a referral package under 通报 with a way to it, never a raw validation message', async () => {
    await go(h.page, 'referrals');
    await h.page.click('[role="tab"]:has-text("月度移送材料")');
    const month = await h.page.locator('[data-testid="package-month"]').inputValue();
    await h.page.click('[data-testid="package-export"]');
    await h.page.locator('.msg-ok, .msg-error').first().waitFor({ timeout: 60_000 });
    expect(await h.page.locator('.msg-error').allInnerTexts()).toEqual([]);
    await go(h.page, 'bulletins');
    await h.page.click(`[data-testid="bulletin-referral-package-${month}"]`);
    await h.page.locator('[data-testid="referral-package-link"]').waitFor();
    expect(await h.page.locator('.msg-error').count()).toBe(0);
    expect(await h.page.locator('.content').innerText()).not.toMatch(/参数无效|bulletins\/get|kind/);
  });

  it('threw no page errors', () => {
    expect(h.errors).toEqual([]);
  });
});
