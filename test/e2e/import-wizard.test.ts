/**
 * The import wizard in Chromium (issue 12): drop a real export, see the proposed mapping and the rows as
 * they will be read, map a column and a value, save the mapping, preview and import; import the next export
 * and see the saved mapping chosen by itself, with the changed fields per case in the preview.
 */
import path from 'node:path';
import fs from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it, onTestFailed } from 'vitest';
import { startHarness, type Harness } from './harness';
import { writeWideExport } from './workbooks';

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
  await h.page.goto(h.url);
  await h.page.click('nav a[data-screen="import"]');
  await h.page.waitForSelector('nav a[data-screen="import"][aria-current="page"]');
}, 90_000);

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

describe('the import wizard', () => {
  it('proposes a mapping for a real export; the user maps a column and a value, saves it and imports', async () => {
    const file = path.join(h.dir, '业务系统导出.xlsx');
    await writeWideExport(file);
    await h.page.setInputFiles('[data-testid="file-input"]', file);
    const wizard = h.page.locator('[data-testid="mapping-wizard"]');
    await wizard.waitFor({ timeout: 30_000 });
    const target = (header: string) => h.page.locator(`select[aria-label="「${header}」导入为"]`);
    await target('承办人').waitFor({ timeout: 30_000 });
    // the data date is asked for, proposed from the title row (统计截至2025年10月10日)
    expect(await h.page.inputValue('[data-testid="import-taken-on"]')).toBe('2025-10-10');
    await expect(
      h.page.locator('.field', { has: h.page.locator('[data-testid="import-taken-on"]') }).innerText(),
    ).resolves.toContain('取自文件标题行「某县人民检察院案件信息表（统计截至2025年10月10日）」');
    await expect(wizard.locator('.panel-head').innerText()).resolves.toContain('已根据能识别的列名推荐了对应关系');
    // the proposal: known names placed, the unknown 所属科室 not
    await expect(target('承办人').inputValue()).resolves.toBe('案件.承办检察官');
    await expect(target('受案日期').inputValue()).resolves.toBe('案件.受理日期');
    await expect(target('犯罪嫌疑人').inputValue()).resolves.toBe('嫌疑人.姓名');
    await expect(target('所属科室').inputValue()).resolves.toBe('');
    await expect(target('序号').inputValue()).resolves.toBe('');
    await expect(h.page.locator('[data-testid="mapping-problems"]').innerText()).resolves.toContain(
      '必填列「案件 · 承办部门」还没有对应的列或固定值',
    );
    expect(await h.page.locator('[data-testid="mapping-save"]').isDisabled()).toBe(true);
    // the rows as they will be read: 2025年09月01日 read as a date, 取保 already mapped, 合计 skipped
    const preview = h.page.locator('[data-testid="mapping-preview"]');
    await preview.waitFor();
    const text = await preview.innerText();
    expect(text).toContain('2025-09-01');
    expect(text).toContain('取保候审');
    expect(text).toContain('跳过');

    // map the column the app did not know
    await target('所属科室').selectOption('案件.承办部门');
    await h.page.locator('[data-testid="mapping-problems"]').waitFor({ state: 'detached', timeout: 15_000 });
    await expect.poll(() => preview.locator('th', { hasText: '案件 · 承办部门' }).count(), { timeout: 15_000 }).toBe(1);
    // map the value only the user can place
    const odd = h.page.locator('select[aria-label="「保外」转换为"]');
    await expect(odd.inputValue()).resolves.toBe('');
    await expect(preview.locator('td.cell-error', { hasText: '保外' }).count()).resolves.toBe(1);
    await odd.selectOption('取保候审');
    await expect.poll(() => preview.locator('td.cell-error').count(), { timeout: 15_000 }).toBe(0);
    await h.page.mouse.move(5, 5);
    await h.shot('import-wizard');
    await preview.scrollIntoViewIfNeeded();
    await h.shot('import-wizard-rows');

    await h.page.fill('input[aria-label="模板名称"]', '业务系统-案件信息导出');
    await h.page.click('[data-testid="mapping-save"]');
    const summary = h.page.locator('[data-testid="import-summary"]');
    await summary.waitFor({ timeout: 30_000 });
    await expect(summary.innerText()).resolves.toContain('按导入模板「业务系统-案件信息导出」读取');
    await expect(summary.innerText()).resolves.toContain('数据日期 2025-10-10');
    await expect(summary.locator('.stat', { hasText: '新增案件' }).locator('.stat-value').innerText()).resolves.toBe(
      '4',
    );
    await h.page.click('[data-testid="import-commit"]');
    await h.page.locator('.msg-ok').waitFor({ timeout: 30_000 });
    await expect
      .poll(() => h.page.locator('[data-testid="saved-mappings"]').innerText(), { timeout: 15_000 })
      .toContain('业务系统-案件信息导出');
    const stored = h.db
      .prepare(
        "SELECT p.measure FROM persons p JOIN cases c ON c.id = p.case_id WHERE c.case_no = '某检刑诉受[2025]770004号' ORDER BY p.person_no",
      )
      .pluck()
      .all();
    expect(stored).toEqual(['取保候审', '逮捕']);
    expect(h.db.prepare("SELECT department FROM cases WHERE case_no = '某检申诉受[2025]77000号'").pluck().get()).toBe(
      '第二检察部',
    );
  }, 120_000);

  it('reads the next export through the saved mapping by itself and previews the changed fields per case', async () => {
    const file = path.join(h.dir, '业务系统导出-第二周.xlsx');
    await writeWideExport(file, true);
    await h.page.setInputFiles('[data-testid="file-input"]', file);
    // read through the saved mapping by itself: no wizard; the new spelling 已办结 is an error naming the cell
    const errors = h.page.locator('[data-testid="import-errors"]');
    await errors.waitFor({ timeout: 30_000 });
    expect(await h.page.locator('[data-testid="mapping-wizard"]').count()).toBe(0);
    await expect(h.page.locator('[data-testid="file-chips"]').innerText()).resolves.toContain(
      '按导入模板「业务系统-案件信息导出」读取',
    );
    await expect(errors.innerText()).resolves.toMatch(/业务系统导出-第二周\.xlsx\s+案件信息\s+6\s+办案状态\s+已办结/);
    // the user adds the value to the saved mapping and checks again
    await h.page.click('[data-testid="mapping-fix"] button');
    const wizard = h.page.locator('[data-testid="mapping-wizard"]');
    await wizard.waitFor();
    const odd = h.page.locator('select[aria-label="「已办结」转换为"]');
    await odd.waitFor({ timeout: 30_000 });
    await expect(wizard.locator('.panel-head').innerText()).resolves.toContain(
      '已按导入模板「业务系统-案件信息导出」读取',
    );
    await wizard.locator('button', { hasText: '建议：办结' }).click();
    await expect.poll(() => odd.inputValue(), { timeout: 15_000 }).toBe('办结');
    await h.page.click('[data-testid="mapping-save"]');
    const summary = h.page.locator('[data-testid="import-summary"]');
    await summary.waitFor({ timeout: 30_000 });
    await expect(summary.innerText()).resolves.toContain(
      '文件 业务系统导出-第二周.xlsx 按导入模板「业务系统-案件信息导出」读取',
    );
    expect(await h.page.inputValue('[data-testid="import-taken-on"]')).toBe('2025-10-17');
    await expect(summary.innerText()).resolves.toContain('数据日期 2025-10-17');
    const changes = h.page.locator('[data-testid="import-changes"]');
    await expect(changes.locator('tbody > tr').count()).resolves.toBe(2);
    await changes.locator('tr', { hasText: '某检刑诉受[2025]770002号' }).click();
    const fields = h.page.locator('[data-testid="change-fields"]');
    await fields.waitFor();
    const ft = await fields.innerText();
    expect(ft).toMatch(/案件\s+案件状态\s+在办\s+办结/);
    expect(ft).toMatch(/案件\s+办结日期\s+（空）\s+2025-10-15/);
    await changes.locator('tr', { hasText: '某检刑诉受[2025]770004号' }).click();
    await expect(h.page.locator('[data-testid="change-fields"]').last().innerText()).resolves.toMatch(
      /嫌疑人（嫌疑人编号 2）\s+羁押状态\s+在押\s+未羁押/,
    );
    await h.page.mouse.move(5, 5);
    await h.shot('import-preview-changes');
    await h.page.click('[data-testid="import-commit"]');
    await h.page.locator('.msg-ok').waitFor({ timeout: 30_000 });
    expect(h.db.prepare("SELECT status, taken_on FROM cases WHERE case_no = '某检刑诉受[2025]770002号'").get()).toEqual(
      {
        status: '办结',
        taken_on: '2025-10-17',
      },
    );
    // exported as a JSON file, then deleted
    const saved = h.page.locator('[data-testid="saved-mappings"]');
    await saved.locator('button', { hasText: '导出' }).click();
    await h.page.locator('[data-testid="mapping-exported"]').waitFor();
    await saved.locator('button', { hasText: '删除' }).click();
    await h.page.click('[data-testid="mapping-delete-confirm"]');
    await expect.poll(() => saved.innerText(), { timeout: 15_000 }).toContain('尚未保存导入模板');
    expect(h.errors).toEqual([]);
  }, 120_000);
});
