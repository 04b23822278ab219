/**
 * The API shapes of 行政检查通知书 and 实地核查记录表 (issue #10 item 1). The web imports its types from here.
 */
import { z } from 'zod';
import { DELIVERY_METHODS } from '../../../domain/inspection/notice';
import { optionalText, text, uuidField } from '../../http/fields';

export const ObjectParams = z.object({ objectId: uuidField('检查对象编号') });
export const NoticeParams = z.object({ id: uuidField('通知书编号') });
export const DepartmentParams = z.object({ departmentId: uuidField('部门编号') });

const isoDate = (label: string) => z.iso.date({ error: `${label}应为 YYYY-MM-DD 格式的日期` });

export const IssueNoticeInput = z.object({
  /** 定于 … 实施检查: within the task's period; the matching's inspection date when left out. */
  inspectionDate: isoDate('检查日期').optional(),
}).strict();
export type IssueNoticeInput = z.infer<typeof IssueNoticeInput>;

export const DeliveryInput = z.object({
  rowVersion: z.number({ error: '版本号必须是数字' }).int({ error: '版本号必须是整数' }).min(1, { error: '版本号必须是正整数' }),
  method: z.enum(DELIVERY_METHODS, { error: '送达方式只能是 direct（直接送达）、mail（邮寄送达）、electronic（电子送达）或 left_at_premises（留置送达）' }),
  deliveredAt: z.iso.datetime({ offset: true, error: '送达时间应为带时区的日期时间，例如 2026-12-04T09:30:00+08:00' }),
  recipient: text('签收人', 64),
  note: optionalText('备注', 500),
}).strict();
export type DeliveryInput = z.input<typeof DeliveryInput>;

export const NoticeRow = z.object({
  id: z.string(), taskId: z.string(), taskObjectId: z.string(), number: z.string(), year: z.number().int(), serial: z.number().int(),
  departmentId: z.string(), departmentName: z.string(), inspectionDate: z.string().nullable(),
  issuedAt: z.string(), issuedByName: z.string(),
  delivery: z.object({
    method: z.enum(DELIVERY_METHODS), methodLabel: z.string(), deliveredAt: z.string(), recipient: z.string(), note: z.string().nullable(), recordedByName: z.string(),
  }).nullable(),
  rowVersion: z.number().int(),
});
export type NoticeRow = z.infer<typeof NoticeRow>;

/** What the workbench shows for an object: its notice (null until numbered) and whether the caller may issue. */
export const NoticeStatus = z.object({
  taskObjectId: z.string(), taskId: z.string(), taskName: z.string(), entityName: z.string(),
  notice: NoticeRow.nullable(),
  /** null when the caller may issue or record delivery, else why not (in Chinese). */
  issueRefusal: z.string().nullable(),
  /** The caller takes part (department or team) and may record or correct the delivery. */
  canRecordDelivery: z.boolean(),
});
export type NoticeStatus = z.infer<typeof NoticeStatus>;

export const TeamLine = z.object({ name: z.string(), departmentName: z.string(), certificateNo: z.string(), role: z.enum(['leader', 'member', 'expert']), roleLabel: z.string() });
export type TeamLine = z.infer<typeof TeamLine>;

export const EntityFacts = z.object({
  name: z.string(), code: z.string(), codeType: z.string(), address: z.string().nullable(), legalRepresentative: z.string().nullable(), regionName: z.string(),
});
export type EntityFacts = z.infer<typeof EntityFacts>;

export const TaskFacts = z.object({
  id: z.string(), code: z.string(), name: z.string(), periodStart: z.string(), periodEnd: z.string(), leadDepartmentName: z.string(),
  departmentNames: z.array(z.string()), methods: z.array(z.string()), regionName: z.string(),
});
export type TaskFacts = z.infer<typeof TaskFacts>;

/** The notice as printed (渝北 附件2). */
export const NoticeDocument = z.object({
  title: z.string(), number: z.string(), issuedOn: z.string(), issuingDepartmentName: z.string(),
  entity: EntityFacts, task: TaskFacts, inspectionDate: z.string().nullable(), body: z.string(),
  items: z.array(z.object({ departmentName: z.string(), code: z.string(), name: z.string() })),
  reminders: z.array(z.string()), team: z.array(TeamLine),
  /** The team leader's phone, for the entity to reach the team (联系电话). */
  contactPhone: z.string().nullable(),
});
export type NoticeDocument = z.infer<typeof NoticeDocument>;

export const RecordFormLine = z.object({
  subitem: z.string(), content: z.string(), checkMethod: z.string(), yesWording: z.string(), noWording: z.string(), basis: z.string(),
});
export type RecordFormLine = z.infer<typeof RecordFormLine>;

/** 实地核查记录表 / 一企一表 (渝北 附件1): every participating department's items for this entity, columns left blank. */
export const RecordForm = z.object({
  title: z.string(), noticeNumber: z.string().nullable(), entity: EntityFacts, task: TaskFacts, inspectionDate: z.string().nullable(),
  team: z.array(TeamLine),
  departments: z.array(z.object({
    departmentName: z.string(),
    items: z.array(z.object({ code: z.string(), name: z.string(), resultOptions: z.array(z.string()), lines: z.array(RecordFormLine) })),
  })),
});
export type RecordForm = z.infer<typeof RecordForm>;

export const NoticeSettingsRow = z.object({
  departmentId: z.string(), departmentName: z.string(), prefix: z.string(), defaultPrefix: z.string(), custom: z.boolean(), example: z.string(),
});
export type NoticeSettingsRow = z.infer<typeof NoticeSettingsRow>;
export const NoticeSettingsInput = z.object({
  /** An empty prefix returns to the default. */
  prefix: z.union([text('文号前缀', 60, 0).refine((v) => !/[【】]/.test(v), { error: '文号前缀不能含有【】，年份由系统加上' }), z.null()]),
}).strict();
