/**
 * The API shapes of 检查实施与结果 (issue #10; /work/notes/results_contract.md). The web workbench imports its types
 * from here. Vocabularies come from domain/inspection/categories.ts; messages name the field in Chinese.
 */
import { z } from 'zod';
import { parseDateOnly } from '../../../domain/calendar/civil_date';
import { ATTACHMENT_KINDS, CHECK_METHODS, DISPOSALS, FINDINGS, keysOf, RESULT_CATEGORIES, RESULT_STATUS_LABELS } from '../../../domain/inspection/categories';
import { ErrorBodySchema } from '../../http/errors';
import { optionalText, text, uuidField } from '../../http/fields';
import { pageOf, pageQuery } from '../../http/paging';

const choice = <T extends Record<string, string>>(label: string, vocabulary: T) =>
  z.enum(keysOf(vocabulary), { error: `${label}只能是：${Object.entries(vocabulary).map(([k, v]) => `${k}（${v}）`).join('、')}` });

export const checkMethodField = choice('检查方式', CHECK_METHODS);
export const resultCategoryField = choice('检查结果', RESULT_CATEGORIES);
export const disposalField = choice('处置', DISPOSALS);
export const findingField = choice('检查情况', FINDINGS);
export const attachmentKindField = choice('附件类别', ATTACHMENT_KINDS);
export const resultStatusField = choice('结果状态', RESULT_STATUS_LABELS);

/** A client-generated id (a UUID made on the device) that makes a retried call answer the same record. */
export const clientIdField = z.uuid({ error: '客户端编号（clientId）应为设备生成的 UUID' });

export const checkDateField = z.string({ error: '检查日期必须是日期' })
  .refine((v) => parseDateOnly(v).ok, { error: '检查日期应为存在的日期，格式 YYYY-MM-DD' });

export const SignatureInput = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('signed'), signerName: text('签字人姓名', 32) }),
  z.object({ kind: z.literal('refused'), reason: text('拒签原因', 200), witness: text('见证人', 64) }),
], { error: '签字情况应为 {kind: "signed", signerName} 或 {kind: "refused", reason, witness}' });

export const ItemFindingInput = z.object({
  itemId: uuidField('检查事项编号'),
  finding: findingField,
  note: optionalText('检查事项说明', 500),
});

export const ResultInput = z.object({
  checkDate: checkDateField,
  checkMethod: checkMethodField,
  resultCategory: resultCategoryField,
  disposal: disposalField,
  itemFindings: z.array(ItemFindingInput, { error: '检查事项情况应为列表' }).max(500, { error: '检查事项情况最多 500 项' }),
  note: optionalText('备注（情况说明）', 2000),
  /** null: not yet signed (a draft), or nobody to sign (a result completed without a substantive check). */
  signature: SignatureInput.nullable(),
});
export type ResultInput = z.infer<typeof ResultInput>;

export const SaveResultInput = ResultInput.extend({
  /** The version the caller last read; null when no result exists yet. */
  rowVersion: z.number({ error: '版本号（rowVersion）必须是数字或 null' }).int({ error: '版本号（rowVersion）必须是整数' }).min(1, { error: '版本号（rowVersion）从 1 开始' }).nullable(),
});

export const SubmissionInput = z.object({
  clientId: clientIdField,
  taskObjectId: uuidField('检查对象编号'),
  result: ResultInput,
});

export const ObjectParams = z.object({ taskObjectId: uuidField('检查对象编号') });
export const IdParams = z.object({ id: uuidField('编号') });

export const ResultSummary = z.object({ id: z.string(), status: resultStatusField, statusLabel: z.string(), rowVersion: z.number().int(), checkDate: z.string().nullable() });

export const EntityBrief = z.object({ id: z.string(), name: z.string(), creditCode: z.string(), address: z.string().nullable(), regionCode: z.string() });

