import { z } from 'zod';
import { parseDateOnly } from '../../../domain/calendar/civil_date';
import { CERTIFICATE_STATES, GENDER_KEYS, INSPECTOR_STATUS_KEYS } from '../../../domain/directory/inspector';
import { optionalText, phoneField, regionCodeField, text, uuidField } from '../../http/fields';
import { pageOf, pageQuery } from '../../http/paging';

/** The open dictionaries (字典管理) the post and the expertise tags are checked against when they have items. */
export const INSPECTOR_POST_DICTIONARY = 'inspector_post';
export const EXPERTISE_DICTIONARY = 'expertise';

const certificateStateKeys = Object.keys(CERTIFICATE_STATES) as [keyof typeof CERTIFICATE_STATES, ...(keyof typeof CERTIFICATE_STATES)[]];

export const inspectorStatusField = z.enum(INSPECTOR_STATUS_KEYS, { error: '状态只能是 on_duty（在岗）、on_leave（休假）、transferred（调离）或 retired（退休）' });
export const genderField = z.enum(GENDER_KEYS, { error: '性别只能是 male（男）或 female（女）' });

/** A calendar date 'YYYY-MM-DD' that exists. */
export function dateField(label: string) {
  return z.string({ error: `${label}必须是日期` }).refine((v) => parseDateOnly(v).ok, { error: `${label}应为存在的日期，格式 YYYY-MM-DD` });
}

/** 执法证号: letters (including a province character such as 吉), digits and - _ （ ）, 4–40 characters. */
export const certificateNoField = z.string({ error: '执法证号必须是文本' }).trim()
  .min(4, { error: '执法证号至少 4 个字符' }).max(40, { error: '执法证号不能超过 40 个字符' })
  .regex(/^[\p{L}\p{N}\-_（）()]+$/u, { error: '执法证号只能包含文字、字母、数字、短横线、下划线或括号' });

export const expertiseField = z.array(text('业务专长', 20), { error: '业务专长应为数组' })
  .max(10, { error: '业务专长最多 10 项' }).default([]).transform((list) => [...new Set(list)]);

export const InspectorRow = z.object({
  id: z.string(),
  name: z.string(),
  gender: genderField.nullable(),
  departmentId: z.string(),
  departmentName: z.string(),
  post: z.string().nullable(),
  certificateNo: z.string(),
  certificateValidUntil: z.string().nullable(),
  certificateState: z.enum(certificateStateKeys),
  /** Days from today to the last valid day (negative once expired); null without a date. */
  certificateDaysLeft: z.number().int().nullable(),
  expertise: z.array(z.string()),
  phone: z.string().nullable(),
  status: inspectorStatusField,
  regionCode: z.string(),
  regionName: z.string().nullable(),
  userId: z.string().nullable(),
  userAccount: z.string().nullable(),
  activeRecusalCount: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type InspectorRow = z.infer<typeof InspectorRow>;
export const InspectorPage = pageOf(InspectorRow);

export const InspectorFilters = z.object({
  name: z.string().trim().max(32).optional(),
  certificateNo: z.string().trim().max(40).optional(),
  departmentId: uuidField('部门').optional(),
  status: inspectorStatusField.optional(),
  expertise: z.string().trim().max(20).optional(),
  regionCode: regionCodeField.optional(),
  /** valid 有效 / expiring N 天内到期 / expired 已过期 / missing 未填有效期. */
  certificate: z.enum(certificateStateKeys, { error: '证件状态只能是 valid、expiring、expired 或 missing' }).optional(),
  /** N for 「N 天内到期」 (default 30). */
  expiringWithinDays: z.coerce.number({ error: '天数必须是数字' }).int().min(1, { error: '天数至少为 1' }).max(366, { error: '天数不能超过 366' }).default(30),
});
export const InspectorQuery = InspectorFilters.extend(pageQuery);
export type InspectorQuery = z.infer<typeof InspectorQuery>;

export const InspectorInput = z.object({
  name: text('姓名', 32),
  gender: genderField.nullable().default(null),
  departmentId: uuidField('部门'),
  post: optionalText('执法岗位', 40),
  certificateNo: certificateNoField,
  certificateValidUntil: dateField('执法证有效期').nullable().default(null),
  expertise: expertiseField,
  phone: phoneField,
  status: inspectorStatusField.default('on_duty'),
  /** The region the inspector works in; the department's region by default, never outside it. */
  regionCode: regionCodeField.nullable().default(null),
  /** The platform account of the inspector, if any. */
  userId: uuidField('关联账号').nullable().default(null),
});
export type InspectorInput = z.infer<typeof InspectorInput>;

export const RecusalRow = z.object({
  id: z.string(),
  inspectorId: z.string(),
  entityId: z.number().int().nullable(),
  entityCode: z.string().nullable(),
  entityName: z.string().nullable(),
  personName: z.string().nullable(),
  reason: z.string(),
  declaredAt: z.string(),
  createdBy: z.string().nullable(),
  createdByName: z.string().nullable(),
  withdrawnAt: z.string().nullable(),
  active: z.boolean(),
});
export type RecusalRow = z.infer<typeof RecusalRow>;

export const RecusalInput = z.object({
  /** A market entity from the directory… */
  entityId: z.number({ error: '检查对象编号必须是数字' }).int().positive({ error: '检查对象编号不正确' }).nullable().default(null),
  /** …or a named person (e.g. a relative who runs a business). */
  personName: optionalText('回避对象姓名', 64),
  reason: text('回避理由', 200, 2),
}).superRefine((value, ctx) => {
  if ((value.entityId === null) === (value.personName === null)) {
    ctx.addIssue({ code: 'custom', path: ['entityId'], message: '请选择一个检查对象或填写一个人员姓名（二选一）' });
  }
});
export type RecusalInput = z.infer<typeof RecusalInput>;

export const RecusalParams = z.object({ id: uuidField('编号'), recusalId: uuidField('回避记录编号') });
export const WithdrawInput = z.object({ reason: optionalText('撤回理由', 200) });

export const EntityChoice = z.object({ id: z.number().int(), code: z.string(), name: z.string() });
export const EntityChoiceQuery = z.object({ keyword: z.string().trim().min(2, { error: '请至少输入 2 个字' }).max(100) });

export const FieldOption = z.object({ value: z.string(), label: z.string() });
export const InspectorFieldOptions = z.object({ posts: z.array(FieldOption), expertise: z.array(FieldOption) });

/** The public directory (东胜 四(二)2): exactly these three fields, nothing else. */
export const PublicInspectorRow = z.strictObject({
  name: z.string(),
  departmentName: z.string(),
  certificateNo: z.string(),
});
export type PublicInspectorRow = z.infer<typeof PublicInspectorRow>;
export const PublicInspectorPage = pageOf(PublicInspectorRow);
export const PublicInspectorQuery = z.object({
  departmentId: uuidField('部门').optional(),
  name: z.string().trim().max(32).optional(),
}).extend(pageQuery);
export type PublicInspectorQuery = z.infer<typeof PublicInspectorQuery>;
export const PublicDepartmentOption = z.strictObject({ id: z.string(), name: z.string() });
