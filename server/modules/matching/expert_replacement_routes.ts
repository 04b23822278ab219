/**
 * 替换专家 (decision 0011 addendum): an expert drawn onto a team from the 专家库 (威海第6条 "从专家库中随机抽取") is replaced
 * only for the four grounds of inspectors (长春第13条, 威海第6条, 曲阳第16条), by the head of the department that maintains
 * the expert (who decides for it, as for its inspectors), and the engine — not a person — chooses the successor among
 * the task's 专家库: 可用, no 回避 (declared conflict, or the entity inspected within the recusal years), under the
 * workload cap and never on this team before; the ticket is seeded like an inspector's (domain/matching/replace.ts),
 * so it is reproducible from the published record and the sequence number. Retiring the expert, the replacement row
 * and the successor are written in one transaction; of two parallel replacements of the same expert one wins (409).
 */
import { fromHex } from '../../../domain/draw/encoding';
import { chooseExpertReplacement } from '../../../domain/matching/replace';
import type { AppServices, TypedApp } from '../../http/app';
import { runChange } from '../../http/change';
import { conflict, errorResponses, forbidden, notFound, uniqueViolation } from '../../http/errors';
import { TaskParams } from '../dispatch/schema';
import { getTaskInScope } from '../dispatch/task_access';
import { requireAuth } from '../users/routes';
import { expertPool, teamSettingsOf } from './instance';
import { expertTeamState, getTeamExpert, insertReplacement, listReplacements, nextSeq, retireTeamExpert, seatExpert } from './replacement_store';
import { ExpertReplacementInput, ReplacementRow } from './schema';
import { getMatching } from './store';

const tags = ['计划与抽取-替换'];

export function registerExpertReplacementRoutes(app: TypedApp, services: AppServices): void {
  const db = services.db;

  app.post('/api/workflow/tasks/:id/expert-replacements', {
    config: { access: 'workflow:replacement:approve', summary: '替换专家' },
    schema: {
      tags, summary: '替换检查组中的一名专家（仅限岗位调整、工作冲突、健康状况、执法回避；由专家维护部门的负责人办理，替换专家由系统在专家库中随机确定）',
      params: TaskParams, body: ExpertReplacementInput, response: { 201: ReplacementRow, ...errorResponses },
    },
  }, async (request, reply) => {
    const auth = requireAuth(request.auth);
    const task = await getTaskInScope(db, auth.scope, request.params.id);
    if (!task) throw notFound('抽查任务');
    const leaving = await getTeamExpert(db, request.body.teamExpertId);
    if (!leaving || leaving.taskId !== task.id) throw notFound('检查组专家');
    if (auth.user.departmentId !== leaving.departmentId || !auth.roles.some((r) => r.key === 'dept_head')) throw forbidden('只有该专家维护部门的负责人可以替换专家');
    if (task.status !== 'dispatched' && task.status !== 'inspecting') throw conflict('MATCHING_NOT_READY', `任务“${task.name}”当前不在派发或检查阶段，不能替换`);
    if (leaving.objectStatus !== 'pending') throw conflict('OBJECT_NOT_PENDING', '该检查对象已替换或已完成，不能再替换专家');
    if (!leaving.active) throw conflict('REPLACEMENT_EXPERT_INACTIVE', '该专家已被替换，不在检查组中');
    const matching = await getMatching(db, task.id);
    const seedMatch = matching ? fromHex(matching.seedMatch, 32) : undefined;
    if (!matching || !seedMatch) throw notFound('检查人员匹配记录');
    const settings = teamSettingsOf(task);
    const [{ everOnTeam, loads }, candidates] = await Promise.all([expertTeamState(db, task.id, leaving.teamId), expertPool(db, task, [leaving.entityId])]);
    const id = await runChange(request, services, async (tx, record) => {
      // Locks the row first: a parallel replacement of the same expert waits here, then finds it retired.
      if (!(await retireTeamExpert(tx, leaving.teamExpertId))) throw conflict('REPLACEMENT_EXPERT_INACTIVE', '该专家已被替换（可能同时有另一替换），请刷新后查看');
      const seq = await nextSeq(tx, task.id);
      const choice = chooseExpertReplacement({
        seedMatch, seq, objectId: String(leaving.entityId), inspectionDate: matching.record.rules.inspectionDate, recusalYears: settings.recusalYears,
        maxObjectsPerInspector: settings.maxObjectsPerInspector, excluded: new Set([...everOnTeam, leaving.expertId]), loads, candidates,
      });
      if (!choice.ok) throw conflict('REPLACEMENT_NO_CANDIDATE', choice.error.message);
      const chosen = candidates.find((x) => x.id === choice.value.inspectorId);
      if (!chosen) throw new Error('chosen expert is not a candidate');
      const outcome = { ticket: choice.value.ticket, qualified: choice.value.qualified, seedMatch: matching.seedMatch, seq, leavingExpertId: leaving.expertId };
      const now = services.now();
      const created = await insertReplacement(tx, {
        taskId: task.id, seq, kind: 'expert', teamExpertId: leaving.teamExpertId, departmentId: leaving.departmentId, reason: request.body.reason, note: request.body.note,
        status: 'applied', requestedBy: auth.user.id, requestedAt: now, decidedBy: auth.user.id, decidedAt: now, chosenExpertId: chosen.id, outcome,
      });
      await seatExpert(tx, { leavingId: leaving.teamExpertId, teamId: leaving.teamId, replacementId: created, expertId: chosen.id, departmentId: chosen.dept, now });
      record.target('replacement', created);
      record.detail({ taskId: task.id, kind: 'expert', teamExpertId: leaving.teamExpertId, reason: request.body.reason, note: request.body.note, chosenExpertId: chosen.id, ...outcome });
      record.event({ type: 'ExpertReplaced', replacementId: created, taskId: task.id, seq, reason: request.body.reason, leavingExpertId: leaving.expertId, chosenExpertId: chosen.id });
      return created;
    }).catch((error: unknown) => {
      if (uniqueViolation(error) !== null) throw conflict('REPLACEMENT_CONCURRENT', '同一任务同时有另一替换在办理，请刷新后重试');
      throw error;
    });
    const viewer = { userId: auth.user.id, departmentId: auth.user.departmentId, isHead: true };
    const row = (await listReplacements(db, task.id, viewer)).find((r) => r.id === id);
    if (!row) throw notFound('替换记录');
    return reply.status(201).send(row);
  });
}
