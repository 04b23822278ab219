import { findIndustry, industryChildren, industrySectionOf, type Industry } from '../codes/industries';
import type { Rng } from './prng';

/**
 * 经营范围 text consistent with the entity's industry. Since 2021 (《经营范围登记规范表述目录》, SAMR) scopes
 * read "许可项目：…（…）一般项目：…（…）"; older registrations used one list and a single clause.
 * Licensed activities come from the class or division; general items are the class, some of its
 * siblings in the same 中类/大类, and a generic item of the section.
 */
const LICENSED_BY_CLASS: Readonly<Record<string, readonly string[]>> = {
  '5211': ['食品销售'], '5212': ['食品销售', '烟草制品零售'], '5213': ['食品销售', '烟草制品零售'], '5219': ['食品销售'],
  '5221': ['食品销售'], '5224': ['食品销售'], '5226': ['食品销售', '酒类经营'], '5229': ['食品销售'], '5121': ['食品销售'],
  '5124': ['食品销售'], '5127': ['食品销售', '酒类经营'], '5129': ['食品销售'], '5151': ['药品批发'], '5152': ['药品批发'],
  '5251': ['药品零售', '第三类医疗器械经营'], '5265': ['成品油零售'], '5162': ['危险化学品经营'], '5435': ['道路危险货物运输'],
  '5431': ['道路货物运输（不含危险货物）'], '5432': ['道路货物运输（不含危险货物）'], '5437': ['道路货物运输（不含危险货物）'],
  '5413': ['巡游出租汽车经营服务'], '5421': ['道路旅客运输经营'], '6020': ['快递服务'], '9013': ['互联网上网服务'],
  '9011': ['娱乐性经营活动'], '8051': ['公共场所经营（洗浴）'], '8040': ['生活美容服务'], '7291': ['旅行社服务网点旅游招徕、咨询服务'],
  '7271': ['保安服务'], '7263': ['劳务派遣服务'], '8425': ['医疗服务'], '8415': ['医疗服务'], '2720': ['药品生产'], '2740': ['药品生产'],
  '2761': ['药品生产'], '3435': ['特种设备制造'], '7010': ['房地产开发经营'], '1351': ['生猪屠宰'], '6633': ['典当'], '6635': ['小额贷款业务'],
};

const LICENSED_BY_DIVISION: Readonly<Record<string, readonly string[]>> = {
  '13': ['食品生产'], '14': ['食品生产'], '15': ['食品生产'], '61': ['住宿服务'], '62': ['餐饮服务', '食品销售'],
  '47': ['建设工程施工'], '48': ['建设工程施工'], '49': ['建设工程施工', '电气安装服务'], '50': ['住宅室内装饰装修'],
};

const GENERIC_BY_SECTION: Readonly<Record<string, readonly string[]>> = {
  A: ['农业专业及辅助性活动', '农产品的生产、销售、加工、运输、贮藏及其他相关服务'],
  C: ['技术服务、技术开发、技术咨询、技术交流、技术转让、技术推广', '货物进出口'],
  E: ['建筑材料销售', '劳务服务（不含劳务派遣）'],
  F: ['日用百货销售', '五金产品零售', '办公用品销售', '信息咨询服务（不含许可类信息咨询服务）'],
  G: ['装卸搬运', '普通货物仓储服务（不含危险化学品等需许可审批的项目）'],
  H: ['食品销售（仅销售预包装食品）', '外卖递送服务'],
  I: ['技术服务、技术开发、技术咨询、技术交流、技术转让、技术推广', '计算机系统服务', '数据处理服务'],
  K: ['住房租赁', '停车场服务'],
  L: ['企业管理咨询', '市场营销策划', '会议及展览服务'],
  M: ['技术服务、技术开发、技术咨询、技术交流、技术转让、技术推广', '科技中介服务'],
  O: ['日用品销售', '家政服务'],
  R: ['组织文化艺术交流活动', '体育用品及器材零售'],
};

const GENERAL_CLAUSE = '（除依法须经批准的项目外，凭营业执照依法自主开展经营活动）';
const LICENSED_CLAUSE = '（依法须经批准的项目，经相关部门批准后方可开展经营活动，具体经营项目以相关部门批准文件或许可证件为准）';
const OLD_CLAUSE = '（依法须经批准的项目，经相关部门批准后方可开展经营活动）';

function generalItems(rng: Rng, own: Industry, section: string): string[] {
  const siblings = industryChildren(own.parentCode as string).filter((c) => c.code !== own.code && !c.name.startsWith('其他'));
  const items = [own.name];
  for (let k = rng.int(3); k > 0 && siblings.length > 0; k -= 1) {
    const s = rng.pick(siblings).name;
    if (!items.includes(s)) items.push(s);
  }
  const generic = GENERIC_BY_SECTION[section];
  if (generic && rng.chance(0.6)) {
    const g = rng.pick(generic);
    if (!items.includes(g)) items.push(g);
  }
  return items.map((i) => i.replace(/^其他(未列明)?/, ''));
}

/** 经营范围 of a company or individual business in 小类 `classCode` (must exist), registered on `registeredOn`. */
export function businessScope(rng: Rng, classCode: string, registeredOn: string): string {
  const own = findIndustry(classCode) as Industry;
  const section = (industrySectionOf(classCode) as Industry).code;
  const licensed = LICENSED_BY_CLASS[classCode] ?? LICENSED_BY_DIVISION[classCode.slice(0, 2)] ?? [];
  const general = generalItems(rng, own, section).filter((g) => !licensed.some((l) => g.startsWith(l)));
  if (registeredOn < '2021-01-01') return `${[...licensed, ...general].join('；')}${OLD_CLAUSE}`;
  const licensedText = licensed.length > 0 ? `许可项目：${licensed.join('；')}。${LICENSED_CLAUSE}` : '';
  const generalText = general.length > 0 ? `一般项目：${general.join('；')}。${GENERAL_CLAUSE}` : '';
  return licensedText + generalText;
}

/** 农民专业合作社 scope (《农民专业合作社法》第3条 activities). */
export function cooperativeScope(product: string, activity: string, registeredOn: string): string {
  const core =
    activity === '服务'
      ? `为成员提供农业机械作业服务；组织采购、供应成员所需的农业生产资料；开展与农机作业有关的技术培训、技术交流和信息咨询服务`
      : `组织${activity}${product}；组织收购、销售成员${activity}的${product}；引进新技术、新品种，开展与${product}${activity}有关的技术培训、技术交流和信息咨询服务`;
  return registeredOn < '2021-01-01' ? `${core}${OLD_CLAUSE}` : `一般项目：${core}。${GENERAL_CLAUSE}`;
}
