/** Migration escalation: existing findings gain empty escalation columns (not overdue, not referred); the new tables start empty and hold rows. */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../db/store';
import * as m from '../../db/migrations/014-escalation';
import { tmpDir } from '../helpers/tmp';

describe(`migration ${m.name}`, () => {
  it('keeps findings as they were, not overdue and not referred, and adds the exclusions and escalation history', () => {
    const file = path.join(tmpDir(), 's.sqlite');
    const db = openStore(file, { targetVersion: m.version - 1 });
    db.prepare(
      `INSERT INTO findings(rule_id, case_no, severity, status, message, first_seen, last_seen, status_on)
       VALUES ('DL-PROS', 'Q1', '严重', '已通知', '超期', '2026-10-05', '2026-10-20', '2026-10-06')`,
    ).run();
    db.close();
    const after = openStore(file, { targetVersion: m.version });
    expect(
      after
        .prepare(
          'SELECT rule_id, status, overdue_on, overdue_notice_id, referred_month, referred_version, referred_on FROM findings',
        )
        .all(),
    ).toEqual([
      {
        rule_id: 'DL-PROS',
        status: '已通知',
        overdue_on: null,
        overdue_notice_id: null,
        referred_month: null,
        referred_version: null,
        referred_on: null,
      },
    ]);
    expect(after.prepare('SELECT count(*) FROM escalation_exclusions').pluck().get()).toBe(0);
    after
      .prepare(
        `INSERT INTO escalation_exclusions(month, finding_id, reason, actor, at) VALUES ('2026-10', 1, '已当面督促', 't', 'x')`,
      )
      .run();
    after
      .prepare(
        `INSERT INTO escalation_events(finding_id, action, on_date, at, actor) VALUES (1, 'overdue', '2026-10-21', 'x', '日审核')`,
      )
      .run();
    expect(after.prepare('SELECT action FROM escalation_events').pluck().all()).toEqual(['overdue']);
    after.close();
  });
});
