/**
 * A crafted October 2026 where every figure is known by hand (see test/metrics/metrics.test.ts for the
 * expected values and why). Two prosecutors with cases, one quota prosecutor without any.
 */
import type { Db } from '../../db/store';
import { Builder } from './builder';

export function craftOctober(db: Db): Builder {
  const b = new Builder(db);
  b.staff('李检察', '第一检察部')
    .staff('王检察', '第二检察部')
    .staff('赵检察', '第一检察部')
    .staff('钱助理', '第一检察部', '检察官助理');
  const 李 = { department: '第一检察部', prosecutor: '李检察' };
  const 王 = { department: '第二检察部', prosecutor: '王检察' };
  // A1: received in September, concluded on the first day of October, returned for supplementary investigation once.
  b.case({
    ...李,
    caseNo: 'A1',
    title: '张三盗窃案',
    receivedOn: '2026-09-10',
    concludedOn: '2026-10-01',
    events: [
      { kind: '退回补充侦查', on: '2026-09-15' },
      { kind: '补充侦查重新移送', on: '2026-09-25' },
    ],
    persons: [
      {
        name: '张三',
        decision: '起诉',
        decidedOn: '2026-10-01',
        plea: true,
        sentencing: '确定刑',
        custody: '在押',
        measure: '逮捕',
        measureFrom: '2026-09-12',
      },
      { name: '张小明', decision: '不起诉', decidedOn: '2026-09-30' },
    ],
  });
  // A2: received on the last day of October, open.
  b.case({ ...李, caseNo: 'A2', title: '李四诈骗案', receivedOn: '2026-10-31', persons: [{ name: '李四' }] });
  // A3: received and concluded in September: in no October figure.
  b.case({
    ...李,
    caseNo: 'A3',
    title: '周五抢夺案',
    receivedOn: '2026-09-01',
    concludedOn: '2026-09-30',
    persons: [{ name: '周五', decision: '起诉', decidedOn: '2026-09-30' }],
  });
  // A4: received and concluded in October, extended, concluded late (DL-PROS 超期办结).
  b.case({
    ...李,
    caseNo: 'A4',
    title: '王五等二人故意伤害案',
    receivedOn: '2026-10-05',
    concludedOn: '2026-10-20',
    events: [{ kind: '延长审查起诉期限', on: '2026-10-10' }],
    persons: [
      {
        name: '王五',
        decision: '起诉',
        decidedOn: '2026-10-20',
        sentencing: '幅度刑',
        custody: '在押',
        measure: '逮捕',
        measureFrom: '2026-10-06',
      },
      {
        name: '赵六',
        decision: '起诉',
        decidedOn: '2026-10-20',
        plea: true,
        sentencing: '确定刑',
        adopted: true,
        judgedOn: '2026-10-25',
        appealed: true,
        measure: '取保候审',
        measureFrom: '2026-10-06',
      },
    ],
  });
  // A5: an arrest review with one person arrested and one not.
  b.case({
    ...李,
    caseNo: 'A5',
    title: '孙七等二人寻衅滋事案',
    category: '审查逮捕',
    receivedOn: '2026-10-02',
    concludedOn: '2026-10-08',
    persons: [
      { name: '孙七', decision: '批准逮捕', decidedOn: '2026-10-08' },
      { name: '吴八', decision: '不批准逮捕', decidedOn: '2026-10-08' },
    ],
  });
  // A6: carried over from August, still open.
  b.case({ ...李, caseNo: 'A6', title: '郑九危险驾驶案', receivedOn: '2026-08-01', persons: [{ name: '郑九' }] });
  // A7: received in November: in no October figure.
  b.case({ ...李, caseNo: 'A7', title: '冯十盗窃案', receivedOn: '2026-11-01', persons: [{ name: '冯十' }] });
  // B1: received in September, concluded on the last day of October; one person decided in October, one in November.
  b.case({
    ...王,
    caseNo: 'B1',
    title: '陈一一非法拘禁案',
    receivedOn: '2026-09-15',
    concludedOn: '2026-10-31',
    persons: [
      { name: '陈一一', decision: '不起诉', decidedOn: '2026-10-31', plea: true },
      { name: '陈二二', decision: '起诉', decidedOn: '2026-11-01' },
    ],
  });

  // Findings.
  b.finding({
    ruleId: 'DL-PROS',
    caseNo: 'A4',
    severity: '严重',
    kind: '超期办结',
    firstSeen: '2026-10-21',
    message: '审查起诉超期办结（王五）',
    events: [{ action: 'detect', on: '2026-10-21', to: '待处理' }],
  });
  b.finding({
    ruleId: 'RT-SUSPECT',
    caseNo: 'A1',
    personNo: '1',
    firstSeen: '2026-09-20',
    status: '已整改',
    rectifiedOn: '2026-10-10',
    events: [
      { action: 'detect', on: '2026-09-20', to: '待处理' },
      { action: 'remind', on: '2026-10-03', from: '待处理', to: '已提示' },
      { action: 'auto-rectify', on: '2026-10-10', from: '已提示', to: '已整改' },
    ],
  });
  b.finding({
    ruleId: 'DQ-CAUSE',
    caseNo: 'A2',
    severity: '轻微',
    firstSeen: '2026-10-31',
    status: '已整改',
    rectifiedOn: '2026-11-01',
    events: [
      { action: 'detect', on: '2026-10-31', to: '待处理' },
      { action: 'auto-rectify', on: '2026-11-01', from: '待处理', to: '已整改' },
    ],
  });
  b.finding({
    ruleId: 'DOC-INDICT',
    caseNo: 'B1',
    severity: '较重',
    firstSeen: '2026-10-01',
    status: '已整改',
    rectifiedOn: '2026-10-31',
    events: [
      { action: 'detect', on: '2026-10-01', to: '待处理' },
      { action: 'notice', on: '2026-10-25', from: '待处理', to: '已通知' },
      { action: 'auto-rectify', on: '2026-10-31', from: '已通知', to: '已整改' },
    ],
  });
  b.finding({
    ruleId: 'REF-INSPECTION',
    caseNo: 'B1',
    severity: '较重',
    source: '检务督查',
    subjectKey: 'JD-1',
    firstSeen: '2026-10-15',
  });
  b.finding({ ruleId: 'CM-BAIL', caseNo: 'A6', severity: '严重', firstSeen: '2026-11-02' });
  b.finding({ ruleId: 'DL-PROS', caseNo: 'A6', severity: '严重', kind: '超期未结', firstSeen: '2026-08-01' });

  // Notices.
  b.notice({
    number: '赤检案管监〔2026〕1号',
    caseNo: 'A4',
    issuedOn: '2026-10-05',
    replyDueOn: '2026-10-15',
    toChief: true,
  });
  b.notice({
    number: '赤检案管监〔2026〕2号',
    caseNo: 'B1',
    issuedOn: '2026-10-25',
    replyDueOn: '2026-11-04',
    prosecutor: '王检察',
    department: '第二检察部',
  });
  b.notice({
    number: '赤检案管监〔2025〕9号',
    caseNo: 'A1',
    issuedOn: '2026-09-10',
    replyDueOn: '2026-09-20',
    replyOn: '2026-10-02',
    year: 2025,
    seq: 9,
  });
  b.notice({
    number: '赤检案管监〔2025〕10号',
    caseNo: 'B1',
    issuedOn: '2026-09-12',
    replyDueOn: '2026-09-22',
    replyOn: '2026-11-03',
    prosecutor: '王检察',
    department: '第二检察部',
    year: 2025,
    seq: 10,
  });
  return b;
}
