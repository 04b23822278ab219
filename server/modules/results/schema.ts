/**
 * TEMPORARY STAND-IN (workbench branch): the results engineer owns this file (worktree /work/wt/results); this copy
 * follows /work/notes/results_contract.md only so the web types check. The integrator replaces it with theirs.
 */
import { z } from 'zod';
import { ATTACHMENT_KINDS, CHECK_METHODS, DISPOSALS, FINDINGS, keysOf, RESULT_CATEGORIES, RESULT_STATUS_LABELS } from '../../../domain/inspection/categories';

export const CheckMethodField = z.enum(keysOf(CHECK_METHODS));
export const ResultCategoryField = z.enum(keysOf(RESULT_CATEGORIES));
export const DisposalField = z.enum(keysOf(DISPOSALS));
export const FindingField = z.enum(keysOf(FINDINGS));
export const ResultStatusField = z.enum(keysOf(RESULT_STATUS_LABELS));
export const AttachmentKindField = z.enum(keysOf(ATTACHMENT_KINDS));
export type ResultStatus = z.infer<typeof ResultStatusField>;

export const Signature = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('signed'), signerName: z.string() }),
  z.object({ kind: z.literal('refused'), reason: z.string(), witness: z.string() }),
]);
export type Signature = z.infer<typeof Signature>;

export const ItemFinding = z.object({ itemId: z.string(), finding: FindingField, note: z.string().optional() });
export type ItemFinding = z.infer<typeof ItemFinding>;

export const ResultInput = z.object({
  checkDate: z.string(), checkMethod: CheckMethodField, resultCategory: ResultCategoryField, disposal: DisposalField,
  itemFindings: z.array(ItemFinding), note: z.string().optional(), signature: Signature.nullable().optional(),
});
export type ResultInput = z.infer<typeof ResultInput>;
export const SaveResultInput = ResultInput.extend({ rowVersion: z.number().int().nullable() });
export const SubmissionInput = z.object({ clientId: z.uuid(), taskObjectId: z.uuid(), result: ResultInput });
export type SubmissionInput = z.infer<typeof SubmissionInput>;

export const ResultSummary = z.object({ id: z.string(), status: ResultStatusField, rowVersion: z.number().int(), checkDate: z.string().nullable() });

export const MyObjectRow = z.object({
  taskObjectId: z.string(), taskId: z.string(), taskCode: z.string(), taskName: z.string(),
  entity: z.object({ id: z.string(), name: z.string(), creditCode: z.string(), address: z.string().nullable(), regionCode: z.string() }),
  isLeader: z.boolean(), teamSummary: z.string(), periodEnd: z.string(), result: ResultSummary.nullable(),
  entryDue: z.string().nullable(), publishDue: z.string().nullable(),
});
export type MyObjectRow = z.infer<typeof MyObjectRow>;
export const MyObjectsView = z.object({ rows: z.array(MyObjectRow) });
export type MyObjectsView = z.infer<typeof MyObjectsView>;

export const AttachmentView = z.object({
  id: z.string(), kind: AttachmentKindField, fileName: z.string(), mime: z.string(), byteSize: z.number().int(), sha256: z.string(), uploadedAt: z.string(),
});
export type AttachmentView = z.infer<typeof AttachmentView>;

export const ResultView = z.object({
  id: z.string(), taskObjectId: z.string(), taskId: z.string(), status: ResultStatusField, rowVersion: z.number().int(),
  checkDate: z.string().nullable(), checkMethod: CheckMethodField.nullable(), resultCategory: ResultCategoryField.nullable(), disposal: DisposalField.nullable(),
  itemFindings: z.array(ItemFinding), note: z.string().nullable(), signature: Signature.nullable(), completedWithoutCheck: z.boolean(),
  entryDue: z.string().nullable(), publishDue: z.string().nullable(), dueProvisional: z.boolean(),
  submittedAt: z.string().nullable(), submittedByName: z.string().nullable(), reviewComments: z.string().nullable(),
  reviewedAt: z.string().nullable(), publishedAt: z.string().nullable(),
});
export type ResultView = z.infer<typeof ResultView>;

export const ObjectItem = z.object({
  itemId: z.string(), departmentId: z.string(), departmentName: z.string(), code: z.string(), name: z.string(), basis: z.string().nullable(), method: z.string().nullable(),
});
export type ObjectItem = z.infer<typeof ObjectItem>;

export const ObjectDetail = MyObjectRow.extend({
  entity: MyObjectRow.shape.entity.extend({ legalRepresentative: z.string().nullable(), industry: z.string().nullable() }),
  team: z.array(z.object({ name: z.string(), role: z.string(), departmentName: z.string(), certificateNo: z.string() })),
  items: z.array(ObjectItem), result: ResultView.nullable(), attachments: z.array(AttachmentView),
});
export type ObjectDetail = z.infer<typeof ObjectDetail>;

export const ResultRow = z.object({
  id: z.string(), taskObjectId: z.string(), taskId: z.string(), taskCode: z.string(), taskName: z.string(), entityName: z.string(), creditCode: z.string(),
  status: ResultStatusField, checkDate: z.string().nullable(), resultCategory: ResultCategoryField.nullable(), submittedAt: z.string().nullable(),
  entryDue: z.string().nullable(), publishDue: z.string().nullable(), rowVersion: z.number().int(),
});
export type ResultRow = z.infer<typeof ResultRow>;

export const CorrectionView = z.object({
  id: z.string(), seq: z.number().int(), reason: z.string(), changes: z.record(z.string(), z.unknown()), source: z.string(),
  status: z.enum(['pending', 'approved', 'rejected']), requestedByName: z.string(), requestedAt: z.string(),
  decidedByName: z.string().nullable(), decidedAt: z.string().nullable(), decisionComments: z.string().nullable(), rowVersion: z.number().int(),
});
export type CorrectionView = z.infer<typeof CorrectionView>;

export const HistoryEntry = z.object({ at: z.string(), actorName: z.string().nullable(), action: z.string(), comments: z.string().nullable() });
export type HistoryEntry = z.infer<typeof HistoryEntry>;

export const ResultDetail = ResultView.extend({
  taskCode: z.string(), taskName: z.string(), entityName: z.string(), creditCode: z.string(), items: z.array(ObjectItem),
  attachments: z.array(AttachmentView), corrections: z.array(CorrectionView), history: z.array(HistoryEntry),
});
export type ResultDetail = z.infer<typeof ResultDetail>;

export const CorrectionInput = z.object({
  reason: z.string(),
  changes: z.object({ resultCategory: ResultCategoryField.optional(), disposal: DisposalField.optional(), note: z.string().optional(), itemFindings: z.array(ItemFinding).optional() }),
});
export type CorrectionInput = z.infer<typeof CorrectionInput>;
