import { Weighted, type Rng } from './prng';
import type { DistrictProfile } from './places';
import { VILLAGES } from './places';

/** Characters and words of Chinese 字号 (trade names): auspicious, local or descriptive. */
const TRADE_CHARS = [...'鑫源恒泰华宏盛兴达通瑞祥丰隆嘉佳富安康和顺利德信诚汇聚博创智远航金鼎宇天星辰阳光明润景新正洪海晟昊晨凯睿弘祺骏耀卓越昌永庆福万千铭轩泽宸禾森林峰岳磊鹏飞龙凤腾展锦绣辉煌宁久益众长春吉北东方中亚蓝青翔宝元亨豪运旺发茂升平健美力合强胜'];
const TRADE_WORDS = [
  '春城', '北方', '关东', '松花', '长白', '净月', '南湖', '东北', '吉祥', '如意', '银河', '星光', '天地', '四方', '八方', '三江',
  '五洲', '九州', '华夏', '盛世', '宏图', '远大', '卓越', '创新', '诚信', '精诚', '同心', '众合', '合力', '聚力', '金穗', '丰源',
  '伊通河', '黑土地', '雪城', '一方', '百川', '千禧', '万家', '益民', '惠民', '利民', '安泰', '龙腾', '凤祥', '鼎信', '汇通', '亿达',
];

/** A 2–3 character 字号. */
export function tradeName(rng: Rng): string {
  if (rng.chance(0.35)) return rng.pick(TRADE_WORDS);
  const a = rng.pick(TRADE_CHARS);
  let b = rng.pick(TRADE_CHARS);
  while (b === a) b = rng.pick(TRADE_CHARS);
  return a + b;
}

const DIVISION_PHRASES: Readonly<Record<string, readonly string[]>> = {
  '06': ['煤业', '能源'], '07': ['油气'], '08': ['矿业'], '09': ['矿业', '有色矿业'], '11': ['矿山技术服务'], '12': ['矿业'],
  '16': ['烟草'], '41': ['日用制品', '制品'],
  '01': ['农业发展', '农业科技', '种植'], '02': ['林业'], '03': ['牧业', '养殖'], '04': ['水产养殖', '渔业'], '05': ['农业服务', '农机服务'],
  '10': ['矿业', '砂石'], '13': ['粮油', '米业', '农产品加工', '饲料'], '14': ['食品', '食品加工'], '15': ['酒业', '饮品', '茶业'],
  '17': ['纺织'], '18': ['服饰', '服装'], '19': ['皮革制品', '鞋业'], '20': ['木业'], '21': ['家具'], '22': ['纸业', '包装制品'],
  '23': ['印务', '印刷'], '24': ['工艺品', '文体用品'], '25': ['能源', '石化'], '26': ['化工', '化学'], '27': ['药业', '制药', '生物制药'],
  '28': ['化纤'], '29': ['塑业', '塑料制品', '橡胶制品'], '30': ['建材', '新型建材'], '31': ['钢铁', '金属材料'], '32': ['铝业', '有色金属'],
  '33': ['金属制品', '钢结构'], '34': ['机械', '机械制造', '机电设备'], '35': ['专用设备', '装备制造'], '36': ['汽车零部件', '汽车部件', '汽车配件'],
  '37': ['轨道交通装备', '车辆'], '38': ['电气', '电器', '电力设备'], '39': ['电子', '光电', '电子科技'], '40': ['仪器仪表', '光学仪器'],
  '42': ['再生资源', '资源回收'], '43': ['设备维修', '机电维修'], '44': ['电力', '新能源', '热力'], '45': ['燃气'], '46': ['水务', '供水'],
  '47': ['建筑工程', '建设'], '48': ['工程', '市政工程', '路桥工程'], '49': ['安装工程', '机电安装'], '50': ['装饰工程', '装饰设计', '建筑劳务'],
  '51': ['商贸', '贸易', '经贸', '物资'], '52': ['商贸', '百货', '商业'], '53': ['铁路运输'], '54': ['物流', '运输', '货运'], '55': ['航运'],
  '56': ['航空服务'], '57': ['管道运输'], '58': ['物流', '国际货运代理'], '59': ['仓储', '物流'], '60': ['快递', '速递'],
  '61': ['酒店', '宾馆', '酒店管理'], '62': ['餐饮', '餐饮管理', '饮食'], '63': ['通信', '网络'], '64': ['网络科技', '互联网'],
  '65': ['信息技术', '软件', '科技', '数据科技'], '66': ['金融服务'], '67': ['投资'], '68': ['保险代理', '保险经纪'], '69': ['金融信息服务'],
  '70': ['房地产开发', '物业服务', '置业', '房地产经纪'], '71': ['租赁', '设备租赁'],
  '72': ['企业管理', '商务咨询', '咨询', '文化传媒', '人力资源', '广告', '会展服务'], '73': ['科技', '技术研究'],
  '74': ['技术服务', '检测', '工程设计', '工程咨询'], '75': ['科技', '技术开发', '生物科技', '环保科技'], '76': ['水利工程'],
  '77': ['环保', '环境工程'], '78': ['环境卫生', '园林绿化'], '79': ['土地整理'], '80': ['家政服务', '生活服务'], '81': ['汽车服务', '维修服务'],
  '82': ['保洁服务', '宠物服务'], '83': ['教育科技', '教育咨询', '培训'], '84': ['医疗管理', '健康管理'], '85': ['养老服务', '康养'],
  '86': ['文化传播'], '87': ['影视文化', '传媒'], '88': ['文化艺术'], '89': ['体育文化', '健身'], '90': ['娱乐', '文化娱乐'],
};

