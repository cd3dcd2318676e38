/**
 * The data date of an import (import-mapping.md "The data date"), through the real `caseflow import`: recorded
 * with the batch and with every row it writes (per case and kind of rows); an older export never overwrites
 * newer data, case by case, unless --allow-older; DQ-DATES and DOC-DATE compare dates with it, at any audit date.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tmpDir } from '../helpers/tmp';
import { caseflow, caseflowJson } from '../helpers/caseflow';
import { openStore } from '../../db/store';
import { addDays, chinaToday } from '../../core/dates';
import {
  CN1,
  CN2,
  CN3,
  DOC_HEADER,
  PERSON_HEADER,
  sampleSheets,
  writeCsv,
  writeXlsx,
  type Rows,
} from '../fixtures/import/build';

interface ImportJson {
  ok: boolean;
  takenOn: string | null;
  cases: { added: number; changed: number; unchanged: number };
  skippedOlder: { caseNo: string; takenOn: string }[];
  warnings: string[];
  errors: { message: string }[];
}

function dates(db: string) {
  const s = openStore(db, { readonly: true });
  try {
    return Object.fromEntries(
      (
        s
          .prepare('SELECT case_no, status, taken_on, persons_taken_on, events_taken_on, documents_taken_on FROM cases')
          .all() as Record<string, string | null>[]
      ).map((r) => [r.case_no, r]),
    );
  } finally {
    s.close();
  }
}

/** The sample office as an older export (2026-04-05) had it: CN2 not concluded yet, CN1 under an earlier title, CN3 the same, CN4 new. */
function olderSheets(): Record<string, Rows> {
  const s = sampleSheets();
  const cases = s['案件'].map((r) => [...r]);
  cases[1][1] = '张某盗窃案';
  cases[2][11] = '在办';
  cases[2][12] = '';
  cases[2][13] = '';
  cases.push([
    '赤检刑诉受[2026]130732000004号',
    '孙某某盗窃案',
    '审查起诉',
    '盗窃罪',
    '第一检察部',
    '李检',
    '',
    '2026-04-02',
    '',
    '',
    '',
    '在办',
    '',
    '',
    '',
  ]);
  const persons = s['嫌疑人'].map((r) => [...r]);
  for (const r of persons) if (r[0] === CN2) Object.assign(r, { 11: '', 12: '', 13: '', 14: '' });
  const docs = s['文书'].filter((r) => r[0] !== CN2);
  return {
    ...s,
    案件: cases,
    嫌疑人: persons,
    文书: docs,
    流程节点: s['流程节点'].filter((r) => r[2] !== '2026-04-01'),
  };
}

describe('caseflow import --taken-on / --allow-older', () => {
  it('records the data date per import and per case row and kind of rows; a 文书-only import has its own', async () => {
    const dir = tmpDir();
    const db = path.join(dir, 's.sqlite');
    openStore(db).close(); // the CLI refuses a store that does not exist
    const file = await writeXlsx(path.join(dir, 'e0410.xlsx'), sampleSheets());
    const r = await caseflowJson<ImportJson>(['import', file, '--taken-on', '2026-04-10', '--db', db, '--json']);
    expect(r).toMatchObject({ ok: true, takenOn: '2026-04-10', skippedOlder: [] });
    const d = dates(db);
    for (const c of [CN1, CN2, CN3])
      expect(d[c], c).toMatchObject({
        taken_on: '2026-04-10',
        persons_taken_on: '2026-04-10',
        events_taken_on: '2026-04-10',
        documents_taken_on: '2026-04-10',
      });
    const s = openStore(db, { readonly: true });
    expect(s.prepare('SELECT taken_on FROM import_batches').pluck().all()).toEqual(['2026-04-10']);
    s.close();

    // 文书 only, taken on 04-12: CN3's documents carry 04-12, its case row still 04-10.
    const docs = writeCsv(path.join(dir, '文书.csv'), [
      DOC_HEADER,
      [CN3, '批准逮捕决定书', '赤检二部捕〔2026〕3号', '2026-03-27', '1'],
      [CN3, '提请批准逮捕书', '赤公刑提捕〔2026〕8号', '2026-03-19', ''],
    ]);
    expect(
      (await caseflowJson<ImportJson>(['import', docs, '--taken-on', '2026-04-12', '--db', db, '--json'])).ok,
    ).toBe(true);
    expect(dates(db)[CN3]).toMatchObject({ taken_on: '2026-04-10', documents_taken_on: '2026-04-12' });
    // An older 文书 export for CN3 (04-11) is not applied: its documents came from 04-12.
    const olderDocs = writeCsv(path.join(dir, '文书-0411.csv'), [
      DOC_HEADER,
      [CN3, '批准逮捕决定书', '赤检二部捕〔2026〕3号', '2026-03-27', '1'],
    ]);
    const o = await caseflowJson<ImportJson>(['import', olderDocs, '--taken-on', '2026-04-11', '--db', db, '--json']);
    expect(o.skippedOlder).toEqual([{ caseNo: CN3, takenOn: '2026-04-12' }]);
    expect(dates(db)[CN3]).toMatchObject({ documents_taken_on: '2026-04-12' });
  }, 120_000);

  it('an older export is refused case by case (one warning listing them) and applied with --allow-older', async () => {
    const dir = tmpDir();
    const db = path.join(dir, 's.sqlite');
    openStore(db).close(); // the CLI refuses a store that does not exist
    await caseflowJson([
      'import',
      await writeXlsx(path.join(dir, 'e0410.xlsx'), sampleSheets()),
      '--taken-on',
      '2026-04-10',
      '--db',
      db,
      '--json',
    ]);
    const older = await writeXlsx(path.join(dir, 'e0405.xlsx'), olderSheets());

    const r = await caseflowJson<ImportJson>(['import', older, '--taken-on', '2026-04-05', '--db', db, '--json']);
    expect(r.ok).toBe(true);
    expect(r.skippedOlder).toEqual([
      { caseNo: CN1, takenOn: '2026-04-10' },
      { caseNo: CN2, takenOn: '2026-04-10' },
    ]);
    expect(r.cases).toEqual({ added: 1, changed: 0, unchanged: 1 });
    const warned = r.warnings.filter((w) => w.includes('--allow-older'));
    expect(warned).toHaveLength(1);
    expect(warned[0]).toContain(`${CN1}（库中数据日期 2026-04-10）`);
    expect(warned[0]).toContain(CN2);
    let d = dates(db);
    expect(d[CN2]).toMatchObject({ status: '办结', taken_on: '2026-04-10' });
    expect(d['赤检刑诉受[2026]130732000004号']).toMatchObject({ taken_on: '2026-04-05' });
    expect(d[CN3]).toMatchObject({ taken_on: '2026-04-10' }); // confirmed unchanged by an older export: stays at the later date

    // The human output says it too.
    const human = await caseflow(['import', older, '--taken-on', '2026-04-05', '--db', db]);
    expect(human.code).toBe(0);
    expect(human.out).toMatch(/因库中数据较新未更新 2 件/);
    expect(human.out).toMatch(/允许用较早的数据覆盖/);

    const forced = await caseflowJson<ImportJson>([
      'import',
      older,
      '--taken-on',
      '2026-04-05',
      '--allow-older',
      '--db',
      db,
      '--json',
    ]);
    expect(forced).toMatchObject({ ok: true, skippedOlder: [], cases: { changed: 2 } });
    d = dates(db);
    expect(d[CN2]).toMatchObject({ status: '在办', taken_on: '2026-04-05', persons_taken_on: '2026-04-05' });
  }, 120_000);

  it('refuses a data date in the future or not a date, writing nothing', async () => {
    const dir = tmpDir();
    const db = path.join(dir, 's.sqlite');
    openStore(db).close(); // the CLI refuses a store that does not exist
    const file = await writeXlsx(path.join(dir, 'a.xlsx'), sampleSheets());
    const tomorrow = addDays(chinaToday(), 1);
    const f = await caseflow(['import', file, '--taken-on', tomorrow, '--db', db]);
    expect(f.code).toBe(1);
    expect(f.err).toContain(`数据日期 ${tomorrow} 晚于今天`);
    const bad = await caseflow(['import', file, '--taken-on', '2026-13-01', '--db', db]);
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('--taken-on');
    expect(Object.keys(dates(db))).toEqual([]);
  }, 120_000);
});

