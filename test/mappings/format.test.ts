/**
 * The mapping file's rules (import-mapping.md "File shape"): what is refused, with a message naming the
 * mapping and the key; the synonym list; the data date of a title row; the proposal for a wide export.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkMapping } from '../../core/import/mapping';
import { HEADER_SYNONYMS, VALUE_SYNONYMS, namesFor } from '../../core/import/mapping/synonyms';
import { dateInTitle } from '../../core/import/mapping/title-date';
import { SHEET_COLUMNS } from '../../core/import/columns';
import { allowedValue, targetFor } from '../../core/import/mapping/format';
import type { SheetName } from '../../core/domain';
import { writeWideWorkbook } from '../../tools/generator';
import { tmpDir } from '../helpers/tmp';
import { cli } from './helpers';

interface SheetShape {
  match: { sheet: string | number; headerRow: number | 'auto' };
  produces: string[];
  columns: Record<string, string>;
  values?: Record<string, Record<string, string>>;
  constants?: Record<string, string>;
  skipRows?: { column: string; pattern: string };
}

const good = (): { format: string; name: string; sheets: SheetShape[] } => ({
  format: 'caseflow-mapping/1',
  name: '样例',
  sheets: [
    {
      match: { sheet: '案件列表', headerRow: 3 },
      produces: ['案件', '嫌疑人'],
      columns: {
        受案号: '案件.部门受案号',
        案件名称: '案件.案件名称',
        案件类型: '案件.案件类别',
        办案部门: '案件.承办部门',
        办案人: 'cases.prosecutor',
        受案日期: '案件.受理日期',
        办案状态: '案件.案件状态',
        嫌疑人序号: '嫌疑人.嫌疑人编号',
        犯罪嫌疑人: '嫌疑人.姓名',
        羁押情况: '嫌疑人.羁押状态',
      },
      values: { '嫌疑人.羁押状态': { 羁押: '在押', 非羁押: '未羁押' }, '嫌疑人.强制措施': { 取保: '取保候审' } },
      constants: { '案件.移送单位': '赤城县公安局' },
      skipRows: { column: '受案号', pattern: '^(合计|总计|小计)' },
    },
  ],
});

type Sheet = SheetShape;
const errorsOf = (change: (s: Sheet) => void, top?: (m: Record<string, unknown>) => void): string[] => {
  const m = good();
  change(m.sheets[0]);
  top?.(m as unknown as Record<string, unknown>);
  const c = checkMapping(m);
  return c.ok ? [] : c.errors;
};

describe('caseflow-mapping/1', () => {
  it('accepts the spec-shaped mapping (Chinese headers and English keys) and resolves every column once', () => {
    const c = checkMapping(good());
    expect(c.ok).toBe(true);
    if (!c.ok) return;
    const rs = c.resolved.sheets[0];
    expect(rs.produces).toEqual(['案件', '嫌疑人']);
    expect(rs.columns.find((x) => x.source === '办案人')!.target.id).toBe('案件.承办检察官');
    expect(rs.values.get('嫌疑人.羁押状态')!.get('非羁押')).toBe('未羁押');
    expect(rs.constants.get('案件.移送单位')!.value).toBe('赤城县公安局');
  });

  it('refuses, naming the mapping and the key: unknown target columns, sheets, values, constants, rows, patterns', () => {
    expect(errorsOf((s) => (s.columns['办案人'] = '案件.承办人'))).toEqual([
      '导入模板「样例」 sheets[1].columns「办案人」：目标列「案件.承办人」不存在：「案件」表的列有 部门受案号、案件名称、案件类别、案由、承办部门、承办检察官、移送单位、受理日期、重大复杂、有被害人、适用程序、案件状态、办结日期、办结方式、备注',
    ]);
    expect(errorsOf((s) => (s.columns['办案人'] = '卷宗.承办检察官'))[0]).toMatch(
      /^导入模板「样例」 sheets\[1\]\.columns「办案人」：目标列「卷宗\.承办检察官」不存在：应写成「表\.列」/,
    );
    expect(errorsOf((s) => (s.values = { '嫌疑人.羁押状态': { 羁押: '关押' } }))).toEqual([
      '导入模板「样例」 sheets[1].values「嫌疑人.羁押状态」「羁押」：「嫌疑人.羁押状态」不能取值「关押」：不是允许的值；允许的值：在押、未羁押',
    ]);
    expect(errorsOf((s) => (s.constants = { '案件.受理日期': '上周' }))[0]).toMatch(
      /^导入模板「样例」 sheets\[1\]\.constants「案件\.受理日期」：「案件\.受理日期」已由原表头「受案日期」提供/,
    );
    expect(errorsOf((s) => (s.constants = { '案件.重大复杂': '也许' }))[0]).toMatch(
      /^导入模板「样例」 sheets\[1\]\.constants「案件\.重大复杂」：「案件\.重大复杂」不能取值「也许」/,
    );
    expect(errorsOf((s) => (s.produces = ['案件', '嫌犯']))).toContain(
      '导入模板「样例」 sheets[1].produces：「嫌犯」不是可导入的表；可用：案件、嫌疑人、流程节点、文书、人员',
    );
    expect(errorsOf((s) => (s.produces = ['案件']))).toContain(
      '导入模板「样例」 sheets[1].columns「嫌疑人序号」：目标列「嫌疑人.嫌疑人编号」所在的表「嫌疑人」不在 produces 中',
    );
    expect(errorsOf((s) => delete s.columns['办案人'])).toEqual([
      '导入模板「样例」 sheets[1].produces：「案件」表的必填列「承办检察官」没有来源：请在 columns 中对应一个原表头，或在 constants 中给出固定值',
    ]);
    expect(errorsOf((s) => (s.match = { sheet: '案件列表', headerRow: 0 }))[0]).toMatch(
      /sheets\[1\]\.match\.headerRow：应为表头所在的行号/,
    );
    expect(errorsOf((s) => (s.skipRows = { column: '受案号', pattern: '(合计' }))[0]).toMatch(
      /sheets\[1\]\.skipRows\.pattern：不是有效的正则表达式/,
    );
    expect(errorsOf((s) => (s.columns['承办人'] = '案件.承办检察官'))[0]).toMatch(
      /sheets\[1\]\.columns「承办人」：与「办案人」都对应「案件\.承办检察官」/,
    );
    expect(
      errorsOf(
        () => undefined,
        (m) => (m.format = 'caseflow-mapping/2'),
      ),
    ).toEqual(['导入模板「样例」 format：应为「caseflow-mapping/1」，而不是「caseflow-mapping/2」']);
  });

  it('the child sheets of a wide row take the case number from 案件 (no second column needed)', () => {
    expect(checkMapping(good()).ok).toBe(true); // 嫌疑人 has no 部门受案号 column of its own
    const alone = {
      format: 'caseflow-mapping/1',
      name: '样例',
      sheets: [
        {
          match: { sheet: 1, headerRow: 'auto' },
          produces: ['嫌疑人'],
          columns: { 嫌疑人序号: '嫌疑人.嫌疑人编号', 犯罪嫌疑人: '嫌疑人.姓名', 羁押情况: '嫌疑人.羁押状态' },
        },
      ],
    };
    const c = checkMapping(alone);
    expect(c.ok ? [] : c.errors).toEqual([
      '导入模板「样例」 sheets[1].produces：「嫌疑人」表的必填列「部门受案号」没有来源：请在 columns 中对应一个原表头，或在 constants 中给出固定值',
    ]);
  });
});

describe('the synonym list (one place)', () => {
  it('names only real target columns, and values only allowed ones', () => {
    for (const [sheet, cols] of Object.entries(HEADER_SYNONYMS))
      for (const header of Object.keys(cols))
        expect(
          SHEET_COLUMNS[sheet as SheetName].some((c) => c.header === header),
          `${sheet}.${header}`,
        ).toBe(true);
    const byKey = new Map(Object.values(SHEET_COLUMNS).flatMap((cols) => cols.map((c) => [c.key, c])));
    for (const [key, values] of Object.entries(VALUE_SYNONYMS)) {
      const sheet = (Object.keys(SHEET_COLUMNS) as SheetName[]).find((s) =>
        SHEET_COLUMNS[s].some((c) => c.key === key),
      )!;
      const t = targetFor(`${sheet}.${key}`)!;
      expect(byKey.has(key), key).toBe(true);
      for (const [from, to] of Object.entries(values)) {
        expect(allowedValue(t, to).ok, `${key}: ${from} → ${to}`).toBe(true);
        expect(allowedValue(t, from).ok, `${key}: ${from} is already allowed`).toBe(false);
      }
    }
  });

  it('knows the names real exports use', () => {
    const one = (h: string) => namesFor(h).map((n) => `${n.sheet}.${n.header}`);
    expect(one('受案号')).toContain('案件.部门受案号');
    expect(one('案件类型')).toEqual(['案件.案件类别']);
    expect(one('承办人')).toEqual(['案件.承办检察官']);
    expect(one('办案人')).toEqual(['案件.承办检察官']);
    expect(one('受案日期')).toEqual(['案件.受理日期']);
    expect(one('羁押情况')).toEqual(['嫌疑人.羁押状态']);
    expect(one('犯罪嫌疑人')).toEqual(['嫌疑人.姓名']);
    expect(one('caseNo')).toContain('案件.部门受案号');
    expect(one(' 受理日期 ')).toEqual(['案件.受理日期']);
  });
});

describe('the data date of a title row', () => {
  it('reads 统计截至 / 截止日期 / 数据日期 / a period, in Chinese or ISO dates', () => {
    expect(dateInTitle('赤城县人民检察院案件信息表（统计截至2025年10月10日）')).toBe('2025-10-10');
    expect(dateInTitle('截止日期：2025-9-30')).toBe('2025-09-30');
    expect(dateInTitle('数据日期: 2025/10/01')).toBe('2025-10-01');
    expect(dateInTitle('统计时间：2025年01月01日至2025年10月10日')).toBe('2025-10-10');
    expect(dateInTitle('导出时间：2025-10-11 09:12:00')).toBe('2025-10-11');
    expect(dateInTitle('统计截至 ２０２５年１０月１０日')).toBe('2025-10-10');
    expect(dateInTitle('案件信息表')).toBeNull();
    expect(dateInTitle('统计截至2025年13月10日')).toBeNull();
  });
});

describe('caseflow mappings suggest', () => {
  it('proposes the mapping of a wide export from the headers it recognises, with what it could not place', async () => {
    const file = path.join(tmpDir(), 'export.xlsx');
    await writeWideWorkbook({ cases: 80, seed: 3, asOf: '2025-10-10' }, file, { department: '第一检察部' });
    const r = await cli(['mappings', 'suggest', file, '--json', '--name', '推荐']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.unplaced).toEqual([{ sheet: '案件列表', headers: ['序号'] }]);
    expect(j.missing).toEqual([{ sheet: '案件列表', column: '案件.承办部门' }]);
    const [wide, events, docs, staff] = j.mapping.sheets;
    expect(wide.match).toEqual({ sheet: '案件列表', headerRow: 'auto' });
    expect(wide.produces).toEqual(['案件', '嫌疑人']);
    expect(wide.columns).toMatchObject({
      受案号: '案件.部门受案号',
      案件类型: '案件.案件类别',
      承办人: '案件.承办检察官',
      受案日期: '案件.受理日期',
      犯罪嫌疑人: '嫌疑人.姓名',
      嫌疑人序号: '嫌疑人.嫌疑人编号',
      羁押情况: '嫌疑人.羁押状态',
      决定日期: '嫌疑人.结论日期',
    });
    expect(Object.keys(wide.columns)).toHaveLength(31); // every header but 序号
    expect(wide.values['嫌疑人.羁押状态']).toEqual({ 羁押: '在押', 非羁押: '未羁押' });
    expect(wide.values['案件.案件状态']).toEqual({ 已办结: '办结' });
    expect(wide.skipRows).toEqual({ column: '受案号', pattern: '^(合计|总计|小计)' });
    expect(events.produces).toEqual(['流程节点']);
    expect(events.columns['受案号']).toBe('流程节点.部门受案号');
    expect(docs.produces).toEqual(['文书']);
    expect(staff.produces).toEqual(['人员']);
    // completed with the one missing constant, it imports
    wide.constants = { '案件.承办部门': '第一检察部' };
    expect(checkMapping(j.mapping).ok).toBe(true);
  }, 60_000);
});
