/**
 * A real export (the generator's wide layout: title and blank rows above renamed headers, a row per suspect
 * with the case repeated, 已办结/羁押/非羁押/取保, 2025年09月28日, a 合计 row, one department without its
 * 承办部门 column) imported through a mapping written to the spec gives the same store and the same audit as
 * the clean files of the same office; saved, the mapping reads the next export without being named; the
 * dry run previews the field-level changes of a later export.
 */
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  generateCases,
  generateStaff,
  snapshotAsOf,
  writeBundlesWorkbook,
  writeWideBundles,
  type CaseBundle,
} from '../../tools/generator';
import { normalizeCaseNo } from '../../core/domain';
import { tmpDir } from '../helpers/tmp';
import { auditOf, cli, dataOf, specMapping } from './helpers';

const ASOF = '2025-10-10';
const EARLIER = '2025-09-12';
const opts = { cases: 700, seed: 20251010, asOf: ASOF };

let dir: string;
let dept: string;
let sub: CaseBundle[];
let cleanFile: string;
let wideFile: string;
let mappingFile: string;

beforeAll(async () => {
  dir = tmpDir();
  const all = [...generateCases(opts)];
  const staff = generateStaff(opts);
  const count = new Map<string, number>();
  for (const b of all) count.set(b.case.department, (count.get(b.case.department) ?? 0) + 1);
  dept = [...count].sort((a, b) => b[1] - a[1])[0][0];
  sub = all.filter((b) => b.case.department === dept);
  cleanFile = path.join(dir, '案件数据.xlsx');
  wideFile = path.join(dir, '业务应用系统导出.xlsx');
  mappingFile = path.join(dir, 'mapping.json');
  await writeBundlesWorkbook(sub, staff, cleanFile);
  await writeWideBundles(sub, staff, wideFile, { takenOn: ASOF, department: dept });
  fs.writeFileSync(mappingFile, JSON.stringify(specMapping(dept), null, 2));
}, 120_000);

