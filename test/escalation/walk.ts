/**
 * Helpers of the escalation tests: imports through the real importer (XLSX written by test/fixtures/import/build.ts)
 * and audits as of given dates, so a finding walks notice → deadline → 逾期未整改 with the dates controlled.
 */
import path from 'node:path';
import type { AppContext } from '../../core/context';
import { runImport } from '../../core/import';
import { CASE_HEADER, EVENT_HEADER, PERSON_HEADER, STAFF_HEADER, writeXlsx } from '../fixtures/import/build';

export interface WalkCase {
  caseNo: string;
  title: string;
  prosecutor: string;
  department: string;
  receivedOn: string;
  cause: string;
  person: string;
}

let n = 0;
/** Imports the cases as they stand (审查起诉, one suspect told of his rights the next day); the roster with the first import. */
export async function importCases(ctx: AppContext, dir: string, cases: WalkCase[], staff?: string[][]): Promise<void> {
  const file = path.join(dir, `import-${++n}.xlsx`);
  await writeXlsx(file, {
    案件: [
      CASE_HEADER,
      ...cases.map((c) => [
        c.caseNo,
        c.title,
        '审查起诉',
        c.cause,
        c.department,
        c.prosecutor,
        '赤城县公安局',
        c.receivedOn,
        '否',
        '否',
        '普通程序',
        '在办',
        '',
        '',
        '',
      ]),
    ],
    嫌疑人: [
      PERSON_HEADER,
      ...cases.map((c) => [
        c.caseNo,
        '1',
        c.person,
        '男',
        '',
        '未羁押',
        '',
        '',
        '是',
        '否',
        '',
        '',
        '',
        '',
        '',
        '',
        '',
        '',
      ]),
    ],
    流程节点: [EVENT_HEADER, ...cases.map((c) => [c.caseNo, '告知犯罪嫌疑人诉讼权利', c.receivedOn, '1', ''])],
    ...(staff ? { 人员: [STAFF_HEADER, ...staff] } : {}),
  });
  const r = await runImport(ctx, [file]);
  if (!r.ok) throw new Error(`导入失败：${JSON.stringify(r.errors)}`);
}
