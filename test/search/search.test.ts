/**
 * Search everywhere: 部门受案号 (any part), 案件名称, suspects' names (two characters and one included) and
 * prosecutors, through the index the import keeps in step in its own transaction; the migration that builds
 * it for a store that already holds cases; `caseflow search --json` in the cli.md shape.
 */
import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { runImport } from '../../core/import';
import { searchCases } from '../../core/search';
import { openStore } from '../../db/store';
import { MIGRATIONS } from '../../db/migrations';
import { writeCaseBundles } from '../../db/queries/cases';
import { rebuildCaseSearch } from '../../db/queries/search';
import { listFindings } from '../../core/findings';
import { tmpDir, tmpStore } from '../helpers/tmp';
import { CASE_HEADER, PERSON_HEADER, writeXlsx } from '../fixtures/import/build';

const N1 = '赤检刑诉受[2026]130732000101号';
const N2 = '赤检刑诉受[2026]130732000202号';
const N3 = '赤检刑捕受[2025]130732000303号';

const caseRow = (no: string, title: string, prosecutor: string) => [
  no,
  title,
  '审查起诉',
  '盗窃罪',
  '第一检察部',
  prosecutor,
  '',
  '2026-03-05',
  '',
  '',
  '',
  '在办',
  '',
  '',
  '',
];
const personRow = (no: string, pno: string, name: string) => [
  no,
  pno,
  name,
  '男',
  '',
  '未羁押',
  '',
  '',
  '',
  '',
  '',
  '',
  '',
  '',
  '',
  '',
  '',
  '',
];

async function office(dir: string, persons: unknown[][]) {
  return writeXlsx(path.join(dir, `o${Math.random().toString(36).slice(2)}.xlsx`), {
    案件: [
      CASE_HEADER,
      caseRow(N1, '许某某盗窃案', '李明华'),
      caseRow(N2, '欧阳某某诈骗案', '赵检'),
      caseRow(N3, '刘某某危险驾驶案', '李明华'),
    ],
    嫌疑人: [PERSON_HEADER, ...persons],
  });
}

const found = (r: ReturnType<typeof searchCases>) => r.cases.map((c) => `${c.caseNo}:${c.matched}`);

