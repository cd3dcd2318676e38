/**
 * The 流程监控通知书 as an OfficialDocument (DOCX and PDF share it), from the content frozen at issue:
 * 版头 (the office in red, the notice's 文号), title, 主送 (the department and prosecutor), the case and each
 * problem with its legal basis and what must be corrected, the reply requirement, 落款, the reply deadline
 * as 附注, and the 版记 (抄报 the chief prosecutor for a serious problem; 印发机关 and date).
 */
import { cnOrdinal, cnDate, type Block, type OfficialDocument } from '../documents/model';
import { department } from '../documents/build';
import type { Notice } from './index';

export function noticeDocument(n: Notice): OfficialDocument {
  const c = n.content;
  const who = `${c.addressee.department}${c.addressee.prosecutor ? `${c.addressee.prosecutor}检察官` : ''}`;
  const body: Block[] = [
    {
      t: 'p',
      text: `经案件管理部门流程监控，你${c.addressee.prosecutor ? '承办' : '部门办理'}的${c.case.title || '案件'}（部门受案号：${c.case.caseNo}${c.case.category ? `，${c.case.category}` : ''}${c.case.receivedOn ? `，${cnDate(c.case.receivedOn)}受理` : ''}）存在以下${c.problems.length > 1 ? `${c.problems.length}个` : ''}问题：`,
    },
  ];
  c.problems.forEach((p, i) => {
    body.push({ t: 'h1', text: `${cnOrdinal(i + 1)}、${p.ruleTitle}（${p.severity}）` });
    body.push({ t: 'p', text: p.message + (p.dueOn ? `（期限届满日：${cnDate(p.dueOn)}）` : '') });
    if (p.basis) body.push({ t: 'p', lead: '法律依据：', text: p.basis });
    body.push({ t: 'p', lead: '纠正要求：', text: p.correction });
  });
  if (c.toChief) body.push({ t: 'p', text: '上述问题中有严重问题，本通知书同时报送检察长。' });
  body.push({ t: 'p', text: c.requirement + '逾期未回复的，将在流程监控周通报中列明。' });
  const organ = department(c.office);
  return {
    kind: 'notice',
    title: '流程监控通知书',
    office: c.office,
    generatedAt: n.createdAt,
    masthead: { style: 'document', organ: c.office, docNo: c.number },
    addressee: who || '承办检察官',
    body,
    signature: { organ, date: c.issuedOn },
    postscript: [
      `回复期限：${cnDate(c.replyDueOn)}${c.replyDays > 0 ? `，发出之日起${c.replyDays}${c.replyWorkingDays ? '个工作日' : '日'}` : ''}`,
    ],
    colophon: {
      cc: c.toChief ? [{ label: '抄报', to: '本院检察长' }] : [],
      printer: organ,
      printedOn: c.issuedOn,
    },
  };
}
