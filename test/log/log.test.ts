import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { Logger, redact } from '../../core/log';
import { tmpDir } from '../helpers/tmp';

describe('redact', () => {
  it('hides ID numbers, mobile numbers, given names and names after labels', () => {
    const s = redact(
      '嫌疑人张三，身份证 11010519900307123X，电话 13912345678，另案李四；姓名：王小明，案号 赤检刑诉〔2026〕12号',
      ['李四'],
    );
    expect(s).not.toMatch(/张三|李四|王小明|11010519900307123X|13912345678/);
    expect(s).toContain('[身份证号]');
    expect(s).toContain('[手机号]');
    expect(s).toContain('赤检刑诉〔2026〕12号');
    expect(redact('犯罪嫌疑人欧阳娜娜', ['欧阳娜娜', '欧阳'])).toBe('犯罪嫌疑人[姓名]');
  });

  it('leaves case numbers, dates and counts alone', () => {
    const s = '案件 赤检刑诉受[2026]130121000123号 于 2026-11-23 导入 1500 件，耗时 1234567 毫秒';
    expect(redact(s)).toBe(s);
  });

  it('never leaves a generated ID or phone number in the output', () => {
    const digit = fc.integer({ min: 0, max: 9 }).map(String);
    const id = fc
      .tuple(
        fc.integer({ min: 110000, max: 659999 }),
        fc.integer({ min: 1950, max: 2010 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 28 }),
        fc.array(digit, { minLength: 3, maxLength: 3 }),
        fc.constantFrom('0', '5', 'X', 'x'),
      )
      .map(
        ([a, y, m, d, seq, c]) =>
          `${a}${y}${String(m).padStart(2, '0')}${String(d).padStart(2, '0')}${seq.join('')}${c}`,
      );
    const phone = fc
      .tuple(fc.constantFrom('3', '5', '7', '8', '9'), fc.array(digit, { minLength: 9, maxLength: 9 }))
      .map(([b, r]) => `1${b}${r.join('')}`);
    fc.assert(
      fc.property(id, phone, fc.string({ maxLength: 10 }), (i, p, filler) => {
        const out = redact(`${filler}身份证${i}，手机${p}。${filler}`);
        return !out.includes(i) && !out.includes(p);
      }),
      { numRuns: 300 },
    );
  });
});

describe('Logger', () => {
  it('writes redacted lines and rotates by size', () => {
    const dir = tmpDir();
    const log = new Logger({ dir, maxBytes: 2000, keep: 2, redactNames: ['赵六'] });
    for (let i = 0; i < 100; i++) log.info(`第 ${i} 行：赵六 13812345678`, { case: '赤检001' });
    const files = fs.readdirSync(dir).sort();
    expect(files).toEqual(['caseflow.1.log', 'caseflow.2.log', 'caseflow.log']);
    for (const f of files) {
      const text = fs.readFileSync(path.join(dir, f), 'utf8');
      expect(text).not.toMatch(/赵六|13812345678/);
      expect(fs.statSync(path.join(dir, f)).size).toBeLessThanOrEqual(2100);
    }
    expect(fs.readFileSync(path.join(dir, 'caseflow.log'), 'utf8')).toMatch(
      /INFO {2}第 99 行：\[姓名\] \[手机号\] \{"case":"赤检001"\}/,
    );
  });

  it('logs an error with its stack on one line', () => {
    const dir = tmpDir();
    const log = new Logger({ dir });
    log.error('失败', new Error('姓名：孙七 出错'));
    const text = fs.readFileSync(path.join(dir, 'caseflow.log'), 'utf8');
    expect(text.trim().split('\n')).toHaveLength(1);
    expect(text).not.toContain('孙七');
  });
});
