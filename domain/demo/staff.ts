import { addDays, dateOnly } from '../calendar/civil_date';
import type { DepartmentType } from '../org/department_types';
import { departmentKey } from './departments';
import { mobilePhone, personName, randomGender } from './people';
import { CHANGCHUN_CODE, DISTRICT_PROFILES } from './places';
import { Weighted, type Rng } from './prng';
import type { DemoDepartment, DemoExpert, DemoInspector, DemoUser, ExpertStatus, InspectorStatus } from './types';

/** 执法检查人员 expertise tags by department type (the 检查事项 areas each department inspects). */
export const EXPERTISE_BY_TYPE: Readonly<Record<DepartmentType, readonly string[]>> = {
  market_regulation: ['食品安全', '特种设备', '药品', '医疗器械', '化妆品', '产品质量', '价格', '广告', '计量', '标准化', '认证认可', '网络交易', '知识产权', '登记注册', '反不正当竞争', '消费者权益保护'],
  ecology_environment: ['环保', '大气污染防治', '水污染防治', '固体废物', '危险废物', '辐射安全', '环境影响评价'],
  housing_construction: ['建筑施工', '工程质量', '安全生产', '房地产市场', '物业管理', '燃气安全'],
  transport: ['道路运输', '机动车维修', '客运', '货运', '危险货物运输', '驾驶员培训'],
  commerce: ['成品油', '单用途预付卡', '再生资源回收', '拍卖', '汽车流通'],
  health: ['公共场所卫生', '生活饮用水卫生', '医疗机构', '职业卫生', '传染病防治', '消毒产品'],
  emergency: ['安全生产', '危险化学品', '烟花爆竹', '工贸行业安全', '非煤矿山'],
  statistics: ['统计执法', '统计数据质量'],
  public_security: ['治安管理', '旅馆业', '印章业', '废旧金属收购', '剧毒化学品'],
  fire_rescue: ['消防', '消防安全检查', '建筑防火', '人员密集场所'],
  taxation: ['税收征管', '发票管理', '出口退税'],
  education: ['校外培训', '民办教育', '校园安全'],
  human_resources: ['劳动保障监察', '人力资源市场', '欠薪治理'],
  culture_tourism: ['文化市场', '旅游市场', '网吧', '娱乐场所', '出版物'],
  agriculture: ['农药', '兽药', '种子', '饲料', '农产品质量安全', '农机'],
  civil_affairs: ['社会组织', '养老机构', '殡葬服务'],
  development_reform: ['价格', '招标投标', '节能审查', '粮食流通'],
  justice: ['行政执法监督', '法律服务'],
  joint_office: ['联合抽查', '信用监管'],
  other: ['综合'],
};

const GENERAL_POSTS = new Weighted<string>([
  ['一级科员', 3], ['二级科员', 2], ['四级主任科员', 3], ['三级主任科员', 2], ['二级主任科员', 1.5], ['一级主任科员', 1],
  ['副科长', 1.5], ['科长', 1], ['执法大队队员', 3], ['执法大队副大队长', 0.7], ['执法大队大队长', 0.4],
]);
const POSTS_BY_TYPE: Partial<Record<DepartmentType, Weighted<string>>> = {
  fire_rescue: new Weighted([['消防监督员', 5], ['防火监督科科长', 1], ['参谋', 2]]),
  public_security: new Weighted([['民警', 5], ['治安大队民警', 3], ['治安大队副大队长', 1]]),
};
const MARKET_STATION_POSTS = new Weighted<string>([['市场监管所科员', 5], ['市场监管所副所长', 1.5], ['市场监管所所长', 1], ['综合执法大队队员', 3]]);

const STATUS_MIX = new Weighted<InspectorStatus>([['on_duty', 85], ['on_leave', 5], ['transferred', 5], ['retired', 5]]);

function inspectorCount(rng: Rng, d: DemoDepartment): number {
  if (d.type === 'market_regulation') return d.level === 'city' ? rng.between(40, 60) : rng.between(20, 45);
  if (d.type === 'joint_office') return rng.between(2, 4);
  if (d.type === 'fire_rescue') return rng.between(6, 15);
  if (d.type === 'public_security') return rng.between(5, 12);
  return rng.between(3, 10) + (d.level === 'city' ? 3 : 0);
}

/**
 * 执法检查人员名录库 for every department. 执法证号 = 吉 + the department's region code + 6-digit serial,
 * unique per region (so unique overall). About 8% of certificates have expired by `asOf`.
 */
export function demoInspectors(rng: Rng, departments: readonly DemoDepartment[], asOf: string): DemoInspector[] {
  const serials = new Map<string, number>();
  const asOfDate = dateOnly(asOf);
  const out: DemoInspector[] = [];
  for (const d of departments) {
    const n = inspectorCount(rng, d);
    const tags = EXPERTISE_BY_TYPE[d.type];
    for (let k = 0; k < n; k += 1) {
      const gender = randomGender(rng, 0.6);
      const serial = (serials.get(d.regionCode) ?? rng.between(100, 900)) + 1 + rng.int(3);
      serials.set(d.regionCode, serial);
      const expired = rng.chance(0.08);
      const validUntil = addDays(asOfDate, expired ? -rng.between(1, 700) : rng.between(30, 6 * 365));
      const expertise = new Set<string>();
      for (let t = rng.between(1, 3); t > 0; t -= 1) expertise.add(rng.pick(tags));
      const postTable =
        d.type === 'market_regulation' && d.level === 'district' && rng.chance(0.5)
          ? MARKET_STATION_POSTS
          : (POSTS_BY_TYPE[d.type] ?? GENERAL_POSTS);
      out.push({
        key: `insp-${String(out.length + 1).padStart(5, '0')}`,
        name: personName(rng, gender),
        gender,
        departmentKey: d.key,
        post: postTable.pick(rng),
        certificateNumber: `吉${d.regionCode}${String(serial).padStart(6, '0')}`,
        certificateValidUntil: validUntil,
        expertise: [...expertise],
        phone: mobilePhone(rng),
        status: STATUS_MIX.pick(rng),
        regionCode: d.regionCode,
      });
    }
  }
  return out;
}

