/**
 * 抽查事项清单 store: lists, their versions and the nodes of a version. Who sees what:
 *  - an editor (directory:checklist:update for department lists, directory:joint-checklist:manage for
 *    joint lists) sees and changes the lists inside their data scope, drafts included;
 *  - everyone else sees the published versions of lists inside their scope, of lists of their own region and
 *    the regions above it (a district reads the city's lists; 长春第6条), and of lists built on their department's
 *    own list (the city bureau reads 朝阳区's), never drafts.
 * Anything else is not found (404).
 */
import { and, asc, count, desc, eq, inArray, isNull, ne, or, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { DataScope } from '../../../domain/access/data_scope';
import { preOrder } from '../../../domain/checklist/tree';
import {
  CHANGE_REASON_LABELS, CHECKLIST_KIND_LABELS, VERSION_STATUS_LABELS, isChangeReason, isChecklistLevel, isItemCategory,
  isVersionStatus, type ChangeReason, type ChecklistKind, type IdentifiedNode, type VersionStatus,
} from '../../../domain/checklist/types';
import { isCheckMethod } from '../../../domain/inspection/categories';
import type { Db } from '../../db/database';
import { checklistActions } from './actions';
import { checklistItems, checklists, checklistVersions, departments, regions, users } from '../../db/schema';
import { scopeWhere } from '../../db/scope_sql';
import { likeContains, offsetOf, type Page } from '../../http/paging';
import type { ChecklistQuery, ChecklistRow, ItemRow, VersionRow } from './schema';
import { byPinyin } from '../../db/pinyin_order';

export interface ChecklistViewer {
  readonly scope: DataScope;
  readonly departmentId: string | null;
  readonly regionCode: string | null;
  /** Holds directory:checklist:update. */
  readonly editsDepartmentLists: boolean;
  /** Holds directory:joint-checklist:manage. */
  readonly managesJointLists: boolean;
}

/** The region and every region above it (220104 → 220000, 220100, 220104). */
export function regionAndAbove(code: string): string[] {
  const out = [`${code.slice(0, 2)}0000`];
  if (!code.endsWith('0000')) out.push(`${code.slice(0, 4)}00`);
  if (!code.endsWith('00')) out.push(code);
  return out;
}

const inScope = (scope: DataScope) => scopeWhere(scope, { regionCode: checklists.regionCode, departmentId: checklists.departmentId });

/** The lists the viewer may change. */
export function editableWhere(viewer: ChecklistViewer): SQL {
  const parts: SQL[] = [];
  if (viewer.editsDepartmentLists) parts.push(sql`(${checklists.kind} = 'department' and ${inScope(viewer.scope)})`);
  if (viewer.managesJointLists) parts.push(sql`(${checklists.kind} = 'joint' and ${inScope(viewer.scope)})`);
  return parts.length > 0 ? sql`(${sql.join(parts, sql` or `)})` : sql`false`;
}

const hasPublished = sql`exists (select 1 from ${checklistVersions} pv where pv.checklist_id = ${checklists.id} and pv.status <> 'draft')`;

/**
 * A department reads the district lists built on its own list (长春第6条: the district adds its local items on top of the
 * city department's list), whatever its data scope: 本部门 would otherwise hide 朝阳区's list from the city bureau whose
 * list it inherits (issue #8 item 8).
 */
function derivedFromOwn(viewer: ChecklistViewer): SQL | undefined {
  if (!viewer.departmentId) return undefined;
  return sql`${checklists.baseChecklistId} in (select own.id from ${checklists} own where own.department_id = ${viewer.departmentId} and own.deleted_at is null)`;
}

export function visibleWhere(viewer: ChecklistViewer): SQL {
  const readable = or(inScope(viewer.scope), viewer.regionCode ? inArray(checklists.regionCode, regionAndAbove(viewer.regionCode)) : undefined, derivedFromOwn(viewer));
  return sql`(${editableWhere(viewer)} or (${hasPublished} and ${readable ?? sql`false`}))`;
}

const base = alias(checklists, 'base_checklist');
const current = alias(checklistVersions, 'current_version');

function listQuery(db: Db, viewer: ChecklistViewer) {
  return db.select({
    id: checklists.id, kind: checklists.kind, name: checklists.name, departmentId: checklists.departmentId, departmentName: departments.name,
    regionCode: checklists.regionCode, regionName: regions.name, baseChecklistId: checklists.baseChecklistId, baseChecklistName: base.name,
    currentVersionId: current.id, currentVersion: current.version, publishedAt: current.publishedAt, createdAt: checklists.createdAt,
    draftVersion: sql<number | null>`(select dv.version from ${checklistVersions} dv where dv.checklist_id = ${checklists.id} and dv.status = 'draft' limit 1)`,
    itemCount: sql<number>`(select count(*)::int from ${checklistItems} ci where ci.version_id = ${current.id} and ci.level = 'item')`,
    canEdit: sql<boolean>`${editableWhere(viewer)}`,
    everPublished: sql<boolean>`${hasPublished}`,
  }).from(checklists)
    .leftJoin(departments, eq(departments.id, checklists.departmentId))
    .leftJoin(regions, eq(regions.code, checklists.regionCode))
    .leftJoin(base, eq(base.id, checklists.baseChecklistId))
    .leftJoin(current, and(eq(current.checklistId, checklists.id), eq(current.status, 'published')));
}

type ListRaw = Awaited<ReturnType<ReturnType<typeof listQuery>['execute']>>[number];

function presentList(row: ListRaw): ChecklistRow {
  const kind: ChecklistKind = row.kind === 'joint' ? 'joint' : 'department';
  const canEdit = row.canEdit === true || String(row.canEdit) === 'true';
  const everPublished = row.everPublished === true || String(row.everPublished) === 'true';
  const facts = { name: row.name, departmentName: row.departmentName, regionName: row.regionName ?? '', canEdit, everPublished };
  return {
    id: row.id, kind, kindLabel: CHECKLIST_KIND_LABELS[kind], name: row.name, departmentId: row.departmentId, departmentName: row.departmentName,
    regionCode: row.regionCode, regionName: row.regionName ?? '', baseChecklistId: row.baseChecklistId, baseChecklistName: row.baseChecklistName,
    currentVersionId: row.currentVersionId, currentVersion: row.currentVersion, publishedAt: row.publishedAt?.toISOString() ?? null,
    draftVersion: canEdit && row.draftVersion !== null ? Number(row.draftVersion) : null, itemCount: Number(row.itemCount ?? 0), canEdit,
    everPublished, actions: checklistActions(facts), createdAt: row.createdAt.toISOString(),
  };
}

export async function listChecklists(db: Db, viewer: ChecklistViewer, kind: ChecklistKind, query: ChecklistQuery): Promise<Page<ChecklistRow>> {
  const where = and(
    isNull(checklists.deletedAt), eq(checklists.kind, kind), visibleWhere(viewer),
    query.name ? sql`${checklists.name} ilike ${likeContains(query.name)}` : undefined,
    query.departmentId ? eq(checklists.departmentId, query.departmentId) : undefined,
    query.regionCode ? sql`${checklists.regionCode} like ${`${query.regionCode.replace(/(00)+$/, '')}%`}` : undefined,
  );
  const [rows, totals] = await Promise.all([
    listQuery(db, viewer).where(where).orderBy(asc(checklists.regionCode), asc(departments.sortOrder), ...byPinyin(departments.nameSortKey, departments.name), asc(checklists.name))
      .limit(query.pageSize).offset(offsetOf(query)),
    db.select({ n: count() }).from(checklists).where(where),
  ]);
  return { rows: rows.map(presentList), total: totals[0]?.n ?? 0, page: query.page, pageSize: query.pageSize };
}

export async function getChecklist(db: Db, viewer: ChecklistViewer, kind: ChecklistKind, id: string): Promise<ChecklistRow | null> {
  const [row] = await listQuery(db, viewer).where(and(eq(checklists.id, id), eq(checklists.kind, kind), isNull(checklists.deletedAt), visibleWhere(viewer)));
  return row ? presentList(row) : null;
}

/** Stored as `[reason] note`, so that the reason survives in the one note column. */
export function encodeChangeNote(reason: ChangeReason, note: string): string {
  return `[${reason}] ${note}`;
}

export function decodeChangeNote(stored: string | null): { reason: ChangeReason | null; note: string | null } {
  const match = stored === null ? null : /^\[([a-z_]+)\] ([\s\S]*)$/.exec(stored);
  const reason = match?.[1];
  if (match && reason && isChangeReason(reason)) return { reason, note: match[2] ?? '' };
  return { reason: null, note: stored };
}

const versionColumns = {
  id: checklistVersions.id, version: checklistVersions.version, status: checklistVersions.status, changeNote: checklistVersions.changeNote,
  publishedAt: checklistVersions.publishedAt, createdAt: checklistVersions.createdAt, updatedAt: checklistVersions.updatedAt,
  publishedByName: sql<string | null>`(select u.name from ${users} u where u.id = ${checklistVersions.publishedBy})`,
  nodeCount: sql<number>`(select count(*)::int from ${checklistItems} ci where ci.version_id = ${checklistVersions.id})`,
};

export function statusOf(value: string): VersionStatus {
  if (!isVersionStatus(value)) throw new Error(`unknown checklist version status ${value}`);
  return value;
}

function presentVersion(row: { id: string; version: number; status: string; changeNote: string | null; publishedAt: Date | null; createdAt: Date; updatedAt: Date; publishedByName: string | null; nodeCount: number }): VersionRow {
  const status = statusOf(row.status);
  const { reason, note } = decodeChangeNote(row.changeNote);
  return {
    id: row.id, version: row.version, status, statusLabel: VERSION_STATUS_LABELS[status], changeReason: reason,
    changeReasonLabel: reason ? CHANGE_REASON_LABELS[reason] : null, changeNote: note, publishedAt: row.publishedAt?.toISOString() ?? null,
    publishedByName: row.publishedByName, createdAt: row.createdAt.toISOString(), updatedAt: row.updatedAt.toISOString(), nodeCount: Number(row.nodeCount),
  };
}

export async function listVersions(db: Db, checklistId: string, includeDrafts: boolean): Promise<VersionRow[]> {
  const rows = await db.select(versionColumns).from(checklistVersions)
    .where(and(eq(checklistVersions.checklistId, checklistId), includeDrafts ? undefined : ne(checklistVersions.status, 'draft')))
    .orderBy(desc(checklistVersions.version));
  return rows.map(presentVersion);
}

export async function getVersion(db: Db, checklistId: string, version: number, includeDrafts: boolean): Promise<VersionRow | null> {
  const [row] = await db.select(versionColumns).from(checklistVersions)
    .where(and(eq(checklistVersions.checklistId, checklistId), eq(checklistVersions.version, version), includeDrafts ? undefined : ne(checklistVersions.status, 'draft')));
  return row ? presentVersion(row) : null;
}

const source = alias(checklistItems, 'source_item');
const sourceVersion = alias(checklistVersions, 'source_version');
const sourceList = alias(checklists, 'source_list');
const sourceDepartment = alias(departments, 'source_department');

/** The nodes of a version in tree order, as API rows and as domain nodes. */
export async function loadItems(db: Db, versionId: string): Promise<{ rows: ItemRow[]; nodes: IdentifiedNode[] }> {
  const raw = await db.select({
    item: checklistItems, sourceCode: source.code, sourceVersion: sourceVersion.version, sourceStatus: sourceVersion.status,
    sourceChecklistId: sourceList.id, sourceChecklistName: sourceList.name, sourceDepartmentName: sourceDepartment.name,
  }).from(checklistItems)
    .leftJoin(source, eq(source.id, checklistItems.sourceItemId))
    .leftJoin(sourceVersion, eq(sourceVersion.id, source.versionId))
    .leftJoin(sourceList, eq(sourceList.id, sourceVersion.checklistId))
    .leftJoin(sourceDepartment, eq(sourceDepartment.id, sourceList.departmentId))
    .where(eq(checklistItems.versionId, versionId))
    .orderBy(asc(checklistItems.sortOrder), asc(checklistItems.code));
  const codeOf = new Map(raw.map((r) => [r.item.id, r.item.code]));
  const placed = preOrder(raw, { key: (r) => r.item.id, parentKey: (r) => r.item.parentId });
  const rows: ItemRow[] = [];
  const nodes: IdentifiedNode[] = [];
  for (const { node: r, depth } of placed) {
    const i = r.item;
    if (!isChecklistLevel(i.level)) throw new Error(`unknown checklist level ${i.level}`);
    const node: IdentifiedNode = {
      id: i.id, code: i.code, parentCode: i.parentId ? (codeOf.get(i.parentId) ?? null) : null, level: i.level, name: i.name,
      category: i.category && isItemCategory(i.category) ? i.category : null, target: i.target, methods: (i.methods ?? []).filter(isCheckMethod),
      subject: i.subject, basis: i.basis, resultOptions: i.resultOptions ?? [], checkMethod: i.checkMethod, yesWording: i.yesWording,
      noWording: i.noWording, inherited: i.inherited, sourceItemId: i.sourceItemId,
    };
    nodes.push(node);
    const { id, parentCode: _parentCode, sourceItemId: _sourceItemId, ...fields } = node;
    rows.push({
      ...fields, id, parentId: i.parentId, depth, methods: [...node.methods], resultOptions: [...node.resultOptions],
      source: r.sourceChecklistId && r.sourceCode && r.sourceVersion !== null && r.sourceStatus
        ? { checklistId: r.sourceChecklistId, checklistName: r.sourceChecklistName ?? '', departmentName: r.sourceDepartmentName, version: r.sourceVersion, versionStatus: statusOf(r.sourceStatus), code: r.sourceCode }
        : null,
    });
  }
  return { rows, nodes };
}

/** The version in force of a list (for bases and joint sources), or null. */
export async function currentVersionOf(db: Db, checklistId: string): Promise<{ id: string; version: number } | null> {
  const [row] = await db.select({ id: checklistVersions.id, version: checklistVersions.version }).from(checklistVersions)
    .where(and(eq(checklistVersions.checklistId, checklistId), eq(checklistVersions.status, 'published')));
  return row ?? null;
}
