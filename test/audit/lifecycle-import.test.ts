/**
 * End to end through the real import: crafted workbooks imported day by day, the audit run after
 * each, and the findings following the facts: open → reminded → rectified automatically; waived
 * stays waived while the facts stay; reopened when they change.
 */
import { describe, expect, it } from 'vitest';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { tmpDir, tmpStore } from '../helpers/tmp';
import { runImport } from '../../core/import';
import { runAudit } from '../../core/jobs/audit';
import { changeFindingStatus, getFinding, listFindings, listWarnings } from '../../core/findings';
import type { Db } from '../../db/store';

type Row = Record<string, string>;
interface Book {
  cases: Row[];
  persons: Row[];
  events: Row[];
  documents: Row[];
}

async function writeBook(file: string, b: Book): Promise<string> {
  const wb = new ExcelJS.Workbook();
  const sheet = (name: string, headers: string[], rows: Row[]) => {
    const ws = wb.addWorksheet(name);
    ws.addRow(headers);
    for (const r of rows) ws.addRow(headers.map((h) => r[h] ?? null));
  };
  sheet(
    '案件',
    [
      '部门受案号',
      '案件名称',
      '案件类别',
      '案由',
      '承办部门',
      '承办检察官',
      '受理日期',
      '案件状态',
      '办结日期',
      '办结方式',
    ],
    b.cases,
  );
  sheet(
    '嫌疑人',
    [
      '部门受案号',
      '嫌疑人编号',
      '姓名',
      '羁押状态',
      '强制措施',
      '强制措施起始日期',
      '已委托辩护人',
      '审查结论',
      '结论日期',
    ],
    b.persons,
  );
  sheet('流程节点', ['部门受案号', '节点', '日期', '嫌疑人编号'], b.events);
  sheet('文书', ['部门受案号', '文书名称', '文号', '签发日期', '嫌疑人编号'], b.documents);
  await wb.xlsx.writeFile(file);
  return file;
}

const A = '赤检刑捕受[2025]130732000001号';
const B = '赤检刑诉受[2025]130732000002号';
const C = '赤检刑诉受[2025]130732000003号';

function day1(): Book {
  return {
    cases: [
      {
        部门受案号: A,
        案件名称: '张某某盗窃案',
        案件类别: '审查逮捕',
        案由: '盗窃罪',
        承办部门: '第一检察部',
        承办检察官: '赵一',
        受理日期: '2025-09-20',
        案件状态: '在办',
      },
      {
        部门受案号: B,
        案件名称: '李某诈骗案',
        案件类别: '审查起诉',
        案由: '诈骗罪',
        承办部门: '第二检察部',
        承办检察官: '钱二',
        受理日期: '2025-09-29',
        案件状态: '在办',
      },
      {
        部门受案号: C,
        案件名称: '王某危险驾驶案',
        案件类别: '审查起诉',
        承办部门: '第一检察部',
        承办检察官: '赵一',
        受理日期: '2025-09-01',
        案件状态: '办结',
        办结日期: '2025-09-25',
        办结方式: '提起公诉',
      },
    ],
    persons: [
      {
        部门受案号: A,
        嫌疑人编号: '1',
        姓名: '张三丰',
        羁押状态: '未羁押',
        强制措施: '取保候审',
        强制措施起始日期: '2025-09-01',
        已委托辩护人: '是',
      },
      {
        部门受案号: B,
        嫌疑人编号: '1',
        姓名: '李四',
        羁押状态: '在押',
        强制措施: '取保候审',
        强制措施起始日期: '2025-09-10',
        已委托辩护人: '是',
      },
      {
        部门受案号: C,
        嫌疑人编号: '1',
        姓名: '王五',
        羁押状态: '未羁押',
        强制措施: '取保候审',
        强制措施起始日期: '2025-08-20',
        已委托辩护人: '是',
        审查结论: '起诉',
        结论日期: '2025-09-25',
      },
    ],
    events: [
      { 部门受案号: B, 节点: '告知犯罪嫌疑人诉讼权利', 日期: '2025-09-29' },
      { 部门受案号: C, 节点: '告知犯罪嫌疑人诉讼权利', 日期: '2025-09-02' },
      { 部门受案号: C, 节点: '提起公诉', 日期: '2025-09-25' },
    ],
    documents: [
      { 部门受案号: C, 文书名称: '起诉书', 文号: '赤检一部刑诉〔2025〕12号', 签发日期: '2025-09-25', 嫌疑人编号: '1' },
    ],
  };
}