export const MyObjectRow = z.object({
  taskObjectId: z.string(), taskId: z.string(), taskCode: z.string(), taskName: z.string(), taskStatus: z.string(),
  entity: EntityBrief, isLeader: z.boolean(),
  /** e.g. 张三（组长）、李四 — the active members. */
  teamSummary: z.string(),
  periodStart: z.string(), periodEnd: z.string(),
  /** 待检查 / 已替换 / 已完成无需检查 (task_objects.status). */
  objectStatus: z.string(),
  result: ResultSummary.nullable(),
  /** 录入期限 (曲阳第20条) and 公示期限 (长春第19条), once the check date is known. */
  entryDue: z.string().nullable(), publishDue: z.string().nullable(), dueProvisional: z.boolean(),
});
export type MyObjectRow = z.infer<typeof MyObjectRow>;

/** One item's finding with the item's code and name as they were when entered. */
export const ItemFindingView = z.object({ itemId: z.string(), departmentId: z.string(), code: z.string(), name: z.string(), finding: findingField, findingLabel: z.string(), note: z.string().nullable() });

export const SignatureView = z.union([
  z.object({ kind: z.literal('signed'), signerName: z.string() }),
  z.object({ kind: z.literal('refused'), reason: z.string(), witness: z.string() }),
]);

/** Fields the department may withhold from publication (涉密/国家安全/公共安全, 渝北 四（九）). */
export const WITHHOLDABLE_FIELDS = { note: '备注（情况说明）', itemFindings: '检查事项情况', disposal: '处置' } as const;
export const Withheld = z.object({
  fields: z.array(choice('不予公示的字段', WITHHOLDABLE_FIELDS), { error: '不予公示的字段应为列表' }).min(1, { error: '至少选择一个不予公示的字段' }),
  reason: text('不予公示的理由', 500),
});
export type Withheld = z.infer<typeof Withheld>;

export const ResultView = z.object({
  id: z.string(), taskId: z.string(), taskObjectId: z.string(), taskCode: z.string(), taskName: z.string(),
  entityId: z.string(), entityName: z.string(), creditCode: z.string(),
  departmentId: z.string(), departmentName: z.string(), regionCode: z.string(),
  status: resultStatusField, statusLabel: z.string(),
  checkDate: z.string().nullable(),
  checkMethod: checkMethodField.nullable(), checkMethodLabel: z.string().nullable(),
  resultCategory: resultCategoryField.nullable(), resultCategoryLabel: z.string().nullable(),
  disposal: disposalField.nullable(), disposalLabel: z.string().nullable(),
  itemFindings: z.array(ItemFindingView),
  note: z.string().nullable(),
  signature: SignatureView.nullable(),
  completedWithoutCheck: z.boolean(),
  withheld: Withheld.nullable(),
  enteredByName: z.string().nullable(), submittedByName: z.string().nullable(), submittedAt: z.string().nullable(),
  reviewedByName: z.string().nullable(), reviewedAt: z.string().nullable(), reviewComments: z.string().nullable(),
  publishedByName: z.string().nullable(), publishedAt: z.string().nullable(),
  entryDue: z.string().nullable(), publishDue: z.string().nullable(), dueProvisional: z.boolean(),
  rowVersion: z.number().int(), updatedAt: z.string(),
});
export type ResultView = z.infer<typeof ResultView>;

export const AttachmentView = z.object({
  id: z.string(), taskObjectId: z.string(), kind: attachmentKindField, kindLabel: z.string(), fileName: z.string(), mime: z.string(),
  byteSize: z.number().int(), sha256: z.string(), uploadedAt: z.string(),
});
export type AttachmentView = z.infer<typeof AttachmentView>;

export const ObjectItem = z.object({
  itemId: z.string(), departmentId: z.string(), departmentName: z.string(), code: z.string(), name: z.string(), basis: z.string().nullable(), method: z.string().nullable(),
});
export type ObjectItem = z.infer<typeof ObjectItem>;

export const TeamMemberView = z.object({ name: z.string(), role: z.enum(['leader', 'member', 'expert']), roleLabel: z.string(), departmentName: z.string(), certificateNo: z.string() });