describe('a wide export through a mapping written to the spec', () => {
  it('is a real export: title row, renamed headers, a row per suspect, 合计, Chinese dates, no 承办部门', async () => {
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(wideFile);
    const ws = wb.getWorksheet('案件列表')!;
    expect(String(ws.getCell('A1').value)).toContain(`统计截至2025年10月10日`);
    expect(ws.getRow(2).cellCount).toBe(0);
    const headers = (ws.getRow(3).values as unknown[]).slice(1);
    expect(headers).toEqual(expect.arrayContaining(['受案号', '案件类型', '承办人', '受案日期', '羁押情况']));
    expect(headers).not.toContain('承办部门');
    expect(headers).not.toContain('办案部门');
    const texts = new Set<string>();
    ws.eachRow((r) => (r.values as unknown[]).forEach((v) => texts.add(String(v))));
    for (const v of ['羁押', '非羁押', '取保', '已办结', '合计']) expect(texts).toContain(v);
    expect([...texts].some((t) => /^\d{4}年\d{2}月\d{2}日$/.test(t))).toBe(true);
    const multi = sub.find((b) => b.persons.length > 1)!;
    let rowsOfCase = 0;
    ws.eachRow((r) => {
      if (normalizeCaseNo(String(r.getCell(2).value)) === multi.case.caseNo) rowsOfCase++;
    });
    expect(rowsOfCase).toBe(multi.persons.length);
  });

  it('imports into the same store and audits exactly like the clean files of the same office', async () => {
    const a = path.join(dir, 'clean.sqlite');
    const b = path.join(dir, 'mapped.sqlite');
    expect((await cli(['import', cleanFile, '--db', a])).code).toBe(0);
    const r = await cli(['import', wideFile, '--mapping', mappingFile, '--db', b, '--json']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j).toMatchObject({
      ok: true,
      cases: { added: sub.length, changed: 0 },
      mappings: [{ file: '业务应用系统导出.xlsx', name: '业务应用系统-案件信息导出', matched: false }],
      titleDate: { date: ASOF },
      takenOn: ASOF, // no --taken-on: the data date the title row states (统计截至2025年10月10日)
    });
    expect(j.rows).toEqual({
      案件: sub.length,
      嫌疑人: sub.reduce((n, x) => n + x.persons.length, 0),
      流程节点: sub.reduce((n, x) => n + x.events.length, 0),
      文书: sub.reduce((n, x) => n + x.documents.length, 0),
      人员: generateStaff(opts).length,
    });
    expect(j.warnings).toEqual([
      '文件 业务应用系统导出.xlsx 工作表 案件列表：以下列不在导入模板「业务应用系统-案件信息导出」中，已忽略：序号',
    ]);
    const clean = dataOf(a);
    expect(clean.cases.length).toBe(sub.length);
    expect(dataOf(b)).toEqual(clean);
    const auditClean = auditOf(a, ASOF);
    expect(auditClean.findings.length).toBeGreaterThan(5);
    expect(auditOf(b, ASOF)).toEqual(auditClean);
  }, 120_000);

  it('once saved, reads the next export without being named (matched by its headers)', async () => {
    const c = path.join(dir, 'saved.sqlite');
    const saved = await cli(['mappings', 'save', mappingFile, '--db', c]);
    expect(saved).toMatchObject({ code: 0, out: '已保存导入模板「业务应用系统-案件信息导出」' });
    const list = JSON.parse((await cli(['mappings', 'list', '--db', c, '--json'])).out);
    expect(list.mappings[0].name).toBe('业务应用系统-案件信息导出');
    expect(list.mappings[0].sheets[0]).toMatchObject({ sheet: '案件列表' });
    expect(list.mappings[0].sheets[0].headers).toEqual(expect.arrayContaining(['受案号', '承办人', '羁押情况']));
    const r = await cli(['import', wideFile, '--db', c, '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).mappings).toEqual([
      { file: '业务应用系统导出.xlsx', name: '业务应用系统-案件信息导出', matched: true },
    ]);
    expect(dataOf(c)).toEqual(dataOf(path.join(dir, 'clean.sqlite')));
    // the human output says which mapping read the file
    const again = await cli(['import', wideFile, '--db', c, '--dry-run']);
    expect(again.out).toContain(
      '文件 业务应用系统导出.xlsx 按导入模板「业务应用系统-案件信息导出」读取（按表头自动匹配）',
    );
    expect(again.out).toContain('与库中数据一致');
    // the clean files are not read through it (their headers are not the mapping's)
    const plain = JSON.parse((await cli(['import', cleanFile, '--db', c, '--dry-run', '--json'])).out);
    expect(plain).toMatchObject({ ok: true, noOp: true, mappings: [] });
    expect(JSON.parse((await cli(['mappings', 'list', '--db', c, '--json'])).out).mappings[0].usedAt).toMatch(
      /^2\d{3}-/,
    );
    // exported, deleted: the next import no longer finds it
    const out = path.join(dir, 'exported.json');
    expect((await cli(['mappings', 'export', '业务应用系统-案件信息导出', '--out', out, '--db', c])).code).toBe(0);
    expect(JSON.parse(fs.readFileSync(out, 'utf8'))).toMatchObject({
      format: 'caseflow-mapping/1',
      name: '业务应用系统-案件信息导出',
    });
    expect((await cli(['mappings', 'delete', '业务应用系统-案件信息导出', '--db', c])).code).toBe(0);
    const gone = await cli(['import', wideFile, '--db', c, '--dry-run', '--json']);
    expect(gone.code).toBe(1);
    expect((await cli(['mappings', 'delete', '业务应用系统-案件信息导出', '--db', c])).code).toBe(1);
  }, 120_000);

  it('previews a later export: added cases and changed cases field by field, old → new, nothing written', async () => {
    const d = path.join(dir, 'preview.sqlite');
    const early = sub.map((b) => snapshotAsOf(b, EARLIER)).filter((b): b is CaseBundle => b != null);
    const earlyFile = path.join(dir, 'early.xlsx');
    await writeWideBundles(early, generateStaff(opts), earlyFile, { takenOn: EARLIER, department: dept });
    expect((await cli(['import', earlyFile, '--mapping', mappingFile, '--db', d])).code).toBe(0);
    const before = dataOf(d);
    const r = await cli(['import', wideFile, '--mapping', mappingFile, '--db', d, '--dry-run', '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(dataOf(d)).toEqual(before);
    const added = sub.filter((b) => b.case.receivedOn > EARLIER).map((b) => b.case.caseNo);
    expect(j.cases.added).toBe(added.length);
    expect(j.addedCases).toEqual(added.slice(0, 200));
    // a case concluded between the two exports: its status, date and conclusion change
    const concluded = sub.find(
      (b) => b.case.receivedOn <= EARLIER && b.case.concludedOn && b.case.concludedOn > EARLIER,
    )!;
    expect(concluded).toBeTruthy();
    const ch = j.changes.find((c: { caseNo: string }) => c.caseNo === concluded.case.caseNo);
    expect(ch.fields).toEqual(
      expect.arrayContaining([
        { sheet: '案件', column: '案件状态', old: '在办', new: '办结' },
        { sheet: '案件', column: '办结日期', old: null, new: concluded.case.concludedOn },
        { sheet: '案件', column: '办结方式', old: null, new: concluded.case.conclusion },
      ]),
    );
    // a suspect whose custody changed between the two exports
    const moved = sub
      .flatMap((b) => {
        const e = early.find((x) => x.case.caseNo === b.case.caseNo);
        return e ? b.persons.map((p) => ({ p, was: e.persons.find((q) => q.personNo === p.personNo) })) : [];
      })
      .find((x) => x.was && x.was.custody !== x.p.custody);
    expect(moved).toBeTruthy();
    const c = j.changes.find((x: { caseNo: string }) => x.caseNo === moved!.p.caseNo);
    expect(c.fields).toContainEqual({
      sheet: '嫌疑人',
      personNo: moved!.p.personNo,
      column: '羁押状态',
      old: moved!.was!.custody,
      new: moved!.p.custody,
    });
    expect(j.changes.length).toBe(Math.min(200, j.cases.changed));
    // the older export does not overwrite the newer data once that is in (the data date of each)
    expect((await cli(['import', wideFile, '--mapping', mappingFile, '--db', d])).code).toBe(0);
    const older = JSON.parse(
      (await cli(['import', earlyFile, '--mapping', mappingFile, '--db', d, '--dry-run', '--json'])).out,
    );
    expect(older.takenOn).toBe(EARLIER);
    expect(older.skippedOlder).toContainEqual({ caseNo: concluded.case.caseNo, takenOn: ASOF });
    expect(older.changes).toEqual([]);
    // the human dry run prints the changes per case (against the earlier store: imported again)
    const e = path.join(dir, 'preview2.sqlite');
    expect((await cli(['import', earlyFile, '--mapping', mappingFile, '--db', e])).code).toBe(0);
    const h = await cli(['import', wideFile, '--mapping', mappingFile, '--db', e, '--dry-run']);
    expect(h.out).toContain(`变更 ${concluded.case.caseNo}：`);
    expect(h.out).toContain('案件状态：在办 → 办结');
  }, 120_000);
});
