/**
 * 周通报 (metrics.md, "周通报"): week W's new findings by department and prosecutor, findings rectified,
 * findings open at the end of W (oldest first), warnings due in the 7 days after W, cases concluded late,
 * notices past their reply deadline. The body keeps to about three pages for a county office: each long
 * list shows its top rows and names its annex, where the whole list follows on landscape pages.
 */
import { MONITORING_METRICS, type ListRow } from '../../metrics';
import type { WeeklySnapshot } from '../../metrics/snapshots';
import {
  Annexes,
  annexText,
  tableNumbers,
  DEFAULT_DISTRIBUTION,
  bulletinMasthead,
  colophon,
  definitionsAnnex,
  listWithAnnex,
  periodLine,
  signature,
} from '../build';
import type { Block, OfficialDocument } from '../model';
import { f, issueLine, issuedOn, metricNotes } from './common';
import { byFirstSeen, bySeverity, findingsList, lateCasesList, overdueNoticesList, warningsList } from './lists';

export function weeklyTitle(week: string): string {
  return `${week.slice(0, 4)}年第${+week.slice(6)}周流程监控周通报`;
}

const text = (v: unknown): string => (v == null ? '' : String(v));

export function weeklyDocument(s: WeeklySnapshot): OfficialDocument {
  const m = s.metrics;
  const of = (flag: string, base: string) => s.lists.filter((r) => r.base === base && r.flags.includes(flag));
  const newF = of('findingsNew', 'finding').sort(bySeverity);
  const rect = of('findingsRectified', 'finding').sort(byFirstSeen);
  const open = of('findingsOpen', 'finding').sort(byFirstSeen);
  const late = of('lateConcluded', 'case');
  const overdue = of('repliesOverdue', 'notice');
  const warn = [...s.warnings.rows].sort(
    (a, b) => text(a.dueOn).localeCompare(text(b.dueOn)) || text(a.caseNo).localeCompare(text(b.caseNo)),
  );
  const count = (rows: ListRow[], sev: string) => rows.filter((r) => r.severity === sev).length;
  const dist = s.distribution ?? DEFAULT_DISTRIBUTION;
  const date = issuedOn(s);
  const annexes = new Annexes();
  const tn = tableNumbers();

  const body: Block[] = [
    {
      t: 'p',
      text: `现将${periodLine(s.start, s.end).slice(1, -1)}全院案件流程监控情况通报如下。`,
    },
    { t: 'h1', text: '一、本周概况' },
    {
      t: 'p',
      text:
        `本周新发现问题${f('findingsNew', m.findingsNew)}个，其中严重${count(newF, '严重')}个、较重${count(newF, '较重')}个、轻微${count(newF, '轻微')}个；` +
        `已整改${f('findingsRectified', m.findingsRectified)}个；周末未整改${f('findingsOpen', m.findingsOpen)}个，其中严重${count(open, '严重')}个、逾期未整改${f('findingsOverdueRectification', m.findingsOverdueRectification)}个。` +
        `口头提示${f('remindersGiven', m.remindersGiven)}次，发出流程监控通知书${f('noticesIssued', m.noticesIssued)}份，逾期未回复通知书${f('repliesOverdue', m.repliesOverdue)}份。` +
        `本周办结案件${s.prosecutorMetrics.concluded ?? 0}件，其中超期办结${late.length}件；未来七日内到期预警${warn.length}件次。`,
    },
    { t: 'h1', text: '二、各部门和承办检察官问题情况' },
    {
      t: 'table',
      caption: tn('各部门和承办检察官问题情况'),
      columns: [
        { header: '承办部门', width: 18 },
        { header: '承办检察官', width: 14 },
        { header: '本周新发现', width: 11 },
        { header: '本周已整改', width: 11 },
        { header: '周末未整改', width: 11 },
      ],
      rows: [
        ...s.byProsecutor.map((d) => [
          d.department || '（未填部门）',
          d.prosecutor,
          String(d.findingsNew),
          String(d.findingsRectified),
          String(d.findingsOpen),
        ]),
        ...s.byDepartment.map((d) => [
          `${d.department || '（未填部门）'}合计`,
          '',
          String(d.findingsNew),
          String(d.findingsRectified),
          String(d.findingsOpen),
        ]),
      ],
      rowKinds: [...s.byProsecutor.map(() => undefined), ...s.byDepartment.map(() => 'subtotal' as const)],
    },
    { t: 'h1', text: '三、本周新发现问题' },
    ...(newF.length
      ? listWithAnnex(
          annexes,
          findingsList(newF, {
            caption: tn('本周新发现问题'),
            annexTitle: '本周新发现问题清单',
            topWhat: '其中最严重的{n}个',
            excelSheet: '新发现问题',
          }),
        )
      : [{ t: 'p' as const, text: '本周未发现新问题。' }]),
    { t: 'h1', text: '四、本周已整改问题' },
    {
      t: 'p',
      text: rect.length
        ? `本周已整改问题${rect.length}个，其中严重${count(rect, '严重')}个、较重${count(rect, '较重')}个、轻微${count(rect, '轻微')}个，${annexText(
            listWithAnnex(
              annexes,
              findingsList(rect, {
                caption: '',
                annexTitle: '本周已整改问题清单',
                rectified: true,
                excelSheet: '已整改',
                bodyRows: 0,
              }),
            ),
          )}`
        : '本周无已整改问题。',
    },
    { t: 'h1', text: '五、周末未整改问题' },
    ...(open.length
      ? listWithAnnex(
          annexes,
          findingsList(open, {
            caption: tn('周末未整改问题（按发现时间先后）'),
            annexTitle: '周末未整改问题清单',
            topWhat: '发现最早的{n}个',
            excelSheet: '期末未整改',
          }),
        )
      : [{ t: 'p' as const, text: '周末无未整改问题。' }]),
    { t: 'h1', text: '六、未来七日内到期预警' },
    ...(warn.length
      ? listWithAnnex(annexes, warningsList(warn, tn(`${periodLine(s.warnings.from, s.warnings.to).slice(1, -1)}到期`)))
      : [
          {
            t: 'p' as const,
            text: s.warnings.auditAsOf ? '未来七日内无到期预警。' : '本周末前无日审核结果，未列预警。',
          },
        ]),
    { t: 'h1', text: '七、本周超期办结案件' },
    ...(late.length
      ? listWithAnnex(annexes, lateCasesList(late, tn('本周超期办结案件')))
      : [{ t: 'p' as const, text: '本周无超期办结案件。' }]),
    { t: 'h1', text: '八、逾期未回复的流程监控通知书' },
    ...(overdue.length
      ? listWithAnnex(annexes, overdueNoticesList(overdue, tn('逾期未回复的流程监控通知书')))
      : [{ t: 'p' as const, text: '无逾期未回复的流程监控通知书。' }]),
    { t: 'h1', text: '九、工作要求' },
    {
      t: 'p',
      text: '请各部门对照问题清单逐案核查，及时整改；对临期案件提前安排，防止超期；收到流程监控通知书的，应在回复期限内书面回复整改情况。案件管理部门将持续跟踪，整改情况在下周通报中反映。',
    },
    { t: 'p', text: '特此通报。' },
  ];
  annexes.add(
    definitionsAnnex([
      '本周指星期一至星期日，周末指本周星期日。',
      ...metricNotes(
        MONITORING_METRICS.filter((d) =>
          [
            'findingsNew',
            'findingsRectified',
            'findingsOpen',
            'remindersGiven',
            'noticesIssued',
            'repliesOverdue',
          ].includes(d.id),
        ),
      ),
      '各清单的全部内容见同期 Excel 表格，每项数据一张工作表，可逐件核对。',
    ]),
  );
  return annexes.finish({
    kind: 'weekly',
    title: weeklyTitle(s.period),
    office: s.office,
    generatedAt: s.generatedAt,
    masthead: bulletinMasthead('流程监控周通报', issueLine(s.period, s.version), s.office, date),
    subtitle: periodLine(s.start, s.end),
    addressee: dist.addressee,
    body,
    signature: signature(s.office, date),
    colophon: colophon(s.office, date, dist.cc),
  });
}
