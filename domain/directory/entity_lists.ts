/**
 * The closed lists of 检查对象名录库 (keys + Chinese labels), without the code tables, so the web app can import
 * them without the GB/T 2260 and GB/T 4754 data. The rules that use them are in entity.ts.
 */

/**
 * 主体类型. The first three are 市场主体 (USCC position 2 under authority 9); the rest are other inspection objects:
 * 威海第1条 「检查对象，既包括市场主体，也可以包括国家机关、社会组织、事业单位、产品、项目、行为等」; 东胜 四(二)2: the
 * directory may hold 事业单位、社会团体 besides 企业、个体工商户.
 */
export const ENTITY_TYPES = {
  enterprise: '企业',
  individual_business: '个体工商户',
  farmer_cooperative: '农民专业合作社',
  public_institution: '事业单位',
  social_organization: '社会组织',
  government_agency: '国家机关',
  product: '产品',
  project: '项目',
  conduct: '行为',
  other: '其他',
} as const;
export type EntityType = keyof typeof ENTITY_TYPES;
export const ENTITY_TYPE_KEYS = Object.keys(ENTITY_TYPES) as [EntityType, ...EntityType[]];

/** 市场主体: identified only by 统一社会信用代码 or 注册号. */
const MARKET_SUBJECT_TYPES: ReadonlySet<EntityType> = new Set(['enterprise', 'individual_business', 'farmer_cooperative']);

export function isMarketSubject(type: EntityType): boolean {
  return MARKET_SUBJECT_TYPES.has(type);
}

/** 登记状态 as the 国家企业信用信息公示系统 shows it (domain.md §4.7 lists 注销/吊销/撤销/迁出 as result categories). */
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
export const ENTITY_STATUS_KEYS = Object.keys(ENTITY_STATUSES) as [EntityStatus, ...EntityStatus[]];

/** 注销/吊销/撤销/迁出: no longer operating here (威海第8条: such objects are not checked). */
export function isOperating(status: EntityStatus): boolean {
  switch (status) {
    case 'active':
    case 'operating':
    case 'suspended':
      return true;
    case 'deregistered':
    case 'revoked':
    case 'cancelled':
    case 'moved_out':
      return false;
  }
}

/**
 * 企业信用风险分类 (国市监信发〔2022〕6号, domain.md §4.2). INTERNAL: 「风险分类不公开」 — never on public pages
 * or public API responses; inside the platform only for users holding the dedicated permission.
 */
export const RISK_CLASSES = {
  A: '信用风险低',
  B: '信用风险一般',
  C: '信用风险较高',
  D: '信用风险高',
} as const;
export type RiskClass = keyof typeof RISK_CLASSES;
export const RISK_CLASS_KEYS = Object.keys(RISK_CLASSES) as [RiskClass, ...RiskClass[]];

export const CODE_TYPES = {
  uscc: '统一社会信用代码',
  registration_number: '注册号',
  other: '其他标识',
} as const;
export type CodeType = keyof typeof CODE_TYPES;

/** A key for a key or a Chinese label (import files carry labels); null when it is neither. */
export function keyOf<K extends string>(labels: Readonly<Record<K, string>>, text: string): K | null {
  const value = text.trim();
  if (Object.hasOwn(labels, value)) return value as K;
  const keys = Object.keys(labels) as K[];
  return keys.find((k) => labels[k] === value) ?? null;
}
