import { describe, expect, it } from 'vitest';
import { cellText, enumSet, parseBool, parseDate, parseEnum } from '../../core/import/values';
import { CATEGORIES } from '../../core/domain';
import { identifySheet, sheetFor } from '../../core/import/columns';
import { sniffBytes } from '../../core/import/sniff';

const date = (c: Parameters<typeof parseDate>[0]) => {
  const r = parseDate(c);
  return r.ok ? r.value : 'ERR';
};

describe('import values', () => {
  it('reads every date form of import-format.md', () => {
    expect(date('2026-03-05')).toBe('2026-03-05');
    expect(date('2026/3/5')).toBe('2026-03-05');
    expect(date('2026.3.5')).toBe('2026-03-05');
    expect(date('2026年3月5日')).toBe('2026-03-05');
    expect(date('20260305')).toBe('2026-03-05');
    expect(date(20260305)).toBe('2026-03-05');
    expect(date('２０２６－０３－０５')).toBe('2026-03-05'); // full-width
    expect(date(' 2026-03-05\u3000')).toBe('2026-03-05');
    // Excel date cell: the UTC wall clock, whatever the machine's zone (tests run in America/Los_Angeles).
    expect(date(new Date(Date.UTC(2026, 2, 5)))).toBe('2026-03-05');
    expect(date(new Date(Date.UTC(2026, 2, 5, 23, 30)))).toBe('2026-03-05');
    // Excel serial numbers (46086 = 2026-03-05), also as text, with a time fraction.
    expect(date(46086)).toBe('2026-03-05');
    expect(date('46086')).toBe('2026-03-05');
    expect(date(46086.75)).toBe('2026-03-05');
  });

  it('keeps the China-time date of a date-time', () => {
    expect(date('2026-03-05 23:59:59')).toBe('2026-03-05'); // wall clock as written
    expect(date('2026-03-04T16:00:00Z')).toBe('2026-03-05'); // 00:00 in Beijing
    expect(date('2026-03-04T15:59:59Z')).toBe('2026-03-04');
    expect(date('2026-03-05T07:00:00+08:00')).toBe('2026-03-05');
    expect(date('2026-03-04T20:00:00-05:00')).toBe('2026-03-05');
  });

  it('refuses anything else with a Chinese reason', () => {
    for (const bad of ['2026-13-01', '2026-3', '3/5/2026', 'abc', '2026年3月', '99999999', true]) {
      const r = parseDate(bad as string);
      expect(r.ok, String(bad)).toBe(false);
      if (!r.ok) expect(r.message).toMatch(/日期无法识别/);
    }
  });

  it('says a date that looks right but does not exist does not exist', () => {
    for (const [bad, msg] of [
      ['2026-11-31', '日期不存在：2026年11月只有30天'],
      ['2026-02-30', '日期不存在：2026年2月只有28天'],
      ['2024/2/30', '日期不存在：2024年2月只有29天'],
      ['20260431', '日期不存在：2026年4月只有30天'],
    ]) {
      const r = parseDate(bad);
      expect(r.ok, bad).toBe(false);
      if (!r.ok) expect(r.message).toBe(msg);
    }
  });

  it('reads yes/no forms, case-insensitive; empty is no value', () => {
    for (const y of ['是', 'Y', 'y', '1', 'true', 'TRUE', 'True', 1, true])
      expect(parseBool(y)).toEqual({ ok: true, value: true });
    for (const n of ['否', 'N', 'n', '0', 'false', 'FALSE', 0, false])
      expect(parseBool(n)).toEqual({ ok: true, value: false });
    expect(parseBool('')).toEqual({ ok: true, value: null });
    expect(parseBool(null)).toEqual({ ok: true, value: null });
    expect(parseBool('有').ok).toBe(false);
  });

  it('matches enumerations after bracket/width/space normalisation and names the allowed values', () => {
    const s = enumSet(CATEGORIES);
    expect(parseEnum('审查起诉', s)).toEqual({ ok: true, value: '审查起诉' });
    expect(parseEnum(' 审查 起诉\u3000', s)).toEqual({ ok: true, value: '审查起诉' });
    const withBrackets = enumSet(['其他(待定)']);
    expect(parseEnum('其他（待定）', withBrackets)).toEqual({ ok: true, value: '其他(待定)' });
    const r = parseEnum('审查批捕', s);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toContain('审查逮捕、审查起诉、刑事申诉');
  });

  it('trims ASCII and full-width spaces', () => {
    expect(cellText('  张三\u3000 ')).toBe('张三');
    expect(cellText('\u3000')).toBe('');
  });

  it('recognises sheets by name and CSV files by their header row', () => {
    expect(sheetFor('案件')).toBe('案件');
    expect(sheetFor(' persons ')).toBe('嫌疑人');
    expect(sheetFor('Sheet1')).toBeUndefined();
    expect(identifySheet(['部门受案号', '节点', '日期', '嫌疑人编号', '备注'])).toBe('流程节点');
    expect(identifySheet(['caseNo', 'name', 'number', 'issuedOn'])).toBe('文书');
    expect(identifySheet(['姓名', '部门', '身份', '在岗'])).toBe('人员');
    expect(identifySheet(['部门受案号', '嫌疑人编号', '姓名', '羁押状态'])).toBe('嫌疑人');
    expect(identifySheet(['a', 'b', '姓名'])).toBeUndefined();
  });

  it('sniffs xlsx, old xls and HTML-as-xls bytes', () => {
    expect(sniffBytes(Buffer.from('PK\x03\x04', 'binary'))).toBe('xlsx');
    expect(sniffBytes(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1]))).toBe('xls');
    expect(sniffBytes(Buffer.from('\ufeff  <html><table>', 'utf8'))).toBe('html');
    expect(sniffBytes(Buffer.alloc(0))).toBe('empty');
    expect(sniffBytes(Buffer.from('部门受案号,案件名称'))).toBe('text');
  });
});
