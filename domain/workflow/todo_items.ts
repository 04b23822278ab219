/**
 * 待办 beyond the workflow records (issue #8 「give each role a 待办 list built from what is due for it」): the 执法证 of
 * the caller's inspectors that expired or expire soon, and the caller's department's 两库确认 that is missing, stale
 * or about to lapse. Merged with dueItems (due_items.ts) into one list, each item with its urgency for the
 * traffic light: 逾期 (red), due within 3 working days (orange), otherwise green.
 */
import { addDays, type DateOnly } from '../calendar/civil_date';
import { addWorkingDays, type WorkingDayCalendar } from '../calendar/working_days';
import type { DirectoryFreshness } from '../directory/freshness';
import { REPLACEMENT_REASONS } from '../matching/replace';
import { certificateDaysLeft } from '../directory/inspector';
import type { DueItem, DueItemKind } from './due_items';

export type TodoKind = DueItemKind | 'certificate_expired' | 'certificate_expiring' | 'directory_confirmation' | 'dispatch_confirmation' | 'replacement_approval' | 'recusal_approval'
  // 检查结果 (domain/inspection/todo_items.ts)
  | 'result_entry' | 'result_review' | 'result_publish' | 'correction_approval'
  // 后续处置 (domain/inspection/follow_up_todos.ts)
  | 'follow_up_accept' | 'follow_up_overdue'
  // 异议与复核 (domain/inspection/objection_todos.ts)
  | 'objection_review' | 'objection_feedback';
export type TodoRecordType = DueItem['recordType'] | 'inspector' | 'inspectors' | 'directory' | 'dispatch' | 'recusal' | 'inspection_object' | 'inspection_results' | 'inspection_result'
  | 'follow_up' | 'objection';
export type TodoUrgency = 'overdue' | 'soon' | 'normal';

export interface TodoItem {
  readonly kind: TodoKind;
  readonly recordType: TodoRecordType;
  readonly recordId: string;
  readonly title: string;
  readonly dueOn: DateOnly | null;
  readonly overdue: boolean;
  readonly provisional: boolean;
  readonly source: string;
}

/** A 执法证 expiring within this many calendar days shows as a 待办 (the inspector list's 「即将到期」 window). */
export const CERTIFICATE_WARN_DAYS = 30;
/** Up to this many certificates of one state are listed one by one; more become one item with the count. */
export const CERTIFICATE_LIST_LIMIT = 3;
/** A 两库确认 shows as a 待办 this many calendar days before it lapses. */
export const CONFIRMATION_WARN_DAYS = 7;
/** Orange in the traffic light: due within this many working days. */
export const SOON_WORKING_DAYS = 3;

export interface CertificateFact {
  readonly inspectorId: string;
  readonly name: string;
  readonly departmentName: string;
  readonly certificateNo: string;
  readonly validUntil: DateOnly;
}

/** 长春第13条, 威海第6条: only inspectors with a valid certificate (具备执法资格) take part. */
const CERTIFICATE_RULE = '执法证有效方可参与抽查与检查';

/** How many certificates of the caller's scope are expired and expiring (the facts list only the earliest few of each). */
export interface CertificateTotals {
  readonly expired: number;
  readonly expiring: number;
}

/**
 * 威海第6条, 长春第13条: only holders of a valid 执法证 may inspect — expired and soon-expiring certificates to renew.
 * Each listed one by one up to {@link CERTIFICATE_LIST_LIMIT}; beyond that, one item with the count and the earliest
 * date, linking to the inspector list filtered by that state.
 */
export function certificateItems(facts: readonly CertificateFact[], totals: CertificateTotals, today: DateOnly, warnDays = CERTIFICATE_WARN_DAYS): TodoItem[] {
  const expired = facts.filter((f) => certificateDaysLeft(f.validUntil, today) < 0);
  const expiring = facts.filter((f) => { const left = certificateDaysLeft(f.validUntil, today); return left >= 0 && left <= warnDays; });
  const one = (f: CertificateFact, isExpired: boolean): TodoItem => ({
    kind: isExpired ? 'certificate_expired' : 'certificate_expiring', recordType: 'inspector', recordId: f.inspectorId,
    title: isExpired
      ? `执法证已过期，须续期或调整在岗状态：${f.name}（${f.departmentName}，证号 ${f.certificateNo}，有效期至 ${f.validUntil}）`
      : `执法证将于 ${f.validUntil} 到期：${f.name}（${f.departmentName}，证号 ${f.certificateNo}）`,
    dueOn: f.validUntil, overdue: isExpired, provisional: false, source: CERTIFICATE_RULE,
  });
  const group = (list: readonly CertificateFact[], total: number, isExpired: boolean): TodoItem[] => {
    const [first] = list;
    if (total <= CERTIFICATE_LIST_LIMIT || first === undefined) return list.map((f) => one(f, isExpired));
    return [{
      kind: isExpired ? 'certificate_expired' : 'certificate_expiring', recordType: 'inspectors', recordId: isExpired ? 'expired' : 'expiring',
      title: isExpired
        ? `${total} 名执法检查人员的执法证已过期（最早于 ${first.validUntil}），须续期或调整在岗状态`
        : `${total} 名执法检查人员的执法证将在 ${warnDays} 天内到期（最早 ${first.validUntil}）`,
      dueOn: first.validUntil, overdue: isExpired, provisional: false, source: CERTIFICATE_RULE,
    }];
  };
  return [...group(expired, totals.expired, true), ...group(expiring, totals.expiring, false)];
}

