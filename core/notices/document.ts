/** The 流程监控通知书 as a DocModel (DOCX and PDF share it), from the content frozen at issue. */
import { dateLabel } from '../dates';
import { cnOrdinal, type Block, type DocModel } from '../documents/model';
import type { Notice } from './index';

export function noticeModel(n: Notice): DocModel {
  const c = n.content;
  const who = `${c.addressee.department}${c.addressee.prosecutor ? `${c.addressee.prosecutor}检察官` : ''}`;
  const blocks: Block[] = [
    { t: 'title', text: c.office },
    { t: 'title', text: '流程监控通知书' },
    { t: 'docno', text: c.number },
    { t: 'addressee', text: `${who || '承办检察官'}：` },
    {
      t: 'p',
      text: `经案件管理部门流程监控，你${c.addressee.prosecutor ? '承办' : '部门办理'}的${c.case.title || '案件'}（部门受案号：${c.case.caseNo}${c.case.category ? `，${c.case.category}` : ''}${c.case.receivedOn ? `，${dateLabel(c.case.receivedOn)}受理` : ''}）存在以下${c.problems.length > 1 ? `${c.problems.length}个` : ''}问题：`,
    },
  ];
  c.problems.forEach((p, i) => {
    blocks.push({ t: 'h1', text: `${cnOrdinal(i + 1)}、${p.ruleTitle}（${p.severity}）` });
    blocks.push({ t: 'p', text: p.message + (p.dueOn ? `（期限届满日：${dateLabel(p.dueOn)}）` : '') });
    if (p.basis) blocks.push({ t: 'p', bold: '法律依据：', text: p.basis });
    blocks.push({ t: 'p', bold: '纠正要求：', text: p.correction });
  });
  blocks.push({ t: 'p', text: c.requirement + '逾期未回复的，将在流程监控周通报中列明。' });
  if (c.toChief) blocks.push({ t: 'p', text: '上述问题中有严重问题，本通知书同时报送检察长。' });
  blocks.push({ t: 'signature', lines: [`${c.office}案件管理部门`, dateLabel(c.issuedOn)] });
  blocks.push({
    t: 'p',
    noIndent: true,
    text: `${c.toChief ? '抄报：检察长。\u3000' : ''}回复期限：${dateLabel(c.replyDueOn)}（发出之日起${c.replyDays}${c.replyWorkingDays ? '个工作日' : '日'}）。`,
  });
  return { title: `流程监控通知书 ${c.number}`, office: c.office, generatedAt: n.createdAt, blocks };
}
