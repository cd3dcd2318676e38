/**
 * Issue 13 end to end in Chromium, on the hand-worked office of test/dossier/office.ts plus one finding that is
 * 逾期未整改 and open in January 2026: the red finding in 监控问题 and its history; a prosecutor's name opening
 * the 个人执法档案, whose figures open their lists; excluding a finding from January's 逾期未整改问题移送清单 with a
 * reason and restoring it; the 2025-Q3 prosecutors' bulletin in 通报, exported; the 2025 evaluation workbook.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, onTestFailed } from 'vitest';
import type { Page } from 'playwright-core';
import { startHarness, type Harness } from './harness';
import { liveThrough2025, findingId } from '../dossier/office';
import { issueNotice } from '../../core/notices';
import { runAudit } from '../../core/jobs/audit';

let h: Harness;
let bail: number;

async function go(page: Page, screen: string) {
  await page.click(`nav a[data-screen="${screen}"]`);
  await page.waitForSelector(`nav a[data-screen="${screen}"][aria-current="page"]`);
}

beforeAll(async () => {
  h = await startHarness();
  const ctx = { db: h.db, dbPath: h.dbPath, actor: 'e2e' };
  await liveThrough2025(ctx, h.dir);
  // K08's 取保候审 limit (CM-BAIL): a notice on 2026-01-02 (reply due 01-12), still open at the 01-13 audit.
  bail = findingId(ctx, 'CM-BAIL', '08');
  issueNotice(ctx, { findingIds: [bail], issuedOn: '2026-01-02' });
  runAudit(ctx, { asOf: '2026-01-13' });
}, 180_000);

afterAll(async () => {
  await h?.close();
});

beforeEach((t) => {
  onTestFailed(async () => {
    if (!h?.page) return;
    const dir = path.resolve(__dirname, '..', '..', '.tmp', 'e2e-failures');
    fs.mkdirSync(dir, { recursive: true });
    const name = t.task.name.replace(/[^\w\u4e00-\u9fff]+/g, '-').slice(0, 60);
    await h.page.screenshot({ path: path.join(dir, `${name}.png`), fullPage: true }).catch(() => undefined);
    fs.writeFileSync(path.join(dir, `${name}.txt`), h.errors.join('\n'));
  });
});

describe('escalation, dossier, quarter bulletin and evaluation in the browser', () => {
  it('shows the 逾期未整改 finding red, with its history, and opens its prosecutor’s dossier from the finding', async () => {
    const page = h.page;
    await page.goto(h.url);
    await go(page, 'findings');
    await page.selectOption('[data-testid="filter-status"]', '逾期未整改');
    await page.locator('[data-testid="findings-count"]', { hasText: '共 1 条' }).waitFor({ timeout: 15_000 });
    const row = page.locator('[data-testid="findings-grid"] .ag-row[row-index]:has([col-id="message"])').first();
    await row.waitFor();
    expect(await row.getAttribute('class')).toContain('row-overdue-rect');
    expect(await page.locator('[data-testid="findings-grid"] .badge.overdue-rect').count()).toBeGreaterThan(0);
    await row.locator('[col-id="message"]').click();
    const detail = page.locator('[data-testid="finding-detail"]');
    await detail.locator('[data-testid="finding-overdue-rect"]').waitFor();
    expect(await detail.locator('[data-testid="finding-overdue-rect"]').innerText()).toContain('2026-01-13');
    const history = await detail.locator('[data-testid="finding-history"]').innerText();
    expect(history).toContain('逾期未整改');
    expect(history).toContain('2026年1月12日');

    await detail.locator('button.prosecutor-link', { hasText: '王强' }).click();
    await page.waitForSelector('nav a[data-screen="dossier"][aria-current="page"]');
    await page.selectOption('[data-testid="dossier-year"]', '2025');
    await page.locator('[data-testid="dossier-title"]', { hasText: '王强 · 2025年度' }).waitFor({ timeout: 15_000 });
  });

  it('shows 李明’s 2025 dossier; each figure opens the list behind it', async () => {
    const page = h.page;
    await page.selectOption('[data-testid="dossier-prosecutor"]', '李明');
    await page.locator('[data-testid="dossier-title"]', { hasText: '李明 · 2025年度' }).waitFor({ timeout: 15_000 });
    const findings = page.locator('[data-testid="dossier-findings"]');
    expect(await findings.innerText()).toContain('36.5');
    expect(await findings.innerText()).toContain('50.0%');
    await findings.locator('button[data-figure="escalated"]').click();
    const list = page.locator('[data-testid="dossier-list"]');
    await list.locator('tbody tr').first().waitFor({ timeout: 15_000 });
    expect(await list.locator('tbody tr').count()).toBe(1);
    expect(await list.innerText()).toContain('赤检刑诉受[2025]130732000004号');
    expect(await list.innerText()).toContain('刘某危险驾驶案');
    await page.keyboard.press('Escape');
    // August's 办结: K01 and K02.
    await page
      .locator('[data-testid="dossier-months"] tr', { hasText: '8月' })
      .locator('button[data-figure="concluded"]')
      .click();
    await list.locator('tbody tr').first().waitFor({ timeout: 15_000 });
    expect(await list.locator('tbody tr').count()).toBe(2);
    await page.keyboard.press('Escape');
    // By rule: DQ-CAUSE → K04.
    await page.locator('[data-testid="dossier-by-rule"] button[data-figure="findingsByRule"]').nth(1).click();
    await list.locator('tbody tr').first().waitFor({ timeout: 15_000 });
    expect(await list.locator('tbody tr').count()).toBe(1);
    await page.keyboard.press('Escape');
    // Exported as Word, PDF and Excel through the one document model; the files are served back.
    await page.click('[data-testid="dossier-export"]');
    const files = page.locator('[data-testid="dossier-files"] a');
    await files.nth(2).waitFor({ timeout: 90_000 });
    const names = await files.allInnerTexts();
    expect(names.map((n) => n.slice(n.lastIndexOf('.'))).sort()).toEqual(['.docx', '.pdf', '.xlsx']);
    expect(names.every((n) => n.includes('李明') && n.includes('个人执法档案'))).toBe(true);
    const pdf = await files.filter({ hasText: '.pdf' }).evaluate((a) => (a as HTMLAnchorElement).href);
    const r = await h.context.request.get(pdf);
    expect(r.status()).toBe(200);
    expect((await r.body()).subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('excludes a finding from January’s 逾期未整改问题移送清单 with a reason, and restores it', async () => {
    const page = h.page;
    await go(page, 'referrals');
    await page.click('[role="tab"]:has-text("月度移送材料")');
    await page.fill('[data-testid="package-month"]', '2026-01');
    await page.press('[data-testid="package-month"]', 'Tab');
    const list = page.locator('[data-testid="overdue-list"]');
    await list.locator(`tr[data-finding="${bail}"]`).waitFor({ timeout: 15_000 });
    expect(await list.innerText()).toContain('拟移送');
    await page.click(`[data-testid="exclude-${bail}"]`);
    expect(await page.locator('[data-testid="exclude-confirm"]').isDisabled()).toBe(true);
    await page.fill('[data-testid="exclude-reason"]', '承办检察官已说明客观原因');
    await page.click('[data-testid="exclude-confirm"]');
    await list.locator(`tr[data-finding="${bail}"]`, { hasText: '不予移送：承办检察官已说明客观原因' }).waitFor();
    await list.locator(`tr[data-finding="${bail}"] button:has-text("恢复移送")`).click();
    await list.locator(`tr[data-finding="${bail}"]`, { hasText: '拟移送' }).waitFor();
  });

  it('opens the 2025-Q3 prosecutors’ bulletin in 通报, exports it, and exports the 2025 evaluation workbook', async () => {
    const page = h.page;
    await go(page, 'bulletins');
    await page.selectOption('[data-testid="long-year"]', '2025');
    await page.selectOption('[data-testid="long-span"]', 'Q3');
    await page.click('[data-testid="long-open"]');
    const table = page.locator('[data-testid="prosecutor-table"]');
    await table.waitFor({ timeout: 15_000 });
    const li = table.locator('.ag-row', { hasText: '李明' }).first();
    await li.waitFor();
    expect(await li.innerText()).toContain('75.0%'); // 结案率 3 / 4
    await page.click('[data-testid="bulletin-export"]');
    const links = page.locator('[data-testid="bulletin-files"] a');
    await links.first().waitFor({ timeout: 90_000 });
    const names = await links.allInnerTexts();
    expect(names.some((n) => n.includes('2025年第三季度员额检察官办案数据通报'))).toBe(true);
    // Frozen by the export: listed with the quarters.
    await page.locator('[data-testid="bulletin-prosecutors-2025-Q3"]').waitFor({ timeout: 15_000 });

    // The quarter's monitoring bulletin, frozen with it: each figure beside 上期 (2025-Q2, covered) and 同比 (2024-Q3,
    // before the first data date: —).
    await page.selectOption('select[aria-label="通报"]', 'monitoring');
    await page.click('[data-testid="long-open"]');
    const figs = page.locator('[data-testid="bulletin-figures"]');
    await figs.locator('.stat-sub', { hasText: '同比 —' }).first().waitFor({ timeout: 15_000 });
    expect(await figs.locator('.stat-sub', { hasText: /上期 \d/ }).count()).toBeGreaterThan(0);

    await page.selectOption('select[aria-label="考评年度"]', '2025');
    await page.click('[data-testid="evaluation-export"]');
    const file = page.locator('[data-testid="evaluation-file"] a');
    await file.waitFor({ timeout: 60_000 });
    expect(await file.innerText()).toBe('2025年度员额检察官业绩考评数据.xlsx');
    const r = await h.context.request.get(await file.evaluate((a) => (a as HTMLAnchorElement).href));
    expect(r.status()).toBe(200);
    expect((await r.body()).subarray(0, 2).toString()).toBe('PK');
  });

  it('threw no page errors', () => {
    expect(h.errors).toEqual([]);
  });
});
