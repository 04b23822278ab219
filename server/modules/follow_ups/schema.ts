/**
 * The API shapes of 后续处置 (issue #10 item 7; domain/inspection/follow_up_states.ts). The web page imports its types
 * from here; messages name the field in Chinese.
 */
import { z } from 'zod';
import { parseDateOnly } from '../../../domain/calendar/civil_date';
import { keysOf } from '../../../domain/inspection/categories';
import { FOLLOW_UP_MEASURES, FOLLOW_UP_STATUS_LABELS, JUDICIAL_ORGAN_KINDS } from '../../../domain/inspection/follow_up_states';
import { optionalText, text, uuidField } from '../../http/fields';
import { pageOf, pageQuery } from '../../http/paging';

const choice = <T extends Record<string, string>>(label: string, vocabulary: T) =>
  z.enum(keysOf(vocabulary), { error: `${label}只能是：${Object.entries(vocabulary).map(([k, v]) => `${k}（${v}）`).join('、')}` });

export const followUpStatusField = choice('后续处置状态', FOLLOW_UP_STATUS_LABELS);
export const measureField = choice('处置措施', FOLLOW_UP_MEASURES);
export const organKindField = choice('司法机关类别', JUDICIAL_ORGAN_KINDS);

const dateField = (label: string) => z.string({ error: `${label}必须是日期` }).refine((v) => parseDateOnly(v).ok, { error: `${label}应为存在的日期，格式 YYYY-MM-DD` });
const rowVersionField = z.number({ error: '版本号（rowVersion）必须是数字' }).int({ error: '版本号（rowVersion）必须是整数' }).min(1, { error: '版本号（rowVersion）从 1 开始' });

export const FollowUpIdParams = z.object({ id: uuidField('编号') });

export const FollowUpListQuery = z.object({
  /** outgoing 我部门发起 | incoming 移送给我部门; absent: everything in scope. */
  box: z.enum(['outgoing', 'incoming'], { error: '范围（box）只能是 outgoing（我部门发起）或 incoming（移送给我部门）' }).optional(),
  status: followUpStatusField.optional(),
  /** 未完结 / 已完结. */
  completion: z.enum(['open', 'closed'], { error: '完结情况只能是 open（未完结）或 closed（已完结）' }).optional(),
  resultId: uuidField('检查结果编号').optional(),
  keyword: z.string().trim().max(100, { error: '关键词不能超过 100 个字符' }).optional(),
  ...pageQuery,
});

export const ListingSuggestionView = z.object({ ground: z.string(), advice: z.string(), basis: z.string() });

export const FollowUpRow = z.object({
  id: z.string(), resultId: z.string(), taskId: z.string(), taskCode: z.string(), taskName: z.string(),
  entityName: z.string(), creditCode: z.string(), resultCategoryLabel: z.string().nullable(), disposalLabel: z.string().nullable(),
  ownerDepartmentId: z.string(), ownerDepartmentName: z.string(),
  receiverDepartmentId: z.string().nullable(), receiverDepartmentName: z.string().nullable(), judicialOrganName: z.string().nullable(),
  status: followUpStatusField, statusLabel: z.string(), completionLabel: z.enum(['未完结', '已完结']),
  measure: measureField.nullable(), measureLabel: z.string().nullable(),
  dueDate: z.string().nullable(), overdue: z.boolean(),
  listingSuggestion: ListingSuggestionView.nullable(),
  createdAt: z.string(), rowVersion: z.number().int(),
});
export type FollowUpRow = z.infer<typeof FollowUpRow>;
export const FollowUpPage = pageOf(FollowUpRow);

export const FollowUpHistoryEntry = z.object({ at: z.string(), actorName: z.string().nullable(), summary: z.string(), event: z.string().nullable(), reason: z.string().nullable() });

export const FollowUpDetail = FollowUpRow.extend({
  checkDate: z.string().nullable(), resultStatusLabel: z.string(),
  handler: z.string().nullable(), note: z.string().nullable(), automatic: z.boolean(),
  judicialOrganKind: organKindField.nullable(), judicialOrganKindLabel: z.string().nullable(),
  transferReason: z.string().nullable(), transferredByName: z.string().nullable(), transferredAt: z.string().nullable(),
  acceptedByName: z.string().nullable(), acceptedAt: z.string().nullable(),
  returnReason: z.string().nullable(), returnedAt: z.string().nullable(),
  recheckDate: z.string().nullable(), recheckRectified: z.boolean().nullable(),
  receiptNumber: z.string().nullable(), receiptDate: z.string().nullable(),
  outcome: z.string().nullable(), closedByName: z.string().nullable(), closedAt: z.string().nullable(),
  createdByName: z.string().nullable(),
  /** The caller's side, for the buttons. */
  isOwner: z.boolean(), isReceiver: z.boolean(),
  /** The events this status accepts from the caller's side. */
  allowedEvents: z.array(z.string()),
  history: z.array(FollowUpHistoryEntry),
});
export type FollowUpDetail = z.infer<typeof FollowUpDetail>;

export const CreateFollowUpInput = z.object({
  resultId: uuidField('检查结果编号'),
  measure: measureField.nullable().optional(),
  dueDate: dateField('整改或办理期限').nullable().optional(),
  note: optionalText('内部备注', 2000),
});

export const PlanFollowUpInput = z.object({
  rowVersion: rowVersionField,
  measure: measureField.nullable(),
  dueDate: dateField('整改或办理期限').nullable(),
  handler: optionalText('承办机构或承办人', 100),
  note: optionalText('内部备注', 2000),
});

export const TransferInput = z.object({
  rowVersion: rowVersionField,
  toDepartmentId: uuidField('接收部门'),
  reason: text('移送理由与线索', 2000),
  dueDate: dateField('办理期限').nullable().optional(),
});

export const JudicialTransferInput = z.object({
  rowVersion: rowVersionField,
  organKind: organKindField,
  organName: text('接收机关名称', 100),
  reason: text('移送理由与线索', 2000),
});

export const VersionInput = z.object({ rowVersion: rowVersionField });
export const ReturnFollowUpInput = z.object({ rowVersion: rowVersionField, reason: text('退回理由', 1000) });

export const CloseFollowUpInput = z.object({
  rowVersion: rowVersionField,
  outcome: text('处理结果', 2000),
  recheck: z.object({ date: dateField('复查日期'), rectified: z.boolean({ error: '是否已改正（rectified）必须是是或否' }) }, { error: '复查情况应为 {date, rectified}' }).nullable().optional(),
  receipt: z.object({ number: text('回执编号', 100), date: dateField('回执日期') }, { error: '回执应为 {number, date}' }).nullable().optional(),
});

export const ReceiverOption = z.object({ id: z.string(), name: z.string(), regionCode: z.string() });
