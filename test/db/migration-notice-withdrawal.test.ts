/** Migration notice-withdrawal: a store with notices gains the withdrawal columns, empty; notices stay in force. */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../db/store';
import * as m from '../../db/migrations/013-notice-withdrawal';
import { tmpDir } from '../helpers/tmp';

describe(`migration ${m.name}`, () => {
  it('adds withdrawn_on / withdrawn_reason / withdrawn_by as NULL to existing notices', () => {
    const file = path.join(tmpDir(), 's.sqlite');
    const db = openStore(file, { targetVersion: m.version - 1 });
    db.prepare(
      `INSERT INTO notices(year, seq, number, case_no, issued_on, reply_due_on, content_json, issued_by, created_at)
       VALUES (2026, 1, '青检案管监〔2026〕1号', 'Q1', '2026-10-05', '2026-10-15', '{}', 't', 'x')`,
    ).run();
    db.close();
    const after = openStore(file, { targetVersion: m.version });
    expect(after.prepare('SELECT number, withdrawn_on, withdrawn_reason, withdrawn_by FROM notices').all()).toEqual([
      { number: '青检案管监〔2026〕1号', withdrawn_on: null, withdrawn_reason: null, withdrawn_by: null },
    ]);
    after.close();
  });
});
