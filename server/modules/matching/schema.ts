import { z } from 'zod';
import { REPLACEMENT_REASON_KEYS } from '../../../domain/matching/replace';
import { optionalText, text, uuidField } from '../../http/fields';
import { TaskObjectRow } from '../dispatch/schema';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** 直接委派 (威海第6条): an inspector appointed to one object instead of drawn; allowed only where the approved task declares it. */
export const Appointment = z.object({ taskObjectId: uuidField('检查对象'), inspectorId: uuidField('委派的检查人员') });

/** An inspector the lead department may appoint directly: on duty, of the task's lead or participating departments. */
export const AppointmentCandidate = z.object({
  id: z.string(), name: z.string(), departmentId: z.string(), departmentName: z.string(), certificateNo: z.string(), certificateValidUntil: z.string().nullable(),
});
export type AppointmentCandidate = z.infer<typeof AppointmentCandidate>;

export const MatchingRunInput = z.object({
  inspectionDate: z.string({ error: '检查日期必须是文本' }).regex(DATE, { error: '检查日期应为 YYYY-MM-DD' }).optional(),
  appointments: z.array(Appointment, { error: '直接委派应为数组' }).max(500, { error: '直接委派最多 500 项' }).optional(),
});

/** An expert of the expert directory (专家库) drawn onto an object's team. */
export const TeamExpertRow = z.object({
  teamExpertId: z.string(), taskObjectId: z.string(), expertId: z.string(), name: z.string(), organisation: z.string(), specialty: z.string(), departmentId: z.string(), departmentName: z.string(),
  /** false once replaced (kept to show who left). */
  active: z.boolean(),
});
export type TeamExpertRow = z.infer<typeof TeamExpertRow>;

export const LoadRow = z.object({ inspectorId: z.string(), name: z.string(), departmentName: z.string(), objects: z.number().int() });

export const MatchingSummary = z.object({
  recordId: z.string(), recordHash: z.string(), seedMatch: z.string(), inspectorPoolHash: z.string(), inspectionDate: z.string(),
  createdAt: z.string(), publishedAt: z.string().nullable(), loads: z.array(LoadRow), objects: z.array(TaskObjectRow),
  /** Members appointed directly (直接委派), by team member id; experts drawn per object. */
  appointedMemberIds: z.array(z.string()), experts: z.array(TeamExpertRow),
});
export type MatchingSummary = z.infer<typeof MatchingSummary>;

/** The 422 answer when no valid assignment exists: one detail per department (field = department name). */
export const MatchingRefusal = z.object({
  code: z.string(), message: z.string(), details: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
});

export const PublicMatching = z.object({
  taskCode: z.string(), taskName: z.string(), recordHash: z.string(), seedMatch: z.string(), inspectorPoolHash: z.string(), inspectionDate: z.string(),
  publishedAt: z.string(), replacements: z.number().int(),
  teams: z.array(z.object({
    entityCode: z.string(), entityName: z.string(),
    members: z.array(z.object({
      name: z.string(), certificateNo: z.string(), departmentName: z.string(), role: z.enum(['leader', 'member', 'expert']),
      /** 直接委派 rather than drawn. */
      appointed: z.boolean(),
    }).strict()),
  }).strict()),
}).strict();
export type PublicMatching = z.infer<typeof PublicMatching>;

export const PublicTaskParams = z.object({ taskId: uuidField('任务编号') });
export const ReplacementParams = z.object({ id: uuidField('替换申请编号') });

export const ReplacementRequestInput = z.object({
  teamMemberId: uuidField('被替换人员'),
  reason: z.enum(REPLACEMENT_REASON_KEYS, { error: '替换原因只能是岗位调整、工作冲突、健康状况或执法回避' }),
  note: optionalText('说明', 500),
});
/** Replacement of an expert drawn onto a team (专家库): the same four grounds; the engine chooses from the 专家库. */
export const ExpertReplacementInput = z.object({
  teamExpertId: uuidField('被替换专家'),
  reason: z.enum(REPLACEMENT_REASON_KEYS, { error: '替换原因只能是岗位调整、工作冲突、健康状况或执法回避' }),
  note: optionalText('说明', 500),
});
export const ReplacementDecisionInput = z.object({
  rowVersion: z.number({ error: '版本号必须是数字' }).int({ error: '版本号必须是整数' }).min(1, { error: '版本号必须为正' }),
});
export const ReplacementRejectInput = ReplacementDecisionInput.extend({ comment: text('不同意的理由', 500, 2) });
export const GoneObjectInput = z.object({ note: optionalText('说明', 500) });

export const REPLACEMENT_STATUS_LABELS = { pending: '待审批', approved: '已替换', rejected: '未同意', applied: '已处理' } as const;

export const ReplacementRow = z.object({
  id: z.string(), taskId: z.string(), seq: z.number().int(), kind: z.enum(['inspector', 'object', 'expert']), kindLabel: z.string(),
  reason: z.string(), reasonLabel: z.string(), note: z.string().nullable(), status: z.string(), statusLabel: z.string(), rowVersion: z.number().int(),
  departmentName: z.string(), entityName: z.string().nullable(), leavingName: z.string().nullable(), chosenName: z.string().nullable(),
  requestedByName: z.string(), requestedAt: z.string(), decidedByName: z.string().nullable(), decidedAt: z.string().nullable(),
  outcome: z.record(z.string(), z.unknown()).nullable(), canDecide: z.boolean(),
});
export type ReplacementRow = z.infer<typeof ReplacementRow>;