export const ObjectDetail = MyObjectRow.omit({ result: true, entity: true }).extend({
  entity: EntityBrief.extend({ legalRepresentative: z.string().nullable(), industryCode: z.string().nullable(), entityType: z.string(), registrationStatus: z.string() }),
  team: z.array(TeamMemberView),
  /** The checklist items of every participating department for this object (进一次门、查多项事). */
  items: z.array(ObjectItem),
  /** The other tasks' objects of the same joint visit, entered on their own forms. */
  visitObjects: z.array(z.object({ taskObjectId: z.string(), taskCode: z.string(), taskName: z.string() })),
  result: ResultView.nullable(),
  attachments: z.array(AttachmentView),
});
export type ObjectDetail = z.infer<typeof ObjectDetail>;

/** 409 VERSION_CONFLICT carries the newer record. */
export const VersionConflictBody = ErrorBodySchema.extend({ current: ResultView.optional() });

export const AttachmentFields = z.object({ clientId: clientIdField, kind: attachmentKindField });

// ── Department side ──

export const ResultListQuery = z.object({
  status: resultStatusField.optional(),
  taskId: uuidField('任务编号').optional(),
  keyword: z.string().trim().max(100, { error: '关键词不能超过 100 个字符' }).optional(),
  ...pageQuery,
});

export const ResultRow = z.object({
  id: z.string(), taskId: z.string(), taskCode: z.string(), taskName: z.string(), taskObjectId: z.string(),
  entityName: z.string(), creditCode: z.string(), departmentName: z.string(),
  status: resultStatusField, statusLabel: z.string(), checkDate: z.string().nullable(), resultCategoryLabel: z.string().nullable(),
  submittedAt: z.string().nullable(), entryDue: z.string().nullable(), publishDue: z.string().nullable(), dueProvisional: z.boolean(),
  /** Not yet published and past its publication deadline. */
  publishOverdue: z.boolean(),
  pendingCorrection: z.boolean(), rowVersion: z.number().int(),
});
export type ResultRow = z.infer<typeof ResultRow>;
export const ResultPage = pageOf(ResultRow);

export const CorrectionChanges = z.object({
  resultCategory: resultCategoryField.optional(),
  disposal: disposalField.optional(),
  note: optionalText('更正后的备注', 2000),
  itemFindings: z.array(ItemFindingInput, { error: '更正后的检查事项情况应为列表' }).max(500).optional(),
}).refine((c) => c.resultCategory !== undefined || c.disposal !== undefined || c.note !== null || c.itemFindings !== undefined, { error: '更正内容（changes）至少包含一项', path: [] });
export type CorrectionChanges = z.infer<typeof CorrectionChanges>;

export const CorrectionInput = z.object({ reason: text('更正理由', 1000), changes: CorrectionChanges });

export const CorrectionView = z.object({
  id: z.string(), resultId: z.string(), seq: z.number().int(), reason: z.string(),
  changes: z.record(z.string(), z.unknown()),
  /** The corrected values in words (检查结果: 未发现问题 → …). */
  changeLabels: z.array(z.object({ field: z.string(), label: z.string(), value: z.string() })),
  source: z.string(), status: z.enum(['pending', 'approved', 'rejected']), statusLabel: z.string(),
  requestedByName: z.string().nullable(), requestedAt: z.string(), decidedByName: z.string().nullable(), decidedAt: z.string().nullable(),
  decisionComments: z.string().nullable(), rowVersion: z.number().int(),
});
export type CorrectionView = z.infer<typeof CorrectionView>;

export const HistoryEntry = z.object({ at: z.string(), actorName: z.string().nullable(), summary: z.string(), event: z.string().nullable(), reason: z.string().nullable() });

export const ResultDetail = ResultView.extend({
  attachments: z.array(AttachmentView),
  corrections: z.array(CorrectionView),
  history: z.array(HistoryEntry),
  /** The review events this status accepts (for the buttons). */
  allowedEvents: z.array(z.string()),
});
export type ResultDetail = z.infer<typeof ResultDetail>;