describe('DQ-DATES and DOC-DATE against the data date', () => {
  /** The sample office plus a 起诉书 of CN1 signed 04-15 and a decision of CN1's suspect on 04-14. */
  async function withLaterDates(dir: string): Promise<string> {
    const s = sampleSheets();
    s['文书'] = [...s['文书'], [CN1, '起诉书', '赤检一部刑诉〔2026〕30号', '2026-04-15', '1']];
    s['嫌疑人'] = s['嫌疑人'].map((r) => (r[0] === CN1 ? Object.assign([...r], { 11: '起诉', 12: '2026-04-14' }) : r));
    expect(PERSON_HEADER[12]).toBe('结论日期');
    return writeXlsx(path.join(dir, 'later-dates.xlsx'), s);
  }
  const flagged = (x: { findings: { ruleId: string; caseNo: string; message: string }[] }) =>
    x.findings.filter((f) => (f.ruleId === 'DQ-DATES' || f.ruleId === 'DOC-DATE') && f.caseNo === CN1);

  it('a date later than the export it came in is a data error at any D', async () => {
    const dir = tmpDir();
    const db = path.join(dir, 's.sqlite');
    openStore(db).close(); // the CLI refuses a store that does not exist
    await caseflowJson(['import', await withLaterDates(dir), '--taken-on', '2026-04-10', '--db', db, '--json']);
    for (const day of ['2026-04-08', '2026-04-12', '2026-04-20']) {
      const a = await caseflowJson<{ findings: { ruleId: string; caseNo: string; message: string }[] }>([
        'audit',
        '--date',
        day,
        '--db',
        db,
        '--json',
      ]);
      const f = flagged(a);
      expect(f.map((x) => x.ruleId).sort(), day).toEqual(['DOC-DATE', 'DQ-DATES']);
      for (const x of f) expect(x.message, day).toContain('晚于数据日期 2026-04-10');
    }
  }, 120_000);

  it('a later date that was a fact when exported is not flagged: before it, it simply has not happened', async () => {
    const dir = tmpDir();
    const db = path.join(dir, 's.sqlite');
    openStore(db).close(); // the CLI refuses a store that does not exist
    await caseflowJson(['import', await withLaterDates(dir), '--taken-on', '2026-04-16', '--db', db, '--json']);
    for (const day of ['2026-04-08', '2026-04-12', '2026-04-20']) {
      const a = await caseflowJson<{ findings: { ruleId: string; caseNo: string; message: string }[] }>([
        'audit',
        '--date',
        day,
        '--db',
        db,
        '--json',
      ]);
      expect(flagged(a), day).toEqual([]);
      expect(a.findings.some((x) => x.message.includes('晚于审核日期'))).toBe(false);
    }
  }, 120_000);
});
