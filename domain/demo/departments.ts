import { DEPARTMENT_TYPES, type DepartmentType } from '../org/department_types';
import { CHANGCHUN_CODE, DISTRICT_PROFILES, type DistrictProfile } from './places';
import type { DemoDepartment } from './types';

/**
 * The departments of the demo: each of the 18 member departments of the joint-inspection mechanism at city
 * level and in each of 长春市's 11 districts, plus the city's 双随机办 (长春第3条: the 领导小组办公室 sits with
 * the 市场监管局). Names follow the bodies' real naming patterns (district 公安 is a 分局, 生态环境 districts
 * are branches of the city bureau after the vertical-management reform, 税务 is 国家税务总局…).
 */
export const DEMO_DEPARTMENT_TYPES: readonly Exclude<DepartmentType, 'joint_office' | 'other'>[] = [
  'market_regulation', 'ecology_environment', 'housing_construction', 'transport', 'commerce', 'health', 'emergency',
  'statistics', 'public_security', 'fire_rescue', 'taxation', 'education', 'human_resources', 'culture_tourism',
  'agriculture', 'civil_affairs', 'development_reform', 'justice',
];

/** Chinese labels of the types used, from the platform's department-type catalog (domain/org). */
export const DEMO_DEPARTMENT_TYPE_LABELS: readonly { readonly key: DepartmentType; readonly label: string }[] = [
  ...DEMO_DEPARTMENT_TYPES,
  'joint_office' as const,
].map((key) => ({ key, label: DEPARTMENT_TYPES[key] }));

const CITY_NAMES: Readonly<Record<DepartmentType, string>> = {
  market_regulation: '长春市市场监督管理局',
  ecology_environment: '长春市生态环境局',
  housing_construction: '长春市住房和城乡建设局',
  transport: '长春市交通运输局',
  commerce: '长春市商务局',
  health: '长春市卫生健康委员会',
  emergency: '长春市应急管理局',
  statistics: '长春市统计局',
  public_security: '长春市公安局',
  fire_rescue: '长春市消防救援支队',
  taxation: '国家税务总局长春市税务局',
  education: '长春市教育局',
  human_resources: '长春市人力资源和社会保障局',
  culture_tourism: '长春市文化广电和旅游局',
  agriculture: '长春市农业农村局',
  civil_affairs: '长春市民政局',
  development_reform: '长春市发展和改革委员会',
  justice: '长春市司法局',
  joint_office: '长春市“双随机、一公开”工作领导小组办公室',
  other: '长春市其他部门',
};

const DISTRICT_SUFFIX: Readonly<Record<string, string>> = {
  market_regulation: '市场监督管理局',
  housing_construction: '住房和城乡建设局',
  transport: '交通运输局',
  commerce: '商务局',
  health: '卫生健康局',
  emergency: '应急管理局',
  statistics: '统计局',
  education: '教育局',
  human_resources: '人力资源和社会保障局',
  culture_tourism: '文化广电和旅游局',
  agriculture: '农业农村局',
  civil_affairs: '民政局',
  development_reform: '发展和改革局',
  justice: '司法局',
};

/** Name of a district's department of `type`, e.g. 长春市朝阳区市场监督管理局, 农安县市场监督管理局. */
export function districtDepartmentName(type: (typeof DEMO_DEPARTMENT_TYPES)[number], d: DistrictProfile): string {
  const place = d.isUrbanDistrict ? `长春市${d.short}` : d.short;
  if (type === 'ecology_environment') return `长春市生态环境局${d.short}分局`;
  if (type === 'public_security') return d.isUrbanDistrict ? `长春市公安局${d.short.slice(0, -1)}分局` : `${d.short}公安局`;
  if (type === 'fire_rescue') return `${place}消防救援大队`;
  if (type === 'taxation') return `国家税务总局${place}税务局`;
  return `${place}${DISTRICT_SUFFIX[type] as string}`;
}

export function departmentKey(regionCode: string, type: DepartmentType): string {
  return `dept-${regionCode}-${type}`;
}

/** City departments (types in catalog order, then the 双随机办), then each district's, districts in code order. */
export function demoDepartments(): DemoDepartment[] {
  const city: DemoDepartment[] = [...DEMO_DEPARTMENT_TYPES, 'joint_office' as const].map((type) => ({
    key: departmentKey(CHANGCHUN_CODE, type),
    name: CITY_NAMES[type],
    type,
    regionCode: CHANGCHUN_CODE,
    level: 'city',
    parentKey: null,
  }));
  const districts = DISTRICT_PROFILES.flatMap((d) =>
    DEMO_DEPARTMENT_TYPES.map((type): DemoDepartment => ({
      key: departmentKey(d.code, type),
      name: districtDepartmentName(type, d),
      type,
      regionCode: d.code,
      level: 'district',
      parentKey: departmentKey(CHANGCHUN_CODE, type),
    })),
  );
  return [...city, ...districts];
}
