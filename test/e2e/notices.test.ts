/**
 * Notices where the work is (issue 17), in Chromium: a clerk records a notice's reply from the finding's
 * detail panel, then on 监控问题 → 通知书 opens a notice's document and withdraws it with a reason.
 * Screenshots of the new screen go to the e2e screenshots folder.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startHarness, type Harness } from './harness';
import { Builder } from '../metrics/builder';
import { updateSettings } from '../../core/settings';
import { issueNotice } from '../../core/notices';

function chinaDaysAgo(n: number): string {
  const d = new Date(Date.now() - n * 86_400_000);
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(d);
}

async function go(page: Page, screen: string) {
  await page.click(`nav a[data-screen="${screen}"]`);
  await page.waitForSelector(`nav a[data-screen="${screen}"][aria-current="page"]`);
}

let h: Harness;
const ids = { open: 0, data: 0, n1: 0, n2: 0 };

beforeAll(async () => {
  h = await startHarness();
  const ctx = { db: h.db, dbPath: h.dbPath, actor: '案管员' };
  updateSettings(h.db, { officeName: '青城县人民检察院', officeShortName: '青检' });
  const b = new Builder(h.db).staff('李检察', '第一检察部');
  b.case({
    caseNo: '青检刑诉受[2026]1号',
    title: '王五故意伤害案',
    receivedOn: '2026-08-01',
    persons: [{ name: '王五' }],
  });
  b.case({ caseNo: '青检刑诉受[2026]2号', title: '李四诈骗案', receivedOn: '2026-08-02', persons: [{ name: '李四' }] });
  ids.open = b.finding({
    ruleId: 'DL-PROS',
    caseNo: '青检刑诉受[2026]1号',
    severity: '严重',
    kind: '超期未结',
    firstSeen: chinaDaysAgo(30),
    message: '王五审查起诉期限届满，已超期未作出决定',
  });
  ids.data = b.finding({
    ruleId: 'DQ-CAUSE',
    caseNo: '青检刑诉受[2026]2号',
    severity: '轻微',
    kind: '案由未填',
    firstSeen: chinaDaysAgo(30),
    message: '案件未填写案由',
  });
  ids.n1 = issueNotice(ctx, { findingIds: [ids.open], issuedOn: chinaDaysAgo(20) }).id;
  ids.n2 = issueNotice(ctx, { findingIds: [ids.data], issuedOn: chinaDaysAgo(5) }).id;
  await h.page.goto(h.url);
  await h.page.waitForSelector('nav a[data-screen="home"][aria-current="page"]');
}, 120_000);

afterAll(async () => {
  await h?.close();
});

const row = (table: string, id: number) =>
  h.db.prepare(`SELECT * FROM ${table} WHERE id = ?`).get(id) as Record<string, unknown>;

describe('notices where the work is', () => {
  it('refuses a second notice for a finding already in one: the panel’s button is off, the toolbar names the notice', async () => {
    await go(h.page, 'findings');
    const message = h.page
      .locator('[data-testid="findings-grid"] .ag-row [col-id="message"]', { hasText: '王五审查起诉期限届满' })
      .first();
    await message.waitFor({ timeout: 15_000 });
    await message.click();
    const button = h.page.locator('[data-testid="finding-detail"] [data-testid="detail-notice"]');
    await button.waitFor({ timeout: 15_000 });
    expect(await button.isDisabled()).toBe(true);
    expect(await button.getAttribute('title')).toContain('请先撤回');
    await h.page.click('[data-testid="finding-detail"] [aria-label="关闭详情"]');
    // Through the toolbar: the refusal names the notice the finding is in; nothing is issued.
    const rowIndex = await h.page
      .locator('[data-testid="findings-grid"] .ag-row:has([col-id="message"]:has-text("王五审查起诉期限届满"))')
      .first()
      .getAttribute('row-index');
    await h.page
      .locator(`[data-testid="findings-grid"] .ag-row[row-index="${rowIndex}"] input[type="checkbox"]`)
      .first()
      .check();
    await h.page.click('[data-testid="act-notice"]');
    const before = h.errors.length;
    await h.page.click('[data-testid="dialog-confirm"]');
    const refusal = h.page.locator('.msg-error', { hasText: '青检案管监〔2026〕1号' });
    await refusal.waitFor({ timeout: 15_000 });
    expect(await refusal.innerText()).toContain('请先撤回');
    // The browser logs the refused request (409): expected here, and the only console entry.
    expect(h.errors.splice(before)).toEqual([expect.stringMatching(/409 \(Conflict\)/)]);
    expect((h.db.prepare('SELECT COUNT(*) AS n FROM notices').get() as { n: number }).n).toBe(2);
    await h.page
      .locator(`[data-testid="findings-grid"] .ag-row[row-index="${rowIndex}"] input[type="checkbox"]`)
      .first()
      .uncheck();
  });

  it('records a reply from the finding’s detail panel', async () => {
    const rows = h.page.locator('[data-testid="findings-grid"] .ag-row[row-index]:has([col-id="message"])');
    await rows.first().waitFor({ timeout: 15_000 });
    await h.page
      .locator('[data-testid="findings-grid"] .ag-row [col-id="message"]', { hasText: '王五审查起诉期限届满' })
      .first()
      .click();
    const section = h.page.locator('[data-testid="finding-detail"] [data-testid="finding-notices"]');
    await section.waitFor({ timeout: 15_000 });
    expect(await section.innerText()).toContain('青检案管监〔2026〕1号');
    expect(await section.locator('[data-testid="notice-status"]').innerText()).toBe('逾期未回复');
    await section.locator('[data-testid="notice-reply"]').click();
    await h.page.fill('[data-testid="notice-dialog-text"]', '已于次日作出起诉决定，超期原因系鉴定意见迟延送达。');
    await h.page.click('[data-testid="notice-dialog-confirm"]');
    await section.locator('[data-testid="notice-status"]', { hasText: '已回复' }).waitFor({ timeout: 15_000 });
    expect(await section.innerText()).toContain('回复：已于次日作出起诉决定');
    expect(row('notices', ids.n1)).toMatchObject({ reply_text: '已于次日作出起诉决定，超期原因系鉴定意见迟延送达。' });
    await h.page.mouse.move(5, 5);
    await h.shot('finding-notices');
  });

  it('lists the notices with their status, opens a notice’s document and withdraws it', async () => {
    await h.page.click('[role="tab"]:has-text("通知书")');
    const grid = h.page.locator('[data-testid="notices-grid"]');
    await grid.locator('.ag-row[row-index]').nth(1).waitFor({ timeout: 15_000 });
    expect(await grid.innerText()).toContain('已回复');
    expect(await grid.innerText()).toContain('待回复');
    await h.shot('notices');
    await grid.locator('.ag-row [col-id="number"]', { hasText: '青检案管监〔2026〕2号' }).click();
    const detail = h.page.locator('[data-testid="notice-detail"]');
    await detail.waitFor();
    expect(await detail.locator('[data-testid="notice-problems"]').innerText()).toContain(
      '更正统一业务应用系统中的案卡信息',
    );
    // Open the document: DOCX and PDF served to the browser.
    await detail.locator('[data-testid="notice-open"]').click();
    const links = detail.locator('[data-testid="notice-files"] a');
    await links.nth(1).waitFor({ timeout: 60_000 });
    for (const href of await links.evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).href))) {
      const r = await h.context.request.get(href);
      expect(r.status()).toBe(200);
      expect((await r.body()).length).toBeGreaterThan(1000);
    }
    // Withdraw it with a reason.
    await detail.locator('[data-testid="notice-withdraw"]').click();
    expect(await h.page.locator('[data-testid="notice-dialog-confirm"]').isDisabled()).toBe(true);
    await h.page.fill('[data-testid="notice-dialog-text"]', '案由已于发出前补录，通知书发出有误');
    await h.page.click('[data-testid="notice-dialog-confirm"]');
    await detail.locator('[data-testid="notice-status"]', { hasText: '已撤回' }).waitFor({ timeout: 15_000 });
    expect(await detail.innerText()).toContain('案由已于发出前补录，通知书发出有误');
    expect(row('notices', ids.n2)).toMatchObject({ withdrawn_reason: '案由已于发出前补录，通知书发出有误' });
    expect(row('findings', ids.data)).toMatchObject({ status: '待处理', notice_id: null });
    await grid.locator('.ag-row [col-id="status"]', { hasText: '已撤回' }).waitFor({ timeout: 15_000 });
    await h.page.mouse.move(5, 5);
    await h.shot('notice-detail');
    // The status filter.
    await h.page.selectOption('[data-testid="notice-filter-status"]', '已撤回');
    await h.page.locator('[data-testid="notices-count"]', { hasText: '共 1 份' }).waitFor({ timeout: 15_000 });
    await expect.poll(() => grid.locator('.ag-row[row-index]').count(), { timeout: 15_000 }).toBe(1);
    expect(await grid.innerText()).toContain('青检案管监〔2026〕2号');
  });

  it('threw no page errors', () => {
    expect(h.errors).toEqual([]);
  });
});
