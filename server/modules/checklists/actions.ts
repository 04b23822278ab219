/**
 * Who may change or delete a 抽查事项清单, as one answer for the list (greyed-out 修改/删除) and
 * for the routes (403/409): the routes refuse with exactly these reasons.
 */
import type { RowActions } from '../../http/row_actions';

export interface ChecklistFacts {
  readonly name: string;
  readonly departmentName: string | null;
  readonly regionName: string;
  /** Inside the caller's data scope and of a kind the caller maintains (`editableWhere`). */
  readonly canEdit: boolean;
  /** Some version was ever published (现行, 已废止 or 已撤回). */
  readonly everPublished: boolean;
}

/** A list maintained by another department or office is read-only: its published versions only. */
export function editRefusal(list: ChecklistFacts): string | null {
  return list.canEdit ? null : `《${list.name}》由${list.departmentName ?? `${list.regionName}双随机办`}维护，您只能查看已发布的版本`;
}

/** 长春第6条: plans and tasks may cite a published list, so once published it is revised (废), never deleted. */
export function publishedRefusal(list: ChecklistFacts): string | null {
  return list.everPublished ? `《${list.name}》已发布过，计划和任务可能引用了它，不能删除；如某些事项不再执行，请修订后发布新版本（废）` : null;
}

export function checklistActions(list: ChecklistFacts): RowActions {
  return { edit: editRefusal(list), delete: editRefusal(list) ?? publishedRefusal(list) };
}