const CLASS_PHRASES: Readonly<Record<string, readonly string[]>> = {
  '7010': ['房地产开发', '置业'], '7020': ['物业服务', '物业管理'], '7030': ['房地产经纪', '房地产营销策划'], '7040': ['房屋租赁'],
  '5251': ['大药房', '医药连锁'], '5261': ['汽车销售', '汽车贸易'], '5265': ['石油'], '5212': ['超市', '购物中心'], '5211': ['百货'],
  '7291': ['旅行社', '国际旅行社'], '7263': ['劳务派遣', '人力资源'], '7271': ['保安服务'], '7251': ['网络科技', '广告'],
  '7259': ['广告', '文化传媒'], '8111': ['汽车维修', '汽车服务'], '8040': ['美容美发', '美业'], '8010': ['家政服务'],
  '8211': ['保洁服务', '清洁服务'], '6513': ['软件', '信息技术', '网络科技'], '7224': ['供应链管理'], '7289': ['会展服务'],
  '7241': ['财务咨询', '会计服务'], '8425': ['门诊部', '医疗管理'], '3670': ['汽车零部件', '汽车部件', '汽车配件', '汽车饰件'],
  '4891': ['园林绿化工程'], '5012': ['装饰工程', '装饰设计'], '7212': ['投资管理', '资产管理'], '6635': ['小额贷款'], '6633': ['典当'],
  '7296': ['担保'], '8393': ['文化艺术培训', '艺术培训'], '8391': ['职业技能培训'], '8394': ['教育咨询', '教育科技'], '6020': ['快递', '速递'],
  '5431': ['物流', '运输', '货运'], '5821': ['物流', '国际货运代理'], '7452': ['检测技术', '检测'], '7482': ['工程监理', '工程项目管理'],
};

/** The industry word in an enterprise name (商贸, 科技, 餐饮管理…), from the class or its division; 实业 otherwise. */
export function industryPhrase(rng: Rng, classCode: string): string {
  return rng.pick(CLASS_PHRASES[classCode] ?? DIVISION_PHRASES[classCode.slice(0, 2)] ?? ['实业']);
}

type EnterpriseForm = 'limited' | 'limited_liability' | 'joint_stock' | 'branch' | 'sole_proprietorship' | 'partnership';
const ENTERPRISE_FORMS = new Weighted<EnterpriseForm>([
  ['limited', 72], ['limited_liability', 16], ['joint_stock', 3], ['branch', 4], ['sole_proprietorship', 3], ['partnership', 2],
]);

function enterprisePrefix(rng: Rng, district: DistrictProfile): string {
  const r = rng.float();
  if (!district.isUrbanDistrict && r < 0.4) return district.short;
  if (district.isUrbanDistrict && r < 0.25) return `长春市${district.short}`;
  if (r < 0.65) return '长春';
  if (r < 0.8) return '长春市';
  if (r < 0.93) return '吉林省';
  return '吉林';
}

/** 企业名称: 行政区划 + 字号 + 行业 + 组织形式 (企业名称登记管理规定), e.g. 长春市朝阳区鑫源商贸有限公司. */
export function enterpriseName(rng: Rng, district: DistrictProfile, classCode: string): string {
  const trade = tradeName(rng);
  const phrase = industryPhrase(rng, classCode);
  if (rng.chance(0.03)) return `${trade}（长春）${phrase}有限公司`;
  const prefix = enterprisePrefix(rng, district);
  switch (ENTERPRISE_FORMS.pick(rng)) {
    case 'limited':
      return `${prefix}${trade}${phrase}有限公司`;
    case 'limited_liability':
      return `${prefix}${trade}${phrase}有限责任公司`;
    case 'joint_stock':
      return `吉林${trade}${phrase}股份有限公司`;
    case 'branch':
      return `${rng.chance(0.5) ? '吉林省' : '长春'}${trade}${phrase}有限公司${district.short.slice(0, -1)}分公司`;
    case 'sole_proprietorship':
      return `${prefix}${trade}${phrase}${rng.pick(['中心', '商行', '经销处', '工作室'])}`;
    case 'partnership':
      return `长春${trade}${phrase}中心（有限合伙）`;
  }
}

/** 个体工商户名称: 行政区划 + 字号 + 行业/经营特点, e.g. 南关区张记面馆, 长春市朝阳区鑫源便利店（个体工商户）. */
export function individualBusinessName(rng: Rng, district: DistrictProfile, operatorSurname: string, shopNouns: readonly string[]): string {
  const noun = rng.pick(shopNouns);
  const r = rng.float();
  let core: string;
  if (r < 0.3) core = `${operatorSurname}记${noun}`;
  else if (r < 0.45) core = `${operatorSurname}${rng.pick(['姐', '哥', '氏', '师傅', '大姐', '小'])}${noun}`;
  else if (r < 0.55) core = `${rng.pick(district.streets).replace(/(大街|大路|路|街)$/, '')}${noun}`;
  else core = `${tradeName(rng)}${noun}`;
  const place = district.isUrbanDistrict && rng.chance(0.4) ? `长春市${district.short}` : district.short;
  return `${place}${core}${rng.chance(0.3) ? '（个体工商户）' : ''}`;
}

/** 农民专业合作社名称, e.g. 农安县鑫丰玉米种植专业合作社, 榆树市兴隆农机服务专业合作社. */
export function cooperativeName(rng: Rng, district: DistrictProfile, product: string, activity: string): string {
  const trade = rng.chance(0.4) ? rng.pick(VILLAGES) : tradeName(rng);
  const kind = rng.chance(0.6) ? '专业合作社' : '农民专业合作社';
  return `${district.short}${trade}${product}${activity}${kind}`;
}