/**
 * 长春第7条: 「每次组织抽查活动前必须对“两库”进行更新确认」 — a directory never confirmed, or whose confirmation is older
 * than the configured age, is overdue; one lapsing within {@link CONFIRMATION_WARN_DAYS} days is due.
 */
export function confirmationItems(
  department: { readonly id: string; readonly name: string }, states: readonly DirectoryFreshness[], maxAgeDays: number, today: DateOnly,
): TodoItem[] {
  return states.flatMap((s): TodoItem[] => {
    const base = { kind: 'directory_confirmation' as const, recordType: 'directory' as const, recordId: `${department.id}:${s.directory}`, provisional: false, source: '抽查前须更新并确认两库' }; // 长春第7条
    if (s.lastConfirmedOn === null) return [{ ...base, title: `${department.name}的${s.label}尚未确认，确认后方可抽取`, dueOn: null, overdue: true }];
    const lapses = addDays(s.lastConfirmedOn, maxAgeDays);
    if (s.status === 'stale') return [{ ...base, title: `${department.name}的${s.label}确认已超过 ${maxAgeDays} 天（最近一次 ${s.lastConfirmedOn}），须重新确认`, dueOn: lapses, overdue: true }];
    if (addDays(today, CONFIRMATION_WARN_DAYS) < lapses) return [];
    return [{ ...base, title: `${department.name}的${s.label}确认将于 ${lapses} 后失效，请及时更新确认`, dueOn: lapses, overdue: false }];
  });
}

/** The traffic light of an item: overdue, due within {@link SOON_WORKING_DAYS} working days of `today`, or normal. */
export function urgencyOf(item: Pick<TodoItem, 'overdue' | 'dueOn'>, today: DateOnly, calendar: WorkingDayCalendar): TodoUrgency {
  if (item.overdue) return 'overdue';
  if (item.dueOn !== null && item.dueOn <= addWorkingDays(today, SOON_WORKING_DAYS, calendar).date) return 'soon';
  return 'normal';
}

/** Overdue first, then by due date (undated last); otherwise the given order (stable). */
export function sortTodos<T extends Pick<TodoItem, 'overdue' | 'dueOn'>>(items: readonly T[]): T[] {
  return [...items].sort((a, b) => Number(b.overdue) - Number(a.overdue) || (a.dueOn ?? '9999').localeCompare(b.dueOn ?? '9999'));
}

/** A dispatch of a task the caller's department has not confirmed yet (server/modules/dispatch/due.ts). */
export interface DispatchDueFact {
  readonly taskId: string;
  readonly taskCode: string;
  readonly taskName: string;
  readonly dueDate: DateOnly;
  readonly dueProvisional: boolean;
  readonly overdue: boolean;
}

/** A replacement request of the caller's department awaiting its head (server/modules/dispatch/due.ts). */
export interface ReplacementDueFact {
  readonly replacementId: string;
  readonly taskId: string;
  readonly taskCode: string;
  readonly taskName: string;
  readonly reason: string;
}

/** 曲阳第17条: a participating department confirms receipt of the dispatched objects within the configured working days. */
export function dispatchItems(facts: readonly DispatchDueFact[]): TodoItem[] {
  return facts.map((f) => ({
    kind: 'dispatch_confirmation', recordType: 'dispatch', recordId: f.taskId,
    title: `确认接收派发的检查对象：${f.taskName}（${f.taskCode}）${f.overdue ? '，已逾期' : ''}`,
    dueOn: f.dueDate, overdue: f.overdue, provisional: f.dueProvisional, source: '参与部门须在规定工作日内确认接收派发的检查对象', // 曲阳第17条
  }));
}

/** 长春第13条: the department head decides on a request to replace an inspector (no deadline set by the rules). */
export function replacementItems(facts: readonly ReplacementDueFact[]): TodoItem[] {
  return facts.map((f) => ({
    kind: 'replacement_approval', recordType: 'dispatch', recordId: f.taskId,
    title: `审批检查人员替换申请：${f.taskName}（${f.taskCode}），理由：${(REPLACEMENT_REASONS as Record<string, string>)[f.reason] ?? f.reason}`,
    dueOn: null, overdue: false, provisional: false, source: '检查人员回避或替换须经部门负责人同意', // 长春第13条
  }));
}

/** A 回避申请 the caller may decide (server/modules/recusal_applications). */
export interface RecusalDueFact {
  readonly id: string;
  readonly inspectorName: string;
  readonly entityName: string;
  readonly taskName: string | null;
}

/** 威海第6条、长春第13条: the head decides an inspector's application to be recused (no deadline set by the rules). */
export function recusalItems(facts: readonly RecusalDueFact[]): TodoItem[] {
  return facts.map((f) => ({
    kind: 'recusal_approval', recordType: 'recusal', recordId: f.id,
    title: `审批回避申请：${f.inspectorName} 申请回避「${f.entityName}」${f.taskName ? `（${f.taskName}）` : ''}`,
    dueOn: null, overdue: false, provisional: false, source: '执法检查人员与检查对象有利害关系的应当回避，由部门负责人审批', // 威海第6条、长春第13条
  }));
}
