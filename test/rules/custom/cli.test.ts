/** `caseflow rules list|import|export|test|enable|disable` through the real command (cli.md, custom-rules.md). */
import fs from 'node:fs';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { tmpDir } from '../../helpers/tmp';
import { openStore } from '../../../db/store';
import { addCase } from '../builder';

const BIN = path.resolve(__dirname, '../../../bin/caseflow.js');

function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...argv],
      { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } },
      (e, out, err) => resolve({ code: e ? (typeof e.code === 'number' ? e.code : 2) : 0, out, err }),
    );
  });
}

const RULE = {
  id: 'X-NO-AGENCY',
  title: '移送单位未填',
  area: '案卡填录',
  severity: '轻微',
  subject: 'case',
  when: { combinator: 'and', rules: [{ field: 'case.agency', operator: 'null' }] },
  message: '{case.caseNo} 未填写移送单位',
};
const PACK = {
  format: 'caseflow-rules/1',
  pack: { name: '第3期', issuer: '市院', issuedOn: '2026-03-02' },
  rules: [RULE],
};

describe('caseflow rules', () => {
  it('imports (exit 1 when refused, nothing changed), lists, tests without writing, disables and enables, exports', async () => {
    const dir = tmpDir();
    const dbPath = path.join(dir, 's.sqlite');
    const db = openStore(dbPath);
    addCase(db, { caseNo: 'C-1', receivedOn: '2026-03-01' });
    addCase(db, { caseNo: 'C-2', receivedOn: '2026-03-02', agency: '赤城县公安局' });
    db.close();
    const good = path.join(dir, '第3期.json');
    fs.writeFileSync(good, JSON.stringify(PACK));
    const bad = path.join(dir, '错误.json');
    fs.writeFileSync(
      bad,
      JSON.stringify({
        ...PACK,
        rules: [
          { ...RULE, when: { combinator: 'and', rules: [{ field: 'case.category', operator: '=', value: '起诉' }] } },
        ],
      }),
    );

    const refused = await run(['rules', 'import', bad, '--db', dbPath]);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain(
      '错误.json: X-NO-AGENCY: when.rules[0].value: “起诉” 不是 案件类别 的可选值（审查逮捕、审查起诉、刑事申诉、民事生效裁判监督、行政生效裁判监督、公益诉讼、其他）',
    );
    expect(refused.err).toContain('未做任何更改');
    const none = JSON.parse((await run(['rules', 'list', '--json', '--db', dbPath])).out);
    expect(none.rules.filter((r: { custom: boolean }) => r.custom)).toEqual([]);

    const dry = await run(['rules', 'import', good, '--dry-run', '--json', '--db', dbPath]);
    expect(JSON.parse(dry.out)).toMatchObject({ ok: true, dryRun: true, added: ['X-NO-AGENCY'] });
    const imp = await run(['rules', 'import', good, '--db', dbPath]);
    expect(imp.code).toBe(0);
    expect(imp.out).toContain('已导入规则包“第3期”（市院 2026-03-02）：新增 1 条');

    const list = JSON.parse((await run(['rules', 'list', '--json', '--db', dbPath])).out);
    expect(list.rules.find((r: { id: string }) => r.id === 'DL-PROS')).toMatchObject({
      custom: false,
      enabled: true,
      version: null,
    });
    expect(list.rules.find((r: { id: string }) => r.id === 'X-NO-AGENCY')).toEqual({
      id: 'X-NO-AGENCY',
      title: '移送单位未填',
      area: '案卡填录',
      severity: '轻微',
      enabled: true,
      version: 1,
      custom: true,
    });

    const t = await run(['rules', 'test', '--ids', 'X-NO-AGENCY', '--date', '2026-03-10', '--json', '--db', dbPath]);
    expect(JSON.parse(t.out)).toEqual({
      asOf: '2026-03-10',
      rules: [
        { id: 'X-NO-AGENCY', findings: 1, samples: [{ caseNo: 'C-1', personNo: null, message: 'C-1 未填写移送单位' }] },
      ],
    });
    const tf = await run(['rules', 'test', good, '--date', '2026-03-10', '--db', dbPath]);
    expect(tf.out).toContain('X-NO-AGENCY 移送单位未填：1 个问题');
    expect((await run(['rules', 'test', bad, '--db', dbPath])).code).toBe(1);
    expect((await run(['rules', 'test', '--ids', 'X-NOPE', '--db', dbPath])).code).toBe(1);

    expect((await run(['audit', '--date', '2026-03-10', '--db', dbPath])).code).toBe(0);
    const findings = JSON.parse((await run(['findings', '--rule', 'X-NO-AGENCY', '--json', '--db', dbPath])).out);
    expect(findings.findings).toMatchObject([{ ruleId: 'X-NO-AGENCY', caseNo: 'C-1', status: '待处理' }]);

    const off = await run(['rules', 'disable', 'X-NO-AGENCY', '--db', dbPath]);
    expect(off.out).toContain('已停用规则 X-NO-AGENCY（第 2 版），关闭 1 个未整改问题');
    const after = JSON.parse((await run(['findings', '--rule', 'X-NO-AGENCY', '--json', '--db', dbPath])).out);
    expect(after.findings).toMatchObject([{ status: '不予纠正' }]);
    expect((await run(['rules', 'disable', 'X-NO-AGENCY', '--db', dbPath])).out).toContain('已经是停用状态');
    expect(JSON.parse((await run(['rules', 'enable', 'X-NO-AGENCY', '--json', '--db', dbPath])).out)).toEqual({
      id: 'X-NO-AGENCY',
      enabled: true,
      version: 3,
      changed: true,
      closed: 0,
    });
    expect((await run(['rules', 'enable', 'X-NOPE', '--db', dbPath])).code).toBe(1);

    const out = path.join(dir, 'out', '导出.json');
    const ex = await run(['rules', 'export', '--out', out, '--ids', 'X-NO-AGENCY', '--db', dbPath]);
    expect(ex.code).toBe(0);
    expect(JSON.parse(fs.readFileSync(out, 'utf8'))).toMatchObject({
      format: 'caseflow-rules/1',
      rules: [{ ...RULE, enabled: true }],
    });
    expect((await run(['rules', 'frobnicate', '--db', dbPath])).code).toBe(1);
  });
});
