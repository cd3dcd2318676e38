/**
 * THE list of names the app recognises when it proposes a mapping (import-mapping.md: "the app proposes a
 * mapping from the headers it recognises (names and known synonyms)"): for every target column of
 * import-format.md, its Chinese header, its English key, and the other names real exports use; and, per
 * column, the spellings of allowed values that exports write differently (羁押 → 在押, 取保 → 取保候审).
 *
 * Add a synonym here and every proposal (wizard, `caseflow mappings suggest`) knows it. Nothing else
 * reads header names: a saved mapping says exactly what it maps.
 */
import type { SheetName } from '../../domain';
import { SHEET_COLUMNS } from '../columns';
import { headerKey } from './format';

/** Other names of a target column (its own Chinese header and English key are always recognised). */
export const HEADER_SYNONYMS: Record<SheetName, Record<string, readonly string[]>> = {
  案件: {
    部门受案号: ['受案号', '案件编号', '统一受案号', '案号', '受理案号', '案件受案号', '部门受案编号'],
    案件名称: ['案名', '案件名'],
    案件类别: ['案件类型', '案件类别名称', '业务类别', '案件类型名称'],
    案由: ['罪名', '涉嫌罪名', '移送案由', '案由名称'],
    承办部门: ['办案部门', '承办单位', '所属部门', '承办部门名称'],
    承办检察官: ['承办人', '办案人', '承办人姓名', '办案人姓名', '主办检察官', '承办检察官姓名', '检察官'],
    移送单位: ['移送机关', '侦查机关', '移送案件单位', '移送单位名称', '侦查单位'],
    受理日期: ['受案日期', '受理时间', '受案时间', '收案日期', '受理日'],
    重大复杂: ['是否重大复杂', '重大复杂案件', '是否重大复杂案件'],
    有被害人: ['是否有被害人', '被害人'],
    适用程序: ['程序类型', '审理程序', '适用程序类型'],
    案件状态: ['办案状态', '办理状态', '状态', '案件办理状态'],
    办结日期: ['办结时间', '结案日期', '审结日期', '结案时间'],
    办结方式: ['结案方式', '审结方式', '办结情况'],
    备注: ['案件备注'],
  },
  嫌疑人: {
    部门受案号: ['受案号', '案件编号', '统一受案号', '案号'],
    嫌疑人编号: ['嫌疑人序号', '犯罪嫌疑人编号', '犯罪嫌疑人序号', '嫌疑人代码'],
    姓名: ['犯罪嫌疑人', '嫌疑人姓名', '犯罪嫌疑人姓名', '嫌疑人'],
    性别: ['嫌疑人性别'],
    出生日期: ['出生年月日', '出生时间'],
    羁押状态: ['羁押情况', '是否羁押', '在押情况', '羁押'],
    强制措施: ['强制措施类型', '当前强制措施', '强制措施种类'],
    强制措施起始日期: ['强制措施开始日期', '强制措施日期', '措施起始日期', '采取强制措施日期', '强制措施起始时间'],
    已委托辩护人: ['是否委托辩护人', '委托辩护人', '有无辩护人'],
    认罪认罚: ['是否认罪认罚', '适用认罪认罚', '认罪认罚情况'],
    具结书签署日期: ['签署具结书日期', '具结书日期', '具结日期'],
    审查结论: ['审查结果', '处理决定', '审查决定'],
    结论日期: ['决定日期', '审查结论日期', '审查决定日期'],
    不捕不诉理由: ['不捕理由', '不诉理由', '不捕不诉原因'],
    量刑建议: ['量刑建议类型', '量刑建议种类'],
    量刑建议采纳: ['量刑建议是否采纳', '是否采纳量刑建议', '量刑建议采纳情况'],
    判决日期: ['一审判决日期', '判决时间'],
    上诉: ['是否上诉'],
  },
  流程节点: {
    部门受案号: ['受案号', '案件编号', '统一受案号', '案号'],
    节点: ['节点名称', '流程节点', '办案节点', '环节', '节点类型'],
    日期: ['节点日期', '办理日期', '节点时间'],
    嫌疑人编号: ['嫌疑人序号', '涉及嫌疑人序号', '涉及嫌疑人编号'],
    备注: ['说明', '节点说明', '节点备注'],
  },
  文书: {
    部门受案号: ['受案号', '案件编号', '统一受案号', '案号'],
    文书名称: ['文书', '文书类型', '文书种类'],
    文号: ['文书文号', '文书编号', '文书号'],
    签发日期: ['文书签发日期', '开具日期', '签发时间', '制作日期'],
    嫌疑人编号: ['嫌疑人序号', '涉及嫌疑人序号'],
  },
  人员: {
    姓名: ['人员姓名', '干警姓名'],
    部门: ['所在部门', '部门名称'],
    身份: ['人员类别', '人员身份', '职务类别'],
    在岗: ['是否在岗', '在岗状态', '在岗情况'],
  },
};