const rowVersionField = z.number({ error: '版本号（rowVersion）必须是数字' }).int({ error: '版本号（rowVersion）必须是整数' }).min(1, { error: '版本号（rowVersion）从 1 开始' });
export const ReturnInput = z.object({ rowVersion: rowVersionField, comments: text('退回意见', 1000) });
export const ApproveInput = z.object({ rowVersion: rowVersionField, comments: optionalText('审核意见', 1000), withheld: Withheld.nullable().optional() });
export const PublishInput = z.object({ rowVersion: rowVersionField });
export const BatchPublishInput = z.object({
  ids: z.array(uuidField('检查结果编号'), { error: '检查结果编号（ids）应为列表' }).min(1, { error: '至少选择一条检查结果' }).max(5000, { error: '一次至多公示 5000 条检查结果' }),
});
export const BatchPublishResult = z.object({ published: z.number().int(), ids: z.array(z.string()) });
export const TaskIdParams = z.object({ id: uuidField('抽查任务编号') });
/** 公示本任务全部已通过的检查结果: the count the caller saw, so that a result approved meanwhile is not published unseen. */
export const TaskPublishInput = z.object({
  expected: z.number({ error: '已通过的检查结果条数（expected）应为整数' }).int({ error: '已通过的检查结果条数（expected）应为整数' }).min(1, { error: '已通过的检查结果条数（expected）至少为 1' }),
});
export const TaskPublishResult = z.object({ taskId: z.string(), published: z.number().int() });
export const DecisionInput = z.object({ rowVersion: rowVersionField, comments: optionalText('审批意见', 1000) });

// ── Public ──

export const PublicResultQuery = z.object({
  creditCode: z.string().trim().max(32, { error: '统一社会信用代码不能超过 32 个字符' }).optional(),
  keyword: z.string().trim().max(100, { error: '关键词不能超过 100 个字符' }).optional(),
  ...pageQuery,
});

export const PublicCorrection = z.object({ seq: z.number().int(), reason: z.string(), approvedAt: z.string(), changes: z.array(z.object({ field: z.string(), label: z.string(), value: z.string() })) });

export const PublicResultRow = z.object({
  id: z.string(), taskCode: z.string(), taskName: z.string(), departmentName: z.string(),
  entityName: z.string(), creditCode: z.string(), regionCode: z.string(),
  checkDate: z.string(), checkMethod: z.string(), resultCategory: z.string(),
  /** null when withheld (涉密/国家安全/公共安全). */
  disposal: z.string().nullable(), note: z.string().nullable(),
  itemFindings: z.array(z.object({ code: z.string(), name: z.string(), finding: z.string() })).nullable(),
  withheldFields: z.array(z.string()),
  publishedAt: z.string(),
  corrections: z.array(PublicCorrection),
  /** 后续处置 (server/modules/follow_ups): only whether one exists and 未完结/已完结 — never its notes, receiver or measure. */
  followUp: z.object({ completion: z.enum(['未完结', '已完结']) }).nullable(),
});
export type PublicResultRow = z.infer<typeof PublicResultRow>;
/** totalIsLowerBound: a keyword matched more than the count's cap (server/modules/results/public_routes.ts). */
export const PublicResultPage = pageOf(PublicResultRow).extend({ totalIsLowerBound: z.boolean().optional() });

// ── Settings ──

export const RegionParams = z.object({ regionCode: z.string().regex(/^\d{6}$/, { error: '行政区划代码应为 6 位数字' }) });
export const ResultSettings = z.object({
  regionCode: z.string(),
  entryWorkingDays: z.number().int(),
  publishWorkingDays: z.number().int(),
});
export const ResultSettingsInput = z.object({
  entryWorkingDays: z.number({ error: '录入期限必须是数字' }).int({ error: '录入期限必须是整数' }).min(1, { error: '录入期限至少 1 个工作日' }).max(20, { error: '录入期限不超过 20 个工作日' }),
  publishWorkingDays: z.number({ error: '公示期限必须是数字' }).int({ error: '公示期限必须是整数' }).min(1, { error: '公示期限至少 1 个工作日' }).max(20, { error: '公示期限不超过 20 个工作日（长春第19条）' }),
});
