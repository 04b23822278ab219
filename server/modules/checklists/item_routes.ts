/**
 * Editing the tree of a draft: add a 检查事项 / 子项 / 内容, edit it, delete it (with its subtree),
 * reorder siblings. Department lists are edited freely; a joint list's items are copies of the
 * departments' items, so there the 双随机办 only removes or reorders whole 检查事项 (the content is
 * changed by the department revising its own list). Inherited nodes of a district list are read-only
 * (长春第6条).
 */
import { z } from 'zod';
import { subtreeCodes, childLevelOf } from '../../../domain/checklist/tree';
import { CHECKLIST_LEVEL_LABELS, describeNode, type ChecklistLevel, type ChecklistNode, type IdentifiedNode } from '../../../domain/checklist/types';
import { nodeIssues } from '../../../domain/checklist/validation';
import type { AppServices, TypedApp } from '../../http/app';
import { runChange } from '../../http/change';
import { AppError, badRequest, conflict, errorResponses, notFound } from '../../http/errors';
import { editableList, requireAuth, type KindConfig } from './context';
import { ItemCreateInput, ItemFields, ItemParams, ItemRow, ReorderInput, VersionParams } from './schema';
import { loadItems } from './store';
import { deleteItems, fieldsForLevel, insertItem, lockDraft, reorderChildren, touchVersion, updateItem } from './tree_store';

const inheritedRefusal = (node: ChecklistNode) =>
  conflict('CHECKLIST_ITEM_INHERITED', `${describeNode(node)}来自上级清单，在本级只读；本级需要补充的，请作为新的检查事项添加`);

/** The node as it will be stored, checked field by field (400 naming each field). */
function checkedNode(level: ChecklistLevel, input: z.infer<typeof ItemFields>, parentCode: string | null, existing: readonly IdentifiedNode[], selfId: string | null): ChecklistNode {
  const taken = existing.find((n) => n.code === input.code && n.id !== selfId);
  if (taken) throw badRequest('VALIDATION_FAILED', `编码「${input.code}」已被${describeNode(taken)}使用`, [{ field: 'code', message: `编码已被${describeNode(taken)}使用` }]);
  const node: ChecklistNode = { ...fieldsForLevel(level, input), parentCode, level, inherited: false, sourceItemId: null };
  const issues = nodeIssues(node);
  if (issues.length > 0) {
    throw badRequest('VALIDATION_FAILED', issues.map((i) => i.message).join('；'), issues.map((i) => ({ field: i.field, message: i.message })));
  }
  return node;
}

