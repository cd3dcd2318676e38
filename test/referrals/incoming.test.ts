import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { tmpStore } from '../helpers/tmp';
import { addReferral, importReferrals, listReferrals, countReferralsIn } from '../../core/referrals';
import { monthPeriod } from '../../core/dates';
import { listFindings, changeFindingStatus } from '../../core/findings';
import { monitoringFigures } from '../../core/metrics';
import { CASES, HEADERS, dumpTables, seedCases, writeReferralsXlsx } from './fixture';

describe('incoming referrals (检务督查移送)', () => {
  it('imports a good workbook: each row becomes a REF-INSPECTION finding of source 检务督查, counted in referralsIn', async () => {
    const { db, ctx, dir } = tmpStore();
    seedCases(db);
    const file = path.join(dir, '督查移送.xlsx');
    await writeReferralsXlsx(
      file,
      [...HEADERS, '备注'],
      [
        {
          收文日期: '2026/10/12',
          督查文号: '某检督〔2026〕3号',
          部门受案号: '赤检刑诉受〔2026〕130732000012号',
          问题类别: '超期羁押',
          问题描述: '张三丰羁押期限届满未及时变更强制措施',
          严重程度: '严重',
          备注: 'x',
        },
        {
          收文日期: new Date(Date.UTC(2026, 9, 20)),
          督查文号: '某检督〔2026〕4号',
          承办部门: '第二检察部',
          承办检察官: '赵静',
          问题类别: '办案纪律',
          问题描述: '接待律师未登记',
        },
        {
          收文日期: '2026年11月2日',
          督查文号: '某检督〔2026〕5号',
          承办部门: '第一检察部',
          承办检察官: '李明',
          部门受案号: '赤检刑诉受[2026]999号',
          问题类别: '文书',
          问题描述: '文书未送达',
        },
      ],
    );
    const dry = await importReferrals(ctx, file, { dryRun: true });
    expect(dry).toMatchObject({ ok: true, dryRun: true, rows: 3, added: 0, errors: [] });
    expect(db.prepare('SELECT COUNT(*) AS n FROM referrals_in').get()).toEqual({ n: 0 });

    const r = await importReferrals(ctx, file);
    expect(r.ok).toBe(true);
    expect(r.added).toBe(3);
    expect(r.warnings.join('\n')).toMatch(/备注/);
    expect(r.warnings.join('\n')).toMatch(/第 4 行.*不在案件库中/);

    const refs = listReferrals(ctx, { month: '2026-10' });
    expect(refs.map((x) => x.docNumber)).toEqual(['某检督〔2026〕3号', '某检督〔2026〕4号']);
    // department/prosecutor taken from the case; case number normalised
    expect(refs[0]).toMatchObject({
      caseNo: CASES[0].caseNo,
      department: '第一检察部',
      prosecutor: '李明',
      severity: '严重',
      findingStatus: '待处理',
    });
    expect(refs[1]).toMatchObject({ caseNo: null, severity: '较重' });

    const f = listFindings(db, { ruleId: 'REF-INSPECTION' }).findings;
    expect(f).toHaveLength(3);
    const rows = db.prepare(`SELECT * FROM findings WHERE rule_id = 'REF-INSPECTION' ORDER BY id`).all() as Record<
      string,
      unknown
    >[];
    expect(rows[0]).toMatchObject({
      source: '检务督查',
      status: '待处理',
      case_no: CASES[0].caseNo,
      subject_key: `REF-${refs[0].id}`,
      first_seen: '2026-10-12',
      last_seen: '2026-10-12',
      status_on: '2026-10-12',
      severity: '严重',
      department: '第一检察部',
      prosecutor: '李明',
    });
    expect(rows[0].case_id).not.toBeNull();
    expect(String(rows[0].message)).toContain('张某某'); // suspect masked in the finding's message
    expect(String(rows[0].message)).not.toContain('张三丰');
    expect(rows[1]).toMatchObject({ case_no: '', department: '第二检察部' });
    const ev = db.prepare(`SELECT action, on_date, to_status FROM finding_events WHERE finding_id = ?`).all(rows[0].id);
    expect(ev).toEqual([{ action: 'detect', on_date: '2026-10-12', to_status: '待处理' }]);

    expect(countReferralsIn(db, monthPeriod('2026-10'))).toBe(2);
    expect(countReferralsIn(db, monthPeriod('2026-11'))).toBe(1);
    // the monitoring bulletin's figure (core/metrics) agrees
    expect(monitoringFigures(db, '2026-10').metrics.referralsIn).toBe(2);
    expect(monitoringFigures(db, '2026-10').byArea.find((x) => x.area === '督查移送')?.count).toBe(2);

    // normal findings lifecycle
    changeFindingStatus(ctx, rows[0].id as number, { action: 'remind', note: '已电话提示', onDate: '2026-10-13' });
    changeFindingStatus(ctx, rows[0].id as number, { action: 'rectify', onDate: '2026-10-25' });
    expect(listReferrals(ctx, { month: '2026-10' })[0].findingStatus).toBe('已整改');

    // the audit trail has the import
    expect(db.prepare(`SELECT COUNT(*) AS n FROM audit_trail WHERE action = 'referral.import'`).get()).toEqual({
      n: 1,
    });

    // the same file again: every row is a duplicate, nothing changes
    const before = dumpTables(db);
    const again = await importReferrals(ctx, file);
    expect(again.ok).toBe(false);
    expect(again.errors.map((e) => e.row)).toEqual([2, 3, 4]);
    expect(again.errors[0].message).toMatch(/已登记过/);
    expect(dumpTables(db)).toEqual(before);
  });

  it('refuses a malformed workbook whole and reports every bad row with file, sheet, row, column and value', async () => {
    const { db, ctx, dir } = tmpStore();
    seedCases(db);
    await addReferral(ctx, {
      receivedOn: '2026-10-01',
      docNumber: '某检督〔2026〕1号',
      caseNo: CASES[1].caseNo,
      category: '程序',
      description: '已有的一条',
    });
    const file = path.join(dir, 'bad.xlsx');
    await writeReferralsXlsx(file, HEADERS, [
      {
        收文日期: '2026-10-12',
        督查文号: '某检督〔2026〕7号',
        承办部门: '第一检察部',
        承办检察官: '李明',
        问题类别: '程序',
        问题描述: '好的一行',
      }, // row 2 fine
      {
        收文日期: '2026-13-40',
        督查文号: '某检督〔2026〕8号',
        承办部门: '第一检察部',
        承办检察官: '李明',
        问题类别: '程序',
        问题描述: '日期错',
      }, // row 3
      { 收文日期: '2026-10-12', 承办部门: '第一检察部', 承办检察官: '李明', 问题类别: '程序', 问题描述: '缺文号' }, // row 4
      { 收文日期: '2026-10-12', 督查文号: '某检督〔2026〕9号', 问题类别: '程序', 问题描述: '无案号无承办人' }, // row 5: dept + prosecutor
      {
        收文日期: '2026-10-12',
        督查文号: '某检督〔2026〕10号',
        承办部门: '第一检察部',
        承办检察官: '李明',
        问题类别: '程序',
        问题描述: '严重程度错',
        严重程度: '很严重',
      }, // row 6
      {
        收文日期: '2026-10-12',
        督查文号: '某检督〔2026〕7号',
        承办部门: '第一检察部',
        承办检察官: '李明',
        问题类别: '程序',
        问题描述: '好的一行',
      }, // row 7 duplicate of row 2
      {
        收文日期: '2026-10-02',
        督查文号: '某检督〔2026〕1号',
        部门受案号: CASES[1].caseNo,
        问题类别: '程序',
        问题描述: '已有的一条',
      }, // row 8 already stored
    ]);
    const before = dumpTables(db);
    const r = await importReferrals(ctx, file);
    expect(r.ok).toBe(false);
    expect(r.added).toBe(0);
    expect(dumpTables(db)).toEqual(before);
    const brief = r.errors.map((e) => [e.row, e.column, e.value]);
    expect(brief).toEqual([
      [3, '收文日期', '2026-13-40'],
      [4, '督查文号', ''],
      [5, '承办部门', ''],
      [5, '承办检察官', ''],
      [6, '严重程度', '很严重'],
      [7, '督查文号', '某检督〔2026〕7号'],
      [8, '督查文号', '某检督〔2026〕1号'],
    ]);
    for (const e of r.errors) {
      expect(e.file).toBe('bad.xlsx');
      expect(e.sheet).toBe('督查移送');
      expect(e.message).toMatch(/[\u4e00-\u9fff]/);
    }
    expect(r.errors[5].message).toMatch(/与第 2 行重复/);

    // a workbook without a required column
    const noCol = path.join(dir, 'nocol.xlsx');
    await writeReferralsXlsx(
      noCol,
      ['收文日期', '督查文号', '问题类别'],
      [{ 收文日期: '2026-10-12', 督查文号: 'x', 问题类别: 'y' }],
      'Sheet1',
    );
    const r2 = await importReferrals(ctx, noCol);
    expect(r2.errors).toEqual([
      { file: 'nocol.xlsx', sheet: 'Sheet1', row: 1, column: '问题描述', value: '', message: '缺少必需的列“问题描述”' },
    ]);
    // not a workbook at all
    const junk = path.join(dir, 'junk.xlsx');
    (await import('node:fs')).writeFileSync(junk, 'not a zip');
    const r3 = await importReferrals(ctx, junk);
    expect(r3.ok).toBe(false);
    expect(r3.errors[0]).toMatchObject({ file: 'junk.xlsx', row: 0 });
    expect(dumpTables(db)).toEqual(before);
  });

  it('form entry validates in Chinese and refuses duplicates', async () => {
    const { ctx } = tmpStore();
    expect(() => addReferral(ctx, { receivedOn: 'abc', docNumber: '', category: '', description: '' })).toThrow(
      /收文日期.*督查文号.*问题类别.*问题描述.*承办部门.*承办检察官/,
    );
    const ok = addReferral(ctx, {
      receivedOn: '2026-10-03',
      docNumber: 'D1',
      department: '第三检察部',
      prosecutor: '钱七',
      category: '纪律',
      description: 'x',
    });
    expect(ok.findingId).toBeTypeOf('number');
    expect(() =>
      addReferral(ctx, {
        receivedOn: '2026-10-04',
        docNumber: 'D1',
        department: '第三检察部',
        prosecutor: '钱七',
        category: '纪律',
        description: 'x',
      }),
    ).toThrow(/已登记过/);
  });
});
