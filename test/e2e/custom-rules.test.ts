/**
 * Issue 18 end to end in Chromium: 设置 → 自定义规则. A case manager builds a rule in the visual builder
 * (a field by its Chinese name, 为空, a nested group with 取反, a date relative to the audit date, a message
 * with a field inserted from the picker), watches the live count change as she edits, saves it, runs the
 * daily audit and finds the rule's findings in 监控问题; a bad rule pack is refused naming file, rule and part.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, onTestFailed } from 'vitest';
import type { Page } from 'playwright-core';
import { startHarness, type Harness } from './harness';
import { addCase } from '../rules/builder';

let h: Harness;
const NO_AGENCY_OPEN = '测检刑诉受[2025]000101号';
const NO_AGENCY_DONE = '测检刑诉受[2025]000102号';
const WITH_AGENCY = '测检刑诉受[2025]000103号';

async function go(page: Page, screen: string) {
  await page.click(`nav a[data-screen="${screen}"]`);
  await page.waitForSelector(`nav a[data-screen="${screen}"][aria-current="page"]`);
}

beforeAll(async () => {
  h = await startHarness();
  addCase(h.db, { caseNo: NO_AGENCY_OPEN, title: '张三盗窃案', receivedOn: '2025-10-09', agency: null });
  addCase(h.db, {
    caseNo: NO_AGENCY_DONE,
    receivedOn: '2025-09-01',
    status: '办结',
    concludedOn: '2025-10-01',
    conclusion: '提起公诉',
    agency: null,
    persons: [{ decision: '起诉', decidedOn: '2025-10-01' }],
  });
  addCase(h.db, { caseNo: WITH_AGENCY, receivedOn: '2025-10-10', agency: '赤城县公安局' });
}, 120_000);

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

describe('custom rules in the browser', () => {
  it('builds a rule, sees its live count, saves it, runs the audit and finds its findings in 监控问题', async () => {
    const page = h.page;
    await page.goto(h.url);
    await go(page, 'settings');
    await page.click('[role="tab"]:has-text("自定义规则")');
    await page.click('[data-testid="rule-new"]');
    const editor = page.locator('[data-testid="rule-editor"]');
    await editor.waitFor();

    await page.fill('[data-testid="rule-id"]', 'x-e2e-no-agency');
    expect(await page.inputValue('[data-testid="rule-id"]')).toBe('X-E2E-NO-AGENCY');
    await page.fill('[data-testid="rule-title"]', '移送单位未填');
    await page.selectOption('[data-testid="rule-area"]', '案卡填录');
    await page.selectOption('[data-testid="rule-severity"]', '较重');
    await page.selectOption('[data-testid="rule-subject"]', { label: '案件' });
    await page.fill('[data-testid="rule-basis"]', '案卡填录规范：移送案件应当填写移送单位。');

    // The message, with 部门受案号 inserted from the picker as {部门受案号}
    await page.fill('[data-testid="rule-message"]', '未填写移送单位：');
    await page.selectOption('[data-testid="rule-insert-field"]', '部门受案号');
    expect(await page.inputValue('[data-testid="rule-message"]')).toBe('未填写移送单位：{部门受案号}');

    // Without a condition the preview says what is missing.
    await page.locator('[data-testid="preview-problems"]', { hasText: '条件组中没有条件' }).waitFor();

    // 移送单位 为空 → both cases without 移送单位
    const cond = page.locator('[data-testid="condition-editor"]');
    const topRules = cond.locator('.queryBuilder > .ruleGroup > .ruleGroup-body > .rule');
    await cond.locator('[data-testid="add-rule"]').first().click();
    await topRules.nth(0).locator('[data-testid="fields"]').selectOption({ label: '移送单位' });
    await topRules.nth(0).locator('[data-testid="operators"]').selectOption({ label: '为空' });
    const count = page.locator('[data-testid="preview-count"]');
    const samples = page.locator('[data-testid="preview-samples"]');
    const sample = (caseNo: string) => samples.locator('.sample', { hasText: `未填写移送单位：${caseNo}` });
    await page.locator('[data-testid="preview-count"]', { hasText: /^2$/ }).waitFor({ timeout: 20_000 });
    await sample(NO_AGENCY_DONE).waitFor();

    // A nested group: 案件状态 等于 办结 → the concluded case; with 取反 → the open one
    await cond.locator('[data-testid="add-group"]').first().click();
    const group = cond.locator('[data-testid="rule-group"] [data-testid="rule-group"]').first();
    await group.locator('[data-testid="add-rule"]').click();
    const inner = group.locator('[data-testid="rule"]').first();
    await inner.locator('[data-testid="fields"]').selectOption({ label: '案件状态' });
    await inner.locator('[data-testid="value-editor"] select').selectOption('办结');
    await page.locator('[data-testid="preview-count"]', { hasText: /^1$/ }).waitFor({ timeout: 20_000 });
    await sample(NO_AGENCY_DONE).waitFor();
    await group.locator('[data-testid="not-toggle"] input').check();
    await sample(NO_AGENCY_OPEN).waitFor({ timeout: 20_000 });
    expect(await count.innerText()).toBe('1');

    // 受理日期 早于 相对审核日期：前 30 天 (the open case was received in 2025: still 1), then 前 3650 天: none
    await cond.locator('[data-testid="add-rule"]').first().click();
    const third = topRules.nth(1);
    await third.locator('[data-testid="fields"]').selectOption({ label: '受理日期' });
    await third.locator('[data-testid="operators"]').selectOption({ label: '早于' });
    await third.locator('select[aria-label$="的方式"]').selectOption({ label: '相对审核日期：前' });
    await third.locator('input[aria-label$="（天数）"]').fill('3650');
    await page.locator('[data-testid="preview-count"]', { hasText: /^0$/ }).waitFor({ timeout: 20_000 });
    await third.locator('input[aria-label$="（天数）"]').fill('30');
    await sample(NO_AGENCY_OPEN).waitFor({ timeout: 20_000 });
    expect(await count.innerText()).toBe('1');
    expect(await samples.locator('.sample').count()).toBe(1);
    // Nothing was written while trying
    expect(h.db.prepare('SELECT count(*) FROM custom_rules').pluck().get()).toBe(0);
    expect(h.db.prepare('SELECT count(*) FROM findings').pluck().get()).toBe(0);
    // No English or codes on the builder but the rule id the clerk typed
    const text = await editor.innerText();
    expect(text.replace(/X-E2E-NO-AGENCY|X-PLEA-NO-SENTENCING|YYYY-MM-DD/g, '')).not.toMatch(/[A-Za-z]{3,}/);
    await h.shot('custom-rule-builder');

    await page.click('[data-testid="rule-save"]');
    const row = page.locator('[data-testid="custom-rule-list"] tr[data-rule="X-E2E-NO-AGENCY"]');
    await row.waitFor();
    expect(await row.innerText()).toMatch(
      /移送单位未填[\s\S]*案卡填录[\s\S]*较重[\s\S]*第 1 版[\s\S]*启用[\s\S]*本院自建/,
    );
    await page.locator('.msg-ok', { hasText: '已保存规则 X-E2E-NO-AGENCY（第 1 版）' }).waitFor();
    await h.shot('custom-rules');

    // Its history: created by the clerk at the desk (the harness's first run names 王芳; the OS login only without one)
    await row.locator('button:has-text("历史")').click();
    await page.locator('[data-testid="rule-history"]', { hasText: '新建' }).waitFor();
    expect(await page.locator('[data-testid="rule-history"]').innerText()).toContain('王芳');
    await page.click('[aria-label="关闭"]');

    // The daily audit raises it; 监控问题 lists it under its title
    await go(page, 'home');
    await page.click('[data-testid="run-audit"]');
    await page.locator('.msg-ok, .msg-error').first().waitFor({ timeout: 60_000 });
    expect(await page.locator('.msg-error').count()).toBe(0);
    await go(page, 'findings');
    await page.selectOption('select[aria-label="规则"]', 'X-E2E-NO-AGENCY');
    const rows = page.locator('[data-testid="findings-grid"] .ag-row [col-id="message"]', {
      hasText: `未填写移送单位：${NO_AGENCY_OPEN}`,
    });
    await rows.first().waitFor({ timeout: 20_000 });
    await expect
      .poll(() => page.locator('[data-testid="findings-grid"] .ag-row [col-id="message"]').count(), { timeout: 20_000 })
      .toBe(1);
    await rows.first().click();
    const detail = page.locator('[data-testid="finding-detail"]');
    await detail.waitFor();
    // The panel opens at once with its heading; the finding's text follows when its detail has loaded.
    await expect
      .poll(() => detail.innerText(), { timeout: 10_000 })
      .toContain('案卡填录规范：移送案件应当填写移送单位。');
    expect(h.errors.filter((e) => !/favicon/.test(e))).toEqual([]);
  });

  it('refuses a bad rule pack, naming the file, the rule and the part in Chinese; nothing changes', async () => {
    const page = h.page;
    const bad = path.join(h.dir, '第5期问题清单.json');
    fs.writeFileSync(
      bad,
      JSON.stringify({
        format: 'caseflow-rules/1',
        pack: { name: '第5期', issuer: '市院', issuedOn: '2026-05-01' },
        rules: [
          {
            id: 'X-PLEA-NO-SENTENCING',
            title: '认罪认罚起诉未提量刑建议',
            area: '案卡填录',
            severity: '轻微',
            subject: 'person',
            when: {
              combinator: 'and',
              rules: [
                { field: 'person.plea', operator: '=', value: true },
                { field: 'person.sentencing', operator: '=', value: '无' },
                { field: 'person.decision', operator: '=', value: '起诉书' },
              ],
            },
            message: '{person.name}认罪认罚并已起诉，未填写量刑建议',
          },
        ],
      }),
    );
    await go(page, 'settings');
    await page.click('[role="tab"]:has-text("自定义规则")');
    await page.locator('[data-testid="custom-rule-list"]').waitFor();
    await page.setInputFiles('[data-testid="pack-file"]', bad);
    const problems = page.locator('[data-testid="pack-problems"]');
    await problems.waitFor({ timeout: 20_000 });
    expect(await problems.innerText()).toContain(
      '文件 第5期问题清单.json，规则 X-PLEA-NO-SENTENCING，条件 › 第3项 › 值：“起诉书” 不是 审查结论 的可选值（批准逮捕、不批准逮捕、起诉、不起诉）',
    );
    expect(await page.locator('[data-testid="custom-rule-list"] tbody tr').count()).toBe(1);
    expect(h.db.prepare('SELECT count(*) FROM rule_packs').pluck().get()).toBe(0);
  });
});
