import { z } from 'zod';
import { pageOf, pageQuery } from '../../http/paging';

const dateFilter = (label: string) => z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: `${label}应为 YYYY-MM-DD 日期` });

export const OperationLogRow = z.object({
  seq: z.number().int(),
  at: z.string(),
  actorId: z.string().nullable(),
  actorName: z.string().nullable(),
  /** The actor's department as it is named now (null for an anonymous caller, the system, or a user without one). */
  actorDepartmentName: z.string().nullable(),
  action: z.string(),
  /** Chinese names (domain/labels/codes.ts); an unknown code reads「其他（CODE）」. */
  actionLabel: z.string(),
  summary: z.string(),
  targetType: z.string().nullable(),
  targetTypeLabel: z.string().nullable(),
  targetId: z.string().nullable(),
  outcome: z.enum(['success', 'failure']),
  errorCode: z.string().nullable(),
  errorLabel: z.string().nullable(),
  /** What happened, in one sentence (domain/labels/operation_sentence.ts). */
  sentence: z.string(),
  ip: z.string().nullable(),
  method: z.string(),
  path: z.string(),
  detail: z.record(z.string(), z.unknown()),
  events: z.array(z.object({ type: z.string(), label: z.string() })),
  /** For the first refusal of a minute that was counted (anonymous or 429): how many such refusals there were, this one included. */
  refusalCount: z.number().int().nullable(),
  hash: z.string(),
});
export type OperationLogRow = z.infer<typeof OperationLogRow>;
export const OperationLogPage = pageOf(OperationLogRow);
export const OperationLogFilters = z.object({
  actorName: z.string().trim().max(64).optional(),
  summary: z.string().trim().max(100).optional(),
  outcome: z.enum(['success', 'failure']).optional(),
  from: dateFilter('开始日期').optional(),
  to: dateFilter('结束日期').optional(),
});
export const OperationLogQuery = OperationLogFilters.extend(pageQuery);
export type OperationLogQuery = z.infer<typeof OperationLogQuery>;

export const LoginLogRow = z.object({
  id: z.number().int(),
  at: z.string(),
  account: z.string(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  outcome: z.enum(['success', 'failure', 'locked', 'throttled', 'logout']),
  reason: z.string().nullable(),
});
export type LoginLogRow = z.infer<typeof LoginLogRow>;
export const LoginLogPage = pageOf(LoginLogRow);
export const LoginLogFilters = z.object({
  account: z.string().trim().max(64).optional(),
  ip: z.string().trim().max(64).optional(),
  outcome: z.enum(['success', 'failure', 'locked', 'throttled', 'logout']).optional(),
  from: dateFilter('开始日期').optional(),
  to: dateFilter('结束日期').optional(),
});
export const LoginLogQuery = LoginLogFilters.extend(pageQuery);
export type LoginLogQuery = z.infer<typeof LoginLogQuery>;

/** The comparison with the checkpoints kept in the database (null when there are none, or no key). */
const StoredCheckpointCheck = z.object({
  checked: z.number().int(),
  anchoredSeq: z.number().int(),
  findings: z.array(z.object({ seq: z.number().int(), problem: z.enum(['signature', 'missing', 'mismatch']), message: z.string() })),
}).nullable();
export const ChainReportSchema = z.union([
  z.object({ ok: z.literal(true), rows: z.number().int(), head: z.string(), checkpoints: StoredCheckpointCheck }),
  z.object({ ok: z.literal(false), rows: z.number().int(), seq: z.number().int(), problem: z.enum(['edited', 'deleted', 'reordered']), message: z.string(), checkpoints: StoredCheckpointCheck }),
]);

/** One signed checkpoint, exactly in the `suiji-checkpoint/1` format (domain/audit/checkpoint.ts). */
export const CheckpointSchema = z.object({
  format: z.literal('suiji-checkpoint/1'),
  seq: z.number().int(),
  headHash: z.string(),
  at: z.string(),
  keyId: z.string(),
  signature: z.string(),
});
export const CheckpointPage = pageOf(CheckpointSchema);
export const CheckpointListQuery = z.object(pageQuery);
export const CheckpointKeyInfo = z.object({
  algorithm: z.literal('Ed25519'),
  keyId: z.string(),
  publicKeyPem: z.string(),
  publicKeyBase64: z.string(),
});
