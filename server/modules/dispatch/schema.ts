import { z } from 'zod';
import { uuidField } from '../../http/fields';

export const TaskParams = z.object({ id: uuidField('任务编号') });
export const DispatchParams = z.object({ id: uuidField('任务编号'), departmentId: uuidField('部门编号') });
export const ObjectParams = z.object({ id: uuidField('任务编号'), objectId: uuidField('检查对象编号') });

/** 待检查 / 已替换 / 已完成无需检查. */
export const OBJECT_STATUS_LABELS = { pending: '待检查', replaced: '已替换', done_no_check: '已完成无需检查' } as const;
export type ObjectStatus = keyof typeof OBJECT_STATUS_LABELS;

export const TeamMemberRow = z.object({
  memberId: z.string(), inspectorId: z.string(), name: z.string(), certificateNo: z.string(), departmentId: z.string(), departmentName: z.string(),
  role: z.enum(['leader', 'member', 'expert']), active: z.boolean(), replacementId: z.string().nullable(),
});
export type TeamMemberRow = z.infer<typeof TeamMemberRow>;

export const TaskObjectRow = z.object({
  id: z.string(), entityId: z.string(), entityCode: z.string(), entityName: z.string(), entityStatus: z.string(), stratum: z.string(), rank: z.number().int(),
  fromReserve: z.boolean(), status: z.enum(['pending', 'replaced', 'done_no_check']), statusLabel: z.string(), visitId: z.string().nullable(),
  /** The other tasks' codes in the same joint visit. */
  visitTaskCodes: z.array(z.string()),
  team: z.array(TeamMemberRow),
});
export type TaskObjectRow = z.infer<typeof TaskObjectRow>;

export const DispatchRow = z.object({
  id: z.string(), taskId: z.string(), taskCode: z.string(), taskName: z.string(), departmentId: z.string(), departmentName: z.string(),
  sentAt: z.string(), dueDate: z.string(), dueProvisional: z.boolean(), confirmedAt: z.string().nullable(), confirmedByName: z.string().nullable(),
  overdue: z.boolean(), canConfirm: z.boolean(),
});
export type DispatchRow = z.infer<typeof DispatchRow>;

export const MergeOffer = z.object({
  taskObjectId: z.string(), entityId: z.string(), entityName: z.string(),
  others: z.array(z.object({ taskObjectId: z.string(), taskId: z.string(), taskCode: z.string(), taskName: z.string(), periodStart: z.string(), periodEnd: z.string(), visitId: z.string().nullable() })),
});
export type MergeOffer = z.infer<typeof MergeOffer>;

export const MergeInput = z.object({
  otherObjectIds: z.array(uuidField('合并的检查对象'), { error: '合并的检查对象必须是列表' }).min(1, { error: '至少选择一个其他任务的检查对象' }).max(20, { error: '一次至多合并 20 个检查对象' }),
});

export const DispatchTaskRow = z.object({
  id: z.string(), code: z.string(), name: z.string(), status: z.string(), statusLabel: z.string(), leadDepartmentName: z.string(),
  periodStart: z.string(), periodEnd: z.string(), objects: z.number().int(), unconfirmed: z.number().int(), matched: z.boolean(),
});
export type DispatchTaskRow = z.infer<typeof DispatchTaskRow>;

export const DispatchSettingsRow = z.object({ regionCode: z.string(), confirmWorkingDays: z.number().int(), goneEntityRule: z.enum(['reserve', 'count_done']) });
export type DispatchSettingsRow = z.infer<typeof DispatchSettingsRow>;
export const DispatchSettingsInput = z.object({
  confirmWorkingDays: z.number({ error: '确认期限必须是数字' }).int({ error: '确认期限必须是整数' }).min(1, { error: '确认期限至少 1 个工作日' }).max(10, { error: '确认期限不超过 10 个工作日' }),
  goneEntityRule: z.enum(['reserve', 'count_done'], { error: '注销/迁出对象的处理只能是 reserve（从备选名单替补）或 count_done（计为完成无需检查）' }),
});
export const RegionParams = z.object({ regionCode: z.string().regex(/^\d{6}$/, { error: '行政区划代码应为 6 位数字' }) });
