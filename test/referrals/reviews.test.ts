import { describe, expect, it } from 'vitest';
import { tmpStore } from '../helpers/tmp';
import { addReview, listReviews, updateReview } from '../../core/referrals';
import { CASES, seedCases } from './fixture';

describe('case-quality reviews (案件质量评查)', () => {
  it('records, filters and updates reviews with Chinese validation and an audit trail', () => {
    const { db, ctx } = tmpStore();
    seedCases(db);
    const a = addReview(ctx, {
      caseNo: '赤检刑诉受〔2026〕130732000012号',
      reviewedOn: '2026/10/15',
      reviewer: '孙评',
      kind: '重点评查',
      grade: '不合格',
      problems: '张三丰的羁押必要性审查缺失',
    });
    expect(a).toMatchObject({
      caseNo: CASES[0].caseNo,
      department: '第一检察部',
      prosecutor: '李明',
      reviewedOn: '2026-10-15',
      rectification: '待整改',
      caseTitle: '张三丰盗窃案',
    });
    addReview(ctx, {
      caseNo: CASES[1].caseNo,
      reviewedOn: '2026-10-20',
      reviewer: '孙评',
      kind: '常规抽查',
      grade: '合格',
    });
    addReview(ctx, {
      caseNo: CASES[2].caseNo,
      reviewedOn: '2026-11-01',
      reviewer: '周评',
      kind: '专项评查',
      grade: '基本合格',
      problems: '文书说理不充分',
      rectification: '整改中',
    });
    // a case not in the store needs department and prosecutor
    expect(() =>
      addReview(ctx, { caseNo: 'X1', reviewedOn: '2026-10-01', reviewer: 'r', kind: '常规抽查', grade: '优质' }),
    ).toThrow(/案件库中没有部门受案号“X1”/);
    const ext = addReview(ctx, {
      caseNo: 'X1',
      reviewedOn: '2026-10-01',
      reviewer: 'r',
      kind: '常规抽查',
      grade: '优质',
      department: '第三检察部',
      prosecutor: '钱七',
    });
    expect(ext.prosecutor).toBe('钱七');

    expect(() =>
      addReview(ctx, { caseNo: '', reviewedOn: '2026-02-30', reviewer: '', kind: '抽查', grade: '差' }),
    ).toThrow(/请填写部门受案号.*评查日期“2026-02-30”无法识别.*请填写评查人.*评查类型“抽查”无效.*评查等次“差”无效/);
    expect(() =>
      addReview(ctx, {
        caseNo: CASES[0].caseNo,
        reviewedOn: '2026-10-01',
        reviewer: 'r',
        kind: '常规抽查',
        grade: '不合格',
      }),
    ).toThrow(/应填写发现的问题/);

    expect(listReviews(ctx, { month: '2026-10' }).map((r) => r.reviewedOn)).toEqual([
      '2026-10-01',
      '2026-10-15',
      '2026-10-20',
    ]);
    expect(listReviews(ctx, { grade: ['基本合格', '不合格'] }).map((r) => r.grade)).toEqual(['不合格', '基本合格']);
    expect(listReviews(ctx, { kind: '专项评查' })).toHaveLength(1);
    expect(listReviews(ctx, { prosecutor: '李明' })).toHaveLength(2);
    expect(() => listReviews(ctx, { month: '2026-13' })).toThrow(/月份/);

    const u = updateReview(ctx, a.id, { rectification: '已整改' });
    expect(u.rectification).toBe('已整改');
    expect(u.updatedBy).toBe('tester');
    expect(() => updateReview(ctx, a.id, { rectification: '完成' })).toThrow(/整改情况“完成”无效/);
    expect(() => updateReview(ctx, 999, { rectification: '已整改' })).toThrow(/没有编号为 999/);
    const trail = db.prepare(`SELECT action, target FROM audit_trail WHERE action LIKE 'review.%' ORDER BY id`).all();
    expect(trail).toEqual([
      { action: 'review.add', target: `review:${a.id}` },
      { action: 'review.add', target: 'review:2' },
      { action: 'review.add', target: 'review:3' },
      { action: 'review.add', target: `review:${ext.id}` },
      { action: 'review.update', target: `review:${a.id}` },
    ]);
  });
});
