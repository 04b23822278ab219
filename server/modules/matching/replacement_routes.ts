/**
 * 替换 (issue #9 item 9; 长春第13条, 威海第6条, 曲阳第16条). An inspector of a team is replaced only for 岗位调整、
 * 工作冲突、健康状况 or 执法回避: the department requests it, its head (not the requester) approves, and the engine —
 * not a person — chooses the replacement among qualified staff, seeded from the matching seed and the replacement's
 * sequence number (domain/matching/replace.ts), so anyone can reproduce the choice. An object found 注销/迁出 before
 * the visit is replaced strictly from the reserve list in order, or counted done where the region's rule says so.
 */
import { z } from 'zod';
import { fromHex } from '../../../domain/draw/encoding';
import { chooseReplacement, replaceRecusedMembers } from '../../../domain/matching/replace';
import type { AppServices, TypedApp } from '../../http/app';
import { runChange } from '../../http/change';
import { conflict, errorResponses, forbidden, notFound, uniqueViolation } from '../../http/errors';
import { ObjectParams, TaskParams } from '../dispatch/schema';
import { dispatchSettingsFor } from '../dispatch/store';
import { getTaskInScope, requireLead, type TaskRecord } from '../dispatch/task_access';
import { requireAuth } from '../users/routes';
import { inspectorPool, teamSettingsOf } from './instance';
import {
  activeMembersOfObject, applyGoneObject, decideReplacement, getMember, getReplacement, getTaskObject, GONE_ENTITY_STATUSES, insertReplacement, inspectorNames, listReplacements, nextReserve, nextSeq, swapMember, teamState,
} from './replacement_store';
import { GoneObjectInput, ReplacementDecisionInput, ReplacementParams, ReplacementRejectInput, ReplacementRequestInput, ReplacementRow } from './schema';
import { getMatching } from './store';

const tags = ['计划与抽取-替换'];

function activeTask(task: TaskRecord): void {
  if (task.status !== 'dispatched' && task.status !== 'inspecting') throw conflict('MATCHING_NOT_READY', `任务“${task.name}”当前不在派发或检查阶段，不能替换`);
}

