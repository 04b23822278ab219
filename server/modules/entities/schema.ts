import { z } from 'zod';
import { RowActions } from '../../http/row_actions';
import { ENTITY_STATUS_KEYS, ENTITY_TYPE_KEYS, RISK_CLASS_KEYS } from '../../../domain/directory/entity';
import { optionalText, text, uuidField } from '../../http/fields';
import { pageOf, pageQuery } from '../../http/paging';

/**
 * What the directory API shows. Internal information (credit-risk class, complaints) sits in `internal`, which
 * the presenter fills only for callers holding directory:entity:risk; public pages never use these schemas
 * (domain/directory/entity.ts PUBLIC_ENTITY_FIELDS is the public whitelist).
 */
export const EntityInternal = z.object({
  riskClass: z.enum(RISK_CLASS_KEYS).nullable(),
  riskClassLabel: z.string().nullable(),
  complaintsCount: z.number().int(),
});
export type EntityInternal = z.infer<typeof EntityInternal>;

export const EntityRow = z.object({
  id: z.string(),
  code: z.string(),
  codeType: z.string(),
  name: z.string(),
  nameInitials: z.string(),
  entityType: z.enum(ENTITY_TYPE_KEYS),
  entityTypeLabel: z.string(),
  legalRepresentative: z.string().nullable(),
  address: z.string().nullable(),
  regionCode: z.string(),
  regionName: z.string(),
  industryCode: z.string().nullable(),
  industryName: z.string().nullable(),
  registeredOn: z.string().nullable(),
  status: z.enum(ENTITY_STATUS_KEYS),
  statusLabel: z.string(),
  abnormalList: z.boolean(),
  seriousViolation: z.boolean(),
  ownerDepartmentId: z.string().nullable(),
  ownerDepartmentName: z.string().nullable(),
  lastInspectedOn: z.string().nullable(),
  inspectionsThisYear: z.number().int(),
  /** Whether the caller may edit this record (owner department, or the 双随机办/admin of its region). */
  canEdit: z.boolean(),
  /** What the caller may do with the record (null) or why not; there is no deleting, only a change of 登记状态. */
  actions: RowActions,
  internal: EntityInternal.optional(),
});
export type EntityRow = z.infer<typeof EntityRow>;

export const EntityDetail = EntityRow.extend({
  businessScope: z.string().nullable(),
  tags: z.array(z.object({ id: z.string(), name: z.string() })),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type EntityDetail = z.infer<typeof EntityDetail>;

/** `totalIsLowerBound`: more rows match than were counted (counts stop at a cap so a search stays fast at 1M rows). */
export const EntityPage = pageOf(EntityRow).extend({ totalIsLowerBound: z.boolean() });
export type EntityPage = z.infer<typeof EntityPage>;

export const EntityFilters = z.object({
  name: z.string().trim().max(100, { error: '名称不能超过 100 个字符' }).optional(),
  code: z.string().trim().max(32, { error: '代码不能超过 32 个字符' }).optional(),
  regionCode: z.string().regex(/^\d{6}$/, { error: '行政区划代码应为 6 位数字' }).optional(),
  industryCode: z.string().trim().regex(/^[A-Ta-t]?\d{0,4}$/, { error: '行业代码应为门类字母或 2–4 位数字' }).optional(),
  status: z.enum(ENTITY_STATUS_KEYS, { error: '登记状态不正确' }).optional(),
  entityType: z.enum(ENTITY_TYPE_KEYS, { error: '主体类型不正确' }).optional(),
  riskClass: z.enum(RISK_CLASS_KEYS, { error: '信用风险分类只能是 A、B、C、D' }).optional(),
  tagId: uuidField('专项库').optional(),
  ownerDepartmentId: uuidField('登记机关').optional(),
});
export type EntityFilters = z.infer<typeof EntityFilters>;
export const EntityQuery = EntityFilters.extend(pageQuery);
export type EntityQuery = z.infer<typeof EntityQuery>;

export const EntityExportQuery = EntityFilters.extend({ format: z.enum(['xlsx', 'csv'], { error: '导出格式只能是 xlsx 或 csv' }).default('xlsx') });

const yesNo = (label: string) => z.boolean({ error: `${label}只能是 true 或 false` }).default(false);

export const EntityInput = z.object({
  code: z.string({ error: '统一社会信用代码/标识必须是文本' }).trim().min(1, { error: '统一社会信用代码/标识不能为空' }).max(40, { error: '统一社会信用代码/标识不能超过 40 个字符' }),
  name: text('名称', 200, 2),
  entityType: z.enum(ENTITY_TYPE_KEYS, { error: '请选择主体类型' }),
  legalRepresentative: optionalText('法定代表人/负责人', 64),
  address: optionalText('住所/经营场所', 300),
  regionCode: z.string({ error: '请选择行政区划' }).regex(/^\d{6}$/, { error: '行政区划代码应为 6 位数字' }),
  industryCode: z.union([z.string().trim().max(5, { error: '行业代码不能超过 5 个字符' }), z.null()]).optional().transform((v) => (v ? v : null)),
  businessScope: optionalText('经营范围', 4000),
  registeredOn: z.union([z.iso.date({ error: '成立日期格式应为 YYYY-MM-DD' }), z.null()]).optional().transform((v) => v ?? null),
  status: z.enum(ENTITY_STATUS_KEYS, { error: '登记状态不正确' }).default('active'),
  abnormalList: yesNo('列入经营异常名录'),
  seriousViolation: yesNo('列入严重违法失信名单'),
  ownerDepartmentId: uuidField('登记机关'),
  /** Internal; only with directory:entity:risk (refused otherwise). Absent = unchanged. */
  riskClass: z.union([z.enum(RISK_CLASS_KEYS, { error: '信用风险分类只能是 A、B、C、D' }), z.null()]).optional(),
  complaintsCount: z.number({ error: '投诉举报次数必须是数字' }).int().min(0, { error: '投诉举报次数不能为负' }).max(100_000).optional(),
});
export type EntityInput = z.infer<typeof EntityInput>;

export const EntityStatusInput = z.object({
  status: z.enum(ENTITY_STATUS_KEYS, { error: '登记状态不正确' }),
  reason: text('变更原因', 200),
});
export type EntityStatusInput = z.infer<typeof EntityStatusInput>;

export const entityIdParams = z.object({ id: z.string().regex(/^[1-9]\d{0,17}$/, { error: '编号格式不正确' }) });

export const IndustryOption = z.object({ code: z.string(), name: z.string(), level: z.string(), isLeaf: z.boolean() });
export const OwnerDepartmentOption = z.object({ id: z.string(), name: z.string(), regionCode: z.string() });