/**
 * Spellings of allowed values, per target column key (the key of import-format.md): source value → allowed
 * value. Used to propose value maps for the values a file actually holds.
 */
export const VALUE_SYNONYMS: Record<string, Record<string, string>> = {
  category: {
    审查批捕: '审查逮捕',
    批捕: '审查逮捕',
    审查逮捕案件: '审查逮捕',
    公诉: '审查起诉',
    审查起诉案件: '审查起诉',
    申诉: '刑事申诉',
    刑事申诉案件: '刑事申诉',
    民事监督: '民事生效裁判监督',
    民事裁判监督: '民事生效裁判监督',
    行政监督: '行政生效裁判监督',
    行政裁判监督: '行政生效裁判监督',
    公益诉讼案件: '公益诉讼',
  },
  status: {
    已办结: '办结',
    已结案: '办结',
    结案: '办结',
    已审结: '办结',
    审结: '办结',
    完成: '办结',
    未办结: '在办',
    未结: '在办',
    办理中: '在办',
    在审: '在办',
    正在办理: '在办',
  },
  procedure: { 普通: '普通程序', 简易: '简易程序', 速裁: '速裁程序' },
  conclusion: {
    起诉: '提起公诉',
    公诉: '提起公诉',
    批捕: '批准逮捕',
    不捕: '不批准逮捕',
    结案: '办结',
    已办结: '办结',
  },
  custody: {
    羁押: '在押',
    已羁押: '在押',
    是: '在押',
    非羁押: '未羁押',
    不羁押: '未羁押',
    否: '未羁押',
    未在押: '未羁押',
  },
  measure: {
    取保: '取保候审',
    监居: '监视居住',
    指居: '指定居所监视居住',
    指定监视居住: '指定居所监视居住',
    刑拘: '刑事拘留',
    拘留: '刑事拘留',
    未采取: '无',
    未采取强制措施: '无',
  },
  decision: { 批捕: '批准逮捕', 不捕: '不批准逮捕', 提起公诉: '起诉', 公诉: '起诉' },
  gender: { 男性: '男', 女性: '女' },
  sentencing: { 确定刑量刑建议: '确定刑', 幅度刑量刑建议: '幅度刑', 未提出: '无' },
  // yes/no columns: exports write 有/无, 已…/未…
  hasVictim: { 有: '是', 无: '否' },
  complex: { 重大复杂: '是' },
  hasCounsel: { 有: '是', 无: '否', 已委托: '是', 未委托: '否' },
  plea: { 认罪认罚: '是', 适用: '是', 不适用: '否' },
  appealed: { 已上诉: '是', 未上诉: '否' },
  sentencingAdopted: { 采纳: '是', 未采纳: '否', 不采纳: '否' },
  active: { 在岗: '是', 离岗: '否', 不在岗: '否' },
};

export interface KnownName {
  sheet: SheetName;
  key: string;
  header: string;
}

/** Comparable header → every target column it may name (a 部门受案号 or 姓名 names several). */
const KNOWN = new Map<string, KnownName[]>();
for (const sheet of Object.keys(HEADER_SYNONYMS) as SheetName[]) {
  for (const def of SHEET_COLUMNS[sheet]) {
    const names = [def.header, def.key, ...(HEADER_SYNONYMS[sheet][def.header] ?? [])];
    for (const n of names) {
      const k = headerKey(n).toLowerCase();
      const list = KNOWN.get(k) ?? [];
      if (!list.some((x) => x.sheet === sheet && x.key === def.key))
        list.push({ sheet, key: def.key, header: def.header });
      KNOWN.set(k, list);
    }
  }
}

/** The target columns a source header may name, by the Chinese headers, English keys and synonyms above. */
export function namesFor(header: string): KnownName[] {
  return KNOWN.get(headerKey(header).toLowerCase()) ?? [];
}

/** The allowed value a source value probably means for a column (by key), or undefined. */
export function valueSynonym(key: string, value: string): string | undefined {
  const m = VALUE_SYNONYMS[key];
  return m ? (m[value] ?? m[headerKey(value)]) : undefined;
}
