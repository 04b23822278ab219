/**
 * What the checklist routes share: the two kinds of list (department / joint) with their URL and
 * permissions, the caller as a {@link ChecklistViewer}, and the lookups that answer 404 (not visible)
 * or 403 (visible, but maintained by someone else).
 */
import type { Permission } from '../../../domain/access/permissions';
import { inheritanceIssues } from '../../../domain/checklist/district';
import type { ChecklistKind, ChecklistNode, IdentifiedNode } from '../../../domain/checklist/types';
import { validateChecklistTree, type ChecklistIssue } from '../../../domain/checklist/validation';
import type { Db } from '../../db/database';
import { editRefusal } from './actions';
import { badRequest, forbidden, notFound } from '../../http/errors';
import type { AuthContext } from '../../http/request_context';
import type { ChecklistDetail, ChecklistRow, VersionDetail, VersionRow } from './schema';
import { currentVersionOf, getChecklist, getVersion, listVersions, loadItems, regionAndAbove, type ChecklistViewer } from './store';

export interface KindConfig {
  readonly kind: ChecklistKind;
  readonly base: string;
  readonly tags: string[];
  /** 抽查事项清单 / 联合抽查事项清单, for messages. */
  readonly noun: string;
  readonly access: { readonly update: Permission; readonly publish: Permission; readonly delete: Permission };
}

export const DEPARTMENT_LISTS: KindConfig = {
  kind: 'department', base: '/api/directory/checklists', tags: ['一单两库-抽查事项清单'], noun: '抽查事项清单',
  access: { update: 'directory:checklist:update', publish: 'directory:checklist:publish', delete: 'directory:checklist:delete' },
};

export const JOINT_LISTS: KindConfig = {
  kind: 'joint', base: '/api/directory/joint-checklists', tags: ['一单两库-联合抽查事项清单'], noun: '联合抽查事项清单',
  access: { update: 'directory:joint-checklist:manage', publish: 'directory:joint-checklist:manage', delete: 'directory:joint-checklist:manage' },
};

export function requireAuth(auth: AuthContext | null): AuthContext {
  if (!auth) throw new Error('access hook let an anonymous request through');
  return auth;
}

export function viewerOf(auth: AuthContext): ChecklistViewer {
  return {
    scope: auth.scope, departmentId: auth.user.departmentId, regionCode: auth.user.regionCode,
    editsDepartmentLists: auth.permissions.has('directory:checklist:update'),
    managesJointLists: auth.permissions.has('directory:joint-checklist:manage'),
  };
}

export async function visibleList(db: Db, auth: AuthContext, config: KindConfig, id: string): Promise<ChecklistRow> {
  const row = await getChecklist(db, viewerOf(auth), config.kind, id);
  if (!row) throw notFound(config.noun);
  return row;
}

/** A visible list the caller maintains; a list maintained by another department or office is a 403. */
export async function editableList(db: Db, auth: AuthContext, config: KindConfig, id: string): Promise<ChecklistRow> {
  const row = await visibleList(db, auth, config, id);
  const refused = editRefusal(row);
  if (refused) throw forbidden(refused);
  return row;
}

/** A version of a visible list; drafts only for those who maintain the list. */
export async function visibleVersion(db: Db, list: ChecklistRow, version: number): Promise<VersionRow> {
  const row = await getVersion(db, list.id, version, list.canEdit);
  if (!row) throw notFound(`《${list.name}》第 ${version} 版`);
  return row;
}

/**
 * What stops a draft from being published: the tree's own problems, and for a list built on a base
 * list, inherited nodes that differ from the base's version in force (长春第6条).
 */
export async function draftIssues(db: Db, list: ChecklistRow, nodes: readonly ChecklistNode[]): Promise<ChecklistIssue[]> {
  const issues = validateChecklistTree(nodes);
  if (!list.baseChecklistId) return issues;
  const base = await currentVersionOf(db, list.baseChecklistId);
  if (!base) return [...issues, { code: null, field: null, message: `上级清单《${list.baseChecklistName ?? ''}》没有现行版本` }];
  const baseNodes = (await loadItems(db, base.id)).nodes;
  const baseIds = new Set(baseNodes.map((n) => n.id));
  if (nodes.some((n) => n.inherited && (n.sourceItemId === null || !baseIds.has(n.sourceItemId)))) {
    return [...issues, { code: null, field: null, message: `上级清单《${list.baseChecklistName ?? ''}》已发布第 ${base.version} 版，请先「同步上级清单」` }];
  }
  return [...issues, ...inheritanceIssues(baseNodes, nodes)];
}

/** The nodes of the base list's version in force (for creating and syncing a district list). */
export async function baseNodesOf(db: Db, baseChecklistId: string): Promise<IdentifiedNode[] | null> {
  const base = await currentVersionOf(db, baseChecklistId);
  return base ? (await loadItems(db, base.id)).nodes : null;
}

export async function detailOf(db: Db, list: ChecklistRow): Promise<ChecklistDetail> {
  return { ...list, versions: await listVersions(db, list.id, list.canEdit) };
}

export async function versionDetail(db: Db, list: ChecklistRow, version: number): Promise<VersionDetail> {
  const row = await visibleVersion(db, list, version);
  const { rows, nodes } = await loadItems(db, row.id);
  const issues = row.status === 'draft' ? await draftIssues(db, list, nodes) : [];
  return { ...row, checklistId: list.id, items: rows, issues };
}

/**
 * A base list (长春第6条) must be a visible list of the same kind, with a version in force, in a
 * region strictly above the new list's region.
 */
export async function checkBase(db: Db, auth: AuthContext, config: KindConfig, baseId: string, regionCode: string): Promise<ChecklistRow> {
  const base = await getChecklist(db, viewerOf(auth), config.kind, baseId);
  const refuse = (message: string) => badRequest('VALIDATION_FAILED', message, [{ field: 'baseChecklistId', message }]);
  if (!base) throw refuse('上级清单不存在或不在您的数据权限范围内');
  if (base.regionCode === regionCode || !regionAndAbove(regionCode).includes(base.regionCode)) throw refuse(`上级清单《${base.name}》不属于上级行政区划`);
  if (base.currentVersion === null) throw refuse(`上级清单《${base.name}》还没有发布的版本`);
  return base;
}

