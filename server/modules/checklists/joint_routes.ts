/**
 * 市场监管领域部门联合抽查事项清单 (长春第2、6条; 东胜 四(四)1): the 双随机办 of a region creates the
 * region's joint list (one per region; a district's may build on the city's) and fills its drafts with
 * 检查事项 chosen from the departments' lists in force in that region. Each copied node points at the
 * department node, and so at the department version, it came from.
 */
import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import { inheritBase } from '../../../domain/checklist/district';
import { assembleJointItems, sourceKey, type JointSource } from '../../../domain/checklist/joint';
import { subtreeCodes } from '../../../domain/checklist/tree';
import type { IdentifiedNode } from '../../../domain/checklist/types';
import type { Db } from '../../db/database';
import { checklistItems, checklists, checklistVersions, departments, regions } from '../../db/schema';
import type { AppServices, TypedApp } from '../../http/app';
import { runChange } from '../../http/change';
import { badRequest, conflict, errorResponses, forbidden } from '../../http/errors';
import { JOINT_LISTS, baseNodesOf, checkBase, detailOf, editableList, requireAuth, versionDetail, visibleList, visibleVersion } from './context';
import { ChecklistDetail, JointAddInput, JointChecklistCreateInput, JointSourceList, VersionDetail, VersionParams } from './schema';
import { loadItems, statusOf } from './store';
import { createVersion, insertNodes, lockDraft, nextSortOrder, touchVersion } from './tree_store';

/** The department item each joint 检查事项 was copied from, as checklist:code keys. */
async function includedSourceKeys(db: Db, nodes: readonly IdentifiedNode[]): Promise<Set<string>> {
  const ids = nodes.filter((n) => n.level === 'item' && !n.inherited && n.sourceItemId !== null).map((n) => n.sourceItemId as string);
  if (ids.length === 0) return new Set();
  const rows = await db.select({ code: checklistItems.code, checklistId: checklistVersions.checklistId }).from(checklistItems)
    .innerJoin(checklistVersions, eq(checklistVersions.id, checklistItems.versionId)).where(inArray(checklistItems.id, ids));
  return new Set(rows.map((r) => sourceKey(r.checklistId, r.code)));
}

/** The department lists of the region with a version in force. */
async function departmentListsInForce(db: Db, regionCode: string) {
  return db.select({
    checklistId: checklists.id, checklistName: checklists.name, departmentName: departments.name, versionId: checklistVersions.id,
    version: checklistVersions.version, status: checklistVersions.status, publishedAt: checklistVersions.publishedAt,
  }).from(checklists)
    .innerJoin(checklistVersions, and(eq(checklistVersions.checklistId, checklists.id), eq(checklistVersions.status, 'published')))
    .leftJoin(departments, eq(departments.id, checklists.departmentId))
    .where(and(eq(checklists.kind, 'department'), eq(checklists.regionCode, regionCode), isNull(checklists.deletedAt)))
    .orderBy(asc(departments.sortOrder), asc(departments.name), asc(checklists.name));
}

