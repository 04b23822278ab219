/**
 * 部门类型: the departments that take part in joint 双随机 inspections (渝北 通知 recipients list;
 * 长春第2条; 东胜 三). A closed list the code may branch on; a deployment adds local departments under
 * the nearest type or 'other'.
 */
export const DEPARTMENT_TYPES = {
  market_regulation: '市场监管',
  ecology_environment: '生态环境',
  housing_construction: '住房城乡建设',
  transport: '交通运输',
  commerce: '商务',
  health: '卫生健康',
  emergency: '应急管理',
  statistics: '统计',
  public_security: '公安',
  fire_rescue: '消防救援',
  taxation: '税务',
  education: '教育',
  human_resources: '人力资源社会保障',
  culture_tourism: '文化旅游',
  agriculture: '农业农村',
  civil_affairs: '民政',
  development_reform: '发展改革',
  justice: '司法行政',
  joint_office: '双随机办/联席会议办公室',
  other: '其他',
} as const;

export type DepartmentType = keyof typeof DEPARTMENT_TYPES;

export function isDepartmentType(value: string): value is DepartmentType {
  return Object.hasOwn(DEPARTMENT_TYPES, value);
}

export function departmentTypeLabel(value: string): string {
  return isDepartmentType(value) ? DEPARTMENT_TYPES[value] : value;
}
