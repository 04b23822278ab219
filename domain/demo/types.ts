import type { DepartmentType } from '../org/department_types';

/**
 * Shapes and closed code lists of the demo data set. The lists (keys + Chinese labels) are also the
 * platform's dictionaries for these fields.
 */

/** 市场主体类型, by GB 32100-2015 position 2 under registration authority 9. */
export const ENTITY_TYPES = {
  enterprise: '企业',
  individual_business: '个体工商户',
  farmer_cooperative: '农民专业合作社',
} as const;
export type EntityType = keyof typeof ENTITY_TYPES;

/** 登记状态 as shown in the 国家企业信用信息公示系统 (domain.md §4.7 lists 注销/吊销/撤销/迁出 as result categories). */
export const ENTITY_STATUSES = {
  active: '存续',
  operating: '在业',
  suspended: '停业',
  deregistered: '注销',
  revoked: '吊销',
  cancelled: '撤销',
  moved_out: '迁出',
} as const;
export type EntityStatus = keyof typeof ENTITY_STATUSES;

/** 企业信用风险分类 (国市监信发〔2022〕6号, domain.md §4.2). Internal only: never published. */
export const CREDIT_CLASSES = {
  A: '信用风险低',
  B: '信用风险一般',
  C: '信用风险较高',
  D: '信用风险高',
} as const;
export type CreditClass = keyof typeof CREDIT_CLASSES;

export const GENDERS = { male: '男', female: '女' } as const;
export type Gender = keyof typeof GENDERS;

export const INSPECTOR_STATUSES = {
  on_duty: '在岗',
  on_leave: '休假',
  transferred: '调离',
  retired: '退休',
} as const;
export type InspectorStatus = keyof typeof INSPECTOR_STATUSES;

export const EXPERT_STATUSES = { active: '可用', inactive: '停用' } as const;
export type ExpertStatus = keyof typeof EXPERT_STATUSES;

/** Role keys of domain/access/roles.ts BUILTIN_ROLES. */
export type DemoRoleKey =
  | 'system_admin'
  | 'joint_office'
  | 'dept_admin'
  | 'dept_head'
  | 'justice_reviewer'
  | 'draw_supervisor'
  | 'inspector';

export interface DemoRegion {
  readonly code: string;
  readonly name: string;
  /** e.g. 吉林省长春市朝阳区 */
  readonly fullName: string;
}

export interface DemoCity extends DemoRegion {
  readonly districts: readonly DemoRegion[];
}

export interface DemoDepartment {
  /** Stable key, e.g. 'dept-220104-market_regulation'. */
  readonly key: string;
  readonly name: string;
  readonly type: DepartmentType;
  readonly regionCode: string;
  readonly level: 'city' | 'district';
  /** The same type's city department, for a district department. */
  readonly parentKey: string | null;
}

export interface DemoMarketEntity {
  readonly key: string;
  readonly uscc: string;
  readonly name: string;
  readonly entityType: EntityType;
  /** 法定代表人 / 经营者 / 负责人 */
  readonly legalRepresentative: string;
  readonly address: string;
  /** GB/T 2260 code of the district (also USCC positions 3–8). */
  readonly regionCode: string;
  /** GB/T 4754-2017 小类. */
  readonly industryCode: string;
  readonly businessScope: string;
  /** 成立日期 'YYYY-MM-DD'. */
  readonly registeredOn: string;
  readonly status: EntityStatus;
  readonly creditClass: CreditClass;
  /** 列入经营异常名录 */
  readonly onAbnormalList: boolean;
  /** 列入严重违法失信名单 */
  readonly onSeriousViolationList: boolean;
  readonly complaintCount: number;
}

export interface DemoInspector {
  readonly key: string;
  readonly name: string;
  readonly gender: Gender;
  readonly departmentKey: string;
  readonly post: string;
  /** 执法证号, unique. */
  readonly certificateNumber: string;
  readonly certificateValidUntil: string;
  readonly expertise: readonly string[];
  readonly phone: string;
  readonly status: InspectorStatus;
  readonly regionCode: string;
}

export interface DemoExpert {
  readonly key: string;
  readonly name: string;
  readonly gender: Gender;
  readonly organisation: string;
  readonly title: string;
  readonly specialty: string;
  readonly phone: string;
  readonly status: ExpertStatus;
}

export interface DemoUser {
  readonly username: string;
  readonly displayName: string;
  readonly roleKey: DemoRoleKey;
  readonly departmentKey: string;
  /** Set for inspector accounts. */
  readonly inspectorKey: string | null;
}

export interface DemoData {
  readonly seed: string;
  readonly asOf: string;
  readonly city: DemoCity;
  readonly departments: readonly DemoDepartment[];
  readonly inspectors: readonly DemoInspector[];
  readonly experts: readonly DemoExpert[];
  readonly users: readonly DemoUser[];
  readonly entities: readonly DemoMarketEntity[];
}
