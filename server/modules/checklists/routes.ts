/**
 * 抽查事项清单 (一单): a department's lists and the region's joint list, each versioned
 * draft → published (现行) → superseded (历史版本). A published version never changes; to adjust a
 * list (立改废释, 渝北 二(二), 曲阳 第11条) its maintainer 「修订」s it — a new draft copied from the
 * version in force — edits the draft and publishes it with the reason and a note, which supersedes
 * the previous version. The same routes serve both kinds under their own URL and permissions.
 */
import { and, eq, isNull } from 'drizzle-orm';
import { z } from 'zod';
import { diffChecklists } from '../../../domain/checklist/diff';
import { inheritBase, syncWithBase } from '../../../domain/checklist/district';
import type { AppServices, TypedApp } from '../../http/app';
import { runChange } from '../../http/change';
import { badRequest, conflict, errorResponses, uniqueViolation } from '../../http/errors';
import { idParams } from '../../http/fields';
import { checklists, checklistVersions, departments } from '../../db/schema';
import { scopeWhere } from '../../db/scope_sql';
import {
  DEPARTMENT_LISTS, JOINT_LISTS, baseNodesOf, checkBase, detailOf, draftIssues, editableList, requireAuth, versionDetail, viewerOf, visibleList,
  visibleVersion, type KindConfig,
} from './context';
import { publishedRefusal } from './actions';
import { registerChecklistIoRoutes } from './io_routes';
import { registerChecklistItemRoutes } from './item_routes';
import { registerJointChecklistRoutes } from './joint_routes';
import { registerPublicChecklistRoutes } from './public_routes';
import {
  ChecklistCreateInput, ChecklistDetail, ChecklistPage, ChecklistQuery, ChecklistRenameInput, DiffParams, DiffResponse, PublishInput,
  VersionDetail, VersionParams,
} from './schema';
import {
  encodeChangeNote, listChecklists, listVersions, loadItems,
} from './store';
import { createVersion, insertNodes, lockDraft, lockVersion, replaceNodes, touchVersion } from './tree_store';

export function registerChecklistRoutes(app: TypedApp, services: AppServices): void {
  registerDepartmentCreate(app, services);
  for (const config of [DEPARTMENT_LISTS, JOINT_LISTS]) {
    registerListRoutes(app, services, config);
    registerChecklistItemRoutes(app, services, config);
    registerChecklistIoRoutes(app, services, config);
  }
  registerJointChecklistRoutes(app, services);
  registerPublicChecklistRoutes(app, services);
}

function registerDepartmentCreate(app: TypedApp, services: AppServices): void {
  const { base, tags } = DEPARTMENT_LISTS;
  app.post(base, {
    config: { access: 'directory:checklist:create', summary: '新建抽查事项清单' },
    schema: { tags, summary: '新建部门抽查事项清单（第 1 版草稿；可在上级对口清单基础上补充）', body: ChecklistCreateInput, response: { 201: ChecklistDetail, ...errorResponses } },
  }, async (request, reply) => {
    const auth = requireAuth(request.auth);
    const input = request.body;
    const [department] = await services.db.select({ id: departments.id, regionCode: departments.regionCode }).from(departments)
      .where(and(eq(departments.id, input.departmentId), isNull(departments.deletedAt), scopeWhere(auth.scope, { regionCode: departments.regionCode, departmentId: departments.id })));
    if (!department) throw badRequest('VALIDATION_FAILED', '所选部门不存在或不在您的数据权限范围内', [{ field: 'departmentId', message: '部门不存在或不在您的权限范围内' }]);
    const baseList = input.baseChecklistId ? await checkBase(services.db, auth, DEPARTMENT_LISTS, input.baseChecklistId, department.regionCode) : null;
    const inherited = baseList ? inheritBase((await baseNodesOf(services.db, baseList.id)) ?? []) : [];
    const id = await runChange(request, services, async (tx, record) => {
      const now = services.now();
      const [row] = await tx.insert(checklists).values({
        kind: 'department', name: input.name, departmentId: department.id, regionCode: department.regionCode, baseChecklistId: baseList?.id ?? null, createdAt: now, updatedAt: now,
      }).returning({ id: checklists.id });
      if (!row) throw new Error('insert returned no row');
      const versionId = await createVersion(tx, row.id, 1, now);
      await insertNodes(tx, versionId, inherited);
      record.target('checklist', row.id);
      record.detail({ name: input.name, inherited: inherited.length });
      record.event({ type: 'ChecklistCreated', checklistId: row.id, kind: 'department', name: input.name, departmentId: department.id, regionCode: department.regionCode, baseChecklistId: baseList?.id ?? null });
      record.event({ type: 'ChecklistRevisionStarted', checklistId: row.id, versionId, version: 1, fromVersion: null });
      return row.id;
    });
    return reply.status(201).send(await detailOf(services.db, await visibleList(services.db, auth, DEPARTMENT_LISTS, id)));
  });
}

