/** Vocabulary of the synthetic office: names, causes, agencies. Plain data. */
import type { Rng } from './prng';

/** Common surnames, weighted roughly as in northern China. */
export const SURNAMES: readonly (readonly [string, number])[] = [
  ['王', 90],
  ['李', 85],
  ['张', 80],
  ['刘', 70],
  ['赵', 40],
  ['杨', 30],
  ['陈', 28],
  ['高', 22],
  ['孙', 20],
  ['马', 18],
  ['郭', 16],
  ['周', 14],
  ['吴', 12],
  ['徐', 12],
  ['胡', 10],
  ['朱', 10],
  ['董', 10],
  ['贾', 8],
  ['田', 8],
  ['韩', 8],
  ['冯', 7],
  ['曹', 7],
  ['程', 6],
  ['宋', 6],
  ['范', 6],
  ['任', 6],
  ['崔', 6],
  ['郝', 6],
  ['侯', 5],
  ['白', 5],
  ['孟', 5],
  ['梁', 5],
  ['于', 5],
  ['许', 5],
  ['谢', 4],
  ['何', 4],
  ['秦', 4],
  ['苏', 4],
  ['武', 4],
  ['史', 4],
  ['魏', 4],
  ['薛', 3],
  ['姚', 3],
  ['尹', 3],
  ['齐', 3],
  ['康', 3],
  ['闫', 3],
  ['常', 3],
  ['袁', 3],
  ['邢', 3],
  ['乔', 2],
  ['申', 2],
  ['岳', 2],
  ['牛', 2],
  ['段', 2],
  ['霍', 2],
  ['翟', 2],
  ['庞', 2],
  ['付', 2],
  ['安', 2],
];

const GIVEN_M = '伟刚勇军强磊涛斌超明亮健志国建平东海波辉鹏飞文杰俊峰永春江宏新成林华庆福贵胜利宝山金龙云海天';
const GIVEN_F = '丽娟敏静芳艳玲霞燕红梅英慧秀兰琴萍雪莉婷颖洁晶彩凤佳欣月莹';
const GIVEN_N = '子浩宇博晨阳一嘉思雨梓航泽铭轩睿然瑞';

export function personName(rng: Rng, gender: '男' | '女', young = false): string {
  const s = rng.weighted(SURNAMES);
  const pool = young
    ? GIVEN_N + (gender === '男' ? GIVEN_M.slice(0, 12) : GIVEN_F.slice(0, 12))
    : gender === '男'
      ? GIVEN_M
      : GIVEN_F;
  const one = pool[rng.int(0, pool.length - 1)];
  if (rng.chance(0.3)) return s + one;
  const two = pool[rng.int(0, pool.length - 1)];
  return s + one + two;
}

export interface CauseDef {
  name: string;
  weight: number;
  /** the case usually has a victim */
  victim: number;
  /** handled by 第二检察部 (economic, drug, network crimes) */
  dept2: boolean;
  /** can go to 审查逮捕 (危险驾驶 carries 拘役 only) */
  arrest: boolean;
  /** share of suspects at large on bail at the prosecution stage */
  bail: number;
  /** usual number of suspects: max */
  maxPersons: number;
  speedy: boolean;
  agency?: 'traffic' | 'forest';
}

