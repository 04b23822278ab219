/**
 * 回避申请 (issue #8 item 8): the shapes of the applications an inspector makes and the head decides. The web imports
 * its types from here.
 */
import { z } from 'zod';
import { pageOf, pageQuery } from '../../http/paging';
import { text, uuidField } from '../../http/fields';

export const RECUSAL_APPLICATION_STATUSES = ['pending', 'approved', 'rejected'] as const;
export type RecusalApplicationStatus = (typeof RECUSAL_APPLICATION_STATUSES)[number];
export const RECUSAL_APPLICATION_STATUS_LABELS: Readonly<Record<RecusalApplicationStatus, string>> = { pending: '待审批', approved: '已同意', rejected: '不同意' };

export const RecusalApplicationInput = z.object({
  /** The inspector applying; null = the caller's own record (inspectors.user_id). A 部门管理员 names one of its department. */
  inspectorId: uuidField('执法检查人员编号').nullable().default(null),
  /** An entity of the directory… */
  entityId: z.number({ error: '检查对象编号必须是数字' }).int().positive({ error: '检查对象编号不正确' }).nullable().default(null),
  /** …or a place in the team of an already matched task (its entity is the object of that team). */
  teamMemberId: uuidField('检查任务分工编号').nullable().default(null),
  reason: text('回避理由', 200, 2),
}).superRefine((value, ctx) => {
  if ((value.entityId === null) === (value.teamMemberId === null)) {
    ctx.addIssue({ code: 'custom', path: ['entityId'], message: '请选择一个检查对象或一项已分配的检查任务（二选一）' });
  }
});
export type RecusalApplicationInput = z.infer<typeof RecusalApplicationInput>;

export const RecusalDecisionInput = z.object({
  rowVersion: z.number({ error: '版本号必须是数字' }).int({ error: '版本号必须是整数' }).min(1, { error: '版本号必须为正' }),
  comment: z.union([text('审批意见', 200, 0), z.null()]).optional().transform((v) => (v ? v : null)),
});
export const RecusalRejectInput = RecusalDecisionInput.extend({ comment: text('不同意的理由', 200, 2) });

export const RecusalApplicationQuery = z.object({
  ...pageQuery,
  status: z.enum(RECUSAL_APPLICATION_STATUSES, { error: '状态只能是 pending（待审批）、approved（已同意）或 rejected（不同意）' }).optional(),
});
export type RecusalApplicationQuery = z.infer<typeof RecusalApplicationQuery>;

export const RecusalApplicationRow = z.object({
  id: z.string(),
  inspectorId: z.string(),
  inspectorName: z.string(),
  certificateNo: z.string(),
  departmentId: z.string(),
  departmentName: z.string(),
  entityId: z.number().int(),
  entityCode: z.string(),
  entityName: z.string(),
  teamMemberId: z.string().nullable(),
  taskId: z.string().nullable(),
  taskName: z.string().nullable(),
  reason: z.string(),
  status: z.enum(RECUSAL_APPLICATION_STATUSES),
  statusLabel: z.string(),
  appliedByName: z.string(),
  appliedAt: z.string(),
  decidedByName: z.string().nullable(),
  decidedAt: z.string().nullable(),
  decisionComment: z.string().nullable(),
  replacementId: z.string().nullable(),
  rowVersion: z.number().int(),
  /** Null when the caller may decide now, else why not (the same check the decide routes run). */
  decideRefusal: z.string().nullable(),
});
export type RecusalApplicationRow = z.infer<typeof RecusalApplicationRow>;
export const RecusalApplicationPage = pageOf(RecusalApplicationRow);

/** What the applicant may choose from: the caller's inspector record and its places in matched teams. */
export const RecusalAssignment = z.object({
  teamMemberId: z.string(), taskId: z.string(), taskName: z.string(), taskCode: z.string(), entityId: z.number().int(), entityName: z.string(), entityCode: z.string(),
});
export type RecusalAssignment = z.infer<typeof RecusalAssignment>;
export const RecusalApplicantQuery = z.object({ inspectorId: uuidField('执法检查人员编号').optional() });
export const RecusalEntityQuery = RecusalApplicantQuery.extend({ keyword: z.string().trim().min(2, { error: '请至少输入 2 个字' }).max(100) });
export const RecusalApplicant = z.object({
  inspectorId: z.string(), inspectorName: z.string(), certificateNo: z.string(), assignments: z.array(RecusalAssignment),
});
export type RecusalApplicant = z.infer<typeof RecusalApplicant>;
export const RecusalApplicationParams = z.object({ id: uuidField('回避申请编号') });