function registerListRoutes(app: TypedApp, services: AppServices, config: KindConfig): void {
  const { base, tags, noun, access, kind } = config;
  const db = services.db;

  app.get(base, {
    config: { access: 'directory:checklist:list' },
    schema: { tags, summary: `${noun}列表`, querystring: ChecklistQuery, response: { 200: ChecklistPage, ...errorResponses } },
  }, async (request) => listChecklists(db, viewerOf(requireAuth(request.auth)), kind, request.query));

  app.get(`${base}/:id`, {
    config: { access: 'directory:checklist:list' },
    schema: { tags, summary: `${noun}详情（含版本列表）`, params: idParams, response: { 200: ChecklistDetail, ...errorResponses } },
  }, async (request) => detailOf(db, await visibleList(db, requireAuth(request.auth), config, request.params.id)));

  app.put(`${base}/:id`, {
    config: { access: access.update, summary: `修改${noun}名称` },
    schema: { tags, summary: `修改${noun}名称`, params: idParams, body: ChecklistRenameInput, response: { 200: ChecklistDetail, ...errorResponses } },
  }, async (request) => {
    const auth = requireAuth(request.auth);
    const list = await editableList(db, auth, config, request.params.id);
    await runChange(request, services, async (tx, record) => {
      await tx.update(checklists).set({ name: request.body.name, updatedAt: services.now() }).where(eq(checklists.id, list.id));
      record.target('checklist', list.id);
      record.detail({ before: list.name, after: request.body.name });
      record.event({ type: 'ChecklistRenamed', checklistId: list.id, name: request.body.name });
    });
    return detailOf(db, await visibleList(db, auth, config, list.id));
  });

  app.delete(`${base}/:id`, {
    config: { access: access.delete, summary: `删除${noun}` },
    schema: { tags, summary: `删除${noun}（仅限从未发布过的清单）`, params: idParams, response: { 204: z.null(), ...errorResponses } },
  }, async (request, reply) => {
    const list = await editableList(db, requireAuth(request.auth), config, request.params.id);
    const published = publishedRefusal(list);
    if (published) throw conflict('CHECKLIST_PUBLISHED', published);
    await runChange(request, services, async (tx, record) => {
      await tx.update(checklists).set({ deletedAt: services.now(), updatedAt: services.now() }).where(eq(checklists.id, list.id));
      record.target('checklist', list.id);
      record.event({ type: 'ChecklistDeleted', checklistId: list.id, name: list.name });
    });
    return reply.status(204).send(null);
  });

  app.get(`${base}/:id/versions/:version`, {
    config: { access: 'directory:checklist:list' },
    schema: { tags, summary: `${noun}某一版本的全部事项`, params: VersionParams, response: { 200: VersionDetail, ...errorResponses } },
  }, async (request) => {
    const list = await visibleList(db, requireAuth(request.auth), config, request.params.id);
    return versionDetail(db, list, request.params.version);
  });

  app.post(`${base}/:id/versions`, {
    config: { access: access.update, summary: `修订${noun}` },
    schema: { tags, summary: `修订${noun}：以现行版本为底稿新建草稿版本`, params: idParams, response: { 201: VersionDetail, ...errorResponses } },
  }, async (request, reply) => {
    const list = await editableList(db, requireAuth(request.auth), config, request.params.id);
    if (list.draftVersion !== null) throw conflict('CHECKLIST_DRAFT_EXISTS', `《${list.name}》第 ${list.draftVersion} 版草稿尚未发布，请先发布或放弃该草稿`);
    if (list.currentVersion === null || list.currentVersionId === null) throw conflict('CHECKLIST_NOT_PUBLISHED', `《${list.name}》还没有发布的版本，请直接编辑草稿`);
    const from = { id: list.currentVersionId, version: list.currentVersion };
    const versions = await listVersions(db, list.id, true);
    const next = Math.max(...versions.map((v) => v.version)) + 1;
    await runChange(request, services, async (tx, record) => {
      await lockVersion(tx, list.id, from.version);
      const versionId = await createVersion(tx, list.id, next, services.now());
      await insertNodes(tx, versionId, (await loadItems(tx, from.id)).nodes);
      record.target('checklist', list.id);
      record.detail({ version: next, from: from.version });
      record.event({ type: 'ChecklistRevisionStarted', checklistId: list.id, versionId, version: next, fromVersion: from.version });
    }).catch((error: unknown) => {
      if (uniqueViolation(error) !== null) throw conflict('CHECKLIST_DRAFT_EXISTS', `《${list.name}》已有人新建了草稿版本，请刷新后继续`);
      throw error;
    });
    return reply.status(201).send(await versionDetail(db, await visibleList(db, requireAuth(request.auth), config, list.id), next));
  });

  app.delete(`${base}/:id/versions/:version`, {
    config: { access: access.delete, summary: `放弃${noun}草稿` },
    schema: { tags, summary: `放弃${noun}的草稿版本`, params: VersionParams, response: { 204: z.null(), ...errorResponses } },
  }, async (request, reply) => {
    const list = await editableList(db, requireAuth(request.auth), config, request.params.id);
    await visibleVersion(db, list, request.params.version);
    if (list.currentVersion === null) throw conflict('CHECKLIST_ONLY_VERSION', `这是《${list.name}》唯一的版本；如不再需要，请删除整个清单`);
    await runChange(request, services, async (tx, record) => {
      const version = await lockDraft(tx, list.id, request.params.version);
      await replaceNodes(tx, version.id, []);
      await tx.delete(checklistVersions).where(eq(checklistVersions.id, version.id));
      record.target('checklist', list.id);
      record.event({ type: 'ChecklistDraftDiscarded', checklistId: list.id, versionId: version.id, version: version.version });
    });
    return reply.status(204).send(null);
  });

  app.post(`${base}/:id/versions/:version/publish`, {
    config: { access: access.publish, summary: `发布${noun}` },
    schema: { tags, summary: `发布${noun}草稿（现行版本随之成为历史版本）`, params: VersionParams, body: PublishInput, response: { 200: VersionDetail, ...errorResponses } },
  }, async (request) => {
    const auth = requireAuth(request.auth);
    const list = await editableList(db, auth, config, request.params.id);
    const { changeReason, changeNote } = request.body;
    await visibleVersion(db, list, request.params.version);
    if (changeReason === 'initial' && list.currentVersion !== null) {
      throw badRequest('VALIDATION_FAILED', '「首次制定」只适用于第一次发布，请选择立改废释或职能调整等原因', [{ field: 'changeReason', message: '已发布过的清单不能再选「首次制定」' }]);
    }
    await runChange(request, services, async (tx, record) => {
      const version = await lockDraft(tx, list.id, request.params.version);
      const nodes = (await loadItems(tx, version.id)).nodes;
      const issues = await draftIssues(tx, list, nodes);
      if (issues.length > 0) {
        throw badRequest('CHECKLIST_INVALID', `《${list.name}》第 ${version.version} 版还不能发布：${issues[0]?.message ?? ''}${issues.length > 1 ? `（共 ${issues.length} 个问题）` : ''}`,
          issues.slice(0, 200).map((i) => ({ field: i.code ?? 'items', message: i.message })));
      }
      const previous = list.currentVersion === null ? null : await lockVersion(tx, list.id, list.currentVersion);
      const now = services.now();
      const before = previous ? (await loadItems(tx, previous.id)).nodes : [];
      if (previous) await tx.update(checklistVersions).set({ status: 'superseded', updatedAt: now }).where(eq(checklistVersions.id, previous.id));
      await tx.update(checklistVersions).set({ status: 'published', publishedAt: now, publishedBy: auth.user.id, changeNote: encodeChangeNote(changeReason, changeNote), updatedAt: now })
        .where(eq(checklistVersions.id, version.id));
      const diff = diffChecklists(before, nodes);
      record.target('checklist', list.id);
      record.detail({ version: version.version, superseded: previous?.version ?? null, changeReason, added: diff.added, removed: diff.removed, changed: diff.changed });
      record.event({
        type: 'ChecklistPublished', checklistId: list.id, versionId: version.id, version: version.version, supersededVersionId: previous?.id ?? null,
        changeReason, added: diff.added, removed: diff.removed, changed: diff.changed,
      });
    });
    return versionDetail(db, await visibleList(db, auth, config, list.id), request.params.version);
  });

  app.get(`${base}/:id/versions/:version/diff/:other`, {
    config: { access: 'directory:checklist:list' },
    schema: { tags, summary: `比较${noun}的两个版本（按编码匹配：新增、删除、修改）`, params: DiffParams, response: { 200: DiffResponse, ...errorResponses } },
  }, async (request) => {
    const list = await visibleList(db, requireAuth(request.auth), config, request.params.id);
    const from = await visibleVersion(db, list, request.params.version);
    const to = await visibleVersion(db, list, request.params.other);
    const diff = diffChecklists((await loadItems(db, from.id)).nodes, (await loadItems(db, to.id)).nodes);
    return { from: from.version, to: to.version, ...diff, rows: diff.rows.map((r) => ({ ...r, changes: [...r.changes] })) };
  });

  app.post(`${base}/:id/versions/:version/sync-base`, {
    config: { access: access.update, summary: `同步上级${noun}` },
    schema: { tags, summary: '以上级清单的现行版本更新草稿中的继承事项，本级事项保留', params: VersionParams, response: { 200: VersionDetail, ...errorResponses } },
  }, async (request) => {
    const auth = requireAuth(request.auth);
    const list = await editableList(db, auth, config, request.params.id);
    if (!list.baseChecklistId) throw conflict('CHECKLIST_HAS_NO_BASE', `《${list.name}》不是在上级清单基础上制定的`);
    await visibleVersion(db, list, request.params.version);
    const baseNodes = await baseNodesOf(db, list.baseChecklistId);
    if (!baseNodes) throw conflict('CHECKLIST_BASE_UNPUBLISHED', `上级清单《${list.baseChecklistName ?? ''}》没有现行版本`);
    await runChange(request, services, async (tx, record) => {
      const version = await lockDraft(tx, list.id, request.params.version);
      const synced = syncWithBase(baseNodes, (await loadItems(tx, version.id)).nodes);
      if (!synced.ok) throw conflict('CHECKLIST_SYNC_CONFLICT', synced.error.map((i) => i.message).join('；'));
      await replaceNodes(tx, version.id, synced.value);
      await touchVersion(tx, version.id, services.now());
      record.target('checklist', list.id);
      record.event({ type: 'ChecklistItemsChanged', checklistId: list.id, versionId: version.id, change: 'synced', codes: [] });
    });
    return versionDetail(db, list, request.params.version);
  });
}