export function registerChecklistItemRoutes(app: TypedApp, services: AppServices, config: KindConfig): void {
  const { base, tags, noun, access, kind } = config;
  const db = services.db;
  const itemUrl = `${base}/:id/versions/:version/items/:itemId`;

  async function present(versionId: string, itemId: string): Promise<ItemRow> {
    const row = (await loadItems(db, versionId)).rows.find((r) => r.id === itemId);
    if (!row) throw new Error('changed item vanished');
    return row;
  }

  if (kind === 'department') {
    app.post(`${base}/:id/versions/:version/items`, {
      config: { access: access.update, summary: '新增清单事项' },
      schema: { tags, summary: '在草稿中新增检查事项、检查子项或检查内容（由上级决定层级）', params: VersionParams, body: ItemCreateInput, response: { 201: ItemRow, ...errorResponses } },
    }, async (request, reply) => {
      const list = await editableList(db, requireAuth(request.auth), config, request.params.id);
      const input = request.body;
      const created = await runChange(request, services, async (tx, record) => {
        const version = await lockDraft(tx, list.id, request.params.version);
        const nodes = (await loadItems(tx, version.id)).nodes;
        const parent = input.parentId === null ? null : nodes.find((n) => n.id === input.parentId);
        if (parent === undefined) throw badRequest('VALIDATION_FAILED', '所选上级不在本版本中', [{ field: 'parentId', message: '上级不存在' }]);
        const level = parent === null ? 'item' : childLevelOf(parent.level);
        if (level === null) throw badRequest('VALIDATION_FAILED', `${CHECKLIST_LEVEL_LABELS.content}下不能再添加下级`, [{ field: 'parentId', message: '检查内容下不能再添加下级' }]);
        if (parent?.inherited) throw inheritedRefusal(parent);
        const node = checkedNode(level, input, parent?.code ?? null, nodes, null);
        const id = await insertItem(tx, version.id, parent?.id ?? null, level, input);
        await touchVersion(tx, version.id, services.now());
        record.target('checklist', list.id);
        record.detail({ version: version.version, code: node.code, level });
        record.event({ type: 'ChecklistItemsChanged', checklistId: list.id, versionId: version.id, change: 'added', codes: [node.code] });
        return { versionId: version.id, id };
      });
      return reply.status(201).send(await present(created.versionId, created.id));
    });

    app.put(itemUrl, {
      config: { access: access.update, summary: '修改清单事项' },
      schema: { tags, summary: '修改草稿中的一个节点（层级不变）', params: ItemParams, body: ItemFields, response: { 200: ItemRow, ...errorResponses } },
    }, async (request) => {
      const list = await editableList(db, requireAuth(request.auth), config, request.params.id);
      const versionId = await runChange(request, services, async (tx, record) => {
        const version = await lockDraft(tx, list.id, request.params.version);
        const nodes = (await loadItems(tx, version.id)).nodes;
        const before = nodes.find((n) => n.id === request.params.itemId);
        if (!before) throw notFound('清单事项');
        if (before.inherited) throw inheritedRefusal(before);
        const node = checkedNode(before.level, request.body, before.parentCode, nodes, before.id);
        await updateItem(tx, before.id, before.level, request.body);
        await touchVersion(tx, version.id, services.now());
        record.target('checklist', list.id);
        record.detail({ version: version.version, code: node.code, before: before.code });
        record.event({ type: 'ChecklistItemsChanged', checklistId: list.id, versionId: version.id, change: 'updated', codes: [node.code] });
        return version.id;
      });
      return present(versionId, request.params.itemId);
    });
  }

  app.delete(itemUrl, {
    config: { access: access.update, summary: `删除${noun}事项` },
    schema: { tags, summary: '删除草稿中的一个节点及其全部下级', params: ItemParams, response: { 204: z.null(), ...errorResponses } },
  }, async (request, reply) => {
    const list = await editableList(db, requireAuth(request.auth), config, request.params.id);
    await runChange(request, services, async (tx, record) => {
      const version = await lockDraft(tx, list.id, request.params.version);
      const nodes = (await loadItems(tx, version.id)).nodes;
      const node = nodes.find((n) => n.id === request.params.itemId);
      if (!node) throw notFound('清单事项');
      if (node.inherited) throw inheritedRefusal(node);
      if (kind === 'joint' && node.level !== 'item') {
        throw conflict('JOINT_ITEM_PART', `联合清单只能整体移除检查事项；${describeNode(node)}的调整请由来源部门修订其清单`);
      }
      const codes = subtreeCodes(nodes, node.code);
      await deleteItems(tx, version.id, nodes.filter((n) => codes.has(n.code)).map((n) => n.id));
      await touchVersion(tx, version.id, services.now());
      record.target('checklist', list.id);
      record.detail({ version: version.version, codes: [...codes] });
      record.event({ type: 'ChecklistItemsChanged', checklistId: list.id, versionId: version.id, change: 'deleted', codes: [...codes] });
    });
    return reply.status(204).send(null);
  });

  app.put(`${base}/:id/versions/:version/order`, {
    config: { access: access.update, summary: `调整${noun}事项顺序` },
    schema: { tags, summary: '调整同一上级下各节点的顺序', params: VersionParams, body: ReorderInput, response: { 204: z.null(), ...errorResponses } },
  }, async (request, reply) => {
    const list = await editableList(db, requireAuth(request.auth), config, request.params.id);
    const { parentId, itemIds } = request.body;
    if (kind === 'joint' && parentId !== null) throw conflict('JOINT_ITEM_PART', '联合清单只能调整检查事项之间的顺序');
    await runChange(request, services, async (tx, record) => {
      const version = await lockDraft(tx, list.id, request.params.version);
      if (!(await reorderChildren(tx, version.id, parentId, itemIds))) {
        throw new AppError(400, 'VALIDATION_FAILED', '顺序中的节点必须恰好是同一上级下的全部节点，且不能重复', [{ field: 'itemIds', message: '须为同一上级下的全部节点' }]);
      }
      await touchVersion(tx, version.id, services.now());
      record.target('checklist', list.id);
      record.event({ type: 'ChecklistItemsChanged', checklistId: list.id, versionId: version.id, change: 'reordered', codes: [] });
    });
    return reply.status(204).send(null);
  });
}
