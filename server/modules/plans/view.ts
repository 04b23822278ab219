/** Plan rows and details as the API answers them (names, current step, the caller's allowed actions). */
import { calendarForRegion } from '../../../domain/calendar/regional_calendar';
import { adjustmentDeadline } from '../../../domain/workflow/plan_states';
import type { PlanContent } from '../../../domain/workflow/task_spec';
import type { Db } from '../../db/database';
import { notFound } from '../../http/errors';
import type { AuthContext } from '../../http/request_context';
import { shanghaiDate } from '../../http/today';
import { calendarCacheFor } from '../calendar/cache';
import { planActions } from './actions';
import { planOfRow, type PlanRecord } from './domain_map';
import type { PlanContentSchema, PlanDetail, PlanRow } from './schema';
import { departmentNames, getPlanRecord, listApprovalRows, loadContent } from './store';

export function rowOf(record: PlanRecord, names: ReadonlyMap<string, string>, auth: AuthContext, now: Date, content: PlanContent | null): PlanRow {
  const plan = planOfRow(record);
  return {
    id: record.id, kind: plan.kind, year: record.year, name: record.name, leadDepartmentId: record.leadDepartmentId,
    leadDepartmentName: names.get(record.leadDepartmentId) ?? '',
    participatingDepartments: record.participatingDepartmentIds.map((id) => ({ id, name: names.get(id) ?? '' })),
    regionCode: record.regionCode, status: plan.status, stepIndex: record.stepIndex,
    currentStep: plan.status === 'in_review' ? plan.chain.steps[plan.stepIndex]?.label ?? null : null,
    version: record.version, publishedVersion: record.publishedVersion, adjusting: plan.adjustment !== null,
    rowVersion: record.rowVersion, updatedAt: record.updatedAt.toISOString(),
    actions: planActions(plan, auth, shanghaiDate(now), content),
  };
}

export async function rowsOf(db: Db, records: readonly PlanRecord[], auth: AuthContext, now: Date): Promise<PlanRow[]> {
  const names = await departmentNames(db, records.flatMap((r) => [r.leadDepartmentId, ...r.participatingDepartmentIds]));
  return records.map((r) => rowOf(r, names, auth, now, null));
}

export async function visiblePlan(db: Db, auth: AuthContext, id: string): Promise<PlanRecord> {
  const record = await getPlanRecord(db, auth.scope, id);
  if (!record) throw notFound('年度抽查计划');
  return record;
}

export async function detailOf(db: Db, record: PlanRecord, auth: AuthContext, now: Date): Promise<PlanDetail> {
  const plan = planOfRow(record);
  const content = await loadContent(db, record.id, record.version);
  if (!content) throw new Error(`plan ${record.id} has no version ${record.version}`);
  const published = record.publishedVersion !== null && record.publishedVersion !== record.version ? await loadContent(db, record.id, record.publishedVersion) : null;
  const names = await departmentNames(db, [record.leadDepartmentId, ...record.participatingDepartmentIds]);
  let adjustment: PlanDetail['adjustment'] = null;
  if (plan.adjustment) {
    const snapshot = await calendarCacheFor(db).current();
    const deadline = adjustmentDeadline(plan, calendarForRegion(snapshot.set, plan.regionCode));
    adjustment = { reason: plan.adjustment.reason, startedOn: plan.adjustment.startedOn, deadline: deadline?.date ?? null, provisional: deadline?.provisional ?? false };
  }
  return {
    ...rowOf(record, names, auth, now, content),
    chain: { ...plan.chain, steps: [...plan.chain.steps] },
    content: content as PlanContentSchema,
    publishedContent: (published as PlanContentSchema | null) ?? null,
    returnComments: record.returnComments, voidReason: record.voidReason, adjustment,
    approvals: await listApprovalRows(db, record.id),
  };
}