export const CAUSES: readonly CauseDef[] = [
  {
    name: '危险驾驶',
    weight: 24,
    victim: 0,
    dept2: false,
    arrest: false,
    bail: 0.97,
    maxPersons: 1,
    speedy: true,
    agency: 'traffic',
  },
  { name: '盗窃', weight: 14, victim: 0.95, dept2: false, arrest: true, bail: 0.55, maxPersons: 3, speedy: true },
  {
    name: '帮助信息网络犯罪活动',
    weight: 12,
    victim: 0,
    dept2: true,
    arrest: true,
    bail: 0.7,
    maxPersons: 3,
    speedy: true,
  },
  { name: '诈骗', weight: 8, victim: 1, dept2: true, arrest: true, bail: 0.45, maxPersons: 3, speedy: false },
  { name: '故意伤害', weight: 6, victim: 1, dept2: false, arrest: true, bail: 0.6, maxPersons: 2, speedy: false },
  {
    name: '交通肇事',
    weight: 5,
    victim: 1,
    dept2: false,
    arrest: false,
    bail: 0.95,
    maxPersons: 1,
    speedy: true,
    agency: 'traffic',
  },
  { name: '寻衅滋事', weight: 4, victim: 0.8, dept2: false, arrest: true, bail: 0.5, maxPersons: 3, speedy: false },
  {
    name: '掩饰、隐瞒犯罪所得',
    weight: 4,
    victim: 0,
    dept2: true,
    arrest: true,
    bail: 0.8,
    maxPersons: 2,
    speedy: true,
  },
  { name: '开设赌场', weight: 3, victim: 0, dept2: false, arrest: true, bail: 0.6, maxPersons: 3, speedy: false },
  {
    name: '走私、贩卖、运输、制造毒品',
    weight: 3,
    victim: 0,
    dept2: true,
    arrest: true,
    bail: 0.1,
    maxPersons: 2,
    speedy: false,
  },
  { name: '容留他人吸毒', weight: 2, victim: 0, dept2: true, arrest: true, bail: 0.5, maxPersons: 1, speedy: true },
  { name: '妨害公务', weight: 2, victim: 0, dept2: false, arrest: true, bail: 0.6, maxPersons: 1, speedy: true },
  {
    name: '非法捕捞水产品',
    weight: 1.5,
    victim: 0,
    dept2: false,
    arrest: false,
    bail: 1,
    maxPersons: 2,
    speedy: true,
    agency: 'forest',
  },
  {
    name: '滥伐林木',
    weight: 1.5,
    victim: 0,
    dept2: false,
    arrest: false,
    bail: 1,
    maxPersons: 2,
    speedy: true,
    agency: 'forest',
  },
  {
    name: '拒不支付劳动报酬',
    weight: 1,
    victim: 1,
    dept2: true,
    arrest: true,
    bail: 0.8,
    maxPersons: 1,
    speedy: false,
  },
  {
    name: '非法吸收公众存款',
    weight: 1,
    victim: 1,
    dept2: true,
    arrest: true,
    bail: 0.4,
    maxPersons: 3,
    speedy: false,
  },
  { name: '信用卡诈骗', weight: 1, victim: 1, dept2: true, arrest: true, bail: 0.6, maxPersons: 1, speedy: true },
  {
    name: '侵犯公民个人信息',
    weight: 1,
    victim: 0,
    dept2: true,
    arrest: true,
    bail: 0.6,
    maxPersons: 2,
    speedy: false,
  },
  { name: '抢劫', weight: 1, victim: 1, dept2: false, arrest: true, bail: 0.15, maxPersons: 3, speedy: false },
  { name: '强奸', weight: 0.8, victim: 1, dept2: false, arrest: true, bail: 0.1, maxPersons: 1, speedy: false },
  { name: '赌博', weight: 1, victim: 0, dept2: false, arrest: false, bail: 0.9, maxPersons: 3, speedy: true },
  {
    name: '失火',
    weight: 0.6,
    victim: 1,
    dept2: false,
    arrest: false,
    bail: 1,
    maxPersons: 1,
    speedy: true,
    agency: 'forest',
  },
];
export const ARREST_CAUSES = CAUSES.filter((c) => c.arrest);

export const CIVIL_CAUSES = [
  '民间借贷纠纷',
  '买卖合同纠纷',
  '劳务合同纠纷',
  '机动车交通事故责任纠纷',
  '建设工程施工合同纠纷',
  '离婚纠纷',
  '房屋租赁合同纠纷',
  '追索劳动报酬纠纷',
];
export const ADMIN_CAUSES = ['行政处罚', '行政强制', '工伤认定', '行政登记', '土地行政管理', '行政协议'];
export const PIL_CAUSES = [
  '生态环境和资源保护',
  '食品药品安全',
  '国有财产保护',
  '国有土地使用权出让',
  '安全生产',
  '个人信息保护',
  '未成年人保护',
];
export const OTHER_CAUSES = ['刑事执行监督', '社区矫正监督', '羁押必要性审查', '财产刑执行监督', '立案监督'];
export const APPEAL_CAUSES = ['不服不起诉决定申诉', '不服法院生效刑事判决申诉', '刑事赔偿申诉'];

const PLACES = [
  '东城',
  '西关',
  '南街',
  '北山',
  '龙关',
  '雕鹗',
  '云州',
  '大海陀',
  '茨营子',
  '样田',
  '田家窑',
  '白草',
  '镇宁堡',
  '马营',
  '炮梁',
];
export function place(rng: Rng): string {
  return rng.pick(PLACES);
}