export function registerJointChecklistRoutes(app: TypedApp, services: AppServices): void {
  const { base, tags } = JOINT_LISTS;
  const db = services.db;

  app.post(base, {
    config: { access: 'directory:joint-checklist:manage', summary: '新建联合抽查事项清单' },
    schema: { tags, summary: '新建本区域的联合抽查事项清单（第 1 版草稿；县区可在市级联合清单基础上补充）', body: JointChecklistCreateInput, response: { 201: ChecklistDetail, ...errorResponses } },
  }, async (request, reply) => {
    const auth = requireAuth(request.auth);
    const input = request.body;
    const [region] = await db.select({ code: regions.code }).from(regions).where(and(eq(regions.code, input.regionCode), eq(regions.enabled, true)));
    if (!region) throw badRequest('VALIDATION_FAILED', `行政区划代码 ${input.regionCode} 不存在或已停用`, [{ field: 'regionCode', message: '行政区划不存在或已停用' }]);
    if (auth.scope.kind !== 'all' && !auth.scope.regionPrefixes.some((p) => input.regionCode.startsWith(p))) {
      throw forbidden('只能为本人数据权限范围内的行政区划制定联合抽查事项清单');
    }
    const [existing] = await db.select({ name: checklists.name }).from(checklists)
      .where(and(eq(checklists.kind, 'joint'), eq(checklists.regionCode, input.regionCode), isNull(checklists.deletedAt)));
    if (existing) throw conflict('JOINT_CHECKLIST_EXISTS', `本区域已有联合抽查事项清单《${existing.name}》，请修订该清单`);
    const baseList = input.baseChecklistId ? await checkBase(db, auth, JOINT_LISTS, input.baseChecklistId, input.regionCode) : null;
    const inherited = baseList ? inheritBase((await baseNodesOf(db, baseList.id)) ?? []) : [];
    const id = await runChange(request, services, async (tx, record) => {
      const now = services.now();
      const [row] = await tx.insert(checklists).values({
        kind: 'joint', name: input.name, departmentId: null, regionCode: input.regionCode, baseChecklistId: baseList?.id ?? null, createdAt: now, updatedAt: now,
      }).returning({ id: checklists.id });
      if (!row) throw new Error('insert returned no row');
      const versionId = await createVersion(tx, row.id, 1, now);
      await insertNodes(tx, versionId, inherited);
      record.target('checklist', row.id);
      record.detail({ name: input.name, regionCode: input.regionCode, inherited: inherited.length });
      record.event({ type: 'ChecklistCreated', checklistId: row.id, kind: 'joint', name: input.name, departmentId: null, regionCode: input.regionCode, baseChecklistId: baseList?.id ?? null });
      record.event({ type: 'ChecklistRevisionStarted', checklistId: row.id, versionId, version: 1, fromVersion: null });
      return row.id;
    });
    return reply.status(201).send(await detailOf(db, await visibleList(db, auth, JOINT_LISTS, id)));
  });

  app.get(`${base}/:id/versions/:version/sources`, {
    config: { access: 'directory:joint-checklist:manage' },
    schema: { tags, summary: '可纳入联合清单的部门检查事项（本区域各部门清单的现行版本）', params: VersionParams, response: { 200: JointSourceList, ...errorResponses } },
  }, async (request) => {
    const list = await editableList(db, requireAuth(request.auth), JOINT_LISTS, request.params.id);
    const version = await visibleVersion(db, list, request.params.version);
    const included = await includedSourceKeys(db, (await loadItems(db, version.id)).nodes);
    const out = [];
    for (const source of await departmentListsInForce(db, list.regionCode)) {
      const nodes = (await loadItems(db, source.versionId)).nodes;
      out.push({
        checklistId: source.checklistId, checklistName: source.checklistName, departmentName: source.departmentName, version: source.version,
        publishedAt: source.publishedAt?.toISOString() ?? null,
        items: nodes.filter((n) => n.level === 'item' && !n.inherited).map((n) => {
          const below = subtreeCodes(nodes, n.code);
          return {
            id: n.id, code: n.code, name: n.name, category: n.category, subject: n.subject,
            contentCount: nodes.filter((c) => c.level === 'content' && below.has(c.code)).length, included: included.has(sourceKey(source.checklistId, n.code)),
          };
        }),
      });
    }
    return out;
  });

  app.post(`${base}/:id/versions/:version/sources`, {
    config: { access: 'directory:joint-checklist:manage', summary: '纳入部门检查事项' },
    schema: { tags, summary: '把所选部门检查事项（连同子项、内容）纳入联合清单草稿', params: VersionParams, body: JointAddInput, response: { 200: VersionDetail, ...errorResponses } },
  }, async (request) => {
    const list = await editableList(db, requireAuth(request.auth), JOINT_LISTS, request.params.id);
    await visibleVersion(db, list, request.params.version);
    const picked = await db.selectDistinct({ versionId: checklistItems.versionId }).from(checklistItems)
      .innerJoin(checklistVersions, eq(checklistVersions.id, checklistItems.versionId))
      .innerJoin(checklists, eq(checklists.id, checklistVersions.checklistId))
      .where(and(inArray(checklistItems.id, request.body.sourceItemIds), eq(checklists.kind, 'department'), eq(checklists.regionCode, list.regionCode), isNull(checklists.deletedAt)));
    const sources: JointSource[] = [];
    for (const { versionId } of picked) {
      const [meta] = await db.select({ checklistId: checklists.id, checklistName: checklists.name, departmentName: departments.name, version: checklistVersions.version, status: checklistVersions.status })
        .from(checklistVersions).innerJoin(checklists, eq(checklists.id, checklistVersions.checklistId)).leftJoin(departments, eq(departments.id, checklists.departmentId))
        .where(eq(checklistVersions.id, versionId));
      if (meta) sources.push({ ...meta, departmentName: meta.departmentName ?? '', status: statusOf(meta.status), nodes: (await loadItems(db, versionId)).nodes });
    }
    await runChange(request, services, async (tx, record) => {
      const version = await lockDraft(tx, list.id, request.params.version);
      const nodes = (await loadItems(tx, version.id)).nodes;
      const assembled = assembleJointItems(sources, request.body.sourceItemIds, nodes, await includedSourceKeys(tx, nodes));
      if (!assembled.ok) {
        throw badRequest('JOINT_SOURCES_INVALID', assembled.error.map((i) => i.message).join('；'), assembled.error.map((i) => ({ field: 'sourceItemIds', message: i.message })));
      }
      await insertNodes(tx, version.id, assembled.value, await nextSortOrder(tx, version.id));
      await touchVersion(tx, version.id, services.now());
      const codes = assembled.value.filter((n) => n.level === 'item').map((n) => n.code);
      record.target('checklist', list.id);
      record.detail({ version: version.version, codes, sourceItemIds: request.body.sourceItemIds });
      record.event({ type: 'ChecklistItemsChanged', checklistId: list.id, versionId: version.id, change: 'joined', codes });
    });
    return versionDetail(db, list, request.params.version);
  });
}
