/** Tiny hand-made workbooks for the browser tests (the bulk data comes from tools/generator). */
import ExcelJS from 'exceljs';

export const XSS_TITLE = '<script>window.__xss=1</script>涉嫌盗窃案';
export const XSS_CASE_NO = '某检刑诉受[2026]990000000001号';

/** One 审查起诉 case, long overdue, whose title carries a script tag, with one suspect 张三丰. */
export async function writeXssWorkbook(file: string): Promise<void> {
  const wb = new ExcelJS.Workbook();
  const cases = wb.addWorksheet('案件');
  cases.addRow(['部门受案号', '案件名称', '案件类别', '案由', '承办部门', '承办检察官', '受理日期', '案件状态']);
  cases.addRow([XSS_CASE_NO, XSS_TITLE, '审查起诉', '盗窃', '第一检察部', '测试检察官', '2026-01-05', '在办']);
  const persons = wb.addWorksheet('嫌疑人');
  persons.addRow(['部门受案号', '嫌疑人编号', '姓名', '羁押状态', '强制措施', '强制措施起始日期']);
  persons.addRow([XSS_CASE_NO, '1', '张三丰', '未羁押', '取保候审', '2026-01-05']);
  await wb.xlsx.writeFile(file);
}

/** A workbook with two errors the preview must list (bad category, bad date). */
export async function writeBadWorkbook(file: string): Promise<void> {
  const wb = new ExcelJS.Workbook();
  const cases = wb.addWorksheet('案件');
  cases.addRow(['部门受案号', '案件名称', '案件类别', '承办部门', '承办检察官', '受理日期', '案件状态']);
  cases.addRow([
    '某检刑诉受[2026]990000000002号',
    '李某某诈骗案',
    '审查起拆',
    '第一检察部',
    '测试检察官',
    '2026-02-30',
    '在办',
  ]);
  await wb.xlsx.writeFile(file);
}

/** Today minus n days, in China time. */
function daysAgo(n: number): string {
  const t = new Date(Date.now() + 8 * 3_600_000 - n * 86_400_000);
  return t.toISOString().slice(0, 10);
}

export const XU_CASE_NO = '赤检刑诉受[2026]130732990101号';
export const SOON_CASE_NO = '赤检刑诉受[2026]130732990102号';

/**
 * Two 审查起诉 cases of 第一检察部 for the clerk's walk: one long overdue whose suspect has a two-character
 * name (许江, the name a trigram index cannot find), one whose deadline falls in the coming days.
 */
export async function writeClerkWorkbook(file: string): Promise<void> {
  const wb = new ExcelJS.Workbook();
  const cases = wb.addWorksheet('案件');
  cases.addRow(['部门受案号', '案件名称', '案件类别', '案由', '承办部门', '承办检察官', '受理日期', '案件状态']);
  cases.addRow([XU_CASE_NO, '许某盗窃案', '审查起诉', '盗窃', '第一检察部', '测试检察官', daysAgo(60), '在办']);
  cases.addRow([SOON_CASE_NO, '周某某诈骗案', '审查起诉', '诈骗', '第一检察部', '测试检察官', daysAgo(27), '在办']);
  const persons = wb.addWorksheet('嫌疑人');
  persons.addRow(['部门受案号', '嫌疑人编号', '姓名', '羁押状态', '强制措施', '强制措施起始日期']);
  persons.addRow([XU_CASE_NO, '1', '许江', '未羁押', '取保候审', daysAgo(61)]);
  persons.addRow([SOON_CASE_NO, '1', '周星星', '未羁押', '取保候审', daysAgo(28)]);
  await wb.xlsx.writeFile(file);
}

/**
 * An export as the national system writes it (import-mapping.md): a merged title row stating the data date,
 * a blank row, renamed headers on row 3 (所属科室 is a name the app does not know), a row per suspect with the
 * case repeated, 羁押/非羁押, 取保 and 保外 (a spelling only the user can place), 已办结, 2025年09月28日 and a
 * 合计 row. `later`: the same export a week on (case 2 concluded, one suspect released on bail).
 */
export async function writeWideExport(file: string, later = false): Promise<void> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('案件信息');
  const headers = [
    '序号',
    '受案号',
    '案件名称',
    '案件类型',
    '所属科室',
    '承办人',
    '受案日期',
    '办案状态',
    '办结日期',
    '办结方式',
    '嫌疑人序号',
    '犯罪嫌疑人',
    '羁押情况',
    '强制措施',
    '强制措施开始日期',
  ];
  ws.addRow([`某县人民检察院案件信息表（统计截至${later ? '2025年10月17日' : '2025年10月10日'}）`]);
  ws.mergeCells(1, 1, 1, headers.length);
  ws.addRow([]);
  ws.addRow(headers);
  const no = (n: number) => `某检刑诉受[2025]77000${n}号`;
  const rows: unknown[][] = [
    [
      no(1),
      '张某某盗窃案',
      '审查起诉',
      '第一检察部',
      '王检',
      '2025年09月01日',
      '在办',
      '',
      '',
      '1',
      '张一',
      '羁押',
      '逮捕',
      '2025年08月20日',
    ],
    [
      no(1),
      '张某某盗窃案',
      '审查起诉',
      '第一检察部',
      '王检',
      '2025年09月01日',
      '在办',
      '',
      '',
      '2',
      '张二',
      '非羁押',
      '取保',
      '2025年08月21日',
    ],
    later
      ? [
          no(2),
          '李某诈骗案',
          '审查起诉',
          '第一检察部',
          '王检',
          '2025年09月05日',
          '已办结',
          '2025年10月15日',
          '提起公诉',
          '1',
          '李一',
          '非羁押',
          '取保',
          '2025年09月05日',
        ]
      : [
          no(2),
          '李某诈骗案',
          '审查起诉',
          '第一检察部',
          '王检',
          '2025年09月05日',
          '在办',
          '',
          '',
          '1',
          '李一',
          '非羁押',
          '取保',
          '2025年09月05日',
        ],
    [
      '某检申诉受[2025]77000号',
      '赵某申诉案',
      '刑事申诉',
      '第二检察部',
      '钱检',
      '2025年09月10日',
      '在办',
      '',
      '',
      '',
      '',
      '',
      '',
      '',
    ],
    [
      no(4),
      '孙某危险驾驶案',
      '审查起诉',
      '第一检察部',
      '钱检',
      '2025年09月12日',
      '在办',
      '',
      '',
      '1',
      '孙一',
      '非羁押',
      '保外',
      '2025年09月12日',
    ],
    [
      no(4),
      '孙某危险驾驶案',
      '审查起诉',
      '第一检察部',
      '钱检',
      '2025年09月12日',
      '在办',
      '',
      '',
      '2',
      '孙二',
      later ? '非羁押' : '羁押',
      later ? '取保' : '逮捕',
      later ? '2025年10月16日' : '2025年09月12日',
    ],
  ];
  rows.forEach((r, i) => ws.addRow([i + 1, ...r]));
  ws.addRow(['', '合计', '共 4 件', '', '', '', '', '', '', '', '', '6 人']);
  await wb.xlsx.writeFile(file);
}