describe('search everywhere', () => {
  it('finds a suspect by a two-character name, a surname, a piece of a longer name, and a case by any part of its number', async () => {
    const { db, ctx, dir } = tmpStore();
    const file = await office(dir, [
      personRow(N1, '1', '许江'),
      personRow(N2, '1', '欧阳娜娜'),
      personRow(N3, '1', '许江涛'),
      personRow(N3, '2', '王五'),
    ]);
    expect((await runImport(ctx, [file])).ok).toBe(true);

    // Two characters: the whole name of N1, the start of N3's 许江涛.
    expect(found(searchCases(db, '许江')).sort()).toEqual([`${N1}:suspect`, `${N3}:suspect`].sort());
    // The last two characters of a three-character name, the middle of a four-character one.
    expect(found(searchCases(db, '江涛'))).toEqual([`${N3}:suspect`]);
    expect(found(searchCases(db, '阳娜'))).toEqual([`${N2}:suspect`]);
    // One character: the surname.
    expect(found(searchCases(db, '王'))).toEqual([`${N3}:suspect`]);
    // Three characters and more: the trigram index.
    expect(found(searchCases(db, '许江涛'))).toEqual([`${N3}:suspect`]);
    // Any part of the case number, in the forms users type (〔〕, full-width digits).
    expect(found(searchCases(db, '000202'))).toEqual([`${N2}:caseNo`]);
    expect(found(searchCases(db, '〔2025〕1307'))).toEqual([`${N3}:caseNo`]);
    expect(found(searchCases(db, '０００３０３'))).toEqual([`${N3}:caseNo`]);
    // 案件名称 and the prosecutor.
    expect(found(searchCases(db, '危险驾驶'))).toEqual([`${N3}:title`]);
    expect(found(searchCases(db, '李明')).sort()).toEqual([`${N1}:prosecutor`, `${N3}:prosecutor`].sort());
    expect(searchCases(db, '李明').prosecutors).toEqual([{ name: '李明华', department: '第一检察部', cases: 2 }]);
    // The suspect who matched is named masked, with his number.
    expect(searchCases(db, '江涛').cases[0].suspect).toEqual({ personNo: '1', name: '许某某' });
    expect(searchCases(db, '没有这个人').cases).toEqual([]);
  });

  it('follows every import inside its transaction: a renamed suspect is found by the new name only', async () => {
    const { db, ctx, dir } = tmpStore();
    expect((await runImport(ctx, [await office(dir, [personRow(N1, '1', '许江')])])).ok).toBe(true);
    expect(found(searchCases(db, '许江'))).toEqual([`${N1}:suspect`]);
    expect((await runImport(ctx, [await office(dir, [personRow(N1, '1', '孙悟')])])).ok).toBe(true);
    expect(found(searchCases(db, '许江'))).toEqual([]);
    expect(found(searchCases(db, '孙悟'))).toEqual([`${N1}:suspect`]);
    // A refused import changes nothing in the index either.
    const bad = await writeXlsx(path.join(dir, 'bad.xlsx'), {
      案件: [CASE_HEADER, caseRow(N1, '许某某盗窃案', '李明华')],
      嫌疑人: [PERSON_HEADER, personRow(N1, '1', '周星'), personRow('不存在的案号', '1', '周星')],
    });
    expect((await runImport(ctx, [bad])).ok).toBe(false);
    expect(found(searchCases(db, '周星'))).toEqual([]);
    expect(found(searchCases(db, '孙悟'))).toEqual([`${N1}:suspect`]);
  });

  it('is built by the migration for the cases a store already holds', () => {
    const file = path.join(tmpDir(), 'old.sqlite');
    // The store as it was just before the search index existed.
    const before = MIGRATIONS.find((m) => m.name === 'case-search')!.version - 1;
    const old = openStore(file, { targetVersion: before });
    writeCaseBundles(
      old,
      [
        {
          case: {
            caseNo: N1,
            title: '许某某盗窃案',
            category: '审查起诉',
            cause: null,
            department: '第一检察部',
            prosecutor: '李明华',
            agency: null,
            receivedOn: '2026-03-05',
            complex: false,
            hasVictim: false,
            procedure: null,
            status: '在办',
            concludedOn: null,
            conclusion: null,
            note: null,
          },
          persons: [
            {
              caseNo: N1,
              personNo: '1',
              name: '许江',
              gender: '男',
              birthDate: null,
              custody: '未羁押',
              measure: '无',
              measureFrom: null,
              hasCounsel: false,
              plea: false,
              pleaSignedOn: null,
              decision: null,
              decidedOn: null,
              decisionReason: null,
              sentencing: '无',
              sentencingAdopted: null,
              judgedOn: null,
              appealed: false,
            },
          ],
        },
      ],
      null,
    );
    old.close();
    const db = openStore(file);
    expect(found(searchCases(db, '许江'))).toEqual([`${N1}:suspect`]);
    expect(found(searchCases(db, '0101'))).toEqual([`${N1}:caseNo`]);
    db.close();
  });

  it("a write's name pieces are exactly those of the SQL that rebuilds the index, names beyond the BMP and long names included", async () => {
    const { db, ctx, dir } = tmpStore();
    const names = ['𠮷野家', '许江', '阿卜杜热合曼·买买提艾力·阿不都克力木·吐尔逊', '张', '𡈼𠮷𡈼'];
    const rows = names.map((n, i) => personRow(N1, String(i + 1), n));
    expect((await runImport(ctx, [await office(dir, rows)])).ok).toBe(true);
    const grams = () =>
      (db.prepare('SELECT case_id, gram FROM case_name_grams ORDER BY case_id, gram').raw().all() as unknown[][]).map(
        (r) => r.join(':'),
      );
    const written = grams();
    expect(written.length).toBeGreaterThan(20);
    expect(written.map((g) => g.split(':')[1])).toEqual(expect.arrayContaining(['𠮷', '𠮷野', '野家', '𡈼𠮷']));
    rebuildCaseSearch(db);
    expect(grams()).toEqual(written);
    expect(found(searchCases(db, '𠮷野'))).toEqual([`${N1}:suspect`]);
  });

  it('finds findings by a suspect name in 监控问题', async () => {
    const { db, ctx, dir } = tmpStore();
    expect(
      (await runImport(ctx, [await office(dir, [personRow(N1, '1', '许江'), personRow(N3, '1', '王五')])])).ok,
    ).toBe(true);
    const ids = db.prepare('SELECT id, case_no FROM cases').all() as { id: number; case_no: string }[];
    for (const c of ids)
      db.prepare(
        `INSERT INTO findings(rule_id, case_no, person_no, case_id, severity, status, message, department, prosecutor, first_seen, last_seen, status_on)
         VALUES ('DL-PROS', ?, '1', ?, '较重', '待处理', '审查起诉期限届满', '第一检察部', '李明华', '2026-04-01', '2026-04-01', '2026-04-01')`,
      ).run(c.case_no, c.id);
    expect(listFindings(db, { q: '许江' }).findings.map((f) => f.caseNo)).toEqual([N1]);
    expect(listFindings(db, { q: '许江' }).findings[0].person).toBe('许某（1号）');
    expect(listFindings(db, { q: '000303' }).findings.map((f) => f.caseNo)).toEqual([N3]);
    expect(listFindings(db, { q: '审查起诉期限' }).findings).toHaveLength(3);
  });

  it('caseflow search --json prints the cli.md shape', async () => {
    const { db, ctx, dir, dbPath } = tmpStore();
    expect((await runImport(ctx, [await office(dir, [personRow(N3, '1', '许江涛')])])).ok).toBe(true);
    db.close();
    const bin = path.resolve(__dirname, '../../bin/caseflow.js');
    const r = spawnSync(process.execPath, [bin, 'search', '许江', '--db', dbPath, '--json'], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      query: '许江',
      cases: [
        {
          caseNo: N3,
          title: '刘某某危险驾驶案',
          prosecutor: '李明华',
          status: '在办',
          matched: 'suspect',
          suspect: { personNo: '1', name: '许某某' },
        },
      ],
    });
    const human = spawnSync(process.execPath, [bin, 'search', '130732000101', '--db', dbPath], { encoding: 'utf8' });
    expect(human.stdout).toContain(`${N1}  许某某盗窃案  李明华  在办  〔按部门受案号〕`);
  });
});