export function registerReplacementRoutes(app: TypedApp, services: AppServices): void {
  const db = services.db;
  type Auth = ReturnType<typeof requireAuth>;
  const isHead = (auth: Auth) => auth.roles.some((r) => r.key === 'dept_head');
  const viewer = (auth: Auth) => ({ userId: auth.user.id, departmentId: auth.user.departmentId, isHead: isHead(auth) });

  async function taskById(auth: Auth, id: string): Promise<TaskRecord> {
    const task = await getTaskInScope(db, auth.scope, id);
    if (!task) throw notFound('抽查任务');
    return task;
  }

  async function replacementInScope(auth: Auth, id: string) {
    const row = await getReplacement(db, id);
    const task = row ? await getTaskInScope(db, auth.scope, row.taskId) : null;
    if (!row || !task) throw notFound('替换申请');
    return { row, task };
  }

  function checkDecider(auth: Auth, row: { departmentId: string; requestedBy: string }): void {
    if (auth.user.departmentId !== row.departmentId || !isHead(auth)) throw forbidden('只有被替换人员所在部门的负责人可以审批替换');
    if (auth.user.id === row.requestedBy) throw forbidden('不能审批本人提出的替换申请，须由部门其他负责人审批');
  }

  app.get('/api/workflow/tasks/:id/replacements', {
    config: { access: 'workflow:task:list' },
    schema: { tags, summary: '任务的替换记录（检查人员与检查对象）', params: TaskParams, response: { 200: z.array(ReplacementRow), ...errorResponses } },
  }, async (request) => {
    const auth = requireAuth(request.auth);
    const task = await taskById(auth, request.params.id);
    return listReplacements(db, task.id, viewer(auth));
  });

  app.post('/api/workflow/tasks/:id/replacements', {
    config: { access: 'workflow:replacement:request', summary: '申请替换检查人员' },
    schema: { tags, summary: '申请替换检查组中的一名检查人员（仅限岗位调整、工作冲突、健康状况、执法回避）', params: TaskParams, body: ReplacementRequestInput, response: { 201: ReplacementRow, ...errorResponses } },
  }, async (request, reply) => {
    const auth = requireAuth(request.auth);
    const task = await taskById(auth, request.params.id);
    const member = await getMember(db, request.body.teamMemberId);
    if (!member || member.taskId !== task.id) throw notFound('检查组成员');
    if (auth.user.departmentId !== member.departmentId) throw forbidden('只能为本部门的检查人员申请替换');
    activeTask(task);
    if (!member.active) throw conflict('REPLACEMENT_MEMBER_INACTIVE', '该人员已被替换，不在检查组中');
    const id = await runChange(request, services, async (tx, record) => {
      const seq = await nextSeq(tx, task.id);
      const created = await insertReplacement(tx, {
        taskId: task.id, seq, kind: 'inspector', teamMemberId: member.memberId, departmentId: member.departmentId, reason: request.body.reason, note: request.body.note,
        requestedBy: auth.user.id, requestedAt: services.now(),
      });
      record.target('replacement', created);
      record.detail({ taskId: task.id, seq, teamMemberId: member.memberId, inspectorId: member.inspectorId, reason: request.body.reason, note: request.body.note });
      record.event({ type: 'ReplacementRequested', replacementId: created, taskId: task.id, seq, reason: request.body.reason });
      return created;
    }).catch((error: unknown) => {
      if (uniqueViolation(error) !== null) throw conflict('REPLACEMENT_PENDING_EXISTS', '该人员已有待审批的替换申请（或另一申请同时提交），请刷新后查看');
      throw error;
    });
    const row = (await listReplacements(db, task.id, viewer(auth))).find((r) => r.id === id);
    if (!row) throw notFound('替换申请');
    return reply.status(201).send(row);
  });

  app.post('/api/workflow/replacements/:id/approve', {
    config: { access: 'workflow:replacement:approve', summary: '同意替换检查人员' },
    schema: { tags, summary: '部门负责人同意替换；替换人员由系统在符合条件的人员中随机确定', params: ReplacementParams, body: ReplacementDecisionInput, response: { 200: ReplacementRow, ...errorResponses } },
  }, async (request) => {
    const auth = requireAuth(request.auth);
    const { row, task } = await replacementInScope(auth, request.params.id);
    checkDecider(auth, row);
    if (row.status !== 'pending') throw conflict('REPLACEMENT_NOT_PENDING', '该替换申请已审批');
    if (row.rowVersion !== request.body.rowVersion) throw conflict('STALE_ROW_VERSION', `替换申请已被他人处理（当前版本 ${row.rowVersion}），请刷新后重试`);
    const member = row.teamMemberId ? await getMember(db, row.teamMemberId) : null;
    const matching = await getMatching(db, task.id);
    const seedMatch = matching ? fromHex(matching.seedMatch, 32) : undefined;
    if (!member || !matching || !seedMatch) throw notFound('检查组成员');
    if (!member.active) throw conflict('REPLACEMENT_MEMBER_INACTIVE', '该人员已被替换，不在检查组中');
    const settings = teamSettingsOf(task);
    const { teamInspectors, loads } = await teamState(db, task.id, member.teamId);
    const candidates = await inspectorPool(db, task, [member.entityId]);
    const choice = chooseReplacement({
      seedMatch, seq: row.seq, objectId: String(member.entityId), dept: member.departmentId, inspectionDate: matching.record.rules.inspectionDate,
      recusalYears: settings.recusalYears, maxObjectsPerInspector: settings.maxObjectsPerInspector,
      excluded: new Set([...teamInspectors, member.inspectorId]), loads, candidates,
    });
    if (!choice.ok) throw conflict('REPLACEMENT_NO_CANDIDATE', choice.error.message);
    const outcome = { ticket: choice.value.ticket, qualified: choice.value.qualified, seedMatch: matching.seedMatch, seq: row.seq, leavingInspectorId: member.inspectorId };
    await runChange(request, services, async (tx, record) => {
      const won = await decideReplacement(tx, row.id, row.rowVersion, { status: 'approved', decidedBy: auth.user.id, decidedAt: services.now(), chosenInspectorId: choice.value.inspectorId, outcome });
      if (!won) throw conflict('REPLACEMENT_NOT_PENDING', '该替换申请已被他人审批');
      await swapMember(tx, member, row.id, choice.value.inspectorId, services.now());
      record.target('replacement', row.id);
      record.detail({ taskId: task.id, decision: 'approved', chosenInspectorId: choice.value.inspectorId, ...outcome });
      record.event({ type: 'ReplacementDecided', replacementId: row.id, taskId: task.id, decision: 'approved', chosenInspectorId: choice.value.inspectorId });
    });
    const rows = await listReplacements(db, task.id, viewer(auth));
    const updated = rows.find((r) => r.id === row.id);
    if (!updated) throw notFound('替换申请');
    return updated;
  });

  app.post('/api/workflow/replacements/:id/reject', {
    config: { access: 'workflow:replacement:approve', summary: '不同意替换检查人员' },
    schema: { tags, summary: '部门负责人不同意替换（须写明理由）', params: ReplacementParams, body: ReplacementRejectInput, response: { 200: ReplacementRow, ...errorResponses } },
  }, async (request) => {
    const auth = requireAuth(request.auth);
    const { row, task } = await replacementInScope(auth, request.params.id);
    checkDecider(auth, row);
    if (row.status !== 'pending') throw conflict('REPLACEMENT_NOT_PENDING', '该替换申请已审批');
    await runChange(request, services, async (tx, record) => {
      const won = await decideReplacement(tx, row.id, request.body.rowVersion, { status: 'rejected', decidedBy: auth.user.id, decidedAt: services.now(), outcome: { comment: request.body.comment } });
      if (!won) throw conflict('REPLACEMENT_NOT_PENDING', '该替换申请已被他人审批或已修改，请刷新后重试');
      record.target('replacement', row.id);
      record.detail({ taskId: task.id, decision: 'rejected', comment: request.body.comment });
      record.event({ type: 'ReplacementDecided', replacementId: row.id, taskId: task.id, decision: 'rejected', chosenInspectorId: null });
    });
    const updated = (await listReplacements(db, task.id, viewer(auth))).find((r) => r.id === row.id);
    if (!updated) throw notFound('替换申请');
    return updated;
  });

  /** The team of a gone object, and the engine's input to check it against the reserve entity (seq filled in the transaction). */
  async function movingTeam(task: TaskRecord, taskObjectId: string, entityId: number) {
    const members = await activeMembersOfObject(db, taskObjectId);
    const matching = await getMatching(db, task.id);
    const seedMatch = matching ? fromHex(matching.seedMatch, 32) : undefined;
    if (members.length === 0 || !matching || !seedMatch) return null;
    const settings = teamSettingsOf(task);
    const [{ loads }, candidates] = await Promise.all([teamState(db, task.id, members[0]?.teamId ?? ''), inspectorPool(db, task, [entityId])]);
    const names = new Map((await inspectorNames(db, members.map((m) => m.inspectorId))).map((r) => [r.id, r.name]));
    return {
      members,
      named: (text: string) => [...names].reduce((s, [id, name]) => s.replaceAll(`（${id}）`, `“${name}”`), text),
      input: {
        seedMatch, objectId: String(entityId), inspectionDate: matching.record.rules.inspectionDate, recusalYears: settings.recusalYears,
        maxObjectsPerInspector: settings.maxObjectsPerInspector, members: members.map((m) => ({ memberId: m.memberId, inspectorId: m.inspectorId, dept: m.dept })), loads, candidates,
      },
    };
  }

  app.post('/api/workflow/tasks/:id/objects/:objectId/gone', {
    config: { access: 'workflow:replacement:request', summary: '替换已注销或迁出的检查对象' },
    schema: { tags, summary: '检查前发现对象已注销/迁出：按备选名单顺序替补，或按本地规定计为完成无需检查', params: ObjectParams, body: GoneObjectInput, response: { 200: ReplacementRow, ...errorResponses } },
  }, async (request) => {
    const auth = requireAuth(request.auth);
    const task = await taskById(auth, request.params.id);
    const object = await getTaskObject(db, task.id, request.params.objectId);
    if (!object) throw notFound('检查对象');
    requireLead(auth, task);
    activeTask(task);
    if (object.status !== 'pending') throw conflict('OBJECT_NOT_PENDING', `检查对象“${object.entityName}”已替换或已完成`);
    const gone = GONE_ENTITY_STATUSES[object.entityStatus];
    if (!gone) throw conflict('OBJECT_NOT_GONE', `检查对象“${object.entityName}”在名录中不是注销或迁出状态，不能替换`);
    const settings = await dispatchSettingsFor(db, task.regionCode);
    const reserve = settings.goneEntityRule === 'reserve' ? await nextReserve(db, task.id, object.drawId, object.stratum) : null;
    if (settings.goneEntityRule === 'reserve' && !reserve) throw conflict('RESERVE_EXHAUSTED', `“${object.stratum}”层的备选名单已用完，无法替补“${object.entityName}”`);
    const moving = reserve ? await movingTeam(task, object.id, reserve.entityId) : null;
    const id = await runChange(request, services, async (tx, record) => {
      const seq = await nextSeq(tx, task.id);
      // 威海第6条、曲阳第16条: the team that moves to the reserve entity is checked for 回避 like a fresh match.
      const recused = moving ? replaceRecusedMembers({ ...moving.input, seq }) : { ok: true as const, value: [] };
      if (!recused.ok) throw conflict('REPLACEMENT_NO_CANDIDATE', `备选对象的检查组须回避：${moving?.named(recused.error.message) ?? recused.error.message}`);
      const newObjectId = await applyGoneObject(tx, object, reserve);
      const recusals = recused.value.map((r) => ({ leavingInspectorId: r.leavingInspectorId, ground: r.ground, chosenInspectorId: r.choice.inspectorId, ticket: r.choice.ticket, qualified: r.choice.qualified }));
      const outcome = { rule: settings.goneEntityRule, reserveEntityId: reserve ? String(reserve.entityId) : null, reserveRank: reserve?.rank ?? null, ...(moving ? { recusals } : {}) };
      const created = await insertReplacement(tx, {
        taskId: task.id, seq, kind: 'object', taskObjectId: object.id, departmentId: task.leadDepartmentId, reason: object.entityStatus, note: request.body.note,
        status: 'applied', requestedBy: auth.user.id, requestedAt: services.now(), decidedBy: auth.user.id, decidedAt: services.now(), newTaskObjectId: newObjectId, outcome,
      });
      for (const r of recused.value) {
        const member = moving?.members.find((m) => m.memberId === r.memberId);
        if (member) await swapMember(tx, { ...member, taskId: task.id, taskObjectId: newObjectId ?? object.id, entityId: reserve?.entityId ?? object.entityId, departmentId: member.dept, active: true }, created, r.choice.inspectorId, services.now());
      }
      record.target('replacement', created);
      record.detail({ taskId: task.id, seq, entityId: String(object.entityId), status: gone, ...outcome });
      record.event({ type: 'InspectionObjectReplaced', replacementId: created, taskId: task.id, entityId: String(object.entityId), newEntityId: reserve ? String(reserve.entityId) : null, rule: settings.goneEntityRule });
      return created;
    });
    const row = (await listReplacements(db, task.id, viewer(auth))).find((r) => r.id === id);
    if (!row) throw notFound('替换记录');
    return row;
  });
}