function one(db: Db, ruleId: string, caseNo: string) {
  const fs = listFindings(db, { ruleId, caseNo }).findings;
  expect(fs).toHaveLength(1);
  return getFinding(db, fs[0].id)!;
}

describe('daily audit after real imports', () => {
  it('follows the facts from import to import', async () => {
    const dir = tmpDir();
    const { db, ctx } = tmpStore();
    const imp = async (name: string, b: Book) => {
      const r = await runImport(ctx, [await writeBook(path.join(dir, name), b)]);
      expect(r.errors).toEqual([]);
      expect(r.ok).toBe(true);
    };

    // ---- 2025-10-10: first export
    const b1 = day1();
    await imp('d1.xlsx', b1);
    runAudit(ctx, { asOf: '2025-10-10' });
    const open = listFindings(db, { status: ['待处理', '已提示', '已通知'] }).findings.map((f) => [f.ruleId, f.caseNo]);
    expect(open).toEqual([
      ['DL-ARREST', A],
      ['CM-CONSISTENT', B],
      ['DQ-CAUSE', C],
    ]);
    expect(one(db, 'DL-ARREST', A).message).toBe('张某某 审查逮捕期限 2025-10-09 届满，已超期 1 日未作出决定');
    // B's 审查起诉 period runs to 2025-10-29; nothing warns yet (window 5)
    expect(listWarnings(db).warnings).toEqual([]);

    changeFindingStatus(ctx, one(db, 'DQ-CAUSE', C).id, { action: 'remind', note: '请补录案由', onDate: '2025-10-10' });
    changeFindingStatus(ctx, one(db, 'CM-CONSISTENT', B).id, {
      action: 'waive',
      reason: '看守所已确认羁押，系统强制措施待更新',
      onDate: '2025-10-10',
    });

    // ---- 2025-10-13: A decided in time (with its document), C's 案由 filled; B unchanged
    const b2 = day1();
    b2.cases[0] = { ...b2.cases[0], 案件状态: '办结', 办结日期: '2025-10-09', 办结方式: '批准逮捕' };
    b2.persons[0] = { ...b2.persons[0], 审查结论: '批准逮捕', 结论日期: '2025-10-09' };
    b2.documents.push({
      部门受案号: A,
      文书名称: '批准逮捕决定书',
      文号: '赤检一部刑捕〔2025〕8号',
      签发日期: '2025-10-09',
      嫌疑人编号: '1',
    });
    b2.cases[2] = { ...b2.cases[2], 案由: '危险驾驶罪' };
    await imp('d2.xlsx', b2);
    const s2 = runAudit(ctx, { asOf: '2025-10-13' });
    expect(s2.counts).toMatchObject({ rectified: 2, new: 0, reopened: 0 });
    expect(one(db, 'DL-ARREST', A)).toMatchObject({ status: '已整改', rectifiedOn: '2025-10-13' });
    const c = one(db, 'DQ-CAUSE', C);
    expect(c).toMatchObject({ status: '已整改', rectifiedOn: '2025-10-13' });
    expect(c.history.map((h) => h.action)).toEqual(['detect', 'remind', 'auto-rectify']);
    expect(one(db, 'CM-CONSISTENT', B)).toMatchObject({ status: '不予纠正', lastSeen: '2025-10-13' });

    // ---- 2025-10-24: B's measure changes but still contradicts custody: the waiver no longer covers it
    const b3 = structuredClone(b2);
    b3.persons[1] = { ...b3.persons[1], 强制措施: '监视居住', 强制措施起始日期: '2025-10-20' };
    await imp('d3.xlsx', b3);
    const s3 = runAudit(ctx, { asOf: '2025-10-24' });
    const reopened = one(db, 'CM-CONSISTENT', B);
    expect(reopened.status).toBe('待处理');
    expect(reopened.history.map((h) => [h.action, h.onDate])).toEqual([
      ['detect', '2025-10-10'],
      ['waive', '2025-10-10'],
      ['auto-reopen', '2025-10-24'],
    ]);
    expect(s3.counts.reopened).toBe(1);
    // B in custody: 审查起诉 due 2025-10-29 (no roll), 5 days left → a warning
    expect(listWarnings(db).warnings).toMatchObject([
      { ruleId: 'DL-PROS', caseNo: B, dueOn: '2025-10-29', daysLeft: 5 },
    ]);
  });
});
