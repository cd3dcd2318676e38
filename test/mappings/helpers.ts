/**
 * Shared by the mapping tests: the CLI run in-process, a store's case data and audit without ids and
 * timestamps (to compare a mapped import with a clean one), hand-built export workbooks, and a mapping
 * written by hand to import-mapping.md for the generator's wide export (tools/generator/wide.ts).
 */
import ExcelJS from 'exceljs';
import { command as importCommand } from '../../cli/commands/import';
import { command as mappingsCommand } from '../../cli/commands/mappings';
import { CliError, type Io } from '../../cli/util';
import { openStore, type Db } from '../../db/store';
import { runAudit } from '../../core/jobs/audit';
import { listFindings, listWarnings } from '../../core/findings';

/** `caseflow import|mappings …` as cli/main.ts runs it, with stdout and stderr captured. */
export async function cli(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const io: Io = { out: (s) => void out.push(s), err: (s) => void err.push(s) };
  const [name, ...rest] = argv;
  const cmd = name === 'import' ? importCommand : name === 'mappings' ? mappingsCommand : null;
  if (!cmd) throw new Error(`no command ${name}`);
  let code: number;
  try {
    code = await cmd.run(rest, io);
  } catch (e) {
    if (!(e instanceof CliError)) throw e;
    err.push(e.message);
    code = e.exitCode;
  }
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** Case data as a user sees it: every imported field of every table, no ids, batches or times. */
export function caseData(db: Db): Record<string, unknown[]> {
  const q = (sql: string) => db.prepare(sql).all();
  return {
    cases: q(`SELECT case_no, title, category, cause, department, prosecutor, agency, received_on, complex, has_victim,
                     procedure, status, concluded_on, conclusion, note FROM cases ORDER BY case_no`),
    persons: q(`SELECT c.case_no, p.person_no, p.name, p.gender, p.birth_date, p.custody, p.measure, p.measure_from,
                       p.has_counsel, p.plea, p.plea_signed_on, p.decision, p.decided_on, p.decision_reason,
                       p.sentencing, p.sentencing_adopted, p.judged_on, p.appealed
                FROM persons p JOIN cases c ON c.id = p.case_id ORDER BY c.case_no, p.person_no`),
    events: q(`SELECT c.case_no, e.kind, e.on_date, e.person_no, e.note FROM events e JOIN cases c ON c.id = e.case_id
               ORDER BY c.case_no, e.on_date, e.kind, e.person_no, e.note`),
    documents:
      q(`SELECT c.case_no, d.name, d.number, d.issued_on, d.person_no FROM documents d JOIN cases c ON c.id = d.case_id
                  ORDER BY c.case_no, d.issued_on, d.name, d.number`),
    staff: q(
      'SELECT name, department, role, active, auto_added_import_id IS NOT NULL AS auto FROM staff ORDER BY name',
    ),
  };
}

/** The daily audit as of a day: open findings and warnings, as the user sees them. */
export function auditOf(dbPath: string, asOf: string): { findings: unknown[]; warnings: unknown[] } {
  const db = openStore(dbPath);
  try {
    runAudit({ db, dbPath, actor: 'test' }, { asOf });
    const findings = listFindings(db, { limit: 100_000 })
      .findings.map((f) =>
        [f.ruleId, f.caseNo, f.personNo, f.severity, f.status, f.dueOn, f.daysLeft, f.message].join('|'),
      )
      .sort();
    const warnings = listWarnings(db)
      .warnings.map((w) => [w.ruleId, w.caseNo, w.personNo, w.dueOn, w.daysLeft, w.message].join('|'))
      .sort();
    return { findings, warnings };
  } finally {
    db.close();
  }
}

export function dataOf(dbPath: string): Record<string, unknown[]> {
  const db = openStore(dbPath);
  try {
    return caseData(db);
  } finally {
    db.close();
  }
}

/** A workbook sheet as an export writes it: a merged title row, a blank row, then headers and rows. */
export async function writeExport(
  file: string,
  sheets: { name: string; title?: string; headers: string[]; rows: unknown[][] }[],
): Promise<string> {
  const wb = new ExcelJS.Workbook();
  for (const s of sheets) {
    const ws = wb.addWorksheet(s.name);
    if (s.title) {
      ws.addRow([s.title]);
      ws.mergeCells(1, 1, 1, s.headers.length);
      ws.addRow([]);
    }
    ws.addRow(s.headers);
    for (const r of s.rows) ws.addRow(r);
  }
  await wb.xlsx.writeFile(file);
  return file;
}

/**
 * The mapping for the generator's wide export of one department, written by hand to import-mapping.md
 * (the spec's own example shape), not produced by the code under test.
 */
export function specMapping(department: string, name = '业务应用系统-案件信息导出'): Record<string, unknown> {
  return {
    format: 'caseflow-mapping/1',
    name,
    sheets: [
      {
        match: { sheet: '案件列表', headerRow: 3 },
        produces: ['案件', '嫌疑人'],
        columns: {
          受案号: '案件.部门受案号',
          案件名称: '案件.案件名称',
          案件类型: '案件.案件类别',
          案由: '案件.案由',
          承办人: '案件.承办检察官',
          移送单位: '案件.移送单位',
          受案日期: '案件.受理日期',
          是否重大复杂: '案件.重大复杂',
          是否有被害人: '案件.hasVictim',
          适用程序: '案件.适用程序',
          办案状态: '案件.案件状态',
          办结日期: '案件.办结日期',
          办结方式: '案件.办结方式',
          备注: '案件.备注',
          嫌疑人序号: '嫌疑人.嫌疑人编号',
          犯罪嫌疑人: '嫌疑人.姓名',
          性别: '嫌疑人.性别',
          出生日期: '嫌疑人.出生日期',
          羁押情况: '嫌疑人.羁押状态',
          强制措施: '嫌疑人.强制措施',
          强制措施开始日期: '嫌疑人.强制措施起始日期',
          是否委托辩护人: '嫌疑人.已委托辩护人',
          是否认罪认罚: '嫌疑人.认罪认罚',
          具结书签署日期: '嫌疑人.具结书签署日期',
          审查结论: '嫌疑人.审查结论',
          决定日期: '嫌疑人.结论日期',
          不捕不诉理由: '嫌疑人.不捕不诉理由',
          量刑建议: '嫌疑人.量刑建议',
          量刑建议是否采纳: '嫌疑人.量刑建议采纳',
          判决日期: '嫌疑人.判决日期',
          是否上诉: 'persons.appealed',
        },
        values: {
          '案件.案件状态': { 已办结: '办结' },
          '嫌疑人.羁押状态': { 羁押: '在押', 非羁押: '未羁押' },
          '嫌疑人.强制措施': { 取保: '取保候审' },
        },
        constants: { '案件.承办部门': department },
        skipRows: { column: '受案号', pattern: '^(合计|总计|小计)' },
      },
      {
        match: { sheet: '办案节点', headerRow: 'auto' },
        produces: ['流程节点'],
        columns: {
          受案号: '流程节点.部门受案号',
          节点名称: '流程节点.节点',
          节点日期: '流程节点.日期',
          涉及嫌疑人序号: '流程节点.嫌疑人编号',
          说明: '流程节点.备注',
        },
      },
      {
        match: { sheet: '法律文书', headerRow: 'auto' },
        produces: ['文书'],
        columns: {
          受案号: '文书.部门受案号',
          文书名称: '文书.文书名称',
          文书文号: '文书.文号',
          签发日期: '文书.签发日期',
          嫌疑人序号: '文书.嫌疑人编号',
        },
      },
      {
        match: { sheet: 4, headerRow: 1 },
        produces: ['人员'],
        columns: { 姓名: '人员.姓名', 所在部门: '人员.部门', 人员类别: '人员.身份', 是否在岗: '人员.在岗' },
      },
    ],
  };
}
