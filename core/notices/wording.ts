/**
 * What a monitoring notice asks for, per finding (jobs.md *Monitoring notices*: "the notice's wording
 * fits the finding"). A prosecutor reads the request and knows what to do:
 *
 *   decide     an open deadline (超期未结, 补充侦查逾期未重新移送, a measure past its limit, a notification
 *              not yet given, a case pending for long): decide now — 依法及时作出处理决定;
 *   explain    a decision or step already taken, but late (超期办结, 抗诉超期, 告知超期) or beyond the law's
 *              count (退回补充侦查超过二次): it cannot be undone — state the reasons for the delay and the
 *              measures against recurrence;
 *   correct    a data error in the case card (案卡填录 rules, 羁押状态与强制措施矛盾, 强制措施缺起始日期,
 *              文书日期错误): correct the case card in the national system;
 *   document   a legal document missing: make or record it;
 *   referral   a problem referred by the inspection department: check and rectify it item by item.
 *
 * The classification reads the finding's kind (rules' `kind`, e.g. '超期办结'), then its rule area.
 * This is content, frozen into the notice when issued; the document model only lays it out.
 */

export type RequestKind = 'decide' | 'explain' | 'correct' | 'document' | 'referral';

const KIND_OF: Record<string, RequestKind> = {
  超期未结: 'decide',
  补充侦查逾期未重新移送: 'decide',
  取保候审超期: 'decide',
  监视居住超期: 'decide',
  未告知: 'decide',
  长期未结: 'decide',
  超期办结: 'explain',
  抗诉超期: 'explain',
  告知超期: 'explain',
  退回补充侦查超过二次: 'explain',
  羁押状态与强制措施矛盾: 'correct',
  强制措施缺起始日期: 'correct',
  文书日期错误: 'correct',
  缺少文书: 'document',
};

const AREA_DEFAULT: Record<string, RequestKind> = {
  办案期限: 'decide',
  强制措施: 'decide',
  诉讼权利保障: 'decide',
  法律文书: 'document',
  案卡填录: 'correct',
  督查移送: 'referral',
};

/** The request for one finding, by its kind (a rule's `kind`) and its rule's area. */
export function requestKindOf(f: { kind: string | null; area: string; ruleId: string }): RequestKind {
  if (f.ruleId === 'REF-INSPECTION') return 'referral';
  if (f.kind && KIND_OF[f.kind]) return KIND_OF[f.kind];
  if (f.kind && /超期$/.test(f.kind) && f.area === '强制措施') return 'decide';
  return AREA_DEFAULT[f.area] ?? 'decide';
}

/** The 纠正要求 of one problem of a notice. */
export function correctionText(kind: RequestKind, f: { area: string; kind: string | null }): string {
  switch (kind) {
    case 'decide':
      if (f.area === '强制措施')
        return '请立即核查强制措施的期限和执行情况，依法及时作出变更、解除或者续行强制措施的决定，并在统一业务应用系统中如实填录。';
      if (f.area === '诉讼权利保障') return '请依法及时履行告知、通知义务，并在统一业务应用系统中补录相应流程节点。';
      if (f.kind === '长期未结')
        return '请核查案件办理进展：确已办结的，更正统一业务应用系统中的案卡信息；仍在办理的，依法及时作出处理决定。';
      return '请立即核查案件办理情况，依法及时作出处理决定，并在统一业务应用系统中如实填录。';
    case 'explain':
      return '该决定（或诉讼行为）已经作出，但超出法定期限（或法定次数）。请书面说明超期原因，并提出防止类似问题再次发生的整改措施。';
    case 'correct':
      return '请核实案件实际情况，更正统一业务应用系统中的案卡信息，确保案卡填录与案件实际一致。';
    case 'document':
      return '请补制或者补录相关法律文书，规范文号和签发日期，并在统一业务应用系统中补录。';
    case 'referral':
      return '请对照检务督查部门移送的问题逐项核查整改，并书面说明整改情况。';
  }
}

const REPLY_PART: Record<RequestKind, string> = {
  decide: '核查处理情况',
  explain: '超期原因及防止再次发生的措施',
  correct: '案卡更正情况',
  document: '文书补正情况',
  referral: '整改情况',
};

/** The closing request of a notice: what the written reply must say, by the kinds of its problems. */
export function requirementText(kinds: RequestKind[], replyDueLabel: string): string {
  const order: RequestKind[] = ['decide', 'explain', 'correct', 'document', 'referral'];
  const parts = [...new Set(order.filter((k) => kinds.includes(k)).map((k) => REPLY_PART[k]))];
  return `请于${replyDueLabel}前将${parts.join('、') || '核查和整改情况'}书面回复案件管理部门。`;
}
