/**
 * The API shapes of 异议与复核 (issue #10 item 6; 威海第11条). The staff page and the entity page import their types
 * from here. An entity's answers never carry a phone number or a staff member's name.
 */
import { z } from 'zod';
import { parseDateOnly } from '../../../domain/calendar/civil_date';
import { FEEDBACK_METHODS, OBJECTION_CHANNELS, OBJECTION_STATUS_LABELS } from '../../../domain/inspection/objection_states';
import { keysOf } from '../../../domain/inspection/categories';
import { optionalText, text, uuidField } from '../../http/fields';
import { pageOf, pageQuery } from '../../http/paging';
import { CorrectionChanges } from '../results/schema';

const choice = <T extends Record<string, string>>(label: string, vocabulary: T) =>
  z.enum(keysOf(vocabulary), { error: `${label}只能是：${Object.entries(vocabulary).map(([k, v]) => `${k}（${v}）`).join('、')}` });

export const objectionStatusField = choice('异议状态', OBJECTION_STATUS_LABELS);
export const feedbackMethodField = choice('反馈方式', FEEDBACK_METHODS);
/** Staff enter what came by the counter or the mail; online objections come from the entity itself. */
export const enteredChannelField = z.enum(['counter', 'mail'], { error: `受理渠道只能是：counter（${OBJECTION_CHANNELS.counter}）、mail（${OBJECTION_CHANNELS.mail}）` });
const rowVersionField = z.number({ error: '版本号（rowVersion）必须是数字' }).int({ error: '版本号（rowVersion）必须是整数' }).min(1, { error: '版本号（rowVersion）从 1 开始' });
const dateField = (label: string) => z.string({ error: `${label}必须是日期` }).refine((v) => parseDateOnly(v).ok, { error: `${label}应为存在的日期，格式 YYYY-MM-DD` });

export const EntityObjectionInput = z.object({
  resultId: uuidField('检查结果编号'),
  reason: text('异议理由', 2000, 5),
  contactName: optionalText('联系人', 64),
});

export const StaffObjectionInput = EntityObjectionInput.extend({
  channel: enteredChannelField,
  receivedOn: dateField('收到异议材料的日期'),
});

export const StartReviewInput = z.object({ rowVersion: rowVersionField });

export const DecideInput = z.object({
  rowVersion: rowVersionField,
  decision: z.enum(['uphold', 'dismiss'], { error: '复核结论只能是：uphold（异议成立）、dismiss（异议不成立）' }),
  comments: text('复核意见', 2000),
  /** 异议成立: the corrected values (become a correction request awaiting the head's approval, 长春第20条). */
  changes: CorrectionChanges.optional(),
});

export const FeedbackInput = z.object({
  rowVersion: rowVersionField,
  feedback: text('反馈内容', 2000),
  method: feedbackMethodField,
});

export const ObjectionQuery = z.object({
  status: objectionStatusField.optional(),
  keyword: z.string().trim().max(100, { error: '关键词不能超过 100 个字符' }).optional(),
  /** Only those past the deadline that applies now. */
  overdue: z.enum(['true', 'false'], { error: 'overdue 只能是 true 或 false' }).optional(),
  ...pageQuery,
});

export const IdParams = z.object({ id: uuidField('编号') });

export const ObjectionCorrection = z.object({ id: z.string(), seq: z.number().int(), status: z.string(), statusLabel: z.string() });

export const ObjectionView = z.object({
  id: z.string(), resultId: z.string(), entityName: z.string(), creditCode: z.string(),
  taskCode: z.string(), taskName: z.string(), departmentName: z.string(), checkDate: z.string().nullable(),
  channel: z.string(), channelLabel: z.string(), receivedOn: z.string(), reason: z.string(), contactName: z.string().nullable(),
  status: objectionStatusField, statusLabel: z.string(),
  reviewDue: z.string(), feedbackDue: z.string(), dueProvisional: z.boolean(),
  /** The deadline that applies now (review, then feedback; none once answered) and whether it has passed. */
  currentDue: z.string().nullable(), overdue: z.boolean(),
  enteredByName: z.string().nullable(), reviewStartedByName: z.string().nullable(),
  decisionComments: z.string().nullable(), decidedByName: z.string().nullable(), decidedOn: z.string().nullable(),
  correction: ObjectionCorrection.nullable(),
  feedback: z.string().nullable(), feedbackMethod: z.string().nullable(), feedbackMethodLabel: z.string().nullable(), fedBackOn: z.string().nullable(),
  createdAt: z.string(), allowedEvents: z.array(z.string()), rowVersion: z.number().int(),
});
export type ObjectionView = z.infer<typeof ObjectionView>;
export const ObjectionPage = pageOf(ObjectionView);

/** What the entity sees of its own objection: no staff names, no internal versions. */
export const EntityObjectionView = z.object({
  id: z.string(), resultId: z.string(), taskName: z.string(), departmentName: z.string(), checkDate: z.string().nullable(),
  channelLabel: z.string(), receivedOn: z.string(), reason: z.string(),
  status: objectionStatusField, statusLabel: z.string(), reviewDue: z.string(), feedbackDue: z.string(),
  decisionComments: z.string().nullable(), decidedOn: z.string().nullable(),
  correctionStatusLabel: z.string().nullable(),
  feedback: z.string().nullable(), fedBackOn: z.string().nullable(),
});
export type EntityObjectionView = z.infer<typeof EntityObjectionView>;
export const EntityObjectionList = z.object({ rows: z.array(EntityObjectionView) });

/** 异议的证明材料 as listed to the entity and to staff (the content is downloaded by staff only). */
export const ObjectionAttachmentView = z.object({
  id: z.string(), fileName: z.string(), mime: z.string(), byteSize: z.number().int(), sha256: z.string(), uploadedAt: z.string(),
});
export type ObjectionAttachmentView = z.infer<typeof ObjectionAttachmentView>;
export const ObjectionAttachmentList = z.object({ rows: z.array(ObjectionAttachmentView) });