const EXPERT_ORGANISATIONS = [
  '吉林大学', '东北师范大学', '长春理工大学', '长春工业大学', '吉林农业大学', '长春中医药大学', '吉林建筑大学', '长春工程学院',
  '吉林省产品质量监督检验院', '吉林省食品检验所', '吉林省特种设备检验中心', '吉林省计量科学研究院', '吉林省药品检验研究院',
  '吉林省环境科学研究院', '吉林省建筑科学研究设计院', '长春市食品药品检验中心', '长春市疾病预防控制中心', '吉林大学第一医院',
  '吉林省农业科学院', '中国科学院长春光学精密机械与物理研究所', '吉林省安全生产技术服务中心', '长春市消防救援支队技术服务站',
];
const EXPERT_TITLES = ['教授', '副教授', '研究员', '副研究员', '正高级工程师', '高级工程师', '主任医师', '副主任医师', '高级经济师', '注册安全工程师'];
const EXPERT_SPECIALTIES = [...new Set(Object.values(EXPERTISE_BY_TYPE).flat())].filter((s) => s !== '综合');
const EXPERT_STATUS = new Weighted<ExpertStatus>([['active', 9], ['inactive', 1]]);

/** 专家库: specialists who may be drawn or appointed to a team (威海第6条). */
export function demoExperts(rng: Rng, count: number): DemoExpert[] {
  return Array.from({ length: count }, (_, k): DemoExpert => {
    const gender = randomGender(rng, 0.55);
    return {
      key: `expert-${String(k + 1).padStart(4, '0')}`,
      name: personName(rng, gender),
      gender,
      organisation: rng.pick(EXPERT_ORGANISATIONS),
      title: rng.pick(EXPERT_TITLES),
      specialty: rng.pick(EXPERT_SPECIALTIES),
      phone: mobilePhone(rng),
      status: EXPERT_STATUS.pick(rng),
    };
  });
}

/** Account-name prefixes of the department types (pinyin initials, spelled out where two would clash). */
export const ACCOUNT_PREFIX: Readonly<Record<DepartmentType, string>> = {
  market_regulation: 'scjg', ecology_environment: 'sthj', housing_construction: 'zjj', transport: 'jtys', commerce: 'shangwu',
  health: 'wjw', emergency: 'yjgl', statistics: 'tjj', public_security: 'gaj', fire_rescue: 'xfjy', taxation: 'shuiwu',
  education: 'jyj', human_resources: 'rsj', culture_tourism: 'wlj', agriculture: 'nyj', civil_affairs: 'mzj',
  development_reform: 'fgw', justice: 'sfj', joint_office: 'ssjb', other: 'qt',
};

/**
 * One account per role per relevant department (role keys of domain/access/roles.ts): admin and jointoffice, supervisor (抽取监督员) at the
 * 双随机办; justice (司法行政审核员) at the city 司法局; an admin and a head for every city department and every
 * district 市场监督管理局; inspector01… linked to on-duty inspectors with a valid certificate.
 */
const SLUGS = new Map(DISTRICT_PROFILES.map((p) => [p.code, p.slug] as const));

export function demoUsers(
  rng: Rng,
  departments: readonly DemoDepartment[],
  inspectors: readonly DemoInspector[],
  asOf: string,
): DemoUser[] {
  const jointOffice = departmentKey(CHANGCHUN_CODE, 'joint_office');
  const user = (username: string, roleKey: DemoUser['roleKey'], departmentKeyValue: string): DemoUser => ({
    username,
    displayName: personName(rng, randomGender(rng)),
    roleKey,
    departmentKey: departmentKeyValue,
    inspectorKey: null,
  });
  const users: DemoUser[] = [
    user('admin', 'system_admin', jointOffice),
    user('jointoffice', 'joint_office', jointOffice),
    user('supervisor', 'draw_supervisor', jointOffice),
    user('justice', 'justice_reviewer', departmentKey(CHANGCHUN_CODE, 'justice')),
  ];
  for (const d of departments) {
    if (d.type === 'joint_office' || (d.level === 'district' && d.type !== 'market_regulation')) continue;
    const slug = d.level === 'city' ? ACCOUNT_PREFIX[d.type] : `${ACCOUNT_PREFIX[d.type]}_${SLUGS.get(d.regionCode) as string}`;
    users.push(user(`${slug}_admin`, 'dept_admin', d.key), user(`${slug}_head`, 'dept_head', d.key));
  }
  const onDuty = inspectors.filter((i) => i.status === 'on_duty' && i.certificateValidUntil >= asOf);
  const wanted: [DepartmentType, string, number][] = [
    ['market_regulation', CHANGCHUN_CODE, 4], ['market_regulation', '220104', 2], ['market_regulation', '220102', 2],
    ['market_regulation', '220122', 1], ['ecology_environment', CHANGCHUN_CODE, 1], ['health', CHANGCHUN_CODE, 1],
    ['fire_rescue', CHANGCHUN_CODE, 1],
  ];
  let n = 0;
  for (const [type, region, count] of wanted) {
    for (const i of onDuty.filter((x) => x.departmentKey === departmentKey(region, type)).slice(0, count)) {
      n += 1;
      users.push({ username: `inspector${String(n).padStart(2, '0')}`, displayName: i.name, roleKey: 'inspector', departmentKey: i.departmentKey, inspectorKey: i.key });
    }
  }
  return users;
}
